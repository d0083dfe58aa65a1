//! `pcs` commands (pcs 0.11 and 0.12, Pacemaker 2.1/3, Corosync 3).
//!
//! The grammar follows `pcs --help` of pcs 0.11.5 and the 0.11.6/0.12 changes. Syntax that pcs
//! removed or deprecated (`--clone`, `pcs cluster auth NODE`, `cluster setup --name`, `master`,
//! `resource defaults k=v`) is an error whose help gives the current form, because a reader
//! copying it from this guide would get a failing or deprecated command. So are clone options
//! inside `resource create`/`clone`, which pcs versions read differently (see `check_clone`):
//! `pcs resource meta CLONE_ID ...` is the form every version reads alike.

use super::pacemaker::{
    self as pm, Loc, MetaTarget, Operation, PacemakerState, Resolved, Resource, ResourceKind,
    split_pair, with_help,
};
use crate::diag::{Diagnostic, did_you_mean};

/// Command groups and their subcommands (`pcs GROUP --help`).
const GROUPS: &[(&str, &[&str])] = &[
    (
        "cluster",
        &[
            "setup",
            "config",
            "authkey",
            "start",
            "stop",
            "kill",
            "enable",
            "disable",
            "auth",
            "status",
            "sync",
            "cib",
            "cib-push",
            "cib-upgrade",
            "edit",
            "node",
            "link",
            "uidgid",
            "corosync",
            "reload",
            "destroy",
            "verify",
            "report",
            "rename",
        ],
    ),
    ("host", &["auth", "deauth"]),
    (
        "resource",
        &[
            "status",
            "config",
            "list",
            "describe",
            "create",
            "delete",
            "remove",
            "enable",
            "disable",
            "safe-disable",
            "restart",
            "debug-start",
            "debug-stop",
            "debug-promote",
            "debug-demote",
            "debug-monitor",
            "move",
            "move-with-constraint",
            "ban",
            "clear",
            "standards",
            "providers",
            "agents",
            "update",
            "op",
            "meta",
            "group",
            "ungroup",
            "clone",
            "promotable",
            "unclone",
            "bundle",
            "manage",
            "unmanage",
            "defaults",
            "cleanup",
            "refresh",
            "failcount",
            "relocate",
            "utilization",
            "relations",
            "tag",
        ],
    ),
    (
        "stonith",
        &[
            "status",
            "config",
            "list",
            "describe",
            "create",
            "update",
            "update-scsi-devices",
            "delete",
            "remove",
            "op",
            "meta",
            "defaults",
            "cleanup",
            "refresh",
            "failcount",
            "enable",
            "disable",
            "level",
            "fence",
            "confirm",
            "history",
            "sbd",
        ],
    ),
    (
        "constraint",
        &[
            "config",
            "location",
            "order",
            "colocation",
            "ticket",
            "delete",
            "remove",
            "ref",
            "rule",
        ],
    ),
    (
        "property",
        &["config", "set", "unset", "defaults", "describe"],
    ),
    (
        "status",
        &[
            "status",
            "resources",
            "cluster",
            "corosync",
            "quorum",
            "qdevice",
            "booth",
            "nodes",
            "pcsd",
            "xml",
            "wait",
            "query",
        ],
    ),
    ("config", &["show", "backup", "restore", "checkpoint"]),
    (
        "quorum",
        &[
            "config",
            "status",
            "device",
            "expected-votes",
            "unblock",
            "update",
        ],
    ),
    (
        "node",
        &[
            "attribute",
            "maintenance",
            "unmaintenance",
            "standby",
            "unstandby",
            "utilization",
        ],
    ),
    (
        "acl",
        &[
            "config",
            "enable",
            "disable",
            "role",
            "user",
            "group",
            "permission",
        ],
    ),
    (
        "alert",
        &[
            "config",
            "create",
            "update",
            "delete",
            "remove",
            "recipient",
        ],
    ),
    (
        "booth",
        &[
            "setup", "destroy", "ticket", "config", "create", "delete", "remove", "restart",
            "status", "pull", "sync", "enable", "disable", "start", "stop",
        ],
    ),
    ("client", &["local-auth"]),
    ("dr", &["config", "status", "set-recovery-site", "destroy"]),
    (
        "pcsd",
        &["certkey", "status", "sync-certificates", "deauth"],
    ),
    ("tag", &["config", "create", "delete", "remove", "update"]),
    (
        "qdevice",
        &[
            "status", "setup", "destroy", "start", "stop", "kill", "enable", "disable",
        ],
    ),
];

/// Groups whose bare form does something (shows status or configuration).
const BARE_GROUPS: &[&str] = &[
    "resource",
    "stonith",
    "constraint",
    "property",
    "status",
    "config",
    "quorum",
    "acl",
    "alert",
    "tag",
];

/// Subcommands pcs removed, with the current form.
const REMOVED_SUBCOMMANDS: &[(&str, &str, &str)] = &[
    ("cluster", "standby", "`pcs node standby NODE`"),
    ("cluster", "unstandby", "`pcs node unstandby NODE`"),
    ("cluster", "pcsd-status", "`pcs status pcsd`"),
    ("cluster", "certkey", "`pcs pcsd certkey`"),
    ("cluster", "quorum", "`pcs quorum`"),
    ("cluster", "remote-node", "`pcs cluster node add-guest`"),
    (
        "resource",
        "show",
        "`pcs resource config` (or `pcs status resources`)",
    ),
    (
        "resource",
        "master",
        "`pcs resource promotable RESOURCE [CLONE_ID] [meta ...]`",
    ),
    ("stonith", "show", "`pcs stonith config`"),
    ("constraint", "show", "`pcs constraint config`"),
    ("constraint", "list", "`pcs constraint config`"),
    ("property", "show", "`pcs property config`"),
    ("property", "list", "`pcs property config`"),
    ("config", "import-cman", "nothing: CMAN clusters are gone"),
];

/// Long options and whether their value is the next word.
const LONG_FLAGS: &[(&str, bool)] = &[
    ("--force", false),
    ("--debug", false),
    ("--help", false),
    ("--version", false),
    ("--full", false),
    ("--all", false),
    ("--wait", false),
    ("--disabled", false),
    ("--group", true),
    ("--before", true),
    ("--after", true),
    ("--promoted", false),
    ("--strict", false),
    ("--expired", false),
    ("--monitor", false),
    ("--safe", false),
    ("--simulate", false),
    ("--brief", false),
    ("--no-strict", false),
    ("--start", false),
    ("--enable", false),
    ("--no-keys-sync", false),
    ("--no-cluster-uuid", false),
    ("--corosync_conf", true),
    ("--overwrite", false),
    ("--request-timeout", true),
    ("--output-format", true),
    ("--nodesc", false),
    ("--future", false),
    ("--agent-validation", false),
    ("--no-default-ops", false),
    ("--config", false),
    ("--local", false),
    ("--hide-inactive", false),
    ("--defaults", false),
    ("--off", false),
    ("--skip-offline", false),
    ("--no-expire-check", false),
    ("--autodelete", false),
    ("--booth-conf", true),
    ("--booth-key", true),
    ("--name", true),
    ("--from", true),
    ("--to", true),
    ("--yes", false),
    ("--interactive", false),
    ("--no-watchdog-validation", false),
];

/// Long options pcs removed, with what replaced them.
const REMOVED_FLAGS: &[(&str, &str)] = &[
    (
        "--clone",
        "`--clone` was removed in pcs 0.10.1: put the `clone` keyword after the resource options, `... clone [CLONE_ID] [meta NAME=VALUE...]`",
    ),
    (
        "--master",
        "`--master` is gone: create a promotable clone with `... promotable [CLONE_ID] [meta NAME=VALUE...]`, and use `--promoted` in move/ban/clear",
    ),
    (
        "--transport",
        "pcs 0.10 rewrote `cluster setup` for Corosync 3: `transport knet` is a keyword after the nodes",
    ),
    (
        "--rrpmode",
        "Corosync 3 has no RRP: give each node several `addr=` and they become knet links",
    ),
    (
        "--addr0",
        "give each node its addresses: `NODE addr=ADDR0 addr=ADDR1`",
    ),
    (
        "--addr1",
        "give each node its addresses: `NODE addr=ADDR0 addr=ADDR1`",
    ),
    ("--token", "use `totem token=MS`"),
    ("--wait_for_all", "use `quorum wait_for_all=1`"),
    ("--auto_tie_breaker", "use `quorum auto_tie_breaker=1`"),
    ("--last_man_standing", "use `quorum last_man_standing=1`"),
    ("--ipv6", "use `transport knet ip_version=ipv6`"),
];

const ORDER_ACTIONS: &[&str] = &["start", "stop", "promote", "demote"];
const COLOCATION_ROLES: &[&str] = &[
    "Promoted",
    "Unpromoted",
    "Started",
    "Stopped",
    "Master",
    "Slave",
];

/// Options parsed off a pcs command line.
#[derive(Debug, Default)]
struct Parsed {
    args: Vec<String>,
    flags: Vec<(String, Option<String>)>,
    help: bool,
}

impl Parsed {
    fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|(f, _)| f == flag)
    }

    fn value(&self, flag: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(f, _)| f == flag)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Checks one `pcs ...` command; `words[0]` is `pcs` itself.
