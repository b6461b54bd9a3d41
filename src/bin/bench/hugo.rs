//! kehoach beside Hugo (`--vs-hugo`): the same corpus written for each (the generator's Hugo
//! format, with the layouts of bench/hugo/), both built from nothing in turn, each a separate
//! process; their wall time, CPU time, peak memory and output, and the ratios pair by pair.

use crate::corpus;
use crate::measure::{clear_output, families, run_build, run_command, run_out, Paired};
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
    // A new folder for each build, all removed at the end (see `run_out`).
    let outs = |base: &str| -> Vec<std::path::PathBuf> {
        (0..runs).map(|i| run_out(&work.join(base), i)).collect()
    };
    let (outs_k, outs_h) = (outs("vs-kehoach"), outs("vs-hugo"));
    for o in outs_k.iter().chain(&outs_h) {
        clear_output(o);
    }
    for (i, (out_k, out_h)) in outs_k.iter().zip(&outs_h).enumerate() {
        let (s, _) = run_build(bin, &ours, out_k)?;
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
            .arg(out_h)
            .arg("--quiet");
        let (s, code, _, err) = run_command(cmd)?;
        if code != 0 {
            return Err(format!("hugo thất bại (mã {code}): {err}"));
        }
        eprintln!("  hugo, lần {}: {:.2} s, CPU {:.2} s", i + 1, s.secs, s.cpu);
        h.push(s);
    }
    // Hugo first: the ratios are kehoach's figures over Hugo's.
    let p = Paired::of(&h, &k);
    let (fk, fh) = (families(&outs_k[runs - 1]), families(&outs_h[runs - 1]));
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
        p.secs.1, p.secs.0, p.cpu.1, p.cpu.0, p.peak_mb.1, p.peak_mb.0, p.ratio_secs, p.ratio_cpu,
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
    for o in outs_k.iter().chain(&outs_h) {
        clear_output(o);
    }
    Ok(())
}
