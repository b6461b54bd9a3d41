//! Text as every content file is read: UTF-8 (a BOM dropped), NFC, and without the
//! characters no document means (see [`crate::text::is_unwanted`]).

use crate::diag::{Diagnostics, Pos};

/// `text` without invisible and control characters (see [`crate::text::is_unwanted`]), each
/// line that held some named in a warning: they would make names that look alike differ, and
/// a feed or a terminal break.
fn without_unwanted(rel: &str, text: String, diags: &mut Diagnostics) -> String {
    if !crate::text::has_unwanted(&text) {
        return text;
    }
    for (i, line) in text.split('\n').enumerate() {
        if let Some(at) = line.find(crate::text::is_unwanted) {
            let column = line[..at].chars().count() + 1;
            let names = crate::text::unwanted_names(line);
            diags.warning(rel, Pos::new(i + 1, column), format!("đã bỏ ký tự không nhìn thấy hoặc không in được ở dòng này: {names}; xóa chúng trong tệp (thường do chép từ Word, trang web)"));
        }
    }
    crate::text::without_unwanted(&text).into_owned()
}

/// Decodes a file as UTF-8 (dropping a BOM), normalizes it to NFC and leaves out invisible and
/// control characters.
pub fn decode_utf8(rel: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 checks Vietnamese text several times faster than the standard library, whose
    // quick path is for ASCII; the standard library then finds where a bad file goes wrong.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Some(without_unwanted(rel, crate::text::nfc(s), diags)),
        Err(_) => {
            let valid = std::str::from_utf8(bytes)
                .err()
                .map_or(bytes.len(), |e| e.valid_up_to());
            let good = &bytes[..valid];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let col_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[col_start..]).chars().count() + 1;
            diags.error(
                rel,
                Pos::new(line, column),
                "tệp không phải văn bản UTF-8 (có byte không hợp lệ tại đây). Mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8",
            );
            None
        }
    }
}
