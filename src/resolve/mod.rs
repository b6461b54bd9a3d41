//! Stage 2, resolve: turns what plans write — body names, document numbers, task references,
//! deadlines — into references to bodies, documents and tasks. The result ([`Resolved`]) is
//! plain data with indices: each [`Plan`] with its [`Task`]s as the site shows them, the
//! bodies and the documents. `site` builds the URLs and cross-links from it.

mod bodies;
mod cycles;
/// Name lookup, for tools that read names outside a build (`import`).
pub mod bodies_index {
    pub use super::bodies::{BodyIndex, Found};
}
pub mod deadline;
mod plans;
mod refs;
mod reports;

use crate::content::{self, BodyKind, Content, PartialDate, PlanStatus, SiteConfig, DIRECTIVES};
use crate::diag::{Diagnostics, Pos};
use crate::number;
use bodies::{BodyIndex, Found};
use chrono::NaiveDate;
pub use deadline::{Deadline, DeadlineKind};
pub use plans::State;
use refs::{DocIndex, RefCtx};
pub use reports::{Entry, Progress, Report, ReportId};
// Names and numbers are hashed millions of times per build; SipHash's flood resistance buys
// nothing against files the site's own staff write.
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

pub type BodyId = usize;
pub type PlanId = usize;
pub type DocId = usize;

/// A task: its plan, and its place among the plan's tasks. Kept as two 32-bit numbers: the
/// index holds several keys per task (by body, deadline, year and month), two million tasks
/// at 100,000 plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskKey {
    plan: u32,
    task: u32,
}

impl TaskKey {
    pub fn new(plan: PlanId, task: usize) -> Self {
        let small = |n: usize| u32::try_from(n).expect("fewer than 2³² plans and tasks");
        TaskKey {
            plan: small(plan),
            task: small(task),
        }
    }
    pub fn plan(self) -> PlanId {
        self.plan as PlanId
    }
    pub fn task(self) -> usize {
        self.task as usize
    }
}

/// What a document number points at: a plan of this site, or another document (registered in
/// directives.yaml, or known only from the references to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocTarget {
    Plan(PlanId),
    Doc(DocId),
}

#[derive(Debug, Clone)]
pub struct Body {
    pub id: String,
    pub name: String,
    /// How pages name it: its name, and its parent's when another body has the same name
    /// ("Văn phòng Sở — Sở Nội vụ").
    pub label: String,
    pub short: String,
    pub aliases: Vec<String>,
    pub parent: Option<BodyId>,
    /// None for a body known only from a name in a plan.
    pub kind: Option<BodyKind>,
    pub registered: bool,
}

#[derive(Debug, Clone)]
pub struct Doc {
    pub number: String,
    pub key: String,
    pub doc_type: String,
    pub issuer: String,
    pub issuer_body: Option<BodyId>,
    pub date: Option<PartialDate>,
    pub title: String,
    pub url: String,
    /// In directives.yaml (true) or made from references alone (false).
    pub registered: bool,
    pub implements: Vec<Reference>,
}

#[derive(Debug, Clone)]
pub struct Reference {
    /// As written in the file ("90/KH-UBND ngày 20/3/2026#II.7.1").
    pub written: String,
    /// The number as written, without date or task ("37-KH/TU").
    pub number: String,
    pub target: Option<DocTarget>,
    /// "#II.7.1": the task id as written, and the task when found.
    pub task_id: Option<String>,
    pub task: Option<TaskKey>,
    /// The line it is written on, in its plan's file or directives.yaml.
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct NamedBody {
    /// As written; shared by every task that writes the name alike.
    pub written: Arc<str>,
    pub body: BodyId,
}

/// A recipient as written, linked to its body when the name is known ("Lưu: VT" is not).
pub type Recipient = (Arc<str>, Option<BodyId>);

/// A document number that the plan's page links, where it is (see
/// [`crate::content::PlacedRef`]) and what it points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextLink {
    /// The part of the body, or the task whose title holds it.
    pub part: u32,
    /// The text event of that part (see [`crate::markdown::walk`]).
    pub event: u32,
    /// The bytes of the event's text to link.
    pub start: u32,
    pub end: u32,
    pub target: DocTarget,
}

