//! A page as pixels: straightened when it was scanned askew, and its ruling lines found, which
//! is how a printed table shows its cells (and which merged cells have no line between them).

use std::path::Path;

pub struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

const DARK: u8 = 140;

impl Gray {
    pub fn load(path: &Path) -> Result<Gray, String> {
        let img = image::open(path)
            .map_err(|e| format!("không đọc được ảnh {}: {e}", path.display()))?
            .into_luma8();
        let (w, h) = (img.width() as usize, img.height() as usize);
        Ok(Gray {
            w,
            h,
            px: img.into_raw(),
        })
    }

    /// As a binary PGM, which every reader of images (Tesseract's Leptonica among them) knows.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        use image::codecs::pnm::{PnmEncoder, PnmSubtype, SampleEncoding};
        use image::ImageEncoder;
        let err =
            |e: &dyn std::fmt::Display| format!("không ghi được ảnh tạm {}: {e}", path.display());
        let file = std::fs::File::create(path).map_err(|e| err(&e))?;
        PnmEncoder::new(std::io::BufWriter::new(file))
            .with_subtype(PnmSubtype::Graymap(SampleEncoding::Binary))
            .write_image(
                &self.px,
                self.w as u32,
                self.h as u32,
                image::ExtendedColorType::L8,
            )
            .map_err(|e| err(&e))
    }

    /// The rectangle from (x0, y0) to (x1, y1), clipped to the page.
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
        let (x1, y1) = (x1.min(self.w), y1.min(self.h));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let mut px = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            px.extend_from_slice(&self.px[y * self.w + x0..y * self.w + x1]);
        }
        Gray {
            w: x1 - x0,
            h: y1 - y0,
            px,
        }
    }

    /// Paints the rectangle white.
    pub fn blank(&mut self, x0: usize, y0: usize, x1: usize, y1: usize) {
        for y in y0.min(self.h)..y1.min(self.h) {
            self.px[y * self.w + x0.min(self.w)..y * self.w + x1.min(self.w)].fill(255);
        }
    }

    fn dark(&self, x: usize, y: usize) -> bool {
        self.px[y * self.w + x] < DARK
    }
}

/// The page turned so its lines of text are level: the angle (within ±3°) at which the dark
/// pixels, projected onto the vertical, make the sharpest profile.
pub fn deskew(g: &Gray) -> Gray {
    let step = 4;
    let points: Vec<(f32, f32)> = (0..g.h / step)
        .flat_map(|y| (0..g.w / step).map(move |x| (x, y)))
        .filter(|&(x, y)| g.dark(x * step, y * step))
        .map(|(x, y)| ((x * step) as f32, (y * step) as f32))
        .collect();
    if points.len() < 100 {
        return Gray {
            w: g.w,
            h: g.h,
            px: g.px.clone(),
        };
    }
    let score = |deg: f32| -> f64 {
        let t = deg.to_radians().tan();
        let mut bins = vec![0u32; g.h * 2 / step + 2];
        for &(x, y) in &points {
            let b = ((y - x * t) / step as f32 + (g.h / step) as f32) as usize;
            if let Some(c) = bins.get_mut(b) {
                *c += 1;
            }
        }
        bins.iter().map(|&c| (c as f64) * (c as f64)).sum()
    };
    let best = |from: f32, to: f32, by: f32| {
        let n = ((to - from) / by).round() as i32;
        (0..=n)
            .map(|i| from + i as f32 * by)
            .map(|a| (a, score(a)))
            .fold((0.0f32, f64::MIN), |b, x| if x.1 > b.1 { x } else { b })
            .0
    };
    let coarse = best(-3.0, 3.0, 0.1);
    let angle = best(coarse - 0.1, coarse + 0.1, 0.01);
    rotate(g, angle)
}

/// Turns the page by `deg` about its centre (nearest pixel; outside the page is white).
fn rotate(g: &Gray, deg: f32) -> Gray {
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (g.w as f32 / 2.0, g.h as f32 / 2.0);
    let mut px = vec![255u8; g.w * g.h];
    for y in 0..g.h {
        let dy = y as f32 - cy;
        for x in 0..g.w {
            let dx = x as f32 - cx;
            // the source of (x, y): the point that turning by `deg` brings here
            let sx = (cx + dx * c - dy * s).round();
            let sy = (cy + dx * s + dy * c).round();
            if sx >= 0.0 && sy >= 0.0 && (sx as usize) < g.w && (sy as usize) < g.h {
                px[y * g.w + x] = g.px[sy as usize * g.w + sx as usize];
            }
        }
    }
    Gray { w: g.w, h: g.h, px }
}

