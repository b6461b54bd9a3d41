//! PDF: the words of its text layer with their places (poppler's `pdftotext -bbox`), or, on a
//! page without one, the words Tesseract reads in the page's image (`pdftoppm`, then
//! `tesseract -l vie`, straightened and with the table's lines erased first). The page's
//! ruling lines, found in its image, give the tables.

use super::layout::{self, Page, Reader, Word};
use super::raster::{self, Gray};
use super::{run, Format};
use crate::import::Line;
use rayon::prelude::*;
use std::ffi::OsStr;
use std::path::Path;

const POPPLER: &str = "poppler-utils";
const TESSERACT: &str = "tesseract-ocr tesseract-ocr-vie";
/// Enough to see a table's lines in a page with a text layer.
const RULES_DPI: f32 = 150.0;
/// What Tesseract reads best.
const OCR_DPI: f32 = 300.0;
/// A page with fewer words than this in its text layer is read as a scan.
const MIN_WORDS: usize = 3;

pub fn read(path: &Path, shown: &str) -> Result<(Format, Vec<Line>, Vec<String>), String> {
    let info = run("pdfinfo", POPPLER, [path])?;
    if !info.status.success() {
        let err = String::from_utf8_lossy(&info.stderr);
        return Err(if err.contains("password") {
            format!("{shown} là PDF có mật khẩu mở; hãy xin bản không đặt mật khẩu hoặc mở bằng trình đọc PDF, in ra PDF mới rồi nhập")
        } else {
            format!(
                "{shown} là PDF bị hỏng, không đọc được ({}); hãy xin lại tệp gốc hoặc in lại ra PDF",
                err.lines().next().unwrap_or("").trim()
            )
        });
    }
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    if pages == 0 {
        return Err(format!("{shown}: PDF không có trang nào"));
    }
    let layer = run(
        "pdftotext",
        POPPLER,
        [OsStr::new("-bbox"), path.as_os_str(), OsStr::new("-")],
    )?;
    if !layer.status.success() {
        return Err(format!(
            "{shown}: không lấy được chữ từ PDF ({}); tệp bị hỏng hoặc cấm sao chép",
            String::from_utf8_lossy(&layer.stderr).trim()
        ));
    }
    let text_pages = words_of_layer(&String::from_utf8_lossy(&layer.stdout), RULES_DPI / 72.0);
    let scanned: Vec<bool> = (0..pages)
        .map(|p| text_pages.get(p).is_none_or(|w| w.len() < MIN_WORDS))
        .collect();
    if scanned.iter().any(|&s| s) {
        tesseract_ready()?;
    }
    let tmp = tempfile::tempdir().map_err(|e| format!("không tạo được thư mục tạm: {e}"))?;
    let done: Vec<Result<Page, String>> = (0..pages)
        .into_par_iter()
        .map(|p| {
            let dpi = if scanned[p] { OCR_DPI } else { RULES_DPI };
            let img = render(path, p + 1, dpi, tmp.path())?;
            if scanned[p] {
                ocr(img, tmp.path(), p + 1)
            } else {
                Ok(Page {
                    width: img.w as f32,
                    rules: raster::rules(&img, dpi),
                    words: text_pages[p].clone(),
                    dpi,
                })
            }
        })
        .collect();
    let mut reader = Reader::default();
    let mut lines = Vec::new();
    for (p, page) in done.into_iter().enumerate() {
        lines.extend(reader.page(page?, p + 1));
    }
    lines.extend(reader.finish());
    let n_scanned = scanned.iter().filter(|&&s| s).count();
    let mut warnings = std::mem::take(&mut reader.guessed);
    let format = if n_scanned == 0 {
        Format::Pdf
    } else {
        warnings.push(ocr_warning(n_scanned, pages, &reader.doubtful));
        if n_scanned == pages {
            Format::Scan
        } else {
            Format::Pdf
        }
    };
    Ok((format, lines, warnings))
}

