//! Words placed on a page (from a PDF's text layer or from OCR) back into what the import
//! reads: paragraphs in reading order, two blocks side by side (number beside date, recipients
//! beside the signature) one after the other, and ruled tables as rows of cells.

use super::super::Line;
use super::raster::Rules;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// 0–100; a text layer's words are 100
    pub conf: f32,
}

impl Word {
    fn xc(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    fn yc(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

pub struct Page {
    /// the page's width, in the same pixels as the words
    pub width: f32,
    pub words: Vec<Word>,
    pub rules: Rules,
    pub dpi: f32,
}

/// A word below this confidence puts its line on the list the staff member checks.
const DOUBTFUL: f32 = 60.0;

/// Reads pages in order; a cell merged down a column that runs on to the next page gives its
/// text there too.
#[derive(Default)]
pub struct Reader {
    /// per column of the last table: its last cell's text, and whether it covered several rows
    carry: Vec<(String, bool)>,
    /// lines with a doubtful word: "trang N: …"
    pub doubtful: Vec<String>,
    /// two blocks side by side, which can run on to the next page (the recipients often do)
    band: Option<(Vec<Row>, Vec<Row>)>,
    /// cells filled by reading a page break as the middle of a merged cell
    pub guessed: Vec<String>,
    pitch: f32,
}

/// A line of words, left to right.
struct Row {
    words: Vec<Word>,
}

impl Row {
    fn x0(&self) -> f32 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    fn x1(&self) -> f32 {
        self.words.iter().map(|w| w.x1).fold(0.0, f32::max)
    }
    fn yc(&self) -> f32 {
        let mut v: Vec<f32> = self.words.iter().map(Word::yc).collect();
        v.sort_by(f32::total_cmp);
        v[v.len() / 2]
    }
    /// "79-" at the end of a line and "NQ/TW" on the next are one word.
    fn broken(&self) -> bool {
        self.words.last().is_some_and(|w| {
            w.text.chars().count() > 1 && (w.text.ends_with('-') || w.text.ends_with('/'))
        })
    }

    fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Words grouped into lines by their vertical centres.
fn rows(mut words: Vec<Word>) -> Vec<Row> {
    if words.is_empty() {
        return Vec::new();
    }
    let mut heights: Vec<f32> = words.iter().map(|w| w.y1 - w.y0).collect();
    heights.sort_by(f32::total_cmp);
    let tol = heights[heights.len() / 2] * 0.5;
    words.sort_by(|a, b| a.yc().total_cmp(&b.yc()));
    let mut out: Vec<(f32, Vec<Word>)> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some((yc, ws)) if (w.yc() - *yc).abs() <= tol => {
                ws.push(w);
                *yc = ws.iter().map(Word::yc).sum::<f32>() / ws.len() as f32;
            }
            _ => out.push((w.yc(), vec![w])),
        }
    }
    out.into_iter()
        .map(|(_, mut ws)| {
            ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            split_number(&mut ws);
            Row { words: ws }
        })
        .collect()
}

/// "10.Sở" at the start of a line is a list's number and its text, run together where the tab
/// after the number was narrow.
fn split_number(ws: &mut Vec<Word>) {
    static GLUED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d+(?:\.\d+)*\.)(\p{Lu}.*)$").unwrap());
    let Some(first) = ws.first() else { return };
    let Some(c) = GLUED.captures(&first.text) else {
        return;
    };
    let (num, rest) = (c[1].to_string(), c[2].to_string());
    let share = num.chars().count() as f32 / first.text.chars().count() as f32;
    let cut = first.x0 + (first.x1 - first.x0) * share;
    let mut tail = first.clone();
    (tail.text, tail.x0) = (rest, cut);
    (ws[0].text, ws[0].x1) = (num, cut);
    ws.insert(1, tail);
}

/// A line cut where the words are further apart than any justified line spreads them.
fn segments(r: Row, gutter: f32) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for w in r.words {
        match out.last_mut() {
            Some(s) if w.x0 - s.x1() <= gutter => s.words.push(w),
            _ => out.push(Row { words: vec![w] }),
        }
    }
    out
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+•–]\s|\d+(?:\.\d+)*\.(?:\s|\p{Lu})|[IVX]+\.\s|[a-zđ]\)\s|\(\d+\)\s|(?:TM|KT|TL|TUQ|Q)\.\s)").unwrap()
});
static SIGNING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:TM|KT|TL|TUQ|Q)\.\s").unwrap());

