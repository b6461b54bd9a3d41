//! Stage 2, resolve: turns what plans write — body names, document numbers, task references,
//! deadlines — into references to bodies, documents and tasks. The result is plain data with
//! indices; `site` builds the cross-links from it.

mod bodies;
/// Name lookup, for tools that read names outside a build (`import`).
pub mod bodies_index {
    pub use super::bodies::{BodyIndex, Found};
}
pub mod deadline;

use crate::content::{
    BodyKind, Content, PartialDate, Plan, PlanStatus, SiteConfig, DEPARTMENTS, DIRECTIVES,
};
use crate::diag::{Diagnostics, Pos};
use crate::number;
use bodies::{BodyIndex, Found};
use chrono::NaiveDate;
pub use deadline::{Deadline, DeadlineKind};
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
    /// As written, without date or task ("37-KH/TU").
    pub number: String,
    pub target: Option<DocTarget>,
    /// "#II.7.1": the task id as written, and the task when found.
    pub task_id: Option<String>,
    pub task: Option<TaskKey>,
}

#[derive(Debug, Clone)]
pub struct NamedBody {
    /// As written; shared by every task that writes the name alike.
    pub written: Arc<str>,
    pub body: BodyId,
}

/// A recipient as written, linked to its body when the name is known ("Lưu: VT" is not).
pub type Recipient = (Arc<str>, Option<BodyId>);

/// A task as resolved; its lists are boxed slices, a word less each than vectors, for every
/// task of the site.
#[derive(Debug, Clone)]
pub struct RTask {
    pub lead: Box<[NamedBody]>,
    pub support: Box<[NamedBody]>,
    /// Shared by every task whose deadline is written alike.
    pub deadline: Arc<Deadline>,
    pub implements: Box<[Reference]>,
}

#[derive(Debug, Clone)]
pub struct RPlan {
    /// Shared with the loader's cache, so a rebuild re-reads only the files that changed.
    pub plan: Arc<Plan>,
    pub issuer: BodyId,
    pub status: PlanStatus,
    pub implements: Vec<Reference>,
    pub based_on: Vec<Reference>,
    pub replaces: Vec<Reference>,
    pub replaced_by: Vec<PlanId>,
    pub recipients: Vec<Recipient>,
    pub distribution: Vec<Recipient>,
    pub tasks: Vec<RTask>,
    /// Documents cited in the body text, in order of appearance, with duplicates.
    pub mentions: Vec<DocTarget>,
}

pub struct Resolved {
    pub config: SiteConfig,
    pub as_of: NaiveDate,
    /// Shared, like the plans: a live rebuild re-resolves a plan only when it adds no body or
    /// document (see [`State::untouched`]), and keeps these.
    pub bodies: Arc<Vec<Body>>,
    pub docs: Arc<Vec<Doc>>,
    /// Shared: a live rebuild replaces only the plans it re-resolved.
    pub plans: Vec<Arc<RPlan>>,
}

/// The bodies of departments.yaml, parents turned into indices.
pub fn bodies_from_registry(entries: &[crate::content::BodyEntry]) -> Vec<Body> {
    let ids: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    entries
        .iter()
        .map(|b| Body {
            id: b.id.clone(),
            name: b.name.clone(),
            short: b.short.clone(),
            aliases: b.aliases.clone(),
            parent: b
                .parent
                .as_ref()
                .and_then(|p| ids.get(p.value.as_str()).copied()),
            kind: Some(b.kind),
            registered: true,
        })
        .collect()
}

/// Sorting key of plans: date, then number (the order of the exports), then path.
/// Plans are numbered in this order, oldest first: feeds take the first of a list of plans
/// numbered from the newest as the newest.
fn plan_order(p: &Arc<Plan>) -> (NaiveDate, String, String) {
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
/// re-resolve single plans (its bodies and documents are those of the result).
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

    let plan_dates: Vec<PartialDate> = plans.iter().map(|p| p.date).collect();
    let mut ctx = RefCtx {
        docs_ix,
        doc_changes: 0,
        keys: HashMap::default(),
        parsed: HashMap::default(),
        task_ids: HashMap::default(),
        plan_dates,
        plan_numbers: plans.iter().map(|p| p.number.clone()).collect(),
        plans: plans.clone(),
    };

    // Directives' own `implements`.
    for i in 0..docs.len() {
        let refs = directives[i].implements.clone();
        let resolved = refs
            .iter()
            .map(|r| ctx.reference(&r.value, None, DIRECTIVES, r.pos, &mut docs, d))
            .collect();
        docs[i].implements = resolved;
    }

    let mut state = State {
        bodies,
        index,
        memo: NameMemo::default(),
        recipient_memo: HashMap::default(),
        deadlines: HashMap::default(),
        docs,
        ctx,
    };
    let mut out: Vec<RPlan> = Vec::with_capacity(plans.len());
    for (pid, plan) in plans.iter().enumerate() {
        out.push(state.plan(pid, plan, d));
    }

    // A replaced plan of this site becomes superseded, with a link both ways.
    for pid in 0..out.len() {
        for r in out[pid].replaces.clone() {
            if let Some(DocTarget::Plan(old)) = r.target {
                if old != pid {
                    out[old].status = PlanStatus::Superseded;
                    out[old].replaced_by.push(pid);
                }
            }
        }
    }

    let resolved = Resolved {
        config,
        as_of,
        bodies: Arc::new(std::mem::take(&mut state.bodies)),
        docs: Arc::new(std::mem::take(&mut state.docs)),
        plans: out.into_iter().map(Arc::new).collect(),
    };
    (resolved, state)
}