/// A task as the site shows it: what the plan file says of it, with its bodies, deadline and
/// references resolved. Its lists are boxed slices, a word less each than vectors, for every
/// task of the site.
#[derive(Debug, Clone)]
pub struct Task {
    pub id: String,
    /// The id as a URL fragment, unique within the plan.
    pub slug: String,
    pub pos: Pos,
    /// Headings above the task, outermost first.
    pub group: Box<[String]>,
    pub title: String,
    pub lead: Box<[NamedBody]>,
    pub support: Box<[NamedBody]>,
    pub outputs: Box<[String]>,
    /// Shared by every task whose deadline is written alike.
    pub deadline: Arc<Deadline>,
    pub implements: Box<[Reference]>,
    /// The newest status reported: by a report, or by the plan file.
    pub status: Option<content::TaskStatus>,
    /// The plan file's progress notes and every report on the task, oldest first.
    pub progress: Box<[Progress]>,
}

/// A plan as the site shows it: what its file says, with its issuer, references, recipients
/// and tasks resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Path of its file from the site root, `/`-separated.
    pub path: String,
    /// File name without extension; the slug of an unnumbered plan.
    pub stem: String,
    pub number: String,
    /// The symbol of a number the source leaves blank ("KH-SKHCN"); empty otherwise.
    pub blank_number: String,
    pub doc_type: String,
    pub title: String,
    pub issuer: BodyId,
    pub date: PartialDate,
    pub place: String,
    pub signer: Option<content::Signer>,
    pub status: PlanStatus,
    pub source: Option<content::SourceDoc>,
    /// Parts of the document its source does not hold.
    pub missing: Vec<String>,
    pub implements: Vec<Reference>,
    pub based_on: Vec<Reference>,
    pub replaces: Vec<Reference>,
    pub replaced_by: Vec<PlanId>,
    pub recipients: Vec<Recipient>,
    pub distribution: Vec<Recipient>,
    pub targets: Vec<content::Target>,
    /// How often the plan wants reports from its lead bodies, as written.
    pub reporting: Vec<String>,
    pub tasks: Vec<Task>,
    pub body: String,
    /// Documents cited in running text (the body, then the task titles), in order, with
    /// duplicates.
    pub mentions: Vec<DocTarget>,
    /// The document numbers its page links in the body's parts, then in task titles.
    pub body_links: Box<[TextLink]>,
    pub title_links: Box<[TextLink]>,
    /// Link targets written in the body, with their lines.
    pub links: Vec<(String, usize)>,
    /// Hash of the file's bytes: a rebuild compares it to tell which plans changed.
    pub source_hash: u64,
}

impl Plan {
    /// The links of task `i`'s title.
    pub fn title_links(&self, i: usize) -> &[TextLink] {
        let l = &self.title_links;
        let from = l.partition_point(|x| (x.part as usize) < i);
        let to = from + l[from..].partition_point(|x| x.part as usize == i);
        &l[from..to]
    }
}

pub struct Resolved {
    pub config: SiteConfig,
    pub as_of: NaiveDate,
    /// Shared, like the plans: a live rebuild re-resolves a plan only when it adds no body or
    /// document (see [`State::untouched`]), and keeps these.
    pub bodies: Arc<Vec<Body>>,
    pub docs: Arc<Vec<Doc>>,
    /// Shared: a live rebuild replaces only the plans it re-resolved.
    pub plans: Vec<Arc<Plan>>,
    /// Oldest first (by date, then file).
    pub reports: Arc<Vec<Report>>,
}

impl Body {
    /// Part of the body above it, which answers for its work: a unit ("Văn phòng Sở"), or a
    /// group of its units ("Các phòng, đơn vị thuộc Sở"). A department under the city is not.
    pub fn is_unit(&self) -> bool {
        use content::BodyKind::{Group, Unit};
        self.parent.is_some() && matches!(self.kind, Some(Unit | Group))
    }
}

/// Whether body `b` is `of` or a body above it: a department answers (and reports) for its
/// units.
pub fn answers_for(bodies: &[Body], b: BodyId, of: BodyId) -> bool {
    let mut at = Some(of);
    // A parent loop in departments.yaml cannot make this run for ever.
    for _ in 0..bodies.len() {
        match at {
            Some(x) if x == b => return true,
            Some(x) => at = bodies[x].parent,
            None => return false,
        }
    }
    false
}

