//! Variant axes (distro family, cluster tool, OpenStack release) and variants.
//!
//! The axes are data (`snippets/axes.toml`), not code, so that a distro team can add a value in an
//! overlay, say `distro=opensuse`, and every snippet that varies by distro gains that variant,
//! falling back to the base template until the team adds its own.

use crate::diag::{did_you_mean, near_matches};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The axes shipped with the guide.
pub const DEFAULT_AXES: &str = include_str!("../axes.toml");

/// All axes, in display order.
#[derive(Debug, Clone, Serialize)]
pub struct Axes {
    /// The axes.
    pub axes: Vec<Axis>,
}

/// One axis of variation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// `distro`, `tool` or `release`.
    pub id: String,
    /// Shown in the variant switcher.
    pub label: String,
    /// The values, in display order; the first is the default.
    #[serde(default, rename = "value")]
    pub values: Vec<AxisValue>,
}

/// One value of an axis.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AxisValue {
    /// `debian`, `rhel`, `pcs`, `2026.2`...
    pub id: String,
    /// Shown on tabs and labels.
    pub label: String,
    /// Values of other axes this value cannot be combined with (`crmsh` is not shipped for RHEL).
    #[serde(default)]
    pub excludes: BTreeMap<String, Vec<String>>,
    /// Facts templates may use as `{{distro.<fact>}}`: package names, paths, service names.
    #[serde(default)]
    pub facts: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AxesFile {
    #[serde(default)]
    axis: Vec<Axis>,
}

impl Axes {
    /// The axes shipped with the guide.
    pub fn builtin() -> Result<Axes, Error> {
        Axes::parse(DEFAULT_AXES, Path::new("snippets/axes.toml"))
    }

    /// Parses an axes file.
    pub fn parse(text: &str, path: &Path) -> Result<Axes, Error> {
        let file: AxesFile = toml::from_str(text).map_err(|e| Error::Catalog {
            path: path.to_path_buf(),
            line: e
                .span()
                .map(|s| crate::diag::line_of(text, s.start))
                .unwrap_or(0),
            message: e.message().to_string(),
        })?;
        Ok(Axes { axes: file.axis })
    }

    /// Merges an overlay's axes file: a value with a known id replaces it, a new value or axis is
    /// appended.
    pub fn overlay(&mut self, other: Axes) {
        for axis in other.axes {
            match self.axes.iter_mut().find(|a| a.id == axis.id) {
                Some(mine) => {
                    for v in axis.values {
                        match mine.values.iter_mut().find(|m| m.id == v.id) {
                            Some(slot) => *slot = v,
                            None => mine.values.push(v),
                        }
                    }
                }
                None => self.axes.push(axis),
            }
        }
    }

    /// The axis with this id.
    pub fn get(&self, id: &str) -> Option<&Axis> {
        self.axes.iter().find(|a| a.id == id)
    }

    /// The value `value` of axis `axis`.
    pub fn value(&self, axis: &str, value: &str) -> Option<&AxisValue> {
        self.get(axis)?.values.iter().find(|v| v.id == value)
    }

    /// Checks that `axis=value` exists, with near matches in the error message.
    pub fn check(&self, axis: &str, value: &str) -> Result<(), String> {
        let Some(a) = self.get(axis) else {
            let hint =
                did_you_mean(axis, self.axes.iter().map(|a| a.id.as_str())).unwrap_or_default();
            return Err(format!("unknown axis `{axis}` {hint}")
                .trim_end()
                .to_string());
        };
        if a.values.iter().any(|v| v.id == value) {
            return Ok(());
        }
        let known: Vec<&str> = a.values.iter().map(|v| v.id.as_str()).collect();
        let hint = did_you_mean(value, known.iter().copied())
            .unwrap_or_else(|| format!("expected one of {}", known.join(", ")));
        Err(format!("unknown value `{value}` for axis `{axis}`: {hint}"))
    }

    /// Every combination of values of `axes`, in display order, without excluded combinations.
    pub fn combinations(&self, axes: &[String]) -> Vec<Variant> {
        let mut out = vec![Variant::default()];
        for id in axes {
            let Some(axis) = self.get(id) else { continue };
            out = out
                .into_iter()
                .flat_map(|v| {
                    axis.values.iter().map(move |val| {
                        let mut next = v.clone();
                        next.0.insert(id.clone(), val.id.clone());
                        next
                    })
                })
                .collect();
        }
        out.retain(|v| self.allowed(v));
        out
    }

    /// False if one value of the variant excludes another.
    pub fn allowed(&self, variant: &Variant) -> bool {
        variant.0.iter().all(|(axis, value)| {
            self.value(axis, value).is_none_or(|v| {
                v.excludes
                    .iter()
                    .all(|(other, banned)| variant.0.get(other).is_none_or(|o| !banned.contains(o)))
            })
        })
    }

