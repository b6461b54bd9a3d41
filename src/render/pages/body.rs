//! The list of bodies and each body's page.

use super::Vars;
use super::{json, to_map, Map, Value};
use crate::render::views::*;
use crate::render::{dashboard, Renderer};
use crate::resolve::{BodyId, TaskKey};
use crate::site::lists::TaskList;
use crate::site::routes::{self, has_body_feed, Page};
use crate::site::{Site, TaskState};

pub(super) fn bodies(site: &Site) -> Map<String, Value> {
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
    // A body that issued nothing, leads and supports nothing is named on the page, not given
    // a row of zeros.
    let idle = |b: BodyId| {
        let l = &site.body_links()[b];
        l.issued.is_empty()
            && l.issued_docs.is_empty()
            && l.led.is_empty()
            && l.led_by_units.is_empty()
            && l.supported.is_empty()
    };
    let mut quiet: Vec<BodyId> = (0..site.bodies().len()).filter(|&b| idle(b)).collect();
    crate::text::sort_by_collation(&mut quiet, |&b| site.body(b).label.as_str());
    let groups: Vec<Value> = kinds
        .iter()
        .filter_map(|kind| {
            let mut list: Vec<BodyId> = (0..site.bodies().len())
                .filter(|&b| site.body(b).kind == *kind && !idle(b))
                .collect();
            if list.is_empty() {
                return None;
            }
            crate::text::sort_by_collation(&mut list, |&b| site.body(b).label.as_str());
            let label = kind.map(|k| k.label()).unwrap_or("Chưa có trong danh mục");
            let items: Vec<Value> = list
                .iter()
                .map(|&b| {
                    let l = &site.body_links()[b];
                    json!({"name": site.body(b).label, "url": site.body_url(b), "parent": site.body(b).parent.map(|p| body_link(site, p)),
                           "issued": l.issued.len() + l.issued_docs.len(), "led": l.led.len(),
                           "led_by_units": l.led_by_units.len(), "supported": l.supported.len()})
                })
                .collect();
            Some(json!({"label": label, "bodies": items}))
        })
        .collect();
    let quiet: Vec<BodyLink> = quiet.iter().map(|&b| body_link(site, b)).collect();
    to_map(json!({ "groups": groups, "quiet": quiet }))
}

pub(super) fn body(r: &Renderer, b: BodyId, root: &str) -> Result<Vars, String> {
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
    let l = &site.body_links()[b];
    let mut units = l.units.clone();
    crate::text::sort_by_collation(&mut units, |&u| site.body(u).label.as_str());
    // From the flat facts, not the resolved tasks: a body's page is remade whenever one of its
    // tasks is edited, and a body may lead thousands.
    let dated = l
        .led
        .iter()
        .chain(&l.supported)
        .any(|&k| site.fact(k).to.is_some());
    // What the body answers for: what it leads, and what its units lead.
    let answers = || l.led.iter().chain(&l.led_by_units).copied();
    // The citizen's questions first: what is late, what is due next.
    let mut overdue: Vec<(Option<chrono::NaiveDate>, TaskKey)> = answers()
        .map(|k| (site.fact(k), k))
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
    let (tally, upcoming) = site.tally_and_next(answers(), BODY_PREVIEW);
    let units_preview: Vec<TaskKey> = l.led_by_units.iter().take(BODY_PREVIEW).copied().collect();
    let docs: Vec<Value> = l
        .issued_docs
        .iter()
        .map(|&d| doc_row(site, crate::resolve::DocTarget::Doc(d)))
        .collect();
    let issued: Vec<PlanRow> = l
        .issued
        .iter()
        .rev()
        .take(ISSUED_PREVIEW)
        .map(|&p| plan_row(site, p))
        .collect();
    let list = |t: TaskList, n: usize| {
        (n > 0).then(|| ListLink {
            url: routes::task_list(site, t),
            count: n,
        })
    };
    let mut vars = Vars::default();
    vars.put(
        "body",
        &BodyView {
            id: &body.id,
            name: &body.label,
            short: &body.short,
            aliases: &body.aliases,
            kind_label: body
                .kind
                .map(|k| k.label())
                .unwrap_or("Chưa có trong danh mục"),
            registered: body.registered,
            parent: body.parent.map(|p| body_link(site, p)),
            calendar: if dated {
                routes::calendar(&body.id)
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
    vars.put(
        "led_by_units",
        &list(TaskList::LedByUnits(b), l.led_by_units.len()),
    );
    vars.put("led_by_units_count", &l.led_by_units.len());
    vars.put("answers_count", &(l.led.len() + l.led_by_units.len()));
    vars.put("units_rows", &r.task_rows(&units_preview, root)?);
    vars.put("issued_docs", &docs);
    vars.put("past_deadline_count", &tally.count(TaskState::PastDeadline));
    vars.put("supported_count", &l.supported.len());
    vars.put("overdue_rows", &r.task_rows(&overdue, root)?);
    vars.put("upcoming_rows", &r.task_rows(&upcoming, root)?);
    vars.put("overdue_count", &overdue_count);
    super::reports::of_body(&mut vars, site, b);
    let caption = if l.led_by_units.is_empty() {
        format!(
            "Tình hình thực hiện {} nhiệm vụ do {} chủ trì",
            l.led.len(),
            body.label
        )
    } else {
        format!(
            "Tình hình thực hiện {} nhiệm vụ do {} và các đơn vị trực thuộc chủ trì",
            l.led.len() + l.led_by_units.len(),
            body.label
        )
    };
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
