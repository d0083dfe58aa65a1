//! Rendering: template + profile + variant → validated text.
//!
//! Handlebars runs in strict mode, so a misspelt variable is an error naming the template and its
//! line instead of an empty string in a config. Every render is validated before it is returned;
//! there is no way to get an unvalidated rendering out of this module.

use crate::catalog::{Catalog, NODE_AXIS, Snippet};
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::format::Format;
use crate::profile::Profile;
use crate::segments::{self, Segment};
use crate::variant::{Axes, Variant, suggest_variants};
use handlebars::{Handlebars, RenderErrorReason};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A rendered and validated snippet.
#[derive(Debug, Clone, Serialize)]
pub struct Rendered {
    /// The snippet id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its format.
    pub format: Format,
    /// The variant rendered.
    pub variant: Variant,
    /// "Ubuntu / Debian · pcs".
    pub variant_label: String,
    /// The file it represents, rendered, or `None` for commands.
    pub file: Option<String>,
    /// Where commands run, for command sequences.
    pub run_on: Option<String>,
    /// The rendered text.
    pub text: String,
    /// The template it came from.
    pub template: PathBuf,
    /// Warnings from the validator (errors make the render fail).
    pub warnings: Vec<Diagnostic>,
    /// The text split at the values a reader may change in the deployment panel, or `None` when
    /// the template transforms those values so they cannot be swapped as text.
    pub segments: Option<Vec<Segment>>,
}

impl Rendered {
    /// The file path, or where the commands run: what the label above the code block shows.
    pub fn target(&self) -> String {
        match (&self.file, &self.run_on) {
            (Some(f), _) => f.clone(),
            (None, Some(r)) => format!("run on {r}"),
            (None, None) => String::new(),
        }
    }
}

/// The catalog plus compiled templates: the one API the preprocessor, the CLI and the tests use.
pub struct Engine {
    catalog: Catalog,
    registry: Handlebars<'static>,
    /// Templates that failed to compile, by registry name, so only the snippets that use them fail.
    broken: BTreeMap<String, Error>,
}

