//! site.yaml: the settings of the site.

use super::decode::decode_utf8;
use super::frontmatter::{SiteFm, Source, Text};
use super::{PartialDate, SiteConfig, SITE};
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
    match decode_utf8(SITE, &bytes, diags) {
        Some(text) => parse_config(&text, diags),
        None => SiteConfig::default(),
    }
}

/// The settings of site.yaml; what is missing keeps its default.
pub fn parse_config(text: &str, diags: &mut Diagnostics) -> SiteConfig {
    let mut cfg = SiteConfig::default();
    let src = Source {
        rel: SITE,
        text,
        first_line: 1,
    };
    let Some(node) = src.parse(diags) else {
        return cfg;
    };
    let Some(fm) = src.read::<SiteFm>(&node, "site.yaml", diags) else {
        return cfg;
    };
    let set = |slot: &mut String, v: Text| {
        if let Some(a) = text_of(v) {
            *slot = a.value;
        }
    };
    set(&mut cfg.title, fm.title);
    set(&mut cfg.description, fm.description);
    set(&mut cfg.base_url, fm.base_url);
    set(&mut cfg.language, fm.language);
    set(&mut cfg.theme, fm.theme);
    set(&mut cfg.organization, fm.organization);
    if let Some(a) = text_of(fm.trust_html) {
        match a.value.as_str() {
            "true" => cfg.trust_html = true,
            "false" => cfg.trust_html = false,
            s => {
                let message = format!("trust_html `{s}` phải là true hoặc false");
                src.error(diags, a.pos, message);
            }
        }
    }
    if let Some(c) = fm.contact {
        let c = c.value;
        set(&mut cfg.contact.office, c.office);
        set(&mut cfg.contact.address, c.address);
        set(&mut cfg.contact.phone, c.phone);
        set(&mut cfg.contact.email, c.email);
    }
    if let Some(a) = text_of(fm.as_of) {
        match PartialDate::parse(&a.value).ok().and_then(|d| d.full()) {
            Some(d) => cfg.as_of = Some(d),
            None => {
                let message = format!("as_of `{}` phải là một ngày đầy đủ YYYY-MM-DD", a.value);
                src.error(diags, a.pos, message);
            }
        }
    }
    cfg
}

/// A value's text, trimmed; kept even when empty (an empty setting is written on purpose).
fn text_of(v: Text) -> Option<crate::yaml::At<String>> {
    v.map(|a| crate::yaml::At {
        value: a.value.trim().to_string(),
        pos: a.pos,
    })
}
