//! What an edit touches. Every plan, body and document gets a fingerprint of what it shows of
//! itself and where it links; comparing two builds' fingerprints gives the things that changed,
//! and the link indexes of each build give the pages that show them. Things are keyed by URL,
//! not by index, because indices shift when a plan is added while URLs stay put.

use crate::render::dashboard::{carried_out_by, carries_out};
use crate::resolve::{DocTarget, PlanId, Reference, TaskKey};
use crate::site::lists::Paged;
use crate::site::routes::{self, Page};
use crate::site::{Site, TaskState};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

pub type Fingerprints = HashMap<String, u64>;

fn hash_of(f: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::new();
    f(&mut h);
    h.finish()
}

/// Bodies and documents are hashed by their URL's own part (id, slug): no strings are made.
fn hash_body(site: &Site, b: usize, h: &mut DefaultHasher) {
    let body = site.body(b);
    (&body.id, &body.name, body.registered).hash(h);
}

fn hash_target(site: &Site, r: &Reference, h: &mut DefaultHasher) {
    r.target.map(|t| site.target_url(t)).hash(h);
    r.task
        .map(|k| (&site.plan_urls()[k.plan()], site.anchor(k)))
        .hash(h);
}

fn plan_fingerprint(site: &Site, p: PlanId) -> u64 {
    let rp = site.plan(p);
    hash_of(|h| {
        rp.source_hash.hash(h);
        rp.path.hash(h);
        rp.status.as_str().hash(h);
        hash_body(site, rp.issuer, h);
        for r in rp.implements.iter().chain(&rp.based_on).chain(&rp.replaces) {
            hash_target(site, r, h);
        }
        for &t in &rp.mentions {
            site.target_url(t).hash(h);
        }
        for &q in &rp.replaced_by {
            site.plan_urls()[q].hash(h);
        }
        for (_, b) in rp.recipients.iter().chain(&rp.distribution) {
            b.map(|b| &site.body(b).id).hash(h);
        }
        for (i, t) in rp.tasks.iter().enumerate() {
            let k = TaskKey::new(p, i);
            site.anchor(k).hash(h);
            (site.state(k), site.is_due_soon(k)).hash(h);
            for nb in t.lead.iter().chain(&t.support) {
                hash_body(site, nb.body, h);
            }
            for r in &t.implements {
                hash_target(site, r, h);
            }
        }
    })
}

/// The fingerprints of `site` given those of the last build, when only `edited` plans changed
/// and kept every name and reference (`site::reindex`): nothing else can show differently.
/// Returns them with the URLs that changed.
pub fn refingerprint(
    site: &Site,
    old: &Fingerprints,
    edited: &[PlanId],
) -> (Fingerprints, HashSet<String>) {
    let mut out = old.clone();
    let mut changed = HashSet::default();
    for &p in edited {
        let url = &site.plan_urls()[p];
        let fp = plan_fingerprint(site, p);
        if out.insert(url.clone(), fp) != Some(fp) {
            changed.insert(url.clone());
        }
    }
    (out, changed)
}

pub fn fingerprints(site: &Site) -> Fingerprints {
    use rayon::prelude::*;
    let plans: Vec<(String, u64)> = (0..site.plans().len())
        .into_par_iter()
        .map(|p| (site.plan_urls()[p].clone(), plan_fingerprint(site, p)))
        .collect();
    let mut out: HashMap<String, u64> = plans.into_iter().collect();
    for b in 0..site.bodies().len() {
        let body = site.body(b);
        let fp = hash_of(|h| {
            (&body.id, &body.name, &body.short, &body.aliases).hash(h);
            (body.kind.map(|k| k.label()), body.registered).hash(h);
            body.parent
                .map(|p| (site.body_url(p), &site.body(p).name))
                .hash(h);
            for &u in &site.body_links()[b].units {
                (site.body_url(u), &site.body(u).name).hash(h);
            }
        });
        out.insert(site.body_url(b), fp);
    }
    for d in 0..site.docs().len() {
        let doc = site.doc(d);
        let fp = hash_of(|h| {
            (
                &doc.number,
                &doc.doc_type,
                &doc.issuer,
                &doc.title,
                &doc.url,
            )
                .hash(h);
            (doc.date.map(|x| x.written()), doc.registered).hash(h);
            doc.issuer_body.map(|b| site.body_url(b)).hash(h);
            for r in &doc.implements {
                hash_target(site, r, h);
            }
        });
        out.insert(site.doc_urls()[d].clone(), fp);
    }
    out
}

/// URLs whose fingerprints differ, or that exist in one build only.
pub fn changed(old: &Fingerprints, new: &Fingerprints) -> HashSet<String> {
    let mut out: HashSet<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(old.keys().filter(|k| !new.contains_key(*k)).cloned());
    out
}

