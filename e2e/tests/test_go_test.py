"""go_test as go test runs it, on go1.26.6, each behaviour beside `go test`
on the same tree (the workspace is also the Go module example.com/gotests):

- tests run in their package's directory, so `os.ReadFile("testdata/...")`
  works with `data = glob(["testdata/**"])`;
- an external test package alone (`package xonly_test`, the library in
  `deps`), and a package of test files only;
- `env` and `args` (with `$(rootpath)` expansion), `--test_arg` after them;
- `shard_count`: the shards together run every test exactly once, with
  `--test_filter` too;
- the test log is go test's output (what `go test -json` reports as output,
  go test's last line included), and `test.xml` has one result per test
  with go test's verdicts;
- the shapes that cannot work fail with one message saying what to do."""

import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import E2E, FIPS_CACHE, bazel, consumer_workspace, sdk_path

sys.path.insert(0, str(E2E / "oracle"))
import oracle  # noqa: E402

SDK = "1.26.6"
MODULE = "example.com/gotests"

LOAD = 'load("@fips//rules:defs.bzl", "go_library", "go_test")\n\n'

PACKAGES = {
    "reader": {
        "BUILD.bazel": LOAD + """go_library(name = "reader", srcs = ["reader.go"], importpath = "example.com/gotests/reader")

go_test(
    name = "reader_test",
    srcs = ["reader_test.go"],
    data = glob(["testdata/**"]),
    embed = [":reader"],
)
""",
        "reader.go": """package reader

import (
\t"os"
\t"path/filepath"
)

// Load reads a file of the package's testdata directory, by the relative
// path go test makes work.
func Load(name string) ([]byte, error) {
\treturn os.ReadFile(filepath.Join("testdata", name))
}
""",
        "reader_test.go": """package reader

import (
\t"os"
\t"path/filepath"
\t"testing"
)

func TestLoadReadsTestdata(t *testing.T) {
\tb, err := Load("greeting.txt")
\tif err != nil {
\t\tt.Fatal(err)
\t}
\tt.Logf("greeting: %s", b)
}

func TestRunsInThePackageDirectory(t *testing.T) {
\twd, err := os.Getwd()
\tif err != nil {
\t\tt.Fatal(err)
\t}
\tif filepath.Base(wd) != "reader" {
\t\tt.Fatalf("working directory %s", wd)
\t}
\tfor _, name := range []string{"reader_test.go", "reader.go", "testdata/nested/deep.txt"} {
\t\tif _, err := os.Stat(name); err != nil {
\t\t\tt.Error(err)
\t\t}
\t}
}
""",
        "testdata/greeting.txt": "hello from testdata",
        "testdata/nested/deep.txt": "deeper\n",
    },
    "xonly": {
        "BUILD.bazel": LOAD + """go_library(name = "xonly", srcs = ["xonly.go"], importpath = "example.com/gotests/xonly")

# As gazelle writes an external test package: the library in deps.
go_test(name = "xonly_test", srcs = ["xonly_test.go"], deps = [":xonly"])

# The same, with go test's import path for the package under test.
go_test(name = "xonly_named_test", srcs = ["xonly_test.go"], importpath = "example.com/gotests/xonly", deps = [":xonly"])

# A `package xonly` test file without the library embedded: refused.
go_test(
    name = "internal_without_embed_test",
    srcs = ["internal_test.go", "xonly_test.go"],
    importpath = "example.com/gotests/xonly",
    tags = ["manual"],
    deps = [":xonly"],
)
""",
        "xonly.go": "package xonly\n\nfunc Double(x int) int { return 2 * x }\n",
        "xonly_test.go": """package xonly_test

import (
\t"fmt"
\t"reflect"
\t"testing"

\t"example.com/gotests/xonly"
)

type marker struct{}

func TestDouble(t *testing.T) {
\tif xonly.Double(21) != 42 {
\t\tt.Fatal("Double")
\t}
}

func TestPackagePath(t *testing.T) {
\tt.Logf("external test package: %s", reflect.TypeOf(marker{}).PkgPath())
}

func ExampleDouble() {
\tfmt.Println(xonly.Double(2))
\t// Output: 4
}
""",
        "internal_test.go": """package xonly

import "testing"

func TestDoubleInside(t *testing.T) {
\tif Double(1) != 2 {
\t\tt.Fatal("Double")
\t}
}
""",
    },
    "envargs": {
        # A package of test files only.
        "BUILD.bazel": LOAD + """go_test(
    name = "envargs_test",
    srcs = ["envargs_test.go"],
    args = ["-word=bird", "extra", "$(rootpath testdata/input.txt)"],
    data = ["testdata/input.txt"],
    env = {
        "GREETING": "hello from env",
        "DATA_FILE": "$(rootpath testdata/input.txt)",
    },
    importpath = "example.com/gotests/envargs",
)
""",
        "envargs_test.go": """package envargs

import (
\t"flag"
\t"os"
\t"testing"
)

var word = flag.String("word", "", "a word given on the command line")

func TestEnv(t *testing.T) {
\tt.Logf("GREETING=%s", os.Getenv("GREETING"))
\tt.Logf("DATA_FILE=%s", os.Getenv("DATA_FILE"))
\tif os.Getenv("GREETING") != "hello from env" {
\t\tt.Fatal("GREETING is not set")
\t}
}

func TestArgs(t *testing.T) {
\tt.Logf("word=%s args=%q", *word, flag.Args())
\tif *word != "bird" {
\t\tt.Fatal("-word is not set")
\t}
}
""",
        "testdata/input.txt": "input\n",
    },
    "sharded": {
        "BUILD.bazel": LOAD + """go_test(
    name = "sharded_test",
    srcs = ["sharded_test.go"],
    importpath = "example.com/gotests/sharded",
    shard_count = 3,
)
""",
        "sharded_test.go": """package sharded

import (
\t"fmt"
\t"testing"
)

func TestOne(t *testing.T)   {}
func TestTwo(t *testing.T)   {}
func TestThree(t *testing.T) {}
func TestFour(t *testing.T)  {}
func TestFive(t *testing.T)  {}

func TestSix(t *testing.T) {
\tt.Run("sub", func(t *testing.T) {})
}

func FuzzSeven(f *testing.F) {
\tf.Add(7)
\tf.Fuzz(func(t *testing.T, n int) {})
}

func Example_eight() {
\tfmt.Println("eight")
\t// Output: eight
}
""",
    },
    "report": {
        "BUILD.bazel": LOAD + """go_test(
    name = "report_test",
    srcs = ["report_test.go"],
    importpath = "example.com/gotests/report",
    tags = ["manual"],
)
""",
        "report_test.go": """package report

import (
\t"fmt"
\t"testing"
)

func TestPasses(t *testing.T) {
\tt.Log("fine")
}

func TestFails(t *testing.T) {
\tt.Error("this test fails on purpose")
}

func TestSkipped(t *testing.T) {
\tt.Skip("skipped on purpose")
}

func TestSub(t *testing.T) {
\tt.Run("good", func(t *testing.T) {})
\tt.Run("bad", func(t *testing.T) { t.Error("a subtest fails") })
}

func Example_good() {
\tfmt.Println("good")
\t// Output: good
}
""",
    },
}