/// An image (PNG, JPEG, TIFF) of one page.
pub fn read_image(path: &Path, shown: &str) -> Result<(Vec<Line>, Vec<String>), String> {
    tesseract_ready()?;
    let img = Gray::load(path).map_err(|e| format!("{shown}: {e}"))?;
    let tmp = tempfile::tempdir().map_err(|e| format!("không tạo được thư mục tạm: {e}"))?;
    let page = ocr(img, tmp.path(), 1)?;
    let mut reader = Reader::default();
    let mut lines = reader.page(page, 1);
    lines.extend(reader.finish());
    let mut warnings = std::mem::take(&mut reader.guessed);
    warnings.push(ocr_warning(1, 1, &reader.doubtful));
    Ok((lines, warnings))
}

fn ocr_warning(scanned: usize, pages: usize, doubtful: &[String]) -> String {
    let mut w = format!(
        "{scanned}/{pages} trang đọc bằng nhận dạng chữ (OCR, Tesseract tiếng Việt): hãy đối chiếu từng trường với văn bản gốc"
    );
    if doubtful.is_empty() {
        w.push('.');
    } else {
        w.push_str(&format!(
            "; {} dòng nhận dạng kém tin cậy, cần xem kỹ:",
            doubtful.len()
        ));
        for d in doubtful {
            w.push_str("\n  ");
            w.push_str(d);
        }
    }
    w
}

fn tesseract_ready() -> Result<(), String> {
    let langs = run("tesseract", TESSERACT, ["--list-langs"])?;
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&langs.stdout),
        String::from_utf8_lossy(&langs.stderr)
    );
    if !all.lines().any(|l| l.trim() == "vie") {
        return Err("Tesseract chưa có mô hình tiếng Việt để đọc bản quét; hãy cài gói tesseract-ocr-vie (Debian/Ubuntu: sudo apt-get install tesseract-ocr-vie)".into());
    }
    Ok(())
}

