//! What templates receive: small serializable views of plans, tasks, bodies and documents, all
//! URLs site-relative (templates prefix them with `root`). These structs are the public
//! interface of themes; see docs/themes.md.

use crate::render::markdown;
use crate::resolve::{BodyId, DeadlineKind, DocTarget, NamedBody, PlanId, Reference, TaskKey};
use crate::site::lists::Row;
use crate::site::Site;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};
use std::borrow::Cow;

pub fn date_vi(d: NaiveDate) -> String {
    DateVi(d).to_string()
}

/// A date as Vietnamese write it, dd/mm/yyyy, as [`std::fmt::Display`]: a deadline's labels,
/// the timelines and reports print millions of them, and chrono's formatter reads its format
/// string each time.
pub struct DateVi(pub NaiveDate);

impl std::fmt::Display for DateVi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Datelike;
        let d = self.0;
        if !(0..=9999).contains(&d.year()) {
            return write!(f, "{}", d.format("%d/%m/%Y"));
        }
        let (y, m, day) = (d.year() as u32, d.month(), d.day());
        let digit = |n: u32| b'0' + n as u8;
        let text = [
            digit(day / 10),
            digit(day % 10),
            b'/',
            digit(m / 10),
            digit(m % 10),
            b'/',
            digit(y / 1000),
            digit(y / 100 % 10),
            digit(y / 10 % 10),
            digit(y % 10),
        ];
        f.write_str(std::str::from_utf8(&text).map_err(|_| std::fmt::Error)?)
    }
}

// Views borrow the site's strings where they show them as they are: Tera copies each string
// it is given, so an owned copy here would be a second one.
#[derive(Serialize)]
pub struct BodyLink<'a> {
    pub name: std::borrow::Cow<'a, str>,
    pub url: String,
    pub registered: bool,
}

pub fn body_link(site: &Site, b: BodyId) -> BodyLink<'_> {
    BodyLink {
        name: site.body(b).label.as_str().into(),
        url: site.body_url(b),
        registered: site.body(b).registered,
    }
}

/// A body as the plan wrote it, linked to the body it resolved to; with its parent's name
/// when another body has the same name.
pub fn named_link<'a>(site: &'a Site, nb: &'a NamedBody) -> BodyLink<'a> {
    let body = site.body(nb.body);
    let name = match body.label.strip_prefix(body.name.as_str()) {
        Some(parent)
            if !parent.is_empty()
                && crate::text::name_key(&nb.written) == crate::text::name_key(&body.name) =>
        {
            format!("{}{parent}", nb.written).into()
        }
        _ => nb.written.as_ref().into(),
    };
    BodyLink {
        name,
        url: site.body_url(nb.body),
        registered: site.body(nb.body).registered,
    }
}

#[derive(Serialize)]
pub struct DeadlineView<'a> {
    pub text: &'a str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
    pub range_label: String,
    /// The first and last day in Vietnamese ("01/01/2024"); empty when undated. Templates show
    /// them apart without splitting `range_label`, which is costly on every row.
    pub from_label: String,
    pub to_label: String,
}

pub fn deadline_view(site: &Site, k: TaskKey) -> DeadlineView<'_> {
    let dl = &site.plan(k.plan()).tasks[k.task()].deadline;
    let kind_label = match dl.kind {
        DeadlineKind::Ongoing => "Thường xuyên",
        DeadlineKind::Yearly => "Hằng năm",
        DeadlineKind::Due => "Có thời hạn",
        DeadlineKind::Period => "Giai đoạn",
        DeadlineKind::Unscheduled => "Chưa xác định",
    };
    let (from_label, to_label) = match (dl.from, dl.to) {
        (Some(a), Some(b)) => (date_vi(a), date_vi(b)),
        _ => (String::new(), String::new()),
    };
    let range_label = match (dl.from, dl.to) {
        (Some(a), Some(b)) if a == b => to_label.clone(),
        (Some(_), Some(_)) => format!("{from_label} – {to_label}"),
        _ => String::new(),
    };
    DeadlineView {
        text: if dl.text.is_empty() {
            "Không ghi thời hạn"
        } else {
            &dl.text
        },
        kind: dl.kind.as_str(),
        kind_label,
        from: dl.from.map(|d| d.to_string()),
        to: dl.to.map(|d| d.to_string()),
        range_label,
        from_label,
        to_label,
    }
}

#[derive(Serialize)]
pub struct RefLink {
    pub label: String,
    pub number: String,
    pub url: String,
    pub title: String,
    pub doc_type: String,
    pub date: String,
    pub is_plan: bool,
    pub registered: bool,
}

