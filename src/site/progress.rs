//! Where each task stands on the site's as_of date, and tallies of many tasks for the
//! dashboards. Every count a dashboard or picture shows comes from [`Tally`], so the numbers
//! agree with the task lists they sum up.

use super::{Listed, Site};
use crate::resolve::TaskKey;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One state per task, so that the states of a list add up to its length. A task of a draft
/// plan is only that. A closed task is done or cancelled whatever its deadline. Past its
/// deadline, an open task is overdue only when a report says it is not done; with no report
/// at all the site knows only that the deadline has passed, and says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskState {
    Done,
    InProgress,
    NotStarted,
    NoReport,
    PastDeadline,
    Overdue,
    Cancelled,
    Draft,
}

impl TaskState {
    /// In the order pictures and tables show them.
    pub const ALL: [TaskState; 8] = [
        TaskState::Done,
        TaskState::InProgress,
        TaskState::NotStarted,
        TaskState::NoReport,
        TaskState::PastDeadline,
        TaskState::Overdue,
        TaskState::Cancelled,
        TaskState::Draft,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Done => "done",
            TaskState::InProgress => "in-progress",
            TaskState::NotStarted => "not-started",
            TaskState::NoReport => "no-report",
            TaskState::PastDeadline => "past-deadline",
            TaskState::Overdue => "overdue",
            TaskState::Cancelled => "cancelled",
            TaskState::Draft => "draft",
        }
    }
    /// Still to be done: not closed, and not of a draft.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            TaskState::Done | TaskState::Cancelled | TaskState::Draft
        )
    }
    pub fn label(self) -> &'static str {
        match self {
            TaskState::Done => "Hoàn thành",
            TaskState::InProgress => "Đang thực hiện",
            TaskState::NotStarted => "Chưa bắt đầu",
            TaskState::NoReport => "Chưa có báo cáo",
            TaskState::PastDeadline => "Đã qua thời hạn, chưa có báo cáo",
            TaskState::Overdue => "Quá hạn",
            TaskState::Cancelled => "Đã hủy",
            TaskState::Draft => "Thuộc dự thảo",
        }
    }
}

/// Deadlines shown under "sắp tới" on a dashboard.
pub const NEXT: usize = 5;

/// Counts of a list of tasks by state and by kind of deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    pub by_state: BTreeMap<TaskState, usize>,
    pub due_soon: usize,
    pub ongoing: usize,
    pub yearly: usize,
    pub unscheduled: usize,
    /// Dated tasks by the year their range ends.
    pub by_year: BTreeMap<i32, usize>,
}

impl Tally {
    pub fn count(&self, s: TaskState) -> usize {
        self.by_state.get(&s).copied().unwrap_or(0)
    }
}

/// A tally being counted: in arrays, then put into the maps (a map entry per task would be
/// most of the time of a dashboard over the whole site).
#[derive(Clone, Default)]
struct Counter {
    states: [usize; TaskState::ALL.len()],
    years: Vec<(i32, usize)>,
    t: Tally,
}

impl Counter {
    fn add(&mut self, f: &super::Fact) {
        let t = &mut self.t;
        t.total += 1;
        self.states[f.state as usize] += 1;
        if f.due_soon {
            t.due_soon += 1;
        }
        match f.listed {
            Some(Listed::Ongoing) => t.ongoing += 1,
            Some(Listed::Yearly) => t.yearly += 1,
            Some(Listed::Unscheduled) | None => t.unscheduled += 1,
            Some(Listed::Year(year)) => match self.years.iter_mut().find(|(y, _)| *y == year) {
                Some((_, n)) => *n += 1,
                None => self.years.push((year, 1)),
            },
        }
    }

    fn finish(self) -> Tally {
        let mut t = self.t;
        for s in TaskState::ALL {
            if self.states[s as usize] > 0 {
                t.by_state.insert(s, self.states[s as usize]);
            }
        }
        t.by_year = self.years.into_iter().collect();
        t
    }
}

impl Site {
    pub fn state(&self, k: TaskKey) -> TaskState {
        self.fact(k).state
    }

    /// How many of `keys` are in `state`.
    pub fn count_state(&self, keys: &[TaskKey], state: TaskState) -> usize {
        keys.iter()
            .filter(|&&k| self.fact(k).state == state)
            .count()
    }

    pub fn tally(&self, keys: impl IntoIterator<Item = TaskKey>) -> Tally {
        let mut c = Counter::default();
        for k in keys {
            c.add(&self.fact(k));
        }
        c.finish()
    }

