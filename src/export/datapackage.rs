//! /du-lieu/datapackage.json: a machine-readable description of the open data (every field, its
//! type and meaning), as a Frictionless Data Package (https://datapackage.org), the format
//! open-data portals and tools (CKAN, frictionless-py, Excel add-ins) read. The field lists here
//! are also the CSV header, so the description cannot drift from the files it describes.

use crate::site::routes::{self, Page};
use crate::site::Site;
use serde_json::{json, Value};

pub struct Field {
    pub name: &'static str,
    /// A Table Schema type: string, integer, boolean, date, array, object.
    pub kind: &'static str,
    pub about: &'static str,
}

const fn f(name: &'static str, kind: &'static str, about: &'static str) -> Field {
    Field { name, kind, about }
}

/// One object per plan in ke-hoach.json, in this order.
pub const PLAN_FIELDS: &[Field] = &[
    f("number", "string", "Số hiệu, ví dụ \"90/KH-UBND\"; rỗng khi văn bản không có số"),
    f("slug", "string", "Phần cuối của địa chỉ trang kế hoạch"),
    f("url", "string", "Địa chỉ trang kế hoạch, tính từ gốc trang, ví dụ /ke-hoach/2026/90-kh-ubnd/"),
    f("title", "string", "Trích yếu"),
    f("type", "string", "Loại văn bản: Kế hoạch, Chương trình, Quyết định…"),
    f("issuer", "object", "Cơ quan ban hành: {id, name}; id là mã trong danh mục cơ quan"),
    f("date", "string", "Ngày ban hành như ghi: YYYY-MM-DD, hoặc YYYY-MM, YYYY khi văn bản chỉ ghi đến tháng, năm"),
    f("status", "string", "Tình trạng: draft (dự thảo, chỉ khi kế hoạch ghi rõ), issued (đã ban hành), superseded (đã được thay thế)"),
    f("implements", "array", "Các văn bản mà kế hoạch triển khai thực hiện: [{number, url}]; url null khi văn bản không có trang"),
    f("based_on", "array", "Các văn bản căn cứ: [{number, url}]"),
    f("replaces", "array", "Các văn bản được thay thế: [{number, url}]"),
    f("task_count", "integer", "Số nhiệm vụ của kế hoạch"),
    f("number_blank", "string", "Số hiệu như văn bản nguồn ghi khi phần số để trống, ví dụ \"…/KH-SKHCN\"; null khi không như vậy"),
    f("source", "string", "Văn bản chính thức: địa chỉ tệp trên trang (tính từ gốc) hoặc URL; null khi chưa có"),
    f("missing", "array", "Các phần văn bản được nhắc tới nhưng văn bản nguồn không có, ví dụ phụ lục"),
];

/// One object per task in nhiem-vu.json, in this order.
pub const TASK_FIELDS: &[Field] = &[
    f("plan", "string", "Địa chỉ trang của kế hoạch có nhiệm vụ (trường url của ke-hoach.json)"),
    f("id", "string", "Mã nhiệm vụ trong kế hoạch, như văn bản đánh số: \"1\", \"II.3\""),
    f("url", "string", "Địa chỉ của nhiệm vụ: trang kế hoạch và vị trí #nv-…"),
    f("group", "string", "Mục, tiểu mục của kế hoạch chứa nhiệm vụ, nối bằng \" › \"; null khi không có"),
    f("title", "string", "Nội dung nhiệm vụ"),
    f("lead", "array", "Cơ quan chủ trì: [{id, name}]"),
    f("support", "array", "Cơ quan phối hợp: [{id, name}]"),
    f("outputs", "array", "Sản phẩm: danh sách chuỗi"),
    f("deadline", "object", "Thời hạn: {text (như ghi), kind (ongoing, yearly, due, period, unscheduled), from, to (ngày YYYY-MM-DD hoặc null)}"),
    f("implements", "string", "Nhiệm vụ hoặc văn bản cấp trên mà nhiệm vụ thực hiện, như ghi; null khi không có"),
    f("status", "string", "Tình trạng do cơ quan báo cáo (not-started, in-progress, done, cancelled); null khi chưa có báo cáo"),
    f("overdue", "boolean", "Quá hạn: thời hạn đã hết trước ngày số liệu và báo cáo gần nhất cho biết nhiệm vụ chưa xong; false khi chưa có báo cáo (xem state)"),
    f("state", "string", STATE_ABOUT),
];

