//! The context each page's template receives (docs/themes.md is its public description): one
//! module per family of pages. What pages exist and where they are is `site::routes`; what a
//! plan, task, body or document looks like to a template is `super::views`.

mod body;
mod deadlines;
mod documents;
mod feeds;
mod home;
mod plan;
mod relations;
mod reports;

use super::views::*;
use super::Renderer;
use crate::resolve::DocTarget;
use crate::site::lists::{List, TaskList};
use crate::site::routes::{abs, root_for, Page};
use crate::site::{Site, Slot};
use serde_json::{json, Map, Value};

/// A page's variables: typed views put straight into Tera's values (`direct`), and those of
/// pages made once or a few times per build as JSON, which Tera converts.
#[derive(Default)]
pub struct Vars {
    pub json: Map<String, Value>,
    pub direct: Vec<(&'static str, tera::Value)>,
    /// Rows the page shows whose links were checked on an earlier page, in page order.
    pub checked_rows: Vec<tera::Value>,
}

impl Vars {
    /// Puts a typed view straight into Tera's values: built as JSON first, its keys and
    /// strings were copied twice.
    fn put<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, view: &T) {
        self.direct
            .push((name, tera::Value::from_serializable(view)));
    }
}

impl From<Map<String, Value>> for Vars {
    fn from(json: Map<String, Value>) -> Vars {
        Vars {
            json,
            direct: Vec::new(),
            checked_rows: Vec::new(),
        }
    }
}

pub fn context(r: &Renderer, page: &Page) -> Result<(&'static str, Vars), String> {
    let site = r.site;
    let url = page.url(site);
    let root = if *page == Page::NotFound {
        r.base_path.clone()
    } else {
        root_for(&url)
    };
    let cfg = &site.config();
    // Every page's own variables go straight into Tera's values; `site` is the same for all.
    let mut common = Vars::default();
    common.direct.push(("site", r.site_vars.clone()));
    let canonical = abs(&cfg.base_url, &url);
    if page.is_html() {
        common.put("meta", &super::meta::page_meta(site, page, &canonical));
    }
    common.put("root", &root);
    common.put("page_url", &url);
    common.put("canonical", &canonical);
    let (section, title, extra): (_, _, Vars) = match *page {
        Page::Home => ("home", cfg.title.clone(), home::home(r, &root)?.into()),
        Page::Plans(n) => (
            "plans",
            page_title("Danh sách kế hoạch", n),
            documents::plans(site, n).into(),
        ),
        Page::Plan(p) => ("plans", site.plan_label(p), plan::plan(r, p, &root)),
        Page::Bodies => (
            "bodies",
            "Cơ quan, đơn vị".into(),
            body::bodies(site).into(),
        ),
        Page::Body(b) => (
            "bodies",
            site.body(b).label.clone(),
            body::body(r, b, &root)?,
        ),
        Page::Deadlines => (
            "deadlines",
            "Nhiệm vụ theo thời hạn".into(),
            deadlines::deadlines(site).into(),
        ),
        Page::Year(y) => (
            "deadlines",
            format!("Nhiệm vụ đến hạn năm {y}"),
            deadlines::year(site, y).into(),
        ),
        Page::Tasks(l, n) => (
            if l.body().is_some() {
                "bodies"
            } else {
                "deadlines"
            },
            page_title(&task_list_title(site, l), n),
            deadlines::task_list(r, l, n, &root)?,
        ),
        Page::Docs(n) => (
            "docs",
            page_title("Văn bản được viện dẫn", n),
            documents::documents(site, n).into(),
        ),
        Page::Doc(d) => {
            let doc = site.doc(d);
            (
                "docs",
                format!("{} số {}", doc.doc_type, doc.number),
                documents::document(site, d, &root),
            )
        }
        Page::Related(t, n) => (
            "docs",
            page_title(
                &format!("Kế hoạch liên quan đến {}", target_label(site, t)),
                n,
            ),
            documents::related(site, t, n).into(),
        ),
        Page::Search => ("search", "Tìm kiếm".into(), Vars::default()),
        Page::Progress => {
            let mut vars: Vars = super::dashboard::progress_page(site, &root).into();
            vars.put("missing_reports", &reports::missing_all(site));
            ("progress", "Tình hình thực hiện nhiệm vụ".into(), vars)
        }
        Page::Accessibility => ("", "Tuyên bố về khả năng tiếp cận".into(), Vars::default()),
        Page::Data => ("", "Dữ liệu mở".into(), home::data_page(site).into()),
        Page::NotFound => ("", "Không tìm thấy trang".into(), Vars::default()),
        Page::Feed => (
            "",
            cfg.title.clone(),
            feeds::feed(site, (0..site.plans().len()).rev().collect(), &url),
        ),
        Page::BodyFeed(b) => (
            "",
            format!("{} — {}", site.body(b).label, cfg.title),
            feeds::feed(site, feeds::body_feed_plans(site, b), &url),
        ),
        Page::DocFeed(d) => (
            "",
            format!(
                "Thực hiện {} số {}",
                site.doc(d).doc_type,
                site.doc(d).number
            ),
            feeds::feed(site, crate::site::routes::doc_feed_plans(site, d), &url),
        ),
        Page::Sitemap => ("", String::new(), feeds::sitemap(site, None)),
        Page::SitemapPart(n) => ("", String::new(), feeds::sitemap(site, Some(n))),
        Page::Reports => (
            "reports",
            "Báo cáo kết quả thực hiện".into(),
            reports::list(site),
        ),
        Page::Report(rid) => (
            "reports",
            report_label(site.report(rid)),
            reports::page(site, rid, &root),
        ),
        Page::ReportFeed => (
            "",
            format!("Báo cáo — {}", cfg.title),
            reports::feed(site, &url),
        ),
        Page::Robots => (
            "",
            String::new(),
            to_map(json!({"sitemap": abs(&cfg.base_url, &Page::Sitemap.url(site))})).into(),
        ),
    };
    common.put("section", section);
    common.put("title", &title);
    let mut vars = extra;
    vars.direct.append(&mut common.direct);
    Ok((template(page), vars))
}

