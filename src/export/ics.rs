//! Calendars (iCalendar, RFC 5545) of task deadlines: a body's and the whole site's, each
//! task an all-day event over its deadline's range, written as they are made.

use super::pieces::{Pieces, Whole};
use crate::resolve::{BodyId, TaskKey};
use crate::site::Site;
use std::fmt::Write as _;

/// iCalendar (RFC 5545) of the dated tasks a body leads or supports: one all-day event spanning
/// each deadline range, its title saying which. UIDs are built from URLs, so they stay the
/// same between builds.
pub(super) fn calendar(site: &Site, b: BodyId, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let links = &site.body_links()[b];
    let mut keys: Vec<(TaskKey, &str)> = links.led.iter().map(|&k| (k, "Chủ trì: ")).collect();
    keys.extend(links.supported.iter().map(|&k| (k, "Phối hợp: ")));
    keys.sort_by_key(|(k, _)| *k);
    ics(
        site,
        keys,
        &format!("Thời hạn nhiệm vụ — {}", site.body(b).label),
        w,
    )
}

/// Every dated task of the site, once, a plan's events at a time.
pub(super) fn calendar_all(
    site: &Site,
    file: &str,
    pieces: Option<&dyn Pieces>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let c = Calendar::of(site);
    let head = c.head(&format!("Thời hạn nhiệm vụ — {}", site.config().title));
    let mut w = Whole::new(w, file, pieces, (head.as_bytes(), b""), false);
    let (mut out, mut l) = (String::new(), String::new());
    for p in 0..site.plans().len() {
        w.plan(p, |buf| {
            out.clear();
            for k in site.plan_tasks(p) {
                c.event(&mut out, &mut l, k, "");
            }
            buf.extend_from_slice(out.as_bytes());
            Ok(())
        })?;
    }
    w.finish(END.as_bytes())
}

const END: &str = "END:VCALENDAR\r\n";

/// What every event of a calendar of `site` shares.
struct Calendar<'a> {
    site: &'a Site,
    /// The host of the site, which ends each UID.
    host: &'a str,
    stamp: String,
    base: &'a str,
}

impl<'a> Calendar<'a> {
    fn of(site: &'a Site) -> Calendar<'a> {
        let base_url = &site.config().base_url;
        let host = base_url
            .split("://")
            .nth(1)
            .unwrap_or("kehoach")
            .split('/')
            .next()
            .unwrap_or("kehoach");
        Calendar {
            site,
            host,
            stamp: site.as_of().format("%Y%m%dT000000Z").to_string(),
            base: base_url.trim_end_matches('/'),
        }
    }

    /// The lines before the events of the calendar called `name`.
    fn head(&self, name: &str) -> String {
        let mut out = String::new();
        for l in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//kehoach//Ke hoach//VI",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ] {
            fold_line(&mut out, l);
        }
        let mut l = String::from("X-WR-CALNAME:");
        ics_text_into(&mut l, name);
        fold_line(&mut out, &l);
        out
    }

    /// Appends to `out` the event of task `k`, its title led by `role`, when its deadline
    /// has dates. Each content line is put together in `l`, then folded into `out`: no string
    /// is made per value (a calendar of every task at 10,000 plans has 1.4 million lines).
    fn event(&self, out: &mut String, l: &mut String, k: TaskKey, role: &str) {
        let site = self.site;
        let t = &site.plan(k.plan()).tasks[k.task()];
        let Some((from, end)) = days(&t.deadline) else {
            return;
        };
        fold_line(out, "BEGIN:VEVENT");
        l.clear();
        l.push_str("UID:");
        l.extend(
            site.plan_urls()[k.plan()]
                .trim_end_matches('/')
                .chars()
                .map(|c| if c == '/' { '-' } else { c }),
        );
        let _ = write!(l, "-{}@{}", site.anchor(k), self.host);
        fold_line(out, l);
        l.clear();
        let _ = write!(l, "DTSTAMP:{}", self.stamp);
        fold_line(out, l);
        l.clear();
        l.push_str("DTSTART;VALUE=DATE:");
        ics_date(l, from);
        fold_line(out, l);
        l.clear();
        l.push_str("DTEND;VALUE=DATE:");
        ics_date(l, end);
        fold_line(out, l);
        // An event is the task's title, its range and its link: the rest of the task is one
        // click away, on its plan's page. Escaping goes character by character, so the
        // pieces are escaped one by one.
        l.clear();
        l.push_str("SUMMARY:");
        ics_text_into(l, role);
        ics_text_into(l, &crate::markdown::plain_cow(&t.title));
        fold_line(out, l);
        l.clear();
        l.push_str("URL:");
        ics_text_into(l, self.base);
        l.push('/');
        ics_text_into(l, &site.task_url(k));
        fold_line(out, l);
        fold_line(out, "END:VEVENT");
    }
}

