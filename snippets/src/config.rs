//! Where a book keeps its snippets: the `[preprocessor.haguide-snippets]` table of book.toml.
//! The preprocessor, the CLI and the tests all read it, so they always agree.

use crate::catalog::Catalog;
use crate::error::Error;
use crate::profile::Profile;
use crate::render::Engine;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The snippet settings of a book, relative to the book root.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub struct SnippetConfig {
    /// The catalog directory.
    #[serde(default = "default_catalog")]
    pub catalog: PathBuf,
    /// Overlay directories, applied in order.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// The directory of SVG figure templates.
    #[serde(default = "default_figures")]
    pub figures: PathBuf,
    /// The directory of per-service HA strategy files, shown by `{{#ha-strategy}}`.
    #[serde(default = "default_services")]
    pub services: PathBuf,
    /// The committed record of the last upstream check, shown by `{{#verification-report}}`.
    #[serde(default = "default_report")]
    pub verification_report: PathBuf,
    /// A profile file; the embedded default when absent.
    #[serde(default)]
    pub profile: Option<PathBuf>,
    /// Restricts every snippet to the variants matching these axis values (an offline edition
    /// shows one distro family, its usual tool and the current release).
    #[serde(default)]
    pub select: BTreeMap<String, String>,
    /// Keys mdbook itself puts in a preprocessor table; accepted and ignored here.
    #[serde(flatten)]
    pub mdbook_keys: BTreeMap<String, toml::Value>,
}

fn default_catalog() -> PathBuf {
    PathBuf::from("snippets/catalog")
}

fn default_report() -> PathBuf {
    PathBuf::from("reports/verification.json")
}

fn default_services() -> PathBuf {
    PathBuf::from("snippets/services")
}

fn default_figures() -> PathBuf {
    PathBuf::from("snippets/figures")
}

impl Default for SnippetConfig {
    fn default() -> Self {
        SnippetConfig {
            catalog: default_catalog(),
            figures: default_figures(),
            services: default_services(),
            verification_report: default_report(),
            overlays: Vec::new(),
            profile: None,
            select: BTreeMap::new(),
            mdbook_keys: BTreeMap::new(),
        }
    }
}

/// Keys mdbook reserves in every `[preprocessor.NAME]` table.
const MDBOOK_KEYS: &[&str] = &["command", "before", "after", "optional", "renderers"];

impl SnippetConfig {
    /// Rejects unknown keys, which are almost always typos (`overlay` for `overlays`).
    pub fn check_keys(&self, table: &str) -> Result<(), Error> {
        for key in self.mdbook_keys.keys() {
            if !MDBOOK_KEYS.contains(&key.as_str()) {
                let known = [
                    "catalog",
                    "figures",
                    "overlays",
                    "profile",
                    "select",
                    "services",
                    "verification-report",
                ]
                .into_iter()
                .chain(MDBOOK_KEYS.iter().copied());
                let hint = crate::diag::did_you_mean(key, known).unwrap_or_default();
                return Err(Error::Catalog {
                    path: PathBuf::from("book.toml"),
                    line: 0,
                    message: format!("unknown key `{key}` in [{table}] {hint}")
                        .trim_end()
                        .to_string(),
                });
            }
        }
        Ok(())
    }

    /// Loads the catalog, overlays and profile this config names, relative to `root`.
    pub fn load(&self, root: &Path) -> Result<(Engine, Profile), Error> {
        let overlays: Vec<PathBuf> = self.overlays.iter().map(|o| root.join(o)).collect();
        let catalog = Catalog::load(&root.join(&self.catalog), &overlays)?;
        let profile = match &self.profile {
            Some(p) => Profile::load(&root.join(p))?,
            None => Profile::default_profile()?,
        };
        Ok((Engine::new(catalog), profile))
    }
}