/// What resolving keeps between plans: the bodies and documents made so far, and the answers
/// for names, recipients and deadlines already seen. `serve` keeps it to re-resolve an edited
/// plan without resolving the whole site.
pub struct State {
    pub bodies: Vec<Body>,
    index: BodyIndex,
    memo: NameMemo,
    recipient_memo: HashMap<BodyId, HashMap<String, Recipient>>,
    /// Deadlines repeat across tasks ("Thường xuyên", "Quý II/2027"): parsed once per text.
    deadlines: HashMap<String, Arc<Deadline>>,
    pub docs: Vec<Doc>,
    ctx: RefCtx,
}

impl State {
    /// Resolves one plan against what the plans before it left. A live rebuild calls it again
    /// for an edited plan whose names and references are unchanged (see [`State::untouched`]).
    pub fn plan(&mut self, pid: PlanId, plan: &Arc<Plan>, d: &mut Diagnostics) -> RPlan {
        let State {
            bodies,
            index,
            memo,
            recipient_memo,
            deadlines,
            docs,
            ctx,
        } = self;
        let path = plan.path.clone();
        let issuer = match index.by_id(&plan.issuer.value) {
            Some(b) => b,
            None => match index.resolve(&plan.issuer.value, None, &mut *bodies) {
                Found::Registered(b) | Found::Ambiguous(b, _) => b,
                Found::Unregistered(b) => {
                    d.error(
                        &path,
                        plan.issuer.pos,
                        format!(
                            "cơ quan ban hành `{}` không có trong {DEPARTMENTS}; dùng mã (id) hoặc tên, tên gọi khác của một cơ quan trong danh mục, hoặc thêm cơ quan vào danh mục",
                            plan.issuer.value
                        ),
                    );
                    b
                }
            },
        };
        let mut refs =
            |list: &[crate::content::Located<String>], d: &mut Diagnostics| -> Vec<Reference> {
                list.iter()
                    .map(|r| ctx.reference(&r.value, Some(pid), &path, r.pos, &mut *docs, d))
                    .collect()
            };
        let implements = refs(&plan.implements, d);
        let based_on = refs(&plan.based_on, d);
        let replaces = refs(&plan.replaces, d);
        let mut tasks = Vec::with_capacity(plan.tasks.len());
        for t in &plan.tasks {
            let mut names = |list: &[crate::content::Located<Arc<str>>],
                             d: &mut Diagnostics|
             -> Vec<NamedBody> {
                list.iter()
                    .map(|n| {
                        body_ref(
                            &mut *index,
                            &mut *memo,
                            &n.value,
                            issuer,
                            &mut *bodies,
                            &path,
                            n.pos,
                            d,
                        )
                    })
                    .collect()
            };
            let lead = names(&t.lead, d);
            let support = names(&t.support, d);
            if lead.is_empty() {
                d.warning(
                    &path,
                    t.pos,
                    format!("nhiệm vụ `{}` không có cơ quan chủ trì (`lead`)", t.id),
                );
            }
            let deadline = match &t.deadline {
                Some(text) => {
                    let dl = match deadlines.get(text.value.as_str()) {
                        Some(dl) => dl.clone(),
                        None => {
                            let dl = Arc::new(deadline::parse(&text.value));
                            deadlines.insert(text.value.clone(), dl.clone());
                            dl
                        }
                    };
                    if !dl.recognized {
                        d.warning(
                            &path,
                            text.pos,
                            format!(
                                "không hiểu thời hạn `{}`; nhiệm vụ được xếp vào mục \"Chưa xác định\". Các dạng được hiểu: Thường xuyên, Hằng năm, Quý II/2027, Tháng 4/2026, Tháng 4-5/2026, Năm 2026, Giai đoạn 2026 - 2030, 30/6/2026",
                                text.value
                            ),
                        );
                    }
                    dl
                }
                None => Arc::new(deadline::parse("")),
            };
            let implements = t
                .implements
                .iter()
                .map(|r| ctx.reference(&r.value, Some(pid), &path, r.pos, &mut *docs, d))
                .collect();
            tasks.push(RTask {
                lead: lead.into(),
                support: support.into(),
                deadline,
                implements,
            });
        }
        // Documents cited in running text: the body, then task titles.
        let mut mentions = Vec::new();
        for (r, pos) in plan.citations.all() {
            let (target, _) = ctx.lookup_or_make(
                &r.number,
                r.date,
                Some(&r.doc_type),
                &mut *docs,
                &path,
                *pos,
                d,
                true,
            );
            mentions.push(target);
        }
        // Recipients link to their body when it is known; "Lưu: VT" and the like stay text.
        let known = recipient_memo.entry(issuer).or_default();
        let mut named = |list: &[String]| -> Vec<Recipient> {
            list.iter()
                .map(|n| {
                    if let Some(hit) = known.get(n.as_str()) {
                        return hit.clone();
                    }
                    let key = n.split(" (").next().unwrap_or(n);
                    let b = match index.find(key, Some(issuer), bodies) {
                        Some(Found::Registered(b) | Found::Ambiguous(b, _)) => Some(b),
                        _ => None,
                    };
                    let hit = (Arc::from(n.as_str()), b);
                    known.insert(n.clone(), hit.clone());
                    hit
                })
                .collect()
        };
        let recipients = named(&plan.recipients);
        let distribution = named(&plan.distribution);
        let status = plan.status.unwrap_or(if plan.number.is_empty() {
            PlanStatus::Draft
        } else {
            PlanStatus::Issued
        });
        RPlan {
            plan: plan.clone(),
            issuer,
            status,
            implements,
            based_on,
            replaces,
            replaced_by: Vec::new(),
            recipients,
            distribution,
            tasks,
            mentions,
        }
    }

