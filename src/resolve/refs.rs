//! Document numbers and references to what they point at: a plan of the site, a document of
//! directives.yaml, or a page made from the number alone; and task references ("#II.7.1").

use super::{Doc, DocId, DocTarget, PlanId, Reference, TaskKey};
use crate::content::{PartialDate, Plan, DIRECTIVES};
use crate::diag::{Diagnostics, Pos};
use crate::number;
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// The plans of the site as read, in plan order: where references find task ids.
pub(super) type Plans<'a> = &'a [Arc<Plan>];

#[derive(Default)]
pub(super) struct DocIndex {
    pub(super) plans: HashMap<String, Vec<PlanId>>,
    pub(super) docs: HashMap<String, Vec<DocId>>,
}

pub(super) struct RefCtx {
    pub(super) docs_ix: DocIndex,
    /// Documents made or dated so far.
    pub(super) doc_changes: usize,
    /// The same numbers and references are written thousands of times: each distinct text is
    /// normalized or parsed once.
    pub(super) keys: HashMap<String, String>,
    pub(super) parsed: HashMap<String, number::RefText>,
    /// Each plan's task ids → task index, made when a reference first looks into the plan.
    pub(super) task_ids: HashMap<PlanId, HashMap<String, usize>>,
    pub(super) plan_dates: Vec<PartialDate>,
    pub(super) plan_numbers: Vec<String>,
    /// The numbers of the plans and registered documents, by [`number::shape_key`]: what an
    /// unknown number may be a typo of.
    pub(super) known_shapes: HashMap<String, String>,
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
    fn task_index(&mut self, plans: Plans, p: PlanId, id: &str) -> Option<usize> {
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
    #[allow(clippy::too_many_arguments)]
    pub(super) fn reference(
        &mut self,
        plans: Plans,
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
                .and_then(|(t, p)| self.task_index(plans, p, t).map(|i| TaskKey::new(p, i)));
            return Reference {
                written: written.to_string(),
                number: String::new(),
                target: from_plan.map(DocTarget::Plan),
                task_id: r.task,
                task,
                line: pos.line,
            };
        }
        let (target, _) = self.lookup_or_make(&r.number, r.date, None, docs, path, pos, d, true);
        let mut task = None;
        if let Some(tid) = &r.task {
            match target {
                DocTarget::Plan(p) => match self.task_index(plans, p, tid) {
                    Some(i) => task = Some(TaskKey::new(p, i)),
                    None => d.warning(path, pos, format!("kế hoạch {} không có nhiệm vụ mã `{tid}`", self.plan_numbers[p])),
                },
                DocTarget::Doc(_) => {
                    d.warning(path, pos, format!("`{}` không phải kế hoạch của trang nên không tìm được nhiệm vụ `{tid}` của nó", r.number))
                }
            }
        }
        Reference {
            written: written.to_string(),
            number: r.number,
            target: Some(target),
            task_id: r.task,
            task,
            line: pos.line,
        }
    }

    /// The comparison key of a number as written, normalized once per distinct text.
    pub(super) fn key(&mut self, num: &str) -> String {
        match self.keys.get(num) {
            Some(k) => k.clone(),
            None => {
                let k = number::normalize(num);
                self.keys.insert(num.to_string(), k.clone());
                k
            }
        }
    }

    /// Finds the document a number (and date) refers to, or makes a page for it.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lookup_or_make(
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
        let key = self.key(num);
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
                d.warning(path, pos, self.unknown_doc_message(num));
            }
            return (DocTarget::Doc(i), false);
        }
        if warn {
            d.warning(path, pos, self.unknown_doc_message(num));
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

impl RefCtx {
    /// [`unknown_doc_message`], with the known number it may be a typo of.
    fn unknown_doc_message(&self, num: &str) -> String {
        match self.known_shapes.get(&number::shape_key(num)) {
            Some(known) => format!("văn bản `{num}` không phải kế hoạch của trang và không có trong {DIRECTIVES}; có phải `{known}` (cùng chữ và số, khác dấu `/`, `-`)? Sửa số hiệu cho đúng, hoặc thêm văn bản vào {DIRECTIVES} nếu đó thật là một văn bản khác"),
            None => unknown_doc_message(num),
        }
    }
}

pub(super) fn unknown_doc_message(num: &str) -> String {
    format!(
        "văn bản `{num}` không phải kế hoạch của trang và không có trong {DIRECTIVES}; trang văn bản được tạo chỉ từ số hiệu. Thêm văn bản vào {DIRECTIVES} (loại, cơ quan ban hành, ngày, trích yếu)"
    )
}
