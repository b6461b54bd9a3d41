//! Stage 3, index: gives every plan, body, document and task its URL and builds the cross-links
//! pages need (what a body leads, what carries out a directive, which tasks fall due when). All
//! indexes are built in one pass over plans and tasks, so whole-site work stays linear.

use crate::resolve::{
    Body, BodyId, DeadlineKind, Doc, DocId, DocTarget, Plan as RPlan, PlanId, Resolved, TaskKey,
};
use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use std::sync::Arc;

pub mod lists;
mod progress;
pub mod reports;
pub mod routes;
pub use progress::{Tally, TaskState, NEXT};

#[derive(Debug, Default, Clone)]
pub struct BodyLinks {
    pub issued: Vec<PlanId>,
    /// Documents of the registry or of references that name it as their issuer.
    pub issued_docs: Vec<DocId>,
    pub led: Vec<TaskKey>,
    /// Tasks led by its units, and their units, that it does not lead itself: in task order.
    pub led_by_units: Vec<TaskKey>,
    pub supported: Vec<TaskKey>,
    pub units: Vec<BodyId>,
}

/// Who carries out or cites a document (a plan or another document).
#[derive(Debug, Default, Clone)]
pub struct DocLinks {
    /// In plan order, each once.
    pub implemented_by_plans: Vec<PlanId>,
    pub implemented_by_docs: Vec<DocId>,
    /// Tasks whose own `implements` names this document (or one of its tasks).
    pub implemented_by_tasks: Vec<TaskKey>,
    pub cited_by: Vec<PlanId>,
    pub mentioned_by: Vec<PlanId>,
}

impl DocLinks {
    pub fn is_empty(&self) -> bool {
        self.implemented_by_plans.is_empty()
            && self.implemented_by_docs.is_empty()
            && self.implemented_by_tasks.is_empty()
            && self.cited_by.is_empty()
            && self.mentioned_by.is_empty()
    }
}

/// Where a dated task is listed on its year page: by the span its range covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    Month(u32),
    Quarter(u32),
    Year,
}

/// Tasks of one list by deadline. Shared between the builds of a live session: an edit
/// copies only the lists its tasks leave or join.
pub type Keys = Arc<Vec<TaskKey>>;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Buckets {
    /// Year of the range's end → tasks, by end date.
    pub years: BTreeMap<i32, Keys>,
    /// Open tasks past their deadline that a report says are not done.
    pub overdue: Keys,
    /// Tasks past their deadline that no report speaks of.
    pub past_deadline: Keys,
    pub ongoing: Keys,
    pub yearly: Keys,
    pub unscheduled: Keys,
    /// Each year's dated tasks by the span their range covers, in the year's order.
    pub slots: BTreeMap<(i32, Slot), Keys>,
}

/// The indexed site. What only names and references decide (URLs, who links to what) is
/// shared: a live rebuild after an edit that changes deadlines, titles or texts keeps it, and
/// redoes only the lists by deadline (see [`reindex`]).
pub struct Site {
    r: Resolved,
    plan_urls: Arc<Vec<String>>,
    plan_slugs: Arc<Vec<String>>,
    doc_urls: Arc<Vec<String>>,
    body_links: Arc<Vec<BodyLinks>>,
    plan_links: Arc<Vec<DocLinks>>,
    doc_links: Arc<Vec<DocLinks>>,
    task_children: Arc<HashMap<TaskKey, Vec<TaskKey>>>,
    /// Where each task's first entry in `facts` is, by plan.
    task_start: Arc<Vec<usize>>,
    /// What each task's deadline and status make of it on as_of, in plan then task order:
    /// looked up for every row and counted by every dashboard, so kept flat.
    facts: Vec<Fact>,
    buckets: Buckets,
    /// Documents and plans, newest first: the order of the document list.
    doc_order: Arc<Vec<DocTarget>>,
    reports: Arc<reports::ReportIndex>,
    /// Where each task list's pages start, found when first asked for.
    pages: lists::ListPages,
    /// The tally of every task and the next deadlines of the site, counted when first asked
    /// for: the home page and the progress page show both, and are remade on every edit.
    overview: std::sync::OnceLock<(progress::Tally, Vec<TaskKey>)>,
    duties: reports::DutiesOf,
}