    /// A summary of what resolving has added so far (bodies, documents, names, document
    /// dates): unchanged when re-resolving a plan found everything already there.
    pub fn untouched(&self) -> (usize, usize, usize, usize, usize, usize) {
        (
            self.bodies.len(),
            self.docs.len(),
            self.memo.any_issuer.len(),
            self.memo.by_issuer.len(),
            self.recipient_memo.values().map(HashMap::len).sum(),
            self.ctx.doc_changes,
        )
    }
}

/// Names repeat across thousands of tasks ("Sở Tài chính"): each distinct name is resolved
/// once, with the warning it needs, and the answer reused. Only a name that several bodies
/// bear ("Văn phòng Sở") can resolve differently by issuer; those are kept per issuer.
#[derive(Default)]
struct NameMemo {
    any_issuer: HashMap<String, Resolution>,
    by_issuer: HashMap<(BodyId, String), Resolution>,
}

/// What a name resolved to, the warning each use of it repeats, and the name as written.
struct Resolution {
    body: BodyId,
    warning: Option<String>,
    written: Arc<str>,
}

#[allow(clippy::too_many_arguments)]
fn body_ref(
    index: &mut BodyIndex,
    memo: &mut NameMemo,
    name: &Arc<str>,
    issuer: BodyId,
    bodies: &mut Vec<Body>,
    path: &str,
    pos: Pos,
    d: &mut Diagnostics,
) -> NamedBody {
    let hit = match memo.any_issuer.get(&**name) {
        Some(hit) => Some(hit),
        None => memo.by_issuer.get(&(issuer, name.to_string())),
    };
    let r = match hit {
        Some(hit) => hit,
        None => {
            let (body, warning) = resolve_name(index, name, issuer, bodies);
            let found = Resolution {
                body,
                warning,
                written: name.clone(),
            };
            if index.by_issuer(name) {
                memo.by_issuer
                    .entry((issuer, name.to_string()))
                    .or_insert(found)
            } else {
                memo.any_issuer.entry(name.to_string()).or_insert(found)
            }
        }
    };
    if let Some(w) = &r.warning {
        d.warning(path, pos, w.clone());
    }
    NamedBody {
        written: r.written.clone(),
        body: r.body,
    }
}