pub fn target_link(site: &Site, t: DocTarget) -> RefLink {
    match t {
        DocTarget::Plan(p) => {
            let pl = site.plan(p);
            RefLink {
                label: site.plan_label(p),
                number: pl.number.clone(),
                url: site.plan_urls()[p].clone(),
                title: pl.title.clone(),
                doc_type: pl.doc_type.clone(),
                date: pl.date.vietnamese(),
                is_plan: true,
                registered: true,
            }
        }
        DocTarget::Doc(d) => {
            let doc = site.doc(d);
            RefLink {
                label: [doc.doc_type.as_str(), " số ", &doc.number].concat(),
                number: doc.number.clone(),
                url: site.doc_urls()[d].clone(),
                title: doc.title.clone(),
                doc_type: doc.doc_type.clone(),
                date: doc.date.map(|x| x.vietnamese()).unwrap_or_default(),
                is_plan: false,
                registered: doc.registered,
            }
        }
    }
}

pub fn ref_link(site: &Site, r: &Reference) -> RefLink {
    match r.target {
        Some(t) => target_link(site, t),
        None => RefLink {
            label: r.number.clone(),
            number: r.number.clone(),
            url: String::new(),
            title: String::new(),
            doc_type: String::new(),
            date: String::new(),
            is_plan: false,
            registered: false,
        },
    }
}

#[derive(Serialize)]
pub struct TaskLink {
    pub label: String,
    pub url: String,
    pub title: String,
}

pub fn task_link(site: &Site, k: TaskKey) -> TaskLink {
    let t = &site.plan(k.plan()).tasks[k.task()];
    TaskLink {
        label: ["Nhiệm vụ ", &t.id, " — ", &site.plan_label(k.plan())].concat(),
        url: site.task_url(k),
        title: crate::markdown::plain(&t.title),
    }
}

/// A task as a row of a table. Serialized by hand (see [`TaskRow::fields`]) so that a plan's
/// task view can hold it and still give templates one flat map.
pub struct TaskRow<'a> {
    pub plan_label: String,
    /// The plan's number, as far as it is known: the plan column of a list, whose link leads
    /// to the plan.
    pub plan_short: Cow<'a, str>,
    pub plan_url: &'a str,
    pub id: &'a str,
    pub url: String,
    pub title_html: String,
    /// The title as plain text, for a list's link to the task and one-line summaries.
    pub title: Cow<'a, str>,
    /// BodyLinks, as [`SharedViews`] keeps them.
    pub lead: Vec<tera::Value>,
    pub support: Vec<tera::Value>,
    pub outputs: &'a [String],
    /// A DeadlineView, as [`SharedViews`] keeps it.
    pub deadline: tera::Value,
    pub overdue: bool,
    /// The range ends within 30 days of as_of and the task is open.
    pub due_soon: bool,
    pub status: &'static str,
    pub status_label: &'static str,
    /// One of done, in-progress, not-started, no-report, overdue, cancelled.
    pub state: &'static str,
    pub state_label: &'static str,
    /// The newest progress report, if any.
    pub latest: Option<Report<'a>>,
}

impl TaskRow<'_> {
    pub const FIELDS: usize = 18;

    /// The row's fields, into a struct being serialized. `#[serde(flatten)]` would do this
    /// through a map, and Tera allocates each key of a map: 20,000 instructions a task.
    pub fn fields<S: serde::ser::SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("plan_label", &self.plan_label)?;
        s.serialize_field("plan_short", &self.plan_short)?;
        s.serialize_field("plan_url", self.plan_url)?;
        s.serialize_field("id", self.id)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("title_html", &self.title_html)?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("lead", &self.lead)?;
        s.serialize_field("support", &self.support)?;
        s.serialize_field("outputs", self.outputs)?;
        s.serialize_field("deadline", &self.deadline)?;
        s.serialize_field("overdue", &self.overdue)?;
        s.serialize_field("due_soon", &self.due_soon)?;
        s.serialize_field("status", self.status)?;
        s.serialize_field("status_label", self.status_label)?;
        s.serialize_field("state", self.state)?;
        s.serialize_field("state_label", self.state_label)?;
        s.serialize_field("latest", &self.latest)
    }
}

impl Serialize for TaskRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("TaskRow", Self::FIELDS)?;
        self.fields(&mut s)?;
        s.end()
    }
}