impl Site {
    /// What was resolved: the plans, bodies and documents, site.yaml and as_of.
    pub fn resolved(&self) -> &Resolved {
        &self.r
    }
    pub fn into_resolved(self) -> Resolved {
        self.r
    }
    pub fn config(&self) -> &crate::content::SiteConfig {
        &self.r.config
    }
    /// Every plan, oldest first (by date, then number, then file).
    pub fn plans(&self) -> &[Arc<RPlan>] {
        &self.r.plans
    }
    pub fn bodies(&self) -> &[Body] {
        &self.r.bodies
    }
    pub fn docs(&self) -> &[Doc] {
        &self.r.docs
    }
    pub fn task(&self, k: TaskKey) -> &crate::resolve::Task {
        &self.r.plans[k.plan()].tasks[k.task()]
    }
    /// The URL of each plan's page, by plan.
    pub fn plan_urls(&self) -> &[String] {
        &self.plan_urls
    }
    /// The last part of each plan's URL, by plan.
    pub fn plan_slugs(&self) -> &[String] {
        &self.plan_slugs
    }
    /// The URL of each document's page, by document.
    pub fn doc_urls(&self) -> &[String] {
        &self.doc_urls
    }
    /// What each body issued, leads, supports, and its units, by body.
    pub fn body_links(&self) -> &[BodyLinks] {
        &self.body_links
    }
    /// The tasks that carry out task `k`.
    pub fn task_children(&self, k: TaskKey) -> &[TaskKey] {
        self.task_children.get(&k).map_or(&[], Vec::as_slice)
    }
    /// The tasks by deadline.
    pub fn buckets(&self) -> &Buckets {
        &self.buckets
    }
    /// Documents and plans, newest first: the order of the document list.
    pub fn doc_order(&self) -> &[DocTarget] {
        &self.doc_order
    }
    /// The reports' URLs, and the reports of each body and plan.
    pub fn reports(&self) -> &reports::ReportIndex {
        &self.reports
    }
    pub fn report(&self, r: crate::resolve::ReportId) -> &crate::resolve::Report {
        &self.r.reports[r]
    }
    pub fn plan(&self, p: PlanId) -> &RPlan {
        &self.r.plans[p]
    }
    pub fn body(&self, b: BodyId) -> &Body {
        &self.r.bodies[b]
    }
    pub fn doc(&self, d: DocId) -> &Doc {
        &self.r.docs[d]
    }
    /// The slug of a task's id, unique within its plan: its anchor on the plan's page.
    pub fn anchor(&self, k: TaskKey) -> &str {
        &self.r.plans[k.plan()].tasks[k.task()].slug
    }
    pub fn as_of(&self) -> NaiveDate {
        self.r.as_of
    }
    pub fn body_url(&self, b: BodyId) -> String {
        routes::body(&self.r.bodies[b].id)
    }
    pub fn target_url(&self, t: DocTarget) -> &str {
        match t {
            DocTarget::Plan(p) => &self.plan_urls[p],
            DocTarget::Doc(d) => &self.doc_urls[d],
        }
    }
    pub fn task_url(&self, k: TaskKey) -> String {
        routes::task(&self.plan_urls[k.plan()], self.anchor(k))
    }
    pub fn links(&self, t: DocTarget) -> &DocLinks {
        match t {
            DocTarget::Plan(p) => &self.plan_links[p],
            DocTarget::Doc(d) => &self.doc_links[d],
        }
    }
    pub fn fact(&self, k: TaskKey) -> Fact {
        self.facts[self.task_start[k.plan()] + k.task()]
    }
    pub fn is_overdue(&self, k: TaskKey) -> bool {
        self.fact(k).state == TaskState::Overdue
    }
    /// Open and ending within 30 days of as_of.
    pub fn is_due_soon(&self, k: TaskKey) -> bool {
        self.fact(k).due_soon
    }
    /// "Kế hoạch số 90/KH-UBND", or for an unnumbered plan its type, issuer and date.
    pub fn plan_label(&self, p: PlanId) -> String {
        let pl = &self.r.plans[p];
        if pl.number.is_empty() {
            let number = if pl.blank_number.is_empty() {
                " (chưa có số)".to_string()
            } else {
                format!(" số …/{} (chưa ghi số)", pl.blank_number)
            };
            format!(
                "{}{number} của {}, {}",
                pl.doc_type,
                self.body(self.r.plans[p].issuer).name,
                pl.date.vietnamese()
            )
        } else {
            [pl.doc_type.as_str(), " số ", &pl.number].concat()
        }
    }
    /// Number of tasks over all plans.
    pub fn task_count(&self) -> usize {
        self.r.plans.iter().map(|p| p.tasks.len()).sum()
    }
}

