//! Stage 1, load: reads site.yaml, the plan files and the two registries into plain data
//! (`model`), with the position of every value that a later stage may need to complain about.
//! Nothing here knows what a name or a number refers to; that is `resolve`. A live rebuild
//! keeps what it read and reads again only what changed (`pipeline::sources`), through the
//! same functions.

mod config;
mod decode;
mod files;
mod frontmatter;
mod model;
mod plan;
mod registry;
mod report;

use crate::diag::Diagnostics;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use config::{parse_config, read_config};
pub use files::{
    path_order, plan_files, read_departments, read_directives, read_plan, read_plan_hashed,
    read_report, rel_path, report_files, MAX_FILE_BYTES,
};
pub use frontmatter::model_keys;
pub use model::*;
pub use plan::{parse_plan, PLACEHOLDER_TITLE};
pub use registry::{parse_departments, parse_directives};
pub use report::{parse_report, REPORTS_DIR};

pub const DEPARTMENTS: &str = "content/departments.yaml";
pub const DIRECTIVES: &str = "content/directives.yaml";
pub const SITE: &str = "site.yaml";

/// A site as read: its settings, its plans in the order of their files, and the registries.
#[derive(Debug)]
pub struct Content {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub plans: Vec<Arc<Plan>>,
    pub bodies: Vec<BodyEntry>,
    pub directives: Vec<DirectiveEntry>,
    /// The reports, in the order of their files.
    pub reports: Vec<Arc<Report>>,
}

/// Reads a whole site. Problems go to `diags`; what could be read is returned regardless, so
/// that one run reports every error. Plan files are read in parallel.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Content {
    load_with(root, diags, &read_plan)
}

/// How a plan file (its path, and its name from the site root) is read: [`read_plan`], or
/// what an earlier build parsed from the same bytes (`pipeline::parsed`).
pub type ReadPlan<'a> = dyn Fn(&Path, &str) -> (Option<Plan>, Diagnostics) + Sync + 'a;

/// [`load`], reading each plan file with `read`.
pub fn load_with(root: &Path, diags: &mut Diagnostics, read: &ReadPlan<'_>) -> Content {
    let config = read_config(root, diags);
    let bodies = read_departments(root, diags);
    let directives = read_directives(root, diags);
    let files = plan_files(root, diags);
    let read: Vec<(Option<Plan>, Diagnostics)> =
        files.par_iter().map(|(abs, rel)| read(abs, rel)).collect();
    let mut plans = Vec::with_capacity(read.len());
    for (plan, d) in read {
        diags.extend(d);
        plans.extend(plan.map(Arc::new));
    }
    Content {
        root: root.to_path_buf(),
        config,
        plans,
        bodies,
        directives,
        reports: load_reports(root, diags),
    }
}

/// Every report file of the site, read in parallel, in the order of their files.
pub fn load_reports(root: &Path, diags: &mut Diagnostics) -> Vec<Arc<Report>> {
    let files = report_files(root, diags);
    let read: Vec<(Option<Report>, Diagnostics)> = files
        .par_iter()
        .map(|(abs, rel)| read_report(abs, rel))
        .collect();
    let mut reports = Vec::with_capacity(read.len());
    for (report, d) in read {
        diags.extend(d);
        reports.extend(report.map(Arc::new));
    }
    reports
}
