//! Markdown → HTML for plan bodies and task titles. Document references in running text
//! ("Kế hoạch số 90/KH-UBND") become links to their pages. Raw HTML written in content (tables
//! and marks pasted from Word) is kept only as far as a sanitizer's allow-list goes, unless the
//! site trusts it (`trust_html` in site.yaml): nothing a content file says may run in a
//! citizen's browser.

use crate::markdown::{title_is_one_text, walk};
use crate::resolve::{DocTarget, TextLink};
use pulldown_cmark::{html, CowStr, Event, Tag};

/// The document numbers to link in a piece of Markdown (found when the plan was read and
/// resolved: see [`crate::markdown::walk`]), in order, and the site-relative URL of what each
/// points at.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    pub list: &'a [TextLink],
    pub url: &'a dyn Fn(DocTarget) -> &'a str,
}

/// Escapes text for HTML. The characters escaped are ASCII, so the text is copied in runs
/// between them.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_runs(s, |piece| out.push_str(piece));
    out
}

/// [`escape`] as Tera's escape function: every value a template prints goes through it.
pub fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut res = Ok(());
    escape_runs(s, |piece| {
        if res.is_ok() {
            res = out.write_all(piece.as_bytes());
        }
    });
    res
}

/// The bytes [`escape_runs`] replaces, looked up in one step (every value a page prints is
/// read byte by byte here).
static ESCAPED: [bool; 256] = crate::text::byte_set!(b'&' | b'<' | b'>' | b'"' | b'\'');

fn escape_runs<'a>(s: &'a str, mut put: impl FnMut(&'a str)) {
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        if !ESCAPED[b as usize] {
            continue;
        }
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        put(&s[run..i]);
        put(entity);
        run = i + 1;
    }
    put(&s[run..]);
}

/// Undoes the escaping templates and Markdown apply to text and attribute values.
pub fn unescape_html(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .into()
}

/// Text with its tags and comments taken out (the theme's `striptags` filter): `<` up to the
/// next `>`, or a comment on one line.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let comment = tag.strip_prefix("<!--").and_then(|c| {
            c.find("-->")
                .filter(|&e| !c[..e].contains('\n'))
                .map(|e| e + 7)
        });
        match comment.or_else(|| tag.find('>').map(|e| e + 1)) {
            Some(end) => rest = &tag[end..],
            None => {
                out.push('<');
                rest = &tag[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Renders block Markdown. `root` is the relative prefix from the page to the site root;
/// `trust` passes raw HTML and every link as written.
pub fn to_html(md: &str, root: &str, links: Option<Links>, trust: bool) -> String {
    let mut events: Vec<Event> = Vec::new();
    // Markdown alone renders to escaped text and tags of its own; only raw HTML and link
    // targets can carry script, so only then is the sanitizer (slow, a full HTML parse) run.
    let mut unsafe_parts = false;
    let mut rest = links.map_or(&[][..], |l| l.list);
    for (ev, linkable) in walk(md) {
        match ev {
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                unsafe_parts |= !is_safe_url(dest_url);
            }
            Event::Html(_) | Event::InlineHtml(_) => unsafe_parts = true,
            Event::Text(ref t) => {
                if let (Some(n), Some(l)) = (linkable, links) {
                    let here = rest.partition_point(|x| x.event == n);
                    link_refs(t, &rest[..here], root, l.url, &mut events);
                    rest = &rest[here..];
                    continue;
                }
            }
            _ => {}
        }
        events.push(ev);
    }
    let mut out = String::with_capacity(md.len() * 5 / 4 + 16);
    html::push_html(&mut out, events.into_iter());
    if unsafe_parts && !trust {
        return sanitizer().clean(&out).to_string();
    }
    out
}

/// A link target that cannot run script: relative, or of a scheme a citizen's browser opens
/// as a document.
fn is_safe_url(url: &str) -> bool {
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    match url[..end].find(':') {
        None => true,
        Some(i) => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        }
    }
}

/// The allow-list: ammonia's defaults (text formatting, lists, tables, links and images of
/// safe schemes; no script, style, forms, frames or event handlers), plus the class of the
/// reference links made here and the column alignment Markdown tables write.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
        let mut b = ammonia::Builder::default();
        b.link_rel(None)
            .url_schemes(["http", "https", "mailto", "tel"].into())
            .add_allowed_classes("a", ["ref"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(["text-align"].into());
        b
    });
    &B
}

