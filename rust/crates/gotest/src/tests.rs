//! The rules of go test, file by file and for a whole test main.

use super::*;

fn funcs(src: &str) -> TestFuncs {
    test_funcs("p_test.go", src).unwrap_or_else(|e| panic!("{e}"))
}

fn error(src: &str) -> String {
    match test_funcs("p_test.go", src) {
        Ok(f) => panic!("accepted: {f:?}"),
        Err(e) => e.to_string(),
    }
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn example(name: &str, output: Option<&str>, unordered: bool) -> Example {
    Example {
        name: name.to_string(),
        output: output.map(str::to_string),
        unordered,
    }
}

fn files(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect()
}

#[test]
fn tests_benchmarks_and_fuzz_targets_in_source_order() {
    let f = funcs(
        r#"package p

import (
	"testing"
	tt "testing"
)

func TestB(t *testing.T) {}
func BenchmarkX(b *testing.B) {}
func TestA(*tt.T) {}
func FuzzZ(f *testing.F) {}
func Test(t *testing.T) {}
func Test_x(t *testing.T) {}
func Test1(t *testing.T) {}
func TestÉté(t *testing.T) {}
func Testing(x int) {}
func Benchmarking() {}
func Fuzzy() {}
func helper(t *testing.T) {}
"#,
    );
    assert_eq!(
        f.tests,
        names(&["TestB", "TestA", "Test", "Test_x", "Test1", "TestÉté"])
    );
    assert_eq!(f.benchmarks, names(&["BenchmarkX"]));
    assert_eq!(f.fuzz_targets, names(&["FuzzZ"]));
    assert_eq!(f.test_main, None);
}

#[test]
fn methods_and_function_literals_are_ignored() {
    let f = funcs(
        r#"package p

type S struct{}

func (S) TestMethod(t *testing.T) {}
func (s *S) ExampleMethod() {
	// Output: x
}

var TestVar = func(t *testing.T) {}

func init() {
	_ = func(t *testing.T) {}
}
"#,
    );
    assert_eq!(f, TestFuncs::default());
}

#[test]
fn braces_and_func_in_literals_and_comments_do_not_count() {
    let f = funcs(
        r#"package p

var s = "}\"{ func TestS(t *testing.T) {"
var r = `
}
func TestR(t *testing.T) {}
{`
var c = '}'
var q = '\''
var b = '{'

/* }
func TestC(t *testing.T) {}
*/
// func TestL(t *testing.T) { }

func TestReal(t *testing.T) {
	_ = "{"
	_ = '{'
	// }
}
"#,
    );
    assert_eq!(f.tests, names(&["TestReal"]));
}

#[test]
fn wrong_signatures_as_go_reports_them() {
    assert_eq!(
        error("package p\n\nfunc TestA(t *testing.B) {}\n"),
        "p_test.go:3:1: wrong signature for TestA, must be: func TestA(t *testing.T)"
    );
    assert_eq!(
        error("package p\n\n  func BenchmarkA(b *testing.B, n int) {}\n"),
        "p_test.go:3:3: wrong signature for BenchmarkA, must be: func BenchmarkA(b *testing.B)"
    );
    assert_eq!(
        error("package p\nfunc FuzzA(f *testing.F) error { return nil }\n"),
        "p_test.go:2:1: wrong signature for FuzzA, must be: func FuzzA(f *testing.F)"
    );
    assert_eq!(
        error("package p\nfunc TestMain(m testing.M) {}\n"),
        "p_test.go:2:1: wrong signature for TestMain, must be: func TestMain(m *testing.M)"
    );
    assert_eq!(
        error("package p\nfunc Test_x() {}\n"),
        "p_test.go:2:1: wrong signature for Test_x, must be: func Test_x(t *testing.T)"
    );
}

#[test]
fn generic_tests_are_an_error() {
    assert_eq!(
        error("package p\n\nfunc TestG[T any](t *testing.T) {}\n"),
        "p_test.go:3:1: wrong signature for TestG, test functions cannot have type parameters"
    );
    assert_eq!(
        error("package p\n\nfunc BenchmarkG[T any]() {}\n"),
        "p_test.go:3:1: wrong signature for BenchmarkG, test functions cannot have type parameters"
    );
}

#[test]
fn test_main() {
    let f = funcs("package p\n\nfunc TestMain(m *testing.M) { m.Run() }\n");
    assert_eq!(f.test_main, Some(Position { line: 3, col: 1 }));
    assert!(f.tests.is_empty());
    // With *testing.T it is an ordinary test.
    let f = funcs("package p\n\nfunc TestMain(t *testing.T) {}\n");
    assert_eq!(f.tests, names(&["TestMain"]));
    assert_eq!(f.test_main, None);
    assert_eq!(
        error("package p\nfunc TestMain(m *testing.M) {}\nfunc TestMain(m *testing.M) {}\n"),
        "p_test.go:3:1: multiple definitions of TestMain"
    );
}

#[test]
fn example_output_comments() {
    let f = funcs(
        r#"package p_test

func ExampleA() {
	fmt.Println("hello")
	// Output: hello
}

func ExampleMulti() {
	fmt.Println("a")
	fmt.Println("b")
	// Output:
	// a
	// b
}

func ExampleUnordered() {
	// Unordered output:
	// b
	// a
}

func ExampleUpper() {
	// OUTPUT: x
}

func ExampleBlock() {
	fmt.Println("\tx")
	/* Output:
	x
	*/
}

func ExampleEmpty() {
	// Output:
}

func ExampleNone() {
	fmt.Println("not checked")
}

func ExampleNotLast() {
	// Output: x
	fmt.Println("x")
	// just a comment
}

func ExampleWithParams(x int) {
	// Output: x
}

func ExampleWithResult() int {
	// Output: x
	return 0
}

func Examplefoo() {
	// Output: x
}
"#,
    );
    assert_eq!(
        f.examples,
        vec![
            example("ExampleA", Some("hello\n"), false),
            example("ExampleMulti", Some("a\nb\n"), false),
            example("ExampleUnordered", Some("b\na\n"), true),
            example("ExampleUpper", Some("x\n"), false),
            example("ExampleBlock", Some("\tx\n"), false),
            example("ExampleEmpty", Some(""), false),
            example("ExampleNone", None, false),
            example("ExampleNotLast", None, false),
        ]
    );
}

#[test]
fn a_comment_on_the_line_before_output_is_its_own_group() {
    let f = funcs(
        r#"package p_test

func ExampleSameLine() {
	x := 1 // not part of the output
	// Output: 1
	_ = x
	// Output: 2
}

func ExampleBrace() { // a comment on the brace's line
	// Output: 3
}

func ExampleJoined() {
	fmt.Println(3)
	// The expected output follows.
	// Output: 3
}

func ExampleBlank() {
	fmt.Println(4)
	// Some words.

	// Output: 4
}
"#,
    );
    assert_eq!(
        f.examples,
        vec![
            example("ExampleSameLine", Some("2\n"), false),
            example("ExampleBrace", Some("3\n"), false),
            example("ExampleJoined", None, false),
            example("ExampleBlank", Some("4\n"), false),
        ]
    );
}

#[test]
fn directives_are_not_output() {
    let f = funcs(
        "package p_test\n\nfunc ExampleD() {\n\t//go:noinline\n\t// Output:\n\t//nolint:all\n\t// x\n\t// y\n}\n",
    );
    assert_eq!(f.examples, vec![example("ExampleD", Some("x\ny\n"), false)]);
}

#[test]
fn output_with_blank_lines_and_indentation() {
    let f = funcs(
        "package p_test\n\nfunc ExampleI() {\n\t// Output:\n\t//   indented\n\t//\n\t//\n\t// after\n\t//\n}\n",
    );
    assert_eq!(
        f.examples,
        vec![example("ExampleI", Some("  indented\n\nafter\n"), false)]
    );
}

#[test]
fn crlf_sources() {
    let src = "package p_test\r\n\r\nfunc ExampleW() {\r\n\t// Output:\r\n\t// a\r\n}\r\n\r\nfunc TestW(t *testing.T) {}\r\n";
    let f = funcs(src);
    assert_eq!(f.examples, vec![example("ExampleW", Some("a\n"), false)]);
    assert_eq!(f.tests, names(&["TestW"]));
}

#[test]
fn examples_without_body_are_ignored() {
    let f = funcs("package p\n\nfunc ExampleAsm()\n\nfunc TestAsm(t *testing.T)\n");
    assert!(f.examples.is_empty());
    assert_eq!(f.tests, names(&["TestAsm"]));
}

#[test]
fn bad_sources_are_errors() {
    assert_eq!(
        error("package p\n\nfunc TestA(t *testing.T) {\n\ts := \"open\n}\n"),
        "p_test.go:4:7: string literal not terminated"
    );
    assert_eq!(
        error("package p\n\nfunc TestA(t *testing.T) {\n"),
        "p_test.go:3:26: unclosed '{'"
    );
    assert_eq!(
        error("package p\n/* never closed\n"),
        "p_test.go:2:1: comment not terminated"
    );
    assert_eq!(
        decode("p_test.go", b"package p\n\nvar s = \"\xff\"\n")
            .unwrap_err()
            .to_string(),
        "p_test.go:3:10: illegal UTF-8 encoding"
    );
    assert_eq!(decode("p_test.go", b"ok").unwrap(), "ok");
}

const HEADER: &str = r#"// Code generated by the fips rule set's go_test. DO NOT EDIT.

package main

import (
	"flag"
	"os"
	"reflect"
	"strconv"
	"testing"
	"testing/internal/testdeps"

"#;

const TRAILER: &str = r#"	// bazel test --test_filter=X runs only the tests matching X.
	if filter := os.Getenv("TESTBRIDGE_TEST_ONLY"); filter != "" {
		flag.Set("test.run", filter)
	}
"#;

#[test]
fn the_whole_test_main() {
    let internal = files(&[
        (
            "pkg/b_test.go",
            "package p\n\nfunc TestB(t *testing.T) {}\nfunc BenchmarkB(b *testing.B) {}\n",
        ),
        (
            "pkg/a_test.go",
            "package p\n\nfunc TestA(t *testing.T) {}\nfunc ExampleA() {\n\t// Output: \"hi\"\\\n}\n",
        ),
    ]);
    let external = files(&[(
        "pkg/x_test.go",
        "package p_test\n\nfunc FuzzX(f *testing.F) {}\nfunc ExampleX() {\n\t// Unordered output: 1\n}\nfunc TestMain(m *testing.M) {}\n",
    )]);
    let text = testmain("example.com/p", &internal, &external).unwrap();
    let want = format!(
        r#"{HEADER}	_test "example.com/p"
	_xtest "example.com/p_test"
)

var _ = reflect.ValueOf

var tests = []testing.InternalTest{{
	{{"TestA", _test.TestA}},
	{{"TestB", _test.TestB}},
}}

var benchmarks = []testing.InternalBenchmark{{
	{{"BenchmarkB", _test.BenchmarkB}},
}}

var fuzzTargets = []testing.InternalFuzzTarget{{
	{{"FuzzX", _xtest.FuzzX}},
}}

var examples = []testing.InternalExample{{
	{{"ExampleA", _test.ExampleA, "\"hi\"\\\n", false}},
	{{"ExampleX", _xtest.ExampleX, "1\n", true}},
}}

func init() {{
	testdeps.ImportPath = "example.com/p"
}}

{SHARD}
func main() {{
	shard()
	m := testing.MainStart(testdeps.TestDeps{{}}, tests, benchmarks, fuzzTargets, examples)
{TRAILER}	_xtest.TestMain(m)
	os.Exit(int(reflect.ValueOf(m).Elem().FieldByName("exitCode").Int()))
}}
"#
    );
    assert_eq!(text, want);
}

#[test]
fn unreferenced_packages_are_imported_blank() {
    // Only an example without output: compiled, not run, not referenced.
    let internal = files(&[(
        "a_test.go",
        "package p\n\nfunc ExampleA() {}\nfunc helper() {}\n",
    )]);
    let external = files(&[(
        "x_test.go",
        "package p_test\n\nfunc TestX(t *testing.T) {}\n",
    )]);
    let text = testmain("example.com/p", &internal, &external).unwrap();
    assert!(text.contains("\n\t_ \"example.com/p\"\n\t_xtest \"example.com/p_test\"\n)\n"));
    assert!(text.contains("var examples = []testing.InternalExample{\n}\n"));
    assert!(text.contains("\tos.Exit(m.Run())\n}\n"));

    let text = testmain("example.com/p", &[], &[]).unwrap();
    assert!(text.contains("\n\n\t_ \"example.com/p\"\n)\n"));
    let text = testmain(
        "example.com/p",
        &[],
        &files(&[("x_test.go", "package p_test\n")]),
    )
    .unwrap();
    assert!(text.contains("\n\t_ \"example.com/p\"\n\t_ \"example.com/p_test\"\n)\n"));
}

#[test]
fn external_only_test_main_leaves_the_package_out() {
    let external = files(&[(
        "x_test.go",
        "package p_test\n\nfunc TestX(t *testing.T) {}\nfunc ExampleX() {\n\t// Output: x\n}\n",
    )]);
    let text = external_only_testmain("example.com/p", &external).unwrap();
    assert!(
        text.contains("\n\n\t_xtest \"example.com/p_test\"\n)\n"),
        "{text}"
    );
    assert!(!text.contains("_ \"example.com/p\"\n"), "{text}");
    assert!(!text.contains("_test \"example.com/p\"\n"), "{text}");
    assert!(text.contains("\t{\"TestX\", _xtest.TestX},\n"));
    assert!(text.contains("\t{\"ExampleX\", _xtest.ExampleX, \"x\\n\", false},\n"));
    // The package is still the one testdeps reports.
    assert!(text.contains("\ttestdeps.ImportPath = \"example.com/p\"\n"));
}

#[test]
fn the_test_main_shards_before_the_testing_package_starts() {
    let text = testmain("p", &[], &[]).unwrap();
    assert!(text.contains(&format!(
        "\n\n{SHARD}\nfunc main() {{\n\tshard()\n\tm := testing.MainStart("
    )));
    // Every list is shared out, by one count across them.
    assert!(SHARD.contains(
        "\tfor _, list := range []interface{}{&tests, &fuzzTargets, &examples, &benchmarks} {\n"
    ));
    assert!(SHARD.contains("\t\t\tif k%n == i {\n"));
}

#[test]
fn internal_test_main() {
    let internal = files(&[("a_test.go", "package p\n\nfunc TestMain(m *testing.M) {}\n")]);
    let text = testmain("p", &internal, &[]).unwrap();
    assert!(text.contains("\n\t_test \"p\"\n)\n"));
    assert!(text.contains("\t_test.TestMain(m)\n\tos.Exit(int(reflect"));
}

#[test]
fn test_main_in_two_files() {
    let tm = "package p\n\nfunc TestMain(m *testing.M) {}\n";
    let internal = files(&[("b_test.go", tm)]);
    let external = files(&[(
        "a_test.go",
        "package p_test\n\n\nfunc TestMain(m *testing.M) {}\n",
    )]);
    assert_eq!(
        testmain("p", &internal, &external).unwrap_err().to_string(),
        "a_test.go:4:1: multiple definitions of TestMain"
    );
    let internal = files(&[("b_test.go", tm), ("a_test.go", tm)]);
    assert_eq!(
        testmain("p", &internal, &[]).unwrap_err().to_string(),
        "b_test.go:3:1: multiple definitions of TestMain"
    );
}

#[test]
fn files_are_ordered_by_base_name() {
    let internal = files(&[
        ("z/a_test.go", "package p\nfunc TestZA(t *testing.T) {}\n"),
        ("a/c_test.go", "package p\nfunc TestAC(t *testing.T) {}\n"),
        ("m/B_test.go", "package p\nfunc TestMB(t *testing.T) {}\n"),
    ]);
    let external = files(&[("0_test.go", "package p_test\nfunc Test0(t *testing.T) {}\n")]);
    let text = testmain("p", &internal, &external).unwrap();
    let order: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("\t{\"Test"))
        .collect();
    assert_eq!(
        order,
        vec![
            "\t{\"TestMB\", _test.TestMB},",
            "\t{\"TestZA\", _test.TestZA},",
            "\t{\"TestAC\", _test.TestAC},",
            "\t{\"Test0\", _xtest.Test0},",
        ]
    );
}

#[test]
fn the_first_bad_file_is_reported() {
    let internal = files(&[
        ("b_test.go", "package p\nfunc TestB(t int) {}\n"),
        ("a_test.go", "package p\nfunc TestA(t int) {}\n"),
    ]);
    assert_eq!(
        testmain("p", &internal, &[]).unwrap_err().to_string(),
        "a_test.go:2:1: wrong signature for TestA, must be: func TestA(t *testing.T)"
    );
}

#[test]
fn import_path_and_output_are_go_literals() {
    let internal = files(&[(
        "a_test.go",
        "package p\n\nfunc ExampleQ() {\n\t/* Output: tab\there \\ \"q\" ü */\n}\n",
    )]);
    let text = testmain("example.com/we\"ird", &internal, &[]).unwrap();
    assert!(text.contains("\t_test \"example.com/we\\\"ird\"\n"));
    assert!(text.contains("testdeps.ImportPath = \"example.com/we\\\"ird\"\n"));
    assert!(
        text.contains("{\"ExampleQ\", _test.ExampleQ, \"tab\\there \\\\ \\\"q\\\" ü\\n\", false},")
    );
}
