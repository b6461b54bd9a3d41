//! The shortest relative form of the links a page carries.
//!
//! Templates and task rows write every link as the page's way up to the site root and a path
//! from there (`../../../co-quan/so-tc/`), so that a row made once reads the same on every page
//! and the link check resolves a link without parsing it. Written out, a link to a neighbour
//! then climbs to the root and back down: on a body's list, its own page is
//! `../../../co-quan/so-tc/` where `../../` says the same. The page is rewritten as it is
//! written, each link to its shortest form, after the check has read it.

use std::borrow::Cow;

/// `html` (the page written to `file`) with each attribute value that is the page's root and a
/// plain path of the site rewritten as the shortest relative URL to the same place.
pub fn shorten_links<'a>(file: &str, html: &'a [u8]) -> Cow<'a, [u8]> {
    let dir = &file[..file.rfind('/').map_or(0, |i| i + 1)];
    let here: Vec<&[u8]> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::as_bytes)
        .collect();
    // At the root the way up is "./", and nothing is shorter than the path itself.
    if here.is_empty() || !file.ends_with(".html") {
        return Cow::Borrowed(html);
    }
    let mut opening = b"=\"".to_vec();
    opening.extend(std::iter::repeat_n(*b"../", here.len()).flatten());
    let finder = memchr::memmem::Finder::new(&opening);
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    for at in finder.find_iter(html) {
        let start = at + opening.len();
        let Some(len) = memchr::memchr(b'"', &html[start..]) else {
            break;
        };
        let Some(short) = shortest(&here, &html[start..start + len]) else {
            continue;
        };
        let buf = out.get_or_insert_with(|| Vec::with_capacity(html.len()));
        buf.extend_from_slice(&html[copied..at + 2]);
        short.write(buf);
        copied = start + len;
    }
    match out {
        Some(mut buf) => {
            buf.extend_from_slice(&html[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

/// A link's shortest form: `up` times "../", then `rest` (the link's path past the folders it
/// shares with the page), "./" when that leaves nothing to name, and the query or fragment.
struct Short<'a> {
    up: usize,
    rest: &'a [u8],
    dot: bool,
    tail: &'a [u8],
}

impl Short<'_> {
    fn len(&self) -> usize {
        self.up * 3 + self.rest.len() + if self.dot { 2 } else { 0 } + self.tail.len()
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend(std::iter::repeat_n(*b"../", self.up).flatten());
        out.extend_from_slice(self.rest);
        if self.dot {
            out.extend_from_slice(b"./");
        }
        out.extend_from_slice(self.tail);
    }
}

/// The shortest way from the folder `here` (its names) to `link`, a path from the site root,
/// when it is shorter than climbing to the root; `None` otherwise, or when `link` is not a
/// [`plain_path`]. Read in place: every link of every page comes here.
fn shortest<'a>(here: &[&[u8]], link: &'a [u8]) -> Option<Short<'a>> {
    // A link into another part of the site shares no folder with the page: most links of a
    // page are told so by their first name, before the rest is read.
    let first = here[0];
    if !(link.starts_with(first) && link.get(first.len()) == Some(&b'/')) {
        return None;
    }
    let cut = memchr::memchr2(b'?', b'#', link).unwrap_or(link.len());
    let (path, tail) = link.split_at(cut);
    if !plain_path_bytes(path) {
        return None;
    }
    // The folders the link shares with the page, and where the rest of the link starts; its
    // last name is a file ("" for a folder's index) and is never shared.
    let (mut common, mut offset) = (0, 0);
    let folders = path.len()
        - path
            .iter()
            .rev()
            .position(|&c| c == b'/')
            .unwrap_or(path.len());
    for (name, mine) in path[..folders].split(|&c| c == b'/').zip(here) {
        if offset + name.len() >= folders || name != *mine {
            break;
        }
        common += 1;
        offset += name.len() + 1;
    }
    if common == 0 {
        return None;
    }
    let rest = &path[offset..];
    let up = here.len() - common;
    let short = Short {
        up,
        rest,
        dot: up == 0 && rest.is_empty() && !tail.starts_with(b"#"),
        tail,
    };
    let climbing = here.len() * 3 + link.len();
    (short.len() < climbing).then_some(short)
}

/// A path of the site as templates write it, which is its file as it is: letters, digits,
/// `-`, `_`, `.` and `/`, no empty segment but the last (no leading `/`, no `//`), no `.` or
/// `..` segment. One pass over the bytes: every link of every page comes here.
pub fn plain_path(path: &str) -> bool {
    plain_path_bytes(path.as_bytes())
}