/// The parts of task rows that many tasks share, a deadline and the bodies a task names, in
/// Tera's values, each made once per build. Thousands of tasks share "Thường xuyên" or "Quý
/// II/2027" and a body is named by hundreds, and making such a view and converting it into
/// Tera's values cost about 4,500 instructions a deadline and 2,000 a body, for every task
/// twice (its row and its plan's table). A value is shared by its `Arc`, and Tera passes a
/// value it meets while converting a view through as it is.
#[derive(Default)]
pub struct SharedViews<'a> {
    deadlines: Shared<(&'a str, DeadlineKind, Option<NaiveDate>, Option<NaiveDate>)>,
    bodies: Shared<(&'a str, BodyId)>,
}

type Shared<K> = std::sync::Mutex<rustc_hash::FxHashMap<K, tera::Value>>;

impl<'a> SharedViews<'a> {
    /// The [`DeadlineView`] of `k`'s deadline: keyed by everything the view reads.
    pub fn deadline(&self, site: &'a Site, k: TaskKey) -> tera::Value {
        let dl = &site.plan(k.plan()).tasks[k.task()].deadline;
        shared(&self.deadlines, (&dl.text, dl.kind, dl.from, dl.to), || {
            tera::Value::from_serializable(&deadline_view(site, k))
        })
    }

    /// The [`BodyLink`] of a body as a task names it ([`named_link`]).
    pub fn body(&self, site: &'a Site, nb: &'a NamedBody) -> tera::Value {
        shared(&self.bodies, (&nb.written, nb.body), || {
            tera::Value::from_serializable(&named_link(site, nb))
        })
    }
}

/// The value kept for `key`, made by `make` the first time. Made outside the lock: two threads
/// may make the same value at once, and one is kept.
fn shared<K: std::hash::Hash + Eq>(
    map: &Shared<K>,
    key: K,
    make: impl FnOnce() -> tera::Value,
) -> tera::Value {
    if let Some(v) = map.lock().unwrap().get(&key) {
        return v.clone();
    }
    let v = make();
    map.lock().unwrap().entry(key).or_insert(v).clone()
}

/// Who signs a plan or report: the authority ("KT. GIÁM ĐỐC; PHÓ GIÁM ĐỐC") one line per part.
#[derive(Serialize)]
pub struct SignerView<'a> {
    pub name: &'a str,
    pub position: &'a str,
    pub authority: Vec<&'a str>,
}

pub fn signer_view(s: &crate::content::Signer) -> SignerView<'_> {
    SignerView {
        name: &s.name,
        position: &s.position,
        authority: s
            .authority
            .split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect(),
    }
}

/// One entry of a task's progress log: a note of the plan file, or what a report says.
#[derive(Serialize)]
pub struct Report<'a> {
    pub date: String,
    pub iso: String,
    pub note: &'a str,
    /// The status the report gives ("" when it gives none).
    pub status_label: &'static str,
    pub outputs: &'a [String],
    /// The report: its label ("Báo cáo số 45/BC-SKHCN"), body and URL; empty for a note of the
    /// plan file.
    pub label: String,
    pub by: &'a str,
    pub url: &'a str,
}

pub fn report<'a>(site: &'a Site, p: &'a crate::resolve::Progress) -> Report<'a> {
    let (label, by, url) = match p.report {
        Some(r) => (
            report_label(site.report(r)),
            site.body(site.report(r).issuer).name.as_str(),
            site.reports().urls[r].as_str(),
        ),
        None => (String::new(), "", ""),
    };
    Report {
        date: date_vi(p.date),
        iso: p.date.to_string(),
        note: &p.note,
        status_label: p.status.map_or("", |s| s.label()),
        outputs: &p.outputs,
        label,
        by,
        url,
    }
}

/// "Báo cáo số 45/BC-SKHCN", or for an unnumbered report "Báo cáo ngày 05/07/2026".
pub fn report_label(r: &crate::resolve::Report) -> String {
    if r.number.is_empty() {
        format!("Báo cáo ngày {}", date_vi(r.date))
    } else {
        format!("Báo cáo số {}", r.number)
    }
}

pub fn task_row<'a>(
    site: &'a Site,
    shared: &SharedViews<'a>,
    k: TaskKey,
    root: &str,
) -> TaskRow<'a> {
    let t = &site.plan(k.plan()).tasks[k.task()];
    task_row_titled(
        site,
        shared,
        k,
        markdown::title_html(&t.title, root, None, site.config().trust_html),
    )
}

/// [`task_row`] with its title already made (a plan's own table links references in it).
pub fn task_row_titled<'a>(
    site: &'a Site,
    shared: &SharedViews<'a>,
    k: TaskKey,
    title_html: String,
) -> TaskRow<'a> {
    let rp = site.plan(k.plan());
    let t = &rp.tasks[k.task()];
    TaskRow {
        plan_short: if !rp.number.is_empty() {
            Cow::Borrowed(&rp.number)
        } else if !rp.blank_number.is_empty() {
            Cow::Owned(format!("…/{} (chưa ghi số)", rp.blank_number))
        } else {
            Cow::Borrowed("(chưa có số)")
        },
        plan_label: site.plan_label(k.plan()),
        plan_url: &site.plan_urls()[k.plan()],
        id: &t.id,
        url: site.task_url(k),
        title_html,
        title: crate::markdown::plain_cow(&t.title),
        lead: t.lead.iter().map(|n| shared.body(site, n)).collect(),
        support: t.support.iter().map(|n| shared.body(site, n)).collect(),
        outputs: &t.outputs,
        deadline: shared.deadline(site, k),
        overdue: site.is_overdue(k),
        due_soon: site.is_due_soon(k),
        status: t.status.map(|s| s.as_str()).unwrap_or(""),
        status_label: t.status.map(|s| s.label()).unwrap_or(""),
        state: site.state(k).as_str(),
        state_label: site.state(k).label(),
        latest: t
            .progress
            .iter()
            .max_by_key(|p| p.date)
            .map(|p| report(site, p)),
    }
}

