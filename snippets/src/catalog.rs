//! The snippet catalog, found on disk.
//!
//! A snippet is a directory holding `snippet.toml` (its metadata) and one or more handlebars
//! templates. Its id is the directory's path below the catalog root (`haproxy/api-endpoints`).
//! Template file names say which variant they serve: `base.hbs` serves every variant, and
//! `distro=rhel.hbs` or `distro=rhel,tool=pcs.hbs` serve the variants they match. The most specific
//! match wins, so a variant falls back to the base.
//!
//! Overlay directories have the same layout. Their templates add or replace templates by name,
//! their `snippet.toml` replaces metadata or defines a new snippet, and their `axes.toml` adds
//! axis values. Distro teams keep their changes there without editing the base catalog.

use crate::error::Error;
use crate::format::Format;
use crate::variant::{Axes, Variant};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The name of the metadata file in each snippet directory.
pub const META_FILE: &str = "snippet.toml";
/// The extension of template files.
pub const TEMPLATE_EXT: &str = "hbs";

/// The axis whose values are the profile's controllers: a snippet that varies on it renders one
/// file per controller (keepalived.conf, for example, differs in priority and source address).
pub const NODE_AXIS: &str = "node";

/// Metadata of one snippet, as written in snippet.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SnippetMeta {
    /// A short title shown above the code block.
    pub title: String,
    /// The format, which picks the validator.
    pub format: Format,
    /// The file the snippet represents. It is itself a template, so it may use distro facts
    /// (`{{distro.mariadb_conf_dir}}/99-galera.cnf`).
    #[serde(default)]
    pub file: Option<String>,
    /// For command sequences: where they run ("every controller", "controller1 only").
    #[serde(default)]
    pub run_on: Option<String>,
    /// The axes the snippet varies on.
    #[serde(default)]
    pub axes: Vec<String>,
    /// Command snippets a reader runs before this one (same variant). Their commands are checked
    /// first, so this one may name the resources they created (`vip-internal` in a constraint).
    #[serde(default)]
    pub after: Vec<String>,
    /// Why the variants differ, shown under the tabs ("pcs generates corosync.conf; with crmsh
    /// you write it").
    #[serde(default)]
    pub variant_note: Option<String>,
    /// For a console transcript of the cluster's status: the Pacemaker sequence after which it
    /// is shown. Its `Started` lines must match where `crm_simulate` placed the resources of
    /// that sequence in the verification record (tests/placements.rs).
    #[serde(default)]
    pub placement_of: Option<String>,
}

/// A template file and the variant it serves.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateFile {
    /// The axis values this template is for; empty for `base.hbs`.
    pub key: Variant,
    /// Where it is on disk.
    pub path: PathBuf,
    /// True if it comes from an overlay directory.
    pub from_overlay: bool,
}

/// One snippet of the catalog.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    /// `haproxy/api-endpoints`.
    pub id: String,
    /// Its metadata.
    pub meta: SnippetMeta,
    /// Where its metadata was read from.
    pub meta_path: PathBuf,
    /// Its templates, by variant key.
    pub templates: Vec<TemplateFile>,
}

/// All snippets, keyed by id, plus the axes their variants are made of.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The snippets.
    pub snippets: BTreeMap<String, Snippet>,
    /// The axes, including overlay additions.
    pub axes: Axes,
}

impl Catalog {
    /// Loads the catalog at `root` and applies `overlays` in order.
    pub fn load(root: &Path, overlays: &[PathBuf]) -> Result<Catalog, Error> {
        let mut axes = Axes::builtin()?;
        for overlay in overlays {
            let file = overlay.join("axes.toml");
            if file.is_file() {
                let text = read(&file)?;
                axes.overlay(Axes::parse(&text, &file)?);
            }
        }
        let mut snippets = BTreeMap::new();
        scan(root, false, &mut snippets)?;
        for overlay in overlays {
            if !overlay.is_dir() {
                return Err(Error::Catalog {
                    path: overlay.clone(),
                    line: 0,
                    message: "overlay directory does not exist (book.toml `overlays`)".into(),
                });
            }
            scan(overlay, true, &mut snippets)?;
        }
        let catalog = Catalog { snippets, axes };
        catalog.check()?;
        Ok(catalog)
    }

