//! Resolving one plan: its issuer, the bodies its tasks name, its deadlines, the documents and
//! tasks it refers to and cites, and where its page links document numbers.

use super::bodies::{BodyIndex, Found};
use super::refs::{Plans, RefCtx};
use super::{
    deadline, Body, BodyId, Deadline, Doc, DocTarget, NamedBody, Plan, PlanId, Recipient,
    Reference, Task, TextLink,
};
use crate::content::{self, Located, PlanStatus, DEPARTMENTS};
use crate::diag::{Diagnostics, Pos};
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

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

/// What resolving a plan found, to be put with what the plan file says ([`Resolution::into_plan`]).
pub struct Resolution {
    issuer: BodyId,
    status: PlanStatus,
    implements: Vec<Reference>,
    based_on: Vec<Reference>,
    replaces: Vec<Reference>,
    recipients: Vec<Recipient>,
    distribution: Vec<Recipient>,
    tasks: Vec<ResolvedTask>,
    mentions: Vec<DocTarget>,
    body_links: Box<[TextLink]>,
    title_links: Box<[TextLink]>,
}

struct ResolvedTask {
    lead: Box<[NamedBody]>,
    support: Box<[NamedBody]>,
    deadline: Arc<Deadline>,
    implements: Box<[Reference]>,
}

impl Resolution {
    /// The plan as the site shows it: `plan`, whose resolution this is, with what was found.
    pub fn into_plan(self, plan: content::Plan) -> Plan {
        let tasks = plan
            .tasks
            .into_iter()
            .zip(self.tasks)
            .map(|(t, r)| Task {
                id: t.id,
                slug: t.slug,
                pos: t.pos,
                group: t.group,
                title: t.title,
                lead: r.lead,
                support: r.support,
                outputs: t.outputs,
                deadline: r.deadline,
                implements: r.implements,
                status: t.status,
                progress: t.progress.into_vec().into_iter().map(Into::into).collect(),
            })
            .collect();
        Plan {
            path: plan.path,
            stem: plan.stem,
            number: plan.number,
            blank_number: plan.blank_number,
            doc_type: plan.doc_type,
            title: plan.title,
            issuer: self.issuer,
            date: plan.date,
            place: plan.place,
            signer: plan.signer,
            status: self.status,
            source: plan.source,
            missing: plan.missing,
            implements: self.implements,
            based_on: self.based_on,
            replaces: self.replaces,
            replaced_by: Vec::new(),
            recipients: self.recipients,
            distribution: self.distribution,
            targets: plan.targets,
            reporting: plan.reporting.into_iter().map(|l| l.value).collect(),
            tasks,
            body: plan.body,
            mentions: self.mentions,
            body_links: self.body_links,
            title_links: self.title_links,
            links: plan.links,
            source_hash: plan.source_hash,
        }
    }
}

impl State {
    pub(super) fn new(bodies: Vec<Body>, index: BodyIndex, docs: Vec<Doc>, ctx: RefCtx) -> State {
        State {
            bodies,
            index,
            memo: NameMemo::default(),
            recipient_memo: HashMap::default(),
            deadlines: HashMap::default(),
            docs,
            ctx,
        }
    }

    /// Resolves the site's reports against its resolved plans, and puts what they say in the
    /// plans' tasks.
    pub(super) fn resolve_reports(
        &mut self,
        reports: Vec<Arc<content::Report>>,
        plans: &mut [Plan],
        d: &mut Diagnostics,
    ) -> Vec<super::Report> {
        super::reports::resolve(reports, plans, &self.bodies, &self.index, &mut self.ctx, d)
    }

    /// Resolves plan `pid`, one of `plans` (the site's plans as read, in plan order), against
    /// what the plans before it left. A live rebuild calls it again for an edited plan whose
    /// names and references are unchanged (see [`State::untouched`]).
    pub fn resolve_plan(
        &mut self,
        pid: PlanId,
        plan: &content::Plan,
        plans: Plans,
        d: &mut Diagnostics,
    ) -> Resolution {
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
                // No issuer written is already an error of the plan file.
                Found::Unregistered(b) if plan.issuer.value.is_empty() => b,
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
        let mut refs = |list: &[Located<String>], d: &mut Diagnostics| -> Vec<Reference> {
            list.iter()
                .map(|r| ctx.reference(plans, &r.value, Some(pid), &path, r.pos, &mut *docs, d))
                .collect()
        };
        let implements = refs(&plan.implements, d);
        let based_on = refs(&plan.based_on, d);
        let replaces = refs(&plan.replaces, d);
        let mut tasks = Vec::with_capacity(plan.tasks.len());
        for t in &plan.tasks {
            let mut names = |list: &[Located<Arc<str>>], d: &mut Diagnostics| -> Vec<NamedBody> {
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
                        deadline_problem(&path, text, d);
                    }
                    dl
                }
                None => Arc::new(deadline::parse("")),
            };
            let implements = t
                .implements
                .iter()
                .map(|r| ctx.reference(plans, &r.value, Some(pid), &path, r.pos, &mut *docs, d))
                .collect();
            tasks.push(ResolvedTask {
                lead: lead.into(),
                support: support.into(),
                deadline,
                implements,
            });
        }
        // Documents cited in running text: the body, then task titles. The page links each
        // number in its text to what the first citation of the same number points at.
        let mut mentions = Vec::new();
        let mut first: HashMap<String, DocTarget> = HashMap::default();
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
            first.entry(ctx.key(&r.number)).or_insert(target);
        }
        let placed = |list: &[content::PlacedRef]| -> Box<[TextLink]> {
            (list.iter())
                .filter_map(|p| {
                    Some(TextLink {
                        part: p.part,
                        event: p.event,
                        start: p.start,
                        end: p.end,
                        target: *first.get(&p.key)?,
                    })
                })
                .collect()
        };
        let body_links = placed(&plan.body_refs);
        let title_links = placed(&plan.title_refs);
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
        // Only a plan that says so is a draft: many issued texts reach the site before the
        // clerk writes their number in.
        let status = plan.status.unwrap_or(PlanStatus::Issued);
        Resolution {
            issuer,
            status,
            implements,
            based_on,
            replaces,
            recipients,
            distribution,
            tasks,
            mentions,
            body_links,
            title_links,
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
    any_issuer: HashMap<String, Named>,
    by_issuer: HashMap<(BodyId, String), Named>,
}

/// What a name resolved to, the warning each use of it repeats, and the name as written.
struct Named {
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
            let found = Named {
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

/// The message for a deadline that was not understood: an error for a date that cannot be, a
/// warning naming the closest forms for a phrase of no known form.
fn deadline_problem(path: &str, text: &Located<String>, d: &mut Diagnostics) {
    match deadline::problem(&text.value) {
        Some(deadline::Problem::Impossible(why)) => d.error(
            path,
            text.pos,
            format!("thời hạn `{}` không có thật: {why}; sửa lại theo văn bản", text.value),
        ),
        Some(deadline::Problem::Unknown(forms)) => d.warning(
            path,
            text.pos,
            format!(
                "không hiểu thời hạn `{}`; nhiệm vụ được xếp vào mục \"Chưa xác định\" và không bao giờ bị coi là quá hạn. Các dạng gần nhất được hiểu: {} (các dạng khác: bảng thời hạn trong docs/content-model.md)",
                text.value,
                forms
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        None => {}
    }
}