/// Lines of one column of text as paragraphs: a wider gap than between the lines of a
/// paragraph, a list marker, or a left-aligned line that stops short ends a paragraph. Lines
/// that fill the column join with a space, others (a centred title, a signature) with a line
/// break.
fn paragraphs(lines: &[Row], pitch: f32, out: &mut Vec<Line>) {
    if lines.is_empty() {
        return;
    }
    let left = lines.iter().map(Row::x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(Row::x1).fold(0.0, f32::max);
    let width = (right - left).max(1.0);
    let mut para = String::new();
    for (i, l) in lines.iter().enumerate() {
        let text = l.text();
        if i > 0 {
            let p = &lines[i - 1];
            let at_left = p.x0() - left < 0.02 * width;
            let full = right - p.x1() < 0.04 * width;
            let centred = !at_left && ((p.x0() - left) - (right - p.x1())).abs() < 0.1 * width;
            // (a line above the one before is on the next page)
            let ends = l.yc() - p.yc() > pitch * 1.25
                || l.yc() < p.yc()
                || (MARKER.is_match(&text) && !SIGNING.is_match(&text))
                || (at_left && !full && !centred);
            if ends {
                out.push(Line::Text(std::mem::take(&mut para)));
                out.push(Line::Text(String::new()));
            } else if full && !SIGNING.is_match(&text) {
                if !p.broken() {
                    para.push(' ');
                }
            } else {
                out.push(Line::Text(std::mem::take(&mut para)));
            }
        }
        para.push_str(&text);
    }
    out.push(Line::Text(para));
    out.push(Line::Text(String::new()));
}

/// A ruled table: its column and row lines.
pub struct Table {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
}

impl Table {
    fn contains(&self, w: &Word) -> bool {
        let (x, y) = (w.xc(), w.yc());
        x > self.xs[0]
            && x < self.xs[self.xs.len() - 1]
            && y > self.ys[0]
            && y < self.ys[self.ys.len() - 1]
    }
}

fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<Vec<f32>> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some(c) if x - c[c.len() - 1] <= tol => c.push(x),
            _ => out.push(vec![x]),
        }
    }
    out.into_iter()
        .map(|c| c.iter().sum::<f32>() / c.len() as f32)
        .collect()
}

/// Tables from ruling lines: vertical lines that overlap one another make one table, which
/// needs three of them (two columns) and two horizontal lines.
pub fn tables(r: &Rules, dpi: f32) -> Vec<Table> {
    let tol = dpi * 1.5 / 25.4;
    let mut v = r.v.clone();
    v.sort_by(|a, b| a.from.total_cmp(&b.from));
    let mut groups: Vec<(f32, f32, Vec<f32>)> = Vec::new();
    for l in v {
        match groups.last_mut() {
            Some(g) if l.from <= g.1 + tol => {
                g.1 = g.1.max(l.to);
                g.2.push(l.at);
            }
            _ => groups.push((l.from, l.to, vec![l.at])),
        }
    }
    groups
        .into_iter()
        .filter_map(|(y0, y1, xs)| {
            let xs = cluster(xs, tol);
            if xs.len() < 3 {
                return None;
            }
            let (x0, x1) = (xs[0], xs[xs.len() - 1]);
            let mut ys: Vec<f32> =
                r.h.iter()
                    .filter(|h| h.at >= y0 - tol && h.at <= y1 + tol && h.from < x1 && h.to > x0)
                    .map(|h| h.at)
                    .collect();
            ys.extend([y0, y1]);
            let ys = cluster(ys, tol);
            (ys.len() >= 2).then_some(Table { xs, ys })
        })
        .collect()
}

/// For each cell of the table's grid, the cell it is merged into (itself when not merged): no
/// line on its left joins it to the cell there, no line above to the cell above.
fn merges(t: &Table, r: &Rules, tol: f32) -> Vec<Vec<(usize, usize)>> {
    let (nr, nc) = (t.ys.len() - 1, t.xs.len() - 1);
    // is the line above row `i` drawn over column `c`; the line left of column `c` in row `i`
    // (a line counts when pieces of it, a scan's specks cutting it, cover most of the side)
    let covered = |rules: &[super::raster::Rule], at: f32, a: f32, b: f32| {
        let on: f32 = rules
            .iter()
            .filter(|l| (l.at - at).abs() <= tol)
            .map(|l| (l.to.min(b) - l.from.max(a)).max(0.0))
            .sum();
        on >= 0.6 * (b - a)
    };
    let drawn_above = |i: usize, c: usize| covered(&r.h, t.ys[i], t.xs[c], t.xs[c + 1]);
    let drawn_left = |i: usize, c: usize| covered(&r.v, t.xs[c], t.ys[i], t.ys[i + 1]);
    let mut root = vec![vec![(0usize, 0usize); nc]; nr];
    for i in 0..nr {
        for c in 0..nc {
            root[i][c] = if c > 0 && !drawn_left(i, c) {
                root[i][c - 1]
            } else if i > 0 && !drawn_above(i, c) {
                root[i - 1][c]
            } else {
                (i, c)
            };
        }
    }
    root
}

