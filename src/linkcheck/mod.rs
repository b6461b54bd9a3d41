//! The link check: every link of the site leads somewhere.
//!
//! Links staff write in plan bodies are checked when the site is indexed, against the pages it
//! will have, and reported at their source line ([`check_body_links`]). Then every page, as the
//! pipeline makes it, is handed to a [`LinkCheck`]: each `href`/`src` that points inside the
//! site must name a file the build writes, and each `#fragment` an `id` on its target page.
//! This catches what templates write, so a theme change that breaks a link is found at build
//! time, not by a citizen.
//!
//! Pages are scanned as they are made, in parallel; anchors can only be judged once every page
//! is seen, so the links that carry one are kept (hashed, first place only) until the end.

mod body;

pub use body::check_body_links;

use crate::diag::{Diagnostics, Pos};
use crate::render::markdown::unescape_html;
use crate::render::MadePage;
use crate::site::routes::{self, Page};
use crate::site::Site;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// Where a link was found: output file, line in it, the link as written.
struct Place {
    file: Arc<str>,
    line: u32,
    href: Box<str>,
    template: &'static str,
}

pub struct LinkCheck<'a> {
    site: &'a Site,
    /// Every file of the build, by its path under the output folder.
    files: FxHashSet<String>,
    /// The site's absolute URL ("https://portal/ke-hoach-so/") and path ("/ke-hoach-so/"):
    /// canonical links use the first, the 404 page the second.
    base_url: String,
    base_path: String,
    ids: Mutex<FxHashSet<u64>>,
    /// The ids of each page scanned, when kept for a later build that scans only some pages
    /// (see [`LinkCheck::keeping_ids`]).
    ids_by_file: Option<Mutex<IdsByFile>>,
    wanted: Mutex<FxHashMap<u64, Place>>,
    broken: Mutex<Vec<Place>>,
}

/// The ids of pages (as keyed for the check), by file.
pub type IdsByFile = Vec<(String, Vec<u64>)>;

fn key(file: &str, id: &str) -> u64 {
    let mut h = FxHasher::default();
    file.hash(&mut h);
    id.hash(&mut h);
    h.finish()
}

impl<'a> LinkCheck<'a> {
    pub fn new(site: &'a Site, files: impl IntoIterator<Item = String>, base_path: &str) -> Self {
        LinkCheck {
            site,
            files: files.into_iter().collect(),
            base_url: site.config().base_url.clone(),
            base_path: base_path.to_string(),
            ids: Mutex::default(),
            ids_by_file: None,
            wanted: Mutex::default(),
            broken: Mutex::default(),
        }
    }

    /// Keeps the ids of every page scanned, for [`LinkCheck::into_ids`].
    pub fn keeping_ids(mut self) -> Self {
        self.ids_by_file = Some(Mutex::default());
        self
    }

    /// Ids of pages not scanned by this check, as an earlier check found them ([`LinkCheck::take_ids`]): a
    /// link to one of them is good.
    pub fn know(&self, ids: impl IntoIterator<Item = u64>) {
        self.ids.lock().unwrap().extend(ids);
    }

    /// The ids of each page scanned, by file (empty unless [`LinkCheck::keeping_ids`]).
    pub fn take_ids(&self) -> IdsByFile {
        self.ids_by_file
            .as_ref()
            .map(|m| std::mem::take(&mut *m.lock().unwrap()))
            .unwrap_or_default()
    }

    /// Reads one page as made: its ids, and the links it carries, but for those in the rows
    /// of task tables read on an earlier page.
    pub fn scan(&self, made: &MadePage) {
        let (page, file, html) = (&made.page, made.file.as_str(), made.html.as_slice());
        let skip = &made.checked_rows;
        let from: Arc<str> = Arc::from(file);
        let here = file.strip_suffix(routes::INDEX).unwrap_or(file);
        let here = if here == routes::NOT_FOUND { "" } else { here };
        let root = routes::root_for(here);
        let mut ids = Vec::new();
        let mut wanted: Vec<(u64, Place)> = Vec::new();
        let mut broken = Vec::new();
        let (mut line, mut counted) = (1u32, 0usize);
        // The path a link leads to is put together here, not in a new string per link.
        let mut scratch = String::new();
        for (at, name) in attributes(html, skip) {
            let start = at + 2;
            let Some(len) = memchr::memchr(b'"', &html[start..]) else {
                break;
            };
            let Ok(value) = std::str::from_utf8(&html[start..start + len]) else {
                continue;
            };
            let value = unescape_html(value);
            if name == b"id" {
                ids.push(key(file, &value));
                continue;
            }
            line += memchr::memchr_iter(b'\n', &html[counted..at]).count() as u32;
            counted = at;
            let place = || Place {
                file: from.clone(),
                line,
                href: value.as_ref().into(),
                template: made.template,
            };
            match self.target(here, &root, &value, &mut scratch) {
                Target::Outside | Target::File => {}
                Target::Missing => broken.push(place()),
                Target::Fragment(k) => wanted.push((k, place())),
            }
        }
        if let Some(by_file) = &self.ids_by_file {
            by_file
                .lock()
                .unwrap()
                .push((file.to_string(), ids.clone()));
        }
        let mut known = self.ids.lock().unwrap();
        known.extend(ids);
        // A link to an id already seen is good; only the others wait for the end. Plan pages,
        // with the ids of their tasks, are made before the lists that link to them: at
        // 100,000 plans this keeps two million links out of memory.
        let mut w = self.wanted.lock().unwrap();
        for (k, p) in wanted {
            if !known.contains(&k) {
                w.entry(k).or_insert(p);
            }
        }
        drop(w);
        drop(known);
        if !broken.is_empty() {
            // A plan's own body links were reported against its source line already.
            if let Page::Plan(p) = *page {
                let written = &self.site.plan(p).links;
                let decode = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                broken.retain(|b| !written.iter().any(|(u, _)| decode(u) == decode(&b.href)));
            }
            self.broken.lock().unwrap().extend(broken);
        }
    }

