//! The command line. Messages are in Vietnamese; errors are one line each, never a panic.

use crate::diag::{Diagnostic, Severity};
use crate::pipeline::{self, BuildError, BuildOptions};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

mod help;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "kehoach",
    version,
    about = "Trang kế hoạch tĩnh: biên dịch các tệp kế hoạch Markdown thành trang web liên kết"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` không phải ngày dạng YYYY-MM-DD"))
}

fn parse_port(s: &str) -> Result<u16, String> {
    s.parse()
        .map_err(|_| format!("`{s}` không phải cổng: cổng là một số từ 0 đến 65535"))
}

#[derive(Subcommand)]
enum Command {
    /// Removes the previous site after a build has put the new one in place (started by the
    /// build itself, in the background).
    #[command(name = "__remove-old-output", hide = true)]
    RemoveOldOutput { dir: PathBuf },
    /// Tạo toàn bộ trang vào public/
    Build {
        /// Thư mục của trang (chứa site.yaml); mặc định là thư mục hiện tại
        #[arg(long, default_value = ".", value_name = "THƯ-MỤC")]
        root: PathBuf,
        /// Thư mục đầu ra; mặc định public/ trong thư mục trang
        #[arg(long, value_name = "THƯ-MỤC")]
        output: Option<PathBuf>,
        /// Ngày đối chiếu quá hạn (YYYY-MM-DD); mặc định as_of trong site.yaml, hoặc hôm nay
        #[arg(long, value_parser = parse_date, value_name = "NGÀY")]
        as_of: Option<NaiveDate>,
        /// Địa chỉ gốc của trang, ví dụ https://portal.example/ke-hoach-so/
        #[arg(long, value_name = "ĐỊA-CHỈ")]
        base_url: Option<String>,
        /// In thời gian từng bước (đọc, phân giải, lập chỉ mục, tạo trang, thay thư mục)
        #[arg(long, short)]
        verbose: bool,
        /// Coi mọi cảnh báo (tên chưa phân giải, liên kết hỏng) là lỗi: không thay thư mục đầu ra
        #[arg(long)]
        strict: bool,
        /// Vẫn đăng khi bản mới không có kế hoạch nào, hoặc ít hơn một nửa số trang đang đăng
        #[arg(long)]
        allow_shrink: bool,
        /// Tạo lại mọi tệp, kể cả khi không có gì thay đổi từ lần tạo trước
        #[arg(long)]
        force: bool,
    },
    /// Tạo trang, phục vụ tại 127.0.0.1 và tạo lại khi tệp thay đổi (tự tải lại trình duyệt)
    Serve {
        /// Thư mục của trang (chứa site.yaml); mặc định là thư mục hiện tại
        #[arg(long, default_value = ".", value_name = "THƯ-MỤC")]
        root: PathBuf,
        /// Cổng; mặc định 1111
        #[arg(long, default_value_t = 1111, value_parser = parse_port, value_name = "CỔNG")]
        port: u16,
        /// Địa chỉ lắng nghe; mặc định chỉ máy này (127.0.0.1). 0.0.0.0 để mở cho mạng nội bộ
        #[arg(long, default_value = "127.0.0.1", value_name = "ĐỊA-CHỈ")]
        bind: String,
        /// Thư mục chứa trang tạo ra (mặc định: thư mục tạm, xóa khi dừng)
        #[arg(long, value_name = "THƯ-MỤC")]
        output: Option<PathBuf>,
        /// Ngày đối chiếu quá hạn (YYYY-MM-DD); mặc định as_of trong site.yaml, hoặc hôm nay
        #[arg(long, value_parser = parse_date, value_name = "NGÀY")]
        as_of: Option<NaiveDate>,
        /// Sau mỗi lần tạo lại, in các tệp đã ghi lại và thời gian từng bước
        #[arg(long, short)]
        verbose: bool,
    },
    /// Chuyển văn bản kế hoạch (Word .docx, PDF, bản quét, hoặc chữ đã trích ra) thành tệp kế hoạch
    Import {
        /// Tệp Word (.docx), PDF (có chữ hoặc bản quét), ảnh một trang (PNG, JPEG, TIFF) hoặc văn bản UTF-8
        #[arg(value_name = "TỆP")]
        file: PathBuf,
        /// Ghi ra tệp này (mặc định: in ra màn hình); không ghi đè tệp đã có
        #[arg(long, value_name = "TỆP")]
        output: Option<PathBuf>,
        /// Thư mục của trang, để đối chiếu tên cơ quan với content/departments.yaml; mặc định là thư mục hiện tại
        #[arg(long, default_value = ".", value_name = "THƯ-MỤC")]
        root: PathBuf,
    },
    /// Tạo tệp kế hoạch mới từ mẫu, trong content/plans/<năm>/
    New {
        /// Số hiệu (ví dụ "12/KH-SKHCN") hoặc trích yếu của kế hoạch
        #[arg(value_name = "SỐ-HIỆU-HOẶC-TRÍCH-YẾU")]
        number_or_title: String,
        /// Thư mục của trang (chứa site.yaml); mặc định là thư mục hiện tại
        #[arg(long, default_value = ".", value_name = "THƯ-MỤC")]
        root: PathBuf,
        /// Mã cơ quan ban hành trong content/departments.yaml (mặc định: suy ra từ số hiệu)
        #[arg(long, value_name = "MÃ")]
        issuer: Option<String>,
        /// Ngày ban hành YYYY-MM-DD (mặc định: hôm nay)
        #[arg(long, value_parser = parse_date, value_name = "NGÀY")]
        date: Option<NaiveDate>,
    },
    /// Kiểm tra nội dung: mọi lỗi và cảnh báo, không tạo trang
    Check {
        /// Thư mục của trang (chứa site.yaml); mặc định là thư mục hiện tại
        #[arg(long, default_value = ".", value_name = "THƯ-MỤC")]
        root: PathBuf,
        /// Trả mã lỗi khác 0 cả khi chỉ có cảnh báo
        #[arg(long)]
        strict: bool,
        /// Ngày đối chiếu quá hạn (YYYY-MM-DD); mặc định as_of trong site.yaml, hoặc hôm nay
        #[arg(long, value_parser = parse_date, value_name = "NGÀY")]
        as_of: Option<NaiveDate>,
        /// Dạng kết quả: text (mặc định) hoặc json
        #[arg(long, default_value = "text", value_name = "DẠNG")]
        format: String,
    },
    /// Báo cáo kết quả thực hiện: tạo bản nháp cho một cơ quan, hoặc xuất tệp Word
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// In hướng dẫn của kehoach, hoặc của một lệnh
    Help {
        /// Tên lệnh: build, serve, import, new hoặc check
        #[arg(value_name = "LỆNH")]
        command: Option<String>,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Tạo bản nháp báo cáo của một cơ quan cho một kỳ, liệt kê mọi nhiệm vụ đang mở do cơ quan chủ trì
    New {
        /// Mã cơ quan trong content/departments.yaml
        #[arg(long, value_name = "MÃ")]
        body: String,
        /// Kỳ báo cáo, ví dụ "Quý III/2026", "6 tháng đầu năm 2026", "Năm 2026"
        #[arg(long, value_name = "KỲ")]
        period: String,
        /// Thư mục của trang (chứa site.yaml); mặc định là thư mục hiện tại
        #[arg(long, default_value = ".", value_name = "THƯ-MỤC")]
        root: PathBuf,
        /// Ngày báo cáo YYYY-MM-DD (mặc định: hôm nay)
        #[arg(long, value_parser = parse_date, value_name = "NGÀY")]
        date: Option<NaiveDate>,
        /// Ngày đối chiếu tình trạng nhiệm vụ (YYYY-MM-DD); mặc định as_of trong site.yaml, hoặc hôm nay
        #[arg(long, value_parser = parse_date, value_name = "NGÀY")]
        as_of: Option<NaiveDate>,
    },
    /// Xuất một báo cáo thành tệp Word (.docx) theo thể thức Nghị định 30/2020/NĐ-CP
    Docx {
        /// Tệp báo cáo trong content/bao-cao/
        #[arg(value_name = "TỆP")]
        file: PathBuf,
        /// Tệp Word ghi ra (mặc định: cùng tên, đuôi .docx, cạnh tệp báo cáo); không ghi đè tệp đã có
        #[arg(long, value_name = "TỆP")]
        output: Option<PathBuf>,
        /// Thư mục của trang (chứa site.yaml); mặc định là thư mục hiện tại
        #[arg(long, default_value = ".", value_name = "THƯ-MỤC")]
        root: PathBuf,
    },
}

pub fn main() -> i32 {
    let cli = match help::parse() {
        Ok(c) => c,
        Err(code) => return code,
    };
    // Like other command-line tools, a command whose output is cut short (`kehoach check |
    // head`) ends quietly instead of panicking on the closed pipe. `serve` keeps Rust's
    // default, the signal ignored: a browser dropping a connection must not end the server.
    #[cfg(unix)]
    if !matches!(cli.command, Command::Serve { .. }) {
        // SAFETY: no other thread runs yet, and SIG_DFL is a valid disposition.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    match cli.command {
        Command::RemoveOldOutput { dir } => match crate::output::remove_old_output(&dir) {
            Ok(()) => 0,
            Err(_) => 1,
        },
        Command::Build {
            root,
            output,
            as_of,
            base_url,
            verbose,
            strict,
            allow_shrink,
            force,
        } => run_build(
            BuildOptions {
                root,
                output,
                as_of,
                base_url,
                strict,
                allow_shrink,
                force,
            },
            verbose,
        ),
        Command::Serve {
            root,
            port,
            bind,
            output,
            as_of,
            verbose,
        } => {
            match crate::serve::serve(crate::serve::ServeOptions {
                root,
                port,
                bind,
                output,
                as_of,
                verbose,
            }) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("lỗi: {e}");
                    1
                }
            }
        }
        Command::Import { file, output, root } => match run_import(&file, output.as_deref(), &root)
        {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("lỗi: {e}");
                1
            }
        },
        Command::New {
            root,
            number_or_title,
            issuer,
            date,
        } => {
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            match crate::scaffold::new_plan(&root, &number_or_title, issuer.as_deref(), date) {
                Ok(rel) => {
                    println!("Đã tạo {}. Mở tệp để điền trích yếu, người ký và nhiệm vụ; chạy `kehoach check` để kiểm tra.", rel.display());
                    0
                }
                Err(e) => {
                    eprintln!("lỗi: {e}");
                    1
                }
            }
        }
        Command::Check {
            root,
            strict,
            as_of,
            format,
        } => run_check(root, strict, as_of, &format),
        Command::Report { command } => match run_report(command) {
            Ok(message) => {
                println!("{message}");
                0
            }
            Err(e) => {
                eprintln!("lỗi: {e}");
                1
            }
        },
        Command::Help { command } => help::print_help(command.as_deref()),
    }
}

