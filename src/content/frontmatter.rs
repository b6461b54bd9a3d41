//! The files of a site as Rust types: the front matter of a plan and its tasks, an entry of
//! departments.yaml and of directives.yaml, site.yaml. Every key a file may have is a field
//! here; `extra:` holds anything else, unread. A key that is not a field, a value of the wrong
//! shape or a missing value is a diagnostic at its line, with the line shown and what to do,
//! and reading goes on, so that one run names every mistake of a file.

use crate::diag::{Diagnostics, Pos, Severity};
use crate::text::search_fold;
use crate::yaml::{self, At, Issue, Node, Raw};
use serde::de::IgnoredAny;
use serde::Deserialize;

/// Text written as a value; a list where the content model allows one string or several.
pub type Text = Option<At<String>>;
pub type Texts = Vec<At<String>>;

#[derive(Deserialize)]
pub struct PlanFm {
    pub number: Text,
    pub title: Text,
    pub issuer: Text,
    pub date: Text,
    #[serde(rename = "type")]
    pub doc_type: Text,
    pub place: Text,
    /// A name, or `{name, position, authority}` ([`SignerFm`]).
    pub signer: Option<Raw>,
    pub status: Text,
    /// `true` only for a draft: a plan without a number is not one.
    pub draft: Option<At<bool>>,
    /// The official file: a path under content/ or a URL.
    pub source: Text,
    /// Parts of the document that the source does not hold ("Phụ lục 1–4").
    #[serde(default)]
    pub missing: Texts,
    #[serde(default)]
    pub implements: Texts,
    #[serde(default)]
    pub based_on: Texts,
    #[serde(default)]
    pub replaces: Texts,
    #[serde(default)]
    pub recipients: Texts,
    #[serde(default)]
    pub distribution: Texts,
    #[serde(default)]
    pub targets: Vec<At<TargetFm>>,
    /// How often lead bodies report: "quý", "6 tháng", "năm", "tháng".
    #[serde(default)]
    pub reporting: Texts,
    /// `None` when the key is not written (a plan without a table of tasks).
    pub tasks: Option<At<Vec<At<TaskFm>>>>,
    /// Data of the department's own, kept in the file and not read.
    #[serde(default, rename = "extra")]
    _extra: Option<IgnoredAny>,
}

#[derive(Deserialize)]
pub struct TaskFm {
    pub id: Text,
    #[serde(default)]
    pub group: Texts,
    pub title: Text,
    #[serde(default)]
    pub lead: Texts,
    #[serde(default)]
    pub support: Texts,
    #[serde(default)]
    pub outputs: Texts,
    pub deadline: Text,
    #[serde(default)]
    pub implements: Texts,
    pub status: Text,
    #[serde(default)]
    pub progress: Vec<At<ProgressFm>>,
    /// Data of the department's own, kept in the file and not read.
    #[serde(default, rename = "extra")]
    _extra: Option<IgnoredAny>,
}

#[derive(Deserialize)]
pub struct SignerFm {
    pub name: Text,
    pub position: Text,
    pub authority: Text,
}

#[derive(Deserialize)]
pub struct TargetFm {
    pub id: Text,
    pub text: Text,
}

#[derive(Deserialize)]
pub struct ProgressFm {
    pub date: Text,
    pub note: Text,
}

/// A report file (content/bao-cao/).
#[derive(Deserialize)]
pub struct ReportFm {
    pub number: Text,
    pub title: Text,
    pub issuer: Text,
    pub date: Text,
    pub period: Text,
    #[serde(default)]
    pub reports_on: Texts,
    #[serde(default)]
    pub tasks: Vec<At<ReportTaskFm>>,
    pub place: Text,
    /// A name, or `{name, position, authority}` ([`SignerFm`]).
    pub signer: Option<Raw>,
    #[serde(default)]
    pub recipients: Texts,
    /// Data of the department's own, kept in the file and not read.
    #[serde(default, rename = "extra")]
    _extra: Option<IgnoredAny>,
}

/// What a report says of one task.
#[derive(Deserialize)]
pub struct ReportTaskFm {
    pub task: Text,
    pub status: Text,
    pub note: Text,
    #[serde(default)]
    pub outputs: Texts,
}

/// An entry of departments.yaml.
#[derive(Deserialize)]
pub struct BodyFm {
    pub id: Text,
    pub name: Text,
    pub short: Text,
    pub code: Text,
    #[serde(default)]
    pub aliases: Texts,
    pub parent: Text,
    pub kind: Text,
    /// Data of the department's own, kept in the file and not read.
    #[serde(default, rename = "extra")]
    _extra: Option<IgnoredAny>,
}

