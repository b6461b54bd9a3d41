//! The pages of the site (see the URL table of docs/content-model.md) and the context each
//! template receives.

use super::views::*;
use super::{chain, dashboard, markdown, Renderer};
use crate::resolve::{BodyId, DocId, DocTarget, PlanId, TaskKey};
pub use crate::site::lists::{task_pages, List, TaskList, MAX_ROWS, MIN_ROWS};
use crate::site::{Site, Slot, TaskState};
use chrono::Datelike;
use serde_json::{json, Map, Value};
use std::borrow::Cow;

impl List {
    pub fn slug(self) -> &'static str {
        match self {
            List::Overdue => "qua-han",
            List::Ongoing => "thuong-xuyen",
            List::Yearly => "hang-nam",
            List::Unscheduled => "chua-xac-dinh",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            List::Overdue => "Nhiệm vụ quá hạn",
            List::Ongoing => "Nhiệm vụ thường xuyên",
            List::Yearly => "Nhiệm vụ hằng năm",
            List::Unscheduled => "Nhiệm vụ chưa xác định thời hạn",
        }
    }
}

/// Rows per page of a long list: a phone opens any page of the site quickly, whatever the
/// number of plans.
pub const PER_PAGE: usize = 100;

/// The rows of page `n` of a list of `len` rows whose pages start at `starts`.
fn page_range(starts: &[usize], len: usize, n: usize) -> std::ops::Range<usize> {
    let from = starts.get(n).copied().unwrap_or(len);
    from..starts.get(n + 1).copied().unwrap_or(len)
}

/// A list split into pages: of [`PER_PAGE`] rows, or for tasks see [`task_pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Paged {
    Tasks(TaskList),
    Plans,
    Docs,
    /// The plans that carry out, cite or mention a plan or document.
    Related(DocTarget),
}

/// One row of a paged list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Task(TaskKey),
    Plan(PlanId),
    Doc(DocTarget),
}

impl Row {
    /// What the row shows, as (page URL, task anchor or ""): stable between builds, unlike
    /// indices, and made without allocating.
    pub fn key<'a>(&self, site: &'a Site) -> (&'a str, &'a str) {
        match *self {
            Row::Task(k) => (&site.plan_urls[k.plan()], site.anchor(k)),
            Row::Plan(p) => (&site.plan_urls[p], ""),
            Row::Doc(t) => (site.target_url(t), ""),
        }
    }
}

impl Row {
    /// A digest of what a template receives for the row: two builds show the row alike when
    /// the digests agree.
    pub fn digest(&self, site: &Site) -> u64 {
        use std::hash::{Hash, Hasher};
        let bytes = match *self {
            // Through a JSON value, whose maps are sorted: the row's deadline and bodies are
            // Tera's maps, which serialize in their hasher's order, not the same twice.
            Row::Task(k) => serde_json::to_value(task_row(site, &SharedViews::default(), k, ""))
                .and_then(|v| serde_json::to_vec(&v)),
            Row::Plan(p) => serde_json::to_vec(&plan_row(site, p)),
            Row::Doc(t) => serde_json::to_vec(&doc_row(site, t)),
        }
        .unwrap_or_default();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        h.finish()
    }
}

impl Paged {
    pub fn len(&self, site: &Site) -> usize {
        match self {
            Paged::Tasks(l) => l.keys(site).len(),
            Paged::Plans => site.r.plans.len(),
            Paged::Docs => site.doc_order.len(),
            Paged::Related(t) => related_plans(site, *t).len(),
        }
    }

    /// Where each of the list's pages starts.
    pub fn starts(&self, site: &Site) -> Vec<usize> {
        match self {
            Paged::Tasks(l) => site.task_pages(*l).to_vec(),
            _ => (0..page_count(self.len(site)))
                .map(|n| n * PER_PAGE)
                .collect(),
        }
    }

    /// Rows `from..to` of the list (the related plans are gathered once, not per row).
    pub fn rows(&self, site: &Site, from: usize, to: usize) -> Vec<Row> {
        match self {
            Paged::Tasks(l) => l.keys(site)[from..to]
                .iter()
                .map(|&k| Row::Task(k))
                .collect(),
            Paged::Plans => (from..to)
                .map(|i| Row::Plan(site.r.plans.len() - 1 - i))
                .collect(),
            Paged::Docs => site.doc_order[from..to]
                .iter()
                .map(|&d| Row::Doc(d))
                .collect(),
            Paged::Related(t) => related_plans(site, *t)[from..to]
                .iter()
                .map(|&p| Row::Plan(p))
                .collect(),
        }
    }
}

/// How many plans a plan or document page lists in each of "cited by" and "mentioned by"
/// (and how many top-level entries its chain shows) before pointing to the full, paged list:
/// a directive that thousands of plans name keeps a page a phone can open.
pub const RELATED_INLINE: usize = 20;

/// The plans that carry out, cite or mention `t`, each once: implementers (as a whole or by
/// a task) first, then the plans that cite it as a basis, then those that mention it.
pub fn related_plans(site: &Site, t: DocTarget) -> Vec<PlanId> {
    let l = site.links(t);
    let mut seen = rustc_hash::FxHashSet::default();
    l.implemented_by_plans
        .iter()
        .copied()
        .chain(l.implemented_by_tasks.iter().map(|k| k.plan()))
        .chain(l.cited_by.iter().copied())
        .chain(l.mentioned_by.iter().copied())
        .filter(|p| seen.insert(*p))
        .collect()
}

/// Whether `t` has its own paged list of related plans (too many to show on its page).
fn has_related_list(site: &Site, t: DocTarget) -> bool {
    let l = site.links(t);
    l.cited_by.len() > RELATED_INLINE
        || l.mentioned_by.len() > RELATED_INLINE
        || l.implemented_by_plans.len() + l.implemented_by_tasks.len() > RELATED_INLINE
}

