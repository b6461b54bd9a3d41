//! The reports: the page of each, the list of all (by date and by body), the Atom feed of
//! reports, and what the plan, body and progress pages show of them (the reports on a plan or
//! by a body, and the periods each lead body has and has not reported on).

use super::Vars;
use crate::render::markdown;
use crate::render::views::*;
use crate::resolve::{BodyId, PlanId, ReportId};
use crate::site::reports::{BodyDuty, Period};
use crate::site::Site;
use serde::Serialize;

/// A report in a list.
#[derive(Serialize)]
pub struct ReportRow<'a> {
    pub label: String,
    pub url: &'a str,
    pub title: &'a str,
    pub by: BodyLink<'a>,
    pub date: String,
    pub iso: String,
    pub period: &'a str,
    pub task_count: usize,
}

pub fn report_row(site: &Site, r: ReportId) -> ReportRow<'_> {
    let rep = site.report(r);
    ReportRow {
        label: report_label(rep),
        url: &site.reports().urls[r],
        title: &rep.title,
        by: body_link(site, rep.issuer),
        date: date_vi(rep.date),
        iso: rep.date.to_string(),
        period: rep.period.as_ref().map_or("", |p| p.text.as_str()),
        task_count: rep.entries.len(),
    }
}

/// The newest reports /bao-cao/ lists by date (all are listed by body).
const NEWEST: usize = 100;

/// /bao-cao/: the newest reports, and every report grouped by body.
pub(super) fn list(site: &Site) -> Vars {
    #[derive(Serialize)]
    struct ByBody<'a> {
        body: BodyLink<'a>,
        reports: Vec<ReportRow<'a>>,
    }
    let all: Vec<ReportRow> = (0..site.resolved().reports.len())
        .rev()
        .take(NEWEST)
        .map(|r| report_row(site, r))
        .collect();
    let mut bodies: Vec<BodyId> = (0..site.bodies().len())
        .filter(|&b| !site.reports().by_body[b].is_empty())
        .collect();
    bodies.sort_by(|&a, &b| crate::text::collate(&site.body(a).name, &site.body(b).name));
    let by_body: Vec<ByBody> = bodies
        .into_iter()
        .map(|b| ByBody {
            body: body_link(site, b),
            reports: site.reports().by_body[b]
                .iter()
                .map(|&r| report_row(site, r))
                .collect(),
        })
        .collect();
    let mut vars = Vars::default();
    vars.put("reports", &all);
    vars.put("report_count", &site.resolved().reports.len());
    vars.put("by_body", &by_body);
    vars.put("missing", &missing_all(site));
    vars
}

/// A report's page: its header as on the official document, its text, and its task table.
pub(super) fn page(site: &Site, r: ReportId, root: &str) -> Vars {
    #[derive(Serialize)]
    struct EntryView<'a> {
        written: &'a str,
        task: Option<TaskLink>,
        lead: Vec<BodyLink<'a>>,
        deadline: &'a str,
        status_label: &'static str,
        note: &'a str,
        outputs: &'a [String],
    }
    #[derive(Serialize)]
    struct ReportView<'a> {
        #[serde(flatten)]
        row: ReportRow<'a>,
        number: &'a str,
        place: &'a str,
        date_label: String,
        /// "Hải Phòng, ngày 5 tháng 7 năm 2026", as the document is dated.
        dated: String,
        signer: Option<SignerView<'a>>,
        recipients: &'a [String],
        plans: Vec<PlanLink>,
        body_html: String,
        entries: Vec<EntryView<'a>>,
    }
    let rep = site.report(r);
    let date_label = crate::content::PartialDate {
        year: chrono::Datelike::year(&rep.date),
        month: Some(chrono::Datelike::month(&rep.date)),
        day: Some(chrono::Datelike::day(&rep.date)),
    }
    .vietnamese();
    let dated = if rep.place.is_empty() {
        crate::text::capitalize_first(&date_label)
    } else {
        format!("{}, {date_label}", rep.place)
    };
    let entries = rep
        .entries
        .iter()
        .map(|e| {
            let t = e.task.map(|k| site.task(k));
            EntryView {
                written: &e.written,
                task: e.task.map(|k| task_link(site, k)),
                lead: t.map_or_else(Vec::new, |t| {
                    t.lead.iter().map(|nb| body_link(site, nb.body)).collect()
                }),
                deadline: t.map_or("", |t| t.deadline.text.as_str()),
                status_label: e.status.map_or("", |s| s.label()),
                note: &e.note,
                outputs: &e.outputs,
            }
        })
        .collect();
    let mut vars = Vars::default();
    vars.put(
        "report",
        &ReportView {
            row: report_row(site, r),
            number: &rep.number,
            place: &rep.place,
            date_label,
            dated,
            signer: rep.signer.as_ref().map(signer_view),
            recipients: &rep.recipients,
            plans: rep.plans.iter().map(|&p| plan_link(site, p)).collect(),
            body_html: markdown::to_html(&rep.body, root, None, site.config().trust_html),
            entries,
        },
    );
    vars
}

#[derive(Serialize)]
pub struct PlanLink {
    label: String,
    url: String,
}

fn plan_link(site: &Site, p: PlanId) -> PlanLink {
    PlanLink {
        label: site.plan_label(p),
        url: site.plan_urls()[p].clone(),
    }
}

