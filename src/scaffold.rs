//! `kehoach new`: a new plan file with every field of the content model, commented in
//! Vietnamese, that builds as it is (a draft) and tells staff what to fill in.

use crate::content::{self, BodyEntry};
use crate::diag::Diagnostics;
use crate::number;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// Does the argument look like a document number ("12/KH-SKHCN", "12 /KH-SKHCN")?
fn is_number(s: &str) -> bool {
    let s = s.trim();
    s.chars().next().is_some_and(|c| c.is_ascii_digit()) && s.contains('/') && !s.contains(' ')
        || s.starts_with('/')
}

/// The issuing-body code of a number: "12/KH-SKHCN" → "SKHCN".
fn issuer_code(num: &str) -> Option<&str> {
    let after = num.rsplit('/').next()?;
    after.split('-').nth(1).filter(|c| !c.is_empty())
}

fn find_issuer<'a>(bodies: &'a [BodyEntry], key: &str) -> Option<&'a BodyEntry> {
    let k = crate::text::name_key_ci(key);
    bodies.iter().find(|b| {
        b.id == key
            || (!b.code.is_empty() && b.code.eq_ignore_ascii_case(key))
            || crate::text::name_key_ci(&b.name) == k
            || crate::text::name_key_ci(&b.short) == k
            || b.aliases.iter().any(|a| crate::text::name_key_ci(a) == k)
    })
}

