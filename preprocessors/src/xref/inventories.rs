//! The inventories a book links into, as named in book.toml, and resolution against them.
//!
//! ```toml
//! [preprocessor.haguide-xref.inventories.keystone]
//! url = "https://docs.openstack.org/keystone/2026.2/"
//! file = "inventories/keystone.inv"
//! ```
//!
//! Resolution follows intersphinx: an exact name first, then, for `std:label` and `std:term`
//! only, a case-insensitive match. When the reference does not name a type, labels are tried
//! first, then documents, then terms, then every other type, so `inv:keystone#x` finds the label
//! `x` even when an option is also called `x`. Inventories are read in the lenient mode of
//! haguide-inventory: lines Sphinx itself drops (an empty display name, names like
//! `QEMU Copy On Write 2 (QCOW2)`) are still linkable here.

use super::reference::Reference;
use haguide_inventory::{Entry, Inventory, ParseMode};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One `[preprocessor.haguide-xref.inventories.KEY]` table.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InventorySpec {
    /// The base URL links are made against, ending in `/`.
    pub url: String,
    /// The committed inventory file, relative to the book root.
    pub file: PathBuf,
}

/// The `[preprocessor.haguide-xref]` table.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
pub struct XrefConfig {
    /// The inventories by key.
    #[serde(default)]
    pub inventories: BTreeMap<String, InventorySpec>,
    /// Keys mdbook reserves (`command`, `before`, ...), accepted and ignored.
    #[serde(flatten)]
    pub mdbook_keys: BTreeMap<String, toml::Value>,
}

/// A loaded inventory.
#[derive(Debug)]
pub struct Loaded {
    /// Its key in book.toml.
    pub key: String,
    /// Where links go.
    pub url: String,
    /// The parsed file.
    pub inventory: Inventory,
}

/// Every inventory of the book.
#[derive(Debug, Default)]
pub struct Inventories {
    /// In key order.
    pub loaded: Vec<Loaded>,
}

/// What a reference resolved to.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The inventory key.
    pub key: &'a str,
    /// The project name in that inventory.
    pub project: &'a str,
    /// Its version, often empty.
    pub version: &'a str,
    /// The entry.
    pub entry: &'a Entry,
    /// The absolute URL.
    pub url: String,
}

/// Why a reference did not resolve.
#[derive(Debug, Clone, PartialEq)]
pub enum Unresolved {
    /// No inventory has this key.
    UnknownKey {
        /// The key written.
        key: String,
        /// Known keys near it, or all of them.
        suggestions: Vec<String>,
    },
    /// Nothing matched.
    NotFound {
        /// Nearest `key:domain:role#name` across all inventories.
        suggestions: Vec<String>,
    },
    /// Several objects matched.
    Ambiguous {
        /// Every candidate as `inv:key:domain:role#name → url`.
        candidates: Vec<String>,
    },
}

const KEYS: &[&str] = &[
    "inventories",
    "command",
    "before",
    "after",
    "optional",
    "renderers",
];

impl XrefConfig {
    /// Rejects unknown keys (typos such as `inventory`).
    pub fn check_keys(&self, table: &str) -> anyhow::Result<()> {
        for key in self.mdbook_keys.keys() {
            if !KEYS.contains(&key.as_str()) {
                let hint = haguide_snippets::diag::did_you_mean(key, KEYS.iter().copied())
                    .unwrap_or_default();
                anyhow::bail!("book.toml: unknown key `{key}` in [{table}] {hint}");
            }
        }
        Ok(())
    }

    /// Loads every inventory file, relative to the book root.
    pub fn load(&self, root: &Path) -> anyhow::Result<Inventories> {
        let mut loaded = Vec::new();
        for (key, spec) in &self.inventories {
            let path = root.join(&spec.file);
            let bytes = std::fs::read(&path).map_err(|e| {
                anyhow::anyhow!(
                    "inventory `{key}`: cannot read {}: {e}\n  help: run `haguide xref refresh {key}` with a network, or fix `file` in book.toml",
                    path.display()
                )
            })?;
            let (inventory, _notes) = Inventory::parse(&bytes, ParseMode::Lenient)
                .map_err(|e| anyhow::anyhow!("inventory `{key}` ({}): {e}", path.display()))?;
            loaded.push(Loaded {
                key: key.clone(),
                url: spec.url.clone(),
                inventory,
            });
        }
        Ok(Inventories { loaded })
    }
}

/// Types tried, in order, when a reference does not name one.
const PREFERRED: &[(&str, &str)] = &[("std", "label"), ("std", "doc"), ("std", "term")];