/// The site at `root`, resolved and indexed, or its errors as one message.
fn site_at(root: &std::path::Path, as_of: Option<NaiveDate>) -> Result<crate::site::Site, String> {
    if !root.join(crate::content::SITE).is_file() {
        return Err(format!("không tìm thấy site.yaml trong {}: chạy lệnh trong thư mục của trang, hoặc chỉ rõ bằng --root", root.display()));
    }
    match pipeline::prepare(root, as_of, None) {
        (Some(site), _, _) => Ok(site),
        (None, diags, _) => {
            let mut d = diags.into_sorted();
            d.retain(|x| x.severity == Severity::Error);
            let first: Vec<String> = d.iter().take(5).map(|x| x.to_string()).collect();
            Err(format!(
                "trang còn {} lỗi nội dung; sửa trước (chạy `kehoach check`):\n{}",
                d.len(),
                first.join("\n")
            ))
        }
    }
}

fn run_report(command: ReportCommand) -> Result<String, String> {
    match command {
        ReportCommand::New {
            body,
            period,
            root,
            date,
            as_of,
        } => {
            let site = site_at(&root, as_of)?;
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            let (rel, n) = crate::report_draft::new_report(&root, &site, &body, &period, date)?;
            Ok(format!("Đã tạo {} với {n} nhiệm vụ đang mở. Điền trạng thái, kết quả từng nhiệm vụ, số hiệu và người ký; chạy `kehoach check` để kiểm tra, `kehoach report docx {}` để có tệp Word.", rel.display(), rel.display()))
        }
        ReportCommand::Docx { file, output, root } => {
            let site = site_at(&root, None)?;
            let abs = if file.is_absolute() {
                file.clone()
            } else {
                std::env::current_dir()
                    .map_err(|e| e.to_string())?
                    .join(&file)
            };
            let real_root = root
                .canonicalize()
                .map_err(|e| format!("không đọc được {}: {e}", root.display()))?;
            let real = abs
                .canonicalize()
                .map_err(|e| format!("không đọc được {}: {e}", file.display()))?;
            let rel = crate::content::rel_path(&real_root, &real);
            let Some(r) = site.resolved().reports.iter().position(|x| x.path == rel) else {
                return Err(format!(
                    "{} không phải tệp báo cáo của trang (báo cáo đặt trong {}/)",
                    file.display(),
                    crate::content::REPORTS_DIR
                ));
            };
            let out = output.unwrap_or_else(|| file.with_extension("docx"));
            if out.exists() {
                return Err(format!(
                    "{} đã có; không ghi đè. Chọn tên khác bằng --output",
                    out.display()
                ));
            }
            let bytes = crate::export::report_docx::report_docx(&site, r)?;
            std::fs::write(&out, bytes)
                .map_err(|e| format!("không ghi được {}: {e}", out.display()))?;
            Ok(format!("Đã ghi {}.", out.display()))
        }
    }
}

