//! Build benchmark: generates the synthetic corpora of ../shared/bench/gen_corpus.py and times
//! full builds of them with the release `kehoach` binary, reporting wall time and peak resident
//! memory (min / median / max over the runs) as a Markdown table for the README.
//!
//!     cargo build --release && ./target/release/kehoach-bench --plans 1000,10000 --runs 3
//!
//! Each build is a separate process, so peak memory is the process's own (getrusage of the
//! child). The corpus is generated once per size into --work and reused.
//!
//! `--floor` measures what no build can go below on this machine: reading every input file,
//! and writing every file of a build's output (read into memory first) into a new folder.
//!
//! `--bad-sizes` instead builds sites with one input of a hostile size each (a 50 MB plan file,
//! 100,000 tasks in one plan, 10,000 bodies, deeply nested YAML, a YAML alias bomb) and reports
//! whether each built or was refused, with its time and memory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

struct Args {
    plans: Vec<usize>,
    runs: usize,
    /// Measure edits through `kehoach serve` instead of full builds.
    edit: bool,
    /// Build sites of bad sizes instead (issue 8).
    bad_sizes: bool,
    /// Measure the floor instead: reading the input and writing the output, nothing else.
    floor: bool,
    /// Only builds from nothing (a 100,000-plan rebuild keeps two sites: 40 GB of disk).
    from_nothing: bool,
    work: PathBuf,
    shared: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut a = Args {
        plans: vec![1000, 10000],
        runs: 3,
        edit: false,
        bad_sizes: false,
        floor: false,
        from_nothing: false,
        work: std::env::temp_dir().join("kehoach-bench"),
        shared: repo.join("../shared"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().ok_or(format!("{k} cần một giá trị"));
        match k.as_str() {
            "--plans" => {
                a.plans = v()?
                    .split(',')
                    .map(|x| {
                        x.trim()
                            .parse()
                            .map_err(|_| format!("số kế hoạch không hợp lệ: {x}"))
                    })
                    .collect::<Result<_, _>>()?
            }
            "--runs" => a.runs = v()?.parse().map_err(|_| "--runs cần một số".to_string())?,
            "--work" => a.work = PathBuf::from(v()?),
            "--edit" => a.edit = true,
            "--bad-sizes" => a.bad_sizes = true,
            "--floor" => a.floor = true,
            "--from-nothing" => a.from_nothing = true,
            "--shared" => a.shared = PathBuf::from(v()?),
            "-h" | "--help" => {
                println!("kehoach-bench [--plans 1000,10000] [--runs 3] [--edit | --bad-sizes | --floor | --from-nothing] [--work DIR] [--shared ../shared]");
                std::process::exit(0);
            }
            other => return Err(format!("tham số không rõ: {other}")),
        }
    }
    Ok(a)
}

/// gen_corpus.py finds the seed texts at <its folder>/../shared/seeds: give it that layout.
fn generate(args: &Args, n: usize) -> Result<PathBuf, String> {
    let out = args.work.join(format!("corpus-{n}"));
    if out.join("site.yaml").exists() {
        return Ok(out);
    }
    let gen = args.work.join("gen");
    std::fs::create_dir_all(gen.join("bench")).map_err(|e| e.to_string())?;
    std::fs::copy(
        args.shared.join("bench/gen_corpus.py"),
        gen.join("bench/gen_corpus.py"),
    )
    .map_err(|e| {
        format!(
            "không tìm thấy {}/bench/gen_corpus.py: {e} (dùng --shared)",
            args.shared.display()
        )
    })?;
    let link = gen.join("shared");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(
        std::fs::canonicalize(&args.shared).map_err(|e| e.to_string())?,
        &link,
    )
    .map_err(|e| e.to_string())?;
    eprintln!("tạo bộ dữ liệu {n} kế hoạch…");
    let st = Command::new("python3")
        .arg(gen.join("bench/gen_corpus.py"))
        .args([
            "--plans",
            &n.to_string(),
            "--seed",
            "1",
            "--format",
            "kehoach",
            "--out",
        ])
        .arg(&out)
        .status()
        .map_err(|e| format!("không chạy được python3: {e}"))?;
    if !st.success() {
        return Err("gen_corpus.py thất bại".into());
    }
    Ok(out)
}

struct Sample {
    secs: f64,
    peak_mb: f64,
}

/// Runs one build as a child process; returns wall time and the child's peak RSS.
fn run_build(bin: &Path, root: &Path, out: &Path) -> Result<(Sample, String), String> {
    match run_any(bin, root, out)? {
        (s, 0, stdout, _) => Ok((s, stdout)),
        (_, code, _, stderr) => Err(format!("build thất bại (mã {code}): {stderr}")),
    }
}

/// Runs one build; returns wall time, peak RSS, exit code (-1: killed), stdout and stderr.
fn run_any(bin: &Path, root: &Path, out: &Path) -> Result<(Sample, i32, String, String), String> {
    let start = Instant::now();
    let child = Command::new(bin)
        .args(["build", "--as-of", "2026-09-30", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    // Drain stderr while waiting: thousands of warnings would fill the pipe.
    let mut child = child;
    let err = child.stderr.take().map(|mut e| {
        std::thread::spawn(move || {
            let mut s = String::new();
            use std::io::Read;
            let _ = e.read_to_string(&mut s);
            s
        })
    });
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; status and usage are valid out-pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = start.elapsed().as_secs_f64();
    let code = if r == pid && libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let mut stdout = String::new();
    if let Some(mut s) = child.stdout {
        use std::io::Read;
        let _ = s.read_to_string(&mut stdout);
    }
    let stderr = err.and_then(|h| h.join().ok()).unwrap_or_default();
    Ok((
        Sample {
            secs,
            peak_mb: usage.ru_maxrss as f64 / 1024.0,
        },
        code,
        stdout.trim().to_string(),
        stderr,
    ))
}

/// Sites of bad sizes (issue 8): each must build within the memory budget or stop with a
/// clear message, never hang or be killed. Made from tests/fixtures/mini plus one big file.
fn bad_sizes(bin: &Path, work: &Path) -> Result<(), String> {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let fm = |n: &str| {
        format!("---\nnumber: \"{n}\"\ntitle: \"T\"\nissuer: ubnd-tp\ndate: 2026-03-20\ntasks:\n")
    };
    let task = |i: usize, lead: &str, support: &str, deadline: &str| {
        format!("  - id: \"{i}\"\n    title: \"Nhiệm vụ số {i} về việc rà soát\"\n    lead: \"{lead}\"\n    support: [{support}]\n    deadline: \"{deadline}\"\n")
    };
    let quarters = ["I", "II", "III", "IV"];
    let para = format!(
        "{}\n\n",
        "Đoạn văn dài của kế hoạch, nhắc tới Kế hoạch số 10/KH-UBND và **chữ đậm**. ".repeat(10)
    );
    let mut cases: Vec<(&str, String, Option<String>)> = Vec::new();
    cases.push((
        "one plan file of 50 MB",
        format!(
            "{}{}---\n{}",
            fm("50/KH-B"),
            task(1, "Sở A", "", "Quý I/2026"),
            para.repeat(50_000_000 / para.len())
        ),
        None,
    ));
    cases.push((
        "100,000 tasks in one plan",
        format!(
            "{}{}---\nx\n",
            fm("51/KH-B"),
            (1..=100_000)
                .map(|i| task(
                    i,
                    "Sở A",
                    "\"Sở Bình An\"",
                    &format!("Quý {}/2027", quarters[i % 4])
                ))
                .collect::<String>()
        ),
        None,
    ));
    let registry = (0..10_000)
        .map(|i| format!("- id: co-quan-{i}\n  name: \"Cơ quan số {i}\"\n  parent: ubnd-tp\n"))
        .collect::<String>();
    cases.push((
        "10,000 bodies (and 10,000 unknown names)",
        format!(
            "{}{}---\nx\n",
            fm("52/KH-B"),
            (0..10_000)
                .map(|i| task(
                    i,
                    &format!("Cơ quan số {i}"),
                    &format!(
                        "\"Cơ quan số {}\", \"Cơ quan so {} chưa có\"",
                        i * 7 % 10_000,
                        i * 3 % 10_000
                    ),
                    &format!("Tháng {}/2027", i % 12 + 1)
                ))
                .collect::<String>()
        ),
        Some(registry),
    ));
    cases.push((
        "YAML nested 100,000 deep",
        format!(
            "{}  - id: \"1\"\n    title: {}{}\n    lead: \"Sở A\"\n---\n",
            fm("53/KH-B"),
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        None,
    ));
    let mut bomb = String::from("---\nnumber: \"54/KH-B\"\ntitle: \"T\"\nissuer: ubnd-tp\ndate: 2026-03-20\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..10 {
        bomb += &format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 9].join(",")
        );
    }
    bomb += "tasks:\n  - id: \"1\"\n    title: *a9\n    lead: \"Sở A\"\n---\n";
    cases.push(("YAML alias bomb (10⁹ strings)", bomb, None));

    println!("| input | file | outcome | wall time (s) | peak RSS (MB) |");
    println!("|---|---:|---|---:|---:|");
    for (name, plan, registry) in cases {
        let root = work.join("bad-size");
        let _ = std::fs::remove_dir_all(&root);
        copy_tree(&fixture, &root).map_err(|e| e.to_string())?;
        let file = root.join("content/plans/2026/lon.md");
        std::fs::write(&file, &plan).map_err(|e| e.to_string())?;
        if let Some(r) = &registry {
            let p = root.join("content/departments.yaml");
            let mut s = std::fs::read_to_string(&p).map_err(|e| e.to_string())?;
            s += r;
            std::fs::write(&p, s).map_err(|e| e.to_string())?;
        }
        let (s, code, stdout, stderr) = run_any(bin, &root, &work.join("bad-size-public"))?;
        let outcome = match code {
            0 => format!(
                "built: {}",
                stdout
                    .lines()
                    .next()
                    .unwrap_or("")
                    .split(" vào ")
                    .next()
                    .unwrap_or("")
            ),
            -1 => "killed".to_string(),
            _ => format!(
                "refused: `{}`",
                stderr
                    .lines()
                    .find(|l| l.contains("lỗi:"))
                    .unwrap_or("?")
                    .replace(&root.display().to_string(), "")
            ),
        };
        println!(
            "| {name} | {:.1} MB | {outcome} | {:.2} | {:.0} |",
            plan.len() as f64 / 1048576.0,
            s.secs,
            s.peak_mb
        );
    }
    Ok(())
}

/// Waits until no old site is being removed in the background under `work`.
fn wait_for_removals(work: &Path) {
    let busy = || {
        std::fs::read_dir(work)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(".kehoach-tmp-") || n.starts_with(".kehoach-old-")
            })
    };
    let until = Instant::now() + std::time::Duration::from_secs(120);
    while busy() && Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // let the disk write back what the removal and the last build left dirty
    // SAFETY: sync has no arguments and cannot fail.
    unsafe { libc::sync() };
}