@pytest.fixture(scope="module")
def workspace():
    ws = consumer_workspace("go-test", f'go_sdk.local(path = "{sdk_path(SDK)}")')
    (ws / "BUILD.bazel").write_text("")
    # go test reads the same tree as the module example.com/gotests.
    (ws / "go.mod").write_text(f"module {MODULE}\n\ngo 1.26\n")
    for pkg, files in PACKAGES.items():
        shutil.rmtree(ws / pkg, ignore_errors=True)
        for name, content in files.items():
            path = ws / pkg / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
    yield ws
    bazel(ws, "shutdown")


def go_test(ws, tmp_path, *args, env=None):
    """The SDK's go test on the workspace's tree."""
    for d in ("tmp", "gopath", "gomodcache"):
        (tmp_path / d).mkdir(exist_ok=True)
    go_env = oracle.go_env(sdk_path(SDK), "off", tmp_path, FIPS_CACHE / "gocache" / f"go{SDK}", "0")
    return oracle.run([str(sdk_path(SDK) / "bin" / "go"), "test", "-count=1", *args], dict(go_env, **(env or {})), cwd=ws)


def bazel_test(ws, *args):
    return bazel(ws, "test", "--nocache_test_results", "--test_output=errors", *args)


def log_of(ws, target, shard=None):
    """The test's log, without the lines Bazel puts before the test's output."""
    pkg, name = target.lstrip("/").split(":")
    log = ws / "bazel-testlogs" / pkg / name / (shard or "") / "test.log"
    header, rule, rest = log.read_text().partition("\n" + "-" * 77 + "\n")
    return rest if rule else header


def verdicts(text):
    """The `=== RUN` and `--- PASS` lines, without their durations."""
    return [" ".join(line.split()[:3]) for line in text.splitlines() if line.startswith(("=== RUN", "--- "))]


def no_durations(text):
    return re.sub(r"(\(|\t)\d+\.\d+s", r"\g<1>0s", text)