impl TaskList {
    /// URL of the first page.
    pub fn url(&self, site: &Site) -> String {
        match *self {
            TaskList::Led(b) => format!("{}chu-tri/", site.body_url(b)),
            TaskList::Supported(b) => format!("{}phoi-hop/", site.body_url(b)),
            TaskList::Bucket(l) => format!("thoi-han/{}/", l.slug()),
            TaskList::Slot(y, s) => format!("thoi-han/{y}/{}/", slot_slug(s)),
        }
    }

    fn title(&self, site: &Site) -> String {
        match *self {
            TaskList::Led(b) => format!("Nhiệm vụ do {} chủ trì", site.body(b).name),
            TaskList::Supported(b) => format!("Nhiệm vụ {} phối hợp thực hiện", site.body(b).name),
            TaskList::Bucket(l) => l.title().into(),
            TaskList::Slot(y, s) => format!("Nhiệm vụ có thời hạn {}", slot_label(y, s)),
        }
    }
}

fn slot_slug(s: Slot) -> String {
    match s {
        Slot::Month(m) => format!("thang-{m}"),
        Slot::Quarter(q) => format!("quy-{q}"),
        Slot::Year => "ca-nam".into(),
    }
}

fn slot_label(y: i32, s: Slot) -> String {
    match s {
        Slot::Month(m) => format!("trong tháng {m}/{y}"),
        Slot::Quarter(q) => format!("cả quý {}/{y}", ROMAN[q as usize - 1]),
        Slot::Year => format!("cả năm hoặc nhiều quý, kết thúc năm {y}"),
    }
}

fn page_count(rows: usize) -> usize {
    rows.div_ceil(PER_PAGE).max(1)
}

fn page_suffix(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("trang-{}/", n + 1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    /// Every plan, newest first, one page of [`PER_PAGE`] at a time.
    Plans(usize),
    Plan(PlanId),
    Bodies,
    Body(BodyId),
    Deadlines,
    Year(i32),
    Tasks(TaskList, usize),
    Docs(usize),
    Doc(DocId),
    /// The plans related to a plan or document with many of them, [`PER_PAGE`] at a time.
    Related(DocTarget, usize),
    Search,
    /// Tuyên bố về khả năng tiếp cận.
    Accessibility,
    /// How to use the open data.
    Data,
    /// Tình hình thực hiện: the city-wide dashboard and the table of bodies.
    Progress,
    NotFound,
    Feed,
    /// The plans a body issues or has tasks in, as an Atom feed.
    BodyFeed(BodyId),
    /// The plans that carry out a directive (of directives.yaml), all the way down.
    DocFeed(DocId),
    Sitemap,
    Robots,
}

impl Page {
    pub fn all(site: &Site) -> Vec<Page> {
        let mut v = vec![
            Page::Home,
            Page::Bodies,
            Page::Deadlines,
            Page::Search,
            Page::Accessibility,
            Page::Data,
            Page::Progress,
            Page::NotFound,
            Page::Feed,
            Page::Sitemap,
            Page::Robots,
        ];
        v.extend((0..page_count(site.r.plans.len())).map(Page::Plans));
        v.extend((0..page_count(doc_count(site))).map(Page::Docs));
        v.extend((0..site.r.plans.len()).map(Page::Plan));
        let paged = |v: &mut Vec<Page>, list: TaskList| {
            let pages = site.task_pages(list).len();
            v.extend((0..pages).map(|n| Page::Tasks(list, n)));
        };
        for b in 0..site.r.bodies.len() {
            v.push(Page::Body(b));
            let l = &site.body_links[b];
            if !l.led.is_empty() {
                paged(&mut v, TaskList::Led(b));
            }
            if !l.supported.is_empty() {
                paged(&mut v, TaskList::Supported(b));
            }
        }
        for &y in site.buckets.years.keys() {
            v.push(Page::Year(y));
            for &(_, s) in site
                .buckets
                .slots
                .range((y, Slot::Month(0))..=(y, Slot::Year))
                .map(|(k, _)| k)
            {
                paged(&mut v, TaskList::Slot(y, s));
            }
        }
        for l in List::ALL {
            paged(&mut v, TaskList::Bucket(l));
        }
        v.extend((0..site.r.docs.len()).map(Page::Doc));
        let targets = (0..site.r.plans.len())
            .map(DocTarget::Plan)
            .chain((0..site.r.docs.len()).map(DocTarget::Doc));
        for t in targets.filter(|&t| has_related_list(site, t)) {
            let rows = related_plans(site, t).len();
            v.extend((0..page_count(rows)).map(|n| Page::Related(t, n)));
        }
        v.extend(
            (0..site.r.bodies.len())
                .filter(|&b| has_body_feed(site, b))
                .map(Page::BodyFeed),
        );
        v.extend(
            (0..site.r.docs.len())
                .filter(|&d| site.doc(d).registered)
                .map(Page::DocFeed),
        );
        v
    }

    /// The long list this page is one page of, and which page.
    pub fn paged(&self) -> Option<(Paged, usize)> {
        match *self {
            Page::Tasks(l, n) => Some((Paged::Tasks(l), n)),
            Page::Plans(n) => Some((Paged::Plans, n)),
            Page::Docs(n) => Some((Paged::Docs, n)),
            Page::Related(t, n) => Some((Paged::Related(t), n)),
            _ => None,
        }
    }

    /// Site-relative URL of the page ("" for the home page).
    pub fn url(&self, site: &Site) -> String {
        match *self {
            Page::Home => String::new(),
            Page::Plans(n) => format!("ke-hoach/{}", page_suffix(n)),
            Page::Plan(p) => site.plan_urls[p].clone(),
            Page::Bodies => "co-quan/".into(),
            Page::Body(b) => site.body_url(b),
            Page::Deadlines => "thoi-han/".into(),
            Page::Year(y) => format!("thoi-han/{y}/"),
            Page::Tasks(l, n) => format!("{}{}", l.url(site), page_suffix(n)),
            Page::Docs(n) => format!("van-ban/{}", page_suffix(n)),
            Page::Doc(d) => site.doc_urls[d].clone(),
            Page::Related(t, n) => format!("{}lien-quan/{}", site.target_url(t), page_suffix(n)),
            Page::Search => "tim-kiem/".into(),
            Page::Accessibility => "tiep-can/".into(),
            Page::Data => "du-lieu/".into(),
            Page::Progress => "tien-do/".into(),
            Page::NotFound => "404.html".into(),
            Page::Feed => "feed.xml".into(),
            Page::BodyFeed(b) => format!("{}feed.xml", site.body_url(b)),
            Page::DocFeed(d) => format!("{}feed.xml", site.doc_urls[d]),
            Page::Sitemap => "sitemap.xml".into(),
            Page::Robots => "robots.txt".into(),
        }
    }

    /// Output file path.
    pub fn file(&self, site: &Site) -> String {
        let u = self.url(site);
        if u.is_empty() || u.ends_with('/') {
            format!("{u}index.html")
        } else {
            u
        }
    }

    /// The theme template the page is made with.
    pub fn template(&self) -> &'static str {
        match self {
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
            Page::Sitemap => "sitemap.xml",
            Page::Robots => "robots.txt",
        }
    }

    /// The plan, body, document or deadline bucket whose page this is, by URL; `None` for the
    /// site-wide pages (home, lists of everything, feed, sitemap), which show a bit of all.
    /// Borrowed where the site keeps the URL: a rebuild asks it of every page.
    pub fn owner<'a>(&self, site: &'a Site) -> Option<Cow<'a, str>> {
        let own = |s: String| Some(Cow::Owned(s));
        match *self {
            Page::Plan(p) => Some(Cow::Borrowed(&site.plan_urls[p])),
            Page::Doc(d) | Page::DocFeed(d) => Some(Cow::Borrowed(&site.doc_urls[d])),
            Page::Related(t, _) => Some(Cow::Borrowed(site.target_url(t))),
            Page::Body(b) | Page::BodyFeed(b) => own(site.body_url(b)),
            Page::Year(_) => own(self.url(site)),
            Page::Tasks(TaskList::Led(b) | TaskList::Supported(b), _) => own(site.body_url(b)),
            Page::Tasks(TaskList::Slot(y, _), _) => own(Page::Year(y).url(site)),
            Page::Tasks(l @ TaskList::Bucket(_), _) => own(l.url(site)),
            _ => None,
        }
    }

    pub fn is_html(&self) -> bool {
        !matches!(
            self,
            Page::Feed | Page::BodyFeed(_) | Page::DocFeed(_) | Page::Sitemap | Page::Robots
        )
    }
}

