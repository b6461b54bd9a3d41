//! The two registries: departments.yaml (bodies) and directives.yaml (documents that are not
//! plans of this site).

use super::frontmatter::{trimmed, trimmed_all, BodyFm, DirectiveFm, Source};
use super::{BodyEntry, BodyKind, DirectiveEntry, Located, PartialDate};
use crate::diag::{Diagnostics, Pos};
use crate::yaml::{At, Kind};
use serde::Deserialize;
use std::collections::HashMap;

/// The entries of a registry file, each read as a `T` with its position; every mistake a
/// diagnostic.
fn entries<'n, T: Deserialize<'n>>(
    src: &Source,
    node: &'n crate::yaml::Node,
    what: &str,
    d: &mut Diagnostics,
) -> Vec<At<T>> {
    match &node.kind {
        Kind::Seq(items) => items
            .iter()
            .filter_map(|item| {
                if !matches!(item.kind, Kind::Map(_)) {
                    let message = format!(
                        "mỗi mục của danh mục phải là các cặp `khóa: giá trị`, không phải {}",
                        item.what()
                    );
                    src.error_width(d, item.pos, 1, message);
                    return None;
                }
                let value = src.read::<T>(item, what, d)?;
                Some(At {
                    value,
                    pos: item.pos,
                })
            })
            .collect(),
        Kind::Null => Vec::new(),
        _ => {
            src.error_width(
                d,
                node.pos,
                1,
                "danh mục phải là một danh sách, mỗi mục bắt đầu bằng `- `".into(),
            );
            Vec::new()
        }
    }
}

fn located(a: At<String>) -> Located<String> {
    Located {
        value: a.value,
        pos: a.pos,
    }
}

pub fn parse_departments(rel: &str, text: &str, d: &mut Diagnostics) -> Vec<BodyEntry> {
    let src = Source {
        rel,
        text,
        first_line: 1,
    };
    let Some(node) = src.parse(d) else {
        return Vec::new();
    };
    let mut out: Vec<BodyEntry> = Vec::new();
    let mut ids: HashMap<String, Pos> = HashMap::new();
    for At { value: b, pos } in entries::<BodyFm>(&src, &node, "mục cơ quan", d) {
        let id = src.required(b.id, "id", "mã cơ quan", pos, d);
        let name = src.required(b.name, "name", "tên cơ quan", pos, d);
        let (Some(id), Some(name)) = (id, name) else {
            continue;
        };
        let (id_pos, id) = (id.pos, id.value.clone());
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            src.error(d, id_pos, format!("mã `{id}` chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang (nó là một phần của địa chỉ trang)"));
            continue;
        }
        if !crate::text::is_url_segment(&id) {
            src.error(d, id_pos, format!("mã `{id}` không dùng được làm tên thư mục: dài tối đa {} ký tự, không rỗng, không là tên dành riêng của Windows (con, prn, aux, nul, com1…, lpt1…)", crate::text::MAX_SEGMENT));
            continue;
        }
        if let Some(first) = ids.get(&id) {
            let message = format!("mã cơ quan `{id}` bị trùng với mục ở dòng {}", first.line);
            src.error(d, id_pos, message);
            continue;
        }
        let kind = match trimmed(b.kind) {
            None => BodyKind::Department,
            Some(k) => match BodyKind::parse(&k.value) {
                Some(kind) => kind,
                None => {
                    let message = format!("loại `{}` không hợp lệ; dùng department, unit, commune, enterprise, group hoặc external", k.value);
                    src.error(d, k.pos, message);
                    BodyKind::Department
                }
            },
        };
        ids.insert(id.clone(), pos);
        out.push(BodyEntry {
            id,
            name: crate::text::collapse_ws(&name.value),
            short: trimmed(b.short).map(|a| a.value).unwrap_or_default(),
            code: trimmed(b.code).map(|a| a.value).unwrap_or_default(),
            aliases: trimmed_all(b.aliases)
                .into_iter()
                .map(|a| crate::text::collapse_ws(&a.value))
                .collect(),
            parent: trimmed(b.parent).map(located),
            kind,
            pos,
        });
    }
    for b in &out {
        if let Some(p) = &b.parent {
            if !ids.contains_key(&p.value) {
                let message = format!(
                    "cơ quan cấp trên `{}` không có trong danh mục; dùng mã (id) của một mục khác",
                    p.value
                );
                src.error(d, p.pos, message);
            }
        }
    }
    out
}

pub fn parse_directives(rel: &str, text: &str, d: &mut Diagnostics) -> Vec<DirectiveEntry> {
    let src = Source {
        rel,
        text,
        first_line: 1,
    };
    let Some(node) = src.parse(d) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen: HashMap<(String, Option<PartialDate>), Pos> = HashMap::new();
    for At { value: e, pos } in entries::<DirectiveFm>(&src, &node, "mục văn bản", d) {
        let number = src.required(e.number, "number", "số, ký hiệu văn bản", pos, d);
        let date = trimmed(e.date).and_then(|a| match PartialDate::parse(&a.value) {
            Ok(x) => Some(x),
            Err(msg) => {
                src.error(d, a.pos, msg);
                None
            }
        });
        let url = trimmed(e.url).and_then(|a| {
            if is_web_url(&a.value) {
                return Some(a.value);
            }
            let message = format!(
                "url `{}` phải là một địa chỉ web bắt đầu bằng https:// hoặc http://",
                a.value
            );
            src.error(d, a.pos, message);
            None
        });
        let Some(number) = number else {
            continue;
        };
        let key = (crate::number::normalize(&number.value), date);
        if let Some(first) = seen.get(&key) {
            let message = format!(
                "văn bản `{}` bị khai báo hai lần (lần đầu ở dòng {})",
                number.value, first.line
            );
            src.error(d, number.pos, message);
            continue;
        }
        seen.insert(key, pos);
        out.push(DirectiveEntry {
            number: number.value,
            doc_type: trimmed(e.doc_type)
                .map(|a| a.value)
                .unwrap_or_else(|| "Văn bản".into()),
            issuer: trimmed(e.issuer).map(|a| a.value).unwrap_or_default(),
            date,
            title: trimmed(e.title).map(|a| a.value).unwrap_or_default(),
            url: url.unwrap_or_default(),
            implements: trimmed_all(e.implements).into_iter().map(located).collect(),
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
