//! Every URL and file name of the site, in one place: which pages, data files and assets a
//! site has ([`Output::all`]), where each is ([`Page::url`], [`Output::files`]), and the slugs
//! plans and documents are published under. Nothing else in the program puts a URL together;
//! render and export ask here. All URLs are site-relative ("ke-hoach/2026/90-kh-ubnd/"):
//! pages prefix them with their `root`, feeds and the sitemap with `base_url`.
//!
//! URLs never move once published (docs/content-model.md): a slug depends only on the names
//! that share it, not on file order.

use super::lists::{
    has_related_list, page_count, related_plans, sitemap_file, List, Paged, SitemapFile, TaskList,
    SITEMAP_URLS,
};
use super::{Site, Slot};

mod relative;
mod slugs;
use crate::resolve::{BodyId, DocId, DocTarget, PlanId, ReportId, TaskKey};
pub use relative::{plain_path, shorten_links};
pub use slugs::{docs, plans, reports};
use std::borrow::Cow;

const PLANS: &str = "ke-hoach/";
const BODIES: &str = "co-quan/";
const DEADLINES: &str = "thoi-han/";
const DOCS: &str = "van-ban/";
const DATA: &str = "du-lieu/";
const CALENDARS: &str = "lich/";
const ASSETS: &str = "assets/";
const REPORTS: &str = "bao-cao/";
/// The page a server shows in a folder.
pub const INDEX: &str = "index.html";
/// The page a server shows for a URL with nothing behind it.
pub const NOT_FOUND: &str = "404.html";
/// A task's anchor on its plan's page is this prefix and the slug of its id.
pub const TASK_ANCHOR: &str = "nv-";

/// Files of the search index's inverted index, by the first two letters of a word.
pub const SEARCH_SHARDS: usize = 256;
/// Things found by a search, per file of their summaries.
pub const SEARCH_CHUNK: usize = 64;

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    /// Every plan, newest first, one page of [`super::lists::PER_PAGE`] at a time.
    Plans(usize),
    Plan(PlanId),
    Bodies,
    Body(BodyId),
    Deadlines,
    Year(i32),
    Tasks(TaskList, usize),
    Docs(usize),
    Doc(DocId),
    /// The plans related to a plan or document with many of them, a page at a time.
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
    /// The sitemap, or, past [`SITEMAP_URLS`](super::lists::SITEMAP_URLS) pages, the index of its
    /// parts.
    Sitemap,
    /// Part n (from 0) of a sitemap too long for one file.
    SitemapPart(usize),
    Robots,
    /// Every report, by date and by body.
    Reports,
    Report(ReportId),
    /// The reports, newest first, as an Atom feed.
    ReportFeed,
}

/// The data files of the site, each made on its own so that a rebuild can remake only some.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataFile {
    Plans,
    /// nhiem-vu.json: every task.
    Tasks,
    /// nhiem-vu.csv: the same rows as a table (made on its own, beside the JSON).
    TasksCsv,
    /// A body's calendar of the dated tasks it leads or supports.
    Calendar(BodyId),
    /// Every dated task.
    AllCalendar,
    Search,
    /// datapackage.json: what every field of the other files means.
    Package,
    /// bao-cao.json and bao-cao.csv: every report's entries.
    Reports,
}

/// One file of the built site (or, for [`DataFile::Reports`] and [`DataFile::Search`], several
/// made together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    Page(Page),
    /// A plan's official file, published beside its page.
    SourceDoc(PlanId),
    /// A static file of the theme, by its index among the theme's static files.
    Asset(usize),
    Data(DataFile),
}

impl Output {
    /// Every output of the site, in a fixed order; `assets` is the number of the theme's
    /// static files.
    pub fn all(site: &Site, assets: usize) -> Vec<Output> {
        let mut v: Vec<Output> = Page::all(site).into_iter().map(Output::Page).collect();
        v.extend((0..assets).map(Output::Asset));
        v.extend(
            (0..site.plans().len())
                .filter(|&p| plan_source_file(site, p).is_some())
                .map(Output::SourceDoc),
        );
        v.extend(DataFile::all(site).into_iter().map(Output::Data));
        v
    }

    /// The files it makes; `assets` names the theme's static files in order.
    pub fn files(&self, site: &Site, assets: &[String]) -> Vec<String> {
        match self {
            Output::Page(p) => vec![p.file(site)],
            Output::Asset(i) => assets.get(*i).map(|n| asset(n)).into_iter().collect(),
            Output::SourceDoc(p) => plan_source_file(site, *p).into_iter().collect(),
            Output::Data(d) => d.files(site),
        }
    }