/// "../../" for a page two folders deep; "./" for the home page.
pub fn root_for(url: &str) -> String {
    let depth = url.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

fn abs(base: &str, url: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), url)
}

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
    let cfg = &site.r.config;
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
        Page::Home => ("home", cfg.title.clone(), home(r, &root)?.into()),
        Page::Plans(n) => (
            "plans",
            page_title("Danh sách kế hoạch", n),
            plans(site, n).into(),
        ),
        Page::Plan(p) => ("plans", plan_label(site, p), plan(r, p, &root)),
        Page::Bodies => ("bodies", "Cơ quan, đơn vị".into(), bodies(site).into()),
        Page::Body(b) => ("bodies", site.body(b).name.clone(), body(r, b, &root)?),
        Page::Deadlines => (
            "deadlines",
            "Nhiệm vụ theo thời hạn".into(),
            deadlines(site).into(),
        ),
        Page::Year(y) => (
            "deadlines",
            format!("Nhiệm vụ đến hạn năm {y}"),
            year(site, y).into(),
        ),
        Page::Tasks(l, n) => (
            if matches!(l, TaskList::Led(_) | TaskList::Supported(_)) {
                "bodies"
            } else {
                "deadlines"
            },
            page_title(&l.title(site), n),
            task_list(r, l, n, &root)?,
        ),
        Page::Docs(n) => (
            "docs",
            page_title("Văn bản được viện dẫn", n),
            documents(site, n).into(),
        ),
        Page::Doc(d) => {
            let doc = site.doc(d);
            (
                "docs",
                format!("{} số {}", doc.doc_type, doc.number),
                document(site, d, &root),
            )
        }
        Page::Related(t, n) => (
            "docs",
            page_title(
                &format!("Kế hoạch liên quan đến {}", target_label(site, t)),
                n,
            ),
            related(site, t, n).into(),
        ),
        Page::Search => ("search", "Tìm kiếm".into(), Vars::default()),
        Page::Progress => (
            "progress",
            "Tình hình thực hiện nhiệm vụ".into(),
            dashboard::progress_page(site, &root).into(),
        ),
        Page::Accessibility => ("", "Tuyên bố về khả năng tiếp cận".into(), Vars::default()),
        Page::Data => ("", "Dữ liệu mở".into(), data_page(site).into()),
        Page::NotFound => ("", "Không tìm thấy trang".into(), Vars::default()),
        Page::Feed => (
            "",
            cfg.title.clone(),
            feed(site, (0..site.r.plans.len()).rev().collect(), "feed.xml"),
        ),
        Page::BodyFeed(b) => (
            "",
            format!("{} — {}", site.body(b).name, cfg.title),
            feed(site, body_feed_plans(site, b), &page.url(site)),
        ),
        Page::DocFeed(d) => (
            "",
            format!(
                "Thực hiện {} số {}",
                site.doc(d).doc_type,
                site.doc(d).number
            ),
            feed(site, doc_feed_plans(site, d), &page.url(site)),
        ),
        Page::Sitemap => ("", String::new(), sitemap(site)),
        Page::Robots => (
            "",
            String::new(),
            to_map(json!({"sitemap": abs(&cfg.base_url, "sitemap.xml")})).into(),
        ),
    };
    common.put("section", section);
    common.put("title", &title);
    let mut vars = extra;
    vars.direct.append(&mut common.direct);
    Ok((page.template(), vars))
}

