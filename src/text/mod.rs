//! Vietnamese as text: normalization, the keys names are compared by, slugs, search folding and
//! collation. Everything that reads content goes through `nfc` first.

mod collate;

/// A table of the 256 byte values, true for those that match the pattern: scanners that look
/// at every byte of a text (escaping, plain-text checks) look each one up in a single step.
macro_rules! byte_set {
    ($($pattern:pat_param)|+) => {{
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            table[i] = matches!(i as u8, $($pattern)|+);
            i += 1;
        }
        table
    }};
}
pub(crate) use byte_set;

pub use collate::{compare as collate, sort_by_collation};
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Unicode NFC, the form every input string is stored in.
pub fn nfc(s: &str) -> String {
    if is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Whether `s` is in NFC. Text made only of characters that are NFC whatever surrounds them
/// (combining class 0, NFC quick check Yes: `always_nfc`) is; Vietnamese written with
/// precomposed letters is, and is answered from its bytes instead of the tables' lookups
/// (every plan file is checked whole when it is read).
fn is_nfc(s: &str) -> bool {
    all_always_nfc(s)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// `s.chars().all(always_nfc)`, read off the UTF-8 bytes without decoding a character: a
/// plan file is checked whole, and decoding each of its characters cost more than reading it.
fn all_always_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..=0x7F => i += 1,
            // U+0080–U+02FF
            0xC2..=0xCB => i += 2,
            // U+1E00–U+1EFF
            0xE1 if matches!(b[i + 1], 0xB8..=0xBB) => i += 3,
            // U+2010–U+203F and U+2040–U+205F
            0xE2 if (b[i + 1] == 0x80 && b[i + 2] >= 0x90)
                || (b[i + 1] == 0x81 && b[i + 2] <= 0x9F) =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

/// Latin up to the combining marks, the Vietnamese letters of Latin Extended Additional, and
/// the punctuation of U+2010–U+205F (`tests::always_nfc_holds_for_each_character_it_admits`
/// checks each against the Unicode tables): the definition [`all_always_nfc`] reads off bytes.
#[cfg(test)]
fn always_nfc(c: char) -> bool {
    c < '\u{300}'
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        || ('\u{2010}'..='\u{205F}').contains(&c)
}

/// Characters that show nothing and change no meaning, which text pasted from Word or a web
/// page carries: zero-width space and joiners, word joiner, soft hyphen, a byte-order mark
/// inside the text. They are left out of every value read and every comparison.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// Control characters: those XML 1.0 forbids (C0 but tab and line breaks, U+FFFE, U+FFFF),
/// and DEL and the C1 controls, which a terminal may obey (ESC sequences). No text of a plan
/// means them; a feed holding one is not XML.
pub fn is_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{7F}'..='\u{9F}').contains(&c)
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Characters left out of everything read: [invisible](is_invisible) and
/// [control](is_control) ones.
pub fn is_unwanted(c: char) -> bool {
    is_invisible(c) || is_control(c)
}

/// Whether `s` holds an [unwanted](is_unwanted) character, read off the UTF-8 bytes. Every
/// plan file is checked whole, and every value of its front matter: a long text in a few
/// passes the processor makes many bytes at a time (C0 controls and DEL; the lead bytes of
/// the others, rare in Vietnamese; U+180E whole), a short one in a single pass, for which
/// setting up those passes costs more than they save.
pub fn has_unwanted(s: &str) -> bool {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    // Whether the character at `i`, which starts with a byte that may begin an unwanted one,
    // is unwanted: controls are, the others are told by the bytes that follow.
    let lead = |i: usize| match b[i] {
        // U+0080–U+009F (C1 controls), U+00AD
        0xC2 => matches!(at(i + 1), 0x80..=0x9F | 0xAD),
        // U+180E
        0xE1 => at(i + 1) == 0xA0 && at(i + 2) == 0x8E,
        // U+200B–U+200D, U+2060
        0xE2 => matches!((at(i + 1), at(i + 2)), (0x80, 0x8B..=0x8D) | (0x81, 0xA0)),
        // U+FEFF, U+FFFE, U+FFFF
        0xEF => matches!((at(i + 1), at(i + 2)), (0xBB, 0xBF) | (0xBF, 0xBE | 0xBF)),
        _ => true,
    };
    if b.len() <= 64 {
        static STARTS: [bool; 256] =
            byte_set!(0..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F | 0xC2 | 0xE1 | 0xE2 | 0xEF);
        return (0..b.len()).any(|i| STARTS[b[i] as usize] && lead(i));
    }
    let control = |x: u8| (x < 0x20) & (x != b'\t') & (x != b'\n') & (x != b'\r') | (x == 0x7F);
    if b.chunks(64)
        .any(|c| c.iter().fold(false, |m, &x| m | control(x)))
    {
        return true;
    }
    memchr::memchr3_iter(0xC2, 0xE2, 0xEF, b).any(lead) || {
        static U180E: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{180E}".as_bytes()));
        U180E.find(b).is_some()
    }
}

/// `s` without [unwanted](is_unwanted) characters, borrowed when it has none.
pub fn without_unwanted(s: &str) -> std::borrow::Cow<'_, str> {
    if has_unwanted(s) {
        s.chars()
            .filter(|&c| !is_unwanted(c))
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// A character that cannot be seen or printed, named for a message: "U+200B (khoảng trắng
/// độ rộng 0)".
pub fn char_name(c: char) -> String {
    let what = match c {
        '\u{200B}' => "khoảng trắng độ rộng 0",
        '\u{200C}' | '\u{200D}' => "ký tự nối vô hình",
        '\u{2060}' => "ký tự nối từ vô hình",
        '\u{FEFF}' => "dấu BOM",
        '\u{00AD}' => "gạch nối mềm",
        '\u{1B}' => "ký tự điều khiển ESC",
        '\u{FFFE}' | '\u{FFFF}' => "ký tự không hợp lệ",
        c if is_control(c) => "ký tự điều khiển",
        _ => "ký tự vô hình",
    };
    format!("U+{:04X} ({what})", c as u32)
}

/// The distinct unwanted characters of `s`, named, in the order met: for a warning.
pub fn unwanted_names(s: &str) -> String {
    let mut seen: Vec<char> = Vec::new();
    for c in s.chars().filter(|&c| is_unwanted(c)) {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.iter()
        .map(|&c| char_name(c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `s` safe to print on a terminal: control characters written as `\u{…}`.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(is_control) {
        s.chars()
            .map(|c| {
                if is_control(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// Collapses runs of white space (including non-breaking spaces) to one space and trims.
pub fn collapse_ws(s: &str) -> String {
    collapse_ws_cow(s).into_owned()
}

/// [`collapse_ws`], borrowing the text when it is collapsed already.
pub fn collapse_ws_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if is_collapsed(s) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.into()
}

/// Whether [`collapse_ws`] would leave `s` as it is: single spaces between words and no other
/// white space. Most names and titles are; this looks at bytes, and answers no whenever a
/// character might be white space outside ASCII (the lead bytes of U+0085, U+00A0, U+2000–
/// U+205F and U+3000, and the first two bytes of U+1680), leaving those to the slow path.
/// Vectorized searches, with their searchers made once, instead of a loop over the bytes:
/// every title of the calendars, search index and open data comes through here.
fn is_collapsed(s: &str) -> bool {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static DOUBLE_SPACE: LazyLock<Finder> = LazyLock::new(|| Finder::new(b"  "));
    static OGHAM: LazyLock<Finder> = LazyLock::new(|| Finder::new(b"\xE1\x9A"));
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    DOUBLE_SPACE.find(b).is_none()
        && memchr::memchr3(b'\t', b'\n', b'\r', b).is_none()
        && memchr::memchr2(b'\x0B', b'\x0C', b).is_none()
        && memchr::memchr3(0xC2, 0xE2, 0xE3, b).is_none()
        && OGHAM.find(b).is_none()
}

/// The five Vietnamese tone marks, as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The key a body name is compared by, case-sensitively: NFC, white space folded, trailing
/// punctuation dropped, and the tone mark moved to the end of its syllable, so that the old
/// placement ("Hoà", "Uỷ") and the new one ("Hòa", "Ủy") give the same key.
pub fn name_key(s: &str) -> String {
    let s = collapse_ws(&without_unwanted(s));
    let s = s.trim_end_matches(['.', ';', ',', ':']).trim();
    let mut out = String::with_capacity(s.len() + 8);
    let mut tone: Option<char> = None;
    for c in s.nfd() {
        if TONES.contains(&c) {
            tone = Some(c);
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            out.push(c);
        } else {
            if let Some(t) = tone.take() {
                out.push(t);
            }
            out.push(c);
        }
    }
    if let Some(t) = tone {
        out.push(t);
    }
    out.nfc().collect()
}

/// `name_key`, case-insensitive.
pub fn name_key_ci(s: &str) -> String {
    name_key(s).to_lowercase()
}

/// Text as a citizen types it without diacritics: every mark removed, "đ" → "d", lower case.
pub fn search_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    search_fold_into(&mut out, s);
    out
}

/// [`search_fold`], appended to `out`.
pub fn search_fold_into(out: &mut String, s: &str) {
    let table = fold_table();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Vietnamese letters fold to one ASCII letter each, looked up; anything else goes the
        // long way.
        let i = c as usize;
        match table.get(i.wrapping_sub(FOLD_FIRST)) {
            Some(&b) if b != 0 => out.push(b as char),
            _ => fold_slowly(out, c),
        }
    }
}

/// Folds one character: its canonical decomposition without marks, "đ" → "d", lower case.
/// Marks are dropped, so their canonical order, the one thing NFD adds, does not matter.
fn fold_slowly(out: &mut String, c: char) {
    let mut push = |c: char| {
        if is_combining_mark(c) {
            return;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    };
    unicode_normalization::char::decompose_canonical(c, &mut push);
}

/// The characters [`fold_table`] covers: U+00C0 (À) to U+1EF9 (ỹ), every precomposed
/// Vietnamese letter.
const FOLD_FIRST: usize = 0xC0;
const FOLD_LAST: usize = 0x1EF9;

/// For each character of the covered range, the one ASCII letter [`fold_slowly`] makes of it,
/// or 0 when it makes something else. Made from `fold_slowly` itself, so the two agree.
fn fold_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (FOLD_FIRST..=FOLD_LAST)
            .map(|i| {
                let Some(c) = char::from_u32(i as u32) else {
                    return 0;
                };
                let mut s = String::new();
                fold_slowly(&mut s, c);
                match s.as_bytes() {
                    [b] if b.is_ascii_alphanumeric() => *b,
                    _ => 0,
                }
            })
            .collect()
    })
}

/// The longest URL segment a slug may be: the site's files must fit every file system's name
/// limit (255 bytes) and the portal's path limits with room to spare.
pub const MAX_SEGMENT: usize = 80;

/// Names Windows reserves for devices: a folder named so cannot be copied to a Windows server.
const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];

fn is_reserved(s: &str) -> bool {
    RESERVED.contains(&s)
        || ((s.starts_with("com") || s.starts_with("lpt"))
            && s.len() == 4
            && s.as_bytes()[3].is_ascii_digit())
}

/// Whether `s` can be one segment of a URL and a folder name anywhere the site is copied:
/// lower-case ASCII letters, digits and dashes, not too long, not a reserved name.
pub fn is_url_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SEGMENT
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !is_reserved(s)
}

/// URL slug via the `slug` crate (transliterates Vietnamese: "Đ" → "d"), made a safe
/// segment: never empty, a reserved name gets a suffix, and a long one is cut, with a hash of
/// the whole so that two long names sharing a beginning stay apart.
pub fn slugify(s: &str) -> String {
    let mut s = slug::slugify(s);
    if s.is_empty() {
        s.push('-');
    }
    if is_reserved(&s) {
        s.push_str("-0");
    }
    if s.len() > MAX_SEGMENT {
        let hash = fnv(s.as_bytes());
        s.truncate(MAX_SEGMENT - 9);
        let keep = s.trim_end_matches('-').len();
        s.truncate(keep);
        s.push_str(&format!("-{:08x}", hash as u32));
    }
    s
}

/// `slug-suffix`, the slug cut so that the whole stays within [`MAX_SEGMENT`] (a namesake's
/// suffix on a slug already at the limit must not make it too long).
pub fn with_suffix(slug: &str, suffix: &str) -> String {
    let room = MAX_SEGMENT.saturating_sub(suffix.len() + 1);
    // slugs are ASCII: any byte is a character boundary
    let base = slug[..slug.len().min(room)].trim_end_matches('-');
    format!("{base}-{suffix}")
}

/// FNV-1a: a small stable hash (the same on every machine and version, unlike std's).
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// Upper-cases the first letter, leaving the rest as written.
pub fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scanners_agree_with_the_character_tests_for_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(has_unwanted(&one), is_unwanted(c), "{c:?}");
            assert_eq!(all_always_nfc(&one), always_nfc(c), "{c:?}");
            // Between other text, and at the end of it.
            let amid = format!("Sở A{c}ạ–\u{1EA0}");
            assert_eq!(has_unwanted(&amid), is_unwanted(c), "{c:?}");
            assert_eq!(all_always_nfc(&amid), always_nfc(c), "{c:?}");
            let end = format!("Đ{c}");
            assert_eq!(has_unwanted(&end), is_unwanted(c), "{c:?}");
            // Past the length read in one pass.
            let long = format!("{}{c}{}", "Sở Tài chính – ".repeat(5), "ạ".repeat(20));
            assert!(long.len() > 64);
            assert_eq!(has_unwanted(&long), is_unwanted(c), "{c:?}");
        }
    }

    #[test]
    fn always_nfc_holds_for_each_character_it_admits() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let admitted = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| always_nfc(c));
        for c in admitted {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        assert!(is_nfc("Kế hoạch số 90/KH-UBND – “Hải Phòng”…"));
        assert!(!is_nfc("Ke\u{302}\u{301} hoạch"));
        assert_eq!(nfc("Ke\u{302}\u{301} hoạch"), "Kế hoạch");
    }

    /// What [`search_fold`] must give: the NFD of the whole text without marks, "đ" → "d",
    /// lower case.
    fn fold_by_nfd(s: &str) -> String {
        s.nfd()
            .filter(|&c| !is_combining_mark(c))
            .flat_map(|c| match c {
                'đ' | 'Đ' => vec!['d'],
                _ => c.to_lowercase().collect(),
            })
            .collect()
    }

    /// What [`collapse_ws`] must give: the words, one space between each.
    fn words_joined(s: &str) -> String {
        let words: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || c == '\u{a0}')
            .filter(|w| !w.is_empty())
            .collect();
        words.join(" ")
    }

    proptest::proptest! {
        /// Folding character by character gives what folding the NFD of the whole text gives.
        #[test]
        fn search_fold_agrees_with_folding_the_nfd(s in r"[ a-zA-Z0-9ĐđăâêôơưÁÀẢÃẠáàảãạẾếỆệỗỚờữỳ\x{300}\x{301}\x{303}\x{309}\x{323}\x{a0}가-힣ﬁ]{0,30}") {
            proptest::prop_assert_eq!(search_fold(&s), fold_by_nfd(&s));
        }

        #[test]
        fn collapse_ws_keeps_words_and_single_spaces(s in r"[ a-zăạờ\t\n\r\x{a0}\x{85}\x{1680}\x{2003}\x{202f}\x{3000}]{0,30}") {
            proptest::prop_assert_eq!(collapse_ws(&s), words_joined(&s));
        }
    }

    #[test]
    fn search_fold_agrees_with_the_nfd_on_every_letter_it_looks_up() {
        for i in FOLD_FIRST..=FOLD_LAST {
            let Some(c) = char::from_u32(i as u32) else {
                continue;
            };
            let s = c.to_string();
            assert_eq!(search_fold(&s), fold_by_nfd(&s), "U+{i:04X}");
        }
        assert_eq!(search_fold("Ứng Dụng ĐẦU tư"), "ung dung dau tu");
    }

    #[test]
    fn collapse_ws_knows_every_white_space_character() {
        for c in (0..0x11000).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(collapse_ws(&s), words_joined(&s), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn tone_placement_folds() {
        assert_eq!(name_key("Sở Văn hoá"), name_key("Sở Văn hóa"));
        assert_eq!(name_key("Uỷ ban"), name_key("Ủy ban"));
        assert_eq!(name_key("thuỷ"), name_key("thủy"));
        assert_ne!(name_key("Sở Văn hóa"), name_key("Sở Văn hoa"));
        assert_ne!(name_key("hỏa"), name_key("hóa"));
    }

    #[test]
    fn whitespace_and_trailing_punctuation_fold() {
        assert_eq!(name_key("  Sở  Tài\u{a0}chính. "), name_key("Sở Tài chính"));
        assert_eq!(
            name_key_ci("Các sở, ban, ngành"),
            name_key_ci("Các Sở, ban, ngành")
        );
    }

    #[test]
    fn nfd_input_is_normalized() {
        let nfd: String = "Sở Tài chính".nfd().collect();
        assert_ne!(nfd, "Sở Tài chính");
        assert_eq!(nfc(&nfd), "Sở Tài chính");
        assert_eq!(name_key(&nfd), name_key("Sở Tài chính"));
    }

    #[test]
    fn search_fold_removes_marks_and_d() {
        assert_eq!(
            search_fold("Quyết định Sở Tài chính"),
            "quyet dinh so tai chinh"
        );
        assert_eq!(search_fold("ĐỔI MỚI"), "doi moi");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("90/KH-UBND"), "90-kh-ubnd");
        assert_eq!(slugify("1049/QĐ-UBND"), "1049-qd-ubnd");
        assert_eq!(slugify("II.7.1"), "ii-7-1");
    }

    #[test]
    fn slugs_are_safe_segments() {
        for s in [
            "../../etc/passwd",
            "/abs/path",
            "C:\\Windows\\x",
            "CON",
            "nul.txt",
            "Lpt1",
            "",
            "...",
            &"Đ".repeat(300),
        ] {
            let slug = slugify(s);
            assert!(is_url_segment(&slug), "`{s}` → `{slug}`");
        }
        assert_eq!(slugify("CON"), "con-0");
        assert_eq!(slugify("COM1"), "com1-0");
        assert_eq!(slugify("com10"), "com10");
        let a = slugify(&format!("{} a", "Kế hoạch ".repeat(20)));
        let b = slugify(&format!("{} b", "Kế hoạch ".repeat(20)));
        assert!(a.len() <= MAX_SEGMENT && a != b, "{a} {b}");
        let long = with_suffix(&a, "6af073");
        assert!(
            long.len() <= MAX_SEGMENT && long.ends_with("-6af073"),
            "{long}"
        );
        assert_eq!(with_suffix("so-a", "2"), "so-a-2");
    }
}
