//! What Pacemaker knows about agents, cluster properties and meta attributes, shared by the pcs
//! and crmsh validators.
//!
//! Agent parameters and cluster options come from the XML that Pacemaker itself printed for the
//! Debian packages (`ci/refresh-agent-metadata.sh` writes `data/agents/`, `VERSIONS` says which
//! packages), so a parameter typo is caught exactly as `pcs` or `crm configure` would catch it,
//! without a cluster. Meta attributes and operation options have no machine-readable source in
//! Pacemaker 2.1, so they are listed here from "Pacemaker Explained".

use crate::diag::{Diagnostic, did_you_mean};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// The agents with committed metadata: spec and the XML `crm_resource --show-metadata` printed.
/// Keep in step with the lists in ci/refresh-agent-metadata.sh.
const AGENT_FILES: &[(&str, &str)] = &[
    (
        "ocf:heartbeat:IPaddr2",
        include_str!("../../data/agents/ocf_heartbeat_IPaddr2.xml"),
    ),
    (
        "ocf:heartbeat:IPsrcaddr",
        include_str!("../../data/agents/ocf_heartbeat_IPsrcaddr.xml"),
    ),
    (
        "ocf:heartbeat:galera",
        include_str!("../../data/agents/ocf_heartbeat_galera.xml"),
    ),
    (
        "ocf:heartbeat:garbd",
        include_str!("../../data/agents/ocf_heartbeat_garbd.xml"),
    ),
    (
        "ocf:heartbeat:rabbitmq-cluster",
        include_str!("../../data/agents/ocf_heartbeat_rabbitmq-cluster.xml"),
    ),
    (
        "ocf:heartbeat:apache",
        include_str!("../../data/agents/ocf_heartbeat_apache.xml"),
    ),
    (
        "ocf:heartbeat:Route",
        include_str!("../../data/agents/ocf_heartbeat_Route.xml"),
    ),
    (
        "ocf:heartbeat:ovsmonitor",
        include_str!("../../data/agents/ocf_heartbeat_ovsmonitor.xml"),
    ),
    (
        "ocf:heartbeat:redis",
        include_str!("../../data/agents/ocf_heartbeat_redis.xml"),
    ),
    (
        "ocf:heartbeat:podman",
        include_str!("../../data/agents/ocf_heartbeat_podman.xml"),
    ),
    (
        "ocf:heartbeat:Filesystem",
        include_str!("../../data/agents/ocf_heartbeat_Filesystem.xml"),
    ),
    (
        "ocf:pacemaker:ping",
        include_str!("../../data/agents/ocf_pacemaker_ping.xml"),
    ),
    (
        "ocf:pacemaker:ClusterMon",
        include_str!("../../data/agents/ocf_pacemaker_ClusterMon.xml"),
    ),
    (
        "ocf:pacemaker:attribute",
        include_str!("../../data/agents/ocf_pacemaker_attribute.xml"),
    ),
    (
        "ocf:pacemaker:Dummy",
        include_str!("../../data/agents/ocf_pacemaker_Dummy.xml"),
    ),
    (
        "stonith:fence_ipmilan",
        include_str!("../../data/agents/stonith_fence_ipmilan.xml"),
    ),
    (
        "stonith:fence_redfish",
        include_str!("../../data/agents/stonith_fence_redfish.xml"),
    ),
    (
        "stonith:fence_sbd",
        include_str!("../../data/agents/stonith_fence_sbd.xml"),
    ),
    (
        "stonith:fence_virsh",
        include_str!("../../data/agents/stonith_fence_virsh.xml"),
    ),
    (
        "stonith:fence_kdump",
        include_str!("../../data/agents/stonith_fence_kdump.xml"),
    ),
];

/// The pcmk_* parameters every fence device takes on top of its agent's own.
const FENCED_XML: &str = include_str!("../../data/agents/pacemaker-fenced.xml");
/// Cluster properties (crm_config) of the CIB manager, controller and scheduler.
const CLUSTER_OPTIONS_XML: &str = include_str!("../../data/agents/pacemaker-cluster-options.xml");
/// Every installed agent by name, so short names resolve (or are ambiguous) as on a real node.
const AGENT_INDEX: &str = include_str!("../../data/agents/agent-index.txt");

/// Properties Pacemaker maintains itself; pcs refuses to set them.
const READONLY_PROPERTIES: &[&str] = &[
    "cluster-infrastructure",
    "cluster-name",
    "dc-version",
    "have-watchdog",
    "last-lrm-refresh",
];

/// OCF parameters Pacemaker and pcs accept for every ocf agent, used to trace agent runs.
const OCF_TRACE_PARAMS: &[&str] = &["trace_ra", "trace_file"];

/// Operation names an agent without metadata (systemd, lsb, service) can be given.
pub(crate) const STANDARD_OPS: &[&str] = &[
    "monitor",
    "start",
    "stop",
    "promote",
    "demote",
    "notify",
    "migrate_to",
    "migrate_from",
    "reload",
    "reload-agent",
    "validate-all",
];

/// Operation attributes (pcs `lib/cib/resource/const.py`, Pacemaker Explained "Operation properties").
pub(crate) const OP_OPTIONS: &[&str] = &[
    "id",
    "description",
    "enabled",
    "interval",
    "interval-origin",
    "on-fail",
    "record-pending",
    "role",
    "start-delay",
    "timeout",
    "OCF_CHECK_LEVEL",
];

const ON_FAIL: &[&str] = &[
    "ignore",
    "block",
    "demote",
    "stop",
    "restart",
    "standby",
    "fence",
    "restart-container",
];
const ROLES: &[&str] = &["Stopped", "Started", "Promoted", "Unpromoted"];
const LEGACY_ROLES: &[(&str, &str)] = &[("Master", "Promoted"), ("Slave", "Unpromoted")];

/// How a meta attribute's value is checked.
#[derive(Debug, Clone, Copy)]
enum MetaKind {
    Bool,
    Integer,
    Score,
    Time,
    Role,
    Text,
    Enum(&'static [&'static str]),
}

/// Which resources a meta attribute means something on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MetaScope {
    Resource,
    Clone,
    Promotable,
    /// Renamed in Pacemaker 2.0; the new name.
    Renamed(&'static str),
}