/// `site` in every page's variables (docs/themes.md), made once per build.
pub fn site_vars(site: &Site) -> tera::Value {
    #[derive(serde::Serialize)]
    struct SiteView<'a> {
        title: &'a str,
        description: &'a str,
        organization: &'a str,
        base_url: &'a str,
        language: &'a str,
        as_of: String,
        as_of_iso: String,
        plan_count: usize,
        task_count: usize,
    }
    let cfg = &site.r.config;
    tera::Value::from_serializable(&SiteView {
        title: &cfg.title,
        description: &cfg.description,
        organization: &cfg.organization,
        base_url: &cfg.base_url,
        language: &cfg.language,
        as_of: date_vi(site.as_of()),
        as_of_iso: site.as_of().to_string(),
        plan_count: site.r.plans.len(),
        task_count: site.task_count(),
    })
}

/// The open-data guide: counts, and every field of every file, from the same tables that write
/// datapackage.json and the CSV header.
fn data_page(site: &Site) -> Map<String, Value> {
    use super::datapackage::{Field, PLAN_FIELDS, TASK_CSV_FIELDS, TASK_FIELDS};
    let list = |fields: &[Field]| -> Vec<Value> {
        fields
            .iter()
            .map(|f| json!({"name": f.name, "type": f.kind, "about": f.about}))
            .collect()
    };
    to_map(json!({
        "counts": {"plans": site.r.plans.len(), "tasks": site.task_count()},
        "files": [
            {"name": "ke-hoach.json", "fields": list(PLAN_FIELDS)},
            {"name": "nhiem-vu.json", "fields": list(TASK_FIELDS)},
            {"name": "nhiem-vu.csv", "fields": list(TASK_CSV_FIELDS)},
        ],
    }))
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

fn home(r: &Renderer, root: &str) -> Result<Map<String, Value>, String> {
    let site = r.site;
    let mut newest: Vec<PlanId> = (0..site.r.plans.len()).collect();
    newest.reverse();
    newest.truncate(8);
    let as_of = site.as_of();
    let mut upcoming: Vec<TaskKey> = site
        .buckets
        .years
        .range(as_of.year()..)
        .flat_map(|(_, v)| v.iter().copied())
        .filter(|&k| {
            let f = site.fact(k);
            f.to.is_some_and(|to| to >= as_of)
                && !matches!(f.state, TaskState::Done | TaskState::Cancelled)
        })
        .take(10)
        .collect();
    upcoming.sort_by_key(|&k| (site.fact(k).to, k));
    let overdue: Vec<TaskKey> = site.buckets.overdue.iter().take(10).copied().collect();
    let (all, next) = site.overview();
    Ok(to_map(json!({
        "counts": {
            "plans": site.r.plans.len(), "tasks": site.task_count(),
            "bodies": site.r.bodies.iter().filter(|b| b.registered).count(),
            "docs": site.r.docs.len(), "overdue": site.buckets.overdue.len(),
            "ongoing": site.buckets.ongoing.len(),
        },
        "newest": newest.iter().map(|&p| plan_row(site, p)).collect::<Vec<_>>(),
        "dashboard": dashboard::dashboard_of(site, all, next, "tong-quan", "Tình hình thực hiện toàn bộ nhiệm vụ", root),
        "upcoming_rows": r.task_rows(&upcoming, root)?,
        "overdue_rows": r.task_rows(&overdue, root)?,
    })))
}

fn plans(site: &Site, n: usize) -> Map<String, Value> {
    let total = site.r.plans.len();
    let mut years: Vec<(i32, Vec<PlanRow>)> = Vec::new();
    for p in (0..total).rev().skip(n * PER_PAGE).take(PER_PAGE) {
        let y = site.plan(p).plan.date.year;
        if years.last().is_none_or(|(yy, _)| *yy != y) {
            years.push((y, Vec::new()));
        }
        years.last_mut().unwrap().1.push(plan_row(site, p));
    }
    to_map(json!({
        "years": years.into_iter().map(|(y, p)| json!({"year": y, "plans": p})).collect::<Vec<_>>(),
        "total": total,
        "pager": pager(site, page_count(total), n, Page::Plans),
    }))
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

#[derive(serde::Serialize)]
struct Heading {
    level: usize,
    text: String,
}

/// A task of a plan's own table: its row, and what only the plan page shows.
struct TaskView<'a> {
    row: TaskRow<'a>,
    anchor: String,
    headings: Vec<Heading>,
    implements: Vec<Link>,
    children: Vec<TaskLink>,
    progress: Vec<Report<'a>>,
}

#[derive(serde::Serialize)]
struct Link {
    label: String,
    url: String,
}

impl serde::Serialize for TaskView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("TaskView", TaskRow::FIELDS + 5)?;
        self.row.fields(&mut s)?;
        s.serialize_field("anchor", &self.anchor)?;
        s.serialize_field("headings", &self.headings)?;
        s.serialize_field("implements", &self.implements)?;
        s.serialize_field("children", &self.children)?;
        s.serialize_field("progress", &self.progress)?;
        s.end()
    }
}

