//! The files of every task (as JSON, as CSV, in one calendar) are a piece per plan, one after
//! another. A build after an edit of a few plans takes the other plans' pieces from the same
//! file of the site in place, where the last build noted them, instead of making them again:
//! at 10,000 plans these three files were most of such a build.

use std::io::{self, Write};

/// Where each plan's piece lies in a file: its first byte and its length, in plan order.
pub type Places = Vec<(u64, u64)>;

/// The pieces of the site in place, and where this build puts its own.
pub trait Pieces: Sync {
    /// Appends to `into` the piece plan `p` has in `file` in the site in place, when it is
    /// still what `p` makes; false when it must be made.
    fn take(&self, file: &str, p: usize, into: &mut Vec<u8>) -> bool;
    /// Notes where this build put the pieces of `file`, for the next.
    fn note(&self, file: &str, places: Places);
}

/// A file written as a head, a piece per plan, and a tail, handed to `out` in large pieces.
pub(super) struct Whole<'a> {
    out: &'a mut dyn Write,
    file: &'a str,
    pieces: Option<&'a dyn Pieces>,
    head: &'a [u8],
    /// Written between two pieces that hold something.
    sep: &'a [u8],
    /// Whether the head is written (from the start when asked `always`), and whether a piece
    /// that holds something is.
    started: bool,
    any: bool,
    buf: Vec<u8>,
    /// Bytes handed to `out` before `buf`.
    sent: u64,
    places: Places,
}

const SEND_AT: usize = 1 << 16;

impl<'a> Whole<'a> {
    pub(super) fn new(
        out: &'a mut dyn Write,
        file: &'a str,
        pieces: Option<&'a dyn Pieces>,
        (head, sep): (&'a [u8], &'a [u8]),
        // Whether the head and tail are written when no piece holds anything (an empty list
        // still is `[]`; a calendar without events is no file at all).
        always: bool,
    ) -> Whole<'a> {
        let mut w = Whole {
            out,
            file,
            pieces,
            head,
            sep,
            started: false,
            any: false,
            buf: Vec::with_capacity(SEND_AT + 16 * 1024),
            sent: 0,
            places: Vec::new(),
        };
        if always {
            w.buf.extend_from_slice(head);
            w.started = true;
        }
        w
    }

    /// Plan `p`'s piece: taken from the site in place, or made by `make` (which appends it).
    pub(super) fn plan(
        &mut self,
        p: usize,
        make: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<()> {
        let mark = self.buf.len();
        if self.any {
            self.buf.extend_from_slice(self.sep);
        }
        let at = self.buf.len();
        let taken = self
            .pieces
            .is_some_and(|k| k.take(self.file, p, &mut self.buf));
        if !taken {
            make(&mut self.buf)?;
        }
        let len = self.buf.len() - at;
        if len == 0 {
            self.buf.truncate(mark);
            self.places.push((self.sent + mark as u64, 0));
            return Ok(());
        }
        let mut start = at;
        if !self.started {
            self.buf.splice(mark..mark, self.head.iter().copied());
            self.started = true;
            start += self.head.len();
        }
        self.any = true;
        self.places.push((self.sent + start as u64, len as u64));
        if self.buf.len() >= SEND_AT {
            self.out.write_all(&self.buf)?;
            self.sent += self.buf.len() as u64;
            self.buf.clear();
        }
        Ok(())
    }

    /// Ends the file with `tail` (when it was started) and notes where its pieces are.
    pub(super) fn finish(mut self, tail: &[u8]) -> io::Result<()> {
        if self.started {
            self.buf.extend_from_slice(tail);
        }
        self.out.write_all(&self.buf)?;
        if let Some(k) = self.pieces {
            k.note(self.file, self.places);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Pieces taken from a file made before, as the pipeline's are.
    struct Before {
        bytes: Vec<u8>,
        places: Places,
        take: Vec<bool>,
        noted: Mutex<Places>,
    }

    impl Pieces for Before {
        fn take(&self, _: &str, p: usize, into: &mut Vec<u8>) -> bool {
            if !self.take.get(p).copied().unwrap_or(false) {
                return false;
            }
            let (at, len) = self.places[p];
            into.extend_from_slice(&self.bytes[at as usize..(at + len) as usize]);
            true
        }
        fn note(&self, _: &str, places: Places) {
            *self.noted.lock().unwrap() = places;
        }
    }

    fn write(pieces: &[&str], always: bool, before: Option<&Before>) -> (Vec<u8>, Places) {
        let noted = Before {
            bytes: Vec::new(),
            places: Vec::new(),
            take: Vec::new(),
            noted: Mutex::new(Vec::new()),
        };
        let k = before.unwrap_or(&noted);
        let mut out = Vec::new();
        let mut w = Whole::new(&mut out, "f", Some(k as &dyn Pieces), (b"[", b","), always);
        for (p, s) in pieces.iter().enumerate() {
            w.plan(p, |b| {
                b.extend_from_slice(s.as_bytes());
                Ok(())
            })
            .unwrap();
        }
        w.finish(b"]").unwrap();
        let places = std::mem::take(&mut *k.noted.lock().unwrap());
        (out, places)
    }

    #[test]
    fn pieces_are_joined_and_noted_where_they_lie() {
        let (out, places) = write(&["", "a", "", "bc", "d"], true, None);
        assert_eq!(out, b"[a,bc,d]");
        let got: Vec<&[u8]> = places
            .iter()
            .map(|&(at, len)| &out[at as usize..(at + len) as usize])
            .collect();
        assert_eq!(got, [&b""[..], b"a", b"", b"bc", b"d"]);
        assert_eq!(write(&["", ""], true, None).0, b"[]");
        assert_eq!(write(&["", ""], false, None).0, b"");
        assert_eq!(write(&["", "x"], false, None).0, b"[x]");
    }

    #[test]
    fn pieces_taken_from_the_file_before_make_the_same_file() {
        let old = ["a", "", "bcd", "e"];
        let (bytes, places) = write(&old, false, None);
        // Piece 1 is now "z", piece 2 is gone: the others are taken.
        let before = Before {
            bytes,
            places,
            take: vec![true, false, false, true],
            noted: Mutex::new(Vec::new()),
        };
        let new = ["a", "z", "", "e"];
        let (spliced, _) = write(&["!", "z", "", "!"], false, Some(&before));
        assert_eq!(spliced, write(&new, false, None).0);
        assert_eq!(spliced, b"[a,z,e]");
    }
}
