//! Sites of hostile sizes: each must build within the memory budget or be refused with a
//! clear message, never hang or be killed.

use crate::measure::{copy_tree, run_any};
use std::path::{Path, PathBuf};

/// Sites of bad sizes (issue 8): each must build within the memory budget or stop with a
/// clear message, never hang or be killed. Made from tests/fixtures/mini plus one big file.
pub fn bad_sizes(bin: &Path, work: &Path) -> Result<(), String> {
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
        let (s, code, stdout, stderr) = run_any(bin, &root, &work.join("bad-size-public"), &[])?;
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