fn plan<'a>(r: &Renderer<'a>, p: PlanId, root: &str) -> Vars {
    let site = r.site;
    let rp = site.plan(p);
    let pl = &rp.plan;
    let link = |r: &crate::number::TextRef| -> Option<String> {
        // Same resolution as the mentions found when resolving, in the same order.
        let key = crate::number::normalize(&r.number);
        rp.mentions
            .iter()
            .find(|t| match **t {
                DocTarget::Plan(q) => crate::number::normalize(&site.plan(q).plan.number) == key,
                DocTarget::Doc(d) => site.doc(d).key == key,
            })
            .map(|&t| site.target_url(t).to_string())
    };
    let trust = site.r.config.trust_html;
    // The body, split where the task table and the targets are to be placed.
    let mut parts = Vec::new();
    let mut rest = pl.body.as_str();
    loop {
        let next = ["<!-- nhiem-vu -->", "<!-- chi-tieu -->"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min();
        match next {
            Some((i, marker)) => {
                parts.push(BodyPart {
                    html: markdown::to_html(&rest[..i], root, Some(&link), trust),
                    insert: if marker.contains("nhiem-vu") {
                        "tasks"
                    } else {
                        "targets"
                    },
                });
                rest = &rest[i + marker.len()..];
            }
            None => {
                parts.push(BodyPart {
                    html: markdown::to_html(rest, root, Some(&link), trust),
                    insert: "",
                });
                break;
            }
        }
    }
    let mut prev_group: &[String] = &[];
    let tasks: Vec<TaskView> = pl
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let k = TaskKey::new(p, i);
            let same = prev_group
                .iter()
                .zip(&t.group)
                .take_while(|(a, b)| a == b)
                .count();
            let headings = t
                .group
                .iter()
                .enumerate()
                .skip(same)
                .map(|(l, g)| Heading {
                    level: l,
                    text: g.clone(),
                })
                .collect();
            prev_group = &t.group;
            let implements = rp.tasks[i]
                .implements
                .iter()
                .map(|r| match r.task {
                    Some(tk) => Link {
                        label: task_link(site, tk).label,
                        url: site.task_url(tk),
                    },
                    None => {
                        let l = ref_link(site, r);
                        let label = match &r.task_id {
                            Some(id) => format!("{} (nhiệm vụ {id})", l.label),
                            None => l.label,
                        };
                        Link { label, url: l.url }
                    }
                })
                .collect();
            let children = site
                .task_children
                .get(&k)
                .map(|v| v.iter().map(|&c| task_link(site, c)).collect())
                .unwrap_or_default();
            let progress = t.progress.iter().map(report).collect();
            let row = task_row_titled(
                site,
                &r.shared,
                k,
                markdown::title_html_known(
                    &t.title,
                    Some(pl.citations.in_title(i).iter().map(|(r, _)| r)),
                    root,
                    Some(&link),
                    trust,
                ),
            );
            TaskView {
                row,
                anchor: format!("nv-{}", t.slug),
                headings,
                implements,
                children,
                progress,
            }
        })
        .collect();
    let named = |list: &'a [crate::resolve::Recipient]| -> Vec<Named<'a>> {
        list.iter()
            .map(|(n, b)| Named {
                name: n,
                url: b.map(|b| site.body_url(b)),
            })
            .collect()
    };
    let header = PlanHeader {
        label: plan_label(site, p),
        number: &pl.number,
        doc_type: &pl.doc_type,
        title: &pl.title,
        issuer: body_link(site, rp.issuer),
        date: pl.date.written(),
        date_label: pl.date.vietnamese(),
        place: &pl.place,
        signer: pl.signer.as_ref().map(|s| SignerView {
            name: &s.name,
            position: &s.position,
            authority: s
                .authority
                .split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .collect(),
        }),
        status: rp.status.as_str(),
        status_label: rp.status.label(),
        implements: rp.implements.iter().map(|r| ref_link(site, r)).collect(),
        based_on: rp.based_on.iter().map(|r| ref_link(site, r)).collect(),
        replaces: rp.replaces.iter().map(|r| ref_link(site, r)).collect(),
        replaced_by: rp.replaced_by.iter().map(|&q| plan_row(site, q)).collect(),
        recipients: named(&rp.recipients),
        distribution: named(&rp.distribution),
        targets: pl
            .targets
            .iter()
            .map(|t| TargetView {
                id: &t.id,
                text: &t.text,
            })
            .collect(),
        task_count: pl.tasks.len(),
        overdue_count: (0..pl.tasks.len())
            .filter(|&i| site.is_overdue(TaskKey::new(p, i)))
            .count(),
        source: &pl.path,
    };
    let caption = format!(
        "Tình hình thực hiện {} nhiệm vụ của kế hoạch",
        pl.tasks.len()
    );
    let mut vars = Vars::default();
    vars.put("plan", &header);
    vars.put("body_parts", &parts);
    vars.put(
        "dashboard",
        &dashboard::dashboard(site, site.plan_tasks(p), "tien-do-ke-hoach", &caption, root),
    );
    vars.put("timeline", &dashboard::timeline(site, p, "tien-trinh"));
    put_relations(&mut vars, site, DocTarget::Plan(p), root, "thuc-hien");
    vars.put("tasks", &tasks);
    vars
}

/// What the page of a plan or document shows of the documents around it: the chain of what
/// carries it out, the relation diagram (whose "… và N khác" boxes link to `more_anchor`),
/// and the plans that cite or mention it.
fn put_relations(vars: &mut Vars, site: &Site, t: DocTarget, root: &str, more_anchor: &str) {
    let links = site.links(t);
    let rows = |list: &[PlanId]| -> Vec<PlanRow> {
        list.iter()
            .take(RELATED_INLINE)
            .map(|&q| plan_row(site, q))
            .collect()
    };
    vars.put("chain", &chain::implementers(site, t));
    vars.put(
        "relations",
        &dashboard::relations(site, t, root, "luoc-do", more_anchor),
    );
    vars.put("cited_by", &rows(&links.cited_by));
    vars.put("mentioned_by", &rows(&links.mentioned_by));
    vars.put("related", &related_link(site, t));
}

/// A part of a plan's body, and what is placed after it ("tasks", "targets" or nothing).
#[derive(serde::Serialize)]
struct BodyPart {
    html: String,
    insert: &'static str,
}

/// A plan as its own page shows it at the top.
#[derive(serde::Serialize)]
struct PlanHeader<'a> {
    label: String,
    number: &'a str,
    doc_type: &'a str,
    title: &'a str,
    issuer: BodyLink<'a>,
    date: String,
    date_label: String,
    place: &'a str,
    signer: Option<SignerView<'a>>,
    status: &'static str,
    status_label: &'static str,
    implements: Vec<RefLink>,
    based_on: Vec<RefLink>,
    replaces: Vec<RefLink>,
    replaced_by: Vec<PlanRow<'a>>,
    recipients: Vec<Named<'a>>,
    distribution: Vec<Named<'a>>,
    targets: Vec<TargetView<'a>>,
    task_count: usize,
    overdue_count: usize,
    source: &'a str,
}