pub fn index(r: Resolved) -> Site {
    let (plan_slugs, plan_urls) = routes::plans(&r.plans);
    let doc_urls = routes::docs(&r.docs);

    let mut body_links = vec![BodyLinks::default(); r.bodies.len()];
    for (i, b) in r.bodies.iter().enumerate() {
        if let Some(p) = b.parent {
            body_links[p].units.push(i);
        }
    }
    let mut plan_links = vec![DocLinks::default(); r.plans.len()];
    let mut doc_links = vec![DocLinks::default(); r.docs.len()];
    let mut task_children: HashMap<TaskKey, Vec<TaskKey>> = HashMap::default();
    let mut task_start = Vec::with_capacity(r.plans.len());
    let mut facts = Vec::with_capacity(r.plans.iter().map(|p| p.tasks.len()).sum());
    let mut buckets = Buckets::default();

    fn links<'a>(t: DocTarget, pl: &'a mut [DocLinks], dl: &'a mut [DocLinks]) -> &'a mut DocLinks {
        match t {
            DocTarget::Plan(p) => &mut pl[p],
            DocTarget::Doc(d) => &mut dl[d],
        }
    }
    for (di, d) in r.docs.iter().enumerate() {
        if let Some(b) = d.issuer_body {
            body_links[b].issued_docs.push(di);
        }
        for rf in &d.implements {
            if let Some(t) = rf.target {
                links(t, &mut plan_links, &mut doc_links)
                    .implemented_by_docs
                    .push(di);
            }
        }
    }
    for (pid, p) in r.plans.iter().enumerate() {
        body_links[p.issuer].issued.push(pid);
        task_start.push(facts.len());
        let mut seen = HashSet::default();
        for rf in &p.implements {
            if let Some(t) = rf.target {
                if t != DocTarget::Plan(pid) && seen.insert(t) {
                    links(t, &mut plan_links, &mut doc_links)
                        .implemented_by_plans
                        .push(pid);
                }
            }
        }
        let mut seen = HashSet::default();
        for rf in &p.based_on {
            if let Some(t) = rf.target {
                if seen.insert(t) {
                    links(t, &mut plan_links, &mut doc_links).cited_by.push(pid);
                }
            }
        }
        let mut seen = HashSet::default();
        for &t in &p.mentions {
            if t != DocTarget::Plan(pid) && seen.insert(t) {
                links(t, &mut plan_links, &mut doc_links)
                    .mentioned_by
                    .push(pid);
            }
        }
        for (ti, t) in p.tasks.iter().enumerate() {
            let key = TaskKey::new(pid, ti);
            for b in distinct_bodies(&t.lead) {
                body_links[b].led.push(key);
            }
            for (i, nb) in t.support.iter().enumerate() {
                if !t.lead.iter().any(|x| x.body == nb.body)
                    && !t.support[..i].iter().any(|x| x.body == nb.body)
                {
                    body_links[nb.body].supported.push(key);
                }
            }
            for (i, rf) in t.implements.iter().enumerate() {
                if let Some(parent) = rf.task {
                    task_children.entry(parent).or_default().push(key);
                }
                if let Some(tg) = rf.target {
                    if tg != DocTarget::Plan(pid)
                        && !t.implements[..i].iter().any(|x| x.target == Some(tg))
                    {
                        links(tg, &mut plan_links, &mut doc_links)
                            .implemented_by_tasks
                            .push(key);
                    }
                }
            }
            let fact = Fact::of(&r, key, &plan_urls[pid]);
            if let Some(list) = buckets.late_mut(fact.state) {
                list.push(key);
            }
            if let Some(l) = fact.listed {
                buckets.list_mut(l).push(key);
            }
            facts.push(fact);
        }
    }
    roll_up(&r.bodies, &mut body_links);
    // Dated lists read in date order; ties keep plan/task order.
    let end = |k: &TaskKey| r.plans[k.plan()].tasks[k.task()].deadline.to;
    for list in buckets.years.values_mut() {
        Arc::make_mut(list).sort_by_key(|k| (end(k), *k));
    }
    Arc::make_mut(&mut buckets.overdue).sort_by_key(|k| (end(k), *k));
    Arc::make_mut(&mut buckets.past_deadline).sort_by_key(|k| (end(k), *k));
    let mut slots: BTreeMap<(i32, Slot), Keys> = BTreeMap::new();
    for (&y, list) in &buckets.years {
        for &k in list.iter() {
            if let Some(s) = slot_of(&r.plans[k.plan()].tasks[k.task()].deadline) {
                Arc::make_mut(slots.entry((y, s)).or_default()).push(k);
            }
        }
    }
    buckets.slots = slots;
    // The lists are kept for the whole build: without the room vectors leave as they grow
    // (up to half of each, and a site has several keys per task).
    for l in &mut body_links {
        l.led.shrink_to_fit();
        l.supported.shrink_to_fit();
    }
    for l in plan_links.iter_mut().chain(&mut doc_links) {
        l.implemented_by_tasks.shrink_to_fit();
    }
    for list in buckets.lists_mut() {
        Arc::make_mut(list).shrink_to_fit();
    }
    let doc_order = {
        let mut all: Vec<(Option<NaiveDate>, DocTarget)> = r
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.date.map(|x| x.first_day()), DocTarget::Doc(i)))
            .chain(
                r.plans
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (Some(p.date.first_day()), DocTarget::Plan(i))),
            )
            .collect();
        all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        all.into_iter().map(|(_, t)| t).collect()
    };

    let reports = Arc::new(reports::ReportIndex::new(&r));
    Site {
        r,
        reports,
        plan_urls: Arc::new(plan_urls),
        plan_slugs: Arc::new(plan_slugs),
        doc_urls: Arc::new(doc_urls),
        body_links: Arc::new(body_links),
        plan_links: Arc::new(plan_links),
        doc_links: Arc::new(doc_links),
        task_children: Arc::new(task_children),
        task_start: Arc::new(task_start),
        facts,
        buckets,
        doc_order: Arc::new(doc_order),
        pages: lists::ListPages::default(),
        overview: Default::default(),
        duties: Default::default(),
    }
}

