//! The open data of plans and tasks: ke-hoach.json, nhiem-vu.json and nhiem-vu.csv, fields as
//! docs/content-model.md defines them (and datapackage.json describes them).

use super::pieces::{Pieces, Whole};
use crate::resolve::{NamedBody, Reference, TaskKey};
use crate::site::Site;
use serde::Serialize;

#[derive(Serialize)]
struct IdName<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct NumberUrl {
    number: String,
    url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct PlanOut<'a> {
    number: &'a str,
    slug: &'a str,
    url: String,
    title: &'a str,
    #[serde(rename = "type")]
    doc_type: &'a str,
    issuer: IdName<'a>,
    date: String,
    status: &'static str,
    implements: Vec<NumberUrl>,
    based_on: Vec<NumberUrl>,
    replaces: Vec<NumberUrl>,
    task_count: usize,
    number_blank: Option<String>,
    source: Option<String>,
    missing: &'a [String],
}

#[derive(Serialize)]
struct DeadlineOut<'a> {
    text: &'a str,
    kind: &'static str,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct TaskOut<'a> {
    plan: String,
    id: &'a str,
    url: String,
    group: Option<String>,
    title: &'a str,
    lead: Vec<IdName<'a>>,
    support: Vec<IdName<'a>>,
    outputs: &'a [String],
    deadline: DeadlineOut<'a>,
    implements: Option<String>,
    status: Option<&'static str>,
    overdue: bool,
    state: &'static str,
}

fn number_urls(site: &Site, refs: &[Reference]) -> Vec<NumberUrl> {
    refs.iter()
        .map(|r| NumberUrl {
            number: r.number.clone(),
            // Null when the reference is not a plan of this site nor a registered document.
            url: r
                .target
                .filter(|t| match *t {
                    crate::resolve::DocTarget::Plan(_) => true,
                    crate::resolve::DocTarget::Doc(d) => site.doc(d).registered,
                })
                .map(|t| format!("/{}", site.target_url(t))),
        })
        .collect()
}

fn bodies<'a>(site: &'a Site, list: &[NamedBody]) -> Vec<IdName<'a>> {
    list.iter()
        .map(|n| IdName {
            id: &site.body(n.body).id,
            name: &site.body(n.body).name,
        })
        .collect()
}

fn task_out<'a>(site: &'a Site, k: TaskKey) -> TaskOut<'a> {
    let rp = site.plan(k.plan());
    let t = &rp.tasks[k.task()];
    let implements: Vec<&str> = t.implements.iter().map(|r| r.written.as_str()).collect();
    TaskOut {
        plan: ["/", &site.plan_urls()[k.plan()]].concat(),
        id: &t.id,
        url: ["/", &site.task_url(k)].concat(),
        group: (!t.group.is_empty()).then(|| t.group.join(" › ")),
        title: &t.title,
        lead: bodies(site, &t.lead),
        support: bodies(site, &t.support),
        outputs: &t.outputs,
        deadline: DeadlineOut {
            text: &t.deadline.text,
            kind: t.deadline.kind.as_str(),
            from: t.deadline.from.map(|d| d.to_string()),
            to: t.deadline.to.map(|d| d.to_string()),
        },
        implements: (!implements.is_empty()).then(|| implements.join("; ")),
        status: t.status.map(|s| s.as_str()),
        overdue: site.is_overdue(k),
        state: site.state(k).as_str(),
    }
}

/// Every task as its JSON row, a plan's rows at a time (no list of rows), into a buffer
/// handed on in large pieces: serde_json writes a few bytes at a time.
pub(super) fn write_json(
    site: &Site,
    file: &str,
    pieces: Option<&dyn Pieces>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = Whole::new(out, file, pieces, (b"[", b","), true);
    for p in 0..site.plans().len() {
        w.plan(p, |buf| {
            for (i, k) in site.plan_tasks(p).enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                serde_json::to_writer(&mut *buf, &task_out(site, k))?;
            }
            Ok(())
        })?;
    }
    w.finish(b"]")
}

pub(super) fn plans_out(site: &Site) -> Vec<PlanOut<'_>> {
    site.plans()
        .iter()
        .enumerate()
        .map(|(p, rp)| PlanOut {
            number: &rp.number,
            slug: &site.plan_slugs()[p],
            url: format!("/{}", site.plan_urls()[p]),
            title: &rp.title,
            doc_type: &rp.doc_type,
            issuer: IdName {
                id: &site.body(rp.issuer).id,
                name: &site.body(rp.issuer).name,
            },
            date: rp.date.written(),
            status: rp.status.as_str(),
            implements: number_urls(site, &rp.implements),
            based_on: number_urls(site, &rp.based_on),
            replaces: number_urls(site, &rp.replaces),
            task_count: rp.tasks.len(),
            number_blank: (!rp.blank_number.is_empty()).then(|| format!("…/{}", rp.blank_number)),
            source: rp.source.as_ref().map(|s| match s {
                crate::content::SourceDoc::Url(u) => u.clone(),
                crate::content::SourceDoc::File { .. } => {
                    format!(
                        "/{}",
                        crate::site::routes::plan_source_file(site, p).unwrap_or_default()
                    )
                }
            }),
            missing: &rp.missing,
        })
        .collect()
}

/// The CSV holds the JSON rows, one per task, bodies joined with "; ". A UTF-8 BOM leads the
/// file so that Excel, which most staff open it with, reads Vietnamese correctly.
pub(super) fn write_csv(
    site: &Site,
    file: &str,
    pieces: Option<&dyn Pieces>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut head = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::Writer::from_writer(head);
    w.write_record(super::datapackage::TASK_CSV_FIELDS.iter().map(|f| f.name))?;
    head = w.into_inner().map_err(|e| e.into_error())?;
    let mut w = Whole::new(out, file, pieces, (&head, b""), true);
    for p in 0..site.plans().len() {
        w.plan(p, |buf| {
            let mut w = csv::Writer::from_writer(std::mem::take(buf));
            for k in site.plan_tasks(p) {
                csv_row(&mut w, &task_out(site, k))?;
            }
            *buf = w.into_inner().map_err(|e| e.into_error())?;
            Ok(())
        })?;
    }
    w.finish(b"")
}

fn csv_row(w: &mut csv::Writer<Vec<u8>>, t: &TaskOut) -> csv::Result<()> {
    w.write_record(
        [
            t.plan.as_str(),
            t.id,
            &t.url,
            t.group.as_deref().unwrap_or(""),
            t.title,
            &join_names(&t.lead),
            &join_ids(&t.lead),
            &join_names(&t.support),
            &join_ids(&t.support),
            &t.outputs.join("; "),
            t.deadline.text,
            t.deadline.kind,
            t.deadline.from.as_deref().unwrap_or(""),
            t.deadline.to.as_deref().unwrap_or(""),
            t.implements.as_deref().unwrap_or(""),
            t.status.unwrap_or(""),
            if t.overdue { "true" } else { "false" },
            t.state,
        ]
        .map(csv_cell)
        .iter()
        .map(|c| c.as_bytes()),
    )
}

/// A cell Excel would read as a formula (`=`, `+`, `-`, `@`, tab or carriage return first:
/// "CSV injection") gets a leading apostrophe, which spreadsheets show as text. The JSON files
/// keep the text as written.
pub(super) fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn join_names(v: &[IdName]) -> String {
    v.iter().map(|b| b.name).collect::<Vec<_>>().join("; ")
}

fn join_ids(v: &[IdName]) -> String {
    v.iter().map(|b| b.id).collect::<Vec<_>>().join("; ")
}
