//! The benchmark: makes the synthetic corpora itself (`corpus`, deterministic per seed) and
//! times full builds of them with the release `kehoach` binary, reporting wall time and peak
//! resident memory (min / median / max over the runs) as a Markdown table for the README.
//!
//!     cargo build --release && ./target/release/kehoach-bench --plans 1000,10000 --runs 3
//!
//! Each build is a separate process, so peak memory is the process's own (getrusage of the
//! child).
//!
//! `--floor` measures what no build can go below on this machine: reading every input file,
//! and writing every file of a build's output (read into memory first) into a new folder.
//! `--edit` times edits through `kehoach serve`. `--bad-sizes` builds sites with one input of
//! a hostile size each and reports whether each built or was refused, with its time and
//! memory. `--generate DIR` only writes the corpus of the first `--plans` size into DIR, for
//! kehoach or (`--format hugo`) for Hugo. `--reports` builds each corpus without and with a
//! report per lead body per quarter (content/bao-cao/), in turn. `--vs-hugo` builds each
//! corpus with kehoach and with Hugo (`hugo` on the PATH, or `--hugo PATH`; `bench/install-hugo`
//! installs the pinned one and prints its path), in turn.

mod corpus;
mod edit;
mod hugo;
mod measure;
mod sizes;

use edit::edit_bench;
use measure::{floor, full_builds, stats, Start};
use sizes::bad_sizes;
use std::path::{Path, PathBuf};

pub struct Args {
    plans: Vec<usize>,
    runs: usize,
    seed: u64,
    /// Measure edits through `kehoach serve` instead of full builds.
    edit: bool,
    /// Build sites of bad sizes instead.
    bad_sizes: bool,
    /// Measure the floor instead: reading the input and writing the output, nothing else.
    floor: bool,
    /// Only builds from nothing (a 100,000-plan rebuild keeps two sites: 40 GB of disk).
    from_nothing: bool,
    /// Builds each corpus without and with reports, in turn.
    reports: bool,
    /// Builds each corpus with kehoach and with this Hugo binary, in turn.
    vs_hugo: Option<PathBuf>,
    /// Only write a corpus, here.
    generate: Option<PathBuf>,
    format: corpus::Format,
    work: PathBuf,
}

const USAGE: &str = "kehoach-bench [--plans 1000,10000] [--runs 3] [--seed 1] [--edit | --bad-sizes | --floor | --from-nothing | --reports | --vs-hugo [--hugo PATH]] [--work DIR]
kehoach-bench --generate DIR [--plans 1000] [--seed 1] [--format kehoach|hugo] [--reports]";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        plans: vec![1000, 10000],
        runs: 3,
        seed: 1,
        edit: false,
        bad_sizes: false,
        floor: false,
        from_nothing: false,
        reports: false,
        vs_hugo: None,
        generate: None,
        format: corpus::Format::Kehoach,
        work: std::env::temp_dir().join("kehoach-bench"),
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
            "--runs" => {
                a.runs = v()?
                    .parse()
                    .ok()
                    .filter(|&n: &usize| n > 0)
                    .ok_or("--runs cần một số lớn hơn 0")?
            }
            "--seed" => a.seed = v()?.parse().map_err(|_| "--seed cần một số".to_string())?,
            "--work" => a.work = PathBuf::from(v()?),
            "--generate" => a.generate = Some(PathBuf::from(v()?)),
            "--format" => {
                a.format = match v()?.as_str() {
                    "kehoach" => corpus::Format::Kehoach,
                    "hugo" => corpus::Format::Hugo,
                    f => return Err(format!("--format {f}: dùng kehoach hoặc hugo")),
                }
            }
            "--edit" => a.edit = true,
            "--bad-sizes" => a.bad_sizes = true,
            "--floor" => a.floor = true,
            "--from-nothing" => a.from_nothing = true,
            "--reports" => a.reports = true,
            "--vs-hugo" => a.vs_hugo = Some(PathBuf::from("hugo")),
            "--hugo" => a.vs_hugo = Some(PathBuf::from(v()?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("tham số không rõ: {other}\n{USAGE}")),
        }
    }
    Ok(a)
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes the corpus of `n` plans into `out`.
fn generate(n: usize, seed: u64, format: corpus::Format, out: &Path) -> Result<(), String> {
    let start = std::time::Instant::now();
    let c = corpus::Corpus::new(n, seed, &repo().join("sources"))?;
    corpus::write(&c, out, format, &repo())?;
    eprintln!(
        "bộ dữ liệu: {} kế hoạch, {} nhiệm vụ, {} cơ quan, {} văn bản vào {} ({:.1} giây)",
        c.plans.len(),
        c.task_count(),
        c.deps.len(),
        c.directives.len(),
        out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn fail(e: String) -> ! {
    eprintln!("lỗi: {e}");
    std::process::exit(1)
}

fn main() {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if raw.first().is_some_and(|a| a == measure::MEASURE) {
        measure::measure_child(&raw[1..]);
    }
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("lỗi: {e}");
            std::process::exit(2);
        }
    };
    if let Some(out) = &args.generate {
        let n = args.plans.first().copied().unwrap_or(1000);
        generate(n, args.seed, args.format, out).unwrap_or_else(|e| fail(e));
        if args.reports {
            let c = corpus::Corpus::new(n, args.seed, &repo().join("sources"))
                .unwrap_or_else(|e| fail(e));
            let count = corpus::write_reports(&c, out).unwrap_or_else(|e| fail(e));
            eprintln!(
                "{count} báo cáo vào {}",
                out.join("content/bao-cao").display()
            );
        }
        return;
    }
    let bin = std::env::current_exe().unwrap().with_file_name("kehoach");
    if !bin.exists() {
        eprintln!(
            "lỗi: không thấy {}; chạy `cargo build --release` trước",
            bin.display()
        );
        std::process::exit(2);
    }
    run(&args, &bin);
    // Last, when nothing more is timed (see `measure::discard`).
    measure::empty_trash(&args.work);
}

