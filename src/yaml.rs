//! The one place that names the YAML crate. serde_yaml is archived upstream; serde_norway is a
//! maintained fork with the same API, so switching is a change to the `use` line below (and
//! Cargo.toml).

pub use serde_yaml::{Error, Mapping, Value};

/// Parses YAML text into a generic value. On failure returns the 1-based line and column the
/// parser stopped at (when it knows), and its message.
pub fn parse(text: &str) -> Result<Value, (usize, usize, String)> {
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        (line, col, e.to_string())
    })
}
