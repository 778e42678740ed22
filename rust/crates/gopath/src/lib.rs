//! Go's `path.Clean` and `path.Join` (also `filepath.Clean` and
//! `filepath.Join` on Unix) on slash-separated paths, lexically: `.` and
//! `..` are resolved without reading the file system.

/// `path.Clean`: the shortest equivalent path. Repeated slashes become one,
/// `.` elements go, `..` removes the element before it (above the root it
/// is dropped; at the start of a relative path it stays); the empty path is
/// `.`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".to_string();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for elem in p.split('/') {
        match elem {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(&last) if last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            e => parts.push(e),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// `path.Join`: the non-empty elements joined by slashes, then cleaned; ""
/// when every element is empty.
pub fn join(elems: &[&str]) -> String {
    let kept: Vec<&str> = elems.iter().copied().filter(|e| !e.is_empty()).collect();
    if kept.is_empty() {
        return String::new();
    }
    clean(&kept.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_as_go() {
        for (input, want) in [
            ("", "."),
            (".", "."),
            ("a/", "a"),
            ("a//b", "a/b"),
            ("./a", "a"),
            ("a/../..", ".."),
            ("/../a", "/a"),
            ("/", "/"),
            ("golang.org/fips140@v1.26.0/", "golang.org/fips140@v1.26.0"),
        ] {
            assert_eq!(clean(input), want, "{input}");
        }
    }

    #[test]
    fn join_as_go() {
        assert_eq!(join(&["/a/b", "../c/./d//e"]), "/a/c/d/e");
        assert_eq!(join(&["/a", "../../x"]), "/x");
        assert_eq!(join(&["a", "../../x"]), "../x");
        assert_eq!(join(&["", "x"]), "x");
        assert_eq!(join(&["", ""]), "");
        assert_eq!(join(&["a", ""]), "a");
    }
}
