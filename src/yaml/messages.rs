//! What a YAML mistake means for someone editing a plan, in Vietnamese, with what to do. The
//! parser's own (English) words never reach the staff member: each kind of parser error is
//! named here, and the kinds not named get a general explanation.

use super::{Kind, Node, YamlError, MAX_DEPTH};
use crate::diag::Pos;
use granit_parser::{ErrorKind, ScanError};

/// The hint shared by the mistakes of layout: what YAML needs.
const LAYOUT: &str = "mỗi dòng là `khóa: giá trị`; mục của danh sách bắt đầu bằng `- `; các khóa cùng cấp thẳng cột với nhau; thụt lề bằng dấu cách, không dùng Tab";

pub(super) fn scan_error(e: &ScanError, text: &str, first_line: usize) -> YamlError {
    let mark = e.marker();
    let mut pos = Pos::new(mark.line() + first_line - 1, mark.col() + 1);
    // A bracket left open makes the parser read the lines below as part of the list and fail
    // there: the mistake is where the bracket was opened.
    if let Some((line, col, open)) = unclosed_bracket(text, mark.line(), mark.col()) {
        let (close, example) = match open {
            '[' => (']', "[\"A\", \"B\"]"),
            _ => ('}', "{ name: \"A\", position: \"B\" }"),
        };
        return YamlError {
            pos: Pos::new(line + first_line - 1, col),
            message: format!("dấu `{open}` mở ở đây chưa được đóng; thêm `{close}` ở cuối, trên cùng dòng (ví dụ `{example}`)"),
        };
    }
    let message = match e.kind() {
        ErrorKind::TabInIndentation
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabInPlainScalar
        | ErrorKind::TabAtBlockScalarStart => {
            // The parser may name the value the tab follows; the tab itself is what to fix.
            if let Some(tab) = first_indenting_tab(text, first_line) {
                pos = tab;
            }
            "dòng này thụt lề bằng ký tự Tab, YAML không cho phép; thay Tab bằng dấu cách (hai dấu cách mỗi cấp)".to_string()
        }
        ErrorKind::UnclosedQuotedScalar | ErrorKind::InvalidQuotedScalarIndent => {
            let at = text.split('\n').nth(mark.line().saturating_sub(1)).and_then(|l| l.chars().nth(mark.col()));
            if at == Some('\'') {
                "dấu ngoặc đơn `'` mở ở đây chưa được đóng; thêm dấu `'` ở cuối giá trị (một dấu `'` bên trong giá trị viết là `''`)".to_string()
            } else {
                "dấu ngoặc kép mở ở đây chưa được đóng; thêm dấu `\"` ở cuối giá trị (một dấu `\"` bên trong giá trị viết là `\\\"`)".to_string()
            }
        }
        ErrorKind::InvalidTrailingSingleQuotedScalar | ErrorKind::InvalidTrailingDoubleQuotedScalar => {
            // A quote left open runs on to the next quote, lines below, where the parser then
            // stumbles: the mistake is where the quote was opened.
            match opened_on_earlier_line(text, mark.line(), mark.col()) {
                Some((opened, quote)) => {
                    let message = format!(
                        "dấu ngoặc `{quote}` mở ở đây không được đóng trên dòng này, nên YAML đọc tiếp đến dấu `{quote}` ở dòng {}; thêm `{quote}` ở cuối giá trị",
                        pos.line
                    );
                    pos = Pos::new(opened.0 + first_line - 1, opened.1);
                    message
                }
                None => "sau dấu ngoặc đóng còn chữ: cả giá trị phải nằm trong ngoặc kép; nếu giá trị có dấu ngoặc kép bên trong, viết nó là `\\\"`".to_string(),
            }
        }
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate
        | ErrorKind::InvalidUnicodeEscape => {
            "dấu `\\` trong ngoặc kép bắt đầu một ký tự đặc biệt không hợp lệ; viết `\\\\` cho một dấu `\\`, hoặc dùng ngoặc đơn `'...'`".to_string()
        }
        ErrorKind::MappingValueNotAllowed
        | ErrorKind::InvalidColonPlacement
        | ErrorKind::InvalidMappingValueWhitespace => {
            "dấu hai chấm `:` ở đây làm YAML hiểu là một khóa mới. Nếu `:` là một phần của giá trị (\"Về việc: …\"), đặt cả giá trị trong ngoặc kép; nếu đây là một khóa, đưa nó xuống dòng riêng, thẳng cột với các khóa cùng cấp".to_string()
        }
        ErrorKind::ExpectedBlockSequenceEntry | ErrorKind::BlockSequenceEntryNotAllowed => {
            "thiếu dấu `- ` đầu mục: mỗi mục của danh sách (mỗi nhiệm vụ, mỗi cơ quan) bắt đầu bằng `- `, thẳng cột với các mục khác".to_string()
        }
        ErrorKind::ExpectedBlockMappingKey | ErrorKind::InvalidIndentation | ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey => {
            format!("dòng này thụt lề sai: {LAYOUT}")
        }
        ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnclosedFlowCollection { .. }
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping => {
            "danh sách viết trong ngoặc `[ ]` (hoặc `{ }`) chưa được đóng, hoặc thiếu dấu phẩy giữa hai mục; viết `[\"A\", \"B\"]` trên một dòng, hoặc mỗi mục một dòng bắt đầu bằng `- `".to_string()
        }
        ErrorKind::MisplacedFlowCollectionEnd | ErrorKind::MismatchedFlowCollectionEnd { .. } => {
            "dấu đóng ngoặc `]` hoặc `}` không khớp với dấu mở; kiểm tra các cặp ngoặc trên dòng này".to_string()
        }
        ErrorKind::RecursionLimitExceeded => too_deep(),
        ErrorKind::UnexpectedCharacter { character } if character.is_control() => format!(
            "tệp có một ký tự điều khiển (U+{:04X}) tại đây, YAML không cho phép; xóa ký tự này (thường lẫn vào khi dán từ Word hoặc PDF)",
            *character as u32
        ),
        ErrorKind::UnexpectedCharacter { character } => format!(
            "ký tự `{character}` không thể bắt đầu một giá trị YAML; đặt cả giá trị trong ngoặc kép"
        ),
        ErrorKind::UnknownAnchor | ErrorKind::MissingAnchorOrAliasName => unknown_anchor(),
        ErrorKind::CommentNotSeparated | ErrorKind::CommentInterceptedScalar => {
            "dấu `#` ở đây bắt đầu một ghi chú và phần sau nó bị bỏ qua; nếu `#` là một phần của giá trị, đặt cả giá trị trong ngoặc kép".to_string()
        }
        ErrorKind::PlainScalarStartsWithDashFlowIndicator | ErrorKind::BlockEntryInFlowCollection => {
            "giá trị bắt đầu bằng ký tự đặc biệt của YAML (`-`, `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%`, `@`); đặt cả giá trị trong ngoặc kép".to_string()
        }
        ErrorKind::InvalidBlockScalarHeader
        | ErrorKind::InvalidBlockScalarIndent
        | ErrorKind::ZeroBlockScalarIndent => {
            "đoạn văn nhiều dòng sau `|` hoặc `>` thụt lề sai: mọi dòng của đoạn thụt vào sâu hơn khóa của nó, cùng một mức".to_string()
        }
        ErrorKind::BomInsideDocument => {
            "có ký tự BOM ẩn giữa tệp (thường lẫn vào khi dán); xóa nó, hoặc lưu tệp lại với bảng mã UTF-8".to_string()
        }
        ErrorKind::DocumentIndicatorInQuotedScalar | ErrorKind::InvalidDocumentEnd => {
            "dòng `---` hoặc `...` ở đây kết thúc phần YAML; nếu đó là nội dung, đặt nó trong ngoặc kép".to_string()
        }
        _ => format!("phần YAML không đọc được từ đây: {LAYOUT}; đặt giá trị có dấu `:`, `#` hoặc ngoặc trong ngoặc kép"),
    };
    YamlError { pos, message }
}

