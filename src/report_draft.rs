//! `kehoach report new`: the draft of the report a body must send for a period, listing every
//! open task it leads (with its deadline and last reported status) for staff to fill in.

use crate::resolve::{deadline, TaskKey};
use crate::site::Site;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

use crate::scaffold::yaml_str;

/// "Quý III/2026" → "quý III/2026": the first letter only, numerals kept.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The open tasks body `id` leads on the site, in plan then task order.
pub fn open_tasks(site: &Site, body: usize) -> Vec<TaskKey> {
    site.body_links()[body]
        .led
        .iter()
        .copied()
        .filter(|&k| site.state(k).is_open())
        .collect()
}

/// Writes the draft report of body `body_id` for `period` (a deadline phrase that gives a
/// range), dated `date`, under content/bao-cao/<year>/; never over an existing file. Returns
/// the file written (from the root) and how many tasks it lists.
pub fn new_report(
    root: &Path,
    site: &Site,
    body_id: &str,
    period: &str,
    date: NaiveDate,
) -> Result<(PathBuf, usize), String> {
    let Some(b) = site.bodies().iter().position(|x| x.id == body_id) else {
        let close: Vec<String> = site
            .bodies()
            .iter()
            .filter(|x| x.registered && strsim::levenshtein(&x.id, body_id) <= 3)
            .map(|x| format!("`{}` ({})", x.id, x.name))
            .take(3)
            .collect();
        let hint = if close.is_empty() {
            "xem mã các cơ quan trong content/departments.yaml".to_string()
        } else {
            format!("có phải {}?", close.join(" hay "))
        };
        return Err(format!(
            "không có cơ quan mã `{body_id}` trong content/departments.yaml; {hint}"
        ));
    };
    let period = crate::text::collapse_ws(&crate::text::nfc(period));
    let dl = deadline::parse(&period);
    if dl.from.is_none() || dl.to.is_none() {
        return Err(format!("không hiểu kỳ báo cáo `{period}`; viết như \"Quý III/2026\", \"6 tháng đầu năm 2026\", \"Năm 2026\", \"Tháng 9/2026\""));
    }
    let body = site.body(b);
    let tasks = open_tasks(site, b);
    let mut plans: Vec<usize> = tasks.iter().map(|k| k.plan()).collect();
    plans.dedup();
    let numbered: Vec<&str> = plans
        .iter()
        .map(|&p| site.plan(p).number.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    let slug = crate::text::slugify(&format!("bc {} {}", body.id, period));
    let rel = PathBuf::from(crate::content::REPORTS_DIR)
        .join(date.year().to_string())
        .join(format!("{slug}.md"));
    let path = root.join(&rel);
    if path.exists() {
        return Err(format!(
            "{} đã có; không ghi đè. Sửa tệp đó, hoặc xóa nó để tạo lại bản nháp",
            rel.display()
        ));
    }
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str("# Bản nháp báo cáo do `kehoach report new` tạo. Điền số hiệu, trạng thái và kết quả từng nhiệm vụ;\n");
    out.push_str("# status: not-started (chưa bắt đầu) | in-progress (đang thực hiện) | done (hoàn thành) | cancelled (đã hủy).\n");
    out.push_str("number: \"\"                     # số hiệu báo cáo, ví dụ \"45/BC-SKHCN\"\n");
    out.push_str(&format!(
        "title: {}\n",
        yaml_str(&format!(
            "Báo cáo kết quả thực hiện nhiệm vụ {}",
            lower_first(&period)
        ))
    ));
    out.push_str(&format!("issuer: {}\n", body.id));
    out.push_str(&format!("date: {date}\n"));
    out.push_str(&format!("period: {}\n", yaml_str(&period)));
    out.push_str(&format!(
        "reports_on: [{}]\n",
        numbered
            .iter()
            .map(|n| yaml_str(n))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if tasks.is_empty() {
        out.push_str(
            "tasks: []                       # cơ quan không chủ trì nhiệm vụ nào đang mở\n",
        );
    } else {
        out.push_str("tasks:\n");
    }
    for &k in &tasks {
        let plan = site.plan(k.plan());
        let t = site.task(k);
        let title = crate::markdown::plain(&t.title);
        let short: String = title.chars().take(120).collect();
        let last = t.status.map_or("chưa có báo cáo", |s| s.label());
        out.push_str(&format!(
            "  # {}{} — thời hạn: {} — tình trạng gần nhất: {}\n",
            short,
            if short.len() < title.len() { "…" } else { "" },
            t.deadline.text,
            last
        ));
        if plan.number.is_empty() {
            out.push_str(&format!(
                "  # (kế hoạch {} chưa có số hiệu: ghi kết quả nhiệm vụ {} trong phần nội dung)\n",
                plan.path, t.id
            ));
            continue;
        }
        out.push_str(&format!(
            "  - task: {}\n",
            yaml_str(&format!("{}#{}", plan.number, t.id))
        ));
        out.push_str("    status: \n    note: \"\"\n");
    }
    out.push_str("place: \"\"                      # địa danh, ví dụ \"Hải Phòng\"\n");
    out.push_str("signer: { name: \"\", position: \"\", authority: \"\" }\n");
    out.push_str("recipients: []\n");
    out.push_str("---\n");
    out.push_str("I. KẾT QUẢ THỰC HIỆN\n\n(Đánh giá chung.)\n\nII. KHÓ KHĂN, VƯỚNG MẮC\n\nIII. ĐỀ XUẤT, KIẾN NGHỊ\n");
    crate::scaffold::write_new(&path, &rel.display().to_string(), &out)?;
    Ok((rel, tasks.len()))
}
