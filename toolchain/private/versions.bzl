"""SHA-256 of official Go distribution archives, as go.dev/dl publishes them.

`go_sdk.download(version = ...)` takes the checksum from here when the tag
gives none; a version or platform missing here must be given `sha256`
(a download is never used unverified).

Every value was taken from go.dev/dl's published list as reproduced in at
least two independent public sources (distribution packaging recipes and
projects' pinned build scripts) and cross-checked between them. go1.27.3 is
deliberately absent: no public source for its checksums was available when
this table was written, so `download(version = "1.27.3")` needs `sha256`.
To add a release: copy the `SHA256 Checksum` column of https://go.dev/dl/.
"""

GO_ARCHIVE_SHA256 = {
    "1.24.11": {
        "darwin-amd64": "c45566cf265e2083cd0324e88648a9c28d0edede7b5fd12f8dc6932155a344c5",
        "darwin-arm64": "a9c90c786e75d5d1da0547de2d1199034df6a4b163af2fa91b9168c65f229c12",
        "linux-amd64": "bceca00afaac856bc48b4cc33db7cd9eb383c81811379faed3bdbc80edb0af65",
        "linux-arm64": "beaf0f51cbe0bd71b8289b2b6fa96c0b11cd86aa58672691ef2f1de88eb621de",
    },
    "1.25.5": {
        "darwin-amd64": "b69d51bce599e5381a94ce15263ae644ec84667a5ce23d58dc2e63e2c12a9f56",
        "darwin-arm64": "bed8ebe824e3d3b27e8471d1307f803fc6ab8e1d0eb7a4ae196979bd9b801dd3",
        "linux-amd64": "9e9b755d63b36acf30c12a9a3fc379243714c1c6d3dd72861da637f336ebb35b",
        "linux-arm64": "b00b694903d126c588c378e72d3545549935d3982635ba3f7a964c9fa23fe3b9",
    },
    "1.26.6": {
        "darwin-amd64": "08b65a63f244115121ced6c3b55ad38d801a7442acad5c949a17aad84ae6d684",
        "darwin-arm64": "2dc95ce4675829f2df0e86b28bcef3283635902062a5f0580ca659bf570f3204",
        "linux-amd64": "708effb774be8237570d0add163225abbdfaf4fca28b2611df167beba4feef89",
        "linux-arm64": "d0507e9e9d7fe012aae570108cbd76c15de879e17130ab8cb90d4d7445cb1f2e",
    },
}

# The official download site; `{filename}` is e.g. go1.26.6.linux-amd64.tar.gz.
DEFAULT_URL_TEMPLATES = [
    "https://go.dev/dl/{filename}",
    "https://dl.google.com/go/{filename}",
]