    /// [`Site::tally`] of `keys`, and the first `n` of them still open and ending on or after
    /// as_of, by end date (then key): what a dashboard shows, in one pass over the keys.
    pub fn tally_and_next(
        &self,
        keys: impl IntoIterator<Item = TaskKey>,
        n: usize,
    ) -> (Tally, Vec<TaskKey>) {
        let mut c = Counter::default();
        let mut next: Vec<(NaiveDate, TaskKey)> = Vec::with_capacity(n + 1);
        for k in keys {
            let f = self.fact(k);
            c.add(&f);
            let open = f.state.is_open();
            let Some(to) = f.to.filter(|&to| open && to >= self.as_of()) else {
                continue;
            };
            if next.len() == n && next.last().is_some_and(|&l| (to, k) >= l) {
                continue;
            }
            let at = next.partition_point(|&x| x < (to, k));
            next.insert(at, (to, k));
            next.truncate(n);
        }
        (c.finish(), next.into_iter().map(|(_, k)| k).collect())
    }

    /// [`Site::tally_and_next`] of every task of the site, with the next [`NEXT`].
    pub fn overview(&self) -> &(Tally, Vec<TaskKey>) {
        self.overview
            .get_or_init(|| self.tally_and_next(self.all_tasks(), NEXT))
    }

    /// The tally of the tasks each body leads, by body, from each body's list of tasks led
    /// (so the numbers agree with it), bodies in parallel. The progress page, remade on every
    /// edit, shows them all; reading each task's lead bodies instead, scattered over the heap,
    /// takes twice as long at 10,000 plans.
    pub fn tally_led(&self) -> Vec<Tally> {
        self.body_links
            .par_iter()
            .map(|l| self.tally(l.led.iter().copied()))
            .collect()
    }

    /// How many tasks of plan `p` are in `state`.
    pub fn plan_state_count(&self, p: usize, state: TaskState) -> usize {
        self.plan_tasks(p)
            .filter(|&k| self.fact(k).state == state)
            .count()
    }

    /// Every task of a plan.
    pub fn plan_tasks(&self, p: usize) -> impl Iterator<Item = TaskKey> + Clone + '_ {
        (0..self.plan(p).tasks.len()).map(move |task| TaskKey::new(p, task))
    }

    /// The newest date plan `p` shows: its own, or that of a progress note of one of its tasks
    /// (the sitemap's `lastmod`).
    pub fn plan_lastmod(&self, p: usize) -> Option<chrono::NaiveDate> {
        let rp = self.plan(p);
        let notes = (rp.tasks.iter()).flat_map(|t| t.progress.iter().map(|r| r.date));
        rp.date.full().into_iter().chain(notes).max()
    }

    /// Every task of the site.
    pub fn all_tasks(&self) -> impl Iterator<Item = TaskKey> + Clone + '_ {
        (0..self.r.plans.len()).flat_map(move |p| self.plan_tasks(p))
    }
}

#[cfg(test)]
mod tests {
    use crate::resolve::deadline::parse;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// (deadline as written, as_of, overdue, due soon)
    #[test]
    fn overdue_and_due_soon_at_the_edges_of_each_form() {
        let cases = [
            // last day of a quarter
            ("Quý II/2027", "2027-06-30", false, true),
            ("Quý II/2027", "2027-07-01", true, false),
            ("Quý II/2027", "2027-05-31", false, true),
            ("Quý II/2027", "2027-05-30", false, false),
            // a month span
            ("Tháng 4-5/2026", "2026-05-31", false, true),
            ("Tháng 4-5/2026", "2026-06-01", true, false),
            ("Tháng 4-5/2026", "2026-05-01", false, true),
            ("Tháng 4-5/2026", "2026-04-30", false, false),
            // one month, February of a leap year
            ("Tháng 2/2028", "2028-02-29", false, true),
            ("Tháng 2/2028", "2028-03-01", true, false),
            // a span across a year end
            ("Tháng 11/2026-2/2027", "2027-02-28", false, true),
            ("Tháng 11/2026-2/2027", "2027-03-01", true, false),
            // a period
            ("Giai đoạn 2026 - 2030", "2030-12-31", false, true),
            ("Giai đoạn 2026 - 2030", "2031-01-01", true, false),
            ("Giai đoạn 2026 - 2030", "2030-12-01", false, true),
            ("Giai đoạn 2026 - 2030", "2030-11-30", false, false),
            // a year
            ("Năm 2026", "2026-12-31", false, true),
            ("Năm 2026", "2027-01-01", true, false),
            // a day
            ("Trước 30/06/2026", "2026-06-30", false, true),
            ("Trước 30/06/2026", "2026-07-01", true, false),
            // never overdue, never due soon
            ("Thường xuyên", "2099-01-01", false, false),
            ("Hằng năm", "2099-01-01", false, false),
            ("Theo tiến độ thực hiện", "2099-01-01", false, false),
        ];
        for (text, as_of, overdue, soon) in cases {
            let dl = parse(text);
            assert_eq!(dl.is_past(d(as_of)), overdue, "{text} at {as_of}: overdue");
            assert_eq!(
                dl.is_due_soon(d(as_of)),
                soon,
                "{text} at {as_of}: due soon"
            );
        }
    }
}