/// Resource meta attributes (Pacemaker Explained 2.1, "Resource Meta-Attributes", "Clone
/// Options", "Promotable Clone Options").
const META: &[(&str, MetaKind, MetaScope)] = &[
    ("priority", MetaKind::Integer, MetaScope::Resource),
    ("critical", MetaKind::Bool, MetaScope::Resource),
    ("target-role", MetaKind::Role, MetaScope::Resource),
    ("is-managed", MetaKind::Bool, MetaScope::Resource),
    ("maintenance", MetaKind::Bool, MetaScope::Resource),
    ("resource-stickiness", MetaKind::Score, MetaScope::Resource),
    (
        "requires",
        MetaKind::Enum(&["nothing", "quorum", "fencing", "unfencing"]),
        MetaScope::Resource,
    ),
    ("migration-threshold", MetaKind::Score, MetaScope::Resource),
    ("failure-timeout", MetaKind::Time, MetaScope::Resource),
    (
        "multiple-active",
        MetaKind::Enum(&["block", "stop_only", "stop_start", "stop_unexpected"]),
        MetaScope::Resource,
    ),
    ("allow-migrate", MetaKind::Bool, MetaScope::Resource),
    ("allow-unhealthy-nodes", MetaKind::Bool, MetaScope::Resource),
    (
        "container-attribute-target",
        MetaKind::Text,
        MetaScope::Resource,
    ),
    ("remote-node", MetaKind::Text, MetaScope::Resource),
    ("remote-port", MetaKind::Integer, MetaScope::Resource),
    ("remote-addr", MetaKind::Text, MetaScope::Resource),
    (
        "remote-connect-timeout",
        MetaKind::Time,
        MetaScope::Resource,
    ),
    ("globally-unique", MetaKind::Bool, MetaScope::Clone),
    ("clone-max", MetaKind::Integer, MetaScope::Clone),
    ("clone-node-max", MetaKind::Integer, MetaScope::Clone),
    ("clone-min", MetaKind::Integer, MetaScope::Clone),
    ("notify", MetaKind::Bool, MetaScope::Clone),
    ("ordered", MetaKind::Bool, MetaScope::Clone),
    ("interleave", MetaKind::Bool, MetaScope::Clone),
    ("promotable", MetaKind::Bool, MetaScope::Clone),
    ("promoted-max", MetaKind::Integer, MetaScope::Promotable),
    (
        "promoted-node-max",
        MetaKind::Integer,
        MetaScope::Promotable,
    ),
    (
        "master-max",
        MetaKind::Integer,
        MetaScope::Renamed("promoted-max"),
    ),
    (
        "master-node-max",
        MetaKind::Integer,
        MetaScope::Renamed("promoted-node-max"),
    ),
];

/// One parameter of an agent, or one cluster property, as its metadata describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParamSpec {
    pub(crate) name: String,
    pub(crate) required: bool,
    pub(crate) deprecated: bool,
    /// The older parameter this one replaces (fence agents: `ip` obsoletes `ipaddr`).
    pub(crate) obsoletes: Option<String>,
    /// The metadata's `content type`: string, integer, boolean, time, select, percentage...
    pub(crate) kind: String,
    pub(crate) default: Option<String>,
    pub(crate) choices: Vec<String>,
}

/// A resource or fence agent with committed metadata.
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    pub(crate) spec: &'static str,
    pub(crate) params: Vec<ParamSpec>,
    pub(crate) actions: Vec<String>,
}

impl Agent {
    pub(crate) fn param(&self, name: &str) -> Option<&ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }

    pub(crate) fn is_stonith(&self) -> bool {
        self.spec.starts_with("stonith:")
    }

    pub(crate) fn has_action(&self, action: &str) -> bool {
        self.actions.iter().any(|a| a == action)
    }
}

static AGENTS: LazyLock<Vec<Agent>> = LazyLock::new(|| {
    AGENT_FILES
        .iter()
        .filter_map(|(spec, xml)| {
            let doc = parse_xml(xml)?;
            Some(Agent {
                spec,
                params: params_of(&doc),
                actions: actions_of(&doc),
            })
        })
        .collect()
});

static FENCED_PARAMS: LazyLock<Vec<ParamSpec>> = LazyLock::new(|| {
    parse_xml(FENCED_XML)
        .map(|doc| params_of(&doc))
        .unwrap_or_default()
});

static CLUSTER_OPTIONS: LazyLock<Vec<ParamSpec>> = LazyLock::new(|| {
    parse_xml(CLUSTER_OPTIONS_XML)
        .map(|doc| params_of(&doc))
        .unwrap_or_default()
});

static INDEX: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    AGENT_INDEX
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// Agent metadata carries a DOCTYPE naming ra-api-1.dtd, which roxmltree refuses by default.
fn parse_xml(xml: &str) -> Option<roxmltree::Document<'_>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xml, options).ok()
}

/// Every `<parameter>` of a document, first definition of a name winning (the cluster-options
/// file holds three daemons' metadata, and two of them both describe `no-quorum-policy`).
fn params_of(doc: &roxmltree::Document<'_>) -> Vec<ParamSpec> {
    let mut seen = BTreeSet::new();
    doc.descendants()
        .filter(|n| n.has_tag_name("parameter"))
        .filter_map(param_of)
        .filter(|p| seen.insert(p.name.clone()))
        .collect()
}

fn param_of(node: roxmltree::Node<'_, '_>) -> Option<ParamSpec> {
    let name = node.attribute("name")?.to_string();
    let content = node.children().find(|c| c.has_tag_name("content"));
    let deprecated = node.attribute("deprecated") == Some("1")
        || node.children().any(|c| c.has_tag_name("deprecated"));
    Some(ParamSpec {
        name,
        required: node.attribute("required") == Some("1"),
        deprecated,
        obsoletes: node.attribute("obsoletes").map(str::to_string),
        kind: content
            .and_then(|c| c.attribute("type"))
            .unwrap_or("string")
            .to_string(),
        default: content
            .and_then(|c| c.attribute("default"))
            .map(str::to_string),
        choices: content
            .map(|c| {
                c.children()
                    .filter(|o| o.has_tag_name("option"))
                    .filter_map(|o| o.attribute("value").map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

fn actions_of(doc: &roxmltree::Document<'_>) -> Vec<String> {
    let mut actions: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("action"))
        .filter_map(|n| n.attribute("name").map(str::to_string))
        .collect();
    actions.sort();
    actions.dedup();
    actions
}

/// The agents with committed metadata.
pub(crate) fn agents() -> &'static [Agent] {
    &AGENTS
}

/// The cluster properties Pacemaker knows.
pub(crate) fn cluster_options() -> &'static [ParamSpec] {
    &CLUSTER_OPTIONS
}

/// Every agent installed on the machine the metadata came from (`ocf:heartbeat:IPaddr2`...).
pub(crate) fn agent_index() -> &'static [&'static str] {
    &INDEX
}

/// Where a diagnostic goes: the command's line and that line's text, for underlining.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Loc<'a> {
    pub(crate) line: usize,
    pub(crate) text: &'a str,
}

impl Loc<'_> {
    pub(crate) fn error(&self, message: impl Into<String>, needle: &str) -> Diagnostic {
        Diagnostic::error(self.line, message).at(self.text, needle)
    }

    pub(crate) fn warning(&self, message: impl Into<String>, needle: &str) -> Diagnostic {
        Diagnostic::warning(self.line, message).at(self.text, needle)
    }
}

/// Adds a help text when there is one.
pub(crate) fn with_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// `name=value` split at the first `=`.
pub(crate) fn split_pair(word: &str) -> Option<(&str, &str)> {
    word.split_once('=')
}

/// A value only known when the command runs (`$VAR`, `$(...)`), which is not checked.
pub(crate) fn is_dynamic(value: &str) -> bool {
    value.contains('$') || value.contains('`')
}