    /// Data files, large at scale and not looked at in the browser: a live rebuild writes
    /// them after the pages.
    pub fn is_bulk(&self) -> bool {
        matches!(self, Output::Data(_))
    }
}

impl Page {
    /// Every page of the site, in a fixed order.
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
            Page::Reports,
            Page::ReportFeed,
        ];
        v.extend((0..site.resolved().reports.len()).map(Page::Report));
        v.extend((0..page_count(site.r.plans.len())).map(Page::Plans));
        v.extend((0..page_count(site.doc_order.len())).map(Page::Docs));
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
            if !l.led_by_units.is_empty() {
                paged(&mut v, TaskList::LedByUnits(b));
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
                .filter(|&d| has_doc_feed(site, d))
                .map(Page::DocFeed),
        );
        let listed = v.iter().filter(|p| p.in_sitemap()).count();
        if let SitemapFile::Index(parts) = sitemap_file(listed, None, SITEMAP_URLS) {
            v.extend((0..parts).map(Page::SitemapPart));
        }
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
            Page::Plans(n) => paged(PLANS, n),
            Page::Plan(p) => site.plan_urls[p].clone(),
            Page::Bodies => BODIES.into(),
            Page::Body(b) => site.body_url(b),
            Page::Deadlines => DEADLINES.into(),
            Page::Year(y) => year(y),
            Page::Tasks(l, n) => paged(&task_list(site, l), n),
            Page::Docs(n) => paged(DOCS, n),
            Page::Doc(d) => site.doc_urls[d].clone(),
            Page::Related(t, n) => paged(&[site.target_url(t), "lien-quan/"].concat(), n),
            Page::Search => "tim-kiem/".into(),
            Page::Accessibility => "tiep-can/".into(),
            Page::Data => DATA.into(),
            Page::Progress => "tien-do/".into(),
            Page::NotFound => NOT_FOUND.into(),
            Page::Feed => FEED.into(),
            Page::BodyFeed(b) => [site.body_url(b).as_str(), FEED].concat(),
            Page::DocFeed(d) => [site.doc_urls[d].as_str(), FEED].concat(),
            Page::Sitemap => "sitemap.xml".into(),
            Page::SitemapPart(n) => format!("sitemap-{}.xml", n + 1),
            Page::Robots => "robots.txt".into(),
            Page::Reports => REPORTS.into(),
            Page::Report(r) => site.reports().urls[r].clone(),
            Page::ReportFeed => [REPORTS, FEED].concat(),
        }
    }

    /// Output file path.
    pub fn file(&self, site: &Site) -> String {
        file_of(self.url(site))
    }

    /// The plan, body, document or deadline list whose page this is, by URL; `None` for the
    /// site-wide pages (home, lists of everything, feed, sitemap), which show a bit of all.
    /// Borrowed where the site keeps the URL: a rebuild asks it of every page.
    pub fn owner<'a>(&self, site: &'a Site) -> Option<Cow<'a, str>> {
        let own = |s: String| Some(Cow::Owned(s));
        match *self {
            Page::Plan(p) => Some(Cow::Borrowed(&site.plan_urls[p])),
            Page::Report(r) => Some(Cow::Borrowed(&site.reports().urls[r])),
            Page::Doc(d) | Page::DocFeed(d) => Some(Cow::Borrowed(&site.doc_urls[d])),
            Page::Related(t, _) => Some(Cow::Borrowed(site.target_url(t))),
            Page::Body(b) | Page::BodyFeed(b) => own(site.body_url(b)),
            Page::Year(_) => own(self.url(site)),
            Page::Tasks(TaskList::Led(b) | TaskList::LedByUnits(b) | TaskList::Supported(b), _) => {
                own(site.body_url(b))
            }
            Page::Tasks(TaskList::Slot(y, _), _) => own(year(y)),
            Page::Tasks(l @ TaskList::Bucket(_), _) => own(task_list(site, l)),
            _ => None,
        }
    }

    /// Listed in the sitemap: every HTML page but the 404 page.
    pub fn in_sitemap(&self) -> bool {
        self.is_html() && *self != Page::NotFound
    }

    pub fn is_html(&self) -> bool {
        !matches!(
            self,
            Page::Feed
                | Page::BodyFeed(_)
                | Page::DocFeed(_)
                | Page::ReportFeed
                | Page::Sitemap
                | Page::SitemapPart(_)
                | Page::Robots
        )
    }
}

const FEED: &str = "feed.xml";

/// The file a URL is served from: a folder's index page, or the URL itself.
pub fn file_of(url: String) -> String {
    if url.is_empty() || url.ends_with('/') {
        url + INDEX
    } else {
        url
    }
}

/// The URL of page `n` (from 0) of a list whose first page is at `first`.
fn paged(first: &str, n: usize) -> String {
    if n == 0 {
        first.to_string()
    } else {
        format!("{first}trang-{}/", n + 1)
    }
}