/// Every file under `dir`, with its path relative to `dir`.
fn files_under(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
                out.push((p, rel));
            }
        }
    }
    out
}

/// The floor: the input read (as the build reads it, two threads) and the output written (its
/// files and folders, from memory, two threads), with nothing made in between.
fn floor(bin: &Path, root: &Path, work: &Path, n: usize, runs: usize) -> Result<(), String> {
    let built = work.join(format!("public-{n}"));
    if !built.join("index.html").exists() {
        run_build(bin, root, &built)?;
    }
    let inputs = files_under(&root.join("content"));
    let outputs: Vec<(PathBuf, Vec<u8>)> = files_under(&built)
        .into_iter()
        .map(|(p, rel)| std::fs::read(&p).map(|b| (rel, b)))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let in_bytes: u64 = inputs
        .iter()
        .map(|(p, _)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    let out_bytes: u64 = outputs.iter().map(|(_, b)| b.len() as u64).sum();
    let halves = |len: usize| [0..len / 2, len / 2..len];
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        std::thread::scope(|s| {
            for r in halves(inputs.len()) {
                let part = &inputs[r];
                s.spawn(move || {
                    for (p, _) in part {
                        let _ = std::fs::read(p);
                    }
                });
            }
        });
        reads.push(start.elapsed().as_secs_f64());
        let dest = work.join(format!("floor-{n}"));
        let _ = std::fs::remove_dir_all(&dest);
        let start = Instant::now();
        std::thread::scope(|s| {
            for r in halves(outputs.len()) {
                let (part, dest) = (&outputs[r], &dest);
                s.spawn(move || {
                    for (rel, bytes) in part {
                        let p = dest.join(rel);
                        if let Some(d) = p.parent() {
                            let _ = std::fs::create_dir_all(d);
                        }
                        let _ = std::fs::write(p, bytes);
                    }
                });
            }
        });
        writes.push(start.elapsed().as_secs_f64());
        let _ = std::fs::remove_dir_all(&dest);
    }
    let (r, w) = (stats(reads), stats(writes));
    println!(
        "| {n} | {runs} | {:.2} / {:.2} / {:.2} | {:.2} / {:.2} / {:.2} | {} files, {:.0} MB | {} files, {:.0} MB |",
        r.0, r.1, r.2, w.0, w.1, w.2,
        inputs.len(), in_bytes as f64 / 1048576.0,
        outputs.len(), out_bytes as f64 / 1048576.0
    );
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()))?;
        } else {
            std::fs::copy(e.path(), to.join(e.file_name()))?;
        }
    }
    Ok(())
}

