//! Markdown as the site reads it, shared by the stage that reads plans and the one that makes
//! pages: the options, where a plan's body is cut to place the task table and the targets, the
//! runs of text in which document numbers are linked (found once, when a plan is read, so
//! that making its page only puts the links in), and Markdown as plain text.

use crate::number::{find_in_text, TextRef};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, TextMergeStream};

/// Where a plan's body asks for its task table.
pub const TASKS_HERE: &str = "<!-- nhiem-vu -->";
/// Where a plan's body asks for its targets.
pub const TARGETS_HERE: &str = "<!-- chi-tieu -->";

/// What follows a part of a plan's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Insert {
    Tasks,
    Targets,
    #[serde(rename = "")]
    Nothing,
}

/// A plan's body cut where the task table and the targets are to be placed, each part with
/// what follows it.
pub fn body_parts(body: &str) -> Vec<(&str, Insert)> {
    let mut parts = Vec::new();
    let mut rest = body;
    loop {
        let next = [TASKS_HERE, TARGETS_HERE]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min();
        match next {
            Some((i, marker)) => {
                let insert = if marker == TASKS_HERE {
                    Insert::Tasks
                } else {
                    Insert::Targets
                };
                parts.push((&rest[..i], insert));
                rest = &rest[i + marker.len()..];
            }
            None => {
                parts.push((rest, Insert::Nothing));
                return parts;
            }
        }
    }
}

/// The events of Markdown text, each text event in which document numbers are linked (not
/// inside a link or a code block) numbered from 0, in order. Reading a plan and making its
/// page go through this one walk, so that the numbers agree.
pub fn walk(md: &str) -> impl Iterator<Item = (Event<'_>, Option<u32>)> {
    let (mut in_link, mut in_code, mut n) = (0usize, 0usize, 0u32);
    TextMergeStream::new(Parser::new_ext(md, options())).map(move |ev| {
        match ev {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(_) if in_link == 0 && in_code == 0 => {
                n += 1;
                return (ev, Some(n - 1));
            }
            _ => {}
        }
        (ev, None)
    })
}

/// The document references in the linkable text of `md` (see [`walk`]), each with the number
/// of its text event; offsets are within that event's text.
pub fn linkable_refs(md: &str) -> Vec<(u32, TextRef)> {
    let mut out = Vec::new();
    for (ev, n) in walk(md) {
        if let (Event::Text(t), Some(n)) = (ev, n) {
            out.extend(find_in_text(&t).into_iter().map(|r| (n, r)));
        }
    }
    out
}

/// Whether a task title is one line of plain words, its own paragraph's one text event: then
/// its references are those of the whole title, and no parse is needed (a plan's table makes
/// 200,000 titles at scale).
pub fn title_is_one_text(md: &str) -> bool {
    is_plain_line(md) && md.trim() == md
}

/// The document references in the linkable text of a task title.
pub fn title_refs(md: &str) -> Vec<(u32, TextRef)> {
    if title_is_one_text(md) {
        find_in_text(md).into_iter().map(|r| (0, r)).collect()
    } else {
        linkable_refs(md)
    }
}

/// The Markdown the site reads: CommonMark with tables and strikethrough.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Markdown as plain text (for feeds, search, titles in lists).
pub fn plain(md: &str) -> String {
    plain_cow(md).into_owned()
}

/// [`plain`], borrowing the text when it is plain already.
pub fn plain_cow(md: &str) -> std::borrow::Cow<'_, str> {
    // Most titles are one line of words with no Markdown in them; a calendar, the search
    // index and the open data each ask for every title, so those skip the parser, and most
    // are single-spaced already, so they are not even copied.
    if is_plain_line(md) {
        return crate::text::collapse_ws_cow(md);
    }
    parsed_plain(md).into()
}

/// [`plain`] by the parser.
fn parsed_plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    crate::text::collapse_ws(&out)
}

/// The bytes a plain line may hold: any byte of a character outside ASCII, letters, digits
/// and punctuation Markdown does not read. A table, looked up once per byte.
static PLAIN_BYTE: [bool; 256] = crate::text::byte_set!(
    0x80..=0xFF
        | b'a'..=b'z'
        | b'A'..=b'Z'
        | b'0'..=b'9'
        | b' '
        | b','
        | b'.'
        | b';'
        | b':'
        | b'('
        | b')'
        | b'%'
        | b'/'
        | b'-'
        | b'?'
);

/// Text that Markdown reads as one paragraph of itself: one line, none of the characters that
/// mark up inline text, and not a start a list or heading could take.
pub fn is_plain_line(md: &str) -> bool {
    let first = md.trim_start().bytes().next();
    !matches!(first, Some(b'0'..=b'9' | b'-' | b'+' | b'='))
        && md.bytes().all(|b| PLAIN_BYTE[b as usize])
}

/// How deep HTML written in a body may nest. Plans nest a few levels at most; the sanitizer
/// (html5ever) looks through every open element for each tag, so 80,000 nested `<div>` took
/// seconds per page.
pub const MAX_HTML_DEPTH: usize = 200;

/// The first line where HTML written in `md` nests deeper than [`MAX_HTML_DEPTH`], if any:
/// a linear count of the tags opened and closed (void elements, self-closed tags and comments
/// left out), over the text as written.
pub fn too_deep_html(md: &str) -> Option<usize> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = md.as_bytes();
    let (mut depth, mut line, mut i) = (0usize, 1usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'<' if md[i..].starts_with("<!--") => {
                let end = md[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                line += md[i..end].matches('\n').count();
                i = end;
                continue;
            }
            b'<' => {
                let rest = &bytes[i + 1..];
                let closing = rest.first() == Some(&b'/');
                let name: String = rest[usize::from(closing)..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .map(|&b| (b as char).to_ascii_lowercase())
                    .collect();
                if !name.is_empty() {
                    let end = md[i..].find('>').map_or(bytes.len(), |e| i + e);
                    let self_closed = end > i && bytes[end - 1] == b'/';
                    if closing {
                        depth = depth.saturating_sub(1);
                    } else if !self_closed && !VOID.contains(&name.as_str()) {
                        depth += 1;
                        if depth > MAX_HTML_DEPTH {
                            return Some(line);
                        }
                    }
                    line += md[i..end.min(bytes.len())].matches('\n').count();
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_skip_the_parser_only_when_it_would_change_nothing() {
        for md in [
            "1. a",
            "- a",
            "+ a",
            "=",
            "a *b*",
            "a\n- b",
            "a &amp; b",
            "# a",
            "a | b",
        ] {
            assert!(!is_plain_line(md), "{md}");
            assert_eq!(plain(md), parsed_plain(md), "{md}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_plain_shortcut_agrees_with_the_parser(md in r"[ a-zA-Z0-9đĐơưáàạ\x{a0},.;:()%/?+=*_#&<>|~`\[\]!-]{0,40}") {
            proptest::prop_assert_eq!(plain(&md), parsed_plain(&md));
        }

        #[test]
        fn plain_lines_read_the_same_by_either_way(md in r"[ a-zA-Z0-9đĐơưáàạ\x{a0},.;:()%/?-]{0,40}") {
            proptest::prop_assert_eq!(plain(&md), parsed_plain(&md));
        }
    }
}