pub fn body(id: &str) -> String {
    [BODIES, id, "/"].concat()
}

/// A task: its plan's page and its anchor there.
pub fn task(plan_url: &str, slug: &str) -> String {
    [plan_url, "#", TASK_ANCHOR, slug].concat()
}

/// The `id` of a task on its plan's page.
pub fn task_anchor(slug: &str) -> String {
    [TASK_ANCHOR, slug].concat()
}

/// The page of the tasks whose deadline ends in year `y`.
pub fn year(y: i32) -> String {
    format!("{DEADLINES}{y}/")
}

/// The first page of a list of tasks.
pub fn task_list(site: &Site, l: TaskList) -> String {
    match l {
        TaskList::Led(b) => [site.body_url(b).as_str(), "chu-tri/"].concat(),
        TaskList::LedByUnits(b) => [site.body_url(b).as_str(), "don-vi-chu-tri/"].concat(),
        TaskList::Supported(b) => [site.body_url(b).as_str(), "phoi-hop/"].concat(),
        TaskList::Bucket(l) => deadline_list(l),
        TaskList::Slot(y, s) => format!("{}{}/", year(y), slot(s)),
    }
}

/// The first page of a list by deadline that is not a year's.
pub fn deadline_list(l: List) -> String {
    [DEADLINES, list_slug(l), "/"].concat()
}

/// The last part of the URL of a list by deadline that is not a year's.
pub fn list_slug(l: List) -> &'static str {
    match l {
        List::Overdue => "qua-han",
        List::PastDeadline => "qua-han-chua-bao-cao",
        List::Ongoing => "thuong-xuyen",
        List::Yearly => "hang-nam",
        List::Unscheduled => "chua-xac-dinh",
    }
}

fn slot(s: Slot) -> String {
    match s {
        Slot::Month(m) => format!("thang-{m}"),
        Slot::Quarter(q) => format!("quy-{q}"),
        Slot::Year => "ca-nam".into(),
    }
}

/// The first page of the list of plans related to `t`, when it has one (when there are too
/// many to show on its page).
pub fn related_list(site: &Site, t: DocTarget) -> Option<String> {
    has_related_list(site, t).then(|| Page::Related(t, 0).url(site))
}