impl Inventories {
    /// Resolves a reference, as intersphinx would.
    pub fn resolve(&self, r: &Reference) -> Result<Resolved<'_>, Unresolved> {
        let scope: Vec<&Loaded> = match &r.key {
            Some(k) => match self.loaded.iter().find(|l| &l.key == k) {
                Some(l) => vec![l],
                None => {
                    let keys: Vec<&str> = self.loaded.iter().map(|l| l.key.as_str()).collect();
                    let near = haguide_snippets::diag::near_matches(k, keys.iter().copied());
                    let suggestions = if near.is_empty() { keys } else { near };
                    return Err(Unresolved::UnknownKey {
                        key: k.clone(),
                        suggestions: suggestions.into_iter().map(str::to_string).collect(),
                    });
                }
            },
            None => self.loaded.iter().collect(),
        };
        for (domain, role) in self.types_to_try(r, &scope) {
            let mut hits = Vec::new();
            for l in &scope {
                if let Some(found) = l.inventory.find(&domain, &role, &r.name) {
                    if let haguide_inventory::Found::CaseInsensitive { candidates, .. } = &found
                        && found.is_ambiguous()
                    {
                        return Err(Unresolved::Ambiguous {
                            candidates: candidates.iter().map(|e| describe(l, e)).collect(),
                        });
                    }
                    hits.push((*l, found.entry()));
                }
            }
            match hits.as_slice() {
                [] => continue,
                [(l, e)] => {
                    return Ok(Resolved {
                        key: &l.key,
                        project: &l.inventory.project,
                        version: &l.inventory.version,
                        entry: e,
                        url: e.url(&l.url),
                    });
                }
                many => {
                    return Err(Unresolved::Ambiguous {
                        candidates: many.iter().map(|(l, e)| describe(l, e)).collect(),
                    });
                }
            }
        }
        Err(Unresolved::NotFound {
            suggestions: self.nearest(r, &scope),
        })
    }

    /// The types to search: the named one, or the preferred ones then every other type present.
    fn types_to_try(&self, r: &Reference, scope: &[&Loaded]) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = Vec::new();
        for l in scope {
            for e in &l.inventory.entries {
                let t = (e.domain.clone(), e.role.clone());
                if !all.contains(&t) {
                    all.push(t);
                }
            }
        }
        all.retain(|(d, ro)| {
            r.domain.as_ref().is_none_or(|x| x == d) && r.role.as_ref().is_none_or(|x| x == ro)
        });
        let mut ordered: Vec<(String, String)> = PREFERRED
            .iter()
            .map(|(d, ro)| (d.to_string(), ro.to_string()))
            .filter(|t| all.contains(t))
            .collect();
        all.sort();
        for t in all {
            if !ordered.contains(&t) {
                ordered.push(t);
            }
        }
        ordered
    }

    /// The nearest names of the reference's type across `scope` (or every inventory when the
    /// key was wrong), for "did you mean".
    fn nearest(&self, r: &Reference, scope: &[&Loaded]) -> Vec<String> {
        let want = r.name.to_lowercase();
        let mut scored: Vec<(f64, String)> = Vec::new();
        for l in self
            .loaded
            .iter()
            .filter(|l| scope.iter().any(|s| s.key == l.key) || r.key.is_none())
        {
            for e in &l.inventory.entries {
                if r.domain.as_ref().is_some_and(|d| d != &e.domain)
                    || r.role.as_ref().is_some_and(|x| x != &e.role)
                {
                    continue;
                }
                let score = strsim::jaro_winkler(&want, &e.name.to_lowercase());
                if score > 0.85 {
                    scored.push((
                        score,
                        format!("inv:{}:{}:{}#{}", l.key, e.domain, e.role, e.name),
                    ));
                }
            }
        }
        // Also look in the other inventories: a label may live in another project.
        if scored.is_empty() && r.key.is_some() {
            for l in &self.loaded {
                for e in l
                    .inventory
                    .entries
                    .iter()
                    .filter(|e| e.name.to_lowercase() == want)
                {
                    scored.push((
                        1.0,
                        format!("inv:{}:{}:{}#{}", l.key, e.domain, e.role, e.name),
                    ));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(5).map(|(_, s)| s).collect()
    }
}

fn describe(l: &Loaded, e: &Entry) -> String {
    format!(
        "inv:{}:{}:{}#{} → {}",
        l.key,
        e.domain,
        e.role,
        e.name,
        e.url(&l.url)
    )
}
