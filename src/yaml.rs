//! The one place that names the YAML crate. serde_yaml is archived upstream; serde_norway is a
//! maintained fork with the same API, so switching is a change to the `use` line below (and
//! Cargo.toml).

pub use serde_yaml::{Error, Mapping, Value};

/// The deepest nesting of flow brackets (`[`, `{`) accepted. Real content nests two or three
/// deep; the parser's scanner slows down quadratically with depth, so a pasted or hostile file
/// with thousands of brackets is refused before it is parsed.
pub const MAX_FLOW_DEPTH: usize = 64;

/// What [`parse`] says when the nesting is too deep (the parser's own words when it stops at
/// its recursion limit, so that both read alike).
pub const TOO_DEEP: &str = "recursion limit exceeded";

/// Parses YAML text into a generic value. On failure returns the 1-based line and column the
/// parser stopped at (when it knows), and its message.
pub fn parse(text: &str) -> Result<Value, (usize, usize, String)> {
    if let Some((line, col)) = too_deep(text) {
        return Err((line, col, TOO_DEEP.to_string()));
    }
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let msg = e.to_string();
        // The reader reports such a character by byte offset only, as line 1; it usually comes
        // pasted from Word or a PDF, so it is found and named.
        if msg.contains("control characters are not allowed") {
            if let Some((line, col, c)) = forbidden_char(text) {
                return (line, col, format!("{CONTROL}{:04X}", c as u32));
            }
        }
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        (line, col, msg)
    })
}

/// What [`parse`] says of a character YAML does not allow in a file, before its code point.
pub const CONTROL: &str = "forbidden character U+";

/// The first character outside YAML's printable set (YAML 1.2, 5.1), with its line and column.
fn forbidden_char(text: &str) -> Option<(usize, usize, char)> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    for (i, line) in text.split('\n').enumerate() {
        if let Some((col, c)) = line.chars().enumerate().find(|&(_, c)| !printable(c)) {
            return Some((i + 1, col + 1, c));
        }
    }
    None
}

/// Where flow brackets first nest deeper than [`MAX_FLOW_DEPTH`], outside quoted strings and
/// comments. A linear scan, so that a hostile file costs no more than its length.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    // Only brackets, quotes, `#`, `\\` and line ends matter, all ASCII: the bytes between are
    // passed over by a table, and the character before a quote or `#` is looked up when
    // needed. Outside quotes it is the character just before (an escape is skipped only
    // inside double quotes). Going by `char`s costs 20 instructions a byte.
    let b = text.as_bytes();
    let mut depth = 0usize;
    let (mut line, mut line_start) = (1, 0);
    let mut quote: Option<u8> = None;
    let before = |line_start: usize, i: usize| text[line_start..i].chars().next_back();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !FLOW_BYTE[c as usize] {
            i += 1;
            continue;
        }
        match (quote, c) {
            (_, b'\n') => {
                (line, line_start) = (line + 1, i + 1);
                quote = None;
            }
            (Some(b'"'), b'\\') => {
                // The escaped character is passed over, whatever its length.
                if let Some(next) = text[i + 1..].chars().next().filter(|&n| n != '\n') {
                    i += next.len_utf8();
                }
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'')
                if depth > 0
                    || before(line_start, i).is_none_or(|p| p.is_whitespace() || p == ':') =>
            {
                quote = Some(c)
            }
            (None, b'#') if before(line_start, i).is_none_or(char::is_whitespace) => {
                // A comment: on to the end of the line.
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, text[line_start..i].chars().count() + 1));
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The bytes [`too_deep`] looks at.
static FLOW_BYTE: [bool; 256] =
    crate::text::byte_set!(b'[' | b']' | b'{' | b'}' | b'"' | b'\'' | b'#' | b'\\' | b'\n');

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`too_deep`] as it was written first, by `char`s: the byte version must agree with it.
    fn too_deep_by_chars(text: &str) -> Option<(usize, usize)> {
        let mut depth = 0usize;
        for (i, line) in text.lines().enumerate() {
            let mut quote: Option<char> = None;
            let mut prev = ' ';
            let mut chars = line.chars().enumerate().peekable();
            while let Some((col, c)) = chars.next() {
                match (quote, c) {
                    (Some('"'), '\\') => {
                        chars.next();
                    }
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '"' | '\'') if depth > 0 || prev.is_whitespace() || prev == ':' => {
                        quote = Some(c)
                    }
                    (None, '#') if prev.is_whitespace() => break,
                    (None, '[' | '{') => {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Some((i + 1, col + 1));
                        }
                    }
                    (None, ']' | '}') => depth = depth.saturating_sub(1),
                    _ => {}
                }
                prev = c;
            }
        }
        None
    }

    proptest! {
        #[test]
        fn nesting_is_measured_as_by_characters(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("["), Just("{"), Just("]"), Just("}"), Just("\""), Just("'"),
                    Just("\\"), Just("#"), Just(":"), Just(" "), Just("\n"), Just("\r\n"),
                    Just("a"), Just("é"), Just("\u{a0}"), Just("\u{3000}"), Just("\t"),
                    Just("\u{b}"), Just("\\\n"), Just("[[[[[[[[[[[[[[[["),
                    Just("{[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["),
                ],
                0..200,
            )
        ) {
            let text = parts.concat();
            prop_assert_eq!(too_deep(&text), too_deep_by_chars(&text));
        }
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let (line, col, msg) = parse(&deep).unwrap_err();
        assert_eq!((line, col, msg.as_str()), (1, 4 + MAX_FLOW_DEPTH, TOO_DEEP));
        // brackets inside quotes or comments do not count
        let quoted = format!("a: \"{}\" # {}\nb: [[1]]", "[".repeat(100), "{".repeat(100));
        assert!(parse(&quoted).is_ok());
        assert!(parse(&format!("a: {}1{}", "[".repeat(60), "]".repeat(60))).is_ok());
    }

    #[test]
    fn a_control_character_is_found_where_it_is() {
        let (line, col, msg) = parse("a: 1\ntitle: \"Việc\u{1} b\"\n").unwrap_err();
        assert_eq!((line, col), (2, 13));
        assert_eq!(msg, format!("{CONTROL}0001"));
    }
}