#[derive(serde::Serialize)]
struct SignerView<'a> {
    name: &'a str,
    position: &'a str,
    authority: Vec<&'a str>,
}

/// A body as a plan names it, linked where it resolved to a body of the site.
#[derive(serde::Serialize)]
struct Named<'a> {
    name: &'a str,
    url: Option<String>,
}

#[derive(serde::Serialize)]
struct TargetView<'a> {
    id: &'a str,
    text: &'a str,
}

fn bodies(site: &Site) -> Map<String, Value> {
    use crate::content::BodyKind::*;
    let kinds = [
        Some(Department),
        Some(Unit),
        Some(Commune),
        Some(Enterprise),
        Some(Group),
        Some(External),
        None,
    ];
    let groups: Vec<Value> = kinds
        .iter()
        .filter_map(|kind| {
            let mut list: Vec<BodyId> = (0..site.r.bodies.len()).filter(|&b| site.body(b).kind == *kind).collect();
            if list.is_empty() {
                return None;
            }
            crate::text::sort_by_collation(&mut list, |&b| site.body(b).name.as_str());
            let label = kind.map(|k| k.label()).unwrap_or("Chưa có trong danh mục");
            let items: Vec<Value> = list
                .iter()
                .map(|&b| {
                    let l = &site.body_links[b];
                    json!({"name": site.body(b).name, "url": site.body_url(b), "parent": site.body(b).parent.map(|p| body_link(site, p)),
                           "issued": l.issued.len(), "led": l.led.len(), "supported": l.supported.len()})
                })
                .collect();
            Some(json!({"label": label, "bodies": items}))
        })
        .collect();
    to_map(json!({ "groups": groups }))
}

fn body(r: &Renderer, b: BodyId, root: &str) -> Result<Vars, String> {
    #[derive(serde::Serialize)]
    struct BodyView<'a> {
        id: &'a str,
        name: &'a str,
        short: &'a str,
        aliases: &'a [String],
        kind_label: &'static str,
        registered: bool,
        parent: Option<BodyLink<'a>>,
        calendar: String,
        feed: String,
    }
    #[derive(serde::Serialize)]
    struct ListLink {
        url: String,
        count: usize,
    }
    let site = r.site;
    let body = site.body(b);
    let l = &site.body_links[b];
    let mut units = l.units.clone();
    crate::text::sort_by_collation(&mut units, |&u| site.body(u).name.as_str());
    // From the flat facts, not the resolved tasks: a body's page is remade whenever one of its
    // tasks is edited, and a body may lead thousands.
    let dated = l
        .led
        .iter()
        .chain(&l.supported)
        .any(|&k| site.fact(k).to.is_some());
    // The citizen's questions first: what is late, what is due next.
    let mut overdue: Vec<(Option<chrono::NaiveDate>, TaskKey)> = l
        .led
        .iter()
        .map(|&k| (site.fact(k), k))
        .filter(|(f, _)| f.state == TaskState::Overdue)
        .map(|(f, k)| (f.to, k))
        .collect();
    let overdue_count = overdue.len();
    if overdue.len() > BODY_PREVIEW {
        overdue.select_nth_unstable(BODY_PREVIEW);
        overdue.truncate(BODY_PREVIEW);
    }
    overdue.sort_unstable();
    let overdue: Vec<TaskKey> = overdue.into_iter().map(|(_, k)| k).collect();
    // The dashboard's tally and next deadlines, and the longer list of what is due next shown
    // above it, in one pass.
    let (tally, upcoming) = site.tally_and_next(l.led.iter().copied(), BODY_PREVIEW);
    let issued: Vec<PlanRow> = l
        .issued
        .iter()
        .rev()
        .take(ISSUED_PREVIEW)
        .map(|&p| plan_row(site, p))
        .collect();
    let list = |t: TaskList, n: usize| {
        (n > 0).then(|| ListLink {
            url: t.url(site),
            count: n,
        })
    };
    let mut vars = Vars::default();
    vars.put(
        "body",
        &BodyView {
            id: &body.id,
            name: &body.name,
            short: &body.short,
            aliases: &body.aliases,
            kind_label: body
                .kind
                .map(|k| k.label())
                .unwrap_or("Chưa có trong danh mục"),
            registered: body.registered,
            parent: body.parent.map(|p| body_link(site, p)),
            calendar: if dated {
                format!("lich/{}.ics", body.id)
            } else {
                String::new()
            },
            feed: if has_body_feed(site, b) {
                Page::BodyFeed(b).url(site)
            } else {
                String::new()
            },
        },
    );
    let units: Vec<BodyLink> = units.iter().map(|&u| body_link(site, u)).collect();
    vars.put("units", &units);
    vars.put("issued", &issued);
    vars.put("issued_count", &l.issued.len());
    vars.put("led", &list(TaskList::Led(b), l.led.len()));
    vars.put(
        "supported",
        &list(TaskList::Supported(b), l.supported.len()),
    );
    vars.put("led_count", &l.led.len());
    vars.put("supported_count", &l.supported.len());
    vars.put("overdue_rows", &r.task_rows(&overdue, root)?);
    vars.put("upcoming_rows", &r.task_rows(&upcoming, root)?);
    vars.put("overdue_count", &overdue_count);
    let caption = format!(
        "Tình hình thực hiện {} nhiệm vụ do {} chủ trì",
        l.led.len(),
        body.name
    );
    let next = &upcoming[..upcoming.len().min(crate::site::NEXT)];
    vars.put(
        "dashboard",
        &dashboard::dashboard_of(site, &tally, next, "tien-do-co-quan", &caption, root),
    );
    Ok(vars)
}

/// Tasks shown on a body's own page before the links to its full lists.
const BODY_PREVIEW: usize = 10;
/// Plans shown on the page of the body that issued them, newest first.
const ISSUED_PREVIEW: usize = 50;