    /// The human label of a variant: "Ubuntu / Debian · pcs".
    pub fn label(&self, variant: &Variant) -> String {
        if variant.0.is_empty() {
            return "all distributions and releases".to_string();
        }
        let mut parts = Vec::new();
        for axis in &self.axes {
            if let Some(v) = variant.0.get(&axis.id) {
                parts.push(
                    self.value(&axis.id, v)
                        .map(|x| x.label.clone())
                        .unwrap_or_else(|| v.clone()),
                );
            }
        }
        parts.join(" · ")
    }
}

/// One value per axis a snippet varies on. An empty variant is the snippet's only rendering.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Variant(pub BTreeMap<String, String>);

impl Variant {
    /// Parses `distro=rhel,tool=pcs`. `default` and the empty string are the empty variant.
    pub fn parse(text: &str) -> Result<Variant, String> {
        let text = text.trim();
        if text.is_empty() || text == "default" || text == "base" {
            return Ok(Variant::default());
        }
        let mut map = BTreeMap::new();
        for part in text.split([',', '+']) {
            let Some((k, v)) = part.split_once('=') else {
                return Err(format!(
                    "`{part}` is not `axis=value` (for example `distro=rhel`)"
                ));
            };
            let (k, v) = (k.trim(), v.trim());
            if k.is_empty() || v.is_empty() {
                return Err(format!(
                    "`{part}` is not `axis=value` (for example `distro=rhel`)"
                ));
            }
            if map.insert(k.to_string(), v.to_string()).is_some() {
                return Err(format!("axis `{k}` is given twice"));
            }
        }
        Ok(Variant(map))
    }

    /// True if every axis value of `self` is also in `other`.
    pub fn is_subset_of(&self, other: &Variant) -> bool {
        self.0.iter().all(|(k, v)| other.0.get(k) == Some(v))
    }

    /// A file-name friendly form: `default` or `distro-rhel.tool-pcs`.
    pub fn slug(&self) -> String {
        if self.0.is_empty() {
            return "default".to_string();
        }
        self.0
            .iter()
            .map(|(k, v)| format!("{k}-{v}"))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The value of one axis.
    pub fn get(&self, axis: &str) -> Option<&str> {
        self.0.get(axis).map(String::as_str)
    }

    /// Completes a partial choice (`tool=crmsh`) against a snippet's variants: the first variant
    /// that agrees with every given axis. Axes the snippet does not vary on are ignored.
    pub fn select<'a>(&self, candidates: &'a [Variant]) -> Option<&'a Variant> {
        candidates.iter().find(|c| {
            self.0
                .iter()
                .all(|(k, v)| c.0.get(k).is_none_or(|cv| cv == v))
        })
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("default");
        }
        let parts: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
        f.write_str(&parts.join(","))
    }
}

/// Near matches of `wanted` among `variants`, for error messages.
pub fn suggest_variants(wanted: &str, variants: &[Variant]) -> Vec<String> {
    let names: Vec<String> = variants.iter().map(Variant::to_string).collect();
    let near = near_matches(wanted, names.iter().map(String::as_str));
    if near.is_empty() {
        names.into_iter().take(4).collect()
    } else {
        near.into_iter().map(str::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_axes_have_distro_tool_release() {
        let axes = Axes::builtin().expect("axes");
        for id in ["distro", "tool", "release"] {
            assert!(axes.get(id).is_some_and(|a| !a.values.is_empty()), "{id}");
        }
        assert!(axes.get("release").is_some_and(|a| a.values.len() >= 2));
    }

    #[test]
    fn combinations_skip_excluded_pairs() {
        let axes = Axes::builtin().expect("axes");
        let all = axes.combinations(&["distro".into(), "tool".into()]);
        assert!(
            all.iter()
                .all(|v| !(v.get("distro") == Some("rhel") && v.get("tool") == Some("crmsh")))
        );
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn parse_and_display_round_trip() {
        let v = Variant::parse("tool=pcs,distro=rhel").expect("parse");
        assert_eq!(v.to_string(), "distro=rhel,tool=pcs");
        assert_eq!(v.slug(), "distro-rhel.tool-pcs");
        assert!(Variant::parse("rhel").is_err());
        assert!(Variant::parse("distro=rhel,distro=debian").is_err());
    }

    #[test]
    fn check_suggests_near_values() {
        let axes = Axes::builtin().expect("axes");
        let err = axes.check("distro", "rehl").expect_err("typo");
        assert!(err.contains("did you mean `rhel`"), "{err}");
    }

    #[test]
    fn overlay_adds_values() {
        let mut axes = Axes::builtin().expect("axes");
        let extra = Axes::parse("[[axis]]\nid = \"distro\"\nlabel = \"Distribution\"\n[[axis.value]]\nid = \"opensuse\"\nlabel = \"openSUSE\"\n", Path::new("x")).expect("parse");
        axes.overlay(extra);
        assert!(axes.check("distro", "opensuse").is_ok());
        assert!(axes.check("distro", "debian").is_ok());
    }
}
