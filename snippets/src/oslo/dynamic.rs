//! Which options each section of a file may hold, including the groups a service registers only
//! at run time, so they are checked instead of being reported as unknown.
//!
//! - **Groups named by another option.** The schema's rules say which option names them and
//!   which options they take: cinder's backend sections (`[DEFAULT] enabled_backends = lvm,ceph`)
//!   take the volume driver options the generator lists under `[backend_defaults]`; manila's
//!   share backends (`enabled_share_backends`) the driver options of `[DEFAULT]`; glance's stores
//!   (`[DEFAULT] enabled_backends = fast:rbd,local:file`) the options of their store type; cinder's
//!   zone manager fabrics (`[fc-zone-manager] fc_fabric_names`); oslo.config's configuration
//!   sources (`[DEFAULT] config_source`); keystone's federation protocols (`[auth] methods`),
//!   which also gain `[auth] <method>`. A section no rule names is an unknown group.
//! - **Auth plugin options.** A group with `auth_type` and `auth_section` (`[keystone_authtoken]`,
//!   nova's `[placement]`, neutron's `[nova]`...) also takes the options of the keystoneauth1
//!   plugin its `auth_type` names (`password`: `auth_url`, `username`...), as keystoneauth1
//!   registers them when the service starts; a section named by `auth_section` is such a group
//!   too. With an `auth_type` that uses `$` interpolation the plugin options are not checked.

use super::parse::Doc;
use super::schema::{Kind, OptSpec, Opts, Plugins, Rule, RuleKind, Schema};
use std::collections::{BTreeMap, HashMap};

/// What a section of the file may hold.
pub(super) struct View<'s> {
    /// Option tables of the schema, searched in order.
    tables: Vec<&'s Opts>,
    /// Options the service registers that no table of the schema holds.
    extra: Opts,
    /// Set when the group came from a rule: the `[group] option` that named it.
    pub(super) named_by: Option<(String, String)>,
}

impl<'s> View<'s> {
    pub(super) fn get(&self, key: &str) -> Option<&OptSpec> {
        self.tables
            .iter()
            .find_map(|t| t.get(key))
            .or_else(|| self.extra.get(key))
    }

    /// Every option name, for near-match hints.
    pub(super) fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.tables
            .iter()
            .flat_map(|t| t.keys())
            .chain(self.extra.keys())
            .map(String::as_str)
    }

    /// keystoneauth1 loads an auth plugin in a group with these two options.
    pub(super) fn takes_auth_plugin(&self) -> bool {
        self.get("auth_type").is_some() && self.get("auth_section").is_some()
    }
}

/// The view of every group the file has a section for and the service reads.
pub(super) fn views<'s>(schema: &'s Schema, doc: &Doc<'_>) -> HashMap<String, View<'s>> {
    let mut out: HashMap<String, View<'s>> = HashMap::new();
    for section in &doc.sections {
        if let Some(opts) = schema.groups.get(&section.group) {
            out.entry(section.group.clone())
                .or_insert_with(|| view(vec![opts], None));
        }
    }
    for rule in &schema.rules {
        apply(rule, schema, doc, &mut out);
    }
    auth_sections(doc, &mut out);
    out
}

fn view(tables: Vec<&Opts>, named_by: Option<(String, String)>) -> View<'_> {
    View {
        tables,
        extra: BTreeMap::new(),
        named_by,
    }
}

fn str_opt() -> OptSpec {
    OptSpec {
        kind: Kind::Str,
        choices: Vec::new(),
        min: None,
        max: None,
        regex: None,
        max_length: None,
        ignore_case: false,
        schemes: Vec::new(),
        version: None,
        item: None,
        deprecated: None,
        old: Vec::new(),
    }
}

/// Adds the groups `rule` names in this file, and the keys it adds to another group.
fn apply<'s>(
    rule: &'s Rule,
    schema: &'s Schema,
    doc: &Doc<'_>,
    out: &mut HashMap<String, View<'s>>,
) {
    let (owner_group, owner_key) = &rule.owner;
    let Some(value) = doc.value(owner_group, owner_key) else {
        return;
    };
    for (name, kind) in named(value, rule.kind) {
        let group = super::schema::lower_group(name);
        let mut tables: Vec<&'s Opts> = rule
            .templates
            .iter()
            .filter_map(|t| schema.groups.get(t))
            .collect();
        if rule.by_value.as_deref() == Some("stores") {
            // glance_store registers a store's options when the type is part of a driver's entry
            // point name (`rbd` matches `rbd` and `glance.store.rbd.store`).
            tables.extend(
                schema
                    .stores
                    .iter()
                    .filter(|(entry, _)| !kind.is_empty() && entry.contains(kind))
                    .map(|(_, opts)| opts),
            );
        }
        let v = out
            .entry(group)
            .or_insert_with(|| view(Vec::new(), Some(rule.owner.clone())));
        v.tables.extend(tables);
        v.extra
            .extend(rule.opts.iter().map(|(k, s)| (k.clone(), s.clone())));
        if let Some(target) = &rule.keys_in
            && let Some(t) = out.get_mut(target)
        {
            t.extra.insert(name.to_string(), str_opt());
        }
    }
}

/// The group names in an owner option's value, each with its dict value (empty for lists).
fn named(value: &str, kind: RuleKind) -> Vec<(&str, &str)> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.contains('$'))
        .map(|item| match kind {
            RuleKind::List => (item, ""),
            RuleKind::Dict => item
                .split_once(':')
                .map_or((item, ""), |(k, v)| (k.trim(), v.trim())),
        })
        .collect()
}

/// `auth_section = name` in an auth group: keystoneauth1 reads the plugin from `[name]`.
fn auth_sections(doc: &Doc<'_>, out: &mut HashMap<String, View<'_>>) {
    let referenced: Vec<(String, String)> = out
        .iter()
        .filter(|(_, v)| v.takes_auth_plugin())
        .filter_map(|(g, _)| {
            let target = doc.value(g, "auth_section")?;
            Some((super::schema::lower_group(target), g.clone()))
        })
        .collect();
    for (target, from) in referenced {
        let v = out
            .entry(target)
            .or_insert_with(|| view(Vec::new(), Some((from, "auth_section".to_string()))));
        for key in ["auth_type", "auth_section"] {
            v.extra.insert(key.to_string(), str_opt());
        }
    }
}

/// The plugin a group's `auth_type` selects, as the options it adds or why there are none.
pub(super) enum Plugin<'p> {
    /// The plugin's options.
    Known(&'p str, &'p Opts),
    /// No `auth_type` in the group: plugin options there are ignored by the service.
    Unset,
    /// An `auth_type` that is not a plugin of keystoneauth1 (or interpolated): not checked.
    Other(String),
}

pub(super) fn plugin<'p>(plugins: &'p Plugins, doc: &Doc<'_>, group: &str) -> Plugin<'p> {
    match doc.value(group, "auth_type") {
        None | Some("") => Plugin::Unset,
        Some(name) => match plugins.plugins.get_key_value(name) {
            Some((name, opts)) => Plugin::Known(name, opts),
            None => Plugin::Other(name.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_groups_from_lists_and_dicts() {
        assert_eq!(
            named(" lvm, ceph ,", RuleKind::List),
            [("lvm", ""), ("ceph", "")]
        );
        assert_eq!(
            named("fast:rbd, local:file, $other", RuleKind::Dict),
            [("fast", "rbd"), ("local", "file")]
        );
    }
}