/// The owners (see [`Page::owner`]) of every page of `site` that shows one of `changed`.
pub fn touched(site: &Site, changed: &HashSet<String>) -> HashSet<String> {
    let mut t = Touched::new(site);
    for p in 0..site.plans().len() {
        if changed.contains(&site.plan_urls()[p]) {
            t.plan(p);
        }
    }
    for b in 0..site.bodies().len() {
        if changed.contains(&site.body_url(b)) {
            t.body(b);
        }
    }
    for d in 0..site.docs().len() {
        if changed.contains(&site.doc_urls()[d]) {
            t.target(DocTarget::Doc(d));
        }
    }
    t.finish()
}

/// What [`touched`] gives for each plan, body and document of `site` alone, by its URL, each
/// sorted, handed to `each` in turn: a build keeps it for the next, which no longer has this
/// site to ask which pages showed what it changed. Plans are taken a few thousand at a time,
/// in parallel, so that the owners' names of every plan (millions at 100,000 plans) are never
/// held at once.
pub fn touched_each(site: &Site, each: &mut dyn FnMut(String, Vec<String>)) {
    use rayon::prelude::*;
    let one = |url: String, fill: &dyn Fn(&mut Touched)| {
        let mut t = Touched::new(site);
        fill(&mut t);
        let mut v: Vec<String> = t.finish().into_iter().collect();
        v.sort_unstable();
        (url, v)
    };
    let plans: Vec<PlanId> = (0..site.plans().len()).collect();
    for some in plans.chunks(4096) {
        let done: Vec<(String, Vec<String>)> = some
            .par_iter()
            .map(|&p| one(site.plan_urls()[p].clone(), &|t| t.plan(p)))
            .collect();
        done.into_iter().for_each(|(u, v)| each(u, v));
    }
    for b in 0..site.bodies().len() {
        let (u, v) = one(site.body_url(b), &|t| t.body(b));
        each(u, v);
    }
    for d in 0..site.docs().len() {
        let (u, v) = one(site.doc_urls()[d].clone(), &|t| t.target(DocTarget::Doc(d)));
        each(u, v);
    }
}

/// What changed since a build, as a page of this one asks it.
pub struct Changes<'a> {
    /// Plans, bodies and documents whose fingerprints differ (by URL).
    pub changed: &'a HashSet<String>,
    /// The owners of the pages that show them ([`touched`]).
    pub owners: &'a HashSet<String>,
    /// The years with deadlines are others (year pages link to one another).
    pub years_changed: bool,
    pub content_changed: bool,
}

impl Changes<'_> {
    /// Whether page `p` shows something that changed, by its owner, and whether the owner
    /// itself changed (a list shows its owner's name on every page). The pages of a list share
    /// their owner and come one after another: `last` keeps the answer for the list last asked.
    pub fn owner(
        &self,
        site: &Site,
        p: &Page,
        last: &mut Option<(Paged, bool, bool)>,
    ) -> (bool, bool) {
        if let (Some((list, _)), Some((l, touched, renamed))) = (p.paged(), *last) {
            if l == list {
                return (touched, renamed);
            }
        }
        let owner = p.owner(site);
        let touched = match &owner {
            None => self.content_changed,
            Some(u) => {
                self.owners.contains(u.as_ref())
                    || (self.years_changed && matches!(p, Page::Year(_)))
            }
        };
        let renamed = owner.is_some_and(|u| self.changed.contains(u.as_ref()));
        *last = p.paged().map(|(l, _)| (l, touched, renamed));
        (touched, renamed)
    }
}

/// What owns a page (see [`Page::owner`]) as [`Touched`] gathers it: a task names a few of
/// these, many times over, and each is made a URL once, when a plan's are all found.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Owner {
    Body(usize),
    Target(DocTarget),
    Report(crate::resolve::ReportId),
    Deadlines(crate::site::lists::List),
    Year(i32),
}

impl Owner {
    fn plan(p: PlanId) -> Owner {
        Owner::Target(DocTarget::Plan(p))
    }

    fn url(self, site: &Site) -> String {
        match self {
            Owner::Body(b) => site.body_url(b),
            Owner::Target(t) => site.target_url(t).to_string(),
            Owner::Report(r) => site.reports().urls[r].clone(),
            Owner::Deadlines(l) => routes::deadline_list(l),
            Owner::Year(y) => routes::year(y),
        }
    }
}

struct Touched<'a> {
    site: &'a Site,
    owners: HashSet<Owner>,
}

impl<'a> Touched<'a> {
    fn new(site: &'a Site) -> Self {
        Touched {
            site,
            owners: HashSet::default(),
        }
    }

    fn insert(&mut self, o: Owner) {
        self.owners.insert(o);
    }

