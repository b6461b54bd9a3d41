//! kehoach: a static site generator for Vietnamese government plans (Kế hoạch).
//!
//! Content flows through five stages, one module each: `content` (load the files) →
//! `resolve` (names, numbers, deadlines → references) → `site` (URLs in `site::routes`, lists,
//! cross-links) → `render` (HTML pages) and `export` (data files) → `output` (atomic write).
//! `pipeline` runs the stages and holds the live-rebuild policy of `serve`; `linkcheck` reads
//! what render makes; `text`, `number`, `markdown`, `yaml` and `diag` serve every stage. See
//! docs/architecture.md.

pub mod cli;
pub mod content;
pub mod diag;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod linkcheck;
pub mod markdown;
pub mod number;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report_draft;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod text;
pub mod yaml;