/// Edits one plan of a running `kehoach serve` at a time and times, end to end, from the
/// moment the file is written to the moment the server tells the browser to reload (the
/// rebuilt pages are on disk by then). Edits alternate between a task's deadline and a title.
/// Then edits that are not to a plan, each made and undone twice: a template used by one page,
/// the template of every body page, and a unit renamed in departments.yaml; for these the
/// number of files the server remade is kept too.
/// `runs` edits of each kind of plan edit.
fn edit_bench(bin: &Path, corpus: &Path, work: &Path, runs: usize) -> Result<EditTimes, String> {
    use std::io::{BufRead, BufReader, Write};
    let root = work.join("edit-site");
    let _ = std::fs::remove_dir_all(&root);
    let st = Command::new("cp").arg("-r").arg(corpus).arg(&root).status();
    if !st.is_ok_and(|s| s.success()) {
        return Err("không sao chép được bộ dữ liệu".into());
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--as-of",
            "2026-09-30",
            "--port",
            &port.to_string(),
            "--root",
        ])
        .arg(&root)
        .arg("--output")
        .arg(work.join("edit-public"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Đang phục vụ") {
        line.clear();
        if out.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("kehoach serve dừng trước khi phục vụ".into());
        }
    }
    // The server's output is read on a thread so that it never blocks; the number of files
    // each rebuild remade is passed on.
    let (remade_tx, remade) = std::sync::mpsc::channel::<usize>();
    std::thread::spawn(move || {
        let mut l = String::new();
        while out.read_line(&mut l).is_ok_and(|n| n > 0) {
            if let Some(n) = l
                .strip_prefix("Đã tạo lại ")
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse().ok())
            {
                let _ = remade_tx.send(n);
            }
            l.clear();
        }
    });
    let mut sse = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(
        sse,
        "GET /__kehoach/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    // A rebuild that never comes is an error, not a benchmark that waits forever.
    sse.set_read_timeout(Some(std::time::Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let mut events = BufReader::new(sse);
    let mut wait_for = |name: &str| -> Result<(), String> {
        let mut l = String::new();
        loop {
            l.clear();
            if events.read_line(&mut l).map_err(|e| e.to_string())? == 0 {
                return Err("kênh sự kiện bị đóng".into());
            }
            if l.trim() == format!("event: {name}") {
                return Ok(());
            }
            if l.trim() == "event: failed" {
                return Err("tạo lại thất bại".into());
            }
        }
    };
    wait_for("ok")?;
    let mut files: Vec<PathBuf> = walkdir_md(&root.join("content/plans"));
    files.sort();
    let (mut deadline, mut title) = (Vec::new(), Vec::new());
    for i in 0..runs * 2 {
        let f = &files[(files.len() / 2 + i * 7) % files.len()];
        let text = std::fs::read_to_string(f).map_err(|e| e.to_string())?;
        let edited = if i % 2 == 0 {
            // The first task's deadline.
            let mut done = false;
            let lines: Vec<String> = text
                .lines()
                .map(|l| match l.find("deadline: ") {
                    Some(at) if !done => {
                        done = true;
                        let new = if l.contains("Quý III/2027") {
                            "Tháng 5/2028"
                        } else {
                            "Quý III/2027"
                        };
                        format!("{}deadline: \"{new}\"", &l[..at])
                    }
                    _ => l.to_string(),
                })
                .collect();
            lines.join("\n") + "\n"
        } else {
            text.replacen("\ntitle: ", "\ntitle: Sửa đổi — ", 1)
        };
        // Give the server time to write the whole-site data of the previous edit.
        std::thread::sleep(std::time::Duration::from_millis(8000));
        let start = Instant::now();
        std::fs::write(f, edited).map_err(|e| e.to_string())?;
        wait_for("reload")?;
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        eprintln!(
            "  sửa {}: {ms:.0} ms",
            f.file_name().unwrap().to_string_lossy()
        );
        if i % 2 == 0 {
            deadline.push(ms)
        } else {
            title.push(ms)
        }
    }
    let mut site_wide = Vec::new();
    for (what, edit) in site_wide_edits(&root)? {
        let mut times = Vec::new();
        let mut files = Vec::new();
        for _ in 0..2 {
            for (path, text) in [&edit.0, &edit.1] {
                // A registry edit remakes thousands of pages and the whole-site data after them.
                std::thread::sleep(std::time::Duration::from_millis(15000));
                while remade.try_recv().is_ok() {}
                let start = Instant::now();
                match text {
                    Some(t) => std::fs::write(path, t),
                    None => std::fs::remove_file(path),
                }
                .map_err(|e| e.to_string())?;
                wait_for("reload")?;
                times.push(start.elapsed().as_secs_f64() * 1000.0);
                files.push(
                    remade
                        .recv_timeout(std::time::Duration::from_secs(5))
                        .unwrap_or(0),
                );
                eprintln!(
                    "  {what}: {:.0} ms, {} tệp",
                    times.last().unwrap(),
                    files.last().unwrap()
                );
            }
        }
        site_wide.push((what, times, files));
    }
    let _ = child.kill();
    let _ = child.wait();
    Ok(EditTimes {
        deadline,
        title,
        site_wide,
    })
}

/// Edit → reload times (ms) of plan edits, and of each site-wide edit with the files remade.
struct EditTimes {
    deadline: Vec<f64>,
    title: Vec<f64>,
    site_wide: Vec<(&'static str, Vec<f64>, Vec<usize>)>,
}

/// A file written (`Some`) or removed (`None`).
type FileEdit = (PathBuf, Option<String>);

/// A site-wide edit: what it is, the edit, and its undoing.
type SiteWideEdit = (&'static str, (FileEdit, FileEdit));

/// Each site-wide edit as (the edit, its undoing). Templates are changed by putting a copy of
/// the built-in one, changed, in the site's `themes/default/templates/` (which overrides it);
/// undoing removes it.
fn site_wide_edits(root: &Path) -> Result<Vec<SiteWideEdit>, String> {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let over = root.join("themes/default/templates");
    std::fs::create_dir_all(&over).map_err(|e| e.to_string())?;
    let mut v = Vec::new();
    for (what, name) in [
        ("a template used by one page", "accessibility.html"),
        ("the template of the body pages", "body.html"),
    ] {
        let text = std::fs::read_to_string(theme.join(name)).map_err(|e| e.to_string())?;
        let changed = text.replacen("<h1", "<h1 data-edited=\"1\"", 1);
        v.push((
            what,
            ((over.join(name), Some(changed)), (over.join(name), None)),
        ));
    }
    // The first unit (a body under a department) gets another name: tasks that name it by the
    // old one no longer find it.
    let reg = root.join("content/departments.yaml");
    let text = std::fs::read_to_string(&reg).map_err(|e| e.to_string())?;
    let block = text
        .split("\n- id: ")
        .find(|b| b.contains("kind: \"unit\""))
        .ok_or("departments.yaml không có đơn vị (kind: unit)")?;
    let name = block
        .lines()
        .find_map(|l| l.strip_prefix("  name: "))
        .ok_or("đơn vị không có tên")?;
    let new_name = match name.strip_prefix('"') {
        Some(rest) => format!("\"Đổi tên {rest}"),
        None => format!("Đổi tên {name}"),
    };
    let renamed = text.replacen(
        block,
        &block.replacen(
            &format!("  name: {name}"),
            &format!("  name: {new_name}"),
            1,
        ),
        1,
    );
    v.push((
        "a unit renamed in departments.yaml",
        ((reg.clone(), Some(renamed)), (reg, Some(text))),
    ));
    Ok(v)
}

fn walkdir_md(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walkdir_md(&p));
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out
}

fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("lỗi: {e}");
            std::process::exit(2);
        }
    };
    let bin = std::env::current_exe().unwrap().with_file_name("kehoach");
    if !bin.exists() {
        eprintln!(
            "lỗi: không thấy {}; chạy `cargo build --release` trước",
            bin.display()
        );
        std::process::exit(2);
    }
    if args.bad_sizes {
        if let Err(e) = bad_sizes(&bin, &args.work) {
            eprintln!("lỗi: {e}");
            std::process::exit(1);
        }
        return;
    }
    if args.floor {
        println!("| plans | runs | read input min / median / max (s) | write output min / median / max (s) | input | output |");
        println!("|---:|---:|---|---|---|---|");
    } else if args.edit {
        println!("| plans | edit | edits | edit → reload min / median / max (ms) | files remade |");
        println!("|---:|---|---:|---|---:|");
    } else {
        println!("| plans | tasks | build | runs | wall time min / median / max (s) | peak RSS min / median / max (MB) | output |");
        println!("|---:|---:|---|---:|---|---|---|");
    }
    for &n in &args.plans {
        let root = match generate(&args, n) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("lỗi: {e}");
                std::process::exit(1);
            }
        };
        if args.floor {
            if let Err(e) = floor(&bin, &root, &args.work, n, args.runs) {
                eprintln!("lỗi: {e}");
                std::process::exit(1);
            }
            continue;
        }
        if args.edit {
            match edit_bench(&bin, &root, &args.work, args.runs) {
                Ok(e) => {
                    for (what, t) in [("a task's deadline", e.deadline), ("the title", e.title)] {
                        let k = t.len();
                        let (a, b, c) = stats(t);
                        println!("| {n} | {what} | {k} | {a:.0} / {b:.0} / {c:.0} | |");
                    }
                    for (what, t, files) in e.site_wide {
                        let k = t.len();
                        let (a, b, c) = stats(t);
                        let (fa, _, fc) = stats(files.iter().map(|&f| f as f64).collect());
                        println!(
                            "| {n} | {what} (made and undone) | {k} | {a:.0} / {b:.0} / {c:.0} | {fa:.0}–{fc:.0} |"
                        );
                    }
                }
                Err(e) => {
                    eprintln!("lỗi: {e}");
                    std::process::exit(1);
                }
            }
            continue;
        }
        let out = args.work.join(format!("public-{n}"));
        for rebuild in [false, true] {
            if rebuild && args.from_nothing {
                continue;
            }
            if let Err(e) = full_builds(&bin, &root, &out, &args, n, rebuild) {
                eprintln!("lỗi: {e}");
                std::process::exit(1);
            }
        }
    }
}

