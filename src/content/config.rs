//! site.yaml: the settings of the site.

use super::fields;
use super::{locate, PartialDate, SiteConfig, SITE};
use crate::diag::{Diagnostics, Pos};
use std::path::Path;

/// Reads site.yaml; its defaults, with an error, when there is none.
pub fn read_config(root: &Path, diags: &mut Diagnostics) -> SiteConfig {
    let bytes = match std::fs::read(root.join(SITE)) {
        Ok(b) => b,
        Err(_) => {
            diags.error(
                SITE,
                Pos::line(1),
                format!(
                    "không tìm thấy site.yaml trong {}: chạy lệnh trong thư mục của trang, hoặc chỉ rõ bằng --root",
                    root.display()
                ),
            );
            return SiteConfig::default();
        }
    };
    match fields::decode_utf8(SITE, &bytes, diags) {
        Some(text) => parse_config(&text, diags),
        None => SiteConfig::default(),
    }
}

/// The settings of site.yaml; what is missing keeps its default.
pub fn parse_config(text: &str, diags: &mut Diagnostics) -> SiteConfig {
    let mut cfg = SiteConfig::default();
    let Some(map) = fields::parse_mapping(SITE, text, 1, diags) else {
        return cfg;
    };
    let loc = locate::Locator::new(text, 1);
    let f = fields::Fields::new(SITE, &map, &loc, "");
    if let Some(s) = f.string("title", diags) {
        cfg.title = s;
    }
    if let Some(s) = f.string("description", diags) {
        cfg.description = s;
    }
    if let Some(s) = f.string("base_url", diags) {
        cfg.base_url = s;
    }
    if let Some(s) = f.string("language", diags) {
        cfg.language = s;
    }
    if let Some(s) = f.string("theme", diags) {
        cfg.theme = s;
    }
    if let Some(s) = f.string("organization", diags) {
        cfg.organization = s;
    }
    if let Some(s) = f.string("trust_html", diags) {
        match s.as_str() {
            "true" => cfg.trust_html = true,
            "false" => cfg.trust_html = false,
            _ => diags.error(
                SITE,
                f.pos("trust_html"),
                format!("trust_html `{s}` phải là true hoặc false"),
            ),
        }
    }
    if let Some(s) = f.string("as_of", diags) {
        match PartialDate::parse(&s).ok().and_then(|d| d.full()) {
            Some(d) => cfg.as_of = Some(d),
            None => diags.error(
                SITE,
                f.pos("as_of"),
                format!("as_of `{s}` phải là một ngày đầy đủ YYYY-MM-DD"),
            ),
        }
    }
    cfg
}
