//! The tree of a YAML text, built from the parser's events: every node with its position,
//! scalars as written (`5.10` stays "5.10"), aliases expanded within a budget, repeated keys
//! refused.

use super::{messages, YamlError, MAX_ALIASED_BYTES, MAX_ALIASED_NODES, MAX_DEPTH};
use crate::diag::Pos;
use granit_parser::{Event, Parser, ScalarStyle};
use rustc_hash::FxHashMap;

/// A value of a YAML text and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Nothing written (`key:`), `~` or `null`.
    Null,
    /// Text, as written (quotes and escapes resolved).
    Scalar(String),
    Seq(Vec<Node>),
    /// Keys in the order written; no key twice.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The text of a scalar.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// How many nodes the tree holds, and the bytes of its text (for the alias budget).
    fn size(&self) -> (usize, usize) {
        match &self.kind {
            Kind::Null => (1, 0),
            Kind::Scalar(s) => (1, s.len()),
            Kind::Seq(items) => items.iter().fold((1, 0), |(n, b), x| {
                let (xn, xb) = x.size();
                (n + xn, b + xb)
            }),
            Kind::Map(entries) => entries.iter().fold((1, 0), |(n, b), (k, v)| {
                let ((kn, kb), (vn, vb)) = (k.size(), v.size());
                (n + kn + vn, b + kb + vb)
            }),
        }
    }

    /// What a staff member would call it, for messages.
    pub fn what(&self) -> &'static str {
        match self.kind {
            Kind::Null => "giá trị trống",
            Kind::Scalar(_) => "một giá trị đơn",
            Kind::Seq(_) => "một danh sách",
            Kind::Map(_) => "các cặp `khóa: giá trị`",
        }
    }
}

/// A collection being read, with the key whose value comes next.
struct Open {
    node: Node,
    key: Option<Node>,
    anchor: usize,
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// The tree of `text`, and where characters were left out of values (with their names).
pub(super) fn build(
    text: &str,
    first_line: usize,
) -> Result<(Node, Vec<(Pos, String)>), YamlError> {
    let mut removed = Vec::new();
    let mut options = granit_parser::Options::default();
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    let mut parser = Parser::new_from_str_with_options(text, options);
    let at = |line: usize, col: usize| Pos::new(line + first_line - 1, col + 1);
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: FxHashMap<usize, Node> = FxHashMap::default();
    let mut root: Option<Node> = None;
    let (mut aliased_nodes, mut aliased_bytes) = (0usize, 0usize);
    let mut documents = 0;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| messages::scan_error(&e, text, first_line))?;
        let pos = at(span.start.line(), span.start.col());
        let (node, anchor) = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        pos,
                        message: messages::second_document(),
                    });
                }
                continue;
            }
            Event::Scalar(value, style, anchor, _) => {
                let kind = if style == ScalarStyle::Plain && is_null(&value) {
                    Kind::Null
                } else {
                    // A key or value pasted with an invisible character reads as typed; one
                    // that an escape made a control character ("\x1b") loses it. Both are said.
                    match crate::text::without_unwanted(&value) {
                        std::borrow::Cow::Borrowed(_) => Kind::Scalar(value.into_owned()),
                        std::borrow::Cow::Owned(clean) => {
                            removed.push((pos, crate::text::unwanted_names(&value)));
                            Kind::Scalar(clean)
                        }
                    }
                };
                (Node { pos, kind }, anchor)
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                let kind = match event {
                    Event::SequenceStart(..) => Kind::Seq(Vec::new()),
                    _ => Kind::Map(Vec::new()),
                };
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        pos,
                        message: messages::too_deep(),
                    });
                }
                stack.push(Open {
                    node: Node { pos, kind },
                    key: None,
                    anchor,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(open) => (open.node, open.anchor),
                None => continue,
            },
            Event::Alias(id) => {
                let Some(node) = anchors.get(&id) else {
                    return Err(YamlError {
                        pos,
                        message: messages::unknown_anchor(),
                    });
                };
                let (n, b) = node.size();
                aliased_nodes += n;
                aliased_bytes += b;
                if aliased_nodes > MAX_ALIASED_NODES || aliased_bytes > MAX_ALIASED_BYTES {
                    return Err(YamlError {
                        pos,
                        message: messages::alias_bomb(),
                    });
                }
                let mut node = node.clone();
                node.pos = pos;
                (node, 0)
            }
            _ => continue,
        };
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        let Some(parent) = stack.last_mut() else {
            root = Some(node);
            continue;
        };
        match &mut parent.node.kind {
            Kind::Seq(items) => items.push(node),
            Kind::Map(entries) => match parent.key.take() {
                None => parent.key = Some(node),
                Some(key) => {
                    if let Some((first, _)) = entries.iter().find(|(k, _)| k.kind == key.kind) {
                        return Err(YamlError {
                            pos: key.pos,
                            message: messages::repeated_key(&key, first),
                        });
                    }
                    entries.push((key, node));
                }
            },
            _ => {}
        }
    }
    let root = root.unwrap_or(Node {
        pos: Pos::line(first_line),
        kind: Kind::Null,
    });
    Ok((root, removed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(n: &Node) -> &str {
        n.text().unwrap_or("?")
    }

    #[test]
    fn nodes_know_where_they_are_and_keep_scalars_as_written() {
        let n = build("id: 5.10\nlead:\n  - \"Sở A\"\n  - b\nx:\n", 2)
            .unwrap()
            .0;
        let Kind::Map(entries) = &n.kind else {
            panic!("{n:?}")
        };
        assert_eq!(scalar(&entries[0].1), "5.10");
        assert_eq!(entries[1].0.pos, Pos::new(3, 1));
        let Kind::Seq(items) = &entries[1].1.kind else {
            panic!()
        };
        assert_eq!((scalar(&items[0]), items[0].pos), ("Sở A", Pos::new(4, 5)));
        assert_eq!(entries[2].1.kind, Kind::Null);
    }

    #[test]
    fn a_repeated_key_names_both_lines() {
        let e = build("title: a\nx: 1\ntitle: b\n", 1).unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        assert!(e.message.contains("dòng 1"), "{}", e.message);
    }

    #[test]
    fn aliases_are_expanded_within_a_budget_and_refused_at_the_alias() {
        let n = build("a: &x [1, 2]\nb: *x\n", 1).unwrap().0;
        let Kind::Map(entries) = &n.kind else {
            panic!()
        };
        assert_eq!(entries[0].1.kind, entries[1].1.kind);
        let big = "y".repeat(100_000);
        let mut bomb = format!("a: &s \"{big}\"\nb: [");
        bomb.push_str(&vec!["*s"; 20].join(", "));
        bomb.push_str("]\n");
        let e = build(&bomb, 1).unwrap_err();
        assert_eq!(e.pos.line, 2, "{e:?}");
        assert!(
            e.pos.column > 5,
            "at the alias that passes the budget: {e:?}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let start = std::time::Instant::now();
        let e = build(&deep, 1).unwrap_err();
        assert_eq!(e.pos.line, 1);
        assert!(start.elapsed().as_secs() < 2);
        let block: String = (0..200)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        assert!(build(&block, 1).is_err());
    }
}
