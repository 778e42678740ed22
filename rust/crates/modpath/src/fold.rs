//! Case folding for collision checks: two names that differ only in case
//! (or in Unicode's equivalents of case, `K` and the Kelvin sign) are the
//! same file on case-insensitive file systems, and cmd/go refuses them
//! (`case-insensitive import collision`, `case-insensitive file name
//! collision`).

use std::collections::BTreeMap;

/// A form of `s` that is equal for strings equal under Unicode case
/// folding (full upper- then lower-case mapping, so that `ſ`, `s` and `S`
/// fold together).
pub fn to_fold(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return s.to_string();
    }
    s.chars()
        .flat_map(char::to_uppercase)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first pair of different names in `names` that fold to the same
/// form, in the order they were given (the earlier one first); None if
/// there is none. Equal names are not a collision.
pub fn fold_dup<'a, I>(names: I) -> Option<(&'a str, &'a str)>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut seen: BTreeMap<String, &'a str> = BTreeMap::new();
    for name in names {
        match seen.get(&to_fold(name)) {
            Some(&other) if other != name => return Some((other, name)),
            Some(_) => {}
            None => {
                seen.insert(to_fold(name), name);
            }
        }
    }
    None
}