/// The bodies of departments.yaml, parents turned into indices.
pub fn bodies_from_registry(entries: &[content::BodyEntry]) -> Vec<Body> {
    let ids: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    let mut bodies: Vec<Body> = entries
        .iter()
        .map(|b| Body {
            id: b.id.clone(),
            name: b.name.clone(),
            label: b.name.clone(),
            short: b.short.clone(),
            aliases: b.aliases.clone(),
            parent: b
                .parent
                .as_ref()
                .and_then(|p| ids.get(p.value.as_str()).copied()),
            kind: Some(b.kind),
            registered: true,
        })
        .collect();
    let mut named: HashMap<String, usize> = HashMap::default();
    for b in &bodies {
        *named.entry(crate::text::name_key(&b.name)).or_default() += 1;
    }
    for i in 0..bodies.len() {
        if named[&crate::text::name_key(&bodies[i].name)] > 1 {
            if let Some(p) = bodies[i].parent {
                bodies[i].label = format!("{} — {}", bodies[i].name, bodies[p].name);
            }
        }
    }
    bodies
}

/// Plans of one year whose numbers (or file names, when unnumbered) differ but make the same
/// address: the plan with a well-formed number keeps it, the other gets a suffix. Each other
/// plan is warned of, naming the plan that keeps the address.
fn same_address(plans: &[Arc<content::Plan>], d: &mut Diagnostics) {
    let name = |p: &content::Plan| {
        if p.number.is_empty() {
            p.stem.clone()
        } else {
            p.number.clone()
        }
    };
    let mut groups: HashMap<(i32, String), Vec<usize>> = HashMap::default();
    for (i, p) in plans.iter().enumerate() {
        groups
            .entry((p.date.year, crate::text::slugify(&name(p))))
            .or_default()
            .push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for mut g in groups {
        // The plan that keeps the address: a well-formed number first, then by name.
        g.sort_by_key(|&i| {
            let p = &plans[i];
            (
                !number::is_well_formed(&p.number),
                format!("{}|{}", name(p), p.path),
            )
        });
        let keeper = &plans[g[0]];
        for &i in &g[1..] {
            let p = &plans[i];
            // The same number twice in a year is an error of its own.
            if number::normalize(&p.number) == number::normalize(&keeper.number)
                && !p.number.is_empty()
            {
                continue;
            }
            d.warning(
                &p.path,
                p.number_pos,
                format!(
                    "kế hoạch `{}` và kế hoạch `{}` ({}:{}) cho cùng một địa chỉ trang trong năm {}; `{}` giữ địa chỉ, kế hoạch này nhận địa chỉ có thêm hậu tố. Sửa số hiệu (hoặc tên tệp) để hai kế hoạch có địa chỉ riêng",
                    name(p), name(keeper), keeper.path, keeper.number_pos.line, p.date.year, name(keeper)
                ),
            );
        }
    }
}

/// Sorting key of plans: date, then number (the order of the exports), then path.
/// Plans are numbered in this order, oldest first: feeds take the first of a list of plans
/// numbered from the newest as the newest.
fn plan_order(p: &Arc<content::Plan>) -> (NaiveDate, String, String) {
    (
        p.date.first_day(),
        number::normalize(&p.number),
        p.path.clone(),
    )
}

pub fn resolve(content: Content, as_of: NaiveDate, d: &mut Diagnostics) -> Resolved {
    resolve_keeping(content, as_of, d).0
}

/// Resolves the whole site and returns, with the result, the state a live rebuild needs to
/// re-resolve single plans (its bodies and documents are those of the result). The plans are
/// taken over from `content`: a plan that nothing else holds moves into the result without
/// being copied.
pub fn resolve_keeping(
    content: Content,
    as_of: NaiveDate,
    d: &mut Diagnostics,
) -> (Resolved, State) {
    let Content {
        config,
        mut plans,
        bodies: entries,
        directives,
        reports,
        ..
    } = content;
    plans.sort_by_cached_key(plan_order);

    // Bodies from the registry; parents by id.
    let bodies = bodies_from_registry(&entries);
    let index = BodyIndex::new(&bodies);

    // Documents: plans by number, then directives.
    let mut docs: Vec<Doc> = directives
        .iter()
        .map(|e| Doc {
            number: e.number.clone(),
            key: number::normalize(&e.number),
            doc_type: e.doc_type.clone(),
            issuer: e.issuer.clone(),
            issuer_body: None,
            date: e.date,
            title: e.title.clone(),
            url: e.url.clone(),
            registered: true,
            implements: Vec::new(),
        })
        .collect();
    for doc in &mut docs {
        if let Some(Found::Registered(b)) = index.find(&doc.issuer, None, &bodies) {
            doc.issuer_body = Some(b);
        }
    }

    let mut docs_ix = DocIndex::default();
    for (i, p) in plans.iter().enumerate() {
        if !p.number.is_empty() {
            docs_ix
                .plans
                .entry(number::normalize(&p.number))
                .or_default()
                .push(i);
        }
    }
    for (i, doc) in docs.iter().enumerate() {
        docs_ix.docs.entry(doc.key.clone()).or_default().push(i);
    }

    // Duplicate plan numbers in one year.
    for list in docs_ix.plans.values() {
        let mut by_year: HashMap<i32, usize> = HashMap::default();
        for &i in list {
            let p = &plans[i];
            if let Some(&first) = by_year.get(&p.date.year) {
                let f = &plans[first];
                d.error(
                    &p.path,
                    p.number_pos,
                    format!(
                        "số hiệu `{}` năm {} đã dùng cho kế hoạch {}:{}; mỗi số hiệu chỉ dùng một lần trong một năm",
                        p.number, p.date.year, f.path, f.number_pos.line
                    ),
                );
            } else {
                by_year.insert(p.date.year, i);
            }
        }
    }

    same_address(&plans, d);

    let mut ctx = RefCtx {
        docs_ix,
        doc_changes: 0,
        keys: HashMap::default(),
        parsed: HashMap::default(),
        task_ids: HashMap::default(),
        plan_dates: plans.iter().map(|p| p.date).collect(),
        plan_numbers: plans.iter().map(|p| p.number.clone()).collect(),
        known_shapes: plans
            .iter()
            .map(|p| &p.number)
            .chain(docs.iter().filter(|d| d.registered).map(|d| &d.number))
            .filter(|n| !n.is_empty())
            .map(|n| (number::shape_key(n), n.clone()))
            .collect(),
    };

    // Directives' own `implements`.
    for i in 0..docs.len() {
        let refs = directives[i].implements.clone();
        let resolved = refs
            .iter()
            .map(|r| ctx.reference(&plans, &r.value, None, DIRECTIVES, r.pos, &mut docs, d))
            .collect();
        docs[i].implements = resolved;
    }

    let mut state = State::new(bodies, index, docs, ctx);
    let resolutions: Vec<plans::Resolution> = (0..plans.len())
        .map(|pid| state.resolve_plan(pid, &plans[pid], &plans, d))
        .collect();
    // Taken over, copied only when the loader's cache holds them too.
    let mut out: Vec<Plan> = plans
        .into_iter()
        .zip(resolutions)
        .map(|(p, r)| r.into_plan(Arc::unwrap_or_clone(p)))
        .collect();

    // A replaced plan of this site becomes superseded, with a link both ways.
    for pid in 0..out.len() {
        let replaced: Vec<PlanId> = (out[pid].replaces.iter())
            .filter_map(|r| match r.target {
                Some(DocTarget::Plan(old)) if old != pid => Some(old),
                _ => None,
            })
            .collect();
        for old in replaced {
            out[old].status = PlanStatus::Superseded;
            out[old].replaced_by.push(pid);
        }
    }

    cycles::check(&out, &state.docs, d);
    let reports = state.resolve_reports(reports, &mut out, d);
    let resolved = Resolved {
        config,
        as_of,
        bodies: Arc::new(std::mem::take(&mut state.bodies)),
        docs: Arc::new(std::mem::take(&mut state.docs)),
        plans: out.into_iter().map(Arc::new).collect(),
        reports: Arc::new(reports),
    };
    (resolved, state)
}
