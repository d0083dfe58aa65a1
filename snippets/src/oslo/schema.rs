//! The generated oslo.config schemas, embedded in the binary and parsed on first use.
//!
//! `ci/generate-oslo-schemas.sh` writes one JSON file per service and release into
//! `snippets/data/oslo/<release>/` from `oslo-config-generator --format yaml`: every group and
//! option the service registers, with its type, choices, range, deprecation and old names, plus
//! the rules for groups a service registers at run time. Each file is parsed once, the first
//! time a config of that service and release is checked.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// The releases there are schemas for, newest first (the order of the release axis).
pub const RELEASES: &[&str] = &["2026.2", "2026.1"];

/// The services there are schemas for: the `<service>` of the `oslo:<service>` format.
/// Neutron's agent and ML2 files are named after their file (`l3_agent` for `l3_agent.ini`).
pub const SERVICES: &[&str] = &[
    "aodh",
    "barbican",
    "ceilometer",
    "cinder",
    "designate",
    "dhcp_agent",
    "glance-api",
    "gnocchi",
    "heat",
    "keystone",
    "l3_agent",
    "manila",
    "metadata_agent",
    "ml2_conf",
    "neutron",
    "neutron_ovn_metadata_agent",
    "nova",
    "octavia",
    "openvswitch_agent",
    "ovn_agent",
    "placement",
];

/// `include_str!` needs literal paths, so each release lists its files; a test checks that the
/// list matches `SERVICES` and the files on disk.
macro_rules! release_files {
    ($release:literal: $($service:literal)*) => {
        &[$(($service, include_str!(concat!("../../data/oslo/", $release, "/", $service, ".json")))),*]
    };
}

/// The generator's own YAML of each service (gzipped), for `oslo-config-validator --opt-data`;
/// keystoneauth has none, its plugins are not a service.
macro_rules! release_opt_data {
    ($release:literal: $($service:literal)*) => {
        &[$(($service, include_bytes!(concat!("../../data/oslo/", $release, "/opts/", $service, ".yaml.gz")).as_slice())),*]
    };
}

type Files = &'static [(&'static str, &'static str)];
type OptData = &'static [(&'static str, &'static [u8])];

const FILES_2026_2: Files = release_files!("2026.2": "aodh" "barbican" "ceilometer" "cinder"
    "designate" "dhcp_agent" "glance-api" "gnocchi" "heat" "keystone" "l3_agent" "manila"
    "metadata_agent" "ml2_conf" "neutron" "neutron_ovn_metadata_agent" "nova" "octavia"
    "openvswitch_agent" "ovn_agent" "placement" "keystoneauth");
const FILES_2026_1: Files = release_files!("2026.1": "aodh" "barbican" "ceilometer" "cinder"
    "designate" "dhcp_agent" "glance-api" "gnocchi" "heat" "keystone" "l3_agent" "manila"
    "metadata_agent" "ml2_conf" "neutron" "neutron_ovn_metadata_agent" "nova" "octavia"
    "openvswitch_agent" "ovn_agent" "placement" "keystoneauth");

const OPT_DATA_2026_2: OptData = release_opt_data!("2026.2": "aodh" "barbican" "ceilometer"
    "cinder" "designate" "dhcp_agent" "glance-api" "gnocchi" "heat" "keystone" "l3_agent" "manila"
    "metadata_agent" "ml2_conf" "neutron" "neutron_ovn_metadata_agent" "nova" "octavia"
    "openvswitch_agent" "ovn_agent" "placement");
const OPT_DATA_2026_1: OptData = release_opt_data!("2026.1": "aodh" "barbican" "ceilometer"
    "cinder" "designate" "dhcp_agent" "glance-api" "gnocchi" "heat" "keystone" "l3_agent" "manila"
    "metadata_agent" "ml2_conf" "neutron" "neutron_ovn_metadata_agent" "nova" "octavia"
    "openvswitch_agent" "ovn_agent" "placement");

/// The embedded files of a release.
pub(crate) fn files(release: &str) -> Option<Files> {
    match release {
        "2026.2" => Some(FILES_2026_2),
        "2026.1" => Some(FILES_2026_1),
        _ => None,
    }
}

fn opt_data_files(release: &str) -> Option<OptData> {
    match release {
        "2026.2" => Some(OPT_DATA_2026_2),
        "2026.1" => Some(OPT_DATA_2026_1),
        _ => None,
    }
}

