//! Vietnamese collation (CLDR "vi" tailoring via ICU4X): a < ă < â, d < đ, e < ê, o < ô < ơ,
//! u < ư as letters, tones as a secondary difference. Used wherever people read an order.

use icu_collator::{options::CollatorOptions, Collator, CollatorBorrowed};
use icu_locale_core::locale;
use std::cmp::Ordering;
use std::sync::LazyLock;

static VI: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    Collator::try_new(locale!("vi").into(), CollatorOptions::default())
        .expect("Vietnamese collation data is compiled into icu_collator")
});

pub fn compare(a: &str, b: &str) -> Ordering {
    VI.compare(a, b)
}

/// Sorts by a string key in Vietnamese order; ties keep their previous order.
pub fn sort_by_collation<'k, T>(items: &mut [T], key: impl Fn(&T) -> &'k str) {
    items.sort_by(|a, b| compare(key(a), key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_order() {
        let mut v = vec!["đ", "d", "e", "â", "ă", "a", "ơ", "ô", "o", "ư", "u"];
        sort_by_collation(&mut v, |s| *s);
        assert_eq!(v, ["a", "ă", "â", "d", "đ", "e", "o", "ô", "ơ", "u", "ư"]);
    }

    #[test]
    fn letters_before_tones() {
        // "ă" is a letter after "a", so "bă" sorts after "bac" despite the tone on "bác".
        let mut v = vec!["bă", "bác", "ba"];
        sort_by_collation(&mut v, |s| *s);
        assert_eq!(v, ["ba", "bác", "bă"]);
        // tones are secondary: "Sở Y tế" after "Sở Xây dựng"
        assert_eq!(compare("Sở Xây dựng", "Sở Y tế"), Ordering::Less);
        assert_eq!(compare("Đơn vị", "Dân"), Ordering::Greater);
    }
}