impl Engine {
    /// Compiles every template of the catalog.
    pub fn new(catalog: Catalog) -> Engine {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        crate::helpers::register(&mut registry);
        let mut broken = BTreeMap::new();
        for s in catalog.snippets.values() {
            for t in &s.templates {
                let name = t.path.to_string_lossy().to_string();
                let source = match std::fs::read_to_string(&t.path) {
                    Ok(s) => s,
                    Err(e) => {
                        broken.insert(
                            name,
                            Error::Io {
                                path: t.path.clone(),
                                source: e,
                            },
                        );
                        continue;
                    }
                };
                if let Err(e) = registry.register_template_string(&name, source) {
                    let (line, column) = e.pos().unwrap_or((0, 0));
                    broken.insert(
                        name,
                        Error::TemplateSyntax {
                            id: s.id.clone(),
                            path: t.path.clone(),
                            line,
                            column,
                            message: e.reason().to_string(),
                        },
                    );
                }
            }
        }
        Engine {
            catalog,
            registry,
            broken,
        }
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The axes, with the profile's controllers as the values of the `node` axis.
    pub fn axes_for(&self, profile: &Profile) -> Axes {
        let mut axes = self.catalog.axes.clone();
        axes.axes.push(crate::variant::Axis {
            id: NODE_AXIS.to_string(),
            label: "Controller".to_string(),
            values: profile
                .controllers
                .iter()
                .map(|c| crate::variant::AxisValue {
                    id: c.name.clone(),
                    label: c.name.clone(),
                    excludes: BTreeMap::new(),
                    facts: toml::Table::new(),
                })
                .collect(),
        });
        axes
    }

    /// Every variant of a snippet for this profile, in display order.
    pub fn variants(&self, id: &str, profile: &Profile) -> Result<Vec<Variant>, Error> {
        let s = self.catalog.get(id)?;
        Ok(self.axes_for(profile).combinations(&s.meta.axes))
    }

    /// Resolves what a reader or author asked for (`tool=crmsh`, possibly partial) to one of the
    /// snippet's variants.
    pub fn resolve_variant(
        &self,
        id: &str,
        wanted: &Variant,
        profile: &Profile,
    ) -> Result<Variant, Error> {
        let s = self.catalog.get(id)?;
        let axes = self.axes_for(profile);
        let all = axes.combinations(&s.meta.axes);
        for (axis, value) in &wanted.0 {
            if let Err(reason) = axes.check(axis, value) {
                return Err(Error::UnknownVariant {
                    id: id.to_string(),
                    variant: wanted.to_string(),
                    reason,
                    suggestions: suggest_variants(&wanted.to_string(), &all),
                });
            }
        }
        wanted
            .select(&all)
            .cloned()
            .ok_or_else(|| Error::UnknownVariant {
                id: id.to_string(),
                variant: wanted.to_string(),
                reason: format!(
                    "that combination is excluded (the snippet varies on {:?})",
                    s.meta.axes
                ),
                suggestions: suggest_variants(&wanted.to_string(), &all),
            })
    }

    /// Renders one variant and validates it.
    pub fn render(
        &self,
        id: &str,
        variant: &Variant,
        profile: &Profile,
    ) -> Result<Rendered, Error> {
        let s = self.catalog.get(id)?;
        let axes = self.axes_for(profile);
        let all = axes.combinations(&s.meta.axes);
        if !all.contains(variant) {
            return Err(Error::UnknownVariant {
                id: id.to_string(),
                variant: variant.to_string(),
                reason: if s.meta.axes.is_empty() {
                    "it has a single rendering (`default`)".to_string()
                } else {
                    format!("it varies on {:?}", s.meta.axes)
                },
                suggestions: suggest_variants(&variant.to_string(), &all),
            });
        }
        let template = s
            .template_for(variant)
            .ok_or_else(|| Error::UnknownVariant {
                id: id.to_string(),
                variant: variant.to_string(),
                reason: "no template serves it (add base.hbs)".to_string(),
                suggestions: Vec::new(),
            })?;
        let name = template.path.to_string_lossy().to_string();
        if let Some(err) = self.broken.get(&name) {
            return Err(clone_error(err));
        }
        let context = self.context(s, variant, &axes, profile.context());
        let text = self.render_named(s, variant, &name, &template.path, &context)?;
        let file = match &s.meta.file {
            Some(f) => Some(self.render_inline(s, variant, f, &context)?),
            None => None,
        };
        let marked = self.context(s, variant, &axes, segments::mark(profile));
        let segments = self
            .render_named(s, variant, &name, &template.path, &marked)
            .ok()
            .and_then(|m| segments::split(&m, &text));
        let format = s.meta.format.for_variant(variant);
        let earlier = self.earlier_texts(s, variant, profile, 0)?;
        let earlier: Vec<&str> = earlier.iter().map(String::as_str).collect();
        // A snippet that does not vary by release must hold for every release it is shown for.
        let release = variant.get("release").map(str::to_string);
        let vctx = crate::validate::Context {
            earlier: &earlier,
            release: release.as_deref(),
        };
        let diagnostics = crate::validate::validate_in(&format, vctx, &text);
        let (errors, warnings): (Vec<_>, Vec<_>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        let rendered = Rendered {
            id: s.id.clone(),
            title: s.meta.title.clone(),
            format,
            variant: variant.clone(),
            variant_label: axes.label(variant),
            file,
            run_on: s.meta.run_on.clone(),
            text,
            template: template.path.clone(),
            warnings,
            segments,
        };
        if !errors.is_empty() {
            return Err(Error::Invalid {
                id: rendered.id,
                variant: rendered.variant.to_string(),
                format: rendered.format.name(),
                target: rendered
                    .file
                    .unwrap_or_else(|| rendered.run_on.unwrap_or_default()),
                text: rendered.text,
                diagnostics: errors,
            });
        }
        Ok(rendered)
    }

    /// Renders every variant of every snippet; the results are in catalog order.
    pub fn render_all(&self, profile: &Profile) -> Vec<Result<Rendered, Error>> {
        let mut out = Vec::new();
        for id in self.catalog.snippets.keys() {
            match self.variants(id, profile) {
                Ok(vs) => out.extend(vs.iter().map(|v| self.render(id, v, profile))),
                Err(e) => out.push(Err(e)),
            }
        }
        out
    }

    /// The rendered texts of the `after` snippets (and theirs, depth first), in the variant that
    /// agrees with `variant`. These are validated on their own render; here they only give context.
    fn earlier_texts(
        &self,
        s: &Snippet,
        variant: &Variant,
        profile: &Profile,
        depth: usize,
    ) -> Result<Vec<String>, Error> {
        if depth > 8 {
            return Err(Error::Catalog {
                path: s.meta_path.clone(),
                line: 0,
                message: "`after` chain is longer than 8 snippets or loops".into(),
            });
        }
        let mut out = Vec::new();
        for id in &s.meta.after {
            let earlier = self.catalog.get(id)?;
            let candidates = self.axes_for(profile).combinations(&earlier.meta.axes);
            let Some(v) = variant.select(&candidates) else {
                continue;
            };
            out.extend(self.earlier_texts(earlier, v, profile, depth + 1)?);
            let template = earlier
                .template_for(v)
                .ok_or_else(|| Error::UnknownVariant {
                    id: id.clone(),
                    variant: v.to_string(),
                    reason: "no template serves it".into(),
                    suggestions: Vec::new(),
                })?;
            let name = template.path.to_string_lossy().to_string();
            if let Some(err) = self.broken.get(&name) {
                return Err(clone_error(err));
            }
            let ctx = self.context(earlier, v, &self.axes_for(profile), profile.context());
            out.push(self.render_named(earlier, v, &name, &template.path, &ctx)?);
        }
        Ok(out)
    }

    fn context(&self, s: &Snippet, variant: &Variant, axes: &Axes, profile: Value) -> Value {
        let mut ctx = profile;
        for axis in &s.meta.axes {
            let Some(value) = variant.get(axis) else {
                continue;
            };
            let facts = if axis == NODE_AXIS {
                ctx["controllers"]
                    .as_array()
                    .and_then(|cs| {
                        let idx = axes
                            .get(NODE_AXIS)?
                            .values
                            .iter()
                            .position(|v| v.id == value)?;
                        cs.get(idx).cloned()
                    })
                    .unwrap_or(Value::Null)
            } else {
                let v = axes.value(axis, value);
                let mut facts = v
                    .map(|v| serde_json::to_value(&v.facts).unwrap_or(Value::Null))
                    .unwrap_or(json!({}));
                facts["id"] = json!(value);
                facts["label"] = json!(v.map(|v| v.label.as_str()).unwrap_or(value));
                facts
            };
            ctx[axis.as_str()] = facts;
        }
        ctx["variant"] = serde_json::to_value(&variant.0).unwrap_or(Value::Null);
        ctx["snippet"] = json!({ "id": s.id, "title": s.meta.title });
        ctx
    }

    fn render_named(
        &self,
        s: &Snippet,
        variant: &Variant,
        name: &str,
        path: &std::path::Path,
        ctx: &Value,
    ) -> Result<String, Error> {
        self.registry
            .render(name, ctx)
            .map_err(|e| render_error(s, variant, path, &e, ctx))
    }

    fn render_inline(
        &self,
        s: &Snippet,
        variant: &Variant,
        template: &str,
        ctx: &Value,
    ) -> Result<String, Error> {
        self.registry
            .render_template(template, ctx)
            .map_err(|e| render_error(s, variant, &s.meta_path, &e, ctx))
    }
}

fn render_error(
    s: &Snippet,
    variant: &Variant,
    path: &std::path::Path,
    e: &handlebars::RenderError,
    ctx: &Value,
) -> Error {
    let (message, suggestions) = match e.reason() {
        RenderErrorReason::MissingVariable(Some(var)) => {
            let known = known_paths(ctx);
            let near = crate::diag::near_matches(var, known.iter().map(String::as_str))
                .into_iter()
                .map(str::to_string)
                .collect();
            (
                format!("variable `{var}` is not in the profile or the variant's facts"),
                near,
            )
        }
        other => (other.to_string(), Vec::new()),
    };
    Error::Render {
        id: s.id.clone(),
        variant: variant.to_string(),
        path: path.to_path_buf(),
        line: e.line_no.unwrap_or(0),
        message,
        suggestions,
    }
}

/// Every dotted path in the context, for "did you mean" on a missing variable.
fn known_paths(v: &Value) -> Vec<String> {
    fn walk(v: &Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    out.push(p.clone());
                    walk(child, &p, out);
                }
            }
            Value::Array(items) => {
                if let Some(first) = items.first() {
                    walk(first, prefix, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

/// Errors are not Clone (they may hold io::Error); broken templates are reported once per use.
fn clone_error(e: &Error) -> Error {
    match e {
        Error::TemplateSyntax {
            id,
            path,
            line,
            column,
            message,
        } => Error::TemplateSyntax {
            id: id.clone(),
            path: path.clone(),
            line: *line,
            column: *column,
            message: message.clone(),
        },
        other => Error::Catalog {
            path: PathBuf::new(),
            line: 0,
            message: other.to_string(),
        },
    }
}
