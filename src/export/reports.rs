//! The reports as open data: bao-cao.json (one object per report, its entries within) and
//! bao-cao.csv (one row per entry), fields as datapackage.json describes them.

use super::datapackage::REPORT_CSV_FIELDS;
use crate::site::Site;
use serde::Serialize;

#[derive(Serialize)]
struct IdName<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct PeriodOut<'a> {
    text: &'a str,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    task: &'a str,
    url: Option<String>,
    status: Option<&'static str>,
    note: &'a str,
    outputs: &'a [String],
}

#[derive(Serialize)]
struct ReportOut<'a> {
    url: String,
    number: &'a str,
    title: &'a str,
    issuer: IdName<'a>,
    date: String,
    period: Option<PeriodOut<'a>>,
    plans: Vec<String>,
    entries: Vec<EntryOut<'a>>,
}

fn reports_out(site: &Site) -> Vec<ReportOut<'_>> {
    (0..site.resolved().reports.len())
        .map(|r| {
            let rep = site.report(r);
            let b = site.body(rep.issuer);
            ReportOut {
                url: format!("/{}", site.reports().urls[r]),
                number: &rep.number,
                title: &rep.title,
                issuer: IdName {
                    id: &b.id,
                    name: &b.name,
                },
                date: rep.date.to_string(),
                period: rep.period.as_ref().map(|p| PeriodOut {
                    text: &p.text,
                    from: p.from.map(|d| d.to_string()),
                    to: p.to.map(|d| d.to_string()),
                }),
                plans: rep
                    .plans
                    .iter()
                    .map(|&p| format!("/{}", site.plan_urls()[p]))
                    .collect(),
                entries: rep
                    .entries
                    .iter()
                    .map(|e| EntryOut {
                        task: &e.written,
                        url: e.task.map(|k| format!("/{}", site.task_url(k))),
                        status: e.status.map(|s| s.as_str()),
                        note: &e.note,
                        outputs: &e.outputs,
                    })
                    .collect(),
            }
        })
        .collect()
}

pub(super) fn json(site: &Site) -> Result<Vec<u8>, String> {
    serde_json::to_vec(&reports_out(site)).map_err(|e| e.to_string())
}

pub(super) fn csv(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(REPORT_CSV_FIELDS.iter().map(|f| f.name))?;
    for r in reports_out(site) {
        let (text, from, to) = match &r.period {
            Some(p) => (
                p.text,
                p.from.clone().unwrap_or_default(),
                p.to.clone().unwrap_or_default(),
            ),
            None => ("", String::new(), String::new()),
        };
        for e in &r.entries {
            w.write_record(
                [
                    r.url.as_str(),
                    r.number,
                    &r.date,
                    r.issuer.name,
                    r.issuer.id,
                    text,
                    &from,
                    &to,
                    e.task,
                    e.url.as_deref().unwrap_or(""),
                    e.status.unwrap_or(""),
                    e.note,
                    &e.outputs.join("; "),
                ]
                .map(super::tables::csv_cell)
                .iter()
                .map(|c| c.as_bytes()),
            )?;
        }
    }
    w.flush()
}
