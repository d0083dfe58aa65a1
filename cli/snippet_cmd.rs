//! `haguide snippet list | render`: the catalog for people and for outside tools.
//!
//! `render --all --out DIR` writes every rendered config as its own file with a predictable name
//! (`DIR/<id>/<variant>.<ext>`) plus `index.json`, so any checker can consume them without
//! knowing anything about this project.

use anyhow::{Context, Result, bail};
use haguide_snippets::{Engine, Profile, Rendered, SnippetConfig, Variant};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Loads the engine and profile the book at `root` uses.
pub fn load(root: &Path, profile_override: Option<&Path>) -> Result<(Engine, Profile)> {
    let config = book_snippet_config(root)?;
    let (engine, mut profile) = config.load(root)?;
    if let Some(p) = profile_override {
        profile = Profile::load(p)?;
    }
    Ok((engine, profile))
}

/// The `[preprocessor.haguide-snippets]` table of the book at `root`.
pub fn book_snippet_config(root: &Path) -> Result<SnippetConfig> {
    let path = root.join("book.toml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let section = table
        .get("preprocessor")
        .and_then(|p| p.get(haguide_preprocessors::SNIPPETS))
        .cloned()
        .unwrap_or_else(|| toml::Value::Table(toml::Table::new()));
    let config: SnippetConfig = section.try_into().with_context(|| {
        format!(
            "{}: [preprocessor.{}]",
            path.display(),
            haguide_preprocessors::SNIPPETS
        )
    })?;
    config.check_keys(&format!("preprocessor.{}", haguide_preprocessors::SNIPPETS))?;
    Ok(config)
}

/// One line per snippet: id, format, variants, target.
pub fn list(engine: &Engine, profile: &Profile) -> Result<String> {
    let mut out = String::new();
    for (id, s) in &engine.catalog().snippets {
        let variants = engine.variants(id, profile)?;
        let target = s
            .meta
            .file
            .clone()
            .unwrap_or_else(|| format!("run on {}", s.meta.run_on.clone().unwrap_or_default()));
        out.push_str(&format!(
            "{id:<40} {:<12} {:>2} variant(s)  {target}\n",
            s.meta.format.name(),
            variants.len()
        ));
    }
    Ok(out)
}

/// Renders one snippet; with `variant` empty, every variant of it.
pub fn render(
    engine: &Engine,
    profile: &Profile,
    id: &str,
    variant: Option<&str>,
) -> Result<Vec<Rendered>> {
    let variants = match variant {
        Some(v) => {
            let wanted = Variant::parse(v).map_err(anyhow::Error::msg)?;
            vec![engine.resolve_variant(id, &wanted, profile)?]
        }
        None => engine.variants(id, profile)?,
    };
    variants
        .iter()
        .map(|v| engine.render(id, v, profile).map_err(Into::into))
        .collect()
}

/// An entry of index.json.
#[derive(Serialize)]
pub struct IndexEntry {
    /// Path of the written file, relative to the output directory.
    pub file: String,
    /// Snippet id.
    pub id: String,
    /// Variant (`distro=rhel,tool=pcs`, or `default`).
    pub variant: String,
    /// The variant's axis values.
    pub axes: std::collections::BTreeMap<String, String>,
    /// Format name (`haproxy`, `oslo:keystone`...).
    pub format: String,
    /// The file the config is for, if it is a file.
    pub target: Option<String>,
    /// Where the commands run, if it is a command sequence.
    pub run_on: Option<String>,
    /// Snippet title.
    pub title: String,
}

/// Renders everything into `out`, refusing to overwrite existing files unless `force`.
pub fn render_all(engine: &Engine, profile: &Profile, out: &Path, force: bool) -> Result<usize> {
    let results = {
        let ids: Vec<String> = engine.catalog().snippets.keys().cloned().collect();
        let bar = crate::progress::bar(ids.len() as u64, "Rendering");
        let mut all = Vec::new();
        for id in ids {
            bar.set_message(id.clone());
            for v in engine.variants(&id, profile)? {
                all.push(engine.render(&id, &v, profile));
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        all
    };
    let mut errors = Vec::new();
    let mut rendered = Vec::new();
    for r in results {
        match r {
            Ok(r) => {
                eprint!("{}", warnings_report(&r));
                rendered.push(r)
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        bail!("{} snippet(s) failed:\n{}", errors.len(), errors.join("\n"));
    }
    let mut planned: Vec<(PathBuf, &Rendered)> = Vec::new();
    for r in &rendered {
        planned.push((
            PathBuf::from(&r.id).join(format!("{}.{}", r.variant.slug(), r.format.extension())),
            r,
        ));
    }
    let index_path = out.join("index.json");
    if !force {
        let clash: Vec<String> = planned
            .iter()
            .map(|(p, _)| out.join(p))
            .chain(std::iter::once(index_path.clone()))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if let Some(first) = clash.first() {
            bail!(
                "{first} already exists ({} file(s) would be overwritten); pass --force to overwrite",
                clash.len()
            );
        }
    }
    let mut index = Vec::new();
    for (rel, r) in &planned {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, &r.text).with_context(|| format!("writing {}", path.display()))?;
        index.push(IndexEntry {
            file: rel.to_string_lossy().to_string(),
            id: r.id.clone(),
            variant: r.variant.to_string(),
            axes: r.variant.0.clone(),
            format: r.format.name(),
            target: r.file.clone(),
            run_on: r.run_on.clone(),
            title: r.title.clone(),
        });
    }
    std::fs::write(&index_path, serde_json::to_string_pretty(&index)? + "\n")
        .with_context(|| format!("writing {}", index_path.display()))?;
    Ok(index.len())
}

/// The validator's warnings about a rendering, as a report (empty when there are none).
pub fn warnings_report(r: &Rendered) -> String {
    if r.warnings.is_empty() {
        return String::new();
    }
    haguide_snippets::diag::render_report(
        &format!("{} [{} {}]", r.target(), r.id, r.variant),
        &r.text,
        &r.warnings,
    )
}
