//! kehoach: a static site generator for Vietnamese government plans (Kế hoạch).
//!
//! Content flows through five stages, one module each:
//! `content` (load files) → `resolve` (names, numbers, deadlines → references) →
//! `site` (URLs and cross-link indexes) → `render` (theme) → `output` (atomic write).
//! `build` wires the stages; `cli` is the command line.

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
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod text;
pub mod yaml;