/// A resolved agent spec.
#[derive(Debug, Clone)]
pub(crate) enum Resolved {
    /// An agent with committed metadata.
    Known(&'static Agent),
    /// An installed agent whose metadata is not committed: its parameters are not checked.
    Unchecked(String),
    /// `systemd:`, `lsb:` or `service:` units: no metadata and no parameters.
    Unit(String),
}

impl Resolved {
    pub(crate) fn spec(&self) -> &str {
        match self {
            Resolved::Known(a) => a.spec,
            Resolved::Unchecked(s) | Resolved::Unit(s) => s,
        }
    }

    pub(crate) fn is_stonith(&self) -> bool {
        self.spec().starts_with("stonith:")
    }

    pub(crate) fn is_ocf(&self) -> bool {
        self.spec().starts_with("ocf:")
    }
}

/// Why an agent spec did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AgentError {
    Unknown {
        spec: String,
        help: Option<String>,
    },
    Ambiguous {
        name: String,
        candidates: Vec<String>,
    },
    /// crmsh: a short name where the guide wants the full spec.
    NotFull {
        name: String,
        full: Option<String>,
    },
    BadUnit {
        spec: String,
    },
}

impl AgentError {
    pub(crate) fn to_diagnostic(&self, loc: Loc<'_>, needle: &str) -> Diagnostic {
        match self {
            AgentError::Unknown { spec, help } => with_help(
                loc.error(format!("unknown resource agent `{spec}`"), needle),
                help.clone(),
            ),
            AgentError::Ambiguous { name, candidates } => loc
                .error(format!("agent name `{name}` is ambiguous"), needle)
                .help(format!(
                    "write the full spec, one of {}",
                    backticked(candidates)
                )),
            AgentError::NotFull { name, full } => {
                let help = match full {
                    Some(f) => format!("write `{f}`"),
                    None => "write `class:provider:type`, e.g. `ocf:heartbeat:IPaddr2`".to_string(),
                };
                loc.error(
                    format!("agent `{name}` is not a full `class:provider:type` spec"),
                    needle,
                )
                .help(help)
            }
            AgentError::BadUnit { spec } => loc
                .error(format!("`{spec}` is not a valid unit name"), needle)
                .help("a unit name is letters, digits and `@._-`, e.g. `systemd:haproxy`"),
        }
    }
}

pub(crate) fn backticked(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Resolves an agent spec. `allow_short` is pcs's rule: a bare type is looked up among the
/// installed ocf agents and must be unambiguous.
pub(crate) fn resolve_agent(spec: &str, allow_short: bool) -> Result<Resolved, AgentError> {
    if is_dynamic(spec) {
        return Ok(Resolved::Unchecked(spec.to_string()));
    }
    let parts: Vec<&str> = spec.split(':').collect();
    match parts.as_slice() {
        [class @ ("systemd" | "lsb" | "service"), unit] => resolve_unit(class, unit, spec),
        ["ocf", _, _] | ["stonith", _] => resolve_full(spec),
        [name] if allow_short => resolve_short(name),
        [name] => Err(AgentError::NotFull {
            name: name.to_string(),
            full: resolve_short(name).ok().map(|r| r.spec().to_string()),
        }),
        ["ocf", name] => Err(AgentError::Unknown {
            spec: spec.to_string(),
            help: Some(format!("an ocf agent needs its provider, e.g. `ocf:heartbeat:{name}`")),
        }),
        _ => Err(AgentError::Unknown {
            spec: spec.to_string(),
            help: Some(
                "agent classes are `ocf:PROVIDER:TYPE`, `stonith:TYPE`, `systemd:UNIT`, `lsb:NAME` and `service:NAME`"
                    .to_string(),
            ),
        }),
    }
}

fn resolve_unit(class: &str, unit: &str, spec: &str) -> Result<Resolved, AgentError> {
    let valid = !unit.is_empty()
        && unit
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-'));
    if valid {
        Ok(Resolved::Unit(format!("{class}:{unit}")))
    } else {
        Err(AgentError::BadUnit {
            spec: spec.to_string(),
        })
    }
}

fn resolve_full(spec: &str) -> Result<Resolved, AgentError> {
    if let Some(agent) = agents().iter().find(|a| a.spec == spec) {
        return Ok(Resolved::Known(agent));
    }
    if agent_index().contains(&spec) {
        return Ok(Resolved::Unchecked(spec.to_string()));
    }
    let same_case = agent_index().iter().find(|i| i.eq_ignore_ascii_case(spec));
    let help = match same_case {
        Some(s) => Some(format!(
            "agent names are case-sensitive: did you mean `{s}`?"
        )),
        None => did_you_mean(spec, agent_index().iter().copied()).or_else(|| {
            Some(
                "not provided by the resource-agents, pacemaker or fence-agents packages"
                    .to_string(),
            )
        }),
    };
    Err(AgentError::Unknown {
        spec: spec.to_string(),
        help,
    })
}

fn resolve_short(name: &str) -> Result<Resolved, AgentError> {
    let candidates: Vec<String> = agent_index()
        .iter()
        .filter(|i| i.starts_with("ocf:") && i.rsplit(':').next() == Some(name))
        .map(|i| i.to_string())
        .collect();
    match candidates.as_slice() {
        [one] => resolve_full(one),
        [] => {
            let shorts = agent_index()
                .iter()
                .filter(|i| i.starts_with("ocf:"))
                .filter_map(|i| i.rsplit(':').next());
            Err(AgentError::Unknown {
                spec: name.to_string(),
                help: did_you_mean(name, shorts),
            })
        }
        _ => Err(AgentError::Ambiguous {
            name: name.to_string(),
            candidates,
        }),
    }
}

/// Fence agents by their pcs name (`fence_ipmilan`), for near-match hints.
pub(crate) fn fence_agent_names() -> impl Iterator<Item = &'static str> {
    agent_index()
        .iter()
        .filter_map(|i| i.strip_prefix("stonith:"))
}

/// Pacemaker's booleans (crm_is_true and its false counterpart).
pub(crate) fn is_bool(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "true" | "on" | "yes" | "y" | "1" | "false" | "off" | "no" | "n" | "0"
    )
}

pub(crate) fn is_false(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "false" | "off" | "no" | "n" | "0"
    )
}