/// An entry of directives.yaml.
#[derive(Deserialize)]
pub struct DirectiveFm {
    pub number: Text,
    #[serde(rename = "type")]
    pub doc_type: Text,
    pub issuer: Text,
    pub date: Text,
    pub title: Text,
    pub url: Text,
    #[serde(default)]
    pub implements: Texts,
    /// Data of the department's own, kept in the file and not read.
    #[serde(default, rename = "extra")]
    _extra: Option<IgnoredAny>,
}

/// site.yaml.
#[derive(Deserialize)]
pub struct SiteFm {
    pub title: Text,
    pub description: Text,
    pub base_url: Text,
    pub language: Text,
    pub theme: Text,
    pub organization: Text,
    pub trust_html: Text,
    pub as_of: Text,
    pub contact: Option<At<ContactFm>>,
}

/// The office that answers for the site (site.yaml `contact:`).
#[derive(Deserialize)]
pub struct ContactFm {
    pub office: Text,
    pub address: Text,
    pub phone: Text,
    pub email: Text,
}

/// The words staff may write for a key, folded as [`search_fold`] folds them (no diacritics,
/// lower case) and with spaces, `_` and `-` left out, with the key meant.
const VIETNAMESE_KEYS: &[(&str, &str)] = &[
    ("chutri", "lead"),
    ("donvichutri", "lead"),
    ("coquanchutri", "lead"),
    ("phoihop", "support"),
    ("donviphoihop", "support"),
    ("coquanphoihop", "support"),
    ("thoihan", "deadline"),
    ("thoigian", "deadline"),
    ("thoihanhoanthanh", "deadline"),
    ("sanpham", "outputs"),
    ("ketqua", "outputs"),
    ("trichyeu", "title"),
    ("noidung", "title"),
    ("tieude", "title"),
    ("so", "number"),
    ("sohieu", "number"),
    ("sokyhieu", "number"),
    ("coquanbanhanh", "issuer"),
    ("banhanh", "issuer"),
    ("ngay", "date"),
    ("ngaybanhanh", "date"),
    ("nhiemvu", "tasks"),
    ("nhom", "group"),
    ("muc", "group"),
    ("cancu", "based_on"),
    ("thaythe", "replaces"),
    ("noinhan", "recipients"),
    ("nguoiky", "signer"),
    ("diadiem", "place"),
    ("trangthai", "status"),
    ("tinhtrang", "status"),
    ("tiendo", "progress"),
    ("chitieu", "targets"),
    ("loai", "type"),
    ("loaivanban", "type"),
    ("ma", "id"),
    ("stt", "id"),
    ("ghichu", "note"),
    ("ten", "name"),
    ("chucvu", "position"),
    ("tenkhac", "aliases"),
    ("tenviettat", "short"),
    ("viettat", "short"),
    ("captren", "parent"),
    ("tructhuoc", "parent"),
    ("mota", "description"),
    ("ngaydoichieu", "as_of"),
    ("giaodien", "theme"),
    ("duthao", "draft"),
    ("banchinh", "source"),
    ("vanbangoc", "source"),
    ("tep", "source"),
    ("thieu", "missing"),
    ("conthieu", "missing"),
    ("lienhe", "contact"),
    ("diachi", "address"),
    ("dienthoai", "phone"),
    ("thudientu", "email"),
    ("donvi", "office"),
    ("kybaocao", "period"),
    ("ky", "period"),
    ("baocaove", "reports_on"),
    ("baocaokehoach", "reports_on"),
    ("chedobaocao", "reporting"),
    ("dinhky", "reporting"),
    ("baocaodinhky", "reporting"),
    ("nhiemvubaocao", "task"),
];