/// The boxes (x0, y0, x1, y1) of a table's cells, a merged cell as one box when it is a
/// rectangle, else as its pieces.
pub fn cells(t: &Table, r: &Rules, dpi: f32) -> Vec<[f32; 4]> {
    let root = merges(t, r, dpi * 1.5 / 25.4);
    let mut parts: std::collections::BTreeMap<(usize, usize), Vec<(usize, usize)>> =
        Default::default();
    for (i, row) in root.iter().enumerate() {
        for (c, &k) in row.iter().enumerate() {
            parts.entry(k).or_default().push((i, c));
        }
    }
    let grid = |i: usize, c: usize| [t.xs[c], t.ys[i], t.xs[c + 1], t.ys[i + 1]];
    let mut out = Vec::new();
    for p in parts.into_values() {
        let (i0, i1) = (p.iter().map(|x| x.0).min(), p.iter().map(|x| x.0).max());
        let (c0, c1) = (p.iter().map(|x| x.1).min(), p.iter().map(|x| x.1).max());
        let (Some(i0), Some(i1), Some(c0), Some(c1)) = (i0, i1, c0, c1) else {
            continue;
        };
        if p.len() == (i1 - i0 + 1) * (c1 - c0 + 1) {
            out.push([t.xs[c0], t.ys[i0], t.xs[c1 + 1], t.ys[i1 + 1]]);
        } else {
            out.extend(p.iter().map(|&(i, c)| grid(i, c)));
        }
    }
    out
}

impl Reader {
    /// One page as lines; a page ends a paragraph.
    pub fn page(&mut self, page: Page, number: usize) -> Vec<Line> {
        let tol = page.dpi * 1.5 / 25.4;
        let tabs = tables(&page.rules, page.dpi);
        let mut in_table: Vec<Vec<Word>> = vec![Vec::new(); tabs.len()];
        let mut free = Vec::new();
        for w in page.words {
            if w.text.trim().is_empty() {
                continue;
            }
            match tabs.iter().position(|t| t.contains(&w)) {
                Some(k) => in_table[k].push(w),
                None => free.push(w),
            }
        }
        let lines = rows(free);
        let mut pitches: Vec<f32> = lines.windows(2).map(|w| w[1].yc() - w[0].yc()).collect();
        pitches.sort_by(f32::total_cmp);
        let pitch = pitches
            .get(pitches.len() / 3)
            .copied()
            .unwrap_or(page.dpi / 5.0);
        let mid = page.width / 2.0;
        let gutter = page.dpi * 0.6;

        // lines and tables in reading order
        enum Item {
            Line(Row),
            Table(usize),
        }
        let mut items: Vec<(f32, Item)> =
            lines.into_iter().map(|l| (l.yc(), Item::Line(l))).collect();
        items.extend(
            tabs.iter()
                .enumerate()
                .map(|(k, t)| (t.ys[0], Item::Table(k))),
        );
        items.sort_by(|a, b| a.0.total_cmp(&b.0));

        let mut out = Vec::new();
        let mut flow: Vec<Row> = Vec::new();
        self.pitch = pitch;
        for (_, item) in items {
            let line = match item {
                Item::Table(k) => {
                    paragraphs(&std::mem::take(&mut flow), pitch, &mut out);
                    self.end_band(&mut out);
                    let words = std::mem::take(&mut in_table[k]);
                    out.extend(self.table(&tabs[k], &page.rules, words, tol, number));
                    out.push(Line::Text(String::new()));
                    continue;
                }
                Item::Line(l) => l,
            };
            self.note(&line, number);
            // page numbers in the margins are not text
            if line.text().chars().all(|c| c.is_ascii_digit()) && line.words.len() == 1 {
                continue;
            }
            // text between two tables: the second is not the first run on
            self.carry.clear();
            let segs = segments(line, gutter);
            // two blocks side by side; more pieces are a justified line stretched out
            let two = segs.len() == 2 && segs[0].x1() < mid && segs[1].x0() > mid;
            if two {
                paragraphs(&std::mem::take(&mut flow), pitch, &mut out);
                let (lhs, rhs) = self.band.get_or_insert_with(Default::default);
                for s in segs {
                    if s.x0() < mid {
                        lhs.push(s)
                    } else {
                        rhs.push(s)
                    }
                }
                continue;
            }
            let l = Row {
                words: segs.into_iter().flat_map(|s| s.words).collect(),
            };
            match &mut self.band {
                Some((lhs, _)) if l.x1() < mid => lhs.push(l),
                Some((_, rhs)) if l.x0() > mid => rhs.push(l),
                _ => {
                    self.end_band(&mut out);
                    flow.push(l);
                }
            }
        }
        paragraphs(&std::mem::take(&mut flow), pitch, &mut out);
        out
    }

