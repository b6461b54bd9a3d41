//! Postings lists of the search index, kept encoded as they are made: each posting is its
//! difference from the one before, in groups of five bits, most significant first, each group
//! one character of [`DIGITS`] whose value has 32 added when more groups follow. Most
//! differences are under 32, so most postings are one character, where a JSON array spends two
//! to six on each (the shards of a 10,000-plan site: 52 MB as numbers, 28 MB so). search.js
//! decodes it.
//!
//! Lists are encoded while the index is made, not at its end: a list of numbers took four bytes
//! a posting (six with the room vectors keep to grow), 350 MB at 30,000 plans.

/// The characters of an encoded postings list: URL-safe base 64, none of which JSON escapes.
pub const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends the difference `d` to `out`.
fn push_difference(out: &mut String, d: u32) {
    let groups = (32 - d.leading_zeros()).div_ceil(5).max(1);
    for g in (0..groups).rev() {
        let bits = (d >> (5 * g)) & 31;
        let more = if g > 0 { 32 } else { 0 };
        out.push(DIGITS[(bits | more) as usize] as char);
    }
}

/// The first difference of an encoded list, and how many characters it takes.
fn first_difference(encoded: &str) -> (u32, usize) {
    let mut v = 0u32;
    for (i, c) in encoded.bytes().enumerate() {
        let c = DIGITS.iter().position(|&d| d == c).unwrap_or(0) as u32;
        v = (v << 5) | (c & 31);
        if c < 32 {
            return (v, i + 1);
        }
    }
    (v, encoded.len())
}

/// A sorted list of postings as one string.
#[cfg(test)]
pub fn encode(sorted: &[u32]) -> String {
    let mut out = String::with_capacity(sorted.len() * 2);
    let mut prev = 0;
    for &x in sorted {
        push_difference(&mut out, x - prev);
        prev = x;
    }
    out
}

/// A postings list being made, from postings that come in order.
#[derive(Debug, Default)]
pub struct List {
    /// The postings so far but the last, encoded.
    encoded: String,
    /// The last posting encoded (0 before the first).
    written: u32,
    /// The last posting, not encoded yet: a later key of the same item may raise it.
    last: Option<u32>,
}

impl List {
    /// Adds `posting`, at least the last one. An item's postings share all but their lowest
    /// three bits (see `add_keys`): a second posting of the item keeps the stronger of the two.
    pub fn add(&mut self, posting: u32) {
        match self.last {
            Some(last) if last / 8 == posting / 8 => self.last = Some(last.max(posting)),
            Some(last) => {
                push_difference(&mut self.encoded, last - self.written);
                self.written = last;
                self.last = Some(posting);
            }
            None => self.last = Some(posting),
        }
    }

    /// Encodes the last posting.
    fn flush(&mut self) {
        if let Some(last) = self.last.take() {
            push_difference(&mut self.encoded, last - self.written);
            self.written = last;
        }
    }

    /// Appends `next`, whose postings all come after this list's.
    pub fn append(&mut self, mut next: List) {
        self.append_kept(next.kept());
    }

    /// The list as it is kept: every posting encoded.
    pub fn kept(&mut self) -> Kept<'_> {
        self.flush();
        Kept {
            encoded: &self.encoded,
            written: self.written,
        }
    }

    /// Appends a list as kept, whose postings all come after this list's.
    pub fn append_kept(&mut self, next: Kept) {
        self.flush();
        if next.encoded.is_empty() {
            return;
        }
        // `next` was encoded from 0: its first difference becomes one from this list's last.
        let (first, len) = first_difference(next.encoded);
        debug_assert!(first >= self.written, "postings appended out of order");
        push_difference(&mut self.encoded, first - self.written);
        self.encoded.push_str(&next.encoded[len..]);
        self.written = next.written;
    }

    /// The list, encoded.
    pub fn finish(mut self) -> String {
        self.flush();
        self.encoded
    }
}

/// A list as kept between builds, every posting encoded: read back borrowed from the bytes
/// kept, and appended to the list of the whole index without being made a list of its own.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Kept<'a> {
    encoded: &'a str,
    /// The last posting.
    written: u32,
}

impl From<Kept<'_>> for List {
    fn from(k: Kept) -> List {
        List {
            encoded: k.encoded.to_string(),
            written: k.written,
            last: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What search.js does with a list: the postings back, in order.
    pub fn decode(s: &str) -> Vec<u32> {
        let (mut out, mut x, mut v) = (Vec::new(), 0, 0);
        for c in s.bytes() {
            let c = DIGITS.iter().position(|&d| d == c).unwrap() as u32;
            v = v * 32 + (c & 31);
            if c < 32 {
                x += v;
                out.push(x);
                v = 0;
            }
        }
        out
    }

    #[test]
    fn postings_are_encoded_short_and_decode_to_themselves() {
        assert_eq!(encode(&[]), "");
        assert_eq!(encode(&[0]), "A");
        assert_eq!(encode(&[8, 16, 24]), "III");
        // 33 = 1·32 + 1: two groups, the first marked as followed.
        assert_eq!(encode(&[33]), "hB");
        for list in [
            vec![3, 11, 12, 1000, 1001, 40_000, 4_000_000],
            vec![u32::MAX / 2, u32::MAX],
            (0..500).map(|i| i * i * 8 + 3).collect(),
        ] {
            assert_eq!(decode(&encode(&list)), list);
        }
    }

    #[test]
    fn lists_made_in_pieces_are_the_list_encoded_whole() {
        // Items with gaps between them (some of thousands), each with one or two postings (a
        // second, stronger one is kept in place of the first).
        let mut id = 0u32;
        let items: Vec<Vec<u32>> = (0..3000u32)
            .map(|i| {
                id += if i % 13 == 0 { 400 } else { 1 + i % 3 };
                let base = id * 8 + (i % 3) * 2;
                if i % 5 == 0 {
                    vec![base, base + 1]
                } else {
                    vec![base]
                }
            })
            .collect();
        let want: Vec<u32> = items.iter().map(|p| *p.last().unwrap()).collect();
        // Pieces of whole items, as stretches of the index are.
        for cut in [1, 2, 7, 64, 1000, 5000] {
            // As made, or as kept and read back (every other piece), the first one whole.
            let mut whole = List::default();
            for (i, piece) in items.chunks(cut).enumerate() {
                let mut l = List::default();
                for &p in piece.iter().flatten() {
                    l.add(p);
                }
                match i % 2 {
                    _ if i == 0 => whole = List::from(l.kept()),
                    0 => whole.append(l),
                    _ => whole.append_kept(l.kept()),
                }
            }
            let got = whole.finish();
            assert_eq!(got, encode(&want), "pieces of {cut}");
            assert_eq!(decode(&got), want);
        }
        // An empty piece, and a list with nothing.
        let mut l = List::default();
        l.add(8);
        l.append(List::default());
        assert_eq!(l.finish(), "I");
        assert_eq!(List::default().finish(), "");
    }
}
