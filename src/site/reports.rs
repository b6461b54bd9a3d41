//! The reports of a site indexed: each report's URL, the reports of each body and of each
//! plan, and, for a plan that says how often it wants reports (`reporting:`), which periods
//! each lead body has reported on and which it has not, as of the site's date.

use super::Site;
use crate::resolve::{BodyId, PlanId, Report, ReportId, Resolved};
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct ReportIndex {
    pub urls: Vec<String>,
    /// Each body's reports, newest first.
    pub by_body: Vec<Vec<ReportId>>,
    /// The reports on each plan, newest first.
    pub by_plan: Vec<Vec<ReportId>>,
}

impl ReportIndex {
    pub fn new(r: &Resolved) -> ReportIndex {
        let mut by_body = vec![Vec::new(); r.bodies.len()];
        let mut by_plan = vec![Vec::new(); r.plans.len()];
        for (i, rep) in r.reports.iter().enumerate().rev() {
            by_body[rep.issuer].push(i);
            for &p in &rep.plans {
                by_plan[p].push(i);
            }
        }
        ReportIndex {
            urls: super::routes::reports(&r.reports),
            by_body,
            by_plan,
        }
    }
}

/// How often a plan wants reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Every {
    Month,
    Quarter,
    Half,
    Year,
}

impl Every {
    /// Reads what plans write: "quý", "hằng quý", "6 tháng", "sáu tháng", "năm", "hằng năm",
    /// "tháng". None for other text, which is shown as written.
    pub fn parse(text: &str) -> Option<Every> {
        let f = crate::text::search_fold(text);
        let f = f.trim();
        if f.contains("quy") {
            Some(Every::Quarter)
        } else if f.contains("6 thang") || f.contains("sau thang") || f.contains("nua nam") {
            Some(Every::Half)
        } else if f.contains("thang") {
            Some(Every::Month)
        } else if f.contains("nam") {
            Some(Every::Year)
        } else {
            None
        }
    }

    fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::Half => 6,
            Every::Year => 12,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Every::Month => "hằng tháng",
            Every::Quarter => "hằng quý",
            Every::Half => "6 tháng",
            Every::Year => "hằng năm",
        }
    }
}

/// One period a report is due for: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub every: Every,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The period of `every` that holds `day`.
    fn holding(every: Every, day: NaiveDate) -> Period {
        let m = every.months();
        let first_month = (day.month0() / m) * m + 1;
        let from = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day);
        let next = from
            .checked_add_months(chrono::Months::new(m))
            .unwrap_or(from);
        Period {
            every,
            from,
            to: next.pred_opt().unwrap_or(next),
        }
    }

    fn next(self) -> Period {
        Period::holding(self.every, self.to.succ_opt().unwrap_or(self.to))
    }

    /// As documents name it: "Quý II/2026", "6 tháng đầu năm 2026", "Năm 2026", "Tháng 6/2026".
    pub fn label(&self) -> String {
        let y = self.from.year();
        match self.every {
            Every::Month => format!("Tháng {}/{y}", self.from.month()),
            Every::Quarter => {
                let q = ["I", "II", "III", "IV"][(self.from.month0() / 3) as usize];
                format!("Quý {q}/{y}")
            }
            Every::Half if self.from.month() == 1 => format!("6 tháng đầu năm {y}"),
            Every::Half => format!("6 tháng cuối năm {y}"),
            Every::Year => format!("Năm {y}"),
        }
    }

    /// Over on `as_of`: its last day was before it, so its report is due.
    pub fn ended(&self, as_of: NaiveDate) -> bool {
        self.to < as_of
    }
}

/// The most periods of one kind listed for a plan: the latest ones.
pub const MAX_PERIODS: usize = 12;

/// A plan's wish for reports, as the plan's page shows it: what it writes, and each lead
/// body's periods (ended on as_of, newest last), each with the report that covers it.
#[derive(Debug, Clone)]
pub struct Duties {
    /// What `reporting:` says, as written.
    pub written: Vec<String>,
    pub bodies: Vec<BodyDuty>,
}

#[derive(Debug, Clone)]
pub struct BodyDuty {
    pub body: BodyId,
    pub periods: Vec<(Period, Option<ReportId>)>,
}