/// Each body's `led_by_units`: what its units (bodies of kind unit or group under it, and
/// their units) lead, less what it leads itself. A department's page answers for the work of its offices;
/// a city's does not take in its departments, which answer for themselves.
fn roll_up(bodies: &[Body], links: &mut [BodyLinks]) {
    let units_of = |links: &[BodyLinks], b: BodyId| -> Vec<BodyId> {
        links[b]
            .units
            .iter()
            .copied()
            .filter(|&u| bodies[u].is_unit())
            .collect()
    };
    for b in 0..bodies.len() {
        let mut stack = units_of(links, b);
        if stack.is_empty() {
            continue;
        }
        let own: HashSet<TaskKey> = links[b].led.iter().copied().collect();
        let mut all = Vec::new();
        let mut seen: HashSet<BodyId> = HashSet::default();
        while let Some(u) = stack.pop() {
            // A registry whose parents loop must not loop here.
            if u == b || !seen.insert(u) {
                continue;
            }
            all.extend(links[u].led.iter().copied().filter(|k| !own.contains(k)));
            stack.extend(units_of(links, u));
        }
        all.sort_unstable();
        all.dedup();
        links[b].led_by_units = all;
    }
}

/// [`index`] of `r`, given the index `old` of the site before `edited` plans changed, when the
/// edits kept every plan's number, date, issuer, task ids and every name and reference it
/// writes (what `pipeline::live` checks before resolving edited plans alone). Only deadlines and
/// statuses can then move a task, so the rest of the index is shared and the edited plans'
/// tasks are taken out of the lists by deadline and put back where they now belong.
pub fn reindex(old: &Site, r: Resolved, edited: &[PlanId]) -> Site {
    let gone = |k: &TaskKey| edited.contains(&k.plan());
    let mut buckets = old.buckets.clone();
    let mut facts = old.facts.clone();
    // The lists the edited plans' tasks were in, as their facts and deadlines of the last
    // build say: only those are copied and filtered, the others stay shared.
    let (mut late, mut lists, mut slots) =
        (HashSet::default(), HashSet::default(), HashSet::default());
    for &plan in edited {
        for (task, t) in old.r.plans[plan].tasks.iter().enumerate() {
            let f = old.facts[old.task_start[plan] + task];
            late.insert(f.state);
            if let Some(l) = f.listed {
                lists.insert(l);
                if let (Listed::Year(y), Some(s)) = (l, slot_of(&t.deadline)) {
                    slots.insert((y, s));
                }
            }
        }
    }
    let b = &mut buckets;
    for state in late {
        if let Some(list) = b.late_mut(state) {
            list.retain(|k| !gone(k));
        }
    }
    for l in lists {
        b.list_mut(l).retain(|k| !gone(k));
        if let Listed::Year(y) = l {
            if b.years[&y].is_empty() {
                b.years.remove(&y);
            }
        }
    }
    for s in slots {
        if let Some(list) = b.slots.get_mut(&s) {
            Arc::make_mut(list).retain(|k| !gone(k));
            if list.is_empty() {
                b.slots.remove(&s);
            }
        }
    }

    // Dated lists are in (end, key) order, the others in key order: see `index`.
    let dated = |k: &TaskKey| (r.plans[k.plan()].tasks[k.task()].deadline.to, *k);
    let insert = |list: &mut Vec<TaskKey>, k: TaskKey, by_date: bool| {
        let at = if by_date {
            list.partition_point(|x| dated(x) < dated(&k))
        } else {
            list.partition_point(|x| *x < k)
        };
        list.insert(at, k);
    };
    // A task keeps its cut mark when its plan's URL and its id stay, as they do for the edits
    // that come here; should one move, no list's pages are kept.
    let mut same_cuts = true;
    for &plan in edited {
        for task in 0..r.plans[plan].tasks.len() {
            let key = TaskKey::new(plan, task);
            let fact = Fact::of(&r, key, &old.plan_urls[plan]);
            let at = old.task_start[plan] + task;
            same_cuts &= facts.get(at).is_some_and(|f| f.cut == fact.cut);
            facts[at] = fact;
            if let Some(list) = buckets.late_mut(fact.state) {
                insert(list, key, true);
            }
            if let Some(l) = fact.listed {
                insert(buckets.list_mut(l), key, matches!(l, Listed::Year(_)));
                if let Listed::Year(y) = l {
                    if let Some(s) = slot_of(&r.plans[plan].tasks[task].deadline) {
                        let list = buckets.slots.entry((y, s)).or_default();
                        insert(Arc::make_mut(list), key, true);
                    }
                }
            }
        }
    }
    let mut site = Site {
        r,
        reports: old.reports.clone(),
        plan_urls: old.plan_urls.clone(),
        plan_slugs: old.plan_slugs.clone(),
        doc_urls: old.doc_urls.clone(),
        body_links: old.body_links.clone(),
        plan_links: old.plan_links.clone(),
        doc_links: old.doc_links.clone(),
        task_children: old.task_children.clone(),
        task_start: old.task_start.clone(),
        facts,
        buckets,
        doc_order: old.doc_order.clone(),
        pages: lists::ListPages::default(),
        overview: Default::default(),
        duties: reports::DutiesOf::carry(old, edited),
    };
    if same_cuts {
        site.pages = lists::ListPages::carry(old, &site);
    }
    site
}

