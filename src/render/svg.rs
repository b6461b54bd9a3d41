//! Pictures drawn at build time as inline SVG: no script and no library at view time. Each
//! picture has a title and a description a screen reader reads (`role="img"`, or `role="group"`
//! when it holds links, which an image may not), its shapes carry `<title>`s, and the page puts
//! a table with the same numbers next to it. Timeline bars link to their tasks for the mouse
//! but are no tab stops: the task table below carries the same links for the keyboard.
//!
//! Geometry is computed here rather than in templates: Tera has no arithmetic worth the name,
//! and the numbers must be the ones the tables show ([`Tally`]).

use super::markdown::escape;
use super::views::DateVi;
use crate::site::{Tally, TaskState};
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

// Colours, type sizes and strokes are the theme's (style.css, "pictures"), not attributes on
// every shape: a state's shapes carry its class `state-…`, the one the page's swatches use, so
// a theme recolours the charts and the tables' keys together, and a timeline of 200 tasks does
// not repeat its six presentation attributes 200 times. Each state also carries its label in a
// `<title>` and in the legend, so colour is never the only cue.

/// A stacked bar of tasks by state, with a legend. `id` makes the ids unique on the page.
pub fn status_bar(t: &Tally, id: &str, caption: &str) -> String {
    const W: f64 = 640.0;
    // Legend first: a swatch and "Label n" per state present, wrapping into lines.
    let mut legend = String::new();
    let (mut lx, mut ly) = (0.0, 50.0);
    for st in TaskState::ALL {
        let n = t.count(st);
        if n == 0 {
            continue;
        }
        let text = format!("{} {n}", st.label());
        let width = 26.0 + text.chars().count() as f64 * 7.4;
        if lx > 0.0 && lx + width > W {
            lx = 0.0;
            ly += 20.0;
        }
        let _ = write!(
            legend,
            r#"<rect x="{}" y="{}" width="12" height="12" class="state-{}"/><text x="{}" y="{ly}">{}</text>"#,
            D1(lx),
            ly - 11.0,
            st.as_str(),
            D1(lx + 16.0),
            escape(&text)
        );
        lx += width;
    }
    let summary: Vec<String> = TaskState::ALL
        .iter()
        .filter(|&&st| t.count(st) > 0)
        .map(|&st| format!("{} {}", st.label(), t.count(st)))
        .collect();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart status-bar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {}" role="img" aria-labelledby="{id}-t {id}-d" data-total="{}"><title id="{id}-t">{}</title><desc id="{id}-d">{} nhiệm vụ: {}.</desc>"#,
        ly + 8.0,
        t.total,
        escape(caption),
        t.total,
        escape(&summary.join(", "))
    );
    if t.total == 0 {
        s.push_str(r#"<rect x="0" y="4" width="640" height="24" class="empty"/><text x="8" y="21" class="empty">Chưa có nhiệm vụ</text>"#);
    }
    let mut x = 0.0;
    for st in TaskState::ALL {
        let n = t.count(st);
        if n == 0 {
            continue;
        }
        let w = W * n as f64 / t.total as f64;
        let _ = write!(
            s,
            r#"<rect x="{}" y="4" width="{}" height="24" class="state-{state}" data-state="{state}" data-count="{n}"><title>{}: {n}</title></rect>"#,
            D2(x),
            D2(w),
            st.label(),
            state = st.as_str(),
        );
        x += w;
    }
    s.push_str(&legend);
    s.push_str("</svg>");
    s
}

/// A coordinate rounded to one decimal as `{:.1}` rounds it ([`D2`]: two), without the zeros
/// that end a fraction ("35", not "35.0"): a page's charts write some 2,000 coordinates.
struct D1(f64);
struct D2(f64);

impl std::fmt::Display for D1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fixed(f, self.0, 1)
    }
}

impl std::fmt::Display for D2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fixed(f, self.0, 2)
    }
}

/// `v` with `places` decimals, the digits as `{:.N}` gives them, less the trailing zeros of
/// the fraction and a point left alone. The standard formatter
/// expands the float exactly (1,500 instructions a number; a timeline writes four a task);
/// rounding `v` scaled gives the same digits unless the scaled value is within a hair of a
/// half, where the exact expansion decides, and those, negatives and huge values are left
/// to it.
fn fixed(f: &mut std::fmt::Formatter<'_>, v: f64, places: u32) -> std::fmt::Result {
    let scale = 10u64.pow(places);
    let scaled = v * scale as f64;
    // NaN fails every comparison, so it takes the standard path too.
    let in_range = (0.0..1e15).contains(&scaled);
    if v.is_sign_negative() || !in_range || (scaled.fract() - 0.5).abs() < 1e-6 {
        return f.write_str(trim_fraction(&format!("{v:.*}", places as usize)));
    }
    let n = scaled.round() as u64;
    let mut digits = itoa::Buffer::new();
    f.write_str(digits.format(n / scale))?;
    let mut frac = n % scale;
    if frac == 0 {
        return Ok(());
    }
    let mut places = places as usize;
    while frac.is_multiple_of(10) {
        frac /= 10;
        places -= 1;
    }
    f.write_str(".")?;
    let frac = digits.format(frac);
    for _ in frac.len()..places {
        f.write_str("0")?;
    }
    f.write_str(frac)
}