/// Removes a built site and what kehoach keeps beside it (the site before last, manifests).
fn clear_output(out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let _ = std::fs::remove_dir_all(parent.join(format!(".kehoach-prev-{name}")));
    let _ = std::fs::remove_file(parent.join(format!(".kehoach-prev-{name}.manifest")));
    let _ = std::fs::remove_file(parent.join(format!(".kehoach-{name}.manifest")));
}

/// Times full builds of one corpus and prints a table row. From nothing: no output at all.
/// Rebuild: the same content built again over an earlier build, as staff and a scheduled
/// build do (after two builds, so the site before last is kept to be rewritten).
fn full_builds(
    bin: &Path,
    root: &Path,
    out: &Path,
    args: &Args,
    n: usize,
    rebuild: bool,
) -> Result<(), String> {
    let kind = if rebuild { "rebuild" } else { "from nothing" };
    if rebuild {
        clear_output(out);
        for _ in 0..2 {
            run_build(bin, root, out)?;
        }
    }
    let mut samples = Vec::new();
    let mut summary = String::new();
    for i in 0..args.runs {
        if !rebuild {
            clear_output(out);
        }
        wait_for_removals(&args.work);
        let (s, line) = run_build(bin, root, out)?;
        eprintln!(
            "  {n} kế hoạch, {kind}, lần {}: {:.2} s, {:.0} MB",
            i + 1,
            s.secs,
            s.peak_mb
        );
        samples.push(s);
        summary = line;
    }
    let t = stats(samples.iter().map(|s| s.secs).collect());
    let m = stats(samples.iter().map(|s| s.peak_mb).collect());
    // "Đã tạo N trang (F tệp, X MB) từ P kế hoạch, T nhiệm vụ vào ..."
    let grab = |after: &str, until: char| {
        summary
            .split(after)
            .nth(1)
            .and_then(|s| s.split(until).next())
            .unwrap_or("?")
            .trim()
            .to_string()
    };
    let pages = summary
        .strip_prefix("Đã tạo ")
        .and_then(|s| s.split(' ').next())
        .unwrap_or("?")
        .to_string();
    let tasks = grab("kế hoạch, ", ' ');
    let written = grab("tệp, ", ')');
    println!(
        "| {n} | {tasks} | {kind} | {} | {:.2} / {:.2} / {:.2} | {:.0} / {:.0} / {:.0} | {pages} pages, {written} |",
        samples.len(), t.0, t.1, t.2, m.0, m.1, m.2
    );
    Ok(())
}