/// The schema JSON of `service` in `release`, as committed (for tools outside this crate).
pub fn schema_json(release: &str, service: &str) -> Option<&'static str> {
    find(release, service).map(|(_, json)| json)
}

/// The gzipped YAML that `oslo-config-generator --format yaml` wrote for `service` in
/// `release`: the `--opt-data` of `oslo-config-validator`.
pub fn opt_data_gz(release: &str, service: &str) -> Option<&'static [u8]> {
    opt_data_files(release)?
        .iter()
        .find(|(name, _)| *name == service)
        .map(|(_, bytes)| *bytes)
}

/// What a value of an option must look like: oslo.config's `types` module, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Str,
    Int,
    Float,
    Bool,
    Port,
    List,
    Dict,
    /// MultiStrOpt: one line per value, each a string.
    Multi,
    Uri,
    Ip,
    Hostname,
    Hostaddr,
    Hostdomain,
    Range,
    /// A custom type the generator could not name; any value passes.
    Unknown,
}

/// One option: its type and what oslo.config checks when the service reads it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct OptSpec {
    #[serde(rename = "type")]
    pub(crate) kind: Kind,
    /// Allowed values; JSON numbers for integer options, `null` for "may be unset".
    #[serde(default)]
    pub(crate) choices: Vec<serde_json::Value>,
    pub(crate) min: Option<f64>,
    pub(crate) max: Option<f64>,
    /// A Python regular expression the value must contain a match of (`re.search`).
    pub(crate) regex: Option<String>,
    pub(crate) max_length: Option<usize>,
    #[serde(default)]
    pub(crate) ignore_case: bool,
    /// URI schemes allowed, when the option limits them.
    #[serde(default)]
    pub(crate) schemes: Vec<String>,
    /// 4 or 6 for an IP option limited to one version.
    pub(crate) version: Option<u8>,
    /// The type of a list's items or a dict's values.
    pub(crate) item: Option<Box<OptSpec>>,
    /// Set when the option is deprecated for removal.
    pub(crate) deprecated: Option<Deprecation>,
    /// Earlier `[group] name`s oslo.config still reads this option from; `None` is "the same".
    #[serde(default)]
    pub(crate) old: Vec<(Option<String>, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Deprecation {
    pub(crate) since: Option<String>,
    pub(crate) reason: Option<String>,
}

/// The options of one group, by name (the option's `dest`, as written in files).
pub(crate) type Opts = BTreeMap<String, OptSpec>;

/// Groups whose names come from the value of another option.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Rule {
    /// The `[group] option` whose value names the groups.
    pub(crate) owner: (String, String),
    pub(crate) kind: RuleKind,
    /// Groups of the schema whose options a named group takes.
    pub(crate) templates: Vec<String>,
    /// Options a named group takes besides those of the templates.
    #[serde(default)]
    pub(crate) opts: Opts,
    /// A group that also gains an option named after each listed name (keystone's `[auth]`).
    pub(crate) keys_in: Option<String>,
    /// For `dict` owners: the table (`stores`) that maps each value to the group's options.
    pub(crate) by_value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RuleKind {
    /// `a,b,c`: each item names a group.
    List,
    /// `a:x,b:y`: each key names a group, whose options depend on its value.
    Dict,
}

#[derive(Deserialize)]
struct RawSchema {
    format: u32,
    service: String,
    release: String,
    groups: BTreeMap<String, Opts>,
    dynamic: Vec<Rule>,
    #[serde(default)]
    stores: BTreeMap<String, Opts>,
}

/// The options of one service in one release.
#[derive(Debug)]
pub(crate) struct Schema {
    pub(crate) service: String,
    pub(crate) release: String,
    pub(crate) groups: BTreeMap<String, Opts>,
    pub(crate) rules: Vec<Rule>,
    /// glance-api: store type (entry point name) to the options of a store section.
    pub(crate) stores: BTreeMap<String, Opts>,
    /// `(old group, old name)` to the `(group, name)` that replaced it.
    pub(crate) renamed: HashMap<(String, String), (String, String)>,
}

impl Schema {
    pub(crate) fn opt(&self, group: &str, name: &str) -> Option<&OptSpec> {
        self.groups.get(group)?.get(name)
    }
}

/// The options of every keystoneauth plugin of a release.
#[derive(Debug, Deserialize)]
pub(crate) struct Plugins {
    pub(crate) plugins: BTreeMap<String, Opts>,
}

impl Plugins {
    /// The current name of `key` for `plugin`, when `key` is a deprecated spelling of it.
    pub(crate) fn renamed(&self, plugin: &str, key: &str) -> Option<&str> {
        self.plugins.get(plugin)?.iter().find_map(|(name, spec)| {
            spec.old
                .iter()
                .any(|(_, old)| old.as_deref() == Some(key))
                .then_some(name.as_str())
        })
    }
}

/// The reason loading failed is a bug in the generated data, which tests catch; callers report it.
pub(crate) type Loaded<T> = Result<&'static T, String>;

/// The schema of `service` in `release`, `None` when there is none.
pub(crate) fn schema(release: &str, service: &str) -> Option<Loaded<Schema>> {
    let (i, json) = find(release, service)?;
    let slot = &slots()[i];
    Some(
        slot.schema
            .get_or_init(|| parse_schema(json, release, service))
            .as_ref()
            .map_err(Clone::clone),
    )
}

/// The keystoneauth plugin options of `release`.
pub(crate) fn plugins(release: &str) -> Option<Loaded<Plugins>> {
    let (i, json) = find(release, "keystoneauth")?;
    let slot = &slots()[i];
    Some(
        slot.plugins
            .get_or_init(|| {
                serde_json::from_str(json)
                    .map_err(|e| format!("keystoneauth.json of {release}: {e}"))
            })
            .as_ref()
            .map_err(Clone::clone),
    )
}

/// One cache slot per embedded file, in release order then file order.
struct Slot {
    schema: OnceLock<Result<Schema, String>>,
    plugins: OnceLock<Result<Plugins, String>>,
}

fn slots() -> &'static [Slot] {
    static SLOTS: OnceLock<Vec<Slot>> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let count = RELEASES
            .iter()
            .filter_map(|r| files(r))
            .map(<[_]>::len)
            .sum();
        (0..count)
            .map(|_| Slot {
                schema: OnceLock::new(),
                plugins: OnceLock::new(),
            })
            .collect()
    })
}