/// Page `n` as a grey image at `dpi`, with crisp lines.
fn render(path: &Path, n: usize, dpi: f32, dir: &Path) -> Result<Gray, String> {
    let base = dir.join(format!("render-{n}"));
    let n = n.to_string();
    let dpi_s = dpi.to_string();
    let flags = [
        "-r",
        &dpi_s,
        "-gray",
        "-aaVector",
        "no",
        "-f",
        &n,
        "-l",
        &n,
        "-singlefile",
    ];
    let files = [path.as_os_str(), base.as_os_str()];
    let out = run(
        "pdftoppm",
        POPPLER,
        flags.into_iter().map(OsStr::new).chain(files),
    )?;
    if !out.status.success() {
        return Err(format!(
            "không vẽ được trang {n} của PDF: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Gray::load(&base.with_extension("pgm"))
}

/// The words Tesseract reads on a page image, after straightening it and erasing its ruling
/// lines (which it would read as letters), with the lines kept for the tables. Each cell of a
/// table is read on its own as one block of text: read with the rest of the page, a lone "3"
/// in the number column is taken for a speck and dropped.
fn ocr(img: Gray, dir: &Path, n: usize) -> Result<Page, String> {
    let mut img = raster::deskew(&img);
    let rules = raster::rules(&img, OCR_DPI);
    raster::erase(&mut img, &rules, OCR_DPI);
    let pad = (OCR_DPI / 50.0) as usize;
    let mut strips = Vec::new();
    for t in layout::tables(&rules, OCR_DPI) {
        for [x0, y0, x1, y1] in layout::cells(&t, &rules, OCR_DPI) {
            let (x0, y0) = (x0 as usize + pad, y0 as usize + pad);
            let (x1, y1) = (
                (x1 as usize).saturating_sub(pad),
                (y1 as usize).saturating_sub(pad),
            );
            let cell = img.crop(x0, y0, x1, y1);
            if cell.px.iter().all(|&p| p >= 128) {
                continue;
            }
            let file = dir.join(format!("ocr-{n}-{}.pgm", strips.len()));
            cell.save(&file)?;
            strips.push((file, x0 as f32, y0 as f32));
        }
        let (x1, y1) = (t.xs[t.xs.len() - 1], t.ys[t.ys.len() - 1]);
        img.blank(
            t.xs[0] as usize,
            t.ys[0] as usize,
            x1 as usize + 1,
            y1 as usize + 1,
        );
    }
    let file = dir.join(format!("ocr-{n}.pgm"));
    img.save(&file)?;
    let mut words = tesseract(&file, "3", n)?
        .into_iter()
        .map(|(_, w)| w)
        .collect::<Vec<_>>();
    if !strips.is_empty() {
        let list = dir.join(format!("ocr-{n}.txt"));
        let names: Vec<String> = strips.iter().map(|s| s.0.display().to_string()).collect();
        std::fs::write(&list, names.join("\n") + "\n")
            .map_err(|e| format!("không ghi được tệp tạm: {e}"))?;
        for (k, mut w) in tesseract(&list, "6", n)? {
            let Some(&(_, dx, dy)) = strips.get(k) else {
                continue;
            };
            (w.x0, w.x1, w.y0, w.y1) = (w.x0 + dx, w.x1 + dx, w.y0 + dy, w.y1 + dy);
            words.push(w);
        }
    }
    Ok(Page {
        width: img.w as f32,
        words,
        rules,
        dpi: OCR_DPI,
    })
}

/// Tesseract on an image, or on a list of images (one per line), in the given page
/// segmentation mode: the words with the index of the image they are on.
fn tesseract(input: &Path, psm: &str, n: usize) -> Result<Vec<(usize, Word)>, String> {
    let dpi = (OCR_DPI as u32).to_string();
    let flags = [
        "stdout", "-l", "vie+eng", "--dpi", &dpi, "--psm", psm, "tsv",
    ];
    let out = run(
        "tesseract",
        TESSERACT,
        std::iter::once(input.as_os_str()).chain(flags.into_iter().map(OsStr::new)),
    )?;
    if !out.status.success() {
        return Err(format!(
            "Tesseract không đọc được trang {n}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(words_of_tsv(&String::from_utf8_lossy(&out.stdout)))
}

/// Tesseract's TSV: level 5 rows are words (page, …, left, top, width, height, confidence,
/// text); the page is the image's place in the list, from 1.
fn words_of_tsv(tsv: &str) -> Vec<(usize, Word)> {
    tsv.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.splitn(12, '\t').collect();
            if f.len() < 12 || f[0] != "5" || f[11].trim().is_empty() {
                return None;
            }
            let n = |i: usize| f[i].parse::<f32>().ok();
            let (x, y, w, h, conf) = (n(6)?, n(7)?, n(8)?, n(9)?, n(10)?);
            let page = f[1].parse::<usize>().ok()?.saturating_sub(1);
            Some((
                page,
                Word {
                    text: f[11].trim().to_string(),
                    x0: x,
                    y0: y,
                    x1: x + w,
                    y1: y + h,
                    conf,
                },
            ))
        })
        .collect()
}

/// `pdftotext -bbox` output: per page, its words with boxes in points, scaled to pixels.
fn words_of_layer(html: &str, scale: f32) -> Vec<Vec<Word>> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(html, opts) else {
        return Vec::new();
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "page")
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "word")
                .filter_map(|w| {
                    let a = |k: &str| w.attribute(k)?.parse::<f32>().ok().map(|v| v * scale);
                    Some(Word {
                        text: w.text().unwrap_or("").to_string(),
                        x0: a("xMin")?,
                        y0: a("yMin")?,
                        x1: a("xMax")?,
                        y1: a("yMax")?,
                        conf: 100.0,
                    })
                })
                .collect()
        })
        .collect()
}
