//! Timing builds: each a child process, with its wall time and peak memory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub struct Sample {
    pub secs: f64,
    pub peak_mb: f64,
    /// User and system CPU time of the child.
    pub cpu: f64,
}

/// Runs one build as a child process; returns wall time and the child's peak RSS.
pub fn run_build(bin: &Path, root: &Path, out: &Path) -> Result<(Sample, String), String> {
    run_build_with(bin, root, out, &[])
}

/// [`run_build`] with more arguments.
pub fn run_build_with(
    bin: &Path,
    root: &Path,
    out: &Path,
    extra: &[&str],
) -> Result<(Sample, String), String> {
    match run_any(bin, root, out, extra)? {
        (s, 0, stdout, _) => Ok((s, stdout)),
        (_, code, _, stderr) => Err(format!("build thất bại (mã {code}): {stderr}")),
    }
}

/// Runs one build; returns wall time, peak RSS, exit code (-1: killed), stdout and stderr.
pub fn run_any(
    bin: &Path,
    root: &Path,
    out: &Path,
    extra: &[&str],
) -> Result<(Sample, i32, String, String), String> {
    let mut cmd = Command::new(bin);
    cmd.args(["build", "--as-of", "2026-09-30", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra);
    run_command(cmd)
}

/// The hidden first argument on which the benchmark runs one command for [`run_command`] and
/// reports what it used (see [`measure_child`]).
pub const MEASURE: &str = "--measure-child";

/// Runs a command as a child process; returns wall time, CPU time and peak RSS, exit code
/// (-1: killed), stdout and stderr.
///
/// The command is started by a fresh copy of this program ([`MEASURE`]), which reports its
/// child's resources: a process that the benchmark started itself would begin with the
/// benchmark's own high-water mark of memory (Linux keeps it through `exec`), 270 MB after
/// making a 10,000-plan corpus.
pub fn run_command(cmd: Command) -> Result<(Sample, i32, String, String), String> {
    let report = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut wrapped = Command::new(me);
    wrapped
        .arg(MEASURE)
        .arg(report.path())
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(d) = cmd.get_current_dir() {
        wrapped.current_dir(d);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    let start = Instant::now();
    let out = wrapped
        .output()
        .map_err(|e| format!("không chạy được {:?}: {e}", cmd.get_program()))?;
    let secs = start.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(report.path()).map_err(|e| e.to_string())?;
    let f: Vec<f64> = text
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    let [kb, user, system, code] = f[..] else {
        return Err(format!(
            "không đọc được số đo của {:?}: {text}",
            cmd.get_program()
        ));
    };
    Ok((
        Sample {
            secs,
            peak_mb: kb / 1024.0,
            cpu: user + system,
        },
        code as i32,
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// [`MEASURE`]: runs `program args…` (`args[1..]`) with this process's standard streams, and
/// writes into the file `args[0]` its peak RSS in KB, user and system CPU seconds and exit code
/// (-1: killed).
pub fn measure_child(args: &[std::ffi::OsString]) -> ! {
    let [report, program, rest @ ..] = args else {
        eprintln!("{MEASURE} TỆP CHƯƠNG-TRÌNH [ĐỐI-SỐ…]");
        std::process::exit(2);
    };
    let child = match Command::new(program).args(rest).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("không chạy được {program:?}: {e}");
            std::process::exit(127);
        }
    };
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; status and usage are valid out-pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let code = if r == pid && libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let line = format!(
        "{} {} {} {code}\n",
        usage.ru_maxrss,
        secs(usage.ru_utime),
        secs(usage.ru_stime)
    );
    if std::fs::write(report, line).is_err() {
        std::process::exit(1);
    }
    std::process::exit(code.max(0))
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
pub fn floor(bin: &Path, root: &Path, work: &Path, n: usize, runs: usize) -> Result<(), String> {
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
        discard(&dest);
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
        discard(&dest);
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

pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
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

pub fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

/// Removes a built site and what kehoach keeps beside it (the site before last, manifests,
/// the note, what the build remembered, parsed and made of the search index).
pub fn clear_output(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    discard(out);
    let name = name.to_string_lossy();
    discard(&parent.join(format!(".kehoach-prev-{name}")));
    let beside = [
        format!(".kehoach-prev-{name}."),
        format!(".kehoach-{name}."),
    ];
    for e in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if beside.iter().any(|b| file.starts_with(b.as_str())) {
            discard(&e.path());
        }
    }
}

/// The folder, beside what [`discard`] takes away, where it is kept until the bench is done.
const TRASH: &str = ".kehoach-bench-trash";

/// Takes `path` (a file or a folder) out of the way, into [`TRASH`] beside it, emptied by
/// [`empty_trash`] when the bench is done. Removing it now would put the cost of the removal
/// into the next build timed (see [`run_out`]); a rename frees no inode.
pub fn discard(path: &Path) {
    static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    if std::fs::symlink_metadata(path).is_err() {
        return;
    }
    let bin = parent.join(TRASH);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let to = bin.join(format!(
        "{}-{seq}-{}",
        std::process::id(),
        name.to_string_lossy()
    ));
    let moved = std::fs::create_dir_all(&bin).and_then(|()| std::fs::rename(path, &to));
    if moved.is_err() {
        let _ = std::fs::remove_dir_all(path).or_else(|_| std::fs::remove_file(path));
    }
}

/// Removes what [`discard`] put aside under `work` and its folders one level down, this run's
/// and what an earlier run that stopped on an error left.
pub fn empty_trash(work: &Path) {
    let mut bins = vec![work.join(TRASH)];
    for e in std::fs::read_dir(work).into_iter().flatten().flatten() {
        bins.push(e.path().join(TRASH));
    }
    for bin in bins {
        let _ = std::fs::remove_dir_all(bin);
    }
}

/// The files and bytes of a built site by family: its first folder ("co-quan", "du-lieu"…),
/// or "(gốc)" for the files at its root; largest first.
pub fn families(out: &Path) -> Vec<(String, usize, u64)> {
    let mut by: std::collections::BTreeMap<String, (usize, u64)> = Default::default();
    for (abs, rel) in files_under(out) {
        let mut parts = rel.components();
        let first = parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let family = match (first, parts.next()) {
            (Some(f), Some(_)) => f,
            _ => "(gốc)".to_string(),
        };
        let e = by.entry(family).or_default();
        e.0 += 1;
        e.1 += std::fs::metadata(&abs).map_or(0, |m| m.len());
    }
    let mut v: Vec<(String, usize, u64)> = by.into_iter().map(|(k, (f, b))| (k, f, b)).collect();
    v.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    v
}

/// What a timed build starts from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// No output at all.
    Nothing,
    /// The site in place was built from the same content: a scheduled build with nothing new.
    Unchanged,
    /// One plan's title was edited since the site in place was built: everything is made
    /// again (the site before last is rewritten, files with the same bytes left alone).
    Edited,
}

impl Start {
    fn label(self) -> &'static str {
        match self {
            Start::Nothing => "from nothing",
            Start::Unchanged => "rebuild, nothing changed",
            Start::Edited => "rebuild, one plan edited",
        }
    }
}

/// Edits the title of the first plan of `root`, or puts it back: `on` tells which.
fn edit_title(root: &Path, on: bool) -> Result<(), String> {
    const MARK: &str = "title: \"(Sửa) ";
    let mut plans: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/plans"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    plans.sort();
    let plan = plans.first().ok_or("không có kế hoạch để sửa")?;
    let text = std::fs::read_to_string(plan).map_err(|e| e.to_string())?;
    let edited = if on {
        text.replacen("title: \"", MARK, 1)
    } else {
        text.replacen(MARK, "title: \"", 1)
    };
    std::fs::write(plan, edited).map_err(|e| e.to_string())
}

/// Times full builds of one corpus and prints a table row (see [`Start`]). Rebuilds come after
/// two builds, so that the site before last is kept to be rewritten.
pub fn full_builds(
    bin: &Path,
    root: &Path,
    out: &Path,
    (work, runs): (&Path, usize),
    n: usize,
    start: Start,
) -> Result<Vec<(String, usize, u64)>, String> {
    let rebuild = start != Start::Nothing;
    let kind = start.label();
    if rebuild {
        clear_output(out);
        run_build(bin, root, out)?;
        run_build_with(bin, root, out, &["--force"])?;
    }
    let mut samples = Vec::new();
    let mut summary = String::new();
    // From nothing, each run writes a folder of its own, all removed at the end (see
    // [`run_out`]).
    let outs: Vec<PathBuf> = (0..runs)
        .map(|i| {
            if rebuild {
                out.to_path_buf()
            } else {
                run_out(out, i)
            }
        })
        .collect();
    if !rebuild {
        outs.iter().for_each(|o| clear_output(o));
    }
    for (i, out) in outs.iter().enumerate() {
        if start == Start::Edited {
            edit_title(root, i % 2 == 0)?;
        }
        wait_for_removals(work);
        let (s, line) = run_build(bin, root, out)?;
        eprintln!(
            "  {n} kế hoạch, {kind}, lần {}: {:.2} s, {:.0} MB",
            i + 1,
            s.secs,
            s.peak_mb
        );
        samples.push(s);
        // A build that has nothing to do says so; any other makes the site.
        if line.contains(": giữ nguyên ") != (start == Start::Unchanged) {
            return Err(format!("{kind}: {line}"));
        }
        // After an edit of plans, only what the edit touched is made.
        if line.contains("Chỉ tạo lại ") != (start == Start::Edited) {
            return Err(format!("{kind}: {line}"));
        }
        summary = line.lines().next().unwrap_or_default().to_string();
    }
    if start == Start::Edited {
        edit_title(root, false)?;
    }
    let t = stats(samples.iter().map(|s| s.secs).collect());
    let m = stats(samples.iter().map(|s| s.peak_mb).collect());
    // "Đã tạo N trang (F tệp, X MB) từ P kế hoạch, T nhiệm vụ vào ...", or "Không có gì
    // thay đổi …: giữ nguyên N trang …" when nothing was made.
    let summary = summary
        .split_once(": giữ nguyên ")
        .map_or(summary.clone(), |(_, rest)| format!("Đã tạo {rest}"));
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
    let last = families(outs.last().unwrap_or(&out.to_path_buf()));
    if !rebuild {
        outs.iter().for_each(|o| clear_output(o));
    }
    Ok(last)
}

/// Two series of builds made in turn, pair by pair: each one's median wall time, CPU time and
/// peak memory, and the medians of the ratios of the pairs (the second ÷ the first).
pub struct Paired {
    pub secs: (f64, f64),
    pub cpu: (f64, f64),
    pub peak_mb: (f64, f64),
    pub ratio_secs: f64,
    pub ratio_cpu: f64,
}

impl Paired {
    pub fn of(a: &[Sample], b: &[Sample]) -> Paired {
        let med = |f: fn(&Sample) -> f64| {
            (
                stats(a.iter().map(f).collect()).1,
                stats(b.iter().map(f).collect()).1,
            )
        };
        let ratio =
            |f: fn(&Sample) -> f64| stats(a.iter().zip(b).map(|(x, y)| f(y) / f(x)).collect()).1;
        Paired {
            secs: med(|s| s.secs),
            cpu: med(|s| s.cpu),
            peak_mb: med(|s| s.peak_mb),
            ratio_secs: ratio(|s| s.secs),
            ratio_cpu: ratio(|s| s.cpu),
        }
    }
}

/// The output folder of run `i` of builds from nothing: a new folder each run, the removals
/// left to the end of the bench ([`discard`], [`empty_trash`]). On ext4 without a journal
/// (these machines), a new file or folder is placed past the inodes freed in the last minute
/// (five while their blocks are unwritten), each looked up on the way (`recently_deleted` in
/// the kernel's ialloc.c): a removal just before a build makes the build's cost grow with its
/// file count times the files removed, which measures the removal, not the build, and a tool
/// that writes more files more.
pub fn run_out(out: &Path, i: usize) -> PathBuf {
    let name = out
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy());
    out.with_file_name(format!("{name}-{}", i + 1))
}

/// Builds from nothing of two sites in turn, `runs` pairs (the machine is noisy: pairs side by
/// side compare better than two series). Prints the table row: each site's median wall time,
/// CPU time and peak memory, and the medians of the ratios of the pairs.
pub fn paired_builds(
    bin: &Path,
    (plain, other): (&Path, &Path),
    out: &Path,
    (work, runs): (&Path, usize),
    label: &str,
) -> Result<(), String> {
    let mut a = Vec::new();
    let mut b = Vec::new();
    // Each build into a folder of its own, all removed at the end (see [`run_out`]).
    let mut made = Vec::new();
    for i in 0..runs {
        for (k, (root, into)) in [(plain, &mut a), (other, &mut b)].into_iter().enumerate() {
            let out = run_out(&run_out(out, k), i);
            clear_output(&out);
            wait_for_removals(work);
            let (s, _) = run_build(bin, root, &out)?;
            made.push(out);
            eprintln!(
                "  {}, lần {}: {:.2} s, CPU {:.2} s, {:.0} MB",
                root.display(),
                i + 1,
                s.secs,
                s.cpu,
                s.peak_mb
            );
            into.push(s);
        }
    }
    let p = Paired::of(&a, &b);
    println!(
        "| {label} | {runs} | {:.2} / {:.2} | {:.2} / {:.2} | {:.0} / {:.0} | {:.2} | {:.2} |",
        p.secs.0, p.secs.1, p.cpu.0, p.cpu.1, p.peak_mb.0, p.peak_mb.1, p.ratio_secs, p.ratio_cpu,
    );
    for out in &made {
        clear_output(out);
    }
    Ok(())
}
