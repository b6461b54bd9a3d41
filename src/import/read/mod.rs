//! The files staff have, as lines for the import: extracted text, Word (.docx), PDF with a text
//! layer, and scans (a PDF of page images, or an image) read by Tesseract with its Vietnamese
//! model. The reader is chosen by what the file holds, whatever its name says.

mod docx;
mod layout;
mod pdf;
mod raster;

use super::Line;
use std::path::Path;

pub use docx::MAX_PART;

/// A Word file's bytes as lines; errors name the file as `shown`.
pub fn read_docx(bytes: &[u8], shown: &str) -> Result<Vec<Line>, String> {
    docx::read(bytes, shown)
}

/// The largest file read: a scanned plan of a hundred pages is well under this.
const MAX_FILE: u64 = 512 << 20;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    Text,
    Docx,
    Pdf,
    Scan,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "văn bản thuần",
            Format::Docx => "Word (.docx)",
            Format::Pdf => "PDF có lớp chữ",
            Format::Scan => "bản quét (nhận dạng chữ bằng Tesseract)",
        }
    }
}

pub struct Source {
    pub format: Format,
    pub lines: Vec<Line>,
    /// What the staff member should check: lines read with low confidence, pages read by OCR.
    pub warnings: Vec<String>,
}

enum Kind {
    Zip,
    Pdf,
    Image,
    OleEncrypted,
    OleWord97,
    Rtf,
    Text,
}

fn sniff(b: &[u8]) -> Kind {
    let head = &b[..b.len().min(1024)];
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
        Kind::Zip
    } else if memchr::memmem::find(head, b"%PDF-").is_some() {
        Kind::Pdf
    } else if b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // Office keeps a password-protected .docx inside an OLE file, as a stream of this name
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if memchr::memmem::find(b, &name).is_some() {
            Kind::OleEncrypted
        } else {
            Kind::OleWord97
        }
    } else if b.starts_with(b"\x89PNG")
        || b.starts_with(&[0xFF, 0xD8, 0xFF])
        || b.starts_with(b"II*\0")
        || b.starts_with(b"MM\0*")
    {
        Kind::Image
    } else if b.starts_with(b"{\\rtf") {
        Kind::Rtf
    } else {
        Kind::Text
    }
}

pub fn read(path: &Path) -> Result<Source, String> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(format!("{shown} là thư mục, không phải tệp văn bản"));
    }
    let size = std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("không tìm thấy tệp {shown}"),
            _ => format!("không đọc được {shown}: {e}"),
        })?;
    if size > MAX_FILE {
        return Err(format!(
            "{shown} lớn {} MB, quá {} MB mà một văn bản cần; hãy tách hoặc nén lại",
            size >> 20,
            MAX_FILE >> 20
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("không đọc được {shown}: {e}"))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let (format, lines, mut warnings) = match sniff(&bytes) {
        Kind::Zip => (Format::Docx, read_docx(&bytes, &shown)?, Vec::new()),
        Kind::Pdf => pdf::read(path, &shown)?,
        Kind::Image => {
            let (lines, w) = pdf::read_image(path, &shown)?;
            (Format::Scan, lines, w)
        }
        Kind::OleEncrypted => {
            return Err(format!(
                "{shown} là tệp Word có mật khẩu; hãy mở bằng Word, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu), lưu lại rồi nhập"
            ))
        }
        Kind::OleWord97 => {
            return Err(format!(
                "{shown} là tệp Word 97-2003 (.doc) hoặc tệp Office cũ; hãy mở bằng Word hoặc LibreOffice và lưu thành .docx rồi nhập"
            ))
        }
        Kind::Rtf => {
            return Err(format!(
                "{shown} là tệp RTF; hãy mở bằng Word hoặc LibreOffice và lưu thành .docx rồi nhập"
            ))
        }
        Kind::Text => (Format::Text, text_lines(bytes, &shown)?, Vec::new()),
    };
    let expected = match ext.as_str() {
        "docx" => Some(Format::Docx),
        "pdf" => Some(Format::Pdf),
        "txt" | "md" => Some(Format::Text),
        _ => None,
    };
    if let Some(e) =
        expected.filter(|&e| e != format && !(e == Format::Pdf && format == Format::Scan))
    {
        warnings.insert(
            0,
            format!(
                "tệp có đuôi .{ext} ({}) nhưng nội dung là {}; đã đọc theo nội dung",
                e.name(),
                format.name()
            ),
        );
    }
    Ok(Source {
        format,
        lines,
        warnings,
    })
}

fn text_lines(bytes: Vec<u8>, shown: &str) -> Result<Vec<Line>, String> {
    if bytes.contains(&0) {
        return Err(format!(
            "{shown} không phải tệp văn bản (có byte 0) và không phải .docx, PDF hay ảnh; hãy lưu văn bản thành .docx, PDF hoặc .txt UTF-8"
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{shown} không phải văn bản UTF-8; hãy lưu lại với bảng mã UTF-8"))?;
    Ok(text
        .replace('\r', "")
        .lines()
        .map(|l| Line::Text(l.to_string()))
        .collect())
}

/// A program the reader needs, run with its output captured; a missing program is named with
/// the Debian package that has it.
fn run<S: AsRef<std::ffi::OsStr>>(
    program: &str,
    package: &str,
    args: impl IntoIterator<Item = S>,
) -> Result<std::process::Output, String> {
    std::process::Command::new(program)
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "cần chương trình `{program}` để đọc tệp này nhưng máy chưa cài; hãy cài gói {package} (Debian/Ubuntu: sudo apt-get install {package})"
            ),
            _ => format!("không chạy được `{program}`: {e}"),
        })
}
