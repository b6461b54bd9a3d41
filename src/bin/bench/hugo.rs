//! kehoach beside Hugo (`--vs-hugo`): the same corpus written for each (the generator's Hugo
//! format, with the layouts of bench/hugo/), both built from nothing in turn, each a separate
//! process; their wall time, CPU time, peak memory and output, and the ratios pair by pair.

use crate::corpus;
use crate::measure::{families, run_build, run_command, stats, Sample};
use std::path::Path;
use std::process::Command;

/// Prints the comparison at `n` plans; `hugo` is Hugo's binary (the pinned Python package
/// `hugo` puts one on the PATH).
pub fn vs_hugo(
    bin: &Path,
    hugo: &Path,
    (n, seed): (usize, u64),
    work: &Path,
    runs: usize,
    repo: &Path,
) -> Result<(), String> {
    let c = corpus::Corpus::new(n, seed, &repo.join("sources"))?;
    let (ours, theirs) = (
        work.join(format!("corpus-{n}")),
        work.join(format!("hugo-{n}")),
    );
    corpus::write(&c, &ours, corpus::Format::Kehoach, repo)?;
    corpus::write(&c, &theirs, corpus::Format::Hugo, repo)?;
    let (mut k, mut h) = (Vec::new(), Vec::new());
    let (out_k, out_h) = (work.join("vs-kehoach"), work.join("vs-hugo"));
    for i in 0..runs {
        let _ = std::fs::remove_dir_all(&out_k);
        let _ = std::fs::remove_dir_all(&out_h);
        let (s, _) = run_build(bin, &ours, &out_k)?;
        eprintln!(
            "  kehoach, lần {}: {:.2} s, CPU {:.2} s",
            i + 1,
            s.secs,
            s.cpu
        );
        k.push(s);
        let mut cmd = Command::new(hugo);
        cmd.arg("--source")
            .arg(&theirs)
            .arg("--destination")
            .arg(&out_h)
            .arg("--quiet");
        let (s, code, _, err) = run_command(cmd)?;
        if code != 0 {
            return Err(format!("hugo thất bại (mã {code}): {err}"));
        }
        eprintln!("  hugo, lần {}: {:.2} s, CPU {:.2} s", i + 1, s.secs, s.cpu);
        h.push(s);
    }
    let med = |v: &[Sample], f: fn(&Sample) -> f64| stats(v.iter().map(f).collect()).1;
    let ratio =
        |f: fn(&Sample) -> f64| stats(k.iter().zip(&h).map(|(a, b)| f(a) / f(b)).collect()).1;
    let (fk, fh) = (families(&out_k), families(&out_h));
    let total = |f: &[(String, usize, u64)]| {
        (
            f.iter().map(|x| x.1).sum::<usize>(),
            f.iter().map(|x| x.2).sum::<u64>() as f64 / 1e6,
        )
    };
    let ((kf, kb), (hf, hb)) = (total(&fk), total(&fh));
    println!("| plans | pairs | wall median kehoach / Hugo (s) | CPU median kehoach / Hugo (s) | peak kehoach / Hugo (MB) | output kehoach / Hugo | kehoach ÷ Hugo: wall, CPU, bytes |");
    println!("|---:|---:|---|---|---|---|---|");
    println!(
        "| {n} | {runs} | {:.2} / {:.2} | {:.2} / {:.2} | {:.0} / {:.0} | {kf} files, {kb:.1} MB / {hf} files, {hb:.1} MB | {:.2}, {:.2}, {:.2} |",
        med(&k, |s| s.secs),
        med(&h, |s| s.secs),
        med(&k, |s| s.cpu),
        med(&h, |s| s.cpu),
        med(&k, |s| s.peak_mb),
        med(&h, |s| s.peak_mb),
        ratio(|s| s.secs),
        ratio(|s| s.cpu),
        kb / hb,
    );
    println!();
    println!("| plans | tool | family | files | MB |");
    println!("|---:|---|---|---:|---:|");
    for (tool, f) in [("kehoach", &fk), ("Hugo", &fh)] {
        for (family, files, bytes) in f {
            println!(
                "| {n} | {tool} | {family} | {files} | {:.1} |",
                *bytes as f64 / 1e6
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out_k);
    let _ = std::fs::remove_dir_all(&out_h);
    Ok(())
}