/// The first day of a deadline's event and the day after its last (DTEND is exclusive), when
/// it has dates.
fn days(dl: &crate::resolve::Deadline) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    Some((dl.from?, dl.to?.succ_opt()?))
}

/// An iCalendar of tasks' deadlines, each an all-day event over its range, in the order given,
/// written to `w` as it is made; nothing when no task has a date. The UID comes from the plan's
/// URL and the task's anchor, so it stays the same from build to build and across calendars.
fn ics(
    site: &Site,
    keys: Vec<(TaskKey, &str)>,
    name: &str,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let has_days = |k: &TaskKey| days(&site.plan(k.plan()).tasks[k.task()].deadline).is_some();
    if !keys.iter().any(|(k, _)| has_days(k)) {
        return Ok(());
    }
    let c = Calendar::of(site);
    let mut out = c.head(name);
    let mut l = String::new();
    for (k, role) in keys {
        c.event(&mut out, &mut l, k, role);
        // `out` goes to `w` every 64 KB.
        if out.len() >= 1 << 16 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    out.push_str(END);
    w.write_all(out.as_bytes())
}

/// Escapes TEXT values (RFC 5545 §3.3.11); a newline in content can never start a property.
#[cfg(test)]
fn ics_text(s: &str) -> String {
    let mut out = String::new();
    ics_text_into(&mut out, s);
    out
}

/// The bytes [`ics_text_into`] may change: `\\`, `;`, `,`, controls, and the lead byte of C1.
static ICS_SPECIAL: [bool; 256] =
    crate::text::byte_set!(b'\\' | b';' | b',' | 0..=0x1F | 0x7F | 0xC2);

/// [`ics_text`], appended to `out`: the runs between characters to escape or drop are copied
/// whole (titles are full of commas, and a calendar holds each title of its tasks).
fn ics_text_into(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        // Most bytes are copied as they are; a table says so in one look.
        if !ICS_SPECIAL[b[i] as usize] {
            i += 1;
            continue;
        }
        // What replaces the character at `i`, and how many bytes it has; control characters
        // (C0, DEL, and C1, whose UTF-8 is 0xC2 0x80–0x9F) are dropped.
        let (with, len) = match b[i] {
            b'\\' => ("\\\\", 1),
            b';' => ("\\;", 1),
            b',' => ("\\,", 1),
            b'\n' => ("\\n", 1),
            0..=0x1F | 0x7F => ("", 1),
            0xC2 if matches!(b.get(i + 1), Some(0x80..=0x9F)) => ("", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(with);
        i += len;
        start = i;
    }
    out.push_str(&s[start..]);
}

/// Writes a content line folded at 75 octets, never inside a UTF-8 character, with CRLF.
fn fold_line(out: &mut String, s: &str) {
    let mut rest = s;
    // A continuation line starts with a space, so it holds one octet less.
    let mut room = 75;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// A date as `YYYYMMDD` (RFC 5545 DATE), appended to `out`.
fn ics_date(out: &mut String, d: chrono::NaiveDate) {
    use chrono::Datelike;
    if (0..=9999).contains(&d.year()) {
        // YYYYMMDD by hand: two dates per event, and `write!` costs ten times as much.
        let mut v = d.year() as u32 * 10_000 + d.month() * 100 + d.day();
        let mut digits = [b'0'; 8];
        for c in digits.iter_mut().rev() {
            *c = b'0' + (v % 10) as u8;
            v /= 10;
        }
        out.extend(digits.iter().map(|&c| c as char));
    } else {
        let _ = write!(out, "{}", d.format("%Y%m%d"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_lines_fold_at_75_octets_on_char_boundaries() {
        let mut out = String::new();
        fold_line(&mut out, &format!("SUMMARY:{}", "Nhiệm vụ ".repeat(20)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "Nhiệm vụ ".repeat(20))
        );
    }

    /// [`ics_text`] character by character, as it was first written.
    fn ics_text_by_chars(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                ';' => out.push_str("\\;"),
                ',' => out.push_str("\\,"),
                '\n' => out.push_str("\\n"),
                '\r' => {}
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn ics_text_copies_runs_as_escaping_each_character_would(
            s in proptest::string::string_regex("[a-zđếở ,;\\\\\n\r\t\u{1}\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{c2}]{0,60}").unwrap()
        ) {
            proptest::prop_assert_eq!(ics_text(&s), ics_text_by_chars(&s));
        }
    }

    #[test]
    fn ics_text_escapes_injection() {
        assert_eq!(
            ics_text("a;b,c\\d\nEND:VEVENT"),
            "a\\;b\\,c\\\\d\\nEND:VEVENT"
        );
        assert_eq!(ics_text("a\u{1}b\u{85}c\u{a0}d"), "abc\u{a0}d");
        assert_eq!(ics_text("Sở Tài chính"), "Sở Tài chính");
    }
}