/// When the parser stops just after a closing quote (line `line`, 1-based; character `col`,
/// 0-based) whose opening quote is on an earlier line: where that quote is (a position in
/// `text`: line, column) and which quote it is.
fn opened_on_earlier_line(text: &str, line: usize, col: usize) -> Option<((usize, usize), char)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let closing_line = lines.get(line.checked_sub(1)?)?;
    let quote = closing_line.chars().nth(col.checked_sub(1)?)?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    // The opening quote is the last one of its kind before the closing line (inside quotes of
    // this kind, another one is escaped: `\"` or `''`).
    for (i, l) in lines[..line - 1].iter().enumerate().rev() {
        let chars: Vec<char> = l.chars().collect();
        for (c, &ch) in chars.iter().enumerate().rev() {
            if ch != quote {
                continue;
            }
            let escaped = match quote {
                '"' => c > 0 && chars[c - 1] == '\\',
                _ => (c > 0 && chars[c - 1] == '\'') || chars.get(c + 1) == Some(&'\''),
            };
            if !escaped {
                return Some(((i + 1, c + 1), quote));
            }
        }
    }
    None
}

/// The innermost `[` or `{` left open before the parser stopped (line `line`, 1-based;
/// character `col`, 0-based), when it was opened on an earlier line: its line and column in
/// `text`, and the bracket. Brackets count where a value starts (after `key: `, `- `, or inside
/// brackets); quoted text and comments are skipped.
fn unclosed_bracket(text: &str, line: usize, col: usize) -> Option<(usize, usize, char)> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (i, l) in text.split('\n').enumerate().take(line) {
        let chars: Vec<char> = l.chars().collect();
        let end = if i + 1 == line {
            col.min(chars.len())
        } else {
            chars.len()
        };
        let (mut c, mut value_start) = (0, true);
        while c < end {
            let ch = chars[c];
            let next_is_space = chars.get(c + 1).is_none_or(|n| n.is_whitespace());
            match ch {
                ' ' | '\t' => {}
                '#' if c == 0 || chars[c - 1].is_whitespace() => break,
                '"' | '\'' if value_start => {
                    let closing = (c + 1..chars.len()).find(|&k| {
                        chars[k] == ch
                            && match ch {
                                '"' => chars[k - 1] != '\\',
                                _ => chars.get(k + 1) != Some(&'\''),
                            }
                    });
                    match closing {
                        Some(k) => c = k,
                        None => break,
                    }
                    value_start = false;
                }
                '[' | '{' if value_start || !open.is_empty() => {
                    open.push((i + 1, c + 1, ch));
                    value_start = true;
                }
                ']' | '}' if !open.is_empty() => {
                    open.pop();
                    value_start = false;
                }
                ',' if !open.is_empty() => value_start = true,
                ':' if next_is_space => value_start = true,
                '-' if value_start && next_is_space => {}
                _ => value_start = false,
            }
            c += 1;
        }
    }
    open.pop().filter(|&(l, _, _)| l < line)
}