/// `site` in every page's variables (docs/themes.md), made once per build.
pub fn site_vars(site: &Site) -> tera::Value {
    #[derive(serde::Serialize)]
    struct SiteView<'a> {
        title: &'a str,
        description: &'a str,
        organization: &'a str,
        contact: &'a crate::content::Contact,
        base_url: &'a str,
        language: &'a str,
        as_of: String,
        as_of_iso: String,
        plan_count: usize,
        task_count: usize,
    }
    let cfg = &site.config();
    tera::Value::from_serializable(&SiteView {
        title: &cfg.title,
        description: &cfg.description,
        organization: &cfg.organization,
        contact: &cfg.contact,
        base_url: &cfg.base_url,
        language: &cfg.language,
        as_of: date_vi(site.as_of()),
        as_of_iso: site.as_of().to_string(),
        plan_count: site.plans().len(),
        task_count: site.task_count(),
    })
}

/// The theme template a page is made with.
pub fn template(page: &Page) -> &'static str {
    match page {
        Page::Home => "index.html",
        Page::Plans(_) => "plans.html",
        Page::Plan(_) => "plan.html",
        Page::Bodies => "bodies.html",
        Page::Body(_) => "body.html",
        Page::Deadlines => "deadlines.html",
        Page::Year(_) => "deadline_year.html",
        Page::Tasks(..) => "task_list.html",
        Page::Docs(_) => "documents.html",
        Page::Doc(_) => "document.html",
        Page::Related(..) => "related.html",
        Page::Search => "search.html",
        Page::Accessibility => "accessibility.html",
        Page::Data => "data.html",
        Page::Progress => "progress.html",
        Page::NotFound => "404.html",
        Page::Feed | Page::BodyFeed(_) | Page::DocFeed(_) => "feed.xml",
        Page::Sitemap | Page::SitemapPart(_) => "sitemap.xml",
        Page::Robots => "robots.txt",
        Page::Reports => "reports.html",
        Page::Report(_) => "report.html",
        Page::ReportFeed => "feed.xml",
    }
}

/// The title of a list by deadline that is not a year's.
fn list_title(l: List) -> &'static str {
    match l {
        List::Overdue => "Nhiệm vụ quá hạn",
        List::PastDeadline => "Nhiệm vụ đã qua thời hạn, chưa có báo cáo",
        List::Ongoing => "Nhiệm vụ thường xuyên",
        List::Yearly => "Nhiệm vụ hằng năm",
        List::Unscheduled => "Nhiệm vụ chưa xác định thời hạn",
    }
}

fn task_list_title(site: &Site, l: TaskList) -> String {
    match l {
        TaskList::Led(b) => format!("Nhiệm vụ do {} chủ trì", site.body(b).label),
        TaskList::LedByUnits(b) => format!(
            "Nhiệm vụ do các đơn vị thuộc {} chủ trì",
            site.body(b).label
        ),
        TaskList::Supported(b) => format!("Nhiệm vụ {} phối hợp thực hiện", site.body(b).label),
        TaskList::Bucket(l) => list_title(l).into(),
        TaskList::Slot(y, s) => format!("Nhiệm vụ có thời hạn {}", slot_label(y, s)),
    }
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

fn slot_label(y: i32, s: Slot) -> String {
    match s {
        Slot::Month(m) => format!("trong tháng {m}/{y}"),
        Slot::Quarter(q) => format!("cả quý {}/{y}", ROMAN[q as usize - 1]),
        Slot::Year => format!("cả năm hoặc nhiều quý, kết thúc năm {y}"),
    }
}

/// "Kế hoạch số 90/KH-UBND", "Nghị quyết số 79-NQ/TW".
fn target_label(site: &Site, t: DocTarget) -> String {
    match t {
        DocTarget::Plan(p) => site.plan_label(p),
        DocTarget::Doc(d) => format!("{} số {}", site.doc(d).doc_type, site.doc(d).number),
    }
}

/// Finished HTML (rows made once), as Tera's safe strings.
fn safe_strings(list: Vec<String>) -> tera::Value {
    list.iter()
        .map(|s| tera::Value::safe_string(s))
        .collect::<Vec<_>>()
        .into()
}

fn to_map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// "Danh sách kế hoạch (trang 2)".
fn page_title(title: &str, n: usize) -> String {
    if n == 0 {
        title.to_string()
    } else {
        format!("{title} (trang {})", n + 1)
    }
}

/// Links between the pages of a list. The first page links every page; the others link the
/// first, the previous and the next, so that a list growing by a page changes few pages.
fn pager(site: &Site, count: usize, n: usize, page: impl Fn(usize) -> Page) -> Option<Pager> {
    if count <= 1 {
        return None;
    }
    let url = |i: usize| page(i).url(site);
    Some(Pager {
        current: n + 1,
        first: url(0),
        prev: (n > 0).then(|| url(n - 1)),
        next: (n + 1 < count).then(|| url(n + 1)),
        pages: if n == 0 {
            (0..count)
                .map(|i| PageLink {
                    number: i + 1,
                    url: url(i),
                })
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// What templates receive as `pager` (none for a list of one page).
#[derive(serde::Serialize)]
struct Pager {
    current: usize,
    first: String,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(serde::Serialize)]
struct PageLink {
    number: usize,
    url: String,
}