pub(crate) fn check_command(
    words: &[String],
    line: usize,
    line_text: &str,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let loc = Loc {
        line,
        text: line_text,
    };
    let mut out = Vec::new();
    let parsed = parse_options(words.get(1..).unwrap_or_default(), loc, &mut out);
    if parsed.help || parsed.has("--version") {
        return out;
    }
    let Some(group) = parsed.args.first() else {
        out.push(
            loc.error("`pcs` needs a command group", "pcs")
                .help("e.g. `pcs status`"),
        );
        return out;
    };
    let Some((_, subcommands)) = GROUPS.iter().find(|(g, _)| g == group) else {
        let help = did_you_mean(group, GROUPS.iter().map(|(g, _)| *g)).unwrap_or_else(|| {
            format!(
                "groups are {}",
                GROUPS
                    .iter()
                    .map(|(g, _)| *g)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        out.push(
            loc.error(format!("unknown pcs command group `{group}`"), group)
                .help(help),
        );
        return out;
    };
    let rest = &parsed.args[1..];
    if let Some(d) = check_subcommand(group, subcommands, rest, loc) {
        out.push(d);
        return out;
    }
    out.extend(dispatch(group, rest, &parsed, loc, state));
    out
}

/// Splits options from arguments. Negative scores such as `-INFINITY` are arguments.
fn parse_options(words: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> Parsed {
    let mut p = Parsed::default();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        i += 1;
        if w == "--" {
            p.args.extend(words[i..].iter().cloned());
            break;
        }
        if w.starts_with("--") {
            i += long_option(w, words.get(i), &mut p, loc, out);
        } else if w.starts_with('-') && w.len() > 1 && !pm::is_score(w) {
            i += short_option(w, words.get(i), &mut p, loc, out);
        } else {
            p.args.push(w.clone());
        }
    }
    p
}

/// Records a long option; returns how many following words it consumed.
fn long_option(
    w: &str,
    next: Option<&String>,
    p: &mut Parsed,
    loc: Loc<'_>,
    out: &mut Vec<Diagnostic>,
) -> usize {
    let (name, inline) = match w.split_once('=') {
        Some((n, v)) => (n, Some(v.to_string())),
        None => (w, None),
    };
    if let Some((_, help)) = REMOVED_FLAGS.iter().find(|(f, _)| *f == name) {
        out.push(
            loc.error(format!("`{name}` is not a pcs option any more"), name)
                .help(*help),
        );
        p.flags.push((name.to_string(), inline));
        return 0;
    }
    let Some((_, takes_value)) = LONG_FLAGS.iter().find(|(f, _)| *f == name) else {
        let help = did_you_mean(name, LONG_FLAGS.iter().map(|(f, _)| *f));
        out.push(with_help(
            loc.error(format!("unknown pcs option `{name}`"), name),
            help,
        ));
        return 0;
    };
    if name == "--help" {
        p.help = true;
    }
    let consumed = usize::from(*takes_value && inline.is_none() && next.is_some());
    let value = inline.or_else(|| (consumed == 1).then(|| next.cloned()).flatten());
    p.flags.push((name.to_string(), value));
    consumed
}

fn short_option(
    w: &str,
    next: Option<&String>,
    p: &mut Parsed,
    loc: Loc<'_>,
    out: &mut Vec<Diagnostic>,
) -> usize {
    let (flag, attached) = w.split_at(2.min(w.len()));
    match flag {
        "-h" => {
            p.help = true;
            0
        }
        "-f" | "-u" | "-p" if !attached.is_empty() => {
            p.flags.push((flag.to_string(), Some(attached.to_string())));
            0
        }
        "-f" | "-u" | "-p" => {
            if next.is_none() {
                out.push(loc.error(format!("option `{flag}` needs a value"), flag));
            }
            p.flags.push((flag.to_string(), next.cloned()));
            1
        }
        _ => {
            out.push(
                loc.error(format!("unknown pcs option `{w}`"), w)
                    .help("pcs short options are -f FILE, -u USER, -p PASSWORD and -h"),
            );
            0
        }
    }
}

/// The subcommand must exist, and must not be one pcs removed.
fn check_subcommand(
    group: &str,
    subcommands: &[&str],
    rest: &[String],
    loc: Loc<'_>,
) -> Option<Diagnostic> {
    let Some(sub) = rest.first() else {
        return (!BARE_GROUPS.contains(&group)).then(|| {
            loc.error(format!("`pcs {group}` needs a subcommand"), group)
                .help(format!("subcommands are {}", subcommands.join(", ")))
        });
    };
    if let Some((_, _, now)) = REMOVED_SUBCOMMANDS
        .iter()
        .find(|(g, s, _)| *g == group && s == sub)
    {
        return Some(
            loc.error(format!("`pcs {group} {sub}` was removed from pcs"), sub)
                .help(format!("use {now}")),
        );
    }
    // `pcs resource ID` and `pcs status --full` style bare arguments are not subcommands.
    if subcommands.contains(&sub.as_str()) || group == "status" && sub.contains('=') {
        return None;
    }
    let help = did_you_mean(sub, subcommands.iter().copied())
        .unwrap_or_else(|| format!("subcommands are {}", subcommands.join(", ")));
    Some(
        loc.error(format!("unknown subcommand `pcs {group} {sub}`"), sub)
            .help(help),
    )
}

fn dispatch(
    group: &str,
    rest: &[String],
    p: &Parsed,
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let sub = rest.first().map(String::as_str).unwrap_or_default();
    let args = rest.get(1..).unwrap_or_default();
    match (group, sub) {
        ("host", "auth") => host_auth(args, p, loc, state),
        ("cluster", "setup") => cluster_setup(args, p, loc, state),
        ("cluster", "auth") => cluster_auth(args, loc),
        ("cluster", "start" | "stop" | "enable" | "disable") => {
            cluster_nodes(sub, args, p, loc, state)
        }
        ("node", "standby" | "unstandby" | "maintenance" | "unmaintenance") => {
            nodes_exist(args, loc, state)
        }
        ("resource", "create") => resource_create(args, p, loc, state),
        ("resource", "update") => resource_update(args, loc, state),
        ("resource", "clone" | "promotable") => {
            resource_clone(sub == "promotable", args, loc, state)
        }
        ("resource", "group") => resource_group(args, loc, state),
        ("resource", "bundle") => bundle_create(args, loc, state),
        ("resource" | "stonith", "defaults") => defaults(group, args, loc, false),
        ("resource" | "stonith", "op") if args.first().is_some_and(|a| a == "defaults") => {
            defaults(group, &args[1..], loc, true)
        }
        ("resource", "op") if args.first().is_some_and(|a| a == "add") => {
            op_add(&args[1..], loc, state)
        }
        ("resource" | "stonith", "meta") => meta_command(args, loc, state),
        ("quorum", "update") => {
            check_options(&pairs(args, loc, &mut Vec::new()), QUORUM, "quorum", loc)
        }
        ("stonith", "create") => stonith_create(args, p, loc, state),
        ("property", "set") => property_set(args, loc),
        ("property", "unset") => property_unset(args, loc),
        ("constraint", "order") => constraint_order(args, loc, state),
        ("constraint", "colocation") => constraint_colocation(args, loc, state),
        ("constraint", "location") => constraint_location(args, loc, state),
        _ => Vec::new(),
    }
}

/// `pcs host auth NODE [addr=ADDR]... [-u USER] [-p PASSWORD]`.
fn host_auth(
    args: &[String],
    p: &Parsed,
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut nodes = 0;
    for w in args {
        match split_pair(w) {
            Some(("addr", v)) if nodes > 0 && !v.is_empty() => {}
            Some(("addr", _)) if nodes == 0 => out.push(
                loc.error("`addr=` before any host name", w)
                    .help("`pcs host auth NODE addr=ADDR ...`"),
            ),
            Some(("addr", _)) => out.push(loc.error("`addr=` needs an address", w)),
            Some((k, _)) => out.push(
                loc.error(format!("unknown `pcs host auth` option `{k}`"), w)
                    .help("hosts take only `addr=ADDRESS[:PORT]`"),
            ),
            None => {
                nodes += 1;
                state.add_node(w);
            }
        }
    }
    if nodes == 0 {
        out.push(
            loc.error("`pcs host auth` needs at least one host", "auth")
                .help("`pcs host auth NODE [addr=ADDR]... -u hacluster`"),
        );
    }
    match p.value("-u") {
        None => out.push(
            loc.warning(
                "`pcs host auth` without `-u hacluster` asks for the user name interactively",
                "auth",
            )
            .help("add `-u hacluster`"),
        ),
        Some(u) if u != "hacluster" && !pm::is_dynamic(u) => out.push(
            loc.warning(
                format!("pcsd authenticates the `hacluster` user, not `{u}`"),
                u,
            )
            .help("use `-u hacluster`"),
        ),
        Some(_) => {}
    }
    out
}

/// `pcs cluster auth`: in pcs 0.9 it took nodes; since 0.10 it only re-authenticates the nodes
/// of an existing cluster.
fn cluster_auth(args: &[String], loc: Loc<'_>) -> Vec<Diagnostic> {
    if args.is_empty() {
        return vec![loc.warning("`pcs cluster auth` only authenticates the nodes of an existing cluster", "auth")
            .help("before `pcs cluster setup`, authenticate the hosts with `pcs host auth NODE... -u hacluster`")];
    }
    vec![
        loc.error(
            "`pcs cluster auth NODE...` was removed in pcs 0.10",
            "cluster auth",
        )
        .help("use `pcs host auth NODE [addr=ADDR]... -u hacluster`"),
    ]
}

/// `pcs cluster start|stop|enable|disable [--all | NODE...]`.
fn cluster_nodes(
    sub: &str,
    args: &[String],
    p: &Parsed,
    loc: Loc<'_>,
    state: &PacemakerState,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if p.has("--all") && !args.is_empty() {
        out.push(loc.error(
            format!("`pcs cluster {sub}` takes `--all` or node names, not both"),
            "--all",
        ));
    }
    out.extend(nodes_exist(args, loc, state));
    out
}

fn nodes_exist(args: &[String], loc: Loc<'_>, state: &PacemakerState) -> Vec<Diagnostic> {
    args.iter()
        .filter(|a| !a.contains('='))
        .filter_map(|n| state.check_node(n, loc))
        .collect()
}

/// How a cluster-setup option value is checked.
#[derive(Debug, Clone, Copy)]
enum Val {
    Int,
    Text,
    Bool01,
    Enum(&'static [&'static str]),
}

const KNET_TRANSPORT: &[(&str, Val)] = &[
    (
        "ip_version",
        Val::Enum(&["ipv4", "ipv6", "ipv4-6", "ipv6-4"]),
    ),
    ("knet_pmtud_interval", Val::Int),
    ("link_mode", Val::Enum(&["active", "passive", "rr"])),
];
const UDP_TRANSPORT: &[(&str, Val)] = &[
    ("ip_version", Val::Enum(&["ipv4", "ipv6"])),
    ("netmtu", Val::Int),
];
const KNET_LINK: &[(&str, Val)] = &[
    ("link_priority", Val::Int),
    ("linknumber", Val::Int),
    ("mcastport", Val::Int),
    ("ping_interval", Val::Int),
    ("ping_precision", Val::Int),
    ("ping_timeout", Val::Int),
    ("pong_count", Val::Int),
    ("transport", Val::Enum(&["udp", "sctp"])),
];
const UDP_LINK: &[(&str, Val)] = &[
    ("bindnetaddr", Val::Text),
    ("broadcast", Val::Bool01),
    ("mcastaddr", Val::Text),
    ("mcastport", Val::Int),
    ("ttl", Val::Int),
];
const COMPRESSION: &[(&str, Val)] = &[
    ("level", Val::Int),
    ("model", Val::Text),
    ("threshold", Val::Int),
];
const CRYPTO: &[(&str, Val)] = &[
    ("cipher", Val::Enum(&["none", "aes256", "aes192", "aes128"])),
    (
        "hash",
        Val::Enum(&["none", "md5", "sha1", "sha256", "sha384", "sha512"]),
    ),
    ("model", Val::Enum(&["nss", "openssl"])),
];
const TOTEM: &[(&str, Val)] = &[
    ("block_unlisted_ips", Val::Enum(&["yes", "no"])),
    ("consensus", Val::Int),
    ("downcheck", Val::Int),
    ("fail_recv_const", Val::Int),
    ("heartbeat_failures_allowed", Val::Int),
    ("hold", Val::Int),
    ("join", Val::Int),
    ("max_messages", Val::Int),
    ("max_network_delay", Val::Int),
    ("merge", Val::Int),
    ("miss_count_const", Val::Int),
    ("send_join", Val::Int),
    ("seqno_unchanged_const", Val::Int),
    ("token", Val::Int),
    ("token_coefficient", Val::Int),
    ("token_retransmit", Val::Int),
    ("token_retransmits_before_loss_const", Val::Int),
    ("window_size", Val::Int),
];
const QUORUM: &[(&str, Val)] = &[
    ("auto_tie_breaker", Val::Bool01),
    ("last_man_standing", Val::Bool01),
    ("last_man_standing_window", Val::Int),
    ("wait_for_all", Val::Bool01),
];

/// Checks `NAME=VALUE` options against a table.
fn check_options(
    pairs: &[(String, String)],
    table: &[(&str, Val)],
    what: &str,
    loc: Loc<'_>,
) -> Vec<Diagnostic> {
    pairs
        .iter()
        .filter_map(|(k, v)| check_option(k, v, table, what, loc))
        .collect()
}

fn check_option(
    k: &str,
    v: &str,
    table: &[(&str, Val)],
    what: &str,
    loc: Loc<'_>,
) -> Option<Diagnostic> {
    let needle = format!("{k}=");
    let Some((_, val)) = table.iter().find(|(n, _)| *n == k) else {
        let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
        let help = did_you_mean(k, names.iter().copied())
            .unwrap_or_else(|| format!("{what} options are: {}", names.join(", ")));
        return Some(
            loc.error(format!("unknown {what} option `{k}`"), &needle)
                .help(help),
        );
    };
    if pm::is_dynamic(v) {
        return None;
    }
    let expected = match val {
        Val::Int if !pm::is_integer(v) => "an integer".to_string(),
        Val::Bool01 if !matches!(v, "0" | "1") => "0 or 1".to_string(),
        Val::Enum(choices) if !choices.contains(&v) => format!("one of {}", choices.join(", ")),
        _ => return None,
    };
    Some(loc.error(
        format!("`{k}={v}` is not valid: {what} option `{k}` expects {expected}"),
        &needle,
    ))
}

/// The parts of `pcs cluster setup` after the cluster name.
#[derive(Debug, Default)]
struct Setup {
    nodes: Vec<(String, usize)>,
    transport: Option<String>,
    transport_opts: Vec<(String, String)>,
    links: Vec<Vec<(String, String)>>,
    compression: Vec<(String, String)>,
    crypto: Vec<(String, String)>,
    totem: Vec<(String, String)>,
    quorum: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetupSection {
    Nodes,
    TransportName,
    Transport,
    Link,
    Compression,
    Crypto,
    Totem,
    Quorum,
}

/// `pcs cluster setup NAME NODE [addr=ADDR]... [transport knet|udp|udpu [OPTIONS] [link
/// OPTIONS]... [compression OPTIONS] [crypto OPTIONS]] [totem OPTIONS] [quorum OPTIONS]`.
fn cluster_setup(
    args: &[String],
    p: &Parsed,
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    if p.has("--name") {
        return vec![loc.error("`pcs cluster setup --name` is the pcs 0.9 syntax, removed in pcs 0.10", "--name")
            .help("the cluster name is the first argument: `pcs cluster setup NAME NODE [addr=ADDR]... transport knet`")];
    }
    let Some(name) = args.first().filter(|n| !n.contains('=')) else {
        return vec![
            loc.error(
                "`pcs cluster setup` needs a cluster name and nodes",
                "setup",
            )
            .help("`pcs cluster setup NAME NODE [addr=ADDR]... [transport knet ...]`"),
        ];
    };
    let mut out = Vec::new();
    let setup = parse_setup(&args[1..], loc, &mut out);
    if setup.nodes.is_empty() {
        out.push(
            loc.error(format!("cluster `{name}` has no nodes"), name)
                .help("list the nodes after the cluster name"),
        );
    }
    for (node, _) in &setup.nodes {
        state.add_node(node);
    }
    out.extend(check_setup(&setup, loc));
    out
}

fn parse_setup(args: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> Setup {
    let mut s = Setup::default();
    let mut section = SetupSection::Nodes;
    for w in args {
        if let Some(next) = setup_keyword(w, section, &mut s, loc, out) {
            section = next;
            continue;
        }
        let pair = split_pair(w).map(|(k, v)| (k.to_string(), v.to_string()));
        match (section, pair) {
            (SetupSection::TransportName, _) => {
                if !matches!(w.as_str(), "knet" | "udp" | "udpu") {
                    let help = did_you_mean(w, ["knet", "udp", "udpu"])
                        .unwrap_or_else(|| "use `knet`, Corosync 3's default".into());
                    out.push(loc.error(format!("unknown transport `{w}`"), w).help(help));
                }
                s.transport = Some(w.clone());
                section = SetupSection::Transport;
            }
            (SetupSection::Nodes, None) => s.nodes.push((w.clone(), 0)),
            (SetupSection::Nodes, Some((k, v))) => setup_node_option(&mut s, &k, &v, w, loc, out),
            (_, None) => out.push(loc.error(format!("expected NAME=VALUE, found `{w}`"), w)),
            (SetupSection::Transport, Some(kv)) => s.transport_opts.push(kv),
            (SetupSection::Link, Some(kv)) => s
                .links
                .last_mut()
                .into_iter()
                .for_each(|l| l.push(kv.clone())),
            (SetupSection::Compression, Some(kv)) => s.compression.push(kv),
            (SetupSection::Crypto, Some(kv)) => s.crypto.push(kv),
            (SetupSection::Totem, Some(kv)) => s.totem.push(kv),
            (SetupSection::Quorum, Some(kv)) => s.quorum.push(kv),
        }
    }
    s
}

/// A section keyword of `cluster setup`, or None when `w` is not one here.
fn setup_keyword(
    w: &str,
    section: SetupSection,
    s: &mut Setup,
    loc: Loc<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<SetupSection> {
    let in_transport = matches!(
        section,
        SetupSection::Transport
            | SetupSection::Link
            | SetupSection::Compression
            | SetupSection::Crypto
    );
    let next = match w {
        "transport" => SetupSection::TransportName,
        "totem" => SetupSection::Totem,
        "quorum" => SetupSection::Quorum,
        "link" | "compression" | "crypto" if !in_transport => {
            out.push(
                loc.error(format!("`{w}` options must follow `transport knet`"), w)
                    .help(format!("write `transport knet {w} ...`")),
            );
            return Some(section);
        }
        "link" => {
            s.links.push(Vec::new());
            SetupSection::Link
        }
        "compression" => SetupSection::Compression,
        "crypto" => SetupSection::Crypto,
        _ => return None,
    };
    Some(next)
}

fn setup_node_option(
    s: &mut Setup,
    k: &str,
    v: &str,
    w: &str,
    loc: Loc<'_>,
    out: &mut Vec<Diagnostic>,
) {
    match (k, s.nodes.last_mut()) {
        ("addr", Some(node)) if !v.is_empty() => node.1 += 1,
        ("addr", Some(_)) => out.push(loc.error("`addr=` needs an address", w)),
        ("addr", None) => out.push(loc.error("`addr=` before any node name", w)),
        _ => out.push(
            loc.error(format!("unknown node option `{k}`"), w)
                .help("a node takes only `addr=ADDRESS`"),
        ),
    }
}

fn check_setup(s: &Setup, loc: Loc<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let knet = s.transport.as_deref().is_none_or(|t| t == "knet");
    let addrs = s.nodes.first().map_or(0, |(_, n)| *n);
    for (node, n) in &s.nodes {
        if *n != addrs {
            out.push(
                loc.error(
                    format!(
                        "node `{node}` has {n} addresses, `{}` has {addrs}",
                        s.nodes[0].0
                    ),
                    node,
                )
                .help("every node needs the same number of `addr=`, one per link"),
            );
        }
    }
    if !knet && addrs > 1 {
        out.push(
            loc.error(
                "udp and udpu transports take one address per node",
                "transport",
            )
            .help("use `transport knet` for several links"),
        );
    }
    let (transport, link) = if knet {
        (KNET_TRANSPORT, KNET_LINK)
    } else {
        (UDP_TRANSPORT, UDP_LINK)
    };
    out.extend(check_options(
        &s.transport_opts,
        transport,
        "transport",
        loc,
    ));
    for l in &s.links {
        out.extend(check_options(l, link, "link", loc));
    }
    out.extend(check_links(s, addrs.max(1), loc));
    let knet_only = !s.compression.is_empty() || !s.crypto.is_empty();
    if !knet && knet_only {
        out.push(loc.error("compression and crypto need `transport knet`", "transport"));
    }
    out.extend(check_options(
        &s.compression,
        COMPRESSION,
        "compression",
        loc,
    ));
    out.extend(check_options(&s.crypto, CRYPTO, "crypto", loc));
    out.extend(check_options(&s.totem, TOTEM, "totem", loc));
    out.extend(check_options(&s.quorum, QUORUM, "quorum", loc));
    out
}

/// More `link` sections than links, or a `linknumber` past the last link, is refused by pcs.
fn check_links(s: &Setup, links: usize, loc: Loc<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if s.links.len() > links {
        out.push(loc.error(format!("{} `link` sections but the nodes have {links} link(s)", s.links.len()), "link")
            .help("each `link` section sets the options of one link, in the order of the nodes' `addr=`"));
    }
    for (k, v) in s.links.iter().flatten().filter(|(k, _)| k == "linknumber") {
        if v.parse::<usize>().is_ok_and(|n| n >= links) {
            out.push(
                loc.error(
                    format!("`{k}={v}` names a link the nodes do not have"),
                    &format!("{k}={v}"),
                )
                .help(format!("links are numbered 0 to {}", links - 1)),
            );
        }
    }
    out
}

/// The parts of `pcs resource create` / `pcs stonith create` after the id and agent.
#[derive(Debug, Default)]
struct Create {
    params: Vec<(String, String)>,
    ops: Vec<Operation>,
    meta: Vec<(String, String)>,
    clone: Option<CloneSpec>,
    bundle: Option<String>,
}

#[derive(Debug, Default)]
struct CloneSpec {
    promotable: bool,
    id: Option<String>,
    meta: Vec<(String, String)>,
    /// Options given without `meta`, kept to point at the first one in a diagnostic.
    bare: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Params,
    Op,
    Meta,
    Clone { expect_id: bool },
    CloneMeta,
    Bundle,
}

fn pair(w: &str) -> Option<(String, String)> {
    split_pair(w).map(|(k, v)| (k.to_string(), v.to_string()))
}

/// Parses `[params] [op ...] [meta ...] [clone [ID] [meta ...] | promotable ... | bundle ID]`.
fn parse_create(args: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> Create {
    let mut c = Create::default();
    let mut section = Section::Params;
    for w in args {
        if let Some(next) = create_keyword(w, section, &mut c, loc, out) {
            section = next;
            continue;
        }
        section = create_word(w, section, &mut c, loc, out);
    }
    c
}

fn create_keyword(
    w: &str,
    section: Section,
    c: &mut Create,
    loc: Loc<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Section> {
    let in_clone = matches!(section, Section::Clone { .. } | Section::CloneMeta);
    match w {
        "op" if in_clone => {
            out.push(
                loc.error(
                    "operations must be set on the resource, not on its clone",
                    "op",
                )
                .help("put `op ...` before `clone`/`promotable`"),
            );
            Some(Section::Op)
        }
        "op" => Some(Section::Op),
        "meta" if in_clone => Some(Section::CloneMeta),
        "meta" => Some(Section::Meta),
        "clone" | "promotable" | "master" => {
            if w == "master" {
                out.push(
                    loc.error("the `master` keyword was removed in pcs 0.10", "master")
                        .help("use `promotable [CLONE_ID] [meta NAME=VALUE...]`"),
                );
            }
            if c.clone.is_some() {
                out.push(
                    loc.error("a resource can be cloned only once", w)
                        .help("use either `clone` or `promotable`"),
                );
            }
            c.clone = Some(CloneSpec {
                promotable: w != "clone",
                ..CloneSpec::default()
            });
            Some(Section::Clone { expect_id: true })
        }
        "bundle" => Some(Section::Bundle),
        _ => None,
    }
}

fn create_word(
    w: &str,
    section: Section,
    c: &mut Create,
    loc: Loc<'_>,
    out: &mut Vec<Diagnostic>,
) -> Section {
    match (section, pair(w)) {
        (Section::Params, Some(kv)) => c.params.push(kv),
        (Section::Meta, Some(kv)) => c.meta.push(kv),
        (Section::Op, None) => c.ops.push(Operation {
            name: w.to_string(),
            options: Vec::new(),
        }),
        (Section::Op, Some(kv)) => match c.ops.last_mut() {
            Some(op) => op.options.push(kv),
            None => out.push(
                loc.error("`op` must be followed by an operation name", w)
                    .help("e.g. `op monitor interval=10s`"),
            ),
        },
        (Section::Clone { expect_id: true }, None) => {
            if let Some(clone) = c.clone.as_mut() {
                clone.id = Some(w.to_string());
            }
            return Section::Clone { expect_id: false };
        }
        (Section::Clone { .. }, Some(_)) => {
            if let Some(clone) = c.clone.as_mut() {
                clone.bare.push(w.to_string());
                clone.meta.extend(pair(w));
            }
            return Section::Clone { expect_id: false };
        }
        (Section::CloneMeta, Some(kv)) => {
            if let Some(clone) = c.clone.as_mut() {
                clone.meta.push(kv);
            }
        }
        (Section::Bundle, None) if c.bundle.is_none() => c.bundle = Some(w.to_string()),
        _ => out.push(loc.error(format!("unexpected `{w}`: expected NAME=VALUE"), w)),
    }
    section
}

/// `pcs resource create ID AGENT ...`.
fn resource_create(
    args: &[String],
    p: &Parsed,
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let [id, spec, rest @ ..] = args else {
        return vec![
            loc.error(
                "`pcs resource create` needs a resource id and an agent",
                "create",
            )
            .help("`pcs resource create ID AGENT [NAME=VALUE]... [op ...] [meta ...] [clone ...]`"),
        ];
    };
    let mut out = Vec::new();
    out.extend(pm::check_id(id, "resource", loc));
    let c = parse_create(rest, loc, &mut out);
    let agent = match pm::resolve_agent(spec, true) {
        Ok(a) => Some(a),
        Err(e) => {
            out.push(e.to_diagnostic(loc, spec));
            None
        }
    };
    if let Some(agent) = &agent {
        out.extend(check_resource_agent(agent, &c, loc, spec));
    }
    out.extend(check_clone(id, &c, agent.as_ref(), p, loc));
    out.extend(register_resource(id, agent.as_ref(), &c, p, loc, state));
    out
}

fn check_resource_agent(agent: &Resolved, c: &Create, loc: Loc<'_>, spec: &str) -> Vec<Diagnostic> {
    if agent.is_stonith() {
        return vec![
            loc.error(format!("`{spec}` is a fence agent"), spec)
                .help("create fence devices with `pcs stonith create ID AGENT ...`"),
        ];
    }
    let mut out = pm::check_params(agent, &c.params, loc);
    out.extend(pm::check_ops(agent, &c.ops, loc));
    out.extend(pm::check_meta(&c.meta, MetaTarget::Primitive, loc));
    out
}

/// Checks the clone part of a create or clone command. Clone options written there depend on
/// the pcs version: pcs 0.11.5 and older read `clone NAME=VALUE` as clone options and
/// `clone meta NAME=VALUE` as the primitive's, 0.11.6 deprecates the first form and 0.12 reads
/// only the second. `pcs resource meta CLONE_ID ...` afterwards means the same to every pcs.
fn check_clone(
    resource: &str,
    c: &Create,
    agent: Option<&Resolved>,
    p: &Parsed,
    loc: Loc<'_>,
) -> Vec<Diagnostic> {
    let Some(clone) = &c.clone else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let keyword = if clone.promotable {
        "promotable"
    } else {
        "clone"
    };
    if !clone.meta.is_empty() {
        let options: Vec<String> = clone.meta.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let clone_id = clone
            .id
            .clone()
            .unwrap_or_else(|| format!("{resource}-clone"));
        let at = clone.bare.first().map_or(keyword, String::as_str);
        out.push(
            loc.error(
                format!("`{keyword}` options here mean different things to different pcs versions"),
                at,
            )
            .help(format!(
                "pcs 0.11.5 and older put `{keyword} meta ...` on the primitive, where Pacemaker \
                 ignores it, and pcs 0.12 ignores options without `meta`; end the command at \
                 `{keyword}` and set them with `pcs resource meta {clone_id} {}`, which every \
                 pcs reads alike",
                options.join(" ")
            )),
        );
    }
    let target = if clone.promotable {
        MetaTarget::Promotable
    } else {
        MetaTarget::Clone
    };
    out.extend(pm::check_meta(&clone.meta, target, loc));
    if p.has("--group") {
        out.push(
            loc.error(
                "`--group` cannot be combined with `clone`/`promotable`",
                "--group",
            )
            .help("create the group first, then clone it with `pcs resource clone GROUP`"),
        );
    }
    if clone.promotable {
        out.extend(agent.and_then(|a| check_promotable_agent(a, loc)));
    }
    out
}

/// Promotable clones need an ocf agent with promote and demote actions.
fn check_promotable_agent(agent: &Resolved, loc: Loc<'_>) -> Option<Diagnostic> {
    let spec = agent.spec();
    match agent {
        Resolved::Known(a) if !a.has_action("promote") => Some(
            loc.error(
                format!("`{spec}` has no promote action, so it cannot be promotable"),
                "promotable",
            )
            .help("use `clone`, or an agent that supports promotion (galera, redis...)"),
        ),
        _ if !agent.is_ocf() => Some(
            loc.error(
                format!("`{spec}` is not an ocf agent, so it cannot be promotable"),
                "promotable",
            )
            .help("only ocf agents can be promoted"),
        ),
        _ => None,
    }
}

fn register_resource(
    id: &str,
    agent: Option<&Resolved>,
    c: &Create,
    p: &Parsed,
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let res = Resource {
        kind: ResourceKind::Primitive,
        agent: agent.map(|a| a.spec().to_string()),
        clone_id: None,
        line: loc.line,
    };
    let mut out: Vec<Diagnostic> = state.add_resource(id, res, loc).into_iter().collect();
    let clone_id = match (&c.clone, p.has("--clone"), p.has("--master")) {
        (Some(clone), _, _) => Some(clone.id.clone().unwrap_or_else(|| format!("{id}-clone"))),
        // The removed flags are already errors; register what pcs 0.9 created to avoid cascades.
        (None, true, _) => Some(format!("{id}-clone")),
        (None, _, true) => Some(format!("{id}-master")),
        _ => None,
    };
    if let Some(clone_id) = clone_id {
        out.extend(state.add_clone(id, &clone_id, loc));
    }
    if let Some(group) = p.value("--group").filter(|g| state.resource(g).is_none()) {
        let g = Resource {
            kind: ResourceKind::Group,
            agent: None,
            clone_id: None,
            line: loc.line,
        };
        out.extend(state.add_resource(group, g, loc));
    }
    if let Some(bundle) = &c.bundle {
        out.extend(state.check_reference(bundle, loc));
    }
    out
}

/// `pcs resource update ID [NAME=VALUE]... [op ...] [meta ...]`: checked against the agent when
/// the resource was created earlier in the sequence.
fn resource_update(args: &[String], loc: Loc<'_>, state: &PacemakerState) -> Vec<Diagnostic> {
    let [id, rest @ ..] = args else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let c = parse_create(rest, loc, &mut out);
    let agent = state
        .resource(id)
        .and_then(|r| r.agent.as_deref())
        .and_then(|s| pm::resolve_agent(s, false).ok());
    if let Some(agent) = agent {
        // An empty value removes the parameter, which needs no checking.
        let set: Vec<(String, String)> = c
            .params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .cloned()
            .collect();
        out.extend(known_params_only(&agent, &set, loc));
        out.extend(pm::check_ops(&agent, &c.ops, loc));
    }
    out.extend(pm::check_meta(&c.meta, MetaTarget::Primitive, loc));
    out
}

/// Parameter checks without the "required" one, which an update does not need to repeat.
fn known_params_only(
    agent: &Resolved,
    params: &[(String, String)],
    loc: Loc<'_>,
) -> Vec<Diagnostic> {
    pm::check_params(agent, params, loc)
        .into_iter()
        .filter(|d| !d.message.starts_with("required parameter"))
        .collect()
}

/// `pcs resource clone|promotable ID [CLONE_ID] [meta ...]`.
fn resource_clone(
    promotable: bool,
    args: &[String],
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let [id, rest @ ..] = args else {
        return vec![
            loc.error("which resource to clone?", "clone")
                .help("`pcs resource clone RESOURCE [CLONE_ID] [meta NAME=VALUE...]`"),
        ];
    };
    let mut out: Vec<Diagnostic> = state.check_reference(id, loc).into_iter().collect();
    let mut c = Create {
        clone: Some(CloneSpec {
            promotable,
            ..CloneSpec::default()
        }),
        ..Create::default()
    };
    let mut section = Section::Clone { expect_id: true };
    for w in rest {
        section = if w == "meta" {
            Section::CloneMeta
        } else {
            create_word(w, section, &mut c, loc, &mut out)
        };
    }
    let agent = state
        .resource(id)
        .and_then(|r| r.agent.as_deref())
        .and_then(|s| pm::resolve_agent(s, false).ok());
    out.extend(check_clone(id, &c, agent.as_ref(), &Parsed::default(), loc));
    let clone_id = c
        .clone
        .and_then(|cl| cl.id)
        .unwrap_or_else(|| format!("{id}-clone"));
    out.extend(state.add_clone(id, &clone_id, loc));
    out
}

/// `pcs resource group add GROUP RESOURCE...`.
fn resource_group(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let [sub, group, members @ ..] = args else {
        return Vec::new();
    };
    if sub != "add" {
        return Vec::new();
    }
    let mut out: Vec<Diagnostic> = members
        .iter()
        .filter(|m| !m.contains('='))
        .filter_map(|m| state.check_reference(m, loc))
        .collect();
    if state.resource(group).is_none() {
        let g = Resource {
            kind: ResourceKind::Group,
            agent: None,
            clone_id: None,
            line: loc.line,
        };
        out.extend(pm::check_id(group, "group", loc));
        out.extend(state.add_resource(group, g, loc));
    }
    out
}

/// `pcs resource bundle create ID ...`: later resources may be put into the bundle.
fn bundle_create(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let [sub, id, ..] = args else {
        return Vec::new();
    };
    if sub != "create" {
        return Vec::new();
    }
    let mut out: Vec<Diagnostic> = pm::check_id(id, "bundle", loc).into_iter().collect();
    let b = Resource {
        kind: ResourceKind::Bundle,
        agent: None,
        clone_id: None,
        line: loc.line,
    };
    out.extend(state.add_resource(id, b, loc));
    out
}

/// `pcs resource [op] defaults [update] NAME=VALUE...`; the form without `update` is deprecated.
fn defaults(group: &str, args: &[String], loc: Loc<'_>, op: bool) -> Vec<Diagnostic> {
    let what = if op { "op defaults" } else { "defaults" };
    let (pairs, deprecated) = match args.first().map(String::as_str) {
        None | Some("config" | "set") => return Vec::new(),
        Some("update") => (&args[1..], false),
        Some(_) => (args, true),
    };
    let mut out = Vec::new();
    if deprecated {
        out.push(
            loc.error(
                format!("`pcs {group} {what} NAME=VALUE` is deprecated"),
                what,
            )
            .help(format!(
                "use `pcs {group} {what} update {}`",
                pairs.join(" ")
            )),
        );
    }
    let attrs: Vec<(String, String)> = pairs.iter().filter_map(|w| pair(w)).collect();
    out.extend(
        pairs
            .iter()
            .filter(|w| !w.contains('='))
            .map(|w| loc.error(format!("expected NAME=VALUE, found `{w}`"), w)),
    );
    out.extend(if op {
        pm::check_op_defaults(&attrs, loc)
    } else {
        pm::check_rsc_defaults(&attrs, loc)
    });
    out
}

/// `pcs resource op add ID ACTION [OPTIONS]`: checked against the resource's agent when the
/// sequence created it, against the standard actions otherwise.
fn op_add(args: &[String], loc: Loc<'_>, state: &PacemakerState) -> Vec<Diagnostic> {
    let [id, name, options @ ..] = args else {
        return vec![loc.error(
            "`pcs resource op add` needs a resource and an action",
            "add",
        )];
    };
    let mut out = Vec::new();
    let op = Operation {
        name: name.clone(),
        options: pairs(options, loc, &mut out),
    };
    let agent = state
        .resource(id)
        .and_then(|r| r.agent.as_deref())
        .and_then(|s| pm::resolve_agent(s, false).ok())
        .unwrap_or_else(|| Resolved::Unchecked(id.clone()));
    out.extend(pm::check_ops(&agent, &[op], loc));
    out
}

/// NAME=VALUE words; anything else is an error.
fn pairs(words: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for w in words {
        match pair(w) {
            Some(kv) => found.push(kv),
            None => out.push(loc.error(format!("expected NAME=VALUE, found `{w}`"), w)),
        }
    }
    found
}

/// `pcs resource meta ID NAME=VALUE...`.
/// `pcs resource meta ID NAME=VALUE...`: a primitive's meta attributes are checked as such, so
/// clone options set on the primitive instead of its clone are caught.
fn meta_command(args: &[String], loc: Loc<'_>, state: &PacemakerState) -> Vec<Diagnostic> {
    let attrs: Vec<(String, String)> = args.iter().skip(1).filter_map(|w| pair(w)).collect();
    let target = match args
        .first()
        .and_then(|id| state.resource(id))
        .map(|r| r.kind)
    {
        Some(ResourceKind::Primitive) => MetaTarget::Primitive,
        Some(ResourceKind::Group) => MetaTarget::Group,
        _ => MetaTarget::Defaults,
    };
    pm::check_meta(&attrs, target, loc)
}

/// `pcs stonith create ID AGENT [NAME=VALUE]... [op ...] [meta ...]`.
fn stonith_create(
    args: &[String],
    p: &Parsed,
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let [id, spec, rest @ ..] = args else {
        return vec![
            loc.error(
                "`pcs stonith create` needs a device id and a fence agent",
                "create",
            )
            .help("`pcs stonith create ID fence_AGENT [NAME=VALUE]... pcmk_host_list=NODE`"),
        ];
    };
    let mut out = Vec::new();
    out.extend(pm::check_id(id, "fence device", loc));
    let name = match spec.strip_prefix("stonith:") {
        Some(bare) => {
            out.push(
                loc.error(
                    "`pcs stonith create` takes the agent name without `stonith:`",
                    spec,
                )
                .help(format!("write `{bare}`")),
            );
            bare
        }
        None => spec.as_str(),
    };
    let c = parse_create(rest, loc, &mut out);
    if c.clone.is_some() {
        out.push(
            loc.error("fence devices cannot be cloned", "clone")
                .help("create one device per node, or one device that fences all nodes"),
        );
    }
    let agent = resolve_fence_agent(name, spec, loc, &mut out);
    if let Some(agent) = &agent {
        out.extend(pm::check_params(agent, &c.params, loc));
        out.extend(pm::check_ops(agent, &c.ops, loc));
        out.extend(pm::fence_host_list_warning(agent, &c.params, loc));
    }
    out.extend(pm::check_meta(&c.meta, MetaTarget::Primitive, loc));
    out.extend(pm::fence_host_list_nodes(&c.params, loc, state));
    let res = Resource {
        kind: ResourceKind::Stonith,
        agent: agent.map(|a| a.spec().to_string()),
        clone_id: None,
        line: loc.line,
    };
    out.extend(state.add_resource(id, res, loc));
    if let Some(group) = p.value("--group").filter(|g| state.resource(g).is_none()) {
        let g = Resource {
            kind: ResourceKind::Group,
            agent: None,
            clone_id: None,
            line: loc.line,
        };
        out.extend(state.add_resource(group, g, loc));
    }
    out
}

fn resolve_fence_agent(
    name: &str,
    spec: &str,
    loc: Loc<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    match pm::resolve_agent(&format!("stonith:{name}"), false) {
        Ok(a) => Some(a),
        Err(_) => {
            let help = did_you_mean(name, pm::fence_agent_names()).unwrap_or_else(|| {
                "fence agents are named `fence_*` (fence-agents package)".to_string()
            });
            out.push(
                loc.error(format!("unknown fence agent `{name}`"), spec)
                    .help(help),
            );
            None
        }
    }
}

/// `pcs property set NAME=VALUE...`.
fn property_set(args: &[String], loc: Loc<'_>) -> Vec<Diagnostic> {
    if args.is_empty() {
        return vec![loc.error("`pcs property set` needs NAME=VALUE", "set")];
    }
    args.iter()
        .filter_map(|w| match split_pair(w) {
            Some((k, v)) => pm::check_property(k, v, loc),
            None => Some(loc.error(format!("expected NAME=VALUE, found `{w}`"), w)),
        })
        .collect()
}

fn property_unset(args: &[String], loc: Loc<'_>) -> Vec<Diagnostic> {
    let names: Vec<&str> = pm::cluster_options()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    args.iter()
        .filter(|a| !names.contains(&a.as_str()))
        .map(|a| {
            with_help(
                loc.error(format!("unknown cluster property `{a}`"), a),
                did_you_mean(a, names.iter().copied()),
            )
        })
        .collect()
}

/// `pcs constraint order [ACTION] A then [ACTION] B [OPTIONS]`, or `order set ...`.
fn constraint_order(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    match args.first().map(String::as_str) {
        None | Some("config" | "delete" | "remove") => return Vec::new(),
        Some("set") => return set_references(&args[1..], loc, state),
        _ => {}
    }
    let Some(then) = args.iter().position(|a| a == "then") else {
        return vec![
            loc.error("order constraint without `then`", "order")
                .help("`pcs constraint order [ACTION] FIRST then [ACTION] THEN`"),
        ];
    };
    let mut out = Vec::new();
    let first = order_side(&args[..then], loc, &mut out);
    let rest = &args[then + 1..];
    let options_at = rest
        .iter()
        .position(|a| a.contains('='))
        .unwrap_or(rest.len());
    let second = order_side(&rest[..options_at], loc, &mut out);
    for r in first.iter().chain(&second) {
        out.extend(state.check_reference(r, loc));
    }
    if first.is_some() && first == second {
        out.push(loc.error("a resource cannot be ordered after itself", "then"));
    }
    out.extend(constraint_options(
        &rest[options_at..],
        ORDER_OPTIONS,
        loc,
        state,
    ));
    out
}

/// `[ACTION] RESOURCE`; returns the resource.
fn order_side(words: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> Option<String> {
    match words {
        [rsc] => Some(rsc.clone()),
        [action, rsc] => {
            if !ORDER_ACTIONS.contains(&action.as_str()) {
                let help = did_you_mean(action, ORDER_ACTIONS.iter().copied())
                    .unwrap_or_else(|| format!("actions are {}", ORDER_ACTIONS.join(", ")));
                out.push(
                    loc.error(format!("unknown order action `{action}`"), action)
                        .help(help),
                );
            }
            Some(rsc.clone())
        }
        _ => {
            out.push(
                loc.error("expected `[ACTION] RESOURCE` around `then`", "then")
                    .help("`pcs constraint order start vip then start haproxy-clone`"),
            );
            None
        }
    }
}

const ORDER_OPTIONS: &[(&str, Val)] = &[
    ("kind", Val::Enum(&["Optional", "Mandatory", "Serialize"])),
    ("symmetrical", Val::Enum(&["true", "false"])),
    ("require-all", Val::Enum(&["true", "false"])),
    ("id", Val::Text),
];
const COLOCATION_OPTIONS: &[(&str, Val)] = &[
    ("id", Val::Text),
    ("score", Val::Text),
    ("node-attribute", Val::Text),
    ("influence", Val::Text),
];

/// Constraint options; an `id=` must be new.
fn constraint_options(
    words: &[String],
    table: &[(&str, Val)],
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in words {
        match pair(w) {
            None => out.push(loc.error(format!("expected NAME=VALUE, found `{w}`"), w)),
            Some((k, v)) => {
                out.extend(check_option(&k, &v, table, "constraint", loc));
                if k == "id" {
                    out.extend(pm::check_id(&v, "constraint", loc));
                    out.extend(state.add_other_id(&v, loc));
                }
            }
        }
    }
    out
}

/// The resources of `order set` / `colocation set`.
fn set_references(args: &[String], loc: Loc<'_>, state: &PacemakerState) -> Vec<Diagnostic> {
    let end = args
        .iter()
        .position(|a| a == "setoptions")
        .unwrap_or(args.len());
    args[..end]
        .iter()
        .filter(|a| *a != "set" && !a.contains('='))
        .filter_map(|r| state.check_reference(r, loc))
        .collect()
}

/// `pcs constraint colocation add [ROLE] A with [ROLE] B [SCORE] [OPTIONS]`.
fn constraint_colocation(
    args: &[String],
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    match args.first().map(String::as_str) {
        Some("add") => colocation_add(&args[1..], loc, state),
        Some("set") => set_references(&args[1..], loc, state),
        None | Some("config" | "delete" | "remove") => Vec::new(),
        Some(other) => vec![with_help(
            loc.error(format!("unknown subcommand `colocation {other}`"), other),
            did_you_mean(other, ["add", "set", "config", "delete", "remove"]).or(Some(
                "`pcs constraint colocation add A with B [SCORE]`".into(),
            )),
        )],
    }
}

fn colocation_add(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let Some(with) = args.iter().position(|a| a == "with") else {
        return vec![
            loc.error("colocation without `with`", "add")
                .help("`pcs constraint colocation add SOURCE with TARGET [SCORE]`"),
        ];
    };
    let mut out = Vec::new();
    let source = colocation_side(&args[..with], loc, &mut out);
    let rest = &args[with + 1..];
    let (target_len, score) = match rest {
        [role, rsc, ..]
            if COLOCATION_ROLES
                .iter()
                .any(|r| r.eq_ignore_ascii_case(role))
                && !pm::is_score(rsc)
                && !rsc.contains('=') =>
        {
            (2, rest.get(2))
        }
        _ => (1, rest.get(1)),
    };
    let target = colocation_side(&rest[..target_len.min(rest.len())], loc, &mut out);
    for r in source.iter().chain(&target) {
        out.extend(state.check_reference(r, loc));
    }
    let options_from = match score {
        Some(s) if !s.contains('=') => {
            if !pm::is_score(s) {
                out.push(
                    loc.error(format!("`{s}` is not a score"), s)
                        .help("a score is an integer, `INFINITY` or `-INFINITY`"),
                );
            }
            target_len + 1
        }
        _ => target_len,
    };
    out.extend(constraint_options(
        rest.get(options_from..).unwrap_or_default(),
        COLOCATION_OPTIONS,
        loc,
        state,
    ));
    out
}

fn colocation_side(words: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> Option<String> {
    match words {
        [rsc] => Some(rsc.clone()),
        [role, rsc] => {
            if !COLOCATION_ROLES
                .iter()
                .any(|r| r.eq_ignore_ascii_case(role))
            {
                let help = did_you_mean(role, COLOCATION_ROLES.iter().copied())
                    .unwrap_or_else(|| "roles are Promoted, Unpromoted, Started, Stopped".into());
                out.push(loc.error(format!("unknown role `{role}`"), role).help(help));
            } else {
                out.extend(pm::check_role("role", role, loc));
            }
            Some(rsc.clone())
        }
        _ => {
            out.push(
                loc.error("expected `[ROLE] RESOURCE` around `with`", "with")
                    .help("`pcs constraint colocation add haproxy-clone with vip INFINITY`"),
            );
            None
        }
    }
}

/// `pcs constraint location RSC prefers|avoids NODE[=SCORE]...`, `location add ID RSC NODE SCORE`.
fn constraint_location(
    args: &[String],
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    match args {
        [] => Vec::new(),
        [first, ..] if matches!(first.as_str(), "config" | "delete" | "remove") => Vec::new(),
        [add, id, rsc, node, score, ..] if add == "add" => {
            let mut out: Vec<Diagnostic> = state.add_other_id(id, loc).into_iter().collect();
            out.extend(location_resource(rsc, loc, state));
            out.extend(state.check_node(node, loc));
            out.extend(
                (!pm::is_score(score))
                    .then(|| loc.error(format!("`{score}` is not a score"), score)),
            );
            out
        }
        [rsc, how, nodes @ ..] if how == "prefers" || how == "avoids" => {
            let mut out: Vec<Diagnostic> = location_resource(rsc, loc, state).into_iter().collect();
            if nodes.is_empty() {
                out.push(loc.error(format!("`{how}` needs at least one node"), how));
            }
            out.extend(nodes.iter().flat_map(|n| location_node(n, loc, state)));
            out
        }
        [rsc, rule, ..] if rule == "rule" => {
            location_resource(rsc, loc, state).into_iter().collect()
        }
        [_, how, ..] => vec![with_help(
            loc.error(
                format!("expected `prefers`, `avoids` or `rule`, found `{how}`"),
                how,
            ),
            did_you_mean(how, ["prefers", "avoids", "rule"]),
        )],
        [_] => vec![loc.error("location constraint without `prefers`/`avoids`", "location")],
    }
}

/// A location constraint's resource; `regexp%PATTERN` matches resources by name.
fn location_resource(rsc: &str, loc: Loc<'_>, state: &PacemakerState) -> Option<Diagnostic> {
    if rsc.starts_with("regexp%") {
        return None;
    }
    let id = rsc
        .strip_prefix("resource%")
        .or_else(|| rsc.strip_prefix('%'))
        .unwrap_or(rsc);
    state.check_reference(id, loc)
}

fn location_node(word: &str, loc: Loc<'_>, state: &PacemakerState) -> Vec<Diagnostic> {
    let (node, score) = match word.split_once('=') {
        Some((n, s)) => (n, Some(s)),
        None => (word, None),
    };
    let mut out: Vec<Diagnostic> = state.check_node(node, loc).into_iter().collect();
    if let Some(s) = score.filter(|s| !pm::is_score(s)) {
        out.push(
            loc.error(format!("`{word}`: `{s}` is not a score"), word)
                .help("a score is an integer or `INFINITY`"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a sequence of pcs commands (one per line) through one state, as shell.rs does.
    fn run(text: &str) -> Vec<Diagnostic> {
        let mut state = PacemakerState::default();
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            if words.first().is_some_and(|w| w == "pcs") {
                out.extend(check_command(&words, i + 1, line, &mut state));
            }
        }
        out
    }

    fn errors(found: &[Diagnostic]) -> Vec<&Diagnostic> {
        found.iter().filter(|d| d.is_error()).collect()
    }

    /// The single error of `text`, which must be on `line`.
    fn one_error(text: &str, line: usize) -> Diagnostic {
        let found = run(text);
        let errs = errors(&found);
        assert_eq!(errs.len(), 1, "{found:#?}");
        assert_eq!(errs[0].line, line, "{:?}", errs[0]);
        errs[0].clone()
    }

    fn help(d: &Diagnostic) -> &str {
        d.help.as_deref().unwrap_or_default()
    }

    const VALID: &str = "pcs host auth controller1 addr=10.0.0.11 controller2 addr=10.0.0.12 controller3 addr=10.0.0.13 -u hacluster -p HACLUSTER_PASS
pcs cluster setup openstack-ha controller1 addr=10.0.0.11 addr=10.0.1.11 controller2 addr=10.0.0.12 addr=10.0.1.12 controller3 addr=10.0.0.13 addr=10.0.1.13 transport knet link linknumber=0 link_priority=1 link linknumber=1 link_priority=0 totem token=3000
pcs cluster start --all --wait=120
pcs cluster enable --all
pcs property set no-quorum-policy=stop stonith-enabled=true
pcs stonith create fence-controller1 fence_ipmilan ip=10.0.9.11 username=admin password=IPMI_PASS lanplus=1 pcmk_host_list=controller1 op monitor interval=60s
pcs stonith create fence-controller2 fence_ipmilan ip=10.0.9.12 username=admin password=IPMI_PASS lanplus=1 pcmk_host_list=controller2 op monitor interval=60s
pcs stonith create fence-controller3 fence_ipmilan ip=10.0.9.13 username=admin password=IPMI_PASS lanplus=1 pcmk_host_list=controller3 op monitor interval=60s
pcs constraint location fence-controller1 avoids controller1
pcs constraint location fence-controller2 avoids controller2
pcs constraint location fence-controller3 avoids controller3
pcs resource defaults update resource-stickiness=100
pcs resource op defaults update timeout=60s
pcs resource create vip ocf:heartbeat:IPaddr2 ip=10.0.0.10 cidr_netmask=24 op monitor interval=10s
pcs resource create haproxy systemd:haproxy op monitor interval=5s clone
pcs resource meta haproxy-clone interleave=true
pcs constraint order start vip then start haproxy-clone kind=Optional
pcs constraint colocation add haproxy-clone with vip INFINITY
pcs resource create galera ocf:heartbeat:galera wsrep_cluster_address=gcomm://controller1,controller2,controller3 enable_creation=true check_user=clustercheck op promote timeout=300s on-fail=block meta master-max=3 promotable
pcs resource meta galera-clone promoted-max=3 notify=true
pcs constraint order start vip then promote galera-clone
pcs resource create lb IPaddr2 ip=198.51.100.10 cidr_netmask=24 --group public
pcs status --full";

    #[test]
    fn realistic_sequence_has_no_errors() {
        let text = VALID.replace(" meta master-max=3", "");
        let found = run(&text);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn renamed_meta_attribute_is_an_error() {
        let d = one_error(VALID, 19);
        assert_eq!(help(&d), "use `promoted-max`");
    }

    #[test]
    fn unknown_group_and_subcommand() {
        let d = one_error("pcs resourse create x", 1);
        assert!(help(&d).contains("`resource`"), "{d:?}");
        let d = one_error("pcs status\npcs resource craete vip IPaddr2 ip=1", 2);
        assert!(help(&d).contains("`create`"));
    }

    #[test]
    fn removed_clone_flag_is_an_error_with_current_form() {
        let text = "pcs resource create haproxy systemd:haproxy --clone\npcs constraint colocation add haproxy-clone with haproxy-clone";
        let found = run(text);
        let d = &errors(&found)[0];
        assert_eq!(d.line, 1);
        assert!(d.message.contains("`--clone`"));
        assert!(help(d).contains("clone [CLONE_ID] [meta NAME=VALUE...]"));
        assert_eq!(
            errors(&found).len(),
            1,
            "the clone is still registered: {found:#?}"
        );
    }

    #[test]
    fn cluster_auth_with_nodes_is_removed() {
        let d = one_error(
            "pcs cluster auth controller1 controller2 -u hacluster -p x",
            1,
        );
        assert!(help(&d).contains("pcs host auth"));
    }

    #[test]
    fn cluster_setup_name_flag_is_removed() {
        let d = one_error(
            "pcs cluster setup --name openstack-ha controller1 controller2 controller3",
            1,
        );
        assert!(d.message.contains("--name"));
        assert!(help(&d).contains("first argument"));
    }

    #[test]
    fn cluster_setup_address_counts_must_match() {
        let d = one_error(
            "pcs cluster setup c n1 addr=10.0.0.1 addr=10.0.1.1 n2 addr=10.0.0.2",
            1,
        );
        assert!(d.message.contains("`n2` has 1 addresses"), "{}", d.message);
    }

    #[test]
    fn cluster_setup_options_are_checked() {
        let d = one_error("pcs cluster setup c n1 n2 transport knet link_mode=fast", 1);
        assert!(d.message.contains("link_mode=fast"));
        let d = one_error(
            "pcs cluster setup c n1 n2 transport knet totem tokn=3000",
            1,
        );
        assert!(help(&d).contains("`token`"));
        let d = one_error(
            "pcs cluster setup c n1 addr=a n2 addr=b transport knet link linknumber=1",
            1,
        );
        assert!(d.message.contains("linknumber=1"));
        let d = one_error(
            "pcs cluster setup c n1 addr=a n2 addr=b transport knet link link",
            1,
        );
        assert!(
            d.message
                .contains("2 `link` sections but the nodes have 1 link(s)")
        );
        let d = one_error(
            "pcs cluster setup c n1 n2 transport udpu crypto cipher=aes256",
            1,
        );
        assert!(d.message.contains("need `transport knet`"));
    }

    #[test]
    fn host_auth_needs_hosts_and_warns_without_user() {
        let found = run("pcs host auth controller1");
        assert!(errors(&found).is_empty());
        assert!(found[0].message.contains("-u hacluster"));
        let d = one_error("pcs host auth -u hacluster", 1);
        assert!(d.message.contains("at least one host"));
    }

    #[test]
    fn cluster_start_all_and_nodes_conflict() {
        let d = one_error("pcs cluster start --all controller1", 1);
        assert!(d.message.contains("not both"));
    }

    #[test]
    fn unknown_agent_param_and_missing_required() {
        let d = one_error(
            "pcs resource create vip ocf:heartbeat:IPaddr2 ip=10.0.0.10 cidr_netmsk=24",
            1,
        );
        assert!(help(&d).contains("`cidr_netmask`"));
        assert_eq!(d.columns, Some((59, 71)));
        let d = one_error(
            "pcs resource create vip ocf:heartbeat:IPaddr2 cidr_netmask=24",
            1,
        );
        assert!(d.message.contains("required parameter `ip`"));
    }

    #[test]
    fn unknown_agent_is_an_error() {
        let d = one_error("pcs resource create vip ocf:heartbeat:IPadr2 ip=1", 1);
        assert!(help(&d).contains("ocf:heartbeat:IPaddr2"));
        let d = one_error("pcs resource create mon ClusterMon", 1);
        assert!(d.message.contains("ambiguous"));
    }

    #[test]
    fn op_names_and_values_are_checked() {
        let d = one_error(
            "pcs resource create vip IPaddr2 ip=1 op monitr interval=10s",
            1,
        );
        assert!(help(&d).contains("`monitor`"));
        let d = one_error(
            "pcs resource create vip IPaddr2 ip=1 op monitor interval=30q",
            1,
        );
        assert!(d.message.contains("interval=30q"));
        let d = one_error(
            "pcs resource create vip IPaddr2 ip=1 op monitor on-fail=panic",
            1,
        );
        assert!(d.message.contains("on-fail=panic"));
    }

    #[test]
    fn meta_attributes_are_checked() {
        let d = one_error(
            "pcs resource create vip IPaddr2 ip=1 meta target-rol=Stopped",
            1,
        );
        assert!(help(&d).contains("`target-role`"));
    }

    #[test]
    fn clone_options_in_the_create_command_depend_on_the_pcs_version() {
        for text in [
            "pcs resource create haproxy systemd:haproxy clone interleave=true",
            "pcs resource create haproxy systemd:haproxy clone meta interleave=true",
        ] {
            let d = one_error(text, 1);
            assert!(
                help(&d).contains("pcs resource meta haproxy-clone interleave=true"),
                "{text}: {d:?}"
            );
        }
        let d = one_error(
            "pcs resource create galera galera wsrep_cluster_address=gcomm://a promotable g meta promoted-max=3",
            1,
        );
        assert!(
            help(&d).contains("pcs resource meta g promoted-max=3"),
            "{d:?}"
        );
        assert!(run("pcs resource create haproxy systemd:haproxy clone\npcs resource meta haproxy-clone interleave=true").is_empty());
    }

    #[test]
    fn clone_options_on_the_primitive_are_flagged() {
        let found = run(
            "pcs resource create haproxy systemd:haproxy clone\npcs resource meta haproxy interleave=true",
        );
        assert!(
            found
                .iter()
                .any(|d| d.message.contains("`interleave` is a clone meta attribute")),
            "{found:#?}"
        );
    }

    #[test]
    fn master_keyword_and_flag_are_removed() {
        let d = one_error(
            "pcs resource create galera galera wsrep_cluster_address=gcomm:// master",
            1,
        );
        assert!(help(&d).contains("promotable"));
        let d = one_error(
            "pcs resource create galera galera wsrep_cluster_address=gcomm:// --master",
            1,
        );
        assert!(help(&d).contains("promotable"));
    }

    #[test]
    fn promotable_needs_promote_action() {
        let d = one_error("pcs resource create vip IPaddr2 ip=1 promotable", 1);
        assert!(d.message.contains("no promote action"));
        let d = one_error("pcs resource create h systemd:haproxy promotable", 1);
        assert!(d.message.contains("not an ocf agent"));
    }

    #[test]
    fn fence_agent_in_resource_create_is_an_error() {
        let d = one_error("pcs resource create f stonith:fence_ipmilan ip=1", 1);
        assert!(help(&d).contains("pcs stonith create"));
    }

    #[test]
    fn stonith_create_params_are_checked() {
        let d = one_error(
            "pcs stonith create f fence_ipmilan ip=1 pcmk_host_lst=controller1",
            1,
        );
        assert!(help(&d).contains("`pcmk_host_list`"));
        let d = one_error(
            "pcs stonith create f fence_ipmilann ip=1 pcmk_host_list=c1",
            1,
        );
        assert!(help(&d).contains("`fence_ipmilan`"));
        let d = one_error(
            "pcs stonith create f stonith:fence_ipmilan ip=1 pcmk_host_list=c1",
            1,
        );
        assert!(help(&d).contains("write `fence_ipmilan`"));
    }

    #[test]
    fn stonith_without_host_list_warns() {
        let found =
            run("pcs stonith create f fence_ipmilan ip=10.0.9.11 username=admin password=x");
        assert!(errors(&found).is_empty());
        assert!(found[0].message.contains("pcmk_host_list"), "{found:?}");
    }

    #[test]
    fn stonith_host_list_names_known_nodes() {
        let d = one_error(
            "pcs host auth controller1 controller2 -u hacluster\npcs stonith create f fence_ipmilan ip=1 pcmk_host_list=controler1",
            2,
        );
        assert!(help(&d).contains("`controller1`"));
    }

    #[test]
    fn properties_are_checked() {
        let d = one_error("pcs property set no-quorum-policy=sometimes", 1);
        assert!(d.message.contains("sometimes"));
        let d = one_error("pcs property set stonith-enabledd=true", 1);
        assert!(help(&d).contains("`stonith-enabled`"));
        let found = run("pcs property set stonith-enabled=false");
        assert_eq!(found.len(), 1);
        assert!(!found[0].is_error());
        assert!(help(&found[0]).contains("production clusters need fencing"));
    }

    #[test]
    fn removed_subcommands_name_the_current_form() {
        let d = one_error("pcs property show", 1);
        assert_eq!(help(&d), "use `pcs property config`");
        let d = one_error("pcs resource show vip", 1);
        assert!(help(&d).contains("pcs resource config"));
    }

    #[test]
    fn defaults_without_update_are_deprecated() {
        let d = one_error("pcs resource defaults resource-stickiness=100", 1);
        assert_eq!(
            help(&d),
            "use `pcs resource defaults update resource-stickiness=100`"
        );
        let d = one_error("pcs resource op defaults update timeot=60s", 1);
        assert!(help(&d).contains("`timeout`"));
    }

    #[test]
    fn constraints_need_created_resources() {
        let d = one_error(
            "pcs resource create vip IPaddr2 ip=1\npcs constraint order start vipp then start vip",
            2,
        );
        assert!(d.message.contains("unknown resource `vipp`"));
        assert!(help(&d).contains("`vip`"));
        let found = run(
            "pcs resource create vip IPaddr2 ip=1\npcs constraint order start vip then start galera-clone",
        );
        assert!(errors(&found).is_empty() && found[0].line == 2, "{found:?}");
        let d = one_error(
            "pcs resource create haproxy systemd:haproxy clone\npcs constraint colocation add haproxy with haproxy-clone",
            2,
        );
        assert_eq!(help(&d), "use `haproxy-clone`");
        let d = one_error(
            "pcs resource create haproxy systemd:haproxy\npcs constraint location haproxy-clone prefers controller1",
            2,
        );
        assert!(d.message.contains("created without a clone"));
    }

    #[test]
    fn order_and_colocation_syntax() {
        let base =
            "pcs resource create vip IPaddr2 ip=1\npcs resource create web systemd:apache2\n";
        let d = one_error(&format!("{base}pcs constraint order strat vip then web"), 3);
        assert!(help(&d).contains("`start`"));
        let d = one_error(
            &format!("{base}pcs constraint colocation add web vip INFINITY"),
            3,
        );
        assert!(d.message.contains("without `with`"));
        let d = one_error(
            &format!("{base}pcs constraint colocation add web with vip lots"),
            3,
        );
        assert!(d.message.contains("not a score"));
        let d = one_error(
            &format!("{base}pcs constraint order vip then web kind=Sometimes"),
            3,
        );
        assert!(d.message.contains("kind=Sometimes"));
        let d = one_error(
            &format!(
                "{base}pcs constraint colocation add Promoted web with vip 100 id=c1\npcs constraint order vip then web id=c1"
            ),
            4,
        );
        assert!(d.message.contains("already used"));
    }

    #[test]
    fn location_checks_nodes_and_scores() {
        let base =
            "pcs cluster setup c controller1 controller2\npcs resource create vip IPaddr2 ip=1\n";
        let d = one_error(
            &format!("{base}pcs constraint location vip prefers controller3=50"),
            3,
        );
        assert!(d.message.contains("`controller3` is not a node"));
        let d = one_error(
            &format!("{base}pcs constraint location vip prefers controller1=much"),
            3,
        );
        assert!(d.message.contains("not a score"));
    }

    #[test]
    fn unknown_option_is_an_error() {
        let d = one_error("pcs resource create vip IPaddr2 ip=1 --disable", 1);
        assert!(help(&d).contains("`--disabled`"));
    }

    #[test]
    fn bundle_must_exist_before_resources_join_it() {
        let found = run("pcs resource create r systemd:redis bundle redis-bundle");
        assert_eq!(found.len(), 1);
        assert!(!found[0].is_error() && found[0].message.contains("`redis-bundle` is not created"));
        let ok = run(
            "pcs resource bundle create redis-bundle container podman image=redis\npcs resource create r systemd:redis bundle redis-bundle",
        );
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn op_add_and_quorum_update_are_checked() {
        let d = one_error(
            "pcs resource create vip IPaddr2 ip=1\npcs resource op add vip monitr interval=20s",
            2,
        );
        assert!(help(&d).contains("`monitor`"));
        let d = one_error("pcs resource op add elsewhere monitor timeout=20x", 1);
        assert!(d.message.contains("timeout=20x"));
        let d = one_error("pcs quorum update wait_for_al=1", 1);
        assert!(help(&d).contains("`wait_for_all`"));
    }

    #[test]
    fn duplicate_resource_id_is_an_error() {
        let d = one_error(
            "pcs resource create vip IPaddr2 ip=1\npcs resource create vip IPaddr2 ip=2",
            2,
        );
        assert!(d.message.contains("already used (line 1)"));
    }
}