pub(crate) fn is_integer(v: &str) -> bool {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// A Pacemaker time value: a non-negative number with an optional unit (crm_get_msec).
pub(crate) fn is_time(v: &str) -> bool {
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    !number.is_empty()
        && matches!(
            unit.to_ascii_lowercase().as_str(),
            "" | "s" | "sec" | "ms" | "msec" | "us" | "usec" | "m" | "min" | "h" | "hr"
        )
}

/// A constraint or stickiness score.
pub(crate) fn is_score(v: &str) -> bool {
    let bare = v.strip_prefix(['-', '+']).unwrap_or(v);
    is_integer(v) || bare.eq_ignore_ascii_case("INFINITY") || bare.eq_ignore_ascii_case("inf")
}

fn is_percentage(v: &str) -> bool {
    v.strip_suffix('%')
        .is_some_and(|n| is_integer(n) && !n.starts_with('-'))
}

/// A valid XML id, which every CIB id must be: a letter or `_` first, then letters, digits,
/// `_`, `.`, `-`.
pub(crate) fn is_id(v: &str) -> bool {
    let mut chars = v.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

pub(crate) fn check_id(id: &str, what: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    (!is_id(id) && !is_dynamic(id)).then(|| {
        loc.error(format!("`{id}` is not a valid {what} id"), id)
            .help(
                "ids start with a letter or `_` and contain only letters, digits, `_`, `.` and `-`",
            )
    })
}

/// What a value of a metadata type must look like, or None when it is fine.
fn type_problem(kind: &str, choices: &[String], value: &str) -> Option<String> {
    let ok = match kind {
        "boolean" => is_bool(value),
        "integer" => is_integer(value) || is_score(value),
        "nonnegative_integer" => is_integer(value) && !value.starts_with('-'),
        "time" | "duration" | "timeout" | "second" => is_time(value),
        "percentage" => is_percentage(value),
        "score" => is_score(value),
        "select" => choices.iter().any(|c| c == value),
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match kind {
        "boolean" => "a boolean (true/false, yes/no, on/off, 1/0)".to_string(),
        "integer" | "nonnegative_integer" => "an integer".to_string(),
        "time" | "duration" | "timeout" | "second" => {
            "a time: a number with an optional unit ms, s, m/min or h, e.g. `30s`".to_string()
        }
        "percentage" => "a percentage such as `80%`".to_string(),
        "score" => "a score: an integer, `INFINITY` or `-INFINITY`".to_string(),
        _ => format!("one of {}", backticked(choices)),
    })
}

/// Some agents declare types their defaults contradict (ocf:pacemaker:ping's `dampen` is an
/// "integer" defaulting to `5s`); such a declared type is not used to reject values.
fn declared_type_is_reliable(p: &ParamSpec) -> bool {
    match p.default.as_deref() {
        None | Some("") => true,
        Some(d) => type_problem(&p.kind, &p.choices, d).is_none(),
    }
}

fn check_param_value(p: &ParamSpec, value: &str, owner: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    if value.is_empty() || is_dynamic(value) || !declared_type_is_reliable(p) {
        return None;
    }
    let expected = type_problem(&p.kind, &p.choices, value)?;
    Some(loc.error(
        format!("`{}={value}`: {owner} expects {expected}", p.name),
        &format!("{}=", p.name),
    ))
}

/// Checks instance attributes (`params`) against an agent's metadata: unknown names, missing
/// required ones, value types and choices, deprecated names.
pub(crate) fn check_params(
    agent: &Resolved,
    attrs: &[(String, String)],
    loc: Loc<'_>,
) -> Vec<Diagnostic> {
    let mut out = duplicates(attrs, "parameter", loc);
    match agent {
        Resolved::Unit(spec) => {
            if let Some((name, _)) = attrs.first() {
                out.push(
                    loc.error(format!("`{spec}` takes no parameters, found `{name}`"), name)
                        .help("systemd, lsb and service resources are configured in their unit or init script"),
                );
            }
        }
        Resolved::Unchecked(_) => {}
        Resolved::Known(a) => {
            out.extend(
                attrs
                    .iter()
                    .filter_map(|(k, v)| check_known_param(a, k, v, loc)),
            );
            out.extend(missing_required(a, attrs, loc));
        }
    }
    out
}

fn duplicates(attrs: &[(String, String)], what: &str, loc: Loc<'_>) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    attrs
        .iter()
        .filter(|(k, _)| !seen.insert(k.as_str()))
        .map(|(k, _)| loc.error(format!("{what} `{k}` is given twice"), &format!("{k}=")))
        .collect()
}

/// All the parameters a fence device accepts: its agent's and the fencer's pcmk_* ones.
fn param_spec<'a>(a: &'a Agent, name: &str) -> Option<&'a ParamSpec> {
    a.param(name).or_else(|| {
        if a.is_stonith() {
            FENCED_PARAMS.iter().find(|p| p.name == name)
        } else {
            None
        }
    })
}

fn param_names(a: &Agent) -> Vec<&str> {
    let mut names: Vec<&str> = a.params.iter().map(|p| p.name.as_str()).collect();
    if a.is_stonith() {
        names.extend(FENCED_PARAMS.iter().map(|p| p.name.as_str()));
    } else {
        names.extend(OCF_TRACE_PARAMS);
    }
    names
}

fn check_known_param(a: &Agent, name: &str, value: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    if !a.is_stonith() && OCF_TRACE_PARAMS.contains(&name) {
        return None;
    }
    if a.is_stonith() && name == "action" {
        return Some(
            loc.error("fence device parameter `action` must not be set", "action=")
                .help("Pacemaker decides the action itself; use `pcmk_off_action` or `pcmk_reboot_action` to map one"),
        );
    }
    let Some(p) = param_spec(a, name) else {
        let names = param_names(a);
        let help = did_you_mean(name, names.iter().copied())
            .unwrap_or_else(|| format!("its parameters are: {}", names.join(", ")));
        return Some(
            loc.error(
                format!("`{name}` is not a parameter of `{}`", a.spec),
                &format!("{name}="),
            )
            .help(help),
        );
    };
    if p.deprecated {
        let replacement = a
            .params
            .iter()
            .find(|q| q.obsoletes.as_deref() == Some(name));
        let help = replacement.map(|r| format!("use `{}`", r.name));
        return Some(with_help(
            loc.warning(
                format!("parameter `{name}` of `{}` is deprecated", a.spec),
                &format!("{name}="),
            ),
            help,
        ));
    }
    check_param_value(p, value, &format!("`{}`", a.spec), loc)
}

/// Required parameters that are missing. A deprecated name and the parameter that obsoletes it
/// stand for each other (fence_redfish marks both `login` and `username` required).
fn missing_required(a: &Agent, attrs: &[(String, String)], loc: Loc<'_>) -> Vec<Diagnostic> {
    let given = |n: &str| attrs.iter().any(|(k, _)| k == n);
    a.params
        .iter()
        .filter(|p| p.required && !p.deprecated && !given(&p.name))
        .filter(|p| !p.obsoletes.as_deref().is_some_and(given))
        .filter(|p| {
            !a.params
                .iter()
                .any(|q| q.obsoletes.as_deref() == Some(p.name.as_str()) && given(&q.name))
        })
        .map(|p| {
            loc.error(
                format!("required parameter `{}` of `{}` is missing", p.name, a.spec),
                a.spec.rsplit(':').next().unwrap_or(a.spec),
            )
            .help(format!("add `{}=...`", p.name))
        })
        .collect()
}

/// One `op NAME k=v...` of a resource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Operation {
    pub(crate) name: String,
    pub(crate) options: Vec<(String, String)>,
}

/// The operation names an agent accepts: its metadata actions, or the standard ones.
fn op_names(agent: &Resolved) -> Vec<&str> {
    match agent {
        Resolved::Known(a) if a.is_stonith() => vec!["monitor", "start", "stop"],
        Resolved::Known(a) => a
            .actions
            .iter()
            .map(String::as_str)
            .filter(|n| *n != "meta-data")
            .collect(),
        _ => STANDARD_OPS.to_vec(),
    }
}