fn run(args: &Args, bin: &Path) {
    if args.bad_sizes {
        if let Err(e) = bad_sizes(bin, &args.work) {
            eprintln!("lỗi: {e}");
            std::process::exit(1);
        }
        return;
    }
    if let Some(hugo) = &args.vs_hugo {
        for &n in &args.plans {
            hugo::vs_hugo(bin, hugo, (n, args.seed), &args.work, args.runs, &repo())
                .unwrap_or_else(|e| fail(e));
        }
        return;
    }
    if args.floor {
        println!("| plans | runs | read input min / median / max (s) | write output min / median / max (s) | input | output |");
        println!("|---:|---:|---|---|---|---|");
    } else if args.reports {
        println!("| plans, reports | pairs | wall median without / with (s) | CPU median without / with (s) | peak median without / with (MB) | wall with ÷ without | CPU with ÷ without |");
        println!("|---|---:|---|---|---|---:|---:|");
    } else if args.edit {
        println!("| plans | edit | edits | edit → reload min / median / max (ms) | files remade |");
        println!("|---:|---|---:|---|---:|");
    } else {
        println!("| plans | tasks | build | runs | wall time min / median / max (s) | peak RSS min / median / max (MB) | output |");
        println!("|---:|---:|---|---:|---|---|---|");
    }
    let mut sizes = Vec::new();
    for &n in &args.plans {
        let root = args.work.join(format!("corpus-{n}"));
        generate(n, args.seed, corpus::Format::Kehoach, &root).unwrap_or_else(|e| fail(e));
        if args.floor {
            if let Err(e) = floor(bin, &root, &args.work, n, args.runs) {
                eprintln!("lỗi: {e}");
                std::process::exit(1);
            }
            continue;
        }
        if args.reports {
            let with = args.work.join(format!("corpus-{n}-bao-cao"));
            measure::discard(&with);
            measure::copy_tree(&root, &with)
                .map_err(|e| e.to_string())
                .unwrap_or_else(|e| fail(e));
            let c = corpus::Corpus::new(n, args.seed, &repo().join("sources"))
                .unwrap_or_else(|e| fail(e));
            let count = corpus::write_reports(&c, &with).unwrap_or_else(|e| fail(e));
            let out = args.work.join(format!("public-{n}"));
            let label = format!("{n}, {count}");
            measure::paired_builds(bin, (&root, &with), &out, (&args.work, args.runs), &label)
                .unwrap_or_else(|e| fail(e));
            continue;
        }
        if args.edit {
            match edit_bench(bin, &root, &args.work, args.runs) {
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
        for start in [Start::Nothing, Start::Unchanged, Start::Edited] {
            if start != Start::Nothing && args.from_nothing {
                continue;
            }
            match full_builds(bin, &root, &out, (&args.work, args.runs), n, start) {
                Ok(f) if start == Start::Nothing => sizes.push((n, f)),
                Ok(_) => {}
                Err(e) => {
                    eprintln!("lỗi: {e}");
                    std::process::exit(1);
                }
            }
        }
    }
    // What the output is made of, family by family (the site as built from nothing).
    if !sizes.is_empty() {
        println!();
        println!("| plans | family | files | MB |");
        println!("|---:|---|---:|---:|");
        for (n, families) in &sizes {
            for (family, files, bytes) in families {
                println!("| {n} | {family} | {files} | {:.1} |", *bytes as f64 / 1e6);
            }
        }
    }
}