fn deadlines(site: &Site) -> Map<String, Value> {
    let years: Vec<Value> = site
        .buckets
        .years
        .iter()
        .map(|(y, keys)| {
            // From the flat facts, not the resolved tasks: this page is remade on every edit.
            let (mut q, mut overdue) = ([0usize; 4], 0);
            for &k in keys.iter() {
                let f = site.fact(k);
                if let Some(to) = f.to {
                    q[crate::resolve::deadline::quarter(to) as usize - 1] += 1;
                }
                overdue += usize::from(f.state == TaskState::Overdue);
            }
            json!({"year": y, "url": format!("thoi-han/{y}/"), "count": keys.len(), "quarters": q,
                   "overdue": overdue})
        })
        .collect();
    let lists: Vec<Value> = List::ALL
        .iter()
        .map(|l| json!({"slug": l.slug(), "title": l.title(), "url": format!("thoi-han/{}/", l.slug()), "count": l.tasks(site).len()}))
        .collect();
    to_map(json!({"years": years, "lists": lists}))
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

fn year(site: &Site, y: i32) -> Map<String, Value> {
    let keys = &site.buckets.years[&y];
    // Each slot's tasks are listed already (`Buckets::slots`).
    let count: std::collections::BTreeMap<Slot, (usize, usize)> = site
        .buckets
        .slots
        .range((y, Slot::Month(0))..=(y, Slot::Year))
        .map(|(&(_, s), keys)| {
            let late = keys.iter().filter(|&&k| site.is_overdue(k)).count();
            (s, (keys.len(), late))
        })
        .collect();
    let cell = |s: Slot| {
        let (n, late) = count.get(&s).copied().unwrap_or_default();
        json!({"label": slot_label(y, s), "count": n, "overdue": late,
               "url": if n > 0 { TaskList::Slot(y, s).url(site) } else { String::new() }})
    };
    let quarters: Vec<Value> = (1..=4u32)
        .map(|q| {
            let months: Vec<Value> = (q * 3 - 2..=q * 3)
                .map(|m| {
                    let mut c = cell(Slot::Month(m));
                    c["name"] = json!(format!("Tháng {m}/{y}"));
                    c
                })
                .collect();
            json!({"quarter": q, "label": format!("Quý {}/{y}", ROMAN[q as usize - 1]),
                   "whole": cell(Slot::Quarter(q)), "months": months})
        })
        .collect();
    to_map(json!({
        "year": y,
        "count": keys.len(),
        "overdue": keys.iter().filter(|&&k| site.is_overdue(k)).count(),
        "quarters": quarters,
        "long": cell(Slot::Year),
        "years": site.buckets.years.keys().collect::<Vec<_>>(),
    }))
}

fn task_list(r: &Renderer, l: TaskList, n: usize, root: &str) -> Result<Vars, String> {
    let site = r.site;
    let keys = l.keys(site);
    let starts = r.task_pages(l);
    let chunk = &keys[page_range(&starts, keys.len(), n)];
    #[derive(serde::Serialize)]
    struct ListView<'a> {
        title: String,
        url: String,
        total: usize,
        intro: &'static str,
        parent: Option<Parent<'a>>,
        deadlines: bool,
    }
    #[derive(serde::Serialize)]
    struct Parent<'a> {
        name: Cow<'a, str>,
        url: String,
    }
    let (parent, intro) = match l {
        TaskList::Led(b) | TaskList::Supported(b) => (
            Some(Parent {
                name: site.body(b).name.as_str().into(),
                url: site.body_url(b),
            }),
            "",
        ),
        TaskList::Bucket(List::Overdue) => (None, "overdue"),
        TaskList::Bucket(List::Unscheduled) => (None, "unscheduled"),
        TaskList::Bucket(_) => (None, ""),
        TaskList::Slot(y, _) => (
            Some(Parent {
                name: format!("Năm {y}").into(),
                url: format!("thoi-han/{y}/"),
            }),
            "",
        ),
    };
    let mut vars = Vars::default();
    vars.put(
        "list",
        &ListView {
            title: l.title(site),
            url: l.url(site),
            total: keys.len(),
            intro,
            parent,
            deadlines: !matches!(l, TaskList::Led(_) | TaskList::Supported(_)),
        },
    );
    vars.put(
        "pager",
        &pager(site, starts.len(), n, |i| Page::Tasks(l, i)),
    );
    let rows = safe_strings(r.task_rows(chunk, root)?);
    if r.checking {
        let list = rows.as_array().unwrap_or_default();
        vars.checked_rows = chunk
            .iter()
            .zip(list)
            .filter(|(&k, _)| r.row_checked_before(k))
            .map(|(_, row)| row.clone())
            .collect();
    }
    vars.direct.push(("task_rows", rows));
    Ok(vars)
}

/// One row of the document list.
fn doc_row(site: &Site, t: DocTarget) -> Value {
    let l = site.links(t);
    let link = target_link(site, t);
    let issuer = match t {
        DocTarget::Plan(p) => site.body(site.plan(p).issuer).name.clone(),
        DocTarget::Doc(d) => site.doc(d).issuer.clone(),
    };
    json!({"link": link, "issuer": issuer,
           "implementers": l.implemented_by_plans.len() + l.implemented_by_docs.len() + l.implemented_by_tasks.len(),
           "citers": l.cited_by.len() + l.mentioned_by.len()})
}

fn doc_count(site: &Site) -> usize {
    site.r.docs.len() + site.r.plans.len()
}

fn documents(site: &Site, n: usize) -> Map<String, Value> {
    let all = &site.doc_order;
    let docs: Vec<Value> = all
        .iter()
        .skip(n * PER_PAGE)
        .take(PER_PAGE)
        .map(|&t| doc_row(site, t))
        .collect();
    to_map(
        json!({"docs": docs, "total": all.len(), "pager": pager(site, page_count(all.len()), n, Page::Docs)}),
    )
}