/// The meaning of each value of a task's `state`.
const STATE_ABOUT: &str = "Tình trạng tại ngày số liệu: done (hoàn thành), in-progress (đang thực hiện), not-started (chưa bắt đầu), no-report (chưa có báo cáo, chưa đến thời hạn), past-deadline (đã qua thời hạn, chưa có báo cáo: chưa biết kết quả), overdue (quá hạn theo báo cáo), cancelled (đã hủy), draft (thuộc kế hoạch dự thảo)";

/// The columns of nhiem-vu.csv: the task fields flattened, lists joined with "; ".
pub const TASK_CSV_FIELDS: &[Field] = &[
    f("plan", "string", "Địa chỉ trang của kế hoạch"),
    f("id", "string", "Mã nhiệm vụ trong kế hoạch"),
    f("url", "string", "Địa chỉ của nhiệm vụ"),
    f(
        "group",
        "string",
        "Mục, tiểu mục chứa nhiệm vụ, nối bằng \" › \"",
    ),
    f("title", "string", "Nội dung nhiệm vụ"),
    f("lead", "string", "Tên các cơ quan chủ trì, nối bằng \"; \""),
    f(
        "lead_ids",
        "string",
        "Mã các cơ quan chủ trì, cùng thứ tự, nối bằng \"; \"",
    ),
    f(
        "support",
        "string",
        "Tên các cơ quan phối hợp, nối bằng \"; \"",
    ),
    f(
        "support_ids",
        "string",
        "Mã các cơ quan phối hợp, nối bằng \"; \"",
    ),
    f("outputs", "string", "Sản phẩm, nối bằng \"; \""),
    f("deadline", "string", "Thời hạn như ghi trong kế hoạch"),
    f(
        "deadline_kind",
        "string",
        "Loại thời hạn: ongoing, yearly, due, period, unscheduled",
    ),
    f(
        "deadline_from",
        "date",
        "Ngày bắt đầu khoảng thời hạn; trống khi không có",
    ),
    f(
        "deadline_to",
        "date",
        "Ngày kết thúc khoảng thời hạn; trống khi không có",
    ),
    f(
        "implements",
        "string",
        "Nhiệm vụ hoặc văn bản cấp trên mà nhiệm vụ thực hiện",
    ),
    f(
        "status",
        "string",
        "Tình trạng do cơ quan báo cáo; trống khi chưa có",
    ),
    f(
        "overdue",
        "boolean",
        "Quá hạn theo báo cáo (true/false) so với ngày số liệu",
    ),
    f("state", "string", STATE_ABOUT),
];

/// One object per report in bao-cao.json, in this order.
pub const REPORT_FIELDS: &[Field] = &[
    f("url", "string", "Địa chỉ trang báo cáo, tính từ gốc trang, ví dụ /bao-cao/2026/45-bc-skhcn/"),
    f("number", "string", "Số hiệu báo cáo; rỗng khi không có số"),
    f("title", "string", "Trích yếu"),
    f("issuer", "object", "Cơ quan báo cáo: {id, name}"),
    f("date", "date", "Ngày báo cáo, YYYY-MM-DD"),
    f("period", "object", "Kỳ báo cáo: {text (như ghi), from, to (YYYY-MM-DD hoặc null)}; null khi không ghi"),
    f("plans", "array", "Địa chỉ trang các kế hoạch được báo cáo"),
    f("entries", "array", "Từng nhiệm vụ được báo cáo: [{task (như ghi, ví dụ \"90/KH-UBND#II.7.1\"), url (địa chỉ nhiệm vụ hoặc null khi không tìm thấy), status (not-started, in-progress, done, cancelled hoặc null), note, outputs}]"),
];

