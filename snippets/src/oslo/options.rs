//! The checks of one section header or one option line against the schema.

use super::dynamic::{self, Plugin, View};
use super::parse::{Doc, Entry, Section};
use super::removed;
use super::schema::{self, OptSpec, Plugins, Schema};
use super::types;
use crate::diag::{Diagnostic, did_you_mean};
use std::collections::HashMap;

/// What the checks of one file share.
pub(super) struct Ctx<'a, 's> {
    pub(super) schema: &'s Schema,
    pub(super) plugins: Option<&'s Plugins>,
    pub(super) doc: &'a Doc<'a>,
    pub(super) views: &'a HashMap<String, View<'s>>,
}

/// `[default]`, `[Default]`...: `validate::ini` reports these, and oslo.config ignores them.
pub(super) fn is_miscased_default(group: &str) -> bool {
    group != "DEFAULT" && group.eq_ignore_ascii_case("default")
}

pub(super) fn section(ctx: &Ctx<'_, '_>, s: &Section<'_>) -> Option<Diagnostic> {
    if s.name.is_empty() || is_miscased_default(s.name) || ctx.views.contains_key(&s.group) {
        return None;
    }
    let service = &ctx.schema.service;
    let mut help = Vec::new();
    if let Some(fix) = typo(&s.group, ctx.schema.groups.keys().map(String::as_str)) {
        help.push(format!("did you mean `[{fix}]`?"));
    }
    if let Some(owner) = namers(ctx.schema) {
        help.push(format!(
            "{service} registers a group of that name only when {owner} names it"
        ));
    }
    help.extend(other_releases(ctx.schema, |other| {
        other.groups.contains_key(&s.group)
    }));
    let d = Diagnostic::error(
        s.line,
        format!("`[{}]` is not a group {service} reads", s.name),
    )
    .at(s.text, s.name);
    Some(with_help(d, help))
}

/// "`[DEFAULT] enabled_backends`" for the options whose values name groups, if any.
fn namers(schema: &Schema) -> Option<String> {
    let owners: Vec<String> = schema
        .rules
        .iter()
        // oslo.config's own `config_source` groups are rare; naming them only adds noise.
        .filter(|r| r.owner.1 != "config_source")
        .filter(|r| !r.templates.is_empty() || r.by_value.is_some())
        .map(|r| format!("`[{}] {}`", r.owner.0, r.owner.1))
        .collect();
    (!owners.is_empty()).then(|| owners.join(" or "))
}

pub(super) fn entry(ctx: &Ctx<'_, '_>, e: &Entry<'_>) -> Vec<Diagnostic> {
    let section = &ctx.doc.sections[e.section];
    let group = section.group.as_str();
    let Some(view) = ctx.views.get(group) else {
        // The section header was reported, or `validate::ini` reports it.
        return Vec::new();
    };
    if let Some(spec) = view.get(e.key) {
        return known(e, group, spec);
    }
    if view.takes_auth_plugin()
        && let Some(found) = plugin_option(ctx, e, group)
    {
        return found;
    }
    // `Debug = true`: `validate::ini` reports option names that are not lower case.
    if e.key.chars().any(|c| c.is_ascii_uppercase()) && view.get(&e.key.to_lowercase()).is_some() {
        return Vec::new();
    }
    vec![unknown(ctx, e, group, view)]
}

/// The options of the plugin the group's `auth_type` picks, for near-match hints.
fn plugin_names<'p>(ctx: &Ctx<'_, 'p>, group: &str, view: &View<'_>) -> Vec<&'p str> {
    match ctx.plugins.map(|p| dynamic::plugin(p, ctx.doc, group)) {
        Some(Plugin::Known(_, opts)) if view.takes_auth_plugin() => {
            opts.keys().map(String::as_str).collect()
        }
        _ => Vec::new(),
    }
}

