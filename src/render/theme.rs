//! Themes: Tera templates and static files. The default theme is compiled into the binary (so a
//! site with no themes/ folder, like the benchmark corpus, still builds); a site's own
//! themes/default/ and themes/<name>/ override it file by file.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "head.html",
    "header.html",
    "search_box.html",
    "macros.html",
    "task_table.html",
    "task_row.html",
    "plan_task_table.html",
    "task_row_data.html",
    "task_badges.html",
    "task_deadline.html",
    "index.html",
    "plans.html",
    "plan.html",
    "bodies.html",
    "body.html",
    "deadlines.html",
    "deadline_year.html",
    "task_list.html",
    "documents.html",
    "document.html",
    "related.html",
    "reports.html",
    "report.html",
    "missing_reports.html",
    "search.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "accessibility.html",
    "data.html",
    "progress.html",
    "robots.txt",
    "contact.html",
);

const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "tables.js",
        include_bytes!("../../themes/default/static/tables.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "favicon.ico",
        include_bytes!("../../themes/default/static/favicon.ico"),
    ),
];

/// Names of the built-in static files (served under `assets/`).
pub fn builtin_statics() -> impl Iterator<Item = &'static str> {
    STATIC.iter().map(|(n, _)| *n)
}

pub struct Theme {
    pub templates: BTreeMap<String, String>,
    /// Output path under `assets/` → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The names of the static files, in the order [`crate::site::routes::Output::Asset`]
    /// numbers them.
    pub fn asset_names(&self) -> Vec<String> {
        self.statics.keys().cloned().collect()
    }
}

/// Loads the built-in default theme, then the site's themes/default/, then themes/<name>/.
pub fn load(root: &Path, name: &str) -> Result<Theme, String> {
    let mut theme = Theme {
        templates: TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        statics: STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect(),
    };
    let mut layers = vec!["default".to_string()];
    if name != "default" {
        // a folder name under themes/, never a path that leads elsewhere
        if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\', ':']) {
            return Err(format!(
                "site.yaml: tên giao diện `{name}` phải là tên một thư mục trong themes/ (không có / hay ..)"
            ));
        }
        if !root.join("themes").join(name).is_dir() {
            return Err(format!(
                "site.yaml: không tìm thấy giao diện `{name}` (thư mục themes/{name}/); sửa `theme:` hoặc tạo thư mục giao diện"
            ));
        }
        layers.push(name.to_string());
    }
    for layer in layers {
        let dir = root.join("themes").join(&layer);
        overlay(&dir.join("templates"), &mut theme.templates, |b| {
            String::from_utf8(b).ok()
        })?;
        overlay(&dir.join("static"), &mut theme.statics, Some)?;
    }
    Ok(theme)
}

fn overlay<T>(
    dir: &Path,
    into: &mut BTreeMap<String, T>,
    conv: impl Fn(Vec<u8>) -> Option<T>,
) -> Result<(), String> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("không đọc được {}: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = crate::content::rel_path(dir, entry.path());
        let bytes = std::fs::read(entry.path())
            .map_err(|e| format!("không đọc được {}: {e}", entry.path().display()))?;
        let value = conv(bytes)
            .ok_or_else(|| format!("{}: tệp giao diện không phải UTF-8", entry.path().display()))?;
        into.insert(rel, value);
    }
    Ok(())
}

/// Templates that changed, and those that extend or include them or call their components.
pub fn changed_templates(old: &Theme, new: &Theme) -> HashSet<String> {
    let mut out: HashSet<String> = new
        .templates
        .iter()
        .filter(|(n, t)| old.templates.get(*n) != Some(t))
        .map(|(n, _)| n.clone())
        .collect();
    out.extend(
        old.templates
            .keys()
            .filter(|n| !new.templates.contains_key(*n))
            .cloned(),
    );
    if out.contains(super::rows::TEMPLATE) {
        out.extend(super::rows::PAGE_TEMPLATES.iter().map(|t| t.to_string()));
    }
    // Components are global: a call names the component, not the template defining it.
    let mut definer: HashMap<String, &str> = HashMap::default();
    for (n, t) in old.templates.iter().chain(&new.templates) {
        for c in uses(t).defines {
            definer.insert(c, n.as_str());
        }
    }
    loop {
        let more: BTreeSet<String> = new
            .templates
            .iter()
            .filter(|(n, t)| {
                let u = uses(t);
                !out.contains(*n)
                    && (u.templates.iter().any(|x| out.contains(x))
                        || u.calls
                            .iter()
                            .any(|c| definer.get(c).is_some_and(|d| out.contains(*d))))
            })
            .map(|(n, _)| n.clone())
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// What a template names: the templates in `{% extends %}`, `{% include %}` and `{% import %}`,
/// the components it calls (`{{ <name … /> }}`, `{% <name> %}`), and those it defines.
#[derive(Debug, Default, PartialEq)]
struct Uses {
    templates: Vec<String>,
    calls: Vec<String>,
    defines: Vec<String>,
}

fn uses(template: &str) -> Uses {
    let mut out = Uses::default();
    let name = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect()
    };
    for (open, close) in [("{%", "%}"), ("{{", "}}")] {
        for tag in template.split(open).skip(1) {
            let tag = tag
                .split(close)
                .next()
                .unwrap_or("")
                .trim_start_matches('-')
                .trim();
            // A component call is `<` right before a name; a comparison has a space after it.
            for (i, _) in tag.match_indices('<') {
                let n = name(&tag[i + 1..]);
                if n.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                    out.calls.push(n);
                }
            }
            let mut words = tag.split_whitespace();
            match words.next().unwrap_or("") {
                "extends" | "include" | "import" => {
                    if let Some(n) = tag.split(['"', '\'']).nth(1) {
                        out.templates.push(n.to_string());
                    }
                }
                "component" => out.defines.push(name(words.next().unwrap_or(""))),
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_carries_every_file_of_the_default_theme() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let names = |sub: &str| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(dir.join(sub))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        let mut statics: Vec<String> = STATIC.iter().map(|(n, _)| n.to_string()).collect();
        statics.sort();
        assert_eq!(statics, names("static"));
        let mut templates: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        templates.sort();
        assert_eq!(templates, names("templates"));
    }

    #[test]
    fn finds_the_templates_and_components_a_template_uses() {
        let t = r#"{% extends "base.html" %}{%- include 'x.html' -%}{% if a < 2 %}{{ <pager p={p} /> }}{% <card> %}{% </card> %}{% component ui.button(label) %}{{ label }}{% endcomponent %}"#;
        let u = uses(t);
        assert_eq!(u.templates, ["base.html", "x.html"]);
        assert_eq!(u.calls, ["card", "pager"]);
        assert_eq!(u.defines, ["ui.button"]);
    }
}
