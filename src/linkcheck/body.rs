//! The links staff write in plan bodies, checked against the pages the site will have: a link
//! to a page or task anchor that does not exist is a warning with file and line.

use crate::diag::{Diagnostics, Pos};
use crate::site::routes::{self, root_for, DataFile, Page};
use crate::site::Site;
use std::collections::{HashMap, HashSet};

/// Every path the build writes: pages as their folder URL, other files by name.
fn known_paths(site: &Site) -> HashSet<String> {
    let mut set: HashSet<String> = Page::all(site).iter().map(|p| p.url(site)).collect();
    set.extend(DataFile::all(site).iter().flat_map(|d| d.files(site)));
    set.extend(crate::render::theme::builtin_statics().map(routes::asset));
    set
}

pub fn check_body_links(site: &Site, d: &mut Diagnostics) {
    // Links are rare in plan bodies: the list of pages is made only when there is one to check.
    let mut known: Option<HashSet<String>> = None;
    let mut plan_by_url: Option<HashMap<&str, usize>> = None;
    for (p, rp) in site.plans().iter().enumerate() {
        let page = &site.plan_urls()[p];
        for (url, line) in &rp.links {
            let url = url.as_str();
            if url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:") {
                continue;
            }
            let (path, frag) = url
                .split_once('#')
                .map_or((url, None), |(a, b)| (a, Some(b)));
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                routes::join(page, path)
            };
            let ok = match (&target, frag) {
                (None, _) => false,
                (Some(t), Some(f)) if f.starts_with(routes::TASK_ANCHOR) => {
                    let by_url = plan_by_url.get_or_insert_with(|| {
                        site.plan_urls()
                            .iter()
                            .enumerate()
                            .map(|(i, u)| (u.as_str(), i))
                            .collect()
                    });
                    by_url.get(t.as_str()).is_some_and(|&q| {
                        site.plan(q)
                            .tasks
                            .iter()
                            .any(|t| t.slug == f[routes::TASK_ANCHOR.len()..])
                    })
                }
                (Some(t), _) => {
                    let known = known.get_or_insert_with(|| known_paths(site));
                    known.contains(t) || known.contains(&format!("{t}/"))
                }
            };
            let pos = Pos::line(*line);
            if ok && url.starts_with('/') {
                d.warning(&rp.path, pos, format!(
                    "liên kết `{url}` bắt đầu bằng `/`: sẽ hỏng khi trang đặt trong thư mục con của cổng thông tin; viết đường dẫn tương đối, ví dụ `{}{}`",
                    root_for(page), url.trim_start_matches('/')));
            }
            if !ok {
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
                    &rp.path,
                    pos,
                    format!("liên kết `{url}` không dẫn tới trang nào của trang web.{hint}"),
                );
            }
        }
    }
}