def json_events(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_a_test_runs_in_its_package_directory(workspace, tmp_path):
    go = go_test(workspace, tmp_path, "-v", "./reader")
    assert go.returncode == 0, go.stdout + go.stderr
    out = bazel_test(workspace, "//reader:reader_test")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    log = log_of(workspace, "//reader:reader_test")
    assert verdicts(log) == verdicts(go.stdout), log
    assert "greeting: hello from testdata" in log


def test_an_external_test_package_alone(workspace, tmp_path):
    wanted = "-run=^(TestDouble|TestPackagePath|ExampleDouble)$"
    go = go_test(workspace, tmp_path, "-v", wanted, "./xonly")
    assert go.returncode == 0, go.stdout + go.stderr
    out = bazel_test(workspace, "//xonly:xonly_test", "//xonly:xonly_named_test")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    for target in ("//xonly:xonly_test", "//xonly:xonly_named_test"):
        assert verdicts(log_of(workspace, target)) == verdicts(go.stdout), target
    # With the library's import path, the external test package is go test's.
    line = "external test package: example.com/gotests/xonly_test"
    assert line in go.stdout
    assert line in log_of(workspace, "//xonly:xonly_named_test")


def test_a_package_test_file_without_its_library_is_refused(workspace):
    out = bazel(workspace, "build", "//xonly:internal_without_embed_test")
    assert out.returncode != 0
    assert ("//xonly:internal_without_embed_test: xonly/internal_test.go is in package xonly, the package under "
            "test (example.com/gotests/xonly), which a dependency provides: embed that go_library") in out.stderr, \
        out.stderr[-3000:]


def test_env_and_args(workspace, tmp_path):
    expanded = "envargs/testdata/input.txt"
    go = go_test(workspace, tmp_path, "-v", "./envargs", "-args", "-word=bird", "extra", expanded, "more",
                 env={"GREETING": "hello from env", "DATA_FILE": expanded})
    assert go.returncode == 0, go.stdout + go.stderr
    out = bazel_test(workspace, "--test_arg=more", "//envargs:envargs_test")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    log = log_of(workspace, "//envargs:envargs_test")

    def logged(text):
        return [line.strip() for line in text.splitlines() if re.match(r"\s+envargs_test.go:\d+: ", line)]

    assert logged(log) == logged(go.stdout), log
    assert f'word=bird args=["extra" "{expanded}" "more"]' in log
    assert f"DATA_FILE={expanded}" in log


def shard_names(log):
    """The top-level tests a log reports as passed."""
    return [line.split()[2] for line in log.splitlines() if line.startswith("--- PASS: ") and "/" not in line]


def test_shards_together_run_every_test_once(workspace, tmp_path):
    go = go_test(workspace, tmp_path, "-v", "./sharded")
    assert go.returncode == 0, go.stdout + go.stderr
    everything = sorted(shard_names(go.stdout))
    assert len(everything) == 8, go.stdout

    def shards(*flags):
        out = bazel_test(workspace, *flags, "//sharded:sharded_test")
        assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
        return [shard_names(log_of(workspace, "//sharded:sharded_test", f"shard_{i}_of_3")) for i in (1, 2, 3)]

    ran = shards()
    assert all(ran), ran
    assert sorted(sum(ran, [])) == everything
    # Within each shard's share, --test_filter selects as -test.run does.
    filtered = shards("--test_filter=^Test(One|Four|Six)$")
    assert sorted(sum(filtered, [])) == ["TestFour", "TestOne", "TestSix"], filtered
    # A shard left with nothing to run says so, as go test does.
    logs = [log_of(workspace, "//sharded:sharded_test", f"shard_{i}_of_3") for i in (1, 2, 3)]
    for names, log in zip(filtered, logs):
        if not names:
            assert "\nok  \texample.com/gotests/sharded\t" in log and "[no tests to run]" in log, log


def test_the_log_and_test_xml_are_go_tests(workspace, tmp_path):
    go = go_test(workspace, tmp_path, "-json", "./report")
    assert go.returncode == 1, go.stdout + go.stderr
    events = json_events(go.stdout)
    out = bazel_test(workspace, "//report:report_test")
    assert out.returncode == 3, out.stdout[-3000:] + out.stderr[-3000:]

    # The log: go test's output, no framing bytes, go test's last line.
    log = log_of(workspace, "//report:report_test")
    assert "\x16" not in log
    want_log = "".join(e.get("Output", "") for e in events if e["Action"] == "output")
    assert no_durations(log) == no_durations(want_log), log
    assert re.search(r"\nFAIL\texample.com/gotests/report\t\d+\.\d+s\n$", log), log

    # test.xml: one case per test and subtest, with go test's verdicts.
    want = {}
    for e in events:
        if e.get("Test") and e["Action"] in ("pass", "fail", "skip"):
            want[e["Test"]] = {"pass": "pass", "fail": "failure", "skip": "skipped"}[e["Action"]]
    suite = ET.parse(workspace / "bazel-testlogs" / "report" / "report_test" / "test.xml").getroot().find("testsuite")
    assert suite.get("name") == "example.com/gotests/report"
    got = {}
    for case in suite.findall("testcase"):
        verdict = next((child.tag for child in case if child.tag in ("failure", "skipped", "error")), "pass")
        got[case.get("name")] = verdict
    assert got == want
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped"), suite.get("errors")) == ("7", "3", "1", "0")
    fails = next(case for case in suite.findall("testcase") if case.get("name") == "TestFails")
    assert "this test fails on purpose" in fails.find("failure").get("message")
    assert "--- FAIL: TestFails" in fails.find("failure").text


def test_run_without_bazel_test_runs_the_binary_itself(workspace):
    """`bazel run` of a go_test: the test runs in its package's directory,
    its arguments pass through."""
    out = bazel(workspace, "run", "//reader:reader_test", "--", "-test.v", "-test.run=TestRunsInThePackageDirectory")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert "--- PASS: TestRunsInThePackageDirectory" in out.stdout
    assert "\x16" not in out.stdout
