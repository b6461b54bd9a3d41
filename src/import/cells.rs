//! Cleaning table cells and splitting them into bodies and products, the way the documents
//! write lists: "; " separators, "- " bullets (also mid-cell, before a capital letter), and
//! "A, B" or "A và B" where both are known bodies.

use regex::Regex;
use std::sync::LazyLock;

/// Removes the HTML fragments Word exports leave (`<i>`, `<ul><li>`), folds white space.
pub fn clean(s: &str) -> String {
    static TAGS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"</?(?:i|b|em|strong|u|ul|ol|li|p|br)\b[^>]*>").unwrap());
    let s = TAGS.replace_all(s, " ");
    let s = s.replace("**", "");
    s.lines()
        .map(crate::text::collapse_ws)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn trim_item(s: &str) -> String {
    let s = s.trim().trim_start_matches(['-', '+', '•']).trim();
    let s = s.trim_end_matches(['.', ';', ',', ':']).trim();
    crate::text::capitalize_first(s)
}

/// Splits a cell into items on ";" and on bullet dashes: "- A; - B", "- A - B" (a dash
/// followed by a capital letter; "Việt Nam - chi nhánh" is one name).
pub fn split_items(cell: &str) -> Vec<String> {
    static BULLET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|\s)[-–•+]\s+(\p{Lu})").unwrap());
    let one_line = crate::text::collapse_ws(&cell.replace('\n', " "));
    let marked = BULLET.replace_all(&one_line, "\u{1F}$1");
    marked
        .split(['\u{1F}', ';'])
        .map(trim_item)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Splits items further where a comma or "và" joins two names that are each known bodies.
pub fn split_known(items: Vec<String>, known: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        out.extend(split_one(&item, known));
    }
    out
}

fn split_one(item: &str, known: &dyn Fn(&str) -> bool) -> Vec<String> {
    if known(item) {
        return vec![item.to_string()];
    }
    for sep in [", ", " và "] {
        let mut at = 0;
        while let Some(i) = item[at..].find(sep) {
            let cut = at + i;
            let (a, b) = (item[..cut].trim(), trim_item(&item[cut + sep.len()..]));
            if known(a) {
                let rest = split_one(&b, known);
                if rest.iter().all(|r| known(r)) {
                    let mut v = vec![a.to_string()];
                    v.extend(rest);
                    return v;
                }
            }
            at = cut + sep.len();
        }
    }
    vec![item.to_string()]
}

/// A task title: bullet items on their own lines ("- A;\n- B"), otherwise one line.
pub fn title(cell: &str) -> String {
    let one = crate::text::collapse_ws(&cell.replace('\n', " "));
    if one.starts_with("- ") {
        static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s-\s+(\p{Lu})").unwrap());
        let parts = BULLET.replace_all(&one, "\n- $1");
        return parts.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    }
    one
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items() {
        assert_eq!(
            split_items("- Các Sở, ban, ngành thành phố; - UBND xã, phường, đặc khu;"),
            ["Các Sở, ban, ngành thành phố", "UBND xã, phường, đặc khu"]
        );
        assert_eq!(
            split_items("- Các cơ quan truyền thông, báo chí trên địa bàn thành phố - Các sở, ban, ngành thành phố; UBND các xã, phường, đặc khu"),
            ["Các cơ quan truyền thông, báo chí trên địa bàn thành phố", "Các sở, ban, ngành thành phố", "UBND các xã, phường, đặc khu"]
        );
        assert_eq!(
            split_items("Ngân hàng nhà nước Việt Nam - chi nhánh khu vực 6; Ngân hàng chính sách xã hội, chi nhánh Hải Phòng"),
            ["Ngân hàng nhà nước Việt Nam - chi nhánh khu vực 6", "Ngân hàng chính sách xã hội, chi nhánh Hải Phòng"]
        );
        assert_eq!(split_items("- Cơ chế; quy trình"), ["Cơ chế", "Quy trình"]);
        assert_eq!(
            split_items("- Sở Tài chính; các Sở, ban, ngành thành phố"),
            ["Sở Tài chính", "Các Sở, ban, ngành thành phố"]
        );
    }

    #[test]
    fn known_names_split_on_commas() {
        let known = |s: &str| {
            [
                "Sở Xây dựng",
                "Sở Nông nghiệp và Môi trường",
                "Sở Nội vụ",
                "Các Sở, ngành đơn vị có liên quan",
            ]
            .contains(&s)
        };
        assert_eq!(
            split_known(
                vec!["Sở Xây dựng, Sở Nông nghiệp và Môi trường".into()],
                &known
            ),
            ["Sở Xây dựng", "Sở Nông nghiệp và Môi trường"]
        );
        assert_eq!(
            split_known(
                vec!["Sở Nội vụ và các Sở, ngành đơn vị có liên quan".into()],
                &known
            ),
            ["Sở Nội vụ", "Các Sở, ngành đơn vị có liên quan"]
        );
        assert_eq!(
            split_known(vec!["Sở Nông nghiệp và Môi trường".into()], &known),
            ["Sở Nông nghiệp và Môi trường"]
        );
    }

    #[test]
    fn titles() {
        assert_eq!(
            title("- A một; - Bb hai\nba; - Cc bốn."),
            "- A một;\n- Bb hai ba;\n- Cc bốn."
        );
        assert_eq!(
            title("Nâng cấp hệ thống\ncảng thủy"),
            "Nâng cấp hệ thống cảng thủy"
        );
        assert_eq!(clean("<i>Tổ chức</i>  hội nghị"), "Tổ chức hội nghị");
    }
}