/// The slot index and text of an embedded file.
fn find(release: &str, name: &str) -> Option<(usize, &'static str)> {
    let mut base = 0;
    for r in RELEASES {
        let list = files(r)?;
        if *r == release {
            let i = list.iter().position(|(n, _)| *n == name)?;
            return Some((base + i, list[i].1));
        }
        base += list.len();
    }
    None
}

fn parse_schema(json: &str, release: &str, service: &str) -> Result<Schema, String> {
    let raw: RawSchema =
        serde_json::from_str(json).map_err(|e| format!("{service}.json of {release}: {e}"))?;
    if raw.format != 1 || raw.service != service || raw.release != release {
        return Err(format!(
            "{service}.json of {release} is format {} for {} {}",
            raw.format, raw.service, raw.release
        ));
    }
    let renamed = renames(&raw.groups);
    Ok(Schema {
        service: raw.service,
        release: raw.release,
        groups: raw.groups,
        rules: raw.dynamic,
        stores: raw.stores,
        renamed,
    })
}

/// The reverse of every option's `old` names. A name that is still an option of its own keeps
/// that meaning, as it does in oslo.config.
fn renames(groups: &BTreeMap<String, Opts>) -> HashMap<(String, String), (String, String)> {
    let mut out = HashMap::new();
    for (group, opts) in groups {
        for (name, spec) in opts {
            for (old_group, old_name) in &spec.old {
                let old = (
                    old_group.as_deref().map_or(group.clone(), lower_group),
                    old_name.clone().unwrap_or_else(|| name.clone()),
                );
                let unchanged = old.0 == *group && old.1 == *name;
                let still_an_option = groups.get(&old.0).is_some_and(|g| g.contains_key(&old.1));
                if !unchanged && !still_an_option {
                    out.entry(old).or_insert((group.clone(), name.clone()));
                }
            }
        }
    }
    out
}

/// oslo.config lower-cases group names when it reads a file, except `DEFAULT`.
pub(crate) fn lower_group(name: &str) -> String {
    if name == "DEFAULT" {
        name.to_string()
    } else {
        name.to_lowercase()
    }
}
