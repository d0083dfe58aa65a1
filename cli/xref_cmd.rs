//! `haguide xref list | refresh`: the book's cross-references and the inventories behind them.

use anyhow::{Context, Result, bail};
use haguide_inventory::{Inventory, ParseMode};
use haguide_preprocessors::xref::{self, Reference, XrefConfig};
use std::path::Path;

/// The `[preprocessor.haguide-xref]` table of the book at `root`.
pub fn config(root: &Path) -> Result<XrefConfig> {
    let md = mdbook_driver::MDBook::load(root)
        .with_context(|| format!("loading the book at {}", root.display()))?;
    xref::config(&md.config)
}

/// One line per cross-reference: `file:line: inv:… → URL`, or why it does not resolve.
pub fn list(root: &Path) -> Result<(String, usize)> {
    let md = mdbook_driver::MDBook::load(root)
        .with_context(|| format!("loading the book at {}", root.display()))?;
    let inventories = xref::config(&md.config)?.load(root)?;
    let src = root.join(&md.config.book.src);
    let mut out = String::new();
    let mut broken = 0;
    for item in md.iter() {
        let mdbook_driver::book::BookItem::Chapter(ch) = item else {
            continue;
        };
        let Some(path) = &ch.source_path else {
            continue;
        };
        for f in xref::find(&ch.content) {
            let place = format!(
                "{}:{}:{}",
                src.join(path).strip_prefix(root).unwrap_or(path).display(),
                f.line,
                f.column
            );
            let line = match Reference::parse(&f.dest)
                .map_err(|e| e.to_string())
                .and_then(|r| {
                    inventories
                        .resolve(&r)
                        .map(|res| res.url)
                        .map_err(|u| format!("{u:?}"))
                }) {
                Ok(url) => format!("{place}: {} → {url}\n", f.dest),
                Err(why) => {
                    broken += 1;
                    format!("{place}: {} → UNRESOLVED ({why})\n", f.dest)
                }
            };
            out.push_str(&line);
        }
    }
    Ok((out, broken))
}

/// Downloads `KEY`'s objects.inv from its URL. Without `force`, an existing file that differs
/// is left alone and the difference is reported; with no network, nothing changes.
pub fn refresh(root: &Path, key: &str, force: bool) -> Result<String> {
    let config = config(root)?;
    let Some(spec) = config.inventories.get(key) else {
        let keys: Vec<&str> = config.inventories.keys().map(String::as_str).collect();
        bail!(
            "no inventory `{key}` in book.toml; known: {}",
            keys.join(", ")
        );
    };
    let url = format!(
        "{}objects.inv",
        spec.url.trim_end_matches('/').to_string() + "/"
    );
    let bytes = fetch(&url).with_context(|| {
        format!(
            "cannot download {url}; {} was left as it was (a network is needed to refresh)",
            spec.file.display()
        )
    })?;
    let (fresh, _) = Inventory::parse(&bytes, ParseMode::Lenient)
        .with_context(|| format!("{url} is not a Sphinx inventory"))?;
    let path = root.join(&spec.file);
    if let Ok(old_bytes) = std::fs::read(&path) {
        if old_bytes == bytes {
            return Ok(format!(
                "{} is up to date ({} entries)",
                spec.file.display(),
                fresh.entries.len()
            ));
        }
        let old = Inventory::parse(&old_bytes, ParseMode::Lenient)
            .map(|(i, _)| i.entries.len())
            .unwrap_or(0);
        if !force {
            bail!(
                "{} differs from {url} ({old} entries now, {} downloaded); pass --force to replace it",
                spec.file.display(),
                fresh.entries.len()
            );
        }
    }
    let tmp = path.with_extension("inv.download");
    std::fs::write(&tmp, &bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(format!(
        "{} refreshed from {url} ({} entries)",
        spec.file.display(),
        fresh.entries.len()
    ))
}

fn fetch(url: &str) -> Result<Vec<u8>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into();
    let mut response = agent.get(url).call()?;
    Ok(response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()?)
}