fn resolve_name(
    index: &mut BodyIndex,
    name: &str,
    issuer: BodyId,
    bodies: &mut Vec<Body>,
) -> (BodyId, Option<String>) {
    match index.resolve(name, Some(issuer), bodies) {
        Found::Registered(b) => (b, None),
        Found::Ambiguous(b, all) => {
            let names: Vec<String> = all
                .iter()
                .map(|&i| format!("{} ({})", bodies[i].name, bodies[i].id))
                .collect();
            (
                b,
                Some(format!(
                    "tên `{name}` khớp nhiều cơ quan: {}; đã chọn `{}`. Ghi mã (id) để chọn đúng",
                    names.join(", "),
                    bodies[b].id
                )),
            )
        }
        Found::Unregistered(b) => {
            let hint = match index.suggest(name, bodies).as_slice() {
                [] => format!("Nếu đây là cơ quan đã có, thêm cách viết này vào `aliases` của cơ quan đó trong {DEPARTMENTS}"),
                close => format!(
                    "Có phải là: {}? Nếu đúng, sửa tên hoặc thêm cách viết này vào `aliases` của cơ quan đó",
                    close.iter().map(|&i| format!("`{}` ({})", bodies[i].name, bodies[i].id)).collect::<Vec<_>>().join(", ")
                ),
            };
            (b, Some(format!("không tìm thấy cơ quan `{name}` trong {DEPARTMENTS}; cơ quan vẫn có trang riêng, mã `{}`. {hint}", bodies[b].id)))
        }
    }
}

#[derive(Default)]
struct DocIndex {
    plans: HashMap<String, Vec<PlanId>>,
    docs: HashMap<String, Vec<DocId>>,
}

struct RefCtx {
    docs_ix: DocIndex,
    /// Documents made or dated so far.
    doc_changes: usize,
    /// The same numbers and references are written thousands of times: each distinct text is
    /// normalized or parsed once.
    keys: HashMap<String, String>,
    parsed: HashMap<String, number::RefText>,
    /// Each plan's task ids → task index, made when a reference first looks into the plan.
    task_ids: HashMap<PlanId, HashMap<String, usize>>,
    plan_dates: Vec<PartialDate>,
    plan_numbers: Vec<String>,
    plans: Vec<Arc<Plan>>,
}

/// Does a document dated `have` match a reference dated `want`? A partial date matches any day
/// it may stand for.
fn date_matches(have: Option<PartialDate>, want: NaiveDate) -> bool {
    use chrono::Datelike;
    match have {
        None => true,
        Some(h) => {
            h.year == want.year()
                && h.month.is_none_or(|m| m == want.month())
                && h.day.is_none_or(|dd| dd == want.day())
        }
    }
}

impl RefCtx {
    /// The task of plan `p` with this id (the last, if ids repeat; loading reports repeats).
    fn task_index(&mut self, p: PlanId, id: &str) -> Option<usize> {
        let plans = &self.plans;
        self.task_ids
            .entry(p)
            .or_insert_with(|| {
                (plans[p].tasks.iter().enumerate())
                    .map(|(i, t)| (t.id.clone(), i))
                    .collect()
            })
            .get(id)
            .copied()
    }

    /// Resolves a front-matter reference ("37-KH/TU ngày 12/3/2026", "90/KH-UBND#II.7.1").
    fn reference(
        &mut self,
        written: &str,
        from_plan: Option<PlanId>,
        path: &str,
        pos: Pos,
        docs: &mut Vec<Doc>,
        d: &mut Diagnostics,
    ) -> Reference {
        let r = match self.parsed.get(written) {
            Some(r) => r.clone(),
            None => {
                let r = number::parse_reference(written);
                self.parsed.insert(written.to_string(), r.clone());
                r
            }
        };
        if r.number.is_empty() {
            // "#II.7" alone: a task of the same plan.
            let task = r
                .task
                .as_ref()
                .zip(from_plan)
                .and_then(|(t, p)| self.task_index(p, t).map(|i| TaskKey::new(p, i)));
            return Reference {
                number: String::new(),
                target: from_plan.map(DocTarget::Plan),
                task_id: r.task,
                task,
            };
        }
        let (target, _) = self.lookup_or_make(&r.number, r.date, None, docs, path, pos, d, true);
        let mut task = None;
        if let Some(tid) = &r.task {
            match target {
                DocTarget::Plan(p) => match self.task_index(p, tid) {
                    Some(i) => task = Some(TaskKey::new(p, i)),
                    None => d.warning(path, pos, format!("kế hoạch {} không có nhiệm vụ mã `{tid}`", self.plan_numbers[p])),
                },
                DocTarget::Doc(_) => {
                    d.warning(path, pos, format!("`{}` không phải kế hoạch của trang nên không tìm được nhiệm vụ `{tid}` của nó", r.number))
                }
            }
        }
        Reference {
            number: r.number,
            target: Some(target),
            task_id: r.task,
            task,
        }
    }

