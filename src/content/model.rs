//! What the files of a site say, as plain data: site.yaml, plans and their tasks, the bodies
//! of departments.yaml and the documents of directives.yaml, each value with the place it was
//! written where a later stage may need to complain about it.

use crate::diag::Pos;
use crate::number::TextRef;
use std::sync::Arc;

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

/// The years a document or a report may be dated: from the first documents of the State to
/// the longest "tầm nhìn" plans write. Year 0 or 9999 is a typing slip, and would make a URL.
pub const YEARS: std::ops::RangeInclusive<i32> = 1945..=2100;

/// A date as documents write it: drafts leave the day (or the month) blank.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; the error says what is wrong, in Vietnamese.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        let shape = || {
            format!("ngày `{s}` không đúng dạng: viết YYYY-MM-DD (ví dụ 2026-03-20), hoặc YYYY-MM / YYYY khi văn bản để trống ngày")
        };
        let year = num(parts[0], 4).ok_or_else(shape)? as i32;
        if !YEARS.contains(&year) {
            return Err(format!(
                "ngày `{s}` không hợp lệ: năm {year} nằm ngoài khoảng {}–{} của văn bản hành chính; sửa năm theo văn bản",
                YEARS.start(),
                YEARS.end()
            ));
        }
        let month = match parts.get(1) {
            Some(p) => Some(num(p, 2).ok_or_else(shape)?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(p) => Some(num(p, 2).ok_or_else(shape)?),
            None => None,
        };
        if parts.len() > 3 {
            return Err(shape());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!(
                    "ngày `{s}` không hợp lệ: tháng {m} không tồn tại (tháng từ 01 đến 12)"
                ));
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            if chrono::NaiveDate::from_ymd_opt(year, m, d).is_none() {
                return Err(format!(
                    "ngày `{s}` không hợp lệ: tháng {m} năm {year} không có ngày {d}"
                ));
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// As written in exports: `2026-03-20`, `2026-06` or `2026`.
    pub fn written(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// As Vietnamese documents print it: "ngày 20 tháng 3 năm 2026", "tháng 6 năm 2026", "năm 2026".
    pub fn vietnamese(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("ngày {d} tháng {m} năm {}", self.year),
            (Some(m), None) => format!("tháng {m} năm {}", self.year),
            _ => format!("năm {}", self.year),
        }
    }

    /// The full date when the day is known.
    pub fn full(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// Earliest day the date can mean; used for ordering and feeds.
    pub fn first_day(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub as_of: Option<chrono::NaiveDate>,
    pub theme: String,
    pub organization: String,
    /// Raw HTML in plan bodies passes as written (`trust_html: true`); by default it is
    /// sanitized to a safe allow-list.
    pub trust_html: bool,
    /// The office that answers for the site, shown in every page's footer.
    pub contact: Contact,
}

/// A plan's official document (`source:`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum SourceDoc {
    Url(String),
    /// A file under content/: its path from there as written, and its bytes, published
    /// beside the plan's page.
    File {
        path: String,
        bytes: Arc<[u8]>,
    },
}

impl SourceDoc {
    /// The file's own name, published on the plan's page; none for a URL.
    pub fn file_name(&self) -> Option<&str> {
        match self {
            SourceDoc::Url(_) => None,
            SourceDoc::File { path, .. } => path.rsplit('/').next(),
        }
    }
}

/// Who answers for the site: each part as written in site.yaml, empty when not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    pub office: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Kế hoạch".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "vi".into(),
            as_of: None,
            theme: "default".into(),
            organization: String::new(),
            trust_html: false,
            contact: Contact::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanStatus {
    Draft,
    Issued,
    Superseded,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Issued => "issued",
            PlanStatus::Superseded => "superseded",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Dự thảo",
            PlanStatus::Issued => "Đã ban hành",
            PlanStatus::Superseded => "Đã được thay thế",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
    Cancelled,
}

impl TaskStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "not-started" => TaskStatus::NotStarted,
            "in-progress" => TaskStatus::InProgress,
            "done" => TaskStatus::Done,
            "cancelled" => TaskStatus::Cancelled,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not-started",
            TaskStatus::InProgress => "in-progress",
            TaskStatus::Done => "done",
            TaskStatus::Cancelled => "cancelled",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "Chưa bắt đầu",
            TaskStatus::InProgress => "Đang thực hiện",
            TaskStatus::Done => "Hoàn thành",
            TaskStatus::Cancelled => "Đã hủy",
        }
    }
    /// Closed tasks are never overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Cancelled)
    }
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Signer {
    pub name: String,
    pub position: String,
    pub authority: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    pub date: chrono::NaiveDate,
    pub note: String,
}