impl BodyDuty {
    /// The periods ended with no report.
    pub fn missing(&self) -> impl Iterator<Item = &Period> {
        self.periods
            .iter()
            .filter(|(_, r)| r.is_none())
            .map(|(p, _)| p)
    }
}

/// The duties of every plan, found when first asked for, all at once: each
/// body's page asks for those of every plan it leads, the progress page for all. A site made
/// after an edit of some plans keeps those of the others from the last ([`DutiesOf::carry`]):
/// a plan's duties come from it, the reports on it, the bodies and as_of, and an edit that
/// changes any of the last three makes a site anew.
#[derive(Default)]
pub struct DutiesOf {
    all: std::sync::OnceLock<AllDuties>,
    /// The last site's, and the plans edited since.
    kept: Option<(AllDuties, Vec<PlanId>)>,
}

/// Each plan's duties, by plan.
type AllDuties = Vec<Option<Arc<Duties>>>;

impl DutiesOf {
    /// What a site made from `old` after an edit of `edited` plans keeps of its duties.
    pub fn carry(old: &Site, edited: &[PlanId]) -> DutiesOf {
        DutiesOf {
            all: Default::default(),
            kept: (old.duties.all.get()).map(|all| (all.clone(), edited.to_vec())),
        }
    }

    /// On the thread that asks first (one in parallel could, while it waits, take a page that
    /// asks again).
    fn all(&self, site: &Site) -> &[Option<Arc<Duties>>] {
        self.all.get_or_init(|| {
            let plans = site.plans().len();
            let kept = (self.kept.as_ref()).filter(|(all, _)| all.len() == plans);
            (0..plans)
                .map(|p| match kept {
                    Some((all, edited)) if !edited.contains(&p) => all[p].clone(),
                    _ => duties(site, p).map(Arc::new),
                })
                .collect()
        })
    }
}

impl Site {
    /// The periods each lead body of plan `p` must report on ([`duties`]).
    pub fn duties(&self, p: PlanId) -> Option<&Duties> {
        self.duties.all(self)[p].as_deref()
    }
}

/// The periods each lead body of plan `p` (but a group of bodies) must report on, ended by
/// as_of, and the report that covers each (by that body or one above it, on the plan, for a period that holds it). None
/// when the plan does not say how often it wants reports, or is a draft.
fn duties(site: &Site, p: PlanId) -> Option<Duties> {
    let plan = site.plan(p);
    let raw = &plan.reporting;
    if raw.is_empty() || plan.status == crate::content::PlanStatus::Draft {
        return None;
    }
    let mut kinds: Vec<Every> = raw.iter().filter_map(|t| Every::parse(t)).collect();
    kinds.sort();
    kinds.dedup();
    // A group of bodies ("Các sở, ban, ngành") does not report as one: its members do, and
    // the site does not know who they are.
    let group = |b: BodyId| site.body(b).kind == Some(crate::content::BodyKind::Group);
    let mut leads: Vec<BodyId> = plan
        .tasks
        .iter()
        .flat_map(|t| t.lead.iter().map(|nb| nb.body))
        .filter(|&b| !group(b))
        .collect();
    leads.sort_unstable();
    leads.dedup();
    let as_of = site.as_of();
    let start = plan.date.first_day();
    let reports = &site.reports().by_plan[p];
    let mut bodies = Vec::new();
    for b in leads {
        let mut periods = Vec::new();
        for &every in &kinds {
            let mut all = Vec::new();
            let mut at = Period::holding(every, start);
            while at.ended(as_of) {
                all.push(at);
                at = at.next();
            }
            let skip = all.len().saturating_sub(MAX_PERIODS);
            for period in all.into_iter().skip(skip) {
                let by = reports.iter().rev().copied().find(|&r| {
                    let rep: &Report = &site.resolved().reports[r];
                    crate::resolve::answers_for(site.bodies(), rep.issuer, b)
                        && rep
                            .range()
                            .is_some_and(|(f, t)| f <= period.from && period.to <= t)
                });
                periods.push((period, by));
            }
        }
        bodies.push(BodyDuty { body: b, periods });
    }
    Some(Duties {
        written: raw.to_vec(),
        bodies,
    })
}