/// The bodies of a list of names, each once, in the order first named (a body named twice
/// leads, or supports, the task once). A task names a handful of bodies: a linear look back
/// beats a set.
pub fn distinct_bodies(list: &[crate::resolve::NamedBody]) -> impl Iterator<Item = BodyId> + '_ {
    list.iter()
        .enumerate()
        .filter(|(i, nb)| !list[..*i].iter().any(|x| x.body == nb.body))
        .map(|(_, nb)| nb.body)
}

/// The list by deadline a task belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Listed {
    Ongoing,
    Yearly,
    Unscheduled,
    /// Dated: the year its range ends.
    Year(i32),
}

/// What a task's deadline and status make of it on the site's as_of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    pub state: TaskState,
    /// Open and ending within 30 days of as_of.
    pub due_soon: bool,
    /// None for a dated deadline without an end.
    pub listed: Option<Listed>,
    /// The last day of the deadline's range, if dated.
    pub to: Option<NaiveDate>,
    /// A page of a long task list may end after this task (see [`cut_mark`]).
    pub cut: bool,
}

/// One task in this many is marked as a place where a page of a long list may end.
pub const CUT_EVERY: u64 = 50;

/// Whether the task at `anchor` of the plan at `plan_url` is marked as a place where a page
/// of a long list may end: decided by its URL alone, so the mark stays with the task wherever
/// tasks are added or removed around it.
pub fn cut_mark(plan_url: &str, anchor: &str) -> bool {
    let mut h = crate::text::fnv(plan_url.as_bytes());
    for &b in anchor.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    h.is_multiple_of(CUT_EVERY)
}