/// Checks an option the schema knows: deprecation, then its value.
fn known(e: &Entry<'_>, group: &str, spec: &OptSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(dep) = &spec.deprecated {
        let mut help = dep.reason.clone().unwrap_or_else(|| {
            "it is deprecated for removal; delete the line or use what replaces it".to_string()
        });
        if let Some(since) = &dep.since {
            help.push_str(&format!(" (deprecated since {since})"));
        }
        out.push(
            Diagnostic::error(
                e.line,
                format!("`[{group}] {}` is deprecated for removal", e.key),
            )
            .at(e.text, e.key)
            .help(help),
        );
    }
    if interpolated(&e.value) {
        return out;
    }
    if let Err(p) = types::check(spec, &e.value) {
        let d = Diagnostic::error(e.line, format!("`{}`: {}", e.key, p.message));
        let d = if p.needle.is_empty() {
            d.at(e.text, e.key)
        } else {
            d.at(e.text, &p.needle)
        };
        out.push(match p.help {
            Some(h) => d.help(h),
            None => d.help(format!("`{}` takes {}", e.key, types::describe(spec))),
        });
    }
    out
}

/// oslo.config replaces `$option` and `${group.option}` before it converts the value, so the
/// type is only known once the service runs; `$$` is a literal dollar.
fn interpolated(value: &str) -> bool {
    value
        .replace("$$", "")
        .split('$')
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c == '{' || c == '_' || c.is_ascii_alphabetic()))
}

/// The option as one of the auth plugin's, or why it is not one; `None` to go on as unknown.
fn plugin_option(ctx: &Ctx<'_, '_>, e: &Entry<'_>, group: &str) -> Option<Vec<Diagnostic>> {
    let plugins = ctx.plugins?;
    match dynamic::plugin(plugins, ctx.doc, group) {
        Plugin::Known(name, opts) => {
            if let Some(spec) = opts.get(e.key) {
                return Some(known(e, group, spec));
            }
            let new = plugins.renamed(name, e.key)?;
            Some(vec![
                Diagnostic::error(
                    e.line,
                    format!(
                        "`{}` is a deprecated name of the `{name}` auth plugin option `{new}`",
                        e.key
                    ),
                )
                .at(e.text, e.key)
                .help(format!("write `{new}`")),
            ])
        }
        Plugin::Unset => {
            let used_by: Vec<&str> = ["password", "v3applicationcredential", "token"]
                .into_iter()
                .filter(|p| {
                    plugins
                        .plugins
                        .get(*p)
                        .is_some_and(|o| o.contains_key(e.key))
                })
                .collect();
            let first = used_by.first()?;
            Some(vec![
                Diagnostic::error(
                    e.line,
                    format!("`{}` is an auth plugin option but `[{group}]` has no `auth_type`", e.key),
                )
                .at(e.text, e.key)
                .help(format!(
                    "without `auth_type` the service ignores it; add `auth_type = {first}` to `[{group}]`"
                )),
            ])
        }
        // A plugin keystoneauth1 does not ship (or one chosen through `$`): its options are its own.
        Plugin::Other(_) => Some(Vec::new()),
    }
}

/// `auth_type` names a plugin keystoneauth1 does not have.
pub(super) fn auth_type(ctx: &Ctx<'_, '_>, group: &str) -> Option<Diagnostic> {
    let plugins = ctx.plugins?;
    let Plugin::Other(name) = dynamic::plugin(plugins, ctx.doc, group) else {
        return None;
    };
    if name.contains('$') {
        return None;
    }
    let e = ctx.doc.entry(group, "auth_type")?;
    let names = plugins.plugins.keys().map(String::as_str);
    // A plugin from another package may be installed; a near miss of a built-in one is a typo.
    Some(match typo(&name, names) {
        Some(fix) => Diagnostic::error(
            e.line,
            format!("`{name}` is not a keystoneauth1 auth plugin"),
        )
        .at(e.text, &name)
        .help(format!("did you mean `{fix}`?")),
        None => Diagnostic::warning(
            e.line,
            format!("`{name}` is not an auth plugin keystoneauth1 ships"),
        )
        .at(e.text, &name)
        .help("its options are not checked; the usual plugins are `password` and `v3applicationcredential`"),
    })
}