/// The columns of bao-cao.csv: one row per task of a report.
pub const REPORT_CSV_FIELDS: &[Field] = &[
    f("report", "string", "Địa chỉ trang báo cáo"),
    f("number", "string", "Số hiệu báo cáo"),
    f("date", "date", "Ngày báo cáo"),
    f("issuer", "string", "Tên cơ quan báo cáo"),
    f("issuer_id", "string", "Mã cơ quan báo cáo"),
    f("period", "string", "Kỳ báo cáo như ghi"),
    f(
        "period_from",
        "date",
        "Ngày đầu kỳ; trống khi không hiểu được kỳ",
    ),
    f("period_to", "date", "Ngày cuối kỳ"),
    f("task", "string", "Nhiệm vụ như báo cáo ghi"),
    f(
        "task_url",
        "string",
        "Địa chỉ nhiệm vụ; trống khi không tìm thấy",
    ),
    f(
        "status",
        "string",
        "Tình trạng báo cáo: not-started, in-progress, done, cancelled; trống khi không ghi",
    ),
    f("note", "string", "Kết quả thực hiện"),
    f("outputs", "string", "Sản phẩm, nối bằng \"; \""),
];

fn schema_keys(fields: &[Field], keys: &[&str]) -> Value {
    json!({
        "fields": fields.iter().map(|f| json!({"name": f.name, "type": f.kind, "description": f.about})).collect::<Vec<_>>(),
        "primaryKey": keys,
    })
}

fn schema(fields: &[Field], key: &str) -> Value {
    json!({
        "fields": fields.iter().map(|f| json!({"name": f.name, "type": f.kind, "description": f.about})).collect::<Vec<_>>(),
        "primaryKey": [key],
    })
}

pub fn render(site: &Site) -> Vec<u8> {
    let cfg = &site.config();
    let v = json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "ke-hoach-nhiem-vu",
        "title": format!("Kế hoạch và nhiệm vụ — {}", cfg.title),
        "description": "Mọi kế hoạch và nhiệm vụ trên trang. Tệp được tạo lại mỗi lần cập nhật trang; thứ tự các mục ổn định (kế hoạch theo ngày rồi số hiệu, nhiệm vụ theo kế hoạch rồi thứ tự trong kế hoạch).",
        "homepage": format!("{}{}", cfg.base_url, Page::Data.url(site)),
        "created": site.as_of().to_string(),
        "resources": [
            {"name": "ke-hoach", "path": "ke-hoach.json", "format": "json", "mediatype": "application/json",
             "encoding": "utf-8", "type": "table", "schema": schema(PLAN_FIELDS, "url")},
            {"name": "nhiem-vu", "path": "nhiem-vu.json", "format": "json", "mediatype": "application/json",
             "encoding": "utf-8", "type": "table", "schema": schema(TASK_FIELDS, "url")},
            {"name": "nhiem-vu-csv", "path": "nhiem-vu.csv", "format": "csv", "mediatype": "text/csv",
             // utf-8-sig: UTF-8 after a byte-order mark, which Excel needs to read Vietnamese.
             "encoding": "utf-8-sig", "type": "table", "dialect": {"delimiter": ",", "header": true},
             "description": "Các trường như nhiem-vu.json; ô bắt đầu bằng = + - @ được thêm dấu ' ở đầu để bảng tính không chạy nó như công thức",
             "schema": schema(TASK_CSV_FIELDS, "url")},
            {"name": "bao-cao", "path": "bao-cao.json", "format": "json", "mediatype": "application/json",
             "encoding": "utf-8", "type": "table", "schema": schema(REPORT_FIELDS, "url"),
             "description": "Báo cáo kết quả thực hiện của các cơ quan, cũ trước mới sau; tình trạng của nhiệm vụ lấy theo báo cáo mới nhất"},
            {"name": "bao-cao-csv", "path": "bao-cao.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8-sig", "type": "table", "dialect": {"delimiter": ",", "header": true},
             "description": "Mỗi dòng một nhiệm vụ của một báo cáo",
             "schema": schema_keys(REPORT_CSV_FIELDS, &["report", "task"])},
            {"name": "lich-tat-ca", "path": format!("{}{}", cfg.base_url, routes::all_calendar()), "format": "ics",
             "mediatype": "text/calendar",
             "description": "Thời hạn mọi nhiệm vụ có ngày, mỗi nhiệm vụ một sự kiện cả ngày trải suốt khoảng thời hạn (RFC 5545); lịch của từng cơ quan ở lich/<mã cơ quan>.ics"},
        ],
    });
    let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
    out.push(b'\n');
    out
}
