//! The two registries: departments.yaml (bodies) and directives.yaml (documents that are not
//! plans of this site).

use super::fields::Fields;
use super::locate::Locator;
use super::{BodyEntry, BodyKind, DirectiveEntry, Located, PartialDate};
use crate::diag::{Diagnostics, Pos};
use crate::yaml::Value;
use std::collections::HashMap;

/// Parses the top-level list of a registry file; each entry comes back with its `Fields`.
fn entries<'a>(
    rel: &'a str,
    value: &'a Value,
    loc: &'a Locator,
    d: &mut Diagnostics,
) -> Vec<Fields<'a>> {
    match value {
        Value::Sequence(seq) => seq
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                Value::Mapping(m) => Some(Fields::new(rel, m, loc, &i.to_string())),
                _ => {
                    d.error(
                        rel,
                        loc.pos(&i.to_string()),
                        "mỗi mục của danh mục phải là các cặp `khóa: giá trị`",
                    );
                    None
                }
            })
            .collect(),
        Value::Null => Vec::new(),
        _ => {
            d.error(
                rel,
                Pos::line(1),
                "danh mục phải là một danh sách, mỗi mục bắt đầu bằng `- `",
            );
            Vec::new()
        }
    }
}

fn parse_list(rel: &str, text: &str, d: &mut Diagnostics) -> Option<Value> {
    match crate::yaml::parse(text) {
        Ok(v) => Some(v),
        Err((line, col, msg)) => {
            d.error(rel, Pos::new(line, col), super::fields::yaml_message(&msg));
            None
        }
    }
}

pub fn parse_departments(rel: &str, text: &str, d: &mut Diagnostics) -> Vec<BodyEntry> {
    let Some(value) = parse_list(rel, text, d) else {
        return Vec::new();
    };
    let loc = Locator::new(text, 1);
    let mut out: Vec<BodyEntry> = Vec::new();
    let mut ids: HashMap<String, Pos> = HashMap::new();
    for f in entries(rel, &value, &loc, d) {
        let pos = loc.pos(&f.prefix);
        let (Some(id), Some(name)) = (
            f.required("id", "mã cơ quan", d),
            f.required("name", "tên cơ quan", d),
        ) else {
            continue;
        };
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            d.error(rel, f.pos("id"), format!("mã `{id}` chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang (nó là một phần của địa chỉ trang)"));
            continue;
        }
        if !crate::text::is_url_segment(&id) {
            d.error(rel, f.pos("id"), format!("mã `{id}` không dùng được làm tên thư mục: dài tối đa {} ký tự, không rỗng, không là tên dành riêng của Windows (con, prn, aux, nul, com1…, lpt1…)", crate::text::MAX_SEGMENT));
            continue;
        }
        if let Some(first) = ids.get(&id) {
            d.error(
                rel,
                f.pos("id"),
                format!("mã cơ quan `{id}` bị trùng với mục ở dòng {}", first.line),
            );
            continue;
        }
        let kind = match f.string("kind", d) {
            None => BodyKind::Department,
            Some(k) => match BodyKind::parse(&k) {
                Some(k) => k,
                None => {
                    d.error(rel, f.pos("kind"), format!("loại `{k}` không hợp lệ; dùng department, unit, commune, enterprise, group hoặc external"));
                    BodyKind::Department
                }
            },
        };
        ids.insert(id.clone(), pos);
        out.push(BodyEntry {
            id,
            name: crate::text::collapse_ws(&name),
            short: f.string("short", d).unwrap_or_default(),
            code: f.string("code", d).unwrap_or_default(),
            aliases: f
                .strings("aliases", d)
                .into_iter()
                .map(|l| crate::text::collapse_ws(&l.value))
                .collect(),
            parent: f.string("parent", d).map(|p| Located {
                value: p,
                pos: f.pos("parent"),
            }),
            kind,
            pos,
        });
    }
    for b in &out {
        if let Some(p) = &b.parent {
            if !ids.contains_key(&p.value) {
                d.error(rel, p.pos, format!("cơ quan cấp trên `{}` không có trong danh mục; dùng mã (id) của một mục khác", p.value));
            }
        }
    }
    out
}

pub fn parse_directives(rel: &str, text: &str, d: &mut Diagnostics) -> Vec<DirectiveEntry> {
    let Some(value) = parse_list(rel, text, d) else {
        return Vec::new();
    };
    let loc = Locator::new(text, 1);
    let mut out = Vec::new();
    let mut seen: HashMap<(String, Option<PartialDate>), Pos> = HashMap::new();
    for f in entries(rel, &value, &loc, d) {
        let pos = loc.pos(&f.prefix);
        let Some(number) = f.required("number", "số, ký hiệu văn bản", d) else {
            continue;
        };
        let date = f.string("date", d).filter(|s| !s.is_empty()).and_then(|s| {
            match PartialDate::parse(&s) {
                Ok(x) => Some(x),
                Err(msg) => {
                    d.error(rel, f.pos("date"), msg);
                    None
                }
            }
        });
        let key = (crate::number::normalize(&number), date);
        if let Some(first) = seen.get(&key) {
            d.error(
                rel,
                f.pos("number"),
                format!(
                    "văn bản `{number}` bị khai báo hai lần (lần đầu ở dòng {})",
                    first.line
                ),
            );
            continue;
        }
        seen.insert(key, pos);
        out.push(DirectiveEntry {
            number,
            doc_type: f.string("type", d).unwrap_or_else(|| "Văn bản".into()),
            issuer: f.string("issuer", d).unwrap_or_default(),
            date,
            title: f.string("title", d).unwrap_or_default(),
            url: match f.string("url", d) {
                Some(u) if !is_web_url(&u) => {
                    d.error(
                        rel,
                        f.pos("url"),
                        format!(
                            "url `{u}` phải là một địa chỉ web bắt đầu bằng https:// hoặc http://"
                        ),
                    );
                    String::new()
                }
                u => u.unwrap_or_default(),
            },
            implements: f.strings("implements", d),
            pos,
        });
    }
    out
}

/// A link to an official text: only web addresses, never `javascript:` or `data:`.
fn is_web_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")) && !u.chars().any(char::is_whitespace)
}