/// A number as written with a fixed count of decimals, less the zeros that end its fraction
/// and the point when nothing is left after it ("35.0" → "35", "0.50" → "0.5").
fn trim_fraction(s: &str) -> &str {
    if !s.contains('.') {
        return s;
    }
    s.trim_end_matches('0').trim_end_matches('.')
}

/// One bar of a timeline.
/// Its `<title>` is the task's number and range: the task itself is in the table the bar
/// links to.
pub struct Span<'a> {
    pub label: &'a str,
    /// The task's anchor on the page ("nv-…").
    pub anchor: &'a str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub state: TaskState,
}

/// Rows a timeline shows; the task table below it lists every task whatever their number.
pub const TIMELINE_ROWS: usize = 200;

/// A Gantt-like chart of dated tasks, one row each, with a line at `as_of`. Each bar links to
/// its task.
pub fn timeline(spans: &[Span], as_of: NaiveDate, id: &str) -> String {
    const LEFT: f64 = 64.0;
    const W: f64 = 640.0;
    const ROW: f64 = 18.0;
    const TOP: f64 = 24.0;
    let shown = &spans[..spans.len().min(TIMELINE_ROWS)];
    let (Some(start), Some(end)) = (
        shown.iter().map(|s| s.from).min(),
        shown.iter().map(|s| s.to).max(),
    ) else {
        return String::new();
    };
    // Whole years, so the ticks fall on 1 January.
    let start = NaiveDate::from_ymd_opt(start.year(), 1, 1).unwrap_or(start);
    let end = NaiveDate::from_ymd_opt(end.year() + 1, 1, 1).unwrap_or(end);
    let days = (end - start).num_days().max(1) as f64;
    let xof = |d: NaiveDate| LEFT + (W - LEFT) * (d - start).num_days() as f64 / days;
    let h = TOP + ROW * shown.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="group" aria-labelledby="{id}-t {id}-d" data-rows="{}"><title id="{id}-t">Tiến trình các nhiệm vụ có thời hạn</title><desc id="{id}-d">{} nhiệm vụ có thời hạn từ {} đến {}, vạch đỏ là ngày số liệu {}.</desc>"#,
        shown.len(),
        shown.len(),
        DateVi(start),
        DateVi(end.pred_opt().unwrap_or(end)),
        DateVi(as_of)
    );
    for y in start.year()..=end.year() {
        let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) else {
            continue;
        };
        let x = xof(d);
        let _ = write!(
            s,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{h}"/>"#,
            TOP - 6.0,
            x = D1(x),
        );
        if y < end.year() {
            let _ = write!(s, r#"<text x="{}" y="14">{y}</text>"#, D1(x + 3.0));
        }
    }
    for (i, sp) in shown.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let x1 = xof(sp.from);
        let x2 = xof(sp.to.succ_opt().unwrap_or(sp.to)).max(x1 + 2.0);
        let _ = write!(
            s,
            r##"<a href="#{}" tabindex="-1"><text x="0" y="{}">{}</text><rect x="{}" y="{}" width="{}" height="12" rx="2" class="state-{}"><title>{} ({}–{})</title></rect></a>"##,
            escape(sp.anchor),
            D1(y + 11.0),
            escape(&truncate(sp.label, 9)),
            D1(x1),
            D1(y + 1.0),
            D1(x2 - x1),
            sp.state.as_str(),
            escape(sp.label),
            DateVi(sp.from),
            DateVi(sp.to)
        );
    }
    if as_of >= start && as_of < end {
        let x = xof(as_of);
        let _ = write!(
            s,
            r#"<line class="as-of" x1="{x}" y1="{}" x2="{x}" y2="{h}"><title>Ngày số liệu {}</title></line>"#,
            TOP - 8.0,
            DateVi(as_of),
            x = D1(x),
        );
    }
    s.push_str("</svg>");
    s
}

/// A box of the relation diagram.
#[derive(serde::Serialize)]
pub struct Node {
    pub label: String,
    pub title: String,
    /// Site-relative URL, prefixed with the page's root when drawn.
    pub url: String,
}

/// Boxes per level before the rest are summed up in one "… và N văn bản khác" box.
pub const LEVEL_BOXES: usize = 6;