/// What a key holds, in the words of the documents.
pub fn meaning(key: &str) -> &'static str {
    match key {
        "lead" => "cơ quan chủ trì",
        "support" => "cơ quan phối hợp",
        "deadline" => "thời hạn",
        "outputs" => "sản phẩm",
        "title" => "trích yếu",
        "number" => "số hiệu",
        "issuer" => "cơ quan ban hành",
        "date" => "ngày",
        "tasks" => "các nhiệm vụ",
        "group" => "mục, nhóm chứa nhiệm vụ",
        "implements" => "văn bản, nhiệm vụ được triển khai thực hiện",
        "based_on" => "văn bản căn cứ",
        "replaces" => "văn bản được thay thế",
        "recipients" => "nơi nhận",
        "distribution" => "nơi gửi",
        "signer" => "người ký",
        "place" => "địa danh",
        "status" => "trạng thái",
        "progress" => "báo cáo tiến độ",
        "targets" => "chỉ tiêu",
        "type" => "loại văn bản",
        "id" => "mã",
        "note" => "ghi chú",
        "name" => "tên",
        "position" => "chức vụ",
        "aliases" => "tên gọi khác",
        "short" => "tên viết tắt",
        "parent" => "cơ quan cấp trên",
        "description" => "mô tả",
        "as_of" => "ngày đối chiếu",
        "theme" => "giao diện",
        "text" => "nội dung chỉ tiêu",
        "draft" => "dự thảo (true/false)",
        "source" => "tệp văn bản chính thức",
        "missing" => "phần văn bản nguồn không có",
        "contact" => "nơi liên hệ",
        "office" => "đơn vị chịu trách nhiệm",
        "address" => "địa chỉ",
        "phone" => "điện thoại",
        "email" => "thư điện tử",
        "period" => "kỳ báo cáo",
        "reports_on" => "kế hoạch được báo cáo",
        "reporting" => "kỳ báo cáo định kỳ (quý, 6 tháng, năm)",
        "task" => "nhiệm vụ được báo cáo",
        _ => "giá trị",
    }
}

/// Every part of every file the content model describes: what staff call it, and its keys.
pub fn model_keys() -> Vec<(&'static str, &'static [&'static str])> {
    use crate::yaml::keys_of;
    [
        keys_of::<PlanFm>(),
        keys_of::<TaskFm>(),
        keys_of::<SignerFm>(),
        keys_of::<TargetFm>(),
        keys_of::<ProgressFm>(),
        keys_of::<BodyFm>(),
        keys_of::<DirectiveFm>(),
        keys_of::<SiteFm>(),
        keys_of::<ContactFm>(),
        keys_of::<ReportFm>(),
        keys_of::<ReportTaskFm>(),
    ]
    .into_iter()
    .map(|(name, keys)| (what_is(name), keys))
    .collect()
}

/// What a staff member calls the part of a file that a struct reads, for messages.
pub fn what_is(within: &str) -> &'static str {
    match within {
        "PlanFm" => "kế hoạch",
        "TaskFm" => "nhiệm vụ",
        "SignerFm" => "người ký",
        "TargetFm" => "chỉ tiêu",
        "ProgressFm" => "báo cáo tiến độ",
        "BodyFm" => "mục cơ quan",
        "DirectiveFm" => "mục văn bản",
        "SiteFm" => "site.yaml",
        "ContactFm" => "nơi liên hệ của site.yaml",
        "ReportFm" => "báo cáo",
        "ReportTaskFm" => "nhiệm vụ trong báo cáo",
        _ => "phần này",
    }
}

/// The text of a plan file or registry being read, for messages that show its lines.
pub struct Source<'a> {
    pub rel: &'a str,
    pub text: &'a str,
    /// The file line of the text's first line.
    pub first_line: usize,
}