/// A ruling line: horizontal ones at `at` = y from `from` to `to` in x, vertical ones the
/// other way round.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub at: f32,
    pub from: f32,
    pub to: f32,
}

#[derive(Debug, Default)]
pub struct Rules {
    pub h: Vec<Rule>,
    pub v: Vec<Rule>,
}

/// Long thin runs of dark pixels: at least 6 mm long, at most 1 mm thick, gaps of two pixels
/// (a scan's ragged line) bridged. Letters are shorter; filled areas are thicker.
pub fn rules(g: &Gray, dpi: f32) -> Rules {
    let min_len = (dpi * 6.0 / 25.4) as usize;
    let thick = (dpi / 25.4).max(2.0);
    let reach = (dpi / 60.0).max(2.0) as isize;
    let h = lines(g.h, g.w, |y, x| g.dark(x, y), min_len, thick, reach);
    let v = lines(g.w, g.h, |x, y| g.dark(x, y), min_len, thick, reach);
    Rules { h, v }
}

/// Runs along the `along` axis for each position on the `across` axis, merged across
/// neighbouring positions into one line each.
fn lines(
    across: usize,
    along: usize,
    dark: impl Fn(usize, usize) -> bool,
    min_len: usize,
    thick: f32,
    reach: isize,
) -> Vec<Rule> {
    // (first across, last across, from, to) of lines still growing
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done = Vec::new();
    for a in 0..across {
        let mut runs = Vec::new();
        let (mut start, mut gap) = (None, 0);
        for b in 0..=along {
            let d = b < along && dark(a, b);
            match (d, start) {
                (true, None) => {
                    start = Some(b);
                    gap = 0;
                }
                (true, Some(_)) => gap = 0,
                (false, Some(s)) => {
                    gap += 1;
                    if gap > 2 || b == along {
                        let end = b - gap;
                        if end + 1 - s >= min_len {
                            runs.push((s, end));
                        }
                        start = None;
                    }
                }
                (false, None) => {}
            }
        }
        let mut next = Vec::new();
        for (s, e) in runs {
            if let Some(k) = open
                .iter()
                .position(|o| o.1 + 1 >= a && s <= o.3 && e >= o.2)
            {
                let o = open.remove(k);
                next.push((o.0, a, o.2.min(s), o.3.max(e)));
            } else {
                next.push((a, a, s, e));
            }
        }
        // what did not go on in this row has ended
        done.append(&mut open);
        open = next;
    }
    done.extend(open);
    // a rule has white on both sides (a scan's ragged edge aside, so a few pixels out); the
    // foot of a line of bold letters has their stems above it
    let clear_at = |a: isize, from: usize, to: usize| {
        if a < 0 || a as usize >= across {
            return true;
        }
        let dark = (from..=to).filter(|&b| dark(a as usize, b)).count();
        dark * 5 < to + 1 - from
    };
    let clear = |a: isize, step: isize, from: usize, to: usize| {
        (2..=reach).any(|k| clear_at(a + k * step, from, to))
    };
    done.into_iter()
        .filter(|o| (o.1 + 1 - o.0) as f32 <= thick)
        .filter(|o| clear(o.0 as isize, -1, o.2, o.3) && clear(o.1 as isize, 1, o.2, o.3))
        .map(|o| Rule {
            at: (o.0 + o.1) as f32 / 2.0,
            from: o.2 as f32,
            to: o.3 as f32,
        })
        .collect()
}

/// Paints the ruling lines white, so that the OCR does not read them as letters.
pub fn erase(g: &mut Gray, r: &Rules, dpi: f32) {
    let pad = (dpi / 100.0).ceil() as isize + 1;
    let mut white = |x: isize, y: isize| {
        if x >= 0 && y >= 0 && (x as usize) < g.w && (y as usize) < g.h {
            g.px[y as usize * g.w + x as usize] = 255;
        }
    };
    for l in &r.h {
        for x in l.from as isize..=l.to as isize {
            for d in -pad..=pad {
                white(x, l.at as isize + d);
            }
        }
    }
    for l in &r.v {
        for y in l.from as isize..=l.to as isize {
            for d in -pad..=pad {
                white(l.at as isize + d, y);
            }
        }
    }
}
