//! Checks the links staff write in plan bodies against the pages the site will have: a link to
//! a page or task anchor that does not exist is a warning with file and line.

use super::pages::{root_for, Page};
use crate::diag::{Diagnostics, Pos};
use crate::site::Site;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::HashSet;

/// Every path the build writes (pages as their folder URL, other files by name), and every
/// task anchor as "<plan url>#nv-…".
fn known(site: &Site) -> HashSet<String> {
    let mut set: HashSet<String> = Page::all(site).iter().map(|p| p.url(site)).collect();
    for f in [
        "du-lieu/ke-hoach.json",
        "du-lieu/nhiem-vu.json",
        "du-lieu/nhiem-vu.csv",
        "du-lieu/tim-kiem.json",
        "assets/style.css",
        "assets/search.js",
    ] {
        set.insert(f.to_string());
    }
    for (p, anchors) in site.task_anchors.iter().enumerate() {
        for a in anchors {
            set.insert(format!("{}#nv-{a}", site.plan_urls[p]));
        }
    }
    for b in &site.r.bodies {
        set.insert(format!("lich/{}.ics", b.id));
    }
    set
}

/// Joins a relative link to the folder of the page it is on; None when it climbs above the root.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        page.split('/').filter(|s| !s.is_empty()).collect()
    };
    let trailing = link.ends_with('/') || link.is_empty();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if out.ends_with("index.html") {
        out.truncate(out.len() - "index.html".len());
    } else if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

pub fn check_body_links(site: &Site, d: &mut Diagnostics) {
    let known = known(site);
    for (p, rp) in site.r.plans.iter().enumerate() {
        let page = &site.plan_urls[p];
        let body = &rp.plan.body;
        for (ev, range) in Parser::new(body).into_offset_iter() {
            let Event::Start(Tag::Link { dest_url, .. }) = ev else {
                continue;
            };
            let url = dest_url.as_ref();
            if url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:") {
                continue;
            }
            let (path, frag) = url
                .split_once('#')
                .map_or((url, None), |(a, b)| (a, Some(b)));
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                resolve(page, path)
            };
            let ok = match (&target, frag) {
                (None, _) => false,
                (Some(t), Some(f)) if f.starts_with("nv-") => known.contains(&format!("{t}#{f}")),
                (Some(t), _) => known.contains(t) || known.contains(&format!("{t}/")),
            };
            if ok && url.starts_with('/') {
                let line = rp.plan.body_line + body[..range.start].matches('\n').count();
                d.warning(&rp.plan.path, Pos::line(line), format!(
                    "liên kết `{url}` bắt đầu bằng `/`: sẽ hỏng khi trang đặt trong thư mục con của cổng thông tin; viết đường dẫn tương đối, ví dụ `{}{}`",
                    root_for(page), url.trim_start_matches('/')));
            }
            if !ok {
                let line = rp.plan.body_line + body[..range.start].matches('\n').count();
                let hint = if url.starts_with('/') {
                    " Liên kết bắt đầu bằng `/` sẽ hỏng khi trang đặt trong thư mục con của cổng; dùng đường dẫn tương đối".to_string()
                } else {
                    format!(
                        " Đường dẫn tính từ trang của kế hoạch ({}); ví dụ tới trang chủ: `{}`",
                        page,
                        root_for(page)
                    )
                };
                d.warning(
                    &rp.plan.path,
                    Pos::line(line),
                    format!("liên kết `{url}` không dẫn tới trang nào của trang web.{hint}"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_links() {
        let page = "ke-hoach/2026/90-kh-ubnd/";
        assert_eq!(
            resolve(page, "../../../co-quan/so-tc/").as_deref(),
            Some("co-quan/so-tc/")
        );
        assert_eq!(
            resolve(page, "../269-kh-skhcn/").as_deref(),
            Some("ke-hoach/2026/269-kh-skhcn/")
        );
        assert_eq!(resolve(page, "../../../index.html").as_deref(), Some(""));
        assert_eq!(
            resolve(page, "/van-ban/79-nq-tw/").as_deref(),
            Some("van-ban/79-nq-tw/")
        );
        assert_eq!(resolve(page, "../../../../x/"), None);
    }
}