    /// Whether a link leads to a file of the build (and which fragment it asks for), or why it
    /// leads nowhere. `root` is the page's way up to the site root ("../../"); `scratch` is
    /// space for the path.
    fn target(&self, here: &str, root: &str, href: &str, scratch: &mut String) -> Target {
        // Nearly every link a template writes is `root` and a path of the site, which needs no
        // resolving: the path is the file.
        if let Some(rest) = href.strip_prefix(root) {
            let (path, fragment) = match memchr::memchr(b'#', rest.as_bytes()) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, ""),
            };
            if routes::plain_path(path) {
                scratch.clear();
                scratch.push_str(path);
                return self.file(scratch, fragment);
            }
        }
        let local = if let Some(rest) = href.strip_prefix(self.base_url.as_str()) {
            format!("/{rest}")
        } else if href.contains("://") || href.starts_with("//") {
            return Target::Outside;
        } else if href.split('/').next().is_some_and(|s| s.contains(':')) {
            // mailto:, tel: and the like
            return Target::Outside;
        } else if href.starts_with('/') {
            match href.strip_prefix(self.base_path.as_str()) {
                Some(rest) => format!("/{rest}"),
                // The portal's own pages, outside this site.
                None => return Target::Outside,
            }
        } else {
            href.to_string()
        };
        let (path, fragment) = match local.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (local.as_str(), None),
        };
        let path = path.split('?').next().unwrap_or("");
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let resolved = if path.is_empty() {
            Some(here.to_string())
        } else {
            routes::join(here, &path)
        };
        let Some(mut target) = resolved else {
            return Target::Missing;
        };
        self.file(&mut target, fragment.as_deref().unwrap_or(""))
    }

    /// Whether a resolved path names a file of the build (`target` is changed on the way).
    fn file(&self, target: &mut String, fragment: &str) -> Target {
        if target.is_empty() || target.ends_with('/') {
            target.push_str(routes::INDEX);
        }
        // "x/index.html" is also reached as "x" (servers redirect a folder to "x/").
        if !self.files.contains(target.as_str()) {
            target.push('/');
            target.push_str(routes::INDEX);
            if !self.files.contains(target.as_str()) {
                return Target::Missing;
            }
        }
        if fragment.is_empty() {
            Target::File
        } else {
            Target::Fragment(key(target, fragment))
        }
    }

    /// Every broken link found, as warnings naming the output file and line.
    pub fn finish(self, diags: &mut Diagnostics) -> usize {
        let ids = self.ids.into_inner().unwrap();
        let mut found: Vec<(Place, &str)> = self
            .broken
            .into_inner()
            .unwrap()
            .into_iter()
            .map(|p| (p, "không dẫn tới tệp nào của trang web"))
            .collect();
        found.extend(
            self.wanted
                .into_inner()
                .unwrap()
                .into_iter()
                .filter(|(k, _)| !ids.contains(k))
                .map(|(_, p)| (p, "dẫn tới một vị trí (#…) không có trên trang đích")),
        );
        found.sort_by(|a, b| (&a.0.file, a.0.line).cmp(&(&b.0.file, b.0.line)));
        for (p, what) in &found {
            diags.warning(
                &p.file,
                Pos::line(p.line as usize),
                format!(
                    "liên kết `{}` {what} (do mẫu giao diện {} tạo ra); sửa mẫu hoặc nội dung tạo ra liên kết này",
                    p.href, p.template
                ),
            );
        }
        found.len()
    }
}