/// Where the first line of `text` indented with a tab is.
fn first_indenting_tab(text: &str, first_line: usize) -> Option<Pos> {
    text.split('\n').enumerate().find_map(|(i, line)| {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        line[..indent]
            .find('\t')
            .map(|col| Pos::new(i + first_line, col + 1))
    })
}

pub(super) fn too_deep() -> String {
    format!(
        "YAML lồng quá sâu (hơn {MAX_DEPTH} cấp ngoặc [ ] {{ }} hoặc thụt lề); viết danh sách phẳng hơn"
    )
}

pub(super) fn unknown_anchor() -> String {
    "`*tên` ở đây dùng một bí danh chưa được đặt bằng `&tên` ở phía trên; viết giá trị ra trực tiếp, hoặc đặt giá trị có `*` trong ngoặc kép".to_string()
}

pub(super) fn alias_bomb() -> String {
    "YAML dùng bí danh (&tên, *tên) nhân lên quá nhiều lần; viết giá trị ra trực tiếp thay vì dùng bí danh".to_string()
}

pub(super) fn second_document() -> String {
    "tệp có dòng `---` thứ hai ở đây, bắt đầu một phần YAML khác; mỗi tệp chỉ có một phần: xóa dòng này, hoặc tách thành hai tệp".to_string()
}

pub(super) fn repeated_key(key: &Node, first: &Node) -> String {
    let name = match &key.kind {
        Kind::Scalar(s) => s.as_str(),
        _ => "",
    };
    let hint = if name == "id" {
        "; nếu dòng này bắt đầu một mục mới (một nhiệm vụ khác), viết `- ` trước `id:`, thẳng cột với `- ` của mục trên"
    } else {
        ""
    };
    format!(
        "khóa `{name}` được viết hai lần (lần đầu ở dòng {}); giữ một lần, gộp các giá trị nếu cần{hint}",
        first.pos.line
    )
}