// The lists are boxed slices, not vectors: a site keeps every task to the end of the build,
// and a vector's capacity is a word more per list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Task {
    pub id: String,
    /// The id as a URL fragment (its slug): unique within the plan, checked when it is read.
    pub slug: String,
    pub pos: Pos,
    /// Headings above the task, outermost first ("I. Nhiệm vụ chung", "9. Tăng cường ...").
    pub group: Box<[String]>,
    pub title: String,
    pub lead: Box<[Located<Arc<str>>]>,
    pub support: Box<[Located<Arc<str>>]>,
    pub outputs: Box<[String]>,
    pub deadline: Option<Located<String>>,
    pub implements: Box<[Located<String>]>,
    pub status: Option<TaskStatus>,
    pub progress: Box<[Progress]>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Plan {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// File name without extension; the slug of an unnumbered plan.
    pub stem: String,
    pub number: String,
    pub number_pos: Pos,
    /// The symbol of a number the source leaves blank ("KH-SKHCN" of "Số: /KH-SKHCN"): the
    /// plan is unnumbered, and says so. Empty otherwise.
    pub blank_number: String,
    pub doc_type: String,
    pub title: String,
    pub issuer: Located<String>,
    pub date: PartialDate,
    pub place: String,
    pub signer: Option<Signer>,
    pub status: Option<PlanStatus>,
    /// The official document: a file under content/ or a URL.
    pub source: Option<SourceDoc>,
    /// Where `source:` is written.
    pub source_line: Pos,
    /// Parts of the document the source does not hold.
    pub missing: Vec<String>,
    pub implements: Vec<Located<String>>,
    pub based_on: Vec<Located<String>>,
    pub replaces: Vec<Located<String>>,
    pub recipients: Vec<String>,
    pub distribution: Vec<String>,
    pub targets: Vec<Target>,
    /// How often the plan wants its lead bodies to report (`reporting:`), as written.
    pub reporting: Vec<Located<String>>,
    pub tasks: Vec<Task>,
    pub body: String,
    pub body_line: usize,
    /// Hash of the file's bytes: a rebuild compares it to tell which plans changed.
    pub source_hash: u64,
    /// Document numbers the body and the task titles write in running text.
    pub citations: Citations,
    /// Where the plan's page links document numbers: in the body's parts, then in the task
    /// titles (`part` is the task), in order.
    pub body_refs: Vec<PlacedRef>,
    pub title_refs: Vec<PlacedRef>,
    /// Link targets written in the body, with their lines.
    pub links: Vec<(String, usize)>,
}

/// The documents a plan cites in running text ("Kế hoạch số 90/KH-UBND ngày 20/3/2026"): in
/// the body, then in each task title, in order, each with its line. Found once per version of
/// the file, when it is read: scanning the text is the costliest part of resolving.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Citations {
    pub(super) refs: Vec<(TextRef, Pos)>,
    /// For each task, the index in `refs` of its title's first reference; then one past the
    /// last.
    pub(super) titles: Vec<u32>,
}

impl Citations {
    /// Every citation: the body's, then the task titles'.
    pub fn all(&self) -> &[(TextRef, Pos)] {
        &self.refs
    }

    /// The citations in the title of task `task` (offsets within the title).
    pub fn in_title(&self, task: usize) -> &[(TextRef, Pos)] {
        match (self.titles.get(task), self.titles.get(task + 1)) {
            (Some(&a), Some(&b)) => &self.refs[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// A document number in the linkable text of a part of the body or of a task title (see
/// [`crate::markdown::walk`]): the part (or task), the text event, the bytes of the event's
/// text to link, and the number's comparison key.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlacedRef {
    pub part: u32,
    pub event: u32,
    pub start: u32,
    pub end: u32,
    pub key: String,
}

impl PlacedRef {
    pub(super) fn new(part: usize, event: u32, r: &TextRef) -> PlacedRef {
        PlacedRef {
            part: part as u32,
            event,
            start: r.start as u32,
            end: r.end as u32,
            key: crate::number::normalize(&r.number),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    Department,
    Unit,
    Commune,
    Enterprise,
    Group,
    External,
}

impl BodyKind {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "department" => BodyKind::Department,
            "unit" => BodyKind::Unit,
            "commune" => BodyKind::Commune,
            "enterprise" => BodyKind::Enterprise,
            "group" => BodyKind::Group,
            "external" => BodyKind::External,
            _ => return None,
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            BodyKind::Department => "Cơ quan",
            BodyKind::Unit => "Đơn vị trực thuộc",
            BodyKind::Commune => "Xã, phường, đặc khu",
            BodyKind::Enterprise => "Doanh nghiệp",
            BodyKind::Group => "Nhóm cơ quan",
            BodyKind::External => "Cơ quan ngoài thành phố",
        }
    }
}

/// An entry of departments.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyEntry {
    pub id: String,
    pub name: String,
    pub short: String,
    /// The body's code in document numbers ("SKHCN" in 269/KH-SKHCN); lets `new` infer the issuer.
    pub code: String,
    pub aliases: Vec<String>,
    pub parent: Option<Located<String>>,
    pub kind: BodyKind,
    pub pos: Pos,
}

/// An entry of directives.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectiveEntry {
    pub number: String,
    pub doc_type: String,
    pub issuer: String,
    pub date: Option<PartialDate>,
    pub title: String,
    pub url: String,
    pub implements: Vec<Located<String>>,
    pub pos: Pos,
}

/// What a report says of one task (`tasks:` of a report file).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportEntry {
    /// The task as referenced ("90/KH-UBND#II.7.1"), with its line.
    pub task: Located<String>,
    pub status: Option<TaskStatus>,
    pub note: String,
    /// What was produced.
    pub outputs: Vec<String>,
}

/// A report (báo cáo) a body sends on the plans it carries out: `content/bao-cao/**/*.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// File name without extension; the slug of an unnumbered report.
    pub stem: String,
    pub number: String,
    pub number_pos: Pos,
    pub title: String,
    pub issuer: Located<String>,
    /// Reports are dated to the day: the newest report on a task gives its state.
    pub date: chrono::NaiveDate,
    pub date_pos: Pos,
    /// The period reported on, as a deadline phrase ("Quý II/2026", "6 tháng đầu năm 2026").
    pub period: Option<Located<String>>,
    pub reports_on: Vec<Located<String>>,
    pub entries: Vec<ReportEntry>,
    pub place: String,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
    pub body: String,
    pub body_line: usize,
    pub source_hash: u64,
}