    /// The owners found, as URLs, with the issuers of the documents among them: an issuer's
    /// page lists its documents with how many carry them out and cite them.
    fn finish(self) -> HashSet<String> {
        let site = self.site;
        let issuers = self.owners.iter().filter_map(|o| match *o {
            Owner::Target(DocTarget::Doc(d)) => site.doc(d).issuer_body.map(Owner::Body),
            _ => None,
        });
        let all: HashSet<Owner> = issuers.chain(self.owners.iter().copied()).collect();
        all.into_iter().map(|o| o.url(site)).collect()
    }

    fn body(&mut self, b: usize) {
        let site = self.site;
        let body = site.body(b);
        self.insert(Owner::Body(b));
        if let Some(parent) = body.parent {
            self.insert(Owner::Body(parent));
        }
        for &u in &site.body_links()[b].units {
            self.insert(Owner::Body(u));
        }
        // Documents name their issuer.
        for d in 0..site.docs().len() {
            if site.doc(d).issuer_body == Some(b) {
                self.insert(Owner::Target(DocTarget::Doc(d)));
            }
        }
    }

    fn plan(&mut self, p: PlanId) {
        let site = self.site;
        let rp = site.plan(p);
        self.target(DocTarget::Plan(p));
        self.insert(Owner::Body(rp.issuer));
        for r in rp.based_on.iter().chain(&rp.replaces) {
            if let Some(t) = r.target {
                self.insert(Owner::Target(t));
            }
        }
        for &t in &rp.mentions {
            self.insert(Owner::Target(t));
        }
        for &q in &rp.replaced_by {
            self.insert(Owner::plan(q));
        }
        // A report's page shows the tasks it reports on.
        for &r in &site.reports().by_plan[p] {
            self.insert(Owner::Report(r));
        }
        for (i, t) in rp.tasks.iter().enumerate() {
            let k = TaskKey::new(p, i);
            for nb in t.lead.iter().chain(&t.support) {
                self.insert(Owner::Body(nb.body));
            }
            // A body's page counts the tasks its units lead.
            for nb in t.lead.iter() {
                let mut at = nb.body;
                // Up from a unit to the body it belongs to; parents that loop in a registry
                // end the walk at its length.
                for _ in 0..site.bodies().len() {
                    let body = site.body(at);
                    let Some(b) = body.parent.filter(|_| body.is_unit()) else {
                        break;
                    };
                    self.insert(Owner::Body(b));
                    at = b;
                }
            }
            self.owners.extend(task_lists(site, k));
            for c in site.task_children(k) {
                self.insert(Owner::plan(c.plan()));
            }
        }
    }

    /// A plan or document: its page, the pages that link to it, and every page whose chain of
    /// implementation shows it (the documents it carries out, all the way up).
    fn target(&mut self, t: DocTarget) {
        let site = self.site;
        self.insert(Owner::Target(t));
        let l = site.links(t);
        for &q in l
            .cited_by
            .iter()
            .chain(&l.mentioned_by)
            .chain(&l.implemented_by_plans)
        {
            self.insert(Owner::plan(q));
        }
        for k in &l.implemented_by_tasks {
            self.insert(Owner::plan(k.plan()));
        }
        for &d in &l.implemented_by_docs {
            self.insert(Owner::Target(DocTarget::Doc(d)));
        }
        let mut seen = HashSet::default();
        let mut stack = vec![t];
        while let Some(x) = stack.pop() {
            if !seen.insert(x) {
                continue;
            }
            self.insert(Owner::Target(x));
            stack.extend(carries_out(site, x));
        }
        // The relation diagrams below it, which draw it a few levels up.
        let mut level = vec![t];
        for _ in 0..crate::render::dashboard::DEPTH {
            level = level
                .iter()
                .flat_map(|&x| carried_out_by(site, x))
                .collect();
            for &x in &level {
                self.insert(Owner::Target(x));
            }
        }
    }
}

/// The deadline pages a task is listed on.
fn task_lists(site: &Site, k: TaskKey) -> impl Iterator<Item = Owner> {
    use crate::resolve::DeadlineKind;
    use crate::site::lists::List;
    let dl = &site.plan(k.plan()).tasks[k.task()].deadline;
    let by_deadline = match dl.kind {
        DeadlineKind::Ongoing => Some(Owner::Deadlines(List::Ongoing)),
        DeadlineKind::Yearly => Some(Owner::Deadlines(List::Yearly)),
        DeadlineKind::Unscheduled => Some(Owner::Deadlines(List::Unscheduled)),
        DeadlineKind::Due | DeadlineKind::Period => {
            use chrono::Datelike;
            dl.to.map(|to| Owner::Year(to.year()))
        }
    };
    let by_state = match site.state(k) {
        TaskState::Overdue => Some(Owner::Deadlines(List::Overdue)),
        TaskState::PastDeadline => Some(Owner::Deadlines(List::PastDeadline)),
        _ => None,
    };
    by_deadline.into_iter().chain(by_state)
}
