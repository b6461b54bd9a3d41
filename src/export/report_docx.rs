//! `kehoach report docx`: a report as a Word file laid out as Nghị định 30/2020/NĐ-CP asks
//! of an administrative document (A4, Times New Roman; the two-column header with the body,
//! number, quốc hiệu, tiêu ngữ, place and date; the title; the text; the task table with its
//! header row repeated on each page; recipients and signer), for the staff member to sign.

use crate::resolve::ReportId;
use crate::site::Site;
use chrono::Datelike;
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType,
    Table, TableCell, TableRow, WidthType,
};

/// Twentieths of a point per millimetre.
const MM: f32 = 56.7;
/// Half-points, as Word counts font sizes.
const PT13: usize = 26;
const PT12: usize = 24;
const PT11: usize = 22;
/// Text width of A4 with margins 30 mm left and 20 mm right, in twentieths of a point.
const TEXT_WIDTH: usize = (160.0 * MM) as usize;

fn run(text: &str) -> Run {
    Run::new().add_text(text).size(PT13)
}

fn centred(r: Run) -> Paragraph {
    Paragraph::new().add_run(r).align(AlignmentType::Center)
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// "Hải Phòng, ngày 05 tháng 7 năm 2026": the day below 10, and months 1 and 2, with a 0.
fn place_and_date(place: &str, d: chrono::NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    let date = format!("ngày {:02} tháng {month} năm {}", d.day(), d.year());
    if place.is_empty() {
        crate::text::capitalize_first(&date)
    } else {
        format!("{place}, {date}")
    }
}

/// The Word file of report `r`, as bytes.
pub fn report_docx(site: &Site, r: ReportId) -> Result<Vec<u8>, String> {
    let rep = site.report(r);
    let body = site.body(rep.issuer);
    let half = TEXT_WIDTH / 2;
    let mut left = Vec::new();
    if let Some(p) = body.parent {
        left.push(centred(run(&site.body(p).name.to_uppercase())));
    }
    left.push(centred(run(&body.name.to_uppercase()).bold()));
    left.push(centred(run("________")));
    let number = if rep.number.is_empty() {
        "Số:        /BC-".to_string()
    } else {
        format!("Số: {}", rep.number)
    };
    left.push(centred(run(&number)));
    let right = vec![
        centred(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold().size(PT12)),
        centred(run("Độc lập - Tự do - Hạnh phúc").bold()),
        centred(run("_______________________")),
        centred(run(&place_and_date(&rep.place, rep.date)).italic()),
    ];
    let header = Table::new(vec![TableRow::new(vec![
        cell(left, half - 400),
        cell(right, half + 400),
    ])])
    .set_grid(vec![half - 400, half + 400])
    .width(TEXT_WIDTH, WidthType::Dxa)
    .clear_all_border();

    let mut doc = Docx::new()
        .page_size((210.0 * MM) as u32, (297.0 * MM) as u32)
        .page_margin(
            PageMargin::new()
                .top((20.0 * MM) as i32)
                .bottom((20.0 * MM) as i32)
                .left((30.0 * MM) as i32)
                .right((20.0 * MM) as i32),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman")
                .east_asia("Times New Roman"),
        )
        .default_size(PT13)
        .add_table(header)
        .add_paragraph(Paragraph::new())
        .add_paragraph(centred(run("BÁO CÁO").bold().size(28)))
        .add_paragraph(centred(run(&rep.title).bold().size(28)))
        .add_paragraph(centred(run("__________")));

    // The text: one paragraph per paragraph of the Markdown, as plain text.
    for para in rep.body.split("\n\n") {
        let text = crate::markdown::plain(para.trim());
        if text.is_empty() {
            continue;
        }
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(run(&text))
                .align(AlignmentType::Both)
                .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
                .line_spacing(LineSpacing::new().before(120).after(120)),
        );
    }

    if !rep.entries.is_empty() {
        let widths = [700, 3900, 1700, 1300, 1300, 3100];
        let scale = |w: usize| w * TEXT_WIDTH / widths.iter().sum::<usize>();
        let head = [
            "STT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Thời hạn",
            "Tình trạng",
            "Kết quả thực hiện",
        ];
        let mut rows = vec![TableRow::new(
            head.iter()
                .zip(widths)
                .map(|(h, w)| cell(vec![centred(run(h).bold().size(PT12))], scale(w)))
                .collect(),
        )
        // Marks the header row: `tblHeader` is added after building (see below).
        .cant_split()];
        for (i, e) in rep.entries.iter().enumerate() {
            let t = e.task.map(|k| (site.plan(k.plan()), site.task(k)));
            let task = match t {
                Some((p, t)) => format!(
                    "{} (nhiệm vụ {} của {})",
                    crate::markdown::plain(&t.title),
                    t.id,
                    if p.number.is_empty() {
                        p.title.clone()
                    } else {
                        format!("{} số {}", p.doc_type, p.number)
                    }
                ),
                None => e.written.clone(),
            };
            let lead = t.map_or(String::new(), |(_, t)| {
                t.lead
                    .iter()
                    .map(|nb| site.body(nb.body).name.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            let deadline = t.map_or(String::new(), |(_, t)| t.deadline.text.clone());
            let mut result = e.note.clone();
            if !e.outputs.is_empty() {
                result.push_str(&format!(" Sản phẩm: {}.", e.outputs.join("; ")));
            }
            let cells = [
                (i + 1).to_string(),
                task,
                lead,
                deadline,
                e.status.map_or(String::new(), |s| s.label().to_string()),
                result.trim().to_string(),
            ];
            rows.push(TableRow::new(
                cells
                    .iter()
                    .zip(widths)
                    .map(|(c, w)| cell(vec![Paragraph::new().add_run(run(c).size(PT12))], scale(w)))
                    .collect(),
            ));
        }
        doc = doc.add_paragraph(Paragraph::new()).add_table(
            Table::new(rows)
                .set_grid(widths.iter().map(|&w| scale(w)).collect())
                .width(TEXT_WIDTH, WidthType::Dxa),
        );
    }

    // Recipients on the left, the signer on the right, as the decree places them.
    let mut recipients =
        vec![Paragraph::new().add_run(Run::new().add_text("Nơi nhận:").bold().italic().size(PT12))];
    let n = rep.recipients.len();
    for (i, r) in rep.recipients.iter().enumerate() {
        let end = if i + 1 == n { "." } else { ";" };
        let r = r
            .trim_start_matches(['-', ' '])
            .trim_end_matches([';', '.']);
        recipients
            .push(Paragraph::new().add_run(Run::new().add_text(format!("- {r}{end}")).size(PT11)));
    }
    let mut signer = Vec::new();
    if let Some(s) = &rep.signer {
        // "KT. GIÁM ĐỐC; PHÓ GIÁM ĐỐC": one line per part, as on the plan's page.
        for a in s
            .authority
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            signer.push(centred(run(&a.to_uppercase()).bold()));
        }
        if !s.position.is_empty() {
            signer.push(centred(run(&s.position.to_uppercase()).bold()));
        }
        for _ in 0..4 {
            signer.push(Paragraph::new());
        }
        signer.push(centred(run(&s.name).bold()));
    }
    doc = doc.add_paragraph(Paragraph::new()).add_table(
        Table::new(vec![TableRow::new(vec![
            cell(recipients, half),
            cell(signer, half),
        ])])
        .set_grid(vec![half, half])
        .width(TEXT_WIDTH, WidthType::Dxa)
        .clear_all_border(),
    );

    let mut xml = doc.build();
    // docx-rs has no "repeat as header row" for a table row: the row marked `cantSplit` above
    // gets `tblHeader` too, so that Word repeats it at the top of each page.
    let document = String::from_utf8(std::mem::take(&mut xml.document))
        .map_err(|e| format!("lỗi tạo tệp Word: {e}"))?;
    xml.document = document
        .replacen("<w:cantSplit", "<w:tblHeader /><w:cantSplit", 1)
        .into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| format!("không tạo được tệp Word: {e}"))?;
    Ok(out.into_inner())
}