/// `text` with the numbers `links` (in order, within it) linked.
fn link_refs<'a, 'u>(
    text: &CowStr<'a>,
    links: &[TextLink],
    root: &str,
    url: &dyn Fn(DocTarget) -> &'u str,
    events: &mut Vec<Event<'a>>,
) {
    let mut last = 0;
    for l in links {
        let (start, end) = (l.start as usize, l.end as usize);
        if start > last {
            events.push(Event::Text(CowStr::from(text[last..start].to_string())));
        }
        let a = format!(
            "<a class=\"ref\" href=\"{}{}\">{}</a>",
            root,
            escape(url(l.target)),
            escape(&text[start..end])
        );
        events.push(Event::InlineHtml(CowStr::from(a)));
        last = end;
    }
    if last == 0 {
        events.push(Event::Text(text.clone()));
    } else if last < text.len() {
        events.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

/// A task title: inline Markdown on one line, block Markdown (lists) when it spans lines.
pub fn title_html(md: &str, root: &str, links: Option<Links>, trust: bool) -> String {
    // One line of plain words is its own paragraph's text: only its links need putting in, not
    // a parse (a plan's table makes 200,000 of these at scale).
    if title_is_one_text(md) {
        let mut events = Vec::new();
        match links {
            Some(l) => link_refs(&CowStr::Borrowed(md), l.list, root, l.url, &mut events),
            None => events.push(Event::Text(CowStr::Borrowed(md))),
        }
        let mut out = String::with_capacity(md.len() + 16);
        html::push_html(&mut out, events.into_iter());
        return out;
    }
    let html = to_html(md, root, links, trust);
    if md.contains('\n') {
        return html;
    }
    let t = html.trim_end();
    match t.strip_prefix("<p>").and_then(|x| x.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_tags_takes_out_tags_and_one_line_comments() {
        for (html, text) in [
            ("a<b>c</b>d", "acd"),
            ("x<!-- c -->y", "xy"),
            ("x<!-- a\nb -->y", "xy"),
            ("a < b", "a < b"),
            ("a <b c", "a <b c"),
            ("1<2>3", "13"),
            ("<!-->x", "x"),
            ("<!-- a --> b -->", " b -->"),
            ("KH&amp;CN <a href=\"x\">79-NQ/TW</a>", "KH&amp;CN 79-NQ/TW"),
        ] {
            assert_eq!(strip_tags(html), text, "{html:?}");
        }
    }

    proptest::proptest! {
        /// Copying runs between the escaped characters gives what escaping each character does.
        #[test]
        fn escape_agrees_with_escaping_each_character(s in r#"[a-zăđếỹ &<>"'/=]{0,40}"#) {
            let each: String = s
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape(&s), each);
        }
    }

    /// The links of `md` as reading a plan finds them, each number pointing at document
    /// number (its length): `urls` has a URL for each.
    fn found(refs: Vec<(u32, crate::number::TextRef)>) -> Vec<TextLink> {
        refs.into_iter()
            .map(|(event, r)| TextLink {
                part: 0,
                event,
                start: r.start as u32,
                end: r.end as u32,
                target: DocTarget::Doc(r.number.len()),
            })
            .collect()
    }

    #[test]
    fn links_references_outside_links_and_code() {
        let md = "Thực hiện Kế hoạch số 90/KH-UBND ngày 20/3/2026.\n\n`Kế hoạch số 90/KH-UBND`";
        let list = found(crate::markdown::linkable_refs(md));
        let url = |_| "ke-hoach/2026/90-kh-ubnd/";
        let html = to_html(
            md,
            "../",
            Some(Links {
                list: &list,
                url: &url,
            }),
            false,
        );
        assert!(html.contains("<a class=\"ref\" href=\"../ke-hoach/2026/90-kh-ubnd/\">Kế hoạch số 90/KH-UBND</a> ngày 20/3/2026."), "{html}");
        assert_eq!(html.matches("<a ").count(), 1, "not inside code: {html}");
    }

    #[test]
    fn raw_html_is_sanitized_unless_trusted() {
        let md = "a <script>alert(1)</script> <b>b</b>\n\n<div onclick=x>y</div>\n\n[x](javascript:alert(2)) [y](JaVaScRiPt:z) ![i](data:image/svg+xml,<svg>)\n\n<table><tr><td style=\"color:red;text-align:center\" onmouseover=x>c</td></tr></table>";
        let html = to_html(md, "", None, false);
        for bad in [
            "<script",
            "alert(1)",
            "onclick",
            "javascript",
            "JaVaScRiPt",
            "data:",
            "onmouseover",
            "color",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        for kept in [
            "<b>b</b>",
            "<div>y</div>",
            "<td style=\"text-align:center\">c</td>",
        ] {
            assert!(html.contains(kept), "{kept} not in {html}");
        }
        let trusted = to_html(md, "", None, true);
        assert!(trusted.contains("<script>alert(1)</script>"), "{trusted}");
    }

    #[test]
    fn plain_markdown_skips_the_sanitizer_and_keeps_reference_links() {
        assert!(is_safe_url("../ke-hoach/"));
        assert!(is_safe_url("https://x.vn/a:b"));
        assert!(is_safe_url("#nv-1"));
        assert!(!is_safe_url("javascript:x"));
        assert!(!is_safe_url(" javascript:x"));
        let md = "Kế hoạch số 90/KH-UBND <i>nghiêng</i>";
        let list = found(crate::markdown::linkable_refs(md));
        let url = |_| "van-ban/90-kh-ubnd/";
        let html = to_html(
            md,
            "../",
            Some(Links {
                list: &list,
                url: &url,
            }),
            false,
        );
        assert!(
            html.contains("<a class=\"ref\" href=\"../van-ban/90-kh-ubnd/\">"),
            "{html}"
        );
        assert!(html.contains("<i>nghiêng</i>"), "{html}");
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_html("Rà soát *kỹ*", "", None, false),
            "Rà soát <em>kỹ</em>"
        );
        assert!(title_html("- a;\n- b", "", None, false).contains("<li>a;</li>"));
        assert_eq!(crate::markdown::plain("- a;\n- *b*"), "a; b");
    }

    proptest::proptest! {
        #[test]
        fn a_plain_title_is_made_as_the_parser_makes_it(md in r"[ a-zA-Z0-9đĐơưáàạ,.;:()%/?-]{0,30}( Kế hoạch số 90/KH-UBND)?[ a-z.]{0,10}") {
            let urls: Vec<String> = (0..40).map(|n| format!("van-ban/{n}/")).collect();
            let url = |t| match t {
                DocTarget::Doc(n) => urls[n].as_str(),
                DocTarget::Plan(_) => "",
            };
            let list = found(crate::markdown::linkable_refs(&md));
            let html = to_html(&md, "../", Some(Links { list: &list, url: &url }), false);
            let list = found(crate::markdown::title_refs(&md));
            let t = html.trim_end();
            let parsed = match t.strip_prefix("<p>").and_then(|x| x.strip_suffix("</p>")) {
                Some(inner) => inner.to_string(),
                None => html.clone(),
            };
            let title = title_html(&md, "../", Some(Links { list: &list, url: &url }), false);
            proptest::prop_assert_eq!(title, parsed);
        }

    }
}