    /// What is left at the end of the document.
    pub fn finish(&mut self) -> Vec<Line> {
        let mut out = Vec::new();
        self.end_band(&mut out);
        out
    }

    fn end_band(&mut self, out: &mut Vec<Line>) {
        if let Some((lhs, rhs)) = self.band.take() {
            paragraphs(&lhs, self.pitch, out);
            paragraphs(&rhs, self.pitch, out);
        }
    }

    fn note(&mut self, line: &Row, page: usize) {
        if line.words.iter().any(|w| w.conf < DOUBTFUL) {
            self.doubtful.push(format!("trang {page}: {}", line.text()));
        }
    }

    /// A table's rows, each cell's words joined into one paragraph. A cell merged across
    /// columns fills the first; one merged down a column gives its text to every row below
    /// that starts a task of its own (a first cell with text), also on the next page when it
    /// runs on there.
    fn table(
        &mut self,
        t: &Table,
        r: &Rules,
        words: Vec<Word>,
        tol: f32,
        page: usize,
    ) -> Vec<Line> {
        let (nr, nc) = (t.ys.len() - 1, t.xs.len() - 1);
        let root = merges(t, r, tol);
        let mut cell_words: Vec<Vec<Vec<Word>>> = vec![vec![Vec::new(); nc]; nr];
        for w in words {
            let i = t.ys.partition_point(|&y| y < w.yc()).clamp(1, nr) - 1;
            let c = t.xs.partition_point(|&x| x < w.xc()).clamp(1, nc) - 1;
            let (ri, rc) = root[i][c];
            cell_words[ri][rc].push(w);
        }
        let mut text = vec![vec![String::new(); nc]; nr];
        for i in 0..nr {
            for c in 0..nc {
                let lines = rows(std::mem::take(&mut cell_words[i][c]));
                for l in &lines {
                    self.note(l, page);
                }
                let mut t = String::new();
                for (k, l) in lines.iter().enumerate() {
                    if k > 0 && !lines[k - 1].broken() {
                        t.push(' ');
                    }
                    t.push_str(&l.text());
                }
                text[i][c] = t;
            }
        }
        // a cell at the top of the page's first rows (under the header) that is empty while the
        // cell above it on the last page covered several rows, or that covers several rows
        // itself (nobody merges empty cells): the same merged cell, run on
        let first = (0..nr).find(|&i| root[i][0].0 != 0).unwrap_or(nr);
        let mut inherited = vec![false; nc];
        if self.carry.len() == nc && first < nr {
            for c in 1..nc {
                let spans = (first..nr).filter(|&i| root[i][c] == (first, c)).count() > 1;
                if root[first][c] == (first, c)
                    && text[first][c].is_empty()
                    && !self.carry[c].0.is_empty()
                {
                    text[first][c] = self.carry[c].0.clone();
                    inherited[c] = true;
                    // a merged cell cut exactly where the page ends leaves no mark in print
                    if !self.carry[c].1 && !spans && !text[first][0].is_empty() {
                        self.guessed.push(format!(
                            "trang {page}, nhiệm vụ «{}»: ô trống ở đầu trang được hiểu là ô gộp tiếp từ trang trước, «{}»; nếu ô này thật sự trống, hãy xóa",
                            text[first][0],
                            text[first][c]
                        ));
                    }
                }
            }
        }
        let mut out = Vec::new();
        for i in 0..nr {
            let own = root[i][0] == (i, 0) && !text[i][0].is_empty();
            let cells: Vec<Vec<String>> = (0..nc)
                .map(|c| {
                    let (ri, rc) = root[i][c];
                    let s = if (ri, rc) == (i, c) && !(ri == first && inherited[c]) {
                        &text[i][c]
                    } else if rc == c && c > 0 && own {
                        &text[ri][rc]
                    } else {
                        return Vec::new();
                    };
                    if s.is_empty() {
                        Vec::new()
                    } else {
                        vec![s.clone()]
                    }
                })
                .collect();
            if cells.iter().any(|c| !c.is_empty()) {
                out.push(Line::Row(cells));
            }
        }
        self.carry = (0..nc)
            .map(|c| {
                let (ri, rc) = root[nr - 1][c];
                (
                    text[ri][rc].clone(),
                    ri < nr - 1 || (ri == first && inherited[c]),
                )
            })
            .collect();
        out
    }
}