impl Fact {
    fn of(r: &Resolved, k: TaskKey, plan_url: &str) -> Fact {
        use crate::content::{PlanStatus, TaskStatus};
        let plan = &r.plans[k.plan()];
        let task = &plan.tasks[k.task()];
        let dl = &task.deadline;
        // Progress notes without a status are a report that does not say the task is done.
        let reported = task
            .status
            .or_else(|| (!task.progress.is_empty()).then_some(TaskStatus::InProgress));
        let past = dl.is_past(r.as_of);
        let state = match reported {
            _ if plan.status == PlanStatus::Draft => TaskState::Draft,
            Some(TaskStatus::Done) => TaskState::Done,
            Some(TaskStatus::Cancelled) => TaskState::Cancelled,
            Some(_) if past => TaskState::Overdue,
            Some(TaskStatus::InProgress) => TaskState::InProgress,
            Some(TaskStatus::NotStarted) => TaskState::NotStarted,
            None if past => TaskState::PastDeadline,
            None => TaskState::NoReport,
        };
        Fact {
            state,
            due_soon: state.is_open() && dl.is_due_soon(r.as_of),
            listed: match dl.kind {
                DeadlineKind::Ongoing => Some(Listed::Ongoing),
                DeadlineKind::Yearly => Some(Listed::Yearly),
                DeadlineKind::Unscheduled => Some(Listed::Unscheduled),
                DeadlineKind::Due | DeadlineKind::Period => dl.to.map(|to| Listed::Year(to.year())),
            },
            to: dl.to,
            cut: cut_mark(plan_url, &task.slug),
        }
    }
}

impl Buckets {
    /// Every list of tasks.
    fn lists_mut(&mut self) -> impl Iterator<Item = &mut Keys> {
        [
            &mut self.overdue,
            &mut self.past_deadline,
            &mut self.ongoing,
            &mut self.yearly,
            &mut self.unscheduled,
        ]
        .into_iter()
        .chain(self.years.values_mut())
        .chain(self.slots.values_mut())
    }

    /// The list of tasks past their deadline in `state`, if it has one, copied first when it
    /// is shared with another build.
    fn late_mut(&mut self, state: TaskState) -> Option<&mut Vec<TaskKey>> {
        match state {
            TaskState::Overdue => Some(Arc::make_mut(&mut self.overdue)),
            TaskState::PastDeadline => Some(Arc::make_mut(&mut self.past_deadline)),
            _ => None,
        }
    }

    /// The list `l`, copied first when it is shared with another build.
    fn list_mut(&mut self, l: Listed) -> &mut Vec<TaskKey> {
        Arc::make_mut(match l {
            Listed::Ongoing => &mut self.ongoing,
            Listed::Yearly => &mut self.yearly,
            Listed::Unscheduled => &mut self.unscheduled,
            Listed::Year(y) => self.years.entry(y).or_default(),
        })
    }
}

/// Where a dated task sits on its year page: the month or quarter its range lies in, or the
/// year when it spans more.
fn slot_of(dl: &crate::resolve::Deadline) -> Option<Slot> {
    let (from, to) = (dl.from?, dl.to?);
    let q = crate::resolve::deadline::quarter;
    Some(if from.year() == to.year() && from.month() == to.month() {
        Slot::Month(to.month())
    } else if from.year() == to.year() && q(from) == q(to) {
        Slot::Quarter(q(to))
    } else {
        Slot::Year
    })
}