fn plain_path_bytes(b: &[u8]) -> bool {
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'/' {
            if matches!(&b[start..i], b"" | b"." | b"..") {
                return false;
            }
            start = i + 1;
        } else if !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')) {
            return false;
        }
    }
    !matches!(&b[start..], b"." | b"..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::routes::{join, root_for};

    fn short(file: &str, link: &str) -> String {
        let html = format!("<a href=\"{}{link}\">x</a>", root_for(dir(file)));
        let out = shorten_links(file, html.as_bytes());
        let out = std::str::from_utf8(&out).unwrap();
        out["<a href=\"".len()..out.len() - "\">x</a>".len()].to_string()
    }

    fn dir(file: &str) -> &str {
        &file[..file.rfind('/').map_or(0, |i| i + 1)]
    }

    #[test]
    fn neighbours_are_reached_without_climbing_to_the_root() {
        let page = "co-quan/so-tc/chu-tri/trang-2/index.html";
        assert_eq!(short(page, "co-quan/so-tc/"), "../../");
        assert_eq!(short(page, "co-quan/so-tc/chu-tri/"), "../");
        assert_eq!(short(page, "co-quan/so-tc/chu-tri/trang-3/"), "../trang-3/");
        assert_eq!(short(page, "co-quan/so-tc/chu-tri/trang-2/"), "./");
        assert_eq!(short(page, "co-quan/so-xd/"), "../../../so-xd/");
        // Nothing in common: as written.
        assert_eq!(
            short(page, "ke-hoach/2024/1-kh/#nv-2"),
            "../../../../ke-hoach/2024/1-kh/#nv-2"
        );
        let plan = "ke-hoach/2024/57-kh-snnmt/index.html";
        assert_eq!(short(plan, "ke-hoach/2024/57-kh-snnmt/#nv-18"), "#nv-18");
        assert_eq!(short(plan, "ke-hoach/2024/57-kh-snnmt/?q=a#b"), "./?q=a#b");
        assert_eq!(
            short(plan, "ke-hoach/2024/51-kh-snv/#nv-i-3"),
            "../51-kh-snv/#nv-i-3"
        );
        assert_eq!(
            short(plan, "ke-hoach/2024/57-kh-snnmt/van-ban.pdf"),
            "van-ban.pdf"
        );
        // Not a plain path of the site: as written.
        assert_eq!(
            short(plan, "ke-hoach/2024/../x/"),
            "../../../ke-hoach/2024/../x/"
        );
        assert_eq!(short(plan, "ke-hoach//x/"), "../../../ke-hoach//x/");
    }

    #[test]
    fn what_is_not_a_link_from_the_root_is_left_alone() {
        let page = "co-quan/so-tc/index.html";
        for html in [
            "<a href=\"https://x/co-quan/so-tc/\">",
            "<a href=\"../co-quan/so-tc/\">",
            "<a href=\"#x\">",
            "<p>../../co-quan/so-tc/</p>",
            "<a href=\"../../co-quan/so-tc/",
        ] {
            assert_eq!(&*shorten_links(page, html.as_bytes()), html.as_bytes());
        }
        let home = "<a href=\"./co-quan/\">";
        assert_eq!(
            &*shorten_links("index.html", home.as_bytes()),
            home.as_bytes()
        );
        let feed = "<link href=\"../../co-quan/so-tc/\"/>";
        assert_eq!(
            &*shorten_links("co-quan/so-tc/feed.xml", feed.as_bytes()),
            feed.as_bytes()
        );
    }

    #[test]
    fn a_shortened_link_leads_where_the_long_one_did() {
        let pages = [
            "a/index.html",
            "a/b/index.html",
            "a/b/c/index.html",
            "a/x/c/index.html",
            "d/b/c/index.html",
            "a/b/c/d/index.html",
            "a/b/page.html",
        ];
        let links = [
            "",
            "a/",
            "a/b/",
            "a/b/c/",
            "a/b/c/d/",
            "a/x/",
            "d/",
            "a/b/f.pdf",
            "a/b/#k",
            "a/b/c/?q=1",
            "a/b/c/#k",
            "b/",
            "a/bb/",
            "a/b/c/d/e/",
        ];
        for page in pages {
            let d = dir(page);
            for link in links {
                let s = short(page, link);
                let (want, got) = (join(d, &format!("{}{link}", root_for(d))), join(d, &s));
                assert_eq!(got, want, "{page}: {link} → {s}");
                assert!(
                    s.len() <= root_for(d).len() + link.len(),
                    "{page}: {link} → {s}"
                );
            }
        }
    }

    #[test]
    fn plain_paths_are_the_files_they_name() {
        // The rule in words, as it was written before it became one pass.
        let rule = |p: &str| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
                && !p.starts_with('/')
                && !p.contains("//")
                && !p.split('/').any(|s| s == "." || s == "..")
        };
        let parts = [
            "", "/", "a", ".", "..", "...", "x.html", "-_", "%20", "b/", "//", "é",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    let p = [a, b, c].concat();
                    assert_eq!(plain_path(&p), rule(&p), "{p:?}");
                }
            }
        }
        assert!(plain_path("ke-hoach/90-kh-ubnd/index.html"));
        assert!(!plain_path("ke-hoach/../x/"));
    }
}