/// The relation diagram: levels top to bottom (what the document carries out at the top, what
/// carries it out below), boxes linked to their pages, a line from each box to the boxes of
/// the level above that it relates to. `edges[i]` are (box in level i, box in level i+1).
pub fn relations(
    levels: &[(String, Vec<Node>, usize)],
    edges: &[Vec<(usize, usize)>],
    current: usize,
    root: &str,
    id: &str,
    more_anchor: &str,
) -> String {
    const W: f64 = 960.0;
    const BW: f64 = 300.0;
    const BH: f64 = 52.0;
    const GAP: f64 = 30.0;
    const PER_LINE: usize = 3;
    const HEAD: f64 = 22.0;
    // Box positions, level by level; a level wraps into lines of three boxes.
    let mut y = 0.0;
    let mut pos: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut heads = Vec::new();
    for (_, nodes, more) in levels {
        heads.push(y);
        y += HEAD;
        let count = nodes.len() + usize::from(*more > 0);
        let mut p = Vec::new();
        for i in 0..count {
            let line = i / PER_LINE;
            let in_line = (count - line * PER_LINE).min(PER_LINE);
            let span = in_line as f64 * BW + (in_line as f64 - 1.0) * GAP;
            let x = (W - span) / 2.0 + (i % PER_LINE) as f64 * (BW + GAP);
            p.push((x, y + line as f64 * (BH + 12.0)));
        }
        y += count.div_ceil(PER_LINE) as f64 * (BH + 12.0) + 24.0;
        pos.push(p);
    }
    let mut s = String::new();
    let total: usize = levels.iter().map(|l| l.1.len() + l.2).sum();
    let _ = write!(
        s,
        r#"<svg class="chart relations" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {y:.0}" role="group" aria-labelledby="{id}-t {id}-d" data-boxes="{total}"><title id="{id}-t">Lược đồ quan hệ thực hiện</title><desc id="{id}-d">{}</desc>"#,
        escape(
            &levels
                .iter()
                .map(|(name, nodes, more)| format!("{name}: {}", nodes.len() + more))
                .collect::<Vec<_>>()
                .join("; ")
        )
    );
    for (i, pairs) in edges.iter().enumerate() {
        for &(a, b) in pairs {
            let (Some(&(x1, y1)), Some(&(x2, y2))) = (
                pos.get(i).and_then(|p| p.get(a)),
                pos.get(i + 1).and_then(|p| p.get(b)),
            ) else {
                continue;
            };
            let _ = write!(
                s,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
                D1(x1 + BW / 2.0),
                D1(y1 + BH),
                D1(x2 + BW / 2.0),
                D1(y2)
            );
        }
    }
    for (li, (name, nodes, more)) in levels.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="0" y="{}" class="level">{}</text>"#,
            D1(heads[li] + 14.0),
            escape(name)
        );
        for (ni, n) in nodes.iter().enumerate() {
            let (x, y) = pos[li][ni];
            let here = if li == current {
                r#" class="here""#
            } else {
                ""
            };
            let _ = write!(
                s,
                r#"<a href="{}{}"{here}><rect x="{}" y="{}" width="{BW}" height="{BH}" rx="4"/><text x="{}" y="{}" class="name">{}</text><text x="{}" y="{}">{}</text><title>{}{}</title></a>"#,
                escape(root),
                escape(&n.url),
                D1(x),
                D1(y),
                D1(x + 8.0),
                D1(y + 20.0),
                escape(&truncate(&n.label, 32)),
                D1(x + 8.0),
                D1(y + 40.0),
                escape(&truncate(&n.title, 40)),
                escape(&n.label),
                if n.title.is_empty() {
                    String::new()
                } else {
                    escape(&format!(" — {}", n.title))
                }
            );
        }
        if *more > 0 {
            let (x, y) = pos[li][nodes.len()];
            let _ = write!(
                s,
                r##"<a href="#{}" class="more"><rect x="{}" y="{}" width="{BW}" height="{BH}" rx="4"/><text x="{}" y="{}">… và {more} văn bản khác</text></a>"##,
                escape(more_anchor),
                D1(x),
                D1(y),
                D1(x + 8.0),
                D1(y + 31.0)
            );
        }
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_written_as_the_standard_formatter_writes_them() {
        assert_eq!(trim_fraction("35.0"), "35");
        assert_eq!(trim_fraction("0.50"), "0.5");
        assert_eq!(trim_fraction("100"), "100");
        assert_eq!(trim_fraction("-0.00"), "-0");
        assert_eq!(D1(352.44).to_string(), "352.4");
        assert_eq!(D2(33.6).to_string(), "33.6");
        assert_eq!(D2(0.0).to_string(), "0");
        // Every coordinate the charts make is a sum or ratio of small numbers; halves, values
        // a hair off a half, zeros, negatives and huge ones are where a shortcut would slip.
        let mut values = vec![
            0.0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.125, 1.005, 2.675, 1e14, 1e16,
        ];
        values.extend([
            -0.04,
            -1.25,
            f64::NAN,
            f64::INFINITY,
            640.0 / 3.0,
            9.95,
            99.995,
        ]);
        for i in 0..200_000u32 {
            let v = f64::from(i) * 0.0137;
            values.extend([v, v / 7.0, 576.0 * f64::from(i % 4000) / 3653.0 + 64.0]);
        }
        for v in values {
            assert_eq!(
                D1(v).to_string(),
                trim_fraction(&format!("{v:.1}")),
                "{v:e}"
            );
            assert_eq!(
                D2(v).to_string(),
                trim_fraction(&format!("{v:.2}")),
                "{v:e}"
            );
        }
    }
}
