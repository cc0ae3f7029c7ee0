//! Site mode (`site = true`, `bakedsearch-bake --site DIR`): the corpus is a built site, a
//! folder as a static site generator writes it, and it is crawled the way Pagefind crawls
//! one:
//!
//! - only `.html` and `.htm` files are documents; every other file (css, js, images,
//!   `robots.txt`, feeds, sitemaps) is left alone, counted in one summary warning;
//! - 404 pages (`404.html`, `404.htm` or `404/index.html`, in any folder) and pages with
//!   `<meta name="robots">` whose content says `noindex` are skipped;
//! - once any page marks its content with `data-bakedsearch-body`, pages without it are
//!   skipped (Pagefind's `data-pagefind-body` rule), each kind in one summary warning;
//! - a page's url is its path below the site folder (`papers/5/index.html` → `/papers/5/`,
//!   `index.html` → `/`, `about.html` → `/about.html`) unless its canonical link says
//!   otherwise; an absolute canonical link on the site's own host is reduced to its path
//!   (see [`resolve_url`]), a relative one is resolved against the page's url;
//! - a title prefix or suffix most pages share (`… | Site name`) is removed (see
//!   [`title_affixes`]).
//!
//! Ids stay the pages' paths without extension, as for any HTML corpus. Every pass here is
//! linear in the number of pages and the length of their titles.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// True for the extensions of pages.
pub(super) fn is_page(ext: &str) -> bool {
    matches!(ext, "html" | "htm")
}

/// The one warning line for the files that are not pages: "ignored 17 files that are not
/// pages (css 12, js 4, png 1)", the kinds by count, at most eight named.
pub(super) fn ignored_summary(ignored: &BTreeMap<String, usize>) -> Option<String> {
    let total: usize = ignored.values().sum();
    if total == 0 {
        return None;
    }
    let mut kinds: Vec<(&String, &usize)> = ignored.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut shown: Vec<String> = kinds
        .iter()
        .take(8)
        .map(|(ext, n)| format!("{ext} {n}"))
        .collect();
    if kinds.len() > 8 {
        shown.push("…".into());
    }
    let what = if total == 1 {
        "file that is not a page"
    } else {
        "files that are not pages"
    };
    Some(format!(
        "ignored {total} {what} ({}); site mode indexes .html and .htm files only",
        shown.join(", ")
    ))
}

/// How a file without a page extension is counted in [`ignored_summary`].
pub(super) fn kind_of(ext: &str) -> String {
    if ext.is_empty() || ext.len() > 12 {
        "other".into()
    } else {
        ext.to_owned()
    }
}

