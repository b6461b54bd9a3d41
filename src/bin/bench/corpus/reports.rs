//! Reports for the corpus (`--reports`): every body that leads tasks reports each quarter that
//! ended before the corpus's date, five days after it ends, on up to 20 of the tasks it leads
//! in plans issued by then, with a status and a note.

use super::{Corpus, AS_OF};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::path::Path;

/// The most tasks one report speaks of.
const PER_REPORT: usize = 20;

const STATUSES: [&str; 4] = ["in-progress", "done", "not-started", "in-progress"];

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Writes the reports under `out`/content/bao-cao; returns how many.
pub fn write_reports(c: &Corpus, out: &Path) -> Result<usize, String> {
    // Each body's lead tasks of numbered plans, in plan order: (plan date, number, task id).
    let mut led: BTreeMap<&str, Vec<(NaiveDate, &str, &str)>> = BTreeMap::new();
    for &i in &c.order {
        let p = &c.plans[i];
        if p.number.is_empty() {
            continue;
        }
        for t in &p.tasks {
            for (_, id) in &t.lead {
                led.entry(id.as_str()).or_default().push((
                    p.date,
                    p.number.as_str(),
                    t.id.as_str(),
                ));
            }
        }
    }
    let as_of = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap_or_default();
    let first_year = c
        .order
        .first()
        .map_or(as_of.year(), |&i| c.plans[i].date.year());
    let mut count = 0;
    for (body, tasks) in &led {
        let mut turn = 0;
        for year in first_year..=as_of.year() {
            for q in 0..4u32 {
                let start = NaiveDate::from_ymd_opt(year, q * 3 + 1, 1).unwrap_or_default();
                let end = start
                    .checked_add_months(chrono::Months::new(3))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(start);
                let date = end + chrono::Days::new(5);
                if end >= as_of || date > as_of {
                    continue;
                }
                let open: Vec<&(NaiveDate, &str, &str)> =
                    tasks.iter().filter(|t| t.0 <= end).collect();
                if open.is_empty() {
                    continue;
                }
                let roman = ["I", "II", "III", "IV"][q as usize];
                let mut text = String::from("---\n");
                text += &format!(
                    "number: \"{}/BC-{}\"\n",
                    q + 1 + 4 * (year - first_year) as u32,
                    body.to_uppercase()
                );
                text += &format!(
                    "title: \"Báo cáo kết quả thực hiện nhiệm vụ quý {roman} năm {year}\"\n"
                );
                text += &format!("issuer: {body}\ndate: {date}\nperiod: \"Quý {roman}/{year}\"\n");
                let chosen: Vec<&&(NaiveDate, &str, &str)> = (0..PER_REPORT.min(open.len()))
                    .map(|k| &open[(turn + k) % open.len()])
                    .collect();
                turn += PER_REPORT;
                let mut plans: Vec<&str> = chosen.iter().map(|t| t.1).collect();
                plans.sort_unstable();
                plans.dedup();
                text += &format!(
                    "reports_on: [{}]\ntasks:\n",
                    plans
                        .iter()
                        .map(|n| quote(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                for (k, t) in chosen.iter().enumerate() {
                    let task = format!("{}#{}", t.1, t.2);
                    // By the task and the quarter: bodies that lead a task together agree.
                    let h = task.bytes().fold(q as usize, |h, b| {
                        h.wrapping_mul(31).wrapping_add(b as usize)
                    });
                    text += &format!(
                        "  - task: {}\n    status: {}\n    note: \"Kết quả quý {roman}/{year}: đã thực hiện phần việc {}.\"\n",
                        quote(&task),
                        STATUSES[h % STATUSES.len()],
                        k + 1
                    );
                }
                text += "---\nBáo cáo tình hình thực hiện các nhiệm vụ được giao trong quý.\n";
                let file = out
                    .join("content/bao-cao")
                    .join(year.to_string())
                    .join(format!("{body}-quy-{}.md", q + 1));
                if let Some(d) = file.parent() {
                    std::fs::create_dir_all(d).map_err(|e| e.to_string())?;
                }
                std::fs::write(&file, text)
                    .map_err(|e| format!("không ghi được {}: {e}", file.display()))?;
                count += 1;
            }
        }
    }
    Ok(count)
}