fn document(site: &Site, d: DocId, root: &str) -> Vars {
    #[derive(serde::Serialize)]
    struct DocView<'a> {
        number: &'a str,
        doc_type: &'a str,
        title: &'a str,
        issuer: &'a str,
        issuer_url: Option<String>,
        date_label: String,
        official_url: &'a str,
        registered: bool,
        feed: String,
        implements: Vec<RefLink>,
    }
    let doc = site.doc(d);
    let mut vars = Vars::default();
    vars.put(
        "doc",
        &DocView {
            number: &doc.number,
            doc_type: &doc.doc_type,
            title: &doc.title,
            issuer: &doc.issuer,
            issuer_url: doc.issuer_body.map(|b| site.body_url(b)),
            date_label: doc.date.map(|x| x.vietnamese()).unwrap_or_default(),
            official_url: &doc.url,
            registered: doc.registered,
            feed: if doc.registered {
                Page::DocFeed(d).url(site)
            } else {
                String::new()
            },
            implements: doc.implements.iter().map(|r| ref_link(site, r)).collect(),
        },
    );
    put_relations(&mut vars, site, DocTarget::Doc(d), root, "chuoi");
    vars
}

/// "Kế hoạch số 90/KH-UBND", "Nghị quyết số 79-NQ/TW".
fn target_label(site: &Site, t: DocTarget) -> String {
    match t {
        DocTarget::Plan(p) => site.plan_label(p),
        DocTarget::Doc(d) => format!("{} số {}", site.doc(d).doc_type, site.doc(d).number),
    }
}

/// The first page of the paged list of plans related to `t`, when it has one.
pub fn related_list_url(site: &Site, t: DocTarget) -> Option<String> {
    has_related_list(site, t).then(|| Page::Related(t, 0).url(site))
}

/// On a plan or document page: the paged list of every related plan, when there is one.
/// The link to the page listing every plan related to `t`, when there is one.
#[derive(serde::Serialize)]
struct RelatedLink {
    url: String,
    count: usize,
    inline: usize,
    chain_max: usize,
}

fn related_link(site: &Site, t: DocTarget) -> Option<RelatedLink> {
    has_related_list(site, t).then(|| RelatedLink {
        url: Page::Related(t, 0).url(site),
        count: related_plans(site, t).len(),
        inline: RELATED_INLINE,
        chain_max: chain::MAX_NODES,
    })
}

fn related(site: &Site, t: DocTarget, n: usize) -> Map<String, Value> {
    let all = related_plans(site, t);
    let plans: Vec<PlanRow> = all
        .iter()
        .skip(n * PER_PAGE)
        .take(PER_PAGE)
        .map(|&q| plan_row(site, q))
        .collect();
    to_map(json!({
        "target": {"label": target_label(site, t), "url": site.target_url(t)},
        "plans": plans, "total": all.len(),
        "pager": pager(site, page_count(all.len()), n, |i| Page::Related(t, i)),
    }))
}

/// Whether [`body_feed_plans`] has any, without gathering them.
fn has_body_feed(site: &Site, b: BodyId) -> bool {
    let l = &site.body_links[b];
    !(l.issued.is_empty() && l.led.is_empty() && l.supported.is_empty())
}

/// Plans a body issued or has tasks in, newest first.
fn body_feed_plans(site: &Site, b: BodyId) -> Vec<PlanId> {
    let l = &site.body_links[b];
    let mut v: Vec<PlanId> = l
        .issued
        .iter()
        .copied()
        .chain(l.led.iter().chain(&l.supported).map(|k| k.plan()))
        .collect();
    v.sort_unstable_by(|a, b| b.cmp(a));
    v.dedup();
    v
}

/// Plans that carry out a document: directly, through one of their tasks, or through a plan or
/// document that carries it out; newest first.
fn doc_feed_plans(site: &Site, d: DocId) -> Vec<PlanId> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    let mut todo = vec![DocTarget::Doc(d)];
    while let Some(t) = todo.pop() {
        if !seen.insert(t) {
            continue;
        }
        let l = site.links(t);
        for p in l
            .implemented_by_plans
            .iter()
            .copied()
            .chain(l.implemented_by_tasks.iter().map(|k| k.plan()))
        {
            out.push(p);
            todo.push(DocTarget::Plan(p));
        }
        todo.extend(l.implemented_by_docs.iter().map(|&x| DocTarget::Doc(x)));
    }
    out.sort_unstable_by(|a, b| b.cmp(a));
    out.dedup();
    out
}

/// An Atom feed of plans (the newest 50 of `plans`, which come newest first). Entry ids are
/// the plans' URLs, which stay the same from build to build.
fn feed(site: &Site, plans: Vec<PlanId>, url: &str) -> Vars {
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        title: String,
        summary: &'a str,
        url: String,
        id: String,
        updated: String,
        author: &'a str,
    }
    let base = &site.r.config.base_url;
    // Plans are numbered in the order of their dates (`resolve`), so the first is the newest:
    // the site's feed is remade on every edit, and looking at every plan's date took longer.
    debug_assert!(plans.windows(2).all(|w| w[0] > w[1]));
    let updated = plans
        .first()
        .map_or(site.as_of(), |&p| site.plan(p).plan.date.first_day());
    let entries: Vec<Entry> = plans
        .iter()
        .take(50)
        .map(|&p| {
            let rp = site.plan(p);
            Entry {
                title: plan_label(site, p),
                summary: &rp.plan.title,
                url: abs(base, &site.plan_urls[p]),
                id: abs(base, &site.plan_urls[p]),
                updated: format!("{}T00:00:00+07:00", rp.plan.date.first_day()),
                author: &site.body(rp.issuer).name,
            }
        })
        .collect();
    let mut vars = Vars::default();
    vars.put("entries", &entries);
    vars.put("updated", &format!("{updated}T00:00:00+07:00"));
    vars.put("feed_url", &abs(base, url));
    vars.put("home_url", &abs(base, ""));
    vars
}
fn sitemap(site: &Site) -> Vars {
    let base = &site.r.config.base_url;
    let urls: Vec<String> = Page::all(site)
        .iter()
        .filter(|p| p.is_html() && **p != Page::NotFound)
        .map(|p| abs(base, &p.url(site)))
        .collect();
    let mut vars = Vars::default();
    vars.put("urls", &urls);
    vars
}