#[derive(Serialize)]
pub struct PlanRow<'a> {
    pub label: String,
    pub number: &'a str,
    pub blank_number: &'a str,
    pub url: &'a str,
    pub title: &'a str,
    pub doc_type: &'a str,
    pub issuer: BodyLink<'a>,
    pub date: String,
    pub date_label: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub task_count: usize,
    pub overdue_count: usize,
    pub past_deadline_count: usize,
}

pub fn plan_row(site: &Site, p: PlanId) -> PlanRow<'_> {
    let rp = site.plan(p);
    PlanRow {
        label: site.plan_label(p),
        number: &rp.number,
        blank_number: &rp.blank_number,
        url: &site.plan_urls()[p],
        title: &rp.title,
        doc_type: &rp.doc_type,
        issuer: body_link(site, rp.issuer),
        date: rp.date.written(),
        date_label: rp.date.vietnamese(),
        status: rp.status.as_str(),
        status_label: rp.status.label(),
        task_count: rp.tasks.len(),
        overdue_count: site.plan_state_count(p, crate::site::TaskState::Overdue),
        past_deadline_count: site.plan_state_count(p, crate::site::TaskState::PastDeadline),
    }
}

/// One row of the document list.
pub fn doc_row(site: &Site, t: DocTarget) -> Value {
    let l = site.links(t);
    let link = target_link(site, t);
    let issuer = match t {
        DocTarget::Plan(p) => site.body(site.plan(p).issuer).name.clone(),
        DocTarget::Doc(d) => site.doc(d).issuer.clone(),
    };
    json!({"link": link, "issuer": issuer,
           "implementers": l.implemented_by_plans.len() + l.implemented_by_docs.len() + l.implemented_by_tasks.len(),
           "citers": l.cited_by.len() + l.mentioned_by.len()})
}

/// A digest of what a template receives for a row of a long list: two builds show the row
/// alike when the digests agree.
pub fn row_digest(site: &Site, row: Row) -> u64 {
    use std::hash::{Hash, Hasher};
    let bytes = match row {
        // Through a JSON value, whose maps are sorted: the row's deadline and bodies are
        // Tera's maps, which serialize in their hasher's order, not the same twice.
        Row::Task(k) => serde_json::to_value(task_row(site, &SharedViews::default(), k, ""))
            .and_then(|v| serde_json::to_vec(&v)),
        Row::Plan(p) => serde_json::to_vec(&plan_row(site, p)),
        Row::Doc(t) => serde_json::to_vec(&doc_row(site, t)),
    }
    .unwrap_or_default();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::DateVi;
    use chrono::{Datelike, NaiveDate};

    #[test]
    fn a_shared_value_is_made_once_per_key_and_given_to_every_task() {
        let map = super::Shared::<(&str, u32)>::default();
        let made = std::cell::Cell::new(0);
        let make = |text: &str| {
            made.set(made.get() + 1);
            tera::Value::from(text)
        };
        let a = super::shared(&map, ("Quý II/2027", 1), || make("a"));
        let again = super::shared(&map, ("Quý II/2027", 1), || make("other"));
        let b = super::shared(&map, ("Quý II/2027", 2), || make("b"));
        assert_eq!(
            (a.as_str(), again.as_str(), b.as_str()),
            (Some("a"), Some("a"), Some("b"))
        );
        assert_eq!(made.get(), 2, "the second ask for a key makes nothing");
    }

    #[test]
    fn dates_read_as_chrono_writes_them() {
        let mut d = NaiveDate::from_ymd_opt(1999, 12, 1).unwrap();
        while d.year_ce().1 < 2032 {
            assert_eq!(DateVi(d).to_string(), d.format("%d/%m/%Y").to_string());
            d = d.succ_opt().unwrap();
        }
        for (y, m, day) in [
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-5, 3, 4),
            (999, 7, 9),
        ] {
            let d = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            assert_eq!(DateVi(d).to_string(), d.format("%d/%m/%Y").to_string());
        }
    }
}