fn unknown(ctx: &Ctx<'_, '_>, e: &Entry<'_>, group: &str, view: &View<'_>) -> Diagnostic {
    let schema = ctx.schema;
    if let Some((new_group, new_name)) = schema.renamed.get(&(group.to_string(), e.key.to_string()))
    {
        let (msg, help) = if new_group == group {
            (
                format!("`{}` is a deprecated name of `{new_name}`", e.key),
                format!("write `{new_name}`"),
            )
        } else {
            (
                format!(
                    "`[{group}] {}` is a deprecated name of `[{new_group}] {new_name}`",
                    e.key
                ),
                format!("write `{new_name}` in `[{new_group}]`"),
            )
        };
        return Diagnostic::error(e.line, msg).at(e.text, e.key).help(help);
    }
    if let Some(r) = removed::lookup(&schema.service, group, e.key) {
        return Diagnostic::error(e.line, format!("`[{group}] {}` was removed", e.key))
            .at(e.text, e.key)
            .help(r.help);
    }
    let mut help = Vec::new();
    let plugin = plugin_names(ctx, group, view);
    if let Some(hint) = near(e.key, view.names().chain(plugin.iter().copied())) {
        help.push(hint);
    } else if let Some(elsewhere) = other_groups(schema, e.key, group) {
        help.push(elsewhere);
    }
    if let Some((g, k)) = &view.named_by {
        help.push(format!(
            "`[{group}]` is named by `[{g}] {k}` and takes the options that gives it"
        ));
    }
    help.extend(other_releases(schema, |other| {
        other.opt(group, e.key).is_some()
    }));
    let d = Diagnostic::error(e.line, format!("unknown option `{}` in `[{group}]`", e.key))
        .at(e.text, e.key);
    with_help(d, help)
}

/// "it is an option of `[cache]`" when the key is an option of exactly one other group.
fn other_groups(schema: &Schema, key: &str, group: &str) -> Option<String> {
    let groups: Vec<&str> = schema
        .groups
        .iter()
        .filter(|(g, opts)| g.as_str() != group && opts.contains_key(key))
        .map(|(g, _)| g.as_str())
        .collect();
    match groups.as_slice() {
        [] => None,
        [one] => Some(format!("`{key}` is an option of `[{one}]`")),
        some => Some(format!(
            "`{key}` is an option of {}",
            some.iter()
                .take(4)
                .map(|g| format!("`[{g}]`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// "it is one in 2026.1" for the other releases whose schema of the service has the name.
fn other_releases(schema: &Schema, has: impl Fn(&Schema) -> bool) -> Option<String> {
    let found: Vec<&str> = schema::RELEASES
        .iter()
        .filter(|r| **r != schema.release)
        .filter(|r| {
            schema::schema(r, &schema.service)
                .and_then(Result::ok)
                .is_some_and(&has)
        })
        .copied()
        .collect();
    (!found.is_empty()).then(|| {
        format!(
            "{} has it in {}, but {} does not: the two releases differ here",
            schema.service,
            found.join(", "),
            schema.release
        )
    })
}

/// A plain misspelling: one edit away for short names, two for longer ones.
fn typo<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let max = if found.chars().count() > 10 { 2 } else { 1 };
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(found, c), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for a misspelling, or for names that look alike.
fn near<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> Option<String> {
    match typo(found, candidates.clone()) {
        Some(fix) => Some(format!("did you mean `{fix}`?")),
        None => did_you_mean(found, candidates),
    }
}

/// Joins help sentences: after a question, with a blank; otherwise with a semicolon.
fn with_help(d: Diagnostic, help: Vec<String>) -> Diagnostic {
    let mut joined = String::new();
    for part in help {
        if !joined.is_empty() {
            joined.push_str(if joined.ends_with('?') { " " } else { "; " });
        }
        joined.push_str(&part);
    }
    if joined.is_empty() { d } else { d.help(joined) }
}
