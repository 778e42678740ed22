//! `fipstool goproxy`: where the go command would fetch each module from,
//! given GOPROXY and GONOPROXY (or GOPRIVATE), as cmd/go's proxy list reads
//! them. The `go_deps` module extension runs it once for every module of a
//! build list, so each module repository tries exactly the proxies the go
//! command would try, in order.
//!
//! A hermetic build fetches through module proxies only: `direct` (a
//! version-control checkout) and `off` are not followed; a module that
//! would reach one of them gets a message saying why, which the repository
//! rule reports if every proxy before it fails.

use std::collections::BTreeMap;

use clap::Args;
use serde::Serialize;

use crate::failure::Failure;

#[derive(Args)]
pub struct GoproxyArgs {
    /// GOPROXY as the go command reads it (comma- or pipe-separated URLs,
    /// `direct`, `off`).
    #[arg(long)]
    pub goproxy: String,
    /// GONOPROXY (GOPRIVATE when GONOPROXY is unset): comma-separated
    /// patterns of module paths the go command fetches directly.
    #[arg(long, default_value = "")]
    pub gonoproxy: String,
    /// The module paths.
    pub modules: Vec<String>,
}

/// One entry of GOPROXY: a proxy's base URL, and whether an error of any
/// kind (`|`) or only "not found" (`,`) moves on to the next entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proxy {
    pub url: String,
    pub fallback_on_error: bool,
}

/// Where one module is fetched from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    /// The proxies to try, in order.
    pub proxies: Vec<Proxy>,
    /// Why nothing after the last proxy can be tried (None: the list simply
    /// ends): the go command would go `direct` or stop at `off` there.
    pub then: Option<String>,
}

/// The end of a GOPROXY list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Exhausted,
    Direct,
    Off,
}

/// Parses GOPROXY as cmd/go's `proxyList` does: entries split at `,` or
/// `|` (the separator after an entry says how to fall back from it), blank
/// entries skipped, `off` and `direct` ending the list, a URL without a
/// scheme (a host, `host/path`) taken as https.
fn proxy_list(goproxy: &str) -> Result<(Vec<Proxy>, End), String> {
    let mut proxies = Vec::new();
    let mut rest = goproxy;
    let mut end = End::Exhausted;
    while !rest.is_empty() {
        let (entry, fallback_on_error, next) = match rest.find([',', '|']) {
            Some(i) => (&rest[..i], rest.as_bytes()[i] == b'|', &rest[i + 1..]),
            None => (rest, false, ""),
        };
        rest = next;
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        if entry == "off" {
            end = End::Off;
            break;
        }
        if entry == "direct" {
            end = End::Direct;
            break;
        }
        let url = if entry.contains(['.', ':', '/'])
            && !entry.contains(":/")
            && !entry.starts_with('/')
        {
            format!("https://{entry}")
        } else {
            entry.to_string()
        };
        if !(url.starts_with("https://")
            || url.starts_with("http://")
            || url.starts_with("file://"))
        {
            return Err(format!(
                "GOPROXY entry {entry:?}: a module proxy URL must be https://, http:// or file:// (or direct, off)"
            ));
        }
        proxies.push(Proxy {
            url: url.trim_end_matches('/').to_string(),
            fallback_on_error,
        });
    }
    if proxies.is_empty() && end == End::Exhausted {
        return Err("GOPROXY list is not the empty string, but contains no entries".to_string());
    }
    Ok((proxies, end))
}

/// The route of each module.
pub fn routes(
    goproxy: &str,
    gonoproxy: &str,
    modules: &[String],
) -> Result<BTreeMap<String, Route>, String> {
    let (proxies, end) = proxy_list(goproxy)?;
    let mut out = BTreeMap::new();
    for module in modules {
        fips_modpath::check_path_of_module(module).map_err(|e| e.to_string())?;
        let route = if fips_modpath::match_prefix_patterns(gonoproxy, module) {
            Route {
                proxies: Vec::new(),
                then: Some(format!(
                    "{module} matches GONOPROXY/GOPRIVATE ({gonoproxy}): the go command fetches it directly from its \
                     version control system, which a hermetic build does not do; serve it from a module proxy \
                     (GOPROXY) and leave it out of GONOPROXY"
                )),
            }
        } else {
            Route {
                proxies: proxies.clone(),
                then: match end {
                    End::Exhausted => None,
                    End::Off => Some(format!("{module}: module lookup disabled by GOPROXY=off")),
                    End::Direct => Some(format!(
                        "{module}: GOPROXY falls back to direct (a version control checkout), which a hermetic build \
                         does not do; serve the module from a module proxy"
                    )),
                },
            }
        };
        out.insert(module.clone(), route);
    }
    Ok(out)
}

pub fn run_goproxy(args: GoproxyArgs) -> Result<(), Failure> {
    let routes = routes(&args.goproxy, &args.gonoproxy, &args.modules).map_err(Failure::input)?;
    let json = serde_json::to_string_pretty(&routes).map_err(Failure::input)?;
    println!("{json}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(goproxy: &str) -> (Vec<(String, bool)>, End) {
        let (p, end) = proxy_list(goproxy).unwrap();
        (
            p.into_iter()
                .map(|p| (p.url, p.fallback_on_error))
                .collect(),
            end,
        )
    }

    #[test]
    fn proxy_lists() {
        assert_eq!(
            urls("https://a.example/,direct"),
            (vec![("https://a.example".to_string(), false)], End::Direct)
        );
        assert_eq!(
            urls("a.example|https://b.example,off,https://c.example"),
            (
                vec![
                    ("https://a.example".to_string(), true),
                    ("https://b.example".to_string(), false)
                ],
                End::Off
            )
        );
        assert_eq!(
            urls(" , file:///srv/proxy "),
            (
                vec![("file:///srv/proxy".to_string(), false)],
                End::Exhausted
            )
        );
        assert_eq!(urls("direct"), (vec![], End::Direct));
        assert!(proxy_list(",").is_err());
        assert!(proxy_list("ftp://x").is_err());
        assert!(proxy_list("word").is_err());
    }

    #[test]
    fn private_modules_are_not_proxied() {
        let mods = vec![
            "corp.example/lib".to_string(),
            "golang.org/x/text".to_string(),
        ];
        let r = routes("https://p.example", "corp.example", &mods).unwrap();
        assert!(r["corp.example/lib"].proxies.is_empty());
        assert!(r["corp.example/lib"]
            .then
            .as_deref()
            .unwrap()
            .contains("GONOPROXY"));
        assert_eq!(r["golang.org/x/text"].proxies.len(), 1);
        assert_eq!(r["golang.org/x/text"].then, None);
        assert!(routes("https://p.example", "", &["fmt".to_string()]).is_err());
    }
}