/// `404.html`, `404.htm`, `404/index.html` (in any folder).
pub(super) fn is_404(file: &Path) -> bool {
    let name = |p: Option<&std::ffi::OsStr>| {
        p.map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    let file_name = name(file.file_name());
    matches!(file_name.as_str(), "404.html" | "404.htm")
        || (file_name == "index.html" && name(file.parent().and_then(Path::file_name)) == "404")
}

/// Pages skipped for one reason, for one summary line.
pub(super) struct Skipped {
    pub reason: &'static str,
    pub paths: Vec<String>,
}

impl Skipped {
    pub fn new(reason: &'static str) -> Skipped {
        Skipped {
            reason,
            paths: Vec::new(),
        }
    }

    /// "skipped 2 pages named 404 (404.html, fr/404.html)", at most five named.
    pub fn summary(&self) -> Option<String> {
        if self.paths.is_empty() {
            return None;
        }
        let mut named: Vec<&str> = self.paths.iter().take(5).map(String::as_str).collect();
        if self.paths.len() > 5 {
            named.push("…");
        }
        let pages = if self.paths.len() == 1 {
            "page"
        } else {
            "pages"
        };
        Some(format!(
            "skipped {} {pages} {} ({})",
            self.paths.len(),
            self.reason,
            named.join(", ")
        ))
    }
}

/// `file`'s path below `root`, `/`-separated.
pub(super) fn relative(root: &Path, file: &Path) -> String {
    let parts: Vec<String> = file
        .strip_prefix(root)
        .unwrap_or(file)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The url of the page at `relative` (see [`relative`]): `/` + the path, `index.html`
/// standing for its folder. Characters that would change what the url means (`#`, `?`,
/// `%`, spaces, quotes, `<`, `>`, `\`, …) are percent-encoded; other characters, non-ASCII
/// ones included, are kept as they are (browsers encode them when they follow the link).
pub(super) fn page_url(relative: &str) -> String {
    let path = match relative.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => relative,
    };
    let mut url = String::with_capacity(path.len() + 1);
    url.push('/');
    for c in path.chars() {
        if c.is_ascii_control() || " \"#%<>?\\^`{|}".contains(c) {
            url.push_str(&format!("%{:02X}", c as u32));
        } else {
            url.push(c);
        }
    }
    url
}

/// An absolute url (`https://host/path`, `//host/path`): its host (lowercased) and the rest
/// (`/` at least).
fn split_absolute(url: &str) -> Option<(String, &str)> {
    let lower_scheme = |p: &str| {
        url.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
            .then(|| &url[p.len()..])
    };
    let rest = lower_scheme("https://")
        .or_else(|| lower_scheme("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some((host, &rest[end..]))
}

/// The site's own host: the one most absolute canonical links name (the lexically first on
/// a tie), or none.
pub(super) fn site_host<'a>(canonicals: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for url in canonicals {
        if let Some((host, _)) = split_absolute(url) {
            *counts.entry(host).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(host, _)| host)
}

/// A page's url from its canonical link. Static site generators write canonical links with
/// the production host (`https://example.org/papers/5/`); kept like that, every result on a
/// local preview or a staging copy would lead to production, so a canonical link on the
/// site's own host (`host`, see [`site_host`]) is reduced to its path, query and fragment.
/// One to another host (a syndicated post) stays absolute; a root-relative one (`/guide`)
/// is kept; a relative one (`../guide/`) is resolved against the page's own url; one with
/// another scheme (`mailto:`) is kept as written.
pub(super) fn resolve_url(canonical: &str, page: &str, host: Option<&str>) -> String {
    if let Some((h, rest)) = split_absolute(canonical) {
        return match (host, rest.starts_with('/')) {
            (Some(site), true) if site == h => rest.to_owned(),
            (Some(site), false) if site == h => format!("/{rest}"),
            _ => canonical.to_owned(),
        };
    }
    if canonical.starts_with('/') {
        return canonical.to_owned();
    }
    let scheme = canonical
        .find(':')
        .is_some_and(|colon| !canonical[..colon].contains(['/', '?', '#']));
    if scheme {
        return canonical.to_owned();
    }
    let (path, tail) = canonical.split_at(canonical.find(['?', '#']).unwrap_or(canonical.len()));
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own name (empty for a folder url)
    for part in path.split('/') {
        match part {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            p => parts.push(p),
        }
    }
    let mut url = parts.join("/");
    if !url.starts_with('/') {
        url.insert(0, '/');
    }
    if path.ends_with("/.") || path.ends_with("/..") || path == "." || path == ".." {
        url.push('/');
    }
    url.push_str(tail);
    url
}

/// Separators of a site name in titles (`Page | Site`), each with a space on both sides.
const SEPARATORS: &[&str] = &["|", "-", "–", "—", "·", "•", "»", ":", "::", "/"];
/// Each title offers at most this many prefixes and suffixes, each at most this long, so
/// that detection stays linear however long or odd the titles are.
const MAX_CANDIDATES: usize = 4;
const MAX_AFFIX_BYTES: usize = 200;

/// Where separators are in `title`: (start of the space before, end of the space after).
fn separators(title: &str) -> Vec<(usize, usize)> {
    let bytes = title.as_bytes();
    let mut found = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b' ' {
            continue;
        }
        let rest = &title[i + 1..];
        for sep in SEPARATORS {
            if rest.starts_with(sep) && rest[sep.len()..].starts_with(' ') {
                found.push((i, i + 1 + sep.len() + 1));
                break;
            }
        }
    }
    found
}

/// The site name shared by most titles: the longest suffix starting with a separator
/// (` | Site name`) that at least half of the titles, and at least 3, end with; and the
/// longest such prefix (`Site name | `). Either may be `None`.
pub(super) fn title_affixes(titles: &[&str]) -> (Option<String>, Option<String>) {
    let mut suffixes: HashMap<&str, usize> = HashMap::new();
    let mut prefixes: HashMap<&str, usize> = HashMap::new();
    for title in titles {
        let seps = separators(title);
        for &(start, _) in seps.iter().rev().take(MAX_CANDIDATES) {
            if start > 0 && title.len() - start <= MAX_AFFIX_BYTES {
                *suffixes.entry(&title[start..]).or_default() += 1;
            }
        }
        for &(_, end) in seps.iter().take(MAX_CANDIDATES) {
            if end < title.len() && end <= MAX_AFFIX_BYTES {
                *prefixes.entry(&title[..end]).or_default() += 1;
            }
        }
    }
    let best = |counts: HashMap<&str, usize>| {
        counts
            .into_iter()
            .filter(|&(_, n)| n >= 3 && 2 * n >= titles.len())
            .max_by(|a, b| a.0.len().cmp(&b.0.len()).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.to_owned())
    };
    (best(suffixes), best(prefixes))
}

/// `title` without the shared `suffix` and `prefix`, unless that would leave no title.
pub(super) fn strip_affixes(title: &str, suffix: Option<&str>, prefix: Option<&str>) -> String {
    let mut out = title;
    if let Some(rest) = suffix.and_then(|s| out.strip_suffix(s)) {
        if rest.chars().any(char::is_alphanumeric) {
            out = rest.trim_end();
        }
    }
    if let Some(rest) = prefix.and_then(|p| out.strip_prefix(p)) {
        if rest.chars().any(char::is_alphanumeric) {
            out = rest.trim_start();
        }
    }
    out.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_from_paths() {
        assert_eq!(page_url("papers/5/index.html"), "/papers/5/");
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("about.html"), "/about.html");
        assert_eq!(page_url("a/index.htm"), "/a/index.htm");
        assert_eq!(page_url("a/myindex.html"), "/a/myindex.html");
        assert_eq!(page_url("q?/a b#c%.html"), "/q%3F/a%20b%23c%25.html");
        assert_eq!(page_url("été/index.html"), "/été/");
        assert_eq!(
            relative(Path::new("public"), Path::new("public/a/b.html")),
            "a/b.html"
        );
    }

    #[test]
    fn canonical_links() {
        let host = site_host(
            [
                "https://Example.org/a/",
                "https://example.org/b/",
                "https://other.net/x",
                "/local",
            ]
            .into_iter(),
        );
        assert_eq!(host.as_deref(), Some("example.org"));
        let h = host.as_deref();
        assert_eq!(
            resolve_url("https://example.org/a/?q=1#s", "/a/", h),
            "/a/?q=1#s"
        );
        assert_eq!(resolve_url("HTTP://EXAMPLE.ORG", "/", h), "/");
        assert_eq!(resolve_url("//example.org/p", "/", h), "/p");
        assert_eq!(
            resolve_url("https://other.net/x", "/x.html", h),
            "https://other.net/x"
        );
        assert_eq!(
            resolve_url("https://example.org/a/", "/a/", None),
            "https://example.org/a/"
        );
        assert_eq!(resolve_url("/guide", "/a/b.html", h), "/guide");
        assert_eq!(resolve_url("c.html", "/a/b.html", h), "/a/c.html");
        assert_eq!(resolve_url("../c/#top", "/a/b/", h), "/a/c/#top");
        assert_eq!(resolve_url("../../../x", "/a/", h), "/x");
        assert_eq!(resolve_url("..", "/a/b/", h), "/a/");
        assert_eq!(resolve_url("mailto:x@y", "/", h), "mailto:x@y");
        assert_eq!(resolve_url("https://", "/", h), "https://");
    }

    #[test]
    fn site_name_in_titles() {
        let titles = [
            "Getting started | Docs | Acme",
            "Install | Docs | Acme",
            "API | Docs | Acme",
            "Blog | Acme",
            "Acme",
        ];
        let (suffix, prefix) = title_affixes(&titles);
        assert_eq!(suffix.as_deref(), Some(" | Docs | Acme"));
        assert_eq!(prefix, None);
        let stripped: Vec<String> = titles
            .iter()
            .map(|t| strip_affixes(t, suffix.as_deref(), None))
            .collect();
        assert_eq!(
            stripped,
            ["Getting started", "Install", "API", "Blog | Acme", "Acme"]
        );

        let titles = [
            "Acme – One",
            "Acme – Two",
            "Acme – Three",
            "Acme – ",
            "Four · x",
        ];
        let (suffix, prefix) = title_affixes(&titles);
        assert_eq!((suffix, prefix.as_deref()), (None, Some("Acme – ")));
        assert_eq!(strip_affixes("Acme – One", None, Some("Acme – ")), "One");
        // Never an empty title.
        assert_eq!(strip_affixes("Acme – ", None, Some("Acme – ")), "Acme – ");
        assert_eq!(strip_affixes(" · Site", Some(" · Site"), None), " · Site");

        // Fewer than 3 pages, or fewer than half: nothing is removed.
        assert_eq!(title_affixes(&["a - S", "b - S"]), (None, None));
        assert_eq!(
            title_affixes(&["a - S", "b - S", "c - S", "d", "e", "f", "g"]),
            (None, None)
        );
        assert_eq!(
            title_affixes(&["a - S", "b - S", "c - S", "d", "e", "f"])
                .0
                .as_deref(),
            Some(" - S")
        );
        // A hyphen inside a word is not a separator.
        assert_eq!(title_affixes(&["x-S", "y-S", "z-S"]), (None, None));
    }

    #[test]
    fn file_kinds_and_404s() {
        assert!(is_404(Path::new("public/404.html")));
        assert!(is_404(Path::new("public/fr/404.HTM")));
        assert!(is_404(Path::new("public/404/index.html")));
        assert!(!is_404(Path::new("public/404/other.html")));
        assert!(!is_404(Path::new("public/papers/404-errors.html")));
        let mut ignored = BTreeMap::new();
        for (ext, n) in [("css", 12), ("js", 4), ("png", 4), ("other", 1)] {
            ignored.insert(ext.to_owned(), n);
        }
        assert_eq!(
            ignored_summary(&ignored).unwrap(),
            "ignored 21 files that are not pages (css 12, js 4, png 4, other 1); site mode \
             indexes .html and .htm files only"
        );
        assert_eq!(ignored_summary(&BTreeMap::new()), None);
        let mut skipped = Skipped::new("named 404");
        assert_eq!(skipped.summary(), None);
        skipped.paths.push("404.html".into());
        assert_eq!(
            skipped.summary().unwrap(),
            "skipped 1 page named 404 (404.html)"
        );
    }

    proptest::proptest! {
        #[test]
        fn affixes_never_panic_or_empty_a_title(
            titles in proptest::collection::vec("[a-c |·–-]{0,12}", 0..8)
        ) {
            let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
            let (suffix, prefix) = title_affixes(&refs);
            for t in &refs {
                let s = strip_affixes(t, suffix.as_deref(), prefix.as_deref());
                if t.chars().any(char::is_alphanumeric) {
                    proptest::prop_assert!(s.chars().any(char::is_alphanumeric), "{t:?} → {s:?}");
                }
            }
        }

        #[test]
        fn resolve_never_panics(url in "[a-z:/.#?é]{0,20}", page in "/[a-z/]{0,10}") {
            let _ = resolve_url(&url, &page, Some("a"));
        }
    }
}