/// Checks operations: names the agent supports, known options, time values, roles, on-fail.
pub(crate) fn check_ops(agent: &Resolved, ops: &[Operation], loc: Loc<'_>) -> Vec<Diagnostic> {
    let names = op_names(agent);
    let mut out = Vec::new();
    for op in ops {
        if !names.contains(&op.name.as_str()) {
            let help = did_you_mean(&op.name, names.iter().copied())
                .unwrap_or_else(|| format!("`{}` supports: {}", agent.spec(), names.join(", ")));
            let needle = format!(" {}", op.name);
            out.push(
                loc.error(
                    format!("`{}` has no operation `{}`", agent.spec(), op.name),
                    needle.trim_start(),
                )
                .help(help),
            );
        }
        out.extend(duplicates(&op.options, "operation option", loc));
        out.extend(
            op.options
                .iter()
                .filter_map(|(k, v)| check_op_option(k, v, loc)),
        );
    }
    out
}

/// Checks one operation attribute, also used for op defaults.
pub(crate) fn check_op_option(name: &str, value: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    let needle = format!("{name}=");
    if !OP_OPTIONS.contains(&name) {
        let help = did_you_mean(name, OP_OPTIONS.iter().copied())
            .unwrap_or_else(|| format!("operation options are: {}", OP_OPTIONS.join(", ")));
        return Some(
            loc.error(format!("unknown operation option `{name}`"), &needle)
                .help(help),
        );
    }
    if is_dynamic(value) {
        return None;
    }
    let expected = match name {
        "interval" | "timeout" | "start-delay" if !is_time(value) => {
            Some("a time: a number with an optional unit ms, s, m/min or h, e.g. `30s`".to_string())
        }
        "on-fail" if !ON_FAIL.contains(&value) => Some(format!("one of {}", ON_FAIL.join(", "))),
        "record-pending" | "enabled" if !is_bool(value) => Some("a boolean".to_string()),
        "role" => return check_role(name, value, loc),
        _ => None,
    }?;
    Some(loc.error(
        format!("`{name}={value}` is not valid: expected {expected}"),
        &needle,
    ))
}

/// A role value: the Pacemaker 2.1 names, the legacy ones with a warning.
pub(crate) fn check_role(name: &str, value: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    if ROLES.iter().any(|r| r.eq_ignore_ascii_case(value)) {
        return None;
    }
    if let Some((old, new)) = LEGACY_ROLES
        .iter()
        .find(|(old, _)| old.eq_ignore_ascii_case(value))
    {
        return Some(
            loc.warning(
                format!("role `{old}` is deprecated since Pacemaker 2.1"),
                value,
            )
            .help(format!("use `{new}`")),
        );
    }
    Some(
        loc.error(format!("`{name}={value}`: unknown role"), value)
            .help(format!("roles are {}", ROLES.join(", "))),
    )
}

/// What kind of resource meta attributes are set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaTarget {
    Primitive,
    Group,
    Clone,
    Promotable,
    /// rsc_defaults / `pcs resource defaults`: anything any resource takes.
    Defaults,
}

/// Checks meta attributes: known names, values, and clone options given where they do nothing.
pub(crate) fn check_meta(
    attrs: &[(String, String)],
    target: MetaTarget,
    loc: Loc<'_>,
) -> Vec<Diagnostic> {
    let mut out = duplicates(attrs, "meta attribute", loc);
    let promotable = target == MetaTarget::Promotable
        || attrs.iter().any(|(k, v)| k == "promotable" && !is_false(v));
    for (name, value) in attrs {
        out.extend(check_meta_attr(name, value, target, promotable, loc));
    }
    out
}

fn check_meta_attr(
    name: &str,
    value: &str,
    target: MetaTarget,
    promotable: bool,
    loc: Loc<'_>,
) -> Option<Diagnostic> {
    let needle = format!("{name}=");
    let Some((_, kind, scope)) = META.iter().find(|(n, _, _)| *n == name) else {
        let help = did_you_mean(name, META.iter().map(|(n, _, _)| *n)).unwrap_or_else(|| {
            "see \"Resource Meta-Attributes\" in Pacemaker Explained".to_string()
        });
        return Some(
            loc.error(format!("unknown meta attribute `{name}`"), &needle)
                .help(help),
        );
    };
    let is_clone = matches!(
        target,
        MetaTarget::Clone | MetaTarget::Promotable | MetaTarget::Defaults
    );
    match scope {
        MetaScope::Renamed(new) => {
            return Some(
                loc.error(
                    format!("meta attribute `{name}` was renamed in Pacemaker 2.0"),
                    &needle,
                )
                .help(format!("use `{new}`")),
            );
        }
        MetaScope::Clone | MetaScope::Promotable if !is_clone => {
            return Some(
                loc.warning(format!("`{name}` is a clone meta attribute and has no effect here"), &needle)
                    .help("set it on the clone: `pcs resource meta CLONE_ID ...`, or `clone ID RSC meta ...` in crmsh"),
            );
        }
        MetaScope::Promotable if !promotable && target != MetaTarget::Defaults => {
            return Some(
                loc.warning(
                    format!("`{name}` only has an effect on a promotable clone"),
                    &needle,
                )
                .help("use `promotable` instead of `clone`, or `meta promotable=true`"),
            );
        }
        _ => {}
    }
    check_meta_value(name, value, *kind, loc)
}

fn check_meta_value(name: &str, value: &str, kind: MetaKind, loc: Loc<'_>) -> Option<Diagnostic> {
    if is_dynamic(value) {
        return None;
    }
    let problem = match kind {
        MetaKind::Bool => type_problem("boolean", &[], value),
        MetaKind::Integer => type_problem("integer", &[], value),
        MetaKind::Score => type_problem("score", &[], value),
        MetaKind::Time => type_problem("time", &[], value),
        MetaKind::Enum(choices) => {
            (!choices.contains(&value)).then(|| format!("one of {}", choices.join(", ")))
        }
        MetaKind::Role => return check_role(name, value, loc),
        MetaKind::Text => None,
    }?;
    Some(loc.error(
        format!("`{name}={value}` is not valid: expected {problem}"),
        &format!("{name}="),
    ))
}

/// Checks `rsc_defaults` / `pcs resource defaults update`.
pub(crate) fn check_rsc_defaults(attrs: &[(String, String)], loc: Loc<'_>) -> Vec<Diagnostic> {
    check_meta(attrs, MetaTarget::Defaults, loc)
}

/// Checks `op_defaults` / `pcs resource op defaults update`.
pub(crate) fn check_op_defaults(attrs: &[(String, String)], loc: Loc<'_>) -> Vec<Diagnostic> {
    let mut out = duplicates(attrs, "operation default", loc);
    out.extend(
        attrs
            .iter()
            .filter(|(k, _)| k != "id")
            .filter_map(|(k, v)| check_op_option(k, v, loc)),
    );
    out
}