    /// Checks the cross-file rules: templates only name axes their snippet varies on, with known
    /// values; every snippet has a file or a place to run.
    fn check(&self) -> Result<(), Error> {
        for s in self.snippets.values() {
            let meta_err = |message: String| Error::Catalog {
                path: s.meta_path.clone(),
                line: 0,
                message,
            };
            match (&s.meta.file, &s.meta.run_on) {
                (Some(_), None) | (None, Some(_)) => {}
                _ => {
                    return Err(meta_err(
                        "set exactly one of `file` (a config file) or `run_on` (commands)".into(),
                    ));
                }
            }
            if s.meta.format == Format::Cluster && !s.meta.axes.iter().any(|a| a == "tool") {
                return Err(meta_err("format `cluster` picks pcs or crmsh by the `tool` axis; add \"tool\" to `axes`".into()));
            }
            if s.meta.file.is_some() && s.meta.format.is_commands() {
                return Err(meta_err(format!(
                    "format `{}` is a command sequence; use `run_on`, not `file`",
                    s.meta.format
                )));
            }
            for axis in &s.meta.axes {
                if axis != NODE_AXIS && self.axes.get(axis).is_none() {
                    let hint = crate::diag::did_you_mean(
                        axis,
                        self.axes.axes.iter().map(|a| a.id.as_str()),
                    )
                    .unwrap_or_else(|| "expected distro, tool, release or node".into());
                    return Err(meta_err(format!("unknown axis `{axis}`: {hint}")));
                }
            }
            for earlier in &s.meta.after {
                if !self.snippets.contains_key(earlier) {
                    let hint = crate::diag::did_you_mean(
                        earlier,
                        self.snippets.keys().map(String::as_str),
                    )
                    .unwrap_or_default();
                    return Err(meta_err(
                        format!("`after` names unknown snippet `{earlier}` {hint}")
                            .trim_end()
                            .to_string(),
                    ));
                }
            }
            if s.templates.is_empty() {
                return Err(meta_err(format!(
                    "snippet `{}` has no template (expected base.hbs or AXIS=VALUE.hbs)",
                    s.id
                )));
            }
            for t in &s.templates {
                for (axis, value) in &t.key.0 {
                    let tmpl_err = |message: String| Error::Catalog {
                        path: t.path.clone(),
                        line: 0,
                        message,
                    };
                    if !s.meta.axes.contains(axis) {
                        return Err(tmpl_err(format!(
                            "template is for axis `{axis}`, but snippet `{}` does not vary on it (axes = {:?} in {})",
                            s.id,
                            s.meta.axes,
                            s.meta_path.display()
                        )));
                    }
                    if axis != NODE_AXIS {
                        self.axes.check(axis, value).map_err(tmpl_err)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The snippet with this id, or an error with near matches.
    pub fn get(&self, id: &str) -> Result<&Snippet, Error> {
        check_id(id)?;
        self.snippets.get(id).ok_or_else(|| Error::UnknownSnippet {
            id: id.to_string(),
            suggestions: crate::diag::near_matches(id, self.snippets.keys().map(String::as_str))
                .into_iter()
                .map(str::to_string)
                .collect(),
        })
    }
}

impl Snippet {
    /// The template for a variant: the most specific one whose key the variant matches.
    pub fn template_for(&self, variant: &Variant) -> Option<&TemplateFile> {
        self.templates
            .iter()
            .filter(|t| t.key.is_subset_of(variant))
            .max_by_key(|t| (t.key.0.len(), t.from_overlay))
    }
}

/// Refuses ids that are paths rather than catalog names.
pub fn check_id(id: &str) -> Result<(), Error> {
    let refuse = |reason: &str| {
        Err(Error::InvalidId {
            id: id.to_string(),
            reason: reason.to_string(),
        })
    };
    if id.is_empty() {
        return refuse("it is empty");
    }
    if id.starts_with('/') || id.starts_with('\\') || id.contains(':') {
        return refuse(
            "snippet ids are catalog names such as `haproxy/api-endpoints`, not absolute paths",
        );
    }
    if id.split('/').any(|seg| seg == ".." || seg == ".") {
        return refuse(
            "snippet ids may not contain `.` or `..` segments; they name a catalog entry, not a file",
        );
    }
    let ok = id.split('/').all(|seg| {
        !seg.is_empty()
            && seg
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    });
    if !ok {
        return refuse(
            "expected lower-case segments of letters, digits, `-` and `_` separated by `/`",
        );
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Walks one catalog or overlay root and merges what it finds into `snippets`.
fn scan(root: &Path, overlay: bool, snippets: &mut BTreeMap<String, Snippet>) -> Result<(), Error> {
    let mut found_meta: Vec<(String, PathBuf)> = Vec::new();
    let mut found_templates: Vec<(String, PathBuf)> = Vec::new();
    for entry in WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Catalog {
            path: e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.to_path_buf()),
            line: 0,
            message: e.to_string(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Some(dir) = path.parent().and_then(|d| d.strip_prefix(root).ok()) else {
            continue;
        };
        let id = dir
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let name = entry.file_name().to_string_lossy();
        if name == META_FILE {
            check_id(&id).map_err(|e| Error::Catalog {
                path: path.to_path_buf(),
                line: 0,
                message: e.to_string(),
            })?;
            found_meta.push((id, path.to_path_buf()));
        } else if path.extension().is_some_and(|e| e == TEMPLATE_EXT) {
            found_templates.push((id, path.to_path_buf()));
        }
    }
    for (id, path) in found_meta {
        let text = read(&path)?;
        let meta: SnippetMeta = toml::from_str(&text).map_err(|e| Error::Catalog {
            path: path.clone(),
            line: e
                .span()
                .map(|s| crate::diag::line_of(&text, s.start))
                .unwrap_or(0),
            message: e.message().to_string(),
        })?;
        match snippets.get_mut(&id) {
            Some(existing) => {
                existing.meta = meta;
                existing.meta_path = path;
            }
            None => {
                snippets.insert(
                    id.clone(),
                    Snippet {
                        id,
                        meta,
                        meta_path: path,
                        templates: Vec::new(),
                    },
                );
            }
        }
    }
    for (id, path) in found_templates {
        let Some(snippet) = snippets.get_mut(&id) else {
            return Err(Error::Catalog {
                path,
                line: 0,
                message: format!(
                    "template for `{id}`, but there is no {META_FILE} for that snippet in the catalog{}",
                    if overlay { " or this overlay" } else { "" }
                ),
            });
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let key = Variant::parse(&stem).map_err(|m| Error::Catalog {
            path: path.clone(),
            line: 0,
            message: format!("template name `{stem}.{TEMPLATE_EXT}`: {m}; expected `base.{TEMPLATE_EXT}` or `AXIS=VALUE[,AXIS=VALUE].{TEMPLATE_EXT}`"),
        })?;
        snippet.templates.retain(|t| t.key != key);
        snippet.templates.push(TemplateFile {
            key,
            path,
            from_overlay: overlay,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_are_paths_are_refused() {
        for id in [
            "../etc/passwd",
            "/etc/haproxy/haproxy.cfg",
            "haproxy/../x",
            "C:/x",
            "",
        ] {
            assert!(matches!(check_id(id), Err(Error::InvalidId { .. })), "{id}");
        }
        assert!(check_id("haproxy/api-endpoints").is_ok());
    }

    #[test]
    fn overlay_replaces_and_adds_templates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = dir.path().join("base");
        let over = dir.path().join("over");
        std::fs::create_dir_all(base.join("demo")).expect("mkdir");
        std::fs::create_dir_all(over.join("demo")).expect("mkdir");
        std::fs::write(
            base.join("demo/snippet.toml"),
            "title = \"Demo\"\nformat = \"ini\"\nfile = \"/etc/demo.conf\"\naxes = [\"distro\"]\n",
        )
        .expect("write");
        std::fs::write(base.join("demo/base.hbs"), "[DEFAULT]\nx = 1\n").expect("write");
        std::fs::write(over.join("demo/distro=rhel.hbs"), "[DEFAULT]\nx = 2\n").expect("write");
        let cat = Catalog::load(&base, &[over]).expect("load");
        let s = cat.get("demo").expect("demo");
        let rhel = Variant::parse("distro=rhel").expect("variant");
        let deb = Variant::parse("distro=debian").expect("variant");
        assert!(s.template_for(&rhel).is_some_and(|t| t.from_overlay));
        assert!(s.template_for(&deb).is_some_and(|t| !t.from_overlay));
    }

    #[test]
    fn template_for_unknown_axis_value_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("demo")).expect("mkdir");
        std::fs::write(
            dir.path().join("demo/snippet.toml"),
            "title = \"Demo\"\nformat = \"ini\"\nfile = \"/etc/demo.conf\"\naxes = [\"distro\"]\n",
        )
        .expect("write");
        std::fs::write(dir.path().join("demo/distro=rehl.hbs"), "[DEFAULT]\n").expect("write");
        let err = Catalog::load(dir.path(), &[]).expect_err("typo");
        let msg = err.to_string();
        assert!(
            msg.contains("distro=rehl.hbs") && msg.contains("did you mean `rhel`"),
            "{msg}"
        );
    }
}