/// The reports as an Atom feed, newest 50 first; entry ids are the reports' URLs.
pub(super) fn feed(site: &Site, url: &str) -> Vars {
    use super::feeds::{vars, Entry};
    let n = site.resolved().reports.len();
    let entries: Vec<Entry> = (0..n)
        .rev()
        .take(50)
        .map(|r| {
            let rep = site.report(r);
            let author = &site.body(rep.issuer).name;
            let url = &site.reports().urls[r];
            Entry::new(site, report_label(rep), &rep.title, url, rep.date, author)
        })
        .collect();
    let updated = n
        .checked_sub(1)
        .map_or(site.as_of(), |r| site.report(r).date);
    vars(site, &entries, updated, url)
}

/// A period a body must report on, and the report that covers it.
#[derive(Serialize)]
pub struct PeriodView {
    label: String,
    ended: String,
    report: Option<ReportLink>,
}

#[derive(Serialize)]
pub struct ReportLink {
    label: String,
    url: String,
}

fn period_view(site: &Site, p: &Period, r: Option<ReportId>) -> PeriodView {
    PeriodView {
        label: p.label(),
        ended: date_vi(p.to),
        report: r.map(|r| ReportLink {
            label: report_label(site.report(r)),
            url: site.reports().urls[r].clone(),
        }),
    }
}

#[derive(Serialize)]
pub struct DutyView<'a> {
    body: BodyLink<'a>,
    plan: PlanLink,
    periods: Vec<PeriodView>,
    missing: usize,
}

fn duty_view<'a>(site: &'a Site, p: PlanId, d: &BodyDuty) -> DutyView<'a> {
    DutyView {
        body: body_link(site, d.body),
        plan: plan_link(site, p),
        periods: d
            .periods
            .iter()
            .map(|(per, r)| period_view(site, per, *r))
            .collect(),
        missing: d.missing().count(),
    }
}

/// What a plan's page shows of reports: the reports on it, and when it says how often it
/// wants them, each lead body's periods.
pub(super) fn on_plan(vars: &mut Vars, site: &Site, p: PlanId) {
    let reports: Vec<ReportRow> = site.reports().by_plan[p]
        .iter()
        .map(|&r| report_row(site, r))
        .collect();
    vars.put("reports", &reports);
    let d = site.duties(p);
    vars.put(
        "reporting",
        &d.as_ref().map(|d| d.written.join("; ")).unwrap_or_default(),
    );
    let views: Vec<DutyView> = d
        .iter()
        .flat_map(|d| d.bodies.iter().map(|b| duty_view(site, p, b)))
        .collect();
    vars.put("report_duties", &views);
}

/// The most plans a body's page lists with their reporting periods.
const MAX_DUTIES: usize = 100;

/// What a body's page shows of reports: its reports, and its periods under every plan that
/// wants reports from it.
pub(super) fn of_body(vars: &mut Vars, site: &Site, b: BodyId) {
    let reports: Vec<ReportRow> = site.reports().by_body[b]
        .iter()
        .map(|&r| report_row(site, r))
        .collect();
    vars.put("reports", &reports);
    let mut plans: Vec<PlanId> = site.body_links()[b].led.iter().map(|k| k.plan()).collect();
    plans.dedup();
    let mut views: Vec<DutyView> = plans
        .into_iter()
        .filter(|&p| !site.plan(p).reporting.is_empty())
        .filter_map(|p| {
            let d = site.duties(p)?;
            let mine = d.bodies.iter().find(|x| x.body == b)?;
            Some(duty_view(site, p, mine))
        })
        .collect();
    // The plans with periods not reported on first, newest plan first; then the others.
    views.reverse();
    views.sort_by_key(|v| v.missing == 0);
    vars.put("report_duties_count", &views.len());
    views.truncate(MAX_DUTIES);
    vars.put("report_duties", &views);
}

/// The lead bodies that have not reported on some period ended by as_of, over the site: how
/// many periods, under how many plans, and the first and last of them. The periods themselves
/// are on each body's page (a site-wide list would have a row per body, plan and period).
#[derive(Serialize)]
pub struct Missing<'a> {
    body: BodyLink<'a>,
    plans: usize,
    periods: usize,
    oldest: String,
    newest: String,
}

pub fn missing_all(site: &Site) -> Vec<Missing<'_>> {
    let mut by_body: rustc_hash::FxHashMap<BodyId, (usize, usize, Period, Period)> =
        rustc_hash::FxHashMap::default();
    for p in 0..site.plans().len() {
        if site.plan(p).reporting.is_empty() {
            continue;
        }
        let Some(d) = site.duties(p) else { continue };
        for bd in &d.bodies {
            let missing: Vec<&Period> = bd.missing().collect();
            let (Some(&&first), Some(&&last)) = (missing.first(), missing.last()) else {
                continue;
            };
            let e = by_body.entry(bd.body).or_insert((0, 0, first, last));
            e.0 += 1;
            e.1 += missing.len();
            e.2 = e.2.min(first);
            e.3 = e.3.max(last);
        }
    }
    let mut bodies: Vec<BodyId> = by_body.keys().copied().collect();
    bodies.sort_by(|&a, &b| crate::text::collate(&site.body(a).label, &site.body(b).label));
    bodies
        .into_iter()
        .map(|b| {
            let (plans, periods, oldest, newest) = by_body[&b];
            Missing {
                body: body_link(site, b),
                plans,
                periods,
                oldest: oldest.label(),
                newest: newest.label(),
            }
        })
        .collect()
}