/// Checks one cluster property assignment: known, writable, value of the right type; warns
/// when fencing is turned off.
pub(crate) fn check_property(name: &str, value: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    let needle = format!("{name}=");
    if READONLY_PROPERTIES.contains(&name) {
        return Some(
            loc.error(format!("cluster property `{name}` is read-only"), &needle)
                .help("Pacemaker maintains it itself (the cluster name comes from corosync.conf)"),
        );
    }
    let Some(p) = cluster_options().iter().find(|p| p.name == name) else {
        let names = cluster_options()
            .iter()
            .map(|p| p.name.as_str())
            .filter(|n| !READONLY_PROPERTIES.contains(n));
        let help = did_you_mean(name, names)
            .unwrap_or_else(|| "see `man pacemaker-schedulerd`".to_string());
        return Some(
            loc.error(format!("unknown cluster property `{name}`"), &needle)
                .help(help),
        );
    };
    if value.is_empty() || is_dynamic(value) {
        return None;
    }
    if let Some(expected) = type_problem(&p.kind, &p.choices, value) {
        return Some(loc.error(
            format!("`{name}={value}` is not valid: expected {expected}"),
            &needle,
        ));
    }
    (name == "stonith-enabled" && is_false(value)).then(|| {
        loc.warning("`stonith-enabled=false` turns fencing off", &needle).help(
            "production clusters need fencing: without it a hung node can corrupt shared data (Galera, VIPs); configure a fence device and keep `stonith-enabled=true`",
        )
    })
}

/// A fence device whose agent cannot list the nodes it controls is used for whatever node
/// Pacemaker asks about, unless pcmk_host_list/pcmk_host_map say which one it is (a BMC
/// controls one node): fencing could power off the wrong node.
pub(crate) fn fence_host_list_warning(
    agent: &Resolved,
    params: &[(String, String)],
    loc: Loc<'_>,
) -> Option<Diagnostic> {
    let Resolved::Known(a) = agent else {
        return None;
    };
    let mapped = params
        .iter()
        .any(|(k, _)| k == "pcmk_host_list" || k == "pcmk_host_map");
    (a.is_stonith() && !mapped && !a.has_action("list")).then(|| {
        let name = a.spec.trim_start_matches("stonith:");
        loc.warning(
            format!(
                "`{name}` cannot list its nodes and no `pcmk_host_list` says which node it fences"
            ),
            name,
        )
        .help("add `pcmk_host_list=NODE` (the node whose BMC this is)")
    })
}

/// The nodes named by `pcmk_host_list` must be cluster nodes.
pub(crate) fn fence_host_list_nodes(
    params: &[(String, String)],
    loc: Loc<'_>,
    state: &PacemakerState,
) -> Vec<Diagnostic> {
    params
        .iter()
        .filter(|(k, _)| k == "pcmk_host_list")
        .flat_map(|(_, v)| v.split([',', ' ', ';']).filter(|n| !n.is_empty()))
        .filter_map(|n| state.check_node(n, loc))
        .collect()
}

/// Whether `id` is something `pattern` (a word with `$VAR`, `${...}`, `$(...)` in it) can
/// expand to: each expansion matches any text, the literal parts must appear in order.
pub(crate) fn expansion_matches(pattern: &str, id: &str) -> bool {
    let literals = literal_parts(pattern);
    let (Some(first), Some(last)) = (literals.first(), literals.last()) else {
        return true;
    };
    if literals.len() == 1 {
        return id == first.as_str();
    }
    if !id.starts_with(first.as_str()) || !id[first.len()..].ends_with(last.as_str()) {
        return false;
    }
    let mut rest = &id[first.len()..id.len() - last.len()];
    for middle in &literals[1..literals.len() - 1] {
        match rest.find(middle.as_str()) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The literal text around the expansions of a word: `a$x-b` gives `a`, `-b`.
fn literal_parts(pattern: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            parts.last_mut().into_iter().for_each(|p| p.push(c));
            continue;
        }
        match chars.peek() {
            Some('{') => skip_until(&mut chars, '{', '}'),
            Some('(') => skip_until(&mut chars, '(', ')'),
            _ => {
                while chars
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    chars.next();
                }
            }
        }
        parts.push(String::new());
    }
    parts
}

fn skip_until(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, open: char, close: char) {
    let mut depth = 0;
    for c in chars.by_ref() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return;
            }
        }
    }
}

/// One resource created earlier in a command sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resource {
    pub(crate) kind: ResourceKind,
    /// The resolved agent spec, for primitives and fence devices.
    pub(crate) agent: Option<String>,
    /// The id of the clone wrapping it, when it was cloned.
    pub(crate) clone_id: Option<String>,
    pub(crate) line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceKind {
    Primitive,
    Stonith,
    Group,
    Clone,
    Bundle,
}

/// What a command sequence has created so far, so later commands can be checked against it.
/// shell.rs keeps one per checked text.
#[derive(Debug, Clone, Default)]
pub(crate) struct PacemakerState {
    resources: BTreeMap<String, Resource>,
    /// Cluster nodes named by `pcs host auth`, `pcs cluster setup` or `crm cluster init/join`.
    nodes: BTreeSet<String>,
    /// Ids of constraints and other non-resource elements.
    other_ids: BTreeMap<String, usize>,
}

impl PacemakerState {
    /// Registers a resource id; an error when the id is already taken.
    pub(crate) fn add_resource(
        &mut self,
        id: &str,
        res: Resource,
        loc: Loc<'_>,
    ) -> Option<Diagnostic> {
        if let Some(line) = self.id_line(id) {
            return Some(loc.error(format!("id `{id}` is already used (line {line})"), id));
        }
        self.resources.insert(id.to_string(), res);
        None
    }

    /// Registers the clone `clone_id` of resource `of`.
    pub(crate) fn add_clone(
        &mut self,
        of: &str,
        clone_id: &str,
        loc: Loc<'_>,
    ) -> Option<Diagnostic> {
        let clone = Resource {
            kind: ResourceKind::Clone,
            agent: None,
            clone_id: None,
            line: loc.line,
        };
        let problem = self.add_resource(clone_id, clone, loc);
        if problem.is_none()
            && let Some(r) = self.resources.get_mut(of)
        {
            r.clone_id = Some(clone_id.to_string());
        }
        problem
    }

    /// Registers a constraint (or other) id; an error when it is already taken.
    pub(crate) fn add_other_id(&mut self, id: &str, loc: Loc<'_>) -> Option<Diagnostic> {
        if let Some(line) = self.id_line(id) {
            return Some(loc.error(format!("id `{id}` is already used (line {line})"), id));
        }
        self.other_ids.insert(id.to_string(), loc.line);
        None
    }

    fn id_line(&self, id: &str) -> Option<usize> {
        self.resources
            .get(id)
            .map(|r| r.line)
            .or_else(|| self.other_ids.get(id).copied())
    }