enum Target {
    /// Another site, an e-mail address, a phone number.
    Outside,
    /// Inside the site, but no such file.
    Missing,
    /// A file of the build.
    File,
    /// A place (`#…`) on a file of the build: the key of the file and fragment.
    Fragment(u64),
}

/// The attributes the check reads (`href`, `src`, `id`), in page order, but for those whose
/// `="` is in a range of `skip` (sorted): where each one's `="` is, and its name. A name
/// counts when white space comes before it, so `data-id` is not `id` (the same as
/// [`attribute_name`] of every `="`). Each name is searched for on its own, and only between
/// the ranges passed over: a page has ten times more attributes than links and ids, and a
/// list page is mostly rows read before.
fn attributes(html: &[u8], skip: &[std::ops::Range<usize>]) -> Vec<(usize, &'static [u8])> {
    const NAMES: [&[u8]; 3] = [b"href", b"src", b"id"];
    // One pass for the three names: a `memmem` search per name would stop at every `="` of
    // the page three times over. The packed searcher (Teddy) keys on the names' first bytes;
    // `AhoCorasick` would pick a prefilter on `=` and `"`, which every attribute has.
    static SEARCH: std::sync::LazyLock<aho_corasick::packed::Searcher> =
        std::sync::LazyLock::new(|| {
            aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(NAMES.map(|name| [name, b"=\""].concat()))
                .build()
                .expect("a packed searcher for three short patterns")
        });
    let mut found = Vec::new();
    let mut gap_start = 0;
    let gaps = skip
        .iter()
        .map(|r| r.start)
        .chain([html.len()])
        .zip(skip.iter().map(|r| r.end).chain([html.len()]));
    for (gap_end, next_start) in gaps {
        let gap = gap_start..gap_end.max(gap_start);
        gap_start = gap_start.max(next_start);
        if gap.is_empty() {
            continue;
        }
        // From a little before the gap, for a name begun before it whose `="` is in it, to
        // the byte after, for a `=` at its end.
        let (from, to) = (gap.start.saturating_sub(5), (gap.end + 1).min(html.len()));
        found.extend(
            SEARCH
                .find_iter(&html[from..to])
                .map(|m| (from + m.start(), NAMES[m.pattern().as_usize()]))
                .filter(|&(i, _)| i > 0 && html[i - 1].is_ascii_whitespace())
                .map(|(i, name)| (i + name.len(), name))
                .filter(|&(at, _)| gap.contains(&at)),
        );
    }
    found
}

/// The attribute name just before `="`, when it is preceded by a space (so `data-id` is not `id`).
#[cfg(test)]
fn attribute_name(before: &[u8]) -> &[u8] {
    let start = before
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
        .map_or(0, |i| i + 1);
    if start == 0 || !before[start - 1].is_ascii_whitespace() {
        return b"";
    }
    &before[start..]
}

#[cfg(test)]
mod tests {
    use super::{attribute_name, attributes};
    use memchr::memmem;

    #[test]
    fn attribute_names_are_whole_words() {
        assert_eq!(attribute_name(b"<a href"), b"href");
        assert_eq!(attribute_name(b"<div data-id"), b"data-id");
        assert_eq!(attribute_name(b"<td\n id"), b"id");
        assert_eq!(attribute_name(b"xid"), b"");
    }

    #[test]
    fn the_attributes_read_are_those_every_attribute_would_give() {
        let html = br#"<a href="x/">a</a><div data-id="d" id="k"><img src="i.png" data-src="no">
<td
 id="t" class="c"><a data-href="n" href="../y/#z">b</a>href="text"</td> id="after""#;
        let every: Vec<(usize, &[u8])> = memmem::find_iter(html, b"=\"")
            .map(|at| (at, attribute_name(&html[..at])))
            .filter(|(_, n)| matches!(*n, b"href" | b"src" | b"id"))
            .collect();
        assert_eq!(attributes(html, &[]), every);
        assert_eq!(every.len(), 6);
        // Passed over: those whose `="` is in a range, wherever their name begins.
        let skip = [0..3, 8..25, 60..65];
        let kept: Vec<_> = every
            .iter()
            .copied()
            .filter(|(at, _)| !skip.iter().any(|r| r.contains(at)))
            .collect();
        assert_eq!(attributes(html, &skip), kept);
        for cut in 0..html.len() {
            for len in [1, 4, 7, 30] {
                let range = cut..(cut + len).min(html.len());
                let kept: Vec<_> = every
                    .iter()
                    .copied()
                    .filter(|(at, _)| !range.contains(at))
                    .collect();
                assert_eq!(
                    attributes(html, std::slice::from_ref(&range)),
                    kept,
                    "{range:?}"
                );
            }
        }
    }
}
