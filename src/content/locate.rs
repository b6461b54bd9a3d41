//! Finds the line of a value in YAML text by its path ("tasks.3.lead.1"), so that errors found
//! after parsing (a missing title, an unknown issuer) can name the line staff must fix. The YAML
//! crate gives no positions for values; block-style YAML, which is what people write by hand, is
//! regular enough to map by indentation. Flow collections map to the line they start on.

use rustc_hash::FxHashMap;

#[derive(Debug, Default)]
pub struct Locator {
    lines: FxHashMap<String, (usize, usize)>,
    /// Line number of the first line of the text within its file.
    offset: usize,
}

struct Frame {
    indent: usize,
    path: String,
    /// The key's line had no value after the colon: a block collection may follow, and a
    /// sequence under it may sit at the same indent.
    open: bool,
    items: usize,
}

impl Locator {
    /// `first_line` is the file line number of the text's first line.
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut loc = Locator {
            lines: FxHashMap::default(),
            offset: first_line,
        };
        let mut stack: Vec<Frame> = vec![Frame {
            indent: 0,
            path: String::new(),
            open: true,
            items: 0,
        }];
        let mut in_block_scalar: Option<usize> = None;
        for (i, raw) in text.lines().enumerate() {
            let trimmed = raw.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut indent = raw.len() - trimmed.len();
            if let Some(min) = in_block_scalar {
                if indent > min {
                    continue;
                }
                in_block_scalar = None;
            }
            let mut rest = trimmed;
            while let Some(after) =
                rest.strip_prefix("- ")
                    .or(if rest == "-" { Some("") } else { None })
            {
                // A sequence item belongs to the nearest key with a smaller indent, or to a key
                // at the same indent whose line had no value ("key:" then "- item").
                while stack.len() > 1 {
                    let top = stack.last().unwrap();
                    if top.indent < indent || (top.indent == indent && top.open) {
                        break;
                    }
                    stack.pop();
                }
                let owner = stack.last_mut().unwrap();
                owner.items += 1;
                let p = join(&owner.path, itoa::Buffer::new().format(owner.items - 1));
                loc.lines.entry(p.clone()).or_insert((i, indent + 1));
                stack.push(Frame {
                    indent: indent + 1,
                    path: p,
                    open: false,
                    items: 0,
                });
                indent += 2;
                rest = after.trim_start();
            }
            if rest.is_empty() {
                continue;
            }
            if let Some((key, value)) = split_key(rest) {
                while stack.len() > 1 && stack.last().unwrap().indent >= indent {
                    stack.pop();
                }
                let p = join(&stack.last().unwrap().path, key);
                loc.lines.entry(p.clone()).or_insert((i, indent + 1));
                let v = value.trim();
                if v.starts_with('|') || v.starts_with('>') {
                    in_block_scalar = Some(indent);
                }
                let open = v.is_empty() || v.starts_with('#');
                stack.push(Frame {
                    indent,
                    path: p,
                    open,
                    items: 0,
                });
            }
        }
        loc
    }

    /// File position (line, column) of a path, or of its nearest located ancestor.
    pub fn pos(&self, path: &str) -> crate::diag::Pos {
        let mut p = path;
        loop {
            if let Some(&(line, col)) = self.lines.get(p) {
                return crate::diag::Pos::new(line + self.offset, col);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return crate::diag::Pos::line(self.offset.max(1)),
            }
        }
    }
}

fn join(parent: &str, seg: &str) -> String {
    if parent.is_empty() {
        seg.to_string()
    } else {
        [parent, ".", seg].concat()
    }
}

/// Splits `key: value` (plain or quoted key). Returns None for lines that are not mapping keys.
fn split_key(s: &str) -> Option<(&str, &str)> {
    if s.starts_with('{') || s.starts_with('[') {
        return None;
    }
    let (key, rest) = if let Some(q) = s.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], &q[end + 1..])
    } else {
        let i = s.find(": ").or_else(|| {
            if s.ends_with(':') {
                Some(s.len() - 1)
            } else {
                None
            }
        })?;
        (&s[..i], &s[i..])
    };
    let rest = rest.strip_prefix(':')?;
    Some((key.trim(), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FM: &str = "number: \"1\"\ntitle: x\ntasks:\n  - id: \"a\"\n    lead: [\"A\", \"B\"]\n    support:\n      - \"C\"\n      - \"D\"\n  - id: \"b\"\n    title: |-\n      - not an item\n    deadline: y\nrecipients:\n- r1\n- r2\n";

    #[test]
    fn locates_keys_and_items() {
        let l = Locator::new(FM, 2);
        assert_eq!(l.pos("title").line, 3);
        assert_eq!(l.pos("tasks").line, 4);
        assert_eq!(l.pos("tasks.0").line, 5);
        assert_eq!(l.pos("tasks.0.id").line, 5);
        assert_eq!(l.pos("tasks.0.lead.1").line, 6);
        assert_eq!(l.pos("tasks.0.support.1").line, 9);
        assert_eq!(l.pos("tasks.1.id").line, 10);
        assert_eq!(l.pos("tasks.1.deadline").line, 13);
        assert_eq!(l.pos("recipients.1").line, 16);
        assert_eq!(l.pos("nothing.here").line, 2);
    }
}