impl Source<'_> {
    /// Parses the text; a YAML mistake is an error at its line, with the line shown.
    pub fn parse(&self, d: &mut Diagnostics) -> Option<Node> {
        match yaml::parse_noting(self.text, self.first_line) {
            Ok((node, removed)) => {
                for (pos, names) in removed {
                    let message = format!("đã bỏ ký tự không nhìn thấy hoặc không in được khỏi giá trị này: {names}; xóa chúng trong tệp (thường do chép từ Word, trang web)");
                    self.warning(d, pos, message);
                }
                Some(node)
            }
            Err(e) => {
                self.error_width(d, e.pos, 1, e.message);
                None
            }
        }
    }

    /// Reads `node` as a `T`, `what` it is ("nhiệm vụ"), every mistake a diagnostic.
    pub fn read<'n, T: Deserialize<'n>>(
        &self,
        node: &'n Node,
        what: &str,
        d: &mut Diagnostics,
    ) -> Option<T> {
        let (value, issues) = yaml::read::<T>(node);
        for i in issues {
            match i {
                Issue::UnknownKey {
                    key,
                    pos,
                    within,
                    known,
                } => {
                    let message = unknown_key(&key, what_is(within), known);
                    self.error_width(d, pos, key.chars().count(), message);
                }
                Issue::WrongShape {
                    key,
                    pos,
                    wanted,
                    found,
                } => {
                    let message = format!("`{key}` phải là {wanted}, không phải {found}");
                    self.error_width(d, pos, 1, message);
                }
            }
        }
        if value.is_none() {
            self.error_width(
                d,
                node.pos,
                1,
                format!("không đọc được {what} này; viết nó là các cặp `khóa: giá trị`"),
            );
        }
        value
    }

    /// A value the content model requires (`key`, which is `what`), or an error: at the
    /// empty value, at `parent` (the entry that lacks it), or, for the file as a whole, with
    /// no line to show.
    pub fn required(
        &self,
        v: Text,
        key: &str,
        what: &str,
        parent: Pos,
        d: &mut Diagnostics,
    ) -> Option<At<String>> {
        let written = v.as_ref().map(|a| a.pos);
        let found = trimmed(v);
        if found.is_none() {
            match written {
                Some(pos) => {
                    let message = format!("`{key}` ({what}) đang để trống; đây là trường bắt buộc");
                    self.error(d, pos, message);
                }
                None => {
                    let message = format!(
                        "thiếu `{key}` ({what}); đây là trường bắt buộc, thêm dòng `{key}: ...`"
                    );
                    if parent == Pos::line(self.first_line) {
                        d.error(self.rel, parent, message);
                    } else {
                        self.error_width(d, parent, 1, message);
                    }
                }
            }
        }
        found
    }

    /// An error about the value written at `pos`, shown under it.
    pub fn error(&self, d: &mut Diagnostics, pos: Pos, message: String) {
        self.report(d, Severity::Error, pos, None, message);
    }

    /// An error about the `width` characters at `pos`.
    pub fn error_width(&self, d: &mut Diagnostics, pos: Pos, width: usize, message: String) {
        self.report(d, Severity::Error, pos, Some(width), message);
    }

    /// A warning about the value written at `pos`, shown under it.
    pub fn warning(&self, d: &mut Diagnostics, pos: Pos, message: String) {
        self.report(d, Severity::Warning, pos, None, message);
    }

    fn report(
        &self,
        d: &mut Diagnostics,
        s: Severity,
        pos: Pos,
        width: Option<usize>,
        message: String,
    ) {
        let snippet = crate::diag::snippet(self.text, self.first_line, pos, width);
        d.add(s, self.rel, pos, message, snippet);
    }
}

/// The message for a key that `what` does not have, naming the key meant.
fn unknown_key(key: &str, what: &str, known: &[&str]) -> String {
    let folded: String = search_fold(key)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if let Some(&(_, meant)) = VIETNAMESE_KEYS
        .iter()
        .find(|(word, meant)| *word == folded && known.contains(meant))
    {
        return format!(
            "`{key}` không phải trường hợp lệ của {what}; {} ghi ở trường `{meant}` (tên trường viết bằng tiếng Anh): `{meant}: …`",
            crate::text::capitalize_first(meaning(meant))
        );
    }
    let distance = |k: &str| strsim::damerau_levenshtein(&key.to_lowercase(), k);
    let best = known.iter().map(|k| distance(k)).min();
    let close: Vec<String> = known
        .iter()
        .filter(|k| best == Some(distance(k)) && distance(k) <= 2.max(k.len() / 3))
        .map(|k| format!("`{k}`"))
        .collect();
    if !close.is_empty() {
        // Two keys as close as each other are both named: the staff member knows which.
        return format!(
            "`{key}` không phải trường hợp lệ của {what}; có phải {}?",
            close.join(" hay ")
        );
    }
    format!(
            "`{key}` không phải trường hợp lệ của {what}; các trường là {}. Dữ liệu riêng đặt dưới `extra:`",
            known
                .iter()
                .filter(|k| **k != "extra")
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
    )
}

/// A value's text, trimmed; `None` when empty.
pub fn trimmed(v: Text) -> Option<At<String>> {
    v.map(|a| At {
        value: a.value.trim().to_string(),
        pos: a.pos,
    })
    .filter(|a| !a.value.is_empty())
}

/// The texts of a list, trimmed, empty ones left out.
pub fn trimmed_all(v: Texts) -> Vec<At<String>> {
    let mut out = Vec::with_capacity(v.len());
    out.extend(v.into_iter().filter_map(|a| trimmed(Some(a))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_names_the_key_meant() {
        let (_, task) = crate::yaml::keys_of::<TaskFm>();
        let m = unknown_key("deadlne", "nhiệm vụ", task);
        assert!(m.contains("có phải `deadline`?"), "{m}");
        let m = unknown_key("chu_tri", "nhiệm vụ", task);
        assert!(m.contains("Cơ quan chủ trì ghi ở trường `lead`"), "{m}");
        let m = unknown_key("Phối hợp", "nhiệm vụ", task);
        assert!(m.contains("trường `support`"), "{m}");
        let m = unknown_key("zzz", "nhiệm vụ", task);
        assert!(m.contains("các trường là `id`"), "{m}");
    }
}