/// Whether `file` (a page's file, as [`Page::file`] names it) is the page of a plan:
/// `ke-hoach/<year>/<slug>/index.html`.
pub fn is_plan_page(file: &str) -> bool {
    let Some(rest) = file.strip_prefix(PLANS) else {
        return false;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    matches!(parts.as_slice(), [year, _, "index.html"] if !year.is_empty() && year.bytes().all(|b| b.is_ascii_digit()))
}

/// Where a plan's official file is published: beside its page, under its own name. None
/// for a plan whose `source:` is a URL or missing.
pub fn plan_source_file(site: &Site, p: PlanId) -> Option<String> {
    let name = site.plan(p).source.as_ref()?.file_name()?;
    Some([site.plan_urls()[p].as_str(), name].concat())
}

/// A static file of the theme. favicon.ico goes to the site's root, where browsers look for
/// it when a page names no icon (feeds readers, old browsers).
pub fn asset(name: &str) -> String {
    if name == "favicon.ico" {
        return name.into();
    }
    [ASSETS, name].concat()
}

/// A body's calendar.
pub fn calendar(body_id: &str) -> String {
    [CALENDARS, body_id, ".ics"].concat()
}

/// The calendar of every dated task.
pub fn all_calendar() -> String {
    [CALENDARS, "tat-ca.ics"].concat()
}

/// An open-data file, by its name ("nhiem-vu.csv").
pub fn data_file(name: &str) -> String {
    [DATA, name].concat()
}

/// The search page with a query in it, `{q}` standing for the query (schema.org's
/// SearchAction).
pub fn search_with(q: &str) -> String {
    format!("tim-kiem/?q={q}")
}

impl DataFile {
    pub fn all(site: &Site) -> Vec<DataFile> {
        let mut v = vec![
            DataFile::Plans,
            DataFile::Tasks,
            DataFile::TasksCsv,
            DataFile::Search,
            DataFile::AllCalendar,
            DataFile::Package,
            DataFile::Reports,
        ];
        v.extend(
            (0..site.r.bodies.len())
                .filter(|&b| has_calendar(site, b))
                .map(DataFile::Calendar),
        );
        v
    }

    pub fn files(&self, site: &Site) -> Vec<String> {
        match *self {
            DataFile::Plans => vec![data_file("ke-hoach.json")],
            DataFile::Tasks => vec![data_file("nhiem-vu.json")],
            DataFile::TasksCsv => vec![data_file("nhiem-vu.csv")],
            DataFile::Calendar(b) => vec![calendar(&site.body(b).id)],
            DataFile::AllCalendar => vec![all_calendar()],
            DataFile::Package => vec![data_file("datapackage.json")],
            DataFile::Reports => vec![data_file("bao-cao.json"), data_file("bao-cao.csv")],
            DataFile::Search => search_files(site),
        }
    }
}

/// Things a search can find: every plan, task, body, document and report.
pub fn search_items(site: &Site) -> usize {
    site.r.plans.len()
        + site.task_count()
        + site.r.bodies.len()
        + site.r.docs.len()
        + site.r.reports.len()
}

/// The search index's files: the [`SEARCH_SHARDS`] of the inverted index, then the chunks of
/// [`SEARCH_CHUNK`] items.
fn search_files(site: &Site) -> Vec<String> {
    let mut v: Vec<String> = (0..SEARCH_SHARDS)
        .map(|i| format!("{DATA}tim-kiem/tu-{i:03}.json"))
        .collect();
    v.extend(
        (0..search_items(site).div_ceil(SEARCH_CHUNK))
            .map(|i| format!("{DATA}tim-kiem/muc-{i}.json")),
    );
    v
}

/// Whether a body has a calendar: it leads or supports a task with a date.
pub fn has_calendar(site: &Site, b: BodyId) -> bool {
    let links = &site.body_links[b];
    links
        .led
        .iter()
        .chain(&links.supported)
        .any(|k| site.plan(k.plan()).tasks[k.task()].deadline.to.is_some())
}

/// Whether a document has a feed of the plans carrying it out: it is registered and something
/// carries it out (a feed that could only ever be empty is not published).
pub fn has_doc_feed(site: &Site, d: DocId) -> bool {
    site.doc(d).registered && !carriers(site, d, |_| true)
}

/// Whether a body has a feed: it issued a plan or has tasks in one.
pub fn has_body_feed(site: &Site, b: BodyId) -> bool {
    let l = &site.body_links[b];
    !(l.issued.is_empty() && l.led.is_empty() && l.supported.is_empty())
}

/// Plans that carry out a document: directly, through one of their tasks, or through a plan or
/// document that carries it out; newest first.
pub fn doc_feed_plans(site: &Site, d: DocId) -> Vec<PlanId> {
    let mut out = Vec::new();
    carriers(site, d, |p| {
        out.push(p);
        false
    });
    out.sort_unstable_by(|a, b| b.cmp(a));
    out.dedup();
    out
}

/// Gives `found` each plan carrying out the document `d`, down the whole chain, until it
/// returns true; whether the walk went to its end.
fn carriers(site: &Site, d: DocId, mut found: impl FnMut(PlanId) -> bool) -> bool {
    let mut seen = rustc_hash::FxHashSet::default();
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
            if found(p) {
                return false;
            }
            todo.push(DocTarget::Plan(p));
        }
        todo.extend(l.implemented_by_docs.iter().map(|&x| DocTarget::Doc(x)));
    }
    true
}

/// The task `k`'s URL.
pub fn task_of(site: &Site, k: TaskKey) -> String {
    task(&site.plan_urls[k.plan()], site.anchor(k))
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

/// An absolute URL of the site, from its base URL.
pub fn abs(base: &str, url: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), url)
}

/// The path part of a base URL ("https://portal/ke-hoach-so" → "/ke-hoach-so/"): the 404
/// page's links must be absolute, because a server shows it at any depth.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map(|x| x.1).unwrap_or(base_url);
    let path = match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => &after_scheme[i..],
        Some(_) => base_url,
        None => "/",
    };
    let mut p = path.to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

/// Joins a relative link to the folder of the page it is on ("" for the site's root); None
/// when it climbs above the root. A folder's index page is its folder.
pub fn join(page: &str, link: &str) -> Option<String> {
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
    if out.ends_with(INDEX) {
        out.truncate(out.len() - INDEX.len());
    } else if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn relative_links() {
        let page = "ke-hoach/2026/90-kh-ubnd/";
        assert_eq!(
            join(page, "../../../co-quan/so-tc/").as_deref(),
            Some("co-quan/so-tc/")
        );
        assert_eq!(
            join(page, "../269-kh-skhcn/").as_deref(),
            Some("ke-hoach/2026/269-kh-skhcn/")
        );
        assert_eq!(join(page, "../../../index.html").as_deref(), Some(""));
        assert_eq!(
            join(page, "/van-ban/79-nq-tw/").as_deref(),
            Some("van-ban/79-nq-tw/")
        );
        assert_eq!(join(page, "../../../../x/"), None);
    }
}
