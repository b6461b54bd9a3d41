//! Markdown as plain text, for what shows text without markup: feeds, calendars, search,
//! titles in lists and summaries.

use pulldown_cmark::{Event, Options, Parser, TagEnd};

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