    pub(crate) fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources.get(id)
    }

    pub(crate) fn add_node(&mut self, node: &str) {
        self.nodes.insert(node.to_string());
    }

    /// Checks a resource named by a constraint: it must exist, and a cloned resource must be
    /// named by its clone (pcs refuses constraints on a clone's primitive).
    pub(crate) fn check_reference(&self, id: &str, loc: Loc<'_>) -> Option<Diagnostic> {
        if is_dynamic(id) {
            return None;
        }
        match self.resources.get(id) {
            Some(Resource {
                clone_id: Some(clone),
                ..
            }) => Some(
                loc.error(
                    format!("`{id}` is cloned: constraints must name the clone"),
                    id,
                )
                .help(format!("use `{clone}`")),
            ),
            Some(_) => None,
            // Created in a loop as `fence-controller$n`: any id that pattern can produce.
            None if self
                .resources
                .keys()
                .any(|k| is_dynamic(k) && expansion_matches(k, id)) =>
            {
                None
            }
            None => Some(self.unknown_reference(id, loc)),
        }
    }

    fn unknown_reference(&self, id: &str, loc: Loc<'_>) -> Diagnostic {
        // `haproxy-clone` when this sequence created `haproxy` without a clone: certain mistake.
        let base = id
            .strip_suffix("-clone")
            .or_else(|| id.strip_suffix("-master"));
        if let Some(base) = base.filter(|b| self.resources.contains_key(*b)) {
            return loc
                .error(
                    format!("`{id}` does not exist: `{base}` was created without a clone"),
                    id,
                )
                .help(format!(
                    "add `clone` to the command creating `{base}`, or name `{base}` itself"
                ));
        }
        // A near match of an id this sequence created is a typo. Anything else may have been
        // created by an earlier step of the guide (each snippet is checked alone), so it is
        // only a warning: the reader must have created it before.
        match did_you_mean(id, self.resources.keys().map(String::as_str)) {
            Some(help) => loc.error(format!("unknown resource `{id}`"), id).help(help),
            None => loc
                .warning(format!("resource `{id}` is not created in this sequence"), id)
                .help("it must exist already (created by an earlier step), or pcs and crm refuse the constraint"),
        }
    }

    /// Checks a node name against the nodes the sequence named, when it named any.
    pub(crate) fn check_node(&self, node: &str, loc: Loc<'_>) -> Option<Diagnostic> {
        if self.nodes.is_empty() || self.nodes.contains(node) || is_dynamic(node) {
            return None;
        }
        let help = did_you_mean(node, self.nodes.iter().map(String::as_str)).unwrap_or_else(|| {
            format!(
                "the cluster nodes are {}",
                self.nodes.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        });
        Some(
            loc.error(format!("`{node}` is not a node of this cluster"), node)
                .help(help),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOC: Loc<'static> = Loc {
        line: 3,
        text: "pcs resource create vip IPaddr2 ip=10.0.0.10",
    };

    /// The best near match is the expected one (others may follow it).
    fn assert_first_hint(d: &Diagnostic, expected: &str) {
        let help = d.help.as_deref().unwrap_or_default();
        assert!(
            help.starts_with(&format!("did you mean `{expected}`"))
                || help.starts_with(&format!("did you mean one of `{expected}`")),
            "{help}"
        );
    }

    fn known(spec: &str) -> Resolved {
        resolve_agent(spec, false).expect("agent resolves")
    }

    #[test]
    fn every_committed_file_parses_with_parameters() {
        assert_eq!(
            agents().len(),
            AGENT_FILES.len(),
            "an agent XML failed to parse"
        );
        for a in agents() {
            assert!(!a.actions.is_empty(), "{} has no actions", a.spec);
        }
        // rabbitmq-cluster has a single parameter in resource-agents 4.12; all others more.
        assert!(agents().iter().all(|a| !a.params.is_empty()));
        assert!(
            cluster_options()
                .iter()
                .any(|p| p.name == "stonith-enabled")
        );
        assert!(FENCED_PARAMS.iter().any(|p| p.name == "pcmk_host_list"));
        assert!(agent_index().contains(&"ocf:heartbeat:IPaddr2"));
    }

    #[test]
    fn metadata_knows_required_params_and_choices() {
        let Resolved::Known(ip) = known("ocf:heartbeat:IPaddr2") else {
            panic!("IPaddr2 has metadata")
        };
        assert!(ip.param("ip").expect("ip").required);
        let Resolved::Known(ipmi) = known("stonith:fence_ipmilan") else {
            panic!("fence_ipmilan has metadata")
        };
        assert!(ipmi.param("ipaddr").expect("ipaddr").deprecated);
        assert!(
            ipmi.param("privlvl")
                .expect("privlvl")
                .choices
                .contains(&"operator".to_string())
        );
        let nqp = cluster_options()
            .iter()
            .find(|p| p.name == "no-quorum-policy")
            .expect("nqp");
        assert_eq!(nqp.kind, "select");
    }

    #[test]
    fn short_names_resolve_or_are_ambiguous() {
        assert_eq!(
            resolve_agent("IPaddr2", true).expect("short").spec(),
            "ocf:heartbeat:IPaddr2"
        );
        // ClusterMon ships in both the heartbeat and the pacemaker provider.
        assert!(matches!(
            resolve_agent("ClusterMon", true),
            Err(AgentError::Ambiguous { .. })
        ));
        assert!(matches!(
            resolve_agent("IPaddr2", false),
            Err(AgentError::NotFull { full: Some(f), .. }) if f == "ocf:heartbeat:IPaddr2"
        ));
        assert!(matches!(
            resolve_agent("systemd:haproxy", false),
            Ok(Resolved::Unit(_))
        ));
        assert!(matches!(
            resolve_agent("systemd:ha proxy", false),
            Err(AgentError::BadUnit { .. })
        ));
        assert!(matches!(
            resolve_agent("ocf:heartbeat:Xinetd", false),
            Ok(Resolved::Unchecked(_))
        ));
    }

    #[test]
    fn unknown_agent_gets_near_match() {
        let Err(AgentError::Unknown { help, .. }) = resolve_agent("ocf:heartbeat:IPadr2", false)
        else {
            panic!("must be unknown")
        };
        assert!(
            help.expect("help")
                .starts_with("did you mean one of `ocf:heartbeat:IPaddr2`")
        );
        let Err(AgentError::Unknown { help, .. }) = resolve_agent("ocf:heartbeat:ipaddr2", false)
        else {
            panic!("must be unknown")
        };
        assert!(help.expect("help").contains("case-sensitive"));
    }

    #[test]
    fn unknown_param_is_an_error_with_near_match() {
        let attrs = vec![
            ("ip".into(), "10.0.0.10".into()),
            ("cidr_netmsk".into(), "24".into()),
        ];
        let d = check_params(&known("ocf:heartbeat:IPaddr2"), &attrs, LOC);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].is_error() && d[0].message.contains("cidr_netmsk"));
        assert_eq!(d[0].line, 3);
        assert_first_hint(&d[0], "cidr_netmask");
    }

    #[test]
    fn missing_required_param_is_an_error() {
        let d = check_params(
            &known("ocf:heartbeat:IPaddr2"),
            &[("cidr_netmask".into(), "24".into())],
            LOC,
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("required parameter `ip`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn obsoleting_param_satisfies_required_deprecated_one() {
        let attrs = vec![
            ("username".into(), "admin".into()),
            ("ip".into(), "10.0.9.11".into()),
        ];
        let d = check_params(&known("stonith:fence_redfish"), &attrs, LOC);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn deprecated_fence_param_warns_with_replacement() {
        let d = check_params(
            &known("stonith:fence_ipmilan"),
            &[("ipaddr".into(), "10.0.9.11".into())],
            LOC,
        );
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert_eq!(d[0].help.as_deref(), Some("use `ip`"));
    }

    #[test]
    fn select_param_value_is_checked() {
        let d = check_params(
            &known("stonith:fence_ipmilan"),
            &[("privlvl".into(), "root".into())],
            LOC,
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("one of"), "{}", d[0].message);
    }

    #[test]
    fn unreliable_declared_type_is_not_enforced() {
        let attrs = vec![
            ("host_list".into(), "10.0.0.1".into()),
            ("dampen".into(), "5s".into()),
        ];
        assert!(check_params(&known("ocf:pacemaker:ping"), &attrs, LOC).is_empty());
        let bad = vec![
            ("host_list".into(), "10.0.0.1".into()),
            ("attempts".into(), "three".into()),
        ];
        assert_eq!(
            check_params(&known("ocf:pacemaker:ping"), &bad, LOC).len(),
            1
        );
    }

    #[test]
    fn units_take_no_params() {
        let d = check_params(
            &known("systemd:haproxy"),
            &[("config".into(), "/etc/x".into())],
            LOC,
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("takes no parameters"));
    }

    #[test]
    fn op_name_and_options_are_checked() {
        let op = |name: &str, opts: &[(&str, &str)]| Operation {
            name: name.into(),
            options: opts
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let ip = known("ocf:heartbeat:IPaddr2");
        assert!(
            check_ops(
                &ip,
                &[op("monitor", &[("interval", "10s"), ("timeout", "20")])],
                LOC
            )
            .is_empty()
        );
        let d = check_ops(&ip, &[op("monitr", &[("interval", "10s")])], LOC);
        assert_first_hint(&d[0], "monitor");
        let d = check_ops(&ip, &[op("monitor", &[("interval", "30q")])], LOC);
        assert!(d[0].message.contains("30q"));
        let d = check_ops(&ip, &[op("monitor", &[("intervall", "30s")])], LOC);
        assert_first_hint(&d[0], "interval");
        let d = check_ops(&ip, &[op("promote", &[])], LOC);
        assert!(d[0].message.contains("no operation `promote`"));
        let d = check_ops(&ip, &[op("monitor", &[("role", "Master")])], LOC);
        assert!(!d[0].is_error() && d[0].help.as_deref() == Some("use `Promoted`"));
    }

    #[test]
    fn time_values() {
        for ok in ["10", "10s", "1min", "2h", "500ms", "0"] {
            assert!(is_time(ok), "{ok}");
        }
        for bad in ["30q", "", "s", "-1s", "1.5s"] {
            assert!(!is_time(bad), "{bad}");
        }
    }

    #[test]
    fn properties_are_checked() {
        assert!(check_property("no-quorum-policy", "stop", LOC).is_none());
        let d = check_property("no-quorum-policy", "sometimes", LOC).expect("bad enum");
        assert!(d.message.contains("sometimes") && d.message.contains("freeze"));
        let d = check_property("stonith-enabledd", "true", LOC).expect("unknown");
        assert_first_hint(&d, "stonith-enabled");
        let d = check_property("stonith-enabled", "false", LOC).expect("warning");
        assert!(
            !d.is_error()
                && d.help
                    .expect("help")
                    .contains("production clusters need fencing")
        );
        assert!(
            check_property("cluster-name", "x", LOC)
                .expect("readonly")
                .is_error()
        );
        assert!(
            check_property("cluster-recheck-interval", "5x", LOC)
                .expect("time")
                .is_error()
        );
    }

    #[test]
    fn meta_attributes_are_checked() {
        let m = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert!(check_meta(&m("interleave", "true"), MetaTarget::Clone, LOC).is_empty());
        let d = check_meta(&m("interleave", "true"), MetaTarget::Primitive, LOC);
        assert!(!d[0].is_error(), "clone option on a primitive only warns");
        let d = check_meta(&m("interleaved", "true"), MetaTarget::Clone, LOC);
        assert_first_hint(&d[0], "interleave");
        let d = check_meta(&m("target-role", "Begun"), MetaTarget::Primitive, LOC);
        assert!(d[0].is_error());
        let d = check_meta(&m("master-max", "1"), MetaTarget::Promotable, LOC);
        assert_eq!(d[0].help.as_deref(), Some("use `promoted-max`"));
        let d = check_meta(&m("resource-stickiness", "lots"), MetaTarget::Defaults, LOC);
        assert!(d[0].message.contains("score"));
    }

    #[test]
    fn references_are_checked_against_state() {
        let mut s = PacemakerState::default();
        let prim = Resource {
            kind: ResourceKind::Primitive,
            agent: None,
            clone_id: None,
            line: 1,
        };
        assert!(s.add_resource("haproxy", prim.clone(), LOC).is_none());
        assert!(s.add_resource("vip", prim.clone(), LOC).is_none());
        assert!(s.check_reference("vip", LOC).is_none());
        let d = s.check_reference("haproxy-clone", LOC).expect("not cloned");
        assert!(d.message.contains("without a clone"));
        assert!(s.add_clone("haproxy", "haproxy-clone", LOC).is_none());
        assert!(s.check_reference("haproxy-clone", LOC).is_none());
        assert_eq!(
            s.check_reference("haproxy", LOC)
                .expect("use clone")
                .help
                .as_deref(),
            Some("use `haproxy-clone`")
        );
        assert_first_hint(&s.check_reference("vipp", LOC).expect("unknown"), "vip");
        assert!(s.check_reference("vipp", LOC).expect("typo").is_error());
        let elsewhere = s
            .check_reference("galera-clone", LOC)
            .expect("not created here");
        assert!(
            !elsewhere.is_error(),
            "created by an earlier snippet, maybe"
        );
        assert!(
            s.add_resource("vip", prim, LOC)
                .expect("dup")
                .message
                .contains("already used (line 1)")
        );
    }

    #[test]
    fn ids_created_with_expansions_match_their_expansions() {
        assert!(expansion_matches("fence-controller$n", "fence-controller1"));
        assert!(expansion_matches("${svc}-clone", "haproxy-clone"));
        assert!(expansion_matches("a$(x)b${y}c", "a1b2c"));
        assert!(!expansion_matches("fence-controller$n", "fence-compute1"));
        assert!(!expansion_matches("${svc}-clone", "haproxy"));
        let mut s = PacemakerState::default();
        let dynamic = Resource {
            kind: ResourceKind::Stonith,
            agent: None,
            clone_id: None,
            line: 1,
        };
        assert!(s.add_resource("fence-$node", dynamic, LOC).is_none());
        assert!(s.check_reference("fence-controller2", LOC).is_none());
        assert!(s.check_reference("vip", LOC).is_some_and(|d| !d.is_error()));
    }

    #[test]
    fn nodes_are_checked_once_known() {
        let mut s = PacemakerState::default();
        assert!(s.check_node("anything", LOC).is_none());
        s.add_node("controller1");
        s.add_node("controller2");
        let d = s.check_node("controler1", LOC).expect("typo");
        assert_first_hint(&d, "controller1");
    }

    #[test]
    fn ids_and_scores() {
        assert!(is_id("vip") && is_id("_x.y-1") && !is_id("1vip") && !is_id("a b"));
        assert!(is_score("INFINITY") && is_score("-inf") && is_score("100") && !is_score("lots"));
    }
}
