//! Typed reads from a parsed YAML mapping, each failure reported at the value's line in
//! Vietnamese. Keys that the content model does not name are left alone ("add keys freely").

use super::locate::Locator;
use super::Located;
use crate::diag::{Diagnostics, Pos};
use crate::yaml::{Mapping, Value};

/// Decodes a file as UTF-8 (dropping a BOM) and normalizes it to NFC.
pub fn decode_utf8(rel: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 checks Vietnamese text several times faster than the standard library, whose
    // quick path is for ASCII; the standard library then finds where a bad file goes wrong.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Some(crate::text::nfc(s)),
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

/// Parses YAML text that must be a mapping. `first_line` is the file line of the text's first line.
pub fn parse_mapping(
    rel: &str,
    text: &str,
    first_line: usize,
    diags: &mut Diagnostics,
) -> Option<Mapping> {
    match crate::yaml::parse(text) {
        Ok(Value::Mapping(m)) => Some(m),
        Ok(Value::Null) => Some(Mapping::new()),
        Ok(_) => {
            diags.error(
                rel,
                Pos::line(first_line),
                "phần YAML phải là các cặp `khóa: giá trị`",
            );
            None
        }
        Err((line, col, msg)) => {
            diags.error(
                rel,
                Pos::new(line + first_line - 1, col),
                yaml_message(&msg),
            );
            None
        }
    }
}

/// The parser's English message, prefixed with what it means for someone editing the file.
pub fn yaml_message(msg: &str) -> String {
    // The crate appends " at line L column C"; the position is already in front of the message.
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    if msg.contains(crate::yaml::TOO_DEEP) {
        return format!(
            "YAML lồng quá sâu (hơn {} cấp ngoặc [ ] {{ }} hoặc thụt lề); viết danh sách phẳng hơn",
            crate::yaml::MAX_FLOW_DEPTH
        );
    }
    if let Some(code) = msg.strip_prefix(crate::yaml::CONTROL) {
        return format!(
            "tệp có một ký tự điều khiển (U+{code}) tại đây, YAML không cho phép; xóa ký tự này (thường lẫn vào khi dán từ Word hoặc PDF)"
        );
    }
    if msg.contains("repetition limit exceeded") {
        return "YAML dùng bí danh (&tên, *tên) nhân lên quá nhiều lần; viết giá trị ra trực tiếp thay vì dùng bí danh".into();
    }
    format!(
        "YAML không hợp lệ ({msg}). Kiểm tra thụt lề, dấu hai chấm sau tên khóa và dấu ngoặc kép quanh giá trị có dấu `:` hoặc `#`"
    )
}

pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The path of a list's item ("tasks.3"), made for every item of every file.
fn item_path(path: &str, i: usize) -> String {
    [path, ".", itoa::Buffer::new().format(i)].concat()
}

pub struct Fields<'a> {
    pub rel: &'a str,
    pub map: &'a Mapping,
    pub loc: &'a Locator,
    pub prefix: String,
}

impl<'a> Fields<'a> {
    pub fn new(rel: &'a str, map: &'a Mapping, loc: &'a Locator, prefix: &str) -> Self {
        Fields {
            rel,
            map,
            loc,
            prefix: prefix.to_string(),
        }
    }

    pub fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            [&self.prefix, ".", key].concat()
        }
    }

    pub fn pos(&self, key: &str) -> Pos {
        self.loc.pos(&self.path(key))
    }

    /// The value, or None when the key is missing or null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        // A task has a handful of keys, asked for a dozen times: comparing them in order costs
        // less than hashing the key each time (serde_yaml's mapping hashes with SipHash).
        // YAML keys are unique (the parser refuses a repeated one), so the first is the one.
        let found = if self.map.len() <= 16 {
            self.map
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v)
        } else {
            self.map.get(key)
        };
        match found {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// A scalar as a trimmed string; None when missing. A list or mapping is an error.
    pub fn string(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        let v = self.get(key)?;
        match scalar(v) {
            Some(s) => Some(s.trim().to_string()),
            None => {
                diags.error(
                    self.rel,
                    self.pos(key),
                    format!("`{key}` phải là một giá trị đơn (chuỗi), không phải danh sách"),
                );
                None
            }
        }
    }

    /// A required non-empty scalar.
    pub fn required(&self, key: &str, what: &str, diags: &mut Diagnostics) -> Option<String> {
        if self.get(key).is_none() {
            let pos = self.loc.pos(&self.prefix);
            diags.error(
                self.rel,
                pos,
                format!("thiếu `{key}` ({what}); đây là trường bắt buộc, thêm dòng `{key}: ...`"),
            );
            return None;
        }
        match self.string(key, diags) {
            Some(s) if !s.is_empty() => Some(s),
            Some(_) => {
                diags.error(
                    self.rel,
                    self.pos(key),
                    format!("`{key}` ({what}) đang để trống; đây là trường bắt buộc"),
                );
                None
            }
            None => None,
        }
    }

    /// A string or a list of strings, each with its position; empty items dropped.
    pub fn strings(&self, key: &str, diags: &mut Diagnostics) -> Vec<Located<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let path = self.path(key);
        let items: Vec<(Option<String>, Pos)> = match v {
            Value::Sequence(seq) => seq
                .iter()
                .enumerate()
                .map(|(i, x)| (scalar(x), self.loc.pos(&item_path(&path, i))))
                .collect(),
            other => vec![(scalar(other), self.loc.pos(&path))],
        };
        // Sized exactly: a task's lists are kept for the whole build, and a vector grown by
        // pushing holds room for four.
        let mut out = Vec::with_capacity(items.len());
        for (s, pos) in items {
            match s {
                Some(s) => {
                    let s = s.trim();
                    if !s.is_empty() {
                        out.push(Located {
                            value: s.to_string(),
                            pos,
                        });
                    }
                }
                None => diags.error(
                    self.rel,
                    pos,
                    format!("mỗi mục của `{key}` phải là một chuỗi"),
                ),
            }
        }
        out
    }

    /// A list of mappings (tasks, targets, progress), each with its own `Fields`.
    pub fn mappings(&self, key: &str, diags: &mut Diagnostics) -> Vec<Fields<'a>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let path = self.path(key);
        match v {
            Value::Sequence(seq) => seq
                .iter()
                .enumerate()
                .filter_map(|(i, x)| {
                    let p = item_path(&path, i);
                    match x {
                        Value::Mapping(m) => Some(Fields {
                            rel: self.rel,
                            map: m,
                            loc: self.loc,
                            prefix: p,
                        }),
                        _ => {
                            diags.error(
                                self.rel,
                                self.loc.pos(&p),
                                format!("mỗi mục của `{key}` phải là các cặp `khóa: giá trị`"),
                            );
                            None
                        }
                    }
                })
                .collect(),
            _ => {
                diags.error(
                    self.rel,
                    self.pos(key),
                    format!("`{key}` phải là một danh sách (mỗi mục bắt đầu bằng `- `)"),
                );
                Vec::new()
            }
        }
    }

    /// A nested mapping.
    pub fn mapping(&self, key: &str) -> Option<Fields<'a>> {
        match self.get(key)? {
            Value::Mapping(m) => Some(Fields {
                rel: self.rel,
                map: m,
                loc: self.loc,
                prefix: self.path(key),
            }),
            _ => None,
        }
    }
}