/// Prints every message, a blank line between files. Buffered: a large site's check prints tens
/// of thousands of lines, and unbuffered stderr made a system call for each piece of each.
fn print_grouped(diags: &mut [Diagnostic], root: &std::path::Path) {
    use std::io::Write;
    crate::diag::show_lines(diags, root);
    let mut out = std::io::BufWriter::new(std::io::stderr().lock());
    let mut last = "";
    for d in diags {
        if d.path != last && !last.is_empty() {
            let _ = writeln!(out);
        }
        last = &d.path;
        let _ = writeln!(out, "{d}");
    }
}

/// Prints up to 20 warnings, then how many more there are.
fn print_capped(diags: &[Diagnostic]) {
    const SHOWN: usize = 20;
    for d in diags.iter().take(SHOWN) {
        eprintln!("{d}");
    }
    if diags.len() > SHOWN {
        eprintln!("… và {} cảnh báo khác cùng loại.", diags.len() - SHOWN);
    }
}

fn run_build(opts: BuildOptions, verbose: bool) -> i32 {
    let start = Instant::now();
    match pipeline::build(&opts) {
        Ok(r) => {
            let warnings = r.warnings + r.link_warnings.len();
            let (made, into) = if r.unchanged {
                ("Không có gì thay đổi từ lần tạo trước (nội dung, giao diện, tùy chọn, ngày đối chiếu): giữ nguyên", "ở")
            } else {
                ("Đã tạo", "vào")
            };
            println!(
                "{made} {} trang ({} tệp, {:.1} MB) từ {} kế hoạch, {} nhiệm vụ {into} {} trong {:.2} giây.",
                r.pages,
                r.files,
                r.bytes as f64 / 1e6,
                r.plans,
                r.tasks,
                r.output.display(),
                start.elapsed().as_secs_f64()
            );
            if r.unchanged {
                println!("Dùng `--force` để tạo lại mọi tệp.");
            }
            if let Some(n) = r.remade {
                println!(
                    "Chỉ tạo lại {n} tệp liên quan tới các kế hoạch đã sửa; giữ nguyên {} tệp từ lần tạo trước (dùng `--force` để tạo lại mọi tệp).",
                    r.files - n
                );
            }
            // Links the build itself wrote are found only here, not by `check`: show them.
            print_capped(&r.link_warnings);
            if r.warnings > 0 {
                println!(
                    "{} cảnh báo về nội dung: chạy `kehoach check` để xem chi tiết.",
                    r.warnings
                );
            }
            if warnings > 0 {
                println!("Dùng `--strict` để không xuất bản khi còn cảnh báo.");
            }
            if let Some(why) = r.made_because.filter(|_| verbose) {
                println!("Tạo mọi tệp: {why}.");
            }
            if verbose && !r.unchanged {
                let t = &r.timings;
                let compare = if r.remade.is_some() {
                    format!(", so với lần tạo trước {:.3} s", t.compare.as_secs_f64())
                } else {
                    String::new()
                };
                let kept = match t.plans_kept {
                    0 => String::new(),
                    n => format!(" ({n} tệp kế hoạch không đổi, dùng lại bản đã phân tích)"),
                };
                let mut reused = Vec::new();
                if t.stretches_kept > 0 {
                    let n = t.stretches_kept;
                    reused.push(format!("{n} đoạn chỉ mục tìm kiếm không đổi, dùng lại"));
                }
                if t.pieces_kept > 0 {
                    let n = t.pieces_kept;
                    reused.push(format!(
                        "{n} phần của danh sách nhiệm vụ và lịch chung lấy lại từ trang đang đăng"
                    ));
                }
                let stretches = match reused.is_empty() {
                    true => String::new(),
                    false => format!(" ({})", reused.join("; ")),
                };
                println!(
                    "Thời gian: đọc {:.3} s{kept}, phân giải {:.3} s, lập chỉ mục {:.3} s{compare}, tạo và ghi trang {:.3} s{stretches}, thay thư mục {:.3} s.",
                    t.load.as_secs_f64(),
                    t.resolve.as_secs_f64(),
                    t.index.as_secs_f64(),
                    t.render.as_secs_f64(),
                    t.commit.as_secs_f64()
                );
                let parts: Vec<String> = t
                    .render_parts
                    .iter()
                    .map(|(what, d)| format!("{what} {:.3} s", d.as_secs_f64()))
                    .collect();
                println!(
                    "Tạo và ghi trang, cộng thời gian của các luồng: {}.",
                    parts.join(", ")
                );
                let mb = |b: u64| b as f64 / 1e6;
                let rows = &t.rows;
                println!(
                    "Hàng bảng nhiệm vụ: {} giữ nguyên ({:.1} MB), {} nén lại ({:.1} MB còn {:.1} MB).",
                    rows.kept.0,
                    mb(rows.kept.1),
                    rows.packed.0,
                    mb(rows.packed.1),
                    mb(rows.packed.2)
                );
            }
            0
        }
        Err(BuildError::Content(diags)) => {
            let mut errors: Vec<Diagnostic> = diags
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            print_grouped(&mut errors, &opts.root);
            eprintln!(
                "\nKhông tạo trang: {} lỗi. Thư mục đầu ra cũ được giữ nguyên.",
                errors.len()
            );
            1
        }
        Err(BuildError::Strict(mut diags)) => {
            print_grouped(&mut diags, &opts.root);
            eprintln!(
                "\nKhông tạo trang (--strict): {} cảnh báo. Thư mục đầu ra cũ được giữ nguyên.",
                diags.len()
            );
            1
        }
        Err(BuildError::Other(msgs)) => {
            for m in &msgs {
                eprintln!("lỗi: {m}");
            }
            eprintln!("\nKhông tạo trang. Thư mục đầu ra cũ được giữ nguyên.");
            1
        }
    }
}