    /// Finds the document a number (and date) refers to, or makes a page for it.
    #[allow(clippy::too_many_arguments)]
    fn lookup_or_make(
        &mut self,
        num: &str,
        date: Option<NaiveDate>,
        doc_type: Option<&str>,
        docs: &mut Vec<Doc>,
        path: &str,
        pos: Pos,
        d: &mut Diagnostics,
        warn: bool,
    ) -> (DocTarget, bool) {
        let key = match self.keys.get(num) {
            Some(k) => k.clone(),
            None => {
                let k = number::normalize(num);
                self.keys.insert(num.to_string(), k.clone());
                k
            }
        };
        let mut plans: Vec<PlanId> = self.docs_ix.plans.get(&key).cloned().unwrap_or_default();
        if let Some(dt) = date {
            plans.retain(|&p| date_matches(Some(self.plan_dates[p]), dt));
        }
        let mut regs: Vec<DocId> = self.docs_ix.docs.get(&key).cloned().unwrap_or_default();
        if let Some(dt) = date {
            regs.retain(|&i| date_matches(docs[i].date, dt));
        }
        let pick = |cands: Vec<DocTarget>,
                    d: &mut Diagnostics,
                    docs: &Vec<Doc>,
                    me: &Self|
         -> DocTarget {
            if cands.len() > 1 {
                let list: Vec<String> = cands
                    .iter()
                    .map(|c| match *c {
                        DocTarget::Plan(p) => {
                            format!("{} ({})", me.plan_numbers[p], me.plan_dates[p].written())
                        }
                        DocTarget::Doc(i) => format!(
                            "{} ({})",
                            docs[i].number,
                            docs[i].date.map(|x| x.written()).unwrap_or_default()
                        ),
                    })
                    .collect();
                d.warning(path, pos, format!("số hiệu `{num}` khớp nhiều văn bản: {}; ghi thêm ngày văn bản (\"{num} ngày 20/3/2026\") để chọn đúng", list.join(", ")));
            }
            // The newest candidate.
            *cands
                .iter()
                .max_by_key(|c| match **c {
                    DocTarget::Plan(p) => Some(me.plan_dates[p].first_day()),
                    DocTarget::Doc(i) => docs[i].date.map(|x| x.first_day()),
                })
                .expect("non-empty")
        };
        if !plans.is_empty() {
            let c = plans.into_iter().map(DocTarget::Plan).collect();
            return (pick(c, d, docs, self), true);
        }
        let registered: Vec<DocTarget> = regs
            .iter()
            .copied()
            .filter(|&i| docs[i].registered)
            .map(DocTarget::Doc)
            .collect();
        if !registered.is_empty() {
            return (pick(registered, d, docs, self), true);
        }
        if let Some(&i) = regs.first() {
            // a page made earlier for the same number
            if docs[i].date.is_none() {
                self.doc_changes += 1;
                docs[i].date = date.map(|x| PartialDate {
                    year: chrono::Datelike::year(&x),
                    month: Some(chrono::Datelike::month(&x)),
                    day: Some(chrono::Datelike::day(&x)),
                });
            }
            if warn {
                d.warning(path, pos, unknown_doc_message(num));
            }
            return (DocTarget::Doc(i), false);
        }
        if warn {
            d.warning(path, pos, unknown_doc_message(num));
        }
        let i = docs.len();
        self.doc_changes += 1;
        docs.push(Doc {
            number: crate::text::collapse_ws(num),
            key: key.clone(),
            doc_type: doc_type.unwrap_or("Văn bản").to_string(),
            issuer: String::new(),
            issuer_body: None,
            date: date.map(|x| PartialDate {
                year: chrono::Datelike::year(&x),
                month: Some(chrono::Datelike::month(&x)),
                day: Some(chrono::Datelike::day(&x)),
            }),
            title: String::new(),
            url: String::new(),
            registered: false,
            implements: Vec::new(),
        });
        self.docs_ix.docs.entry(key).or_default().push(i);
        (DocTarget::Doc(i), false)
    }
}

fn unknown_doc_message(num: &str) -> String {
    format!(
        "văn bản `{num}` không phải kế hoạch của trang và không có trong {DIRECTIVES}; trang văn bản được tạo chỉ từ số hiệu. Thêm văn bản vào {DIRECTIVES} (loại, cơ quan ban hành, ngày, trích yếu)"
    )
}