/// A string as a double-quoted YAML value.
pub fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub fn new_plan(
    root: &Path,
    arg: &str,
    issuer: Option<&str>,
    date: NaiveDate,
) -> Result<PathBuf, String> {
    let arg = crate::text::collapse_ws(&crate::text::nfc(arg));
    if arg.is_empty() {
        return Err("cần số hiệu hoặc trích yếu của kế hoạch, ví dụ: kehoach new \"12/KH-SKHCN\" --issuer so-khcn".into());
    }
    if !root.join(content::SITE).is_file() {
        return Err(format!("không tìm thấy site.yaml trong {}: chạy lệnh trong thư mục của trang, hoặc chỉ rõ bằng --root", root.display()));
    }
    let mut diags = Diagnostics::default();
    let existing = content::load(root, &mut diags);
    let (num, title) = if is_number(&arg) {
        (arg.clone(), String::new())
    } else {
        (String::new(), arg.clone())
    };

    let issuer = match issuer {
        Some(i) => find_issuer(&existing.bodies, i)
            .ok_or_else(|| format!("cơ quan `{i}` không có trong {}; dùng mã (id) của một cơ quan trong danh mục", content::DEPARTMENTS))?,
        None => issuer_code(&num).and_then(|c| find_issuer(&existing.bodies, c)).ok_or_else(|| {
            "cần --issuer: mã cơ quan ban hành trong content/departments.yaml, ví dụ --issuer so-khcn".to_string()
        })?,
    };
    if !num.is_empty() {
        let key = number::normalize(&num);
        if let Some(p) = existing
            .plans
            .iter()
            .find(|p| p.date.year == date.year() && number::normalize(&p.number) == key)
        {
            return Err(format!(
                "số hiệu `{num}` năm {} đã dùng cho {}; mỗi số hiệu chỉ dùng một lần trong một năm",
                date.year(),
                p.path
            ));
        }
    }
    let mut slug = crate::text::slugify(if num.is_empty() { &title } else { &num });
    if slug.len() > 80 {
        slug.truncate(80);
        slug = slug.trim_end_matches('-').to_string();
    }
    let rel = format!("content/plans/{}/{slug}.md", date.year());
    let path = root.join(&rel);
    if path.exists() {
        return Err(format!(
            "{rel} đã có; không ghi đè. Đặt số hiệu hoặc trích yếu khác"
        ));
    }
    let title_line = if title.is_empty() {
        format!("Kế hoạch số {num} {}", content::PLACEHOLDER_TITLE)
    } else {
        title.clone()
    };
    let text = format!(
        r#"---
# Kế hoạch mới, tạo bằng `kehoach new`. Dòng bắt đầu bằng # là ghi chú, có thể xóa.
# Điền các trường dưới đây theo văn bản; xem docs/content-model.md để biết đầy đủ.

# Số, ký hiệu văn bản. Văn bản để trống phần số ("Số: /KH-SKHCN"): ghi "/KH-SKHCN";
# văn bản không có số: để "".
number: {number}
# Loại văn bản (mặc định: Kế hoạch).
type: "Kế hoạch"
# Trích yếu (bắt buộc).
title: {title}
# Cơ quan ban hành (bắt buộc): mã (id) hoặc tên trong content/departments.yaml.
issuer: {issuer}
# Ngày ban hành (bắt buộc): YYYY-MM-DD; YYYY-MM hoặc YYYY nếu văn bản để trống ngày.
date: {date}
# Địa danh ghi trên văn bản.
place: "Hải Phòng"
# Người ký: họ tên, chức vụ, thẩm quyền ký (TM., KT., cách nhau bằng dấu ;).
signer: {{ name: "", position: "", authority: "" }}
# Trạng thái: draft (dự thảo) | issued (đã ban hành) | superseded (đã được thay thế).
# Chỉ kế hoạch ghi draft mới là dự thảo: nhiệm vụ của dự thảo không bao giờ bị coi là quá hạn.
# Khi văn bản đã ký ban hành, đổi thành issued.
status: draft
# Tệp văn bản chính thức (PDF, Word) đặt trong content/, hoặc địa chỉ https://…, ví dụ:
# source: "tep-goc/90-kh-ubnd.pdf"
# Phần văn bản nhắc tới mà bản nguồn không có, ví dụ: missing: ["Phụ lục 1–4"]
# Văn bản mà kế hoạch này thực hiện ("Thực hiện ..."): số hiệu, có thể kèm ngày,
# ví dụ ["90/KH-UBND ngày 20/3/2026"].
implements: []
# Các căn cứ khác ("Căn cứ ..."), ví dụ ["79-NQ/TW"].
based_on: []
# Kế hoạch bị kế hoạch này thay thế, ví dụ ["160/KH-SKH&CN"].
replaces: []
# Nơi nhận.
recipients: []
# Chỉ tiêu (nếu có): mỗi chỉ tiêu một dòng.
targets: []
#  - {{ id: "01", text: "..." }}
# Nhiệm vụ: bỏ dấu # ở ví dụ dưới đây, mỗi nhiệm vụ một mục bắt đầu bằng "- id:".
tasks: []
#  - id: "1"                   # mã nhiệm vụ, duy nhất trong kế hoạch (đặt trong ngoặc kép)
#    group: "I. Nhiệm vụ chung" # tiêu đề nhóm (không bắt buộc)
#    title: "..."              # nội dung nhiệm vụ
#    lead: ["Văn phòng Sở"]    # cơ quan chủ trì
#    support: ["Các phòng, đơn vị thuộc Sở"]  # cơ quan phối hợp
#    outputs: ["Báo cáo"]      # sản phẩm
#    deadline: "Quý II/2027"   # thời hạn, ghi như văn bản: "Thường xuyên", "Tháng 4-5/2026"...
#    implements: "90/KH-UBND#II.7.1"  # nhiệm vụ cấp trên mà nhiệm vụ này thực hiện
#    status: not-started       # not-started | in-progress | done | cancelled
#    progress:                 # báo cáo tiến độ, mới nhất ở cuối
#      - {{ date: 2026-06-30, note: "..." }}
---
## I. MỤC ĐÍCH, YÊU CẦU

## II. NHIỆM VỤ CỤ THỂ

<!-- nhiem-vu -->

## III. TỔ CHỨC THỰC HIỆN
"#,
        number = yaml_str(&num),
        title = yaml_str(&title_line),
        issuer = issuer.id,
        date = date,
    );
    write_new(&path, &rel, &text)?;
    Ok(PathBuf::from(rel))
}

/// Writes `text` into a new file at `path` (named `rel` in messages), making its folder;
/// never over a file, even one that appeared since it was looked for.
pub fn write_new(path: &Path, rel: &str, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("không tạo được thư mục {}: {e}", dir.display()))?;
    }
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("không tạo được {rel}: {e}"))?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("không ghi được {rel}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_codes() {
        assert!(is_number("12/KH-SKHCN"));
        assert!(!is_number("Triển khai thực hiện 12/KH"));
        assert_eq!(issuer_code("12/KH-SKHCN"), Some("SKHCN"));
        assert_eq!(issuer_code("77/KH-SNV"), Some("SNV"));
        assert_eq!(issuer_code("37-KH/TU"), None);
    }
}
