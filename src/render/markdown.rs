//! Markdown → HTML for plan bodies and task titles. Document references in running text
//! ("Kế hoạch số 90/KH-UBND") become links to their pages. Raw HTML written in content is shown
//! as text, not passed through: nothing a content file says may run in a citizen's browser.

use crate::resolve::number::{find_in_text, TextRef};
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd, TextMergeStream};

/// Resolves a reference found in text to a site-relative URL (None: leave as text).
pub type Linker<'a> = &'a dyn Fn(&TextRef) -> Option<String>;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders block Markdown. `root` is the relative prefix from the page to the site root.
pub fn to_html(md: &str, root: &str, link: Option<Linker>) -> String {
    let mut events: Vec<Event> = Vec::new();
    let (mut in_link, mut in_code) = (0usize, 0usize);
    for ev in TextMergeStream::new(Parser::new_ext(md, options())) {
        match ev {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) => {
                events.push(Event::Text(h));
                continue;
            }
            Event::Text(ref t) if in_link == 0 && in_code == 0 => {
                if let Some(link) = link {
                    link_refs(t, root, link, &mut events);
                    continue;
                }
            }
            _ => {}
        }
        events.push(ev);
    }
    let mut out = String::with_capacity(md.len() * 5 / 4 + 16);
    html::push_html(&mut out, events.into_iter());
    out
}

fn link_refs<'a>(text: &CowStr<'a>, root: &str, link: Linker, events: &mut Vec<Event<'a>>) {
    let mut last = 0;
    for r in find_in_text(text) {
        if let Some(url) = link(&r) {
            if r.start > last {
                events.push(Event::Text(CowStr::from(text[last..r.start].to_string())));
            }
            let a = format!(
                "<a class=\"ref\" href=\"{}{}\">{}</a>",
                root,
                escape(&url),
                escape(&text[r.start..r.end])
            );
            events.push(Event::InlineHtml(CowStr::from(a)));
            last = r.end;
        }
    }
    if last == 0 {
        events.push(Event::Text(text.clone()));
    } else if last < text.len() {
        events.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

/// A task title: inline Markdown on one line, block Markdown (lists) when it spans lines.
pub fn title_html(md: &str, root: &str, link: Option<Linker>) -> String {
    let html = to_html(md, root, link);
    if md.contains('\n') {
        return html;
    }
    let t = html.trim_end();
    match t.strip_prefix("<p>").and_then(|x| x.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// Markdown as plain text (for feeds, search, titles in lists).
pub fn plain(md: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_references_outside_links_and_code() {
        let link = |r: &TextRef| {
            (r.number == "90/KH-UBND").then(|| "ke-hoach/2026/90-kh-ubnd/".to_string())
        };
        let html = to_html(
            "Thực hiện Kế hoạch số 90/KH-UBND ngày 20/3/2026.\n\n`Kế hoạch số 90/KH-UBND`",
            "../",
            Some(&link),
        );
        assert!(html.contains("<a class=\"ref\" href=\"../ke-hoach/2026/90-kh-ubnd/\">Kế hoạch số 90/KH-UBND</a> ngày 20/3/2026."), "{html}");
        assert_eq!(html.matches("<a ").count(), 1, "not inside code: {html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html(
            "a <script>alert(1)</script> b\n\n<div onclick=x>y</div>",
            "",
            None,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn titles() {
        assert_eq!(title_html("Rà soát *kỹ*", "", None), "Rà soát <em>kỹ</em>");
        assert!(title_html("- a;\n- b", "", None).contains("<li>a;</li>"));
        assert_eq!(plain("- a;\n- *b*"), "a; b");
    }
}