fn run_check(root: PathBuf, strict: bool, as_of: Option<NaiveDate>, format: &str) -> i32 {
    let (_, diags, _) = pipeline::prepare(&root, as_of, None);
    let mut diags = diags.into_sorted();
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    match format {
        "json" => {
            crate::diag::show_lines(&mut diags, &root);
            println!(
                "{}",
                serde_json::to_string_pretty(&diags).unwrap_or_default()
            )
        }
        "text" => {
            print_grouped(&mut diags, &root);
            if !diags.is_empty() {
                eprintln!();
            }
            eprintln!("{errors} lỗi, {warnings} cảnh báo.");
        }
        other => {
            eprintln!("lỗi: dạng kết quả `{other}` không hợp lệ; dùng text hoặc json");
            return 2;
        }
    }
    if errors > 0 || (strict && warnings > 0) {
        1
    } else {
        0
    }
}

fn run_import(
    file: &std::path::Path,
    output: Option<&std::path::Path>,
    root: &std::path::Path,
) -> Result<(), String> {
    // before a scan's OCR, not after it
    if let Some(out) = output.filter(|o| o.exists()) {
        return Err(format!("{} đã có; không ghi đè", out.display()));
    }
    let source = crate::import::read::read(file)?;
    let mut diags = crate::diag::Diagnostics::default();
    let registry = match std::fs::read_to_string(root.join(crate::content::DEPARTMENTS)) {
        Ok(t) => crate::content::parse_departments(
            crate::content::DEPARTMENTS,
            &crate::text::nfc(&t),
            &mut diags,
        ),
        Err(_) => Vec::new(),
    };
    let imported = crate::import::import_lines(source.lines, registry);
    if source.format != crate::import::read::Format::Text {
        eprintln!("Đọc {} như {}.", file.display(), source.format.name());
    }
    for w in source.warnings.iter().chain(&imported.warnings) {
        eprintln!("cảnh báo: {w}");
    }
    match output {
        None => print!("{}", imported.markdown),
        Some(out) => {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(out)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::AlreadyExists => {
                        format!("{} đã có; không ghi đè", out.display())
                    }
                    _ => format!("không tạo được {}: {e}", out.display()),
                })?;
            f.write_all(imported.markdown.as_bytes())
                .map_err(|e| e.to_string())?;
            eprintln!(
                "Đã ghi {} ({} cảnh báo).",
                out.display(),
                source.warnings.len() + imported.warnings.len()
            );
        }
    }
    Ok(())
}
