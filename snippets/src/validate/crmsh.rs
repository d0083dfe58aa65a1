//! `crm` commands (crmsh 4.x and 5.x).
//!
//! `crm configure` definitions are checked against the same agent metadata, meta attributes and
//! properties as pcs (pacemaker.rs). This guide writes agents as full `class:provider:type`
//! specs and promotable clones as `clone ... meta promotable=true`, so the short agent forms
//! crmsh tolerates and the `ms` it keeps for compatibility are errors here. An operation name
//! crmsh only warns about (`op monitr`) is an error too: the operation would never run.
//! The body of `crm configure <<EOF` is read as configure commands, one per line.

use super::lex::{self, Heredoc};
use super::pacemaker::{
    self as pm, Loc, MetaTarget, Operation, PacemakerState, Resolved, Resource, ResourceKind,
    split_pair, with_help,
};
use crate::diag::{Diagnostic, did_you_mean};

/// Levels of the crm shell.
const LEVELS: &[&str] = &[
    "assist",
    "cib",
    "cibstatus",
    "cluster",
    "configure",
    "corosync",
    "history",
    "maintenance",
    "node",
    "options",
    "ra",
    "resource",
    "script",
    "site",
    "template",
];

/// Commands of the top level.
const TOP_COMMANDS: &[&str] = &[
    "status", "verify", "report", "help", "quit", "exit", "bye", "cd", "ls", "up", "end",
];

const CONFIGURE_COMMANDS: &[&str] = &[
    "acl_target",
    "alert",
    "bundle",
    "cib",
    "cibstatus",
    "clone",
    "colocation",
    "collocation",
    "commit",
    "default-timeouts",
    "delete",
    "edit",
    "erase",
    "fencing_topology",
    "filter",
    "get_property",
    "graph",
    "group",
    "load",
    "location",
    "modgroup",
    "monitor",
    "ms",
    "master",
    "node",
    "op_defaults",
    "order",
    "primitive",
    "property",
    "ptest",
    "simulate",
    "refresh",
    "rename",
    "role",
    "rsc_defaults",
    "rsc_template",
    "rsc_ticket",
    "rsctest",
    "save",
    "schema",
    "set",
    "show",
    "tag",
    "template",
    "upgrade",
    "user",
    "validate_all",
    "verify",
    "xml",
    "help",
    "cd",
    "ls",
    "quit",
    "up",
    "end",
];

const CLUSTER_COMMANDS: &[&str] = &[
    "copy",
    "crash_test",
    "diff",
    "disable",
    "enable",
    "geo_init",
    "geo_init_arbitrator",
    "geo_join",
    "health",
    "init",
    "join",
    "remove",
    "rename",
    "restart",
    "run",
    "start",
    "status",
    "stop",
    "wait_for_startup",
    "help",
];

const RESOURCE_COMMANDS: &[&str] = &[
    "ban",
    "cleanup",
    "clear",
    "constraints",
    "demote",
    "failcount",
    "locate",
    "maintenance",
    "manage",
    "meta",
    "move",
    "operations",
    "param",
    "promote",
    "refresh",
    "restart",
    "scores",
    "secret",
    "start",
    "status",
    "stop",
    "trace",
    "unmanage",
    "untrace",
    "utilization",
    // aliases crmsh keeps
    "show",
    "list",
    "migrate",
    "unmigrate",
    "unmove",
    "reprobe",
    "help",
];

const NODE_COMMANDS: &[&str] = &[
    "attribute",
    "clearstate",
    "delete",
    "fence",
    "maintenance",
    "online",
    "ready",
    "server",
    "show",
    "standby",
    "status-attr",
    "utilization",
    "help",
];

const RA_COMMANDS: &[&str] = &[
    "classes",
    "info",
    "meta",
    "list",
    "providers",
    "validate",
    "help",
];

const ORDER_KINDS: &[&str] = &["Mandatory", "Optional", "Serialize"];
const ORDER_ACTIONS: &[&str] = &["start", "stop", "promote", "demote"];

/// crm options whose value is the next word.
const OPTIONS_WITH_VALUE: &[&str] = &[
    "-c",
    "--cib",
    "-f",
    "--file",
    "-D",
    "--display",
    "-H",
    "--history",
    "-o",
    "--opt",
    "-X",
    "--scriptdir",
];
const FLAGS: &[&str] = &[
    "-F",
    "--force",
    "-w",
    "--wait",
    "-d",
    "--debug",
    "-R",
    "--regression-tests",
    "-n",
    "--no",
    "-h",
    "--help",
    "--version",
];

/// A crm command line split into options and the level/command words.
#[derive(Debug, Default)]
struct CrmLine {
    args: Vec<String>,
    file: Option<String>,
    help: bool,
}

fn parse_options(words: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> CrmLine {
    let mut c = CrmLine::default();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        i += 1;
        if !c.args.is_empty() || !w.starts_with('-') {
            c.args.push(w.clone());
            continue;
        }
        let name = w.split_once('=').map_or(w.as_str(), |(n, _)| n);
        if OPTIONS_WITH_VALUE.contains(&name) {
            let value = w.split_once('=').map(|(_, v)| v.to_string()).or_else(|| {
                i += 1;
                words.get(i - 1).cloned()
            });
            if matches!(name, "-f" | "--file") {
                c.file = value;
            }
        } else if FLAGS.contains(&name) {
            c.help |= matches!(name, "-h" | "--help" | "--version");
        } else {
            let help = did_you_mean(name, FLAGS.iter().chain(OPTIONS_WITH_VALUE).copied());
            out.push(with_help(
                loc.error(format!("unknown crm option `{name}`"), name),
                help,
            ));
        }
    }
    c
}

/// Checks one `crm ...` command; `words[0]` is `crm` itself.
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
    let c = parse_options(words.get(1..).unwrap_or_default(), loc, &mut out);
    // `crm -f FILE` reads its commands from a file this check cannot see; a bare `crm` or
    // `crm configure` is interactive (or reads a here-document, see check_heredoc).
    if c.help
        || c.file.is_some()
        || c.args.is_empty()
        || (c.args.len() == 1 && LEVELS.contains(&c.args[0].as_str()))
    {
        return out;
    }
    out.extend(check_level(&c.args, loc, state));
    out
}

/// Checks the here-document fed to `crm [LEVEL]` or `crm -f -`: each line is a command of the
/// current level; a line naming a level enters it, `up`/`end`/`cd` leave it.
pub(crate) fn check_heredoc(
    words: &[String],
    doc: &Heredoc,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let Some(first) = doc.body.first() else {
        return Vec::new();
    };
    let loc = Loc {
        line: first.0,
        text: &first.1,
    };
    let mut out = Vec::new();
    let c = parse_options(words.get(1..).unwrap_or_default(), loc, &mut Vec::new());
    if c.file.as_deref().is_some_and(|f| f != "-") {
        return out;
    }
    let Some(mut level) = stdin_level(&c.args) else {
        return out;
    };
    let text: String = doc.body.iter().map(|(_, t)| format!("{t}\n")).collect();
    let lexed = lex::lex_lines(&text, first.0);
    out.extend(lexed.errors);
    for cmd in &lexed.commands {
        let words = cmd.texts();
        let text = doc
            .body
            .iter()
            .find(|(n, _)| *n == cmd.line)
            .map_or("", |(_, t)| t.as_str());
        let loc = Loc {
            line: cmd.line,
            text,
        };
        if change_level(&words, &mut level) {
            continue;
        }
        let full: Vec<String> = level.iter().chain(&words).cloned().collect();
        out.extend(check_level(&full, loc, state));
    }
    out
}

/// The level whose commands crm reads from standard input, or None when the command does not
/// read commands there: `crm`, `crm LEVEL`, `crm -f -` and `crm configure load update -`.
fn stdin_level(args: &[String]) -> Option<Vec<String>> {
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => Some(Vec::new()),
        [level] if LEVELS.contains(level) => Some(vec![level.to_string()]),
        ["configure", "load", _, "-"] => Some(vec!["configure".to_string()]),
        _ => None,
    }
}

/// Handles level navigation inside crm input; true when `words` only moved between levels.
fn change_level(words: &[String], level: &mut Vec<String>) -> bool {
    match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [l] if LEVELS.contains(l) && level.is_empty() => {
            level.push(l.to_string());
            true
        }
        ["up" | "end" | "back"] | ["cd", ".."] => {
            level.pop();
            true
        }
        ["cd"] | ["quit" | "exit" | "bye"] => {
            level.clear();
            true
        }
        ["cd", l] => {
            *level = vec![l.to_string()];
            true
        }
        _ => false,
    }
}

fn check_level(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let Some(level) = args.first() else {
        return Vec::new();
    };
    let rest = &args[1..];
    match level.as_str() {
        "configure" => configure(rest, loc, state),
        "cluster" => subcommand("cluster", CLUSTER_COMMANDS, rest, loc)
            .into_iter()
            .chain(cluster_nodes(rest, state))
            .collect(),
        "resource" => subcommand("resource", RESOURCE_COMMANDS, rest, loc)
            .into_iter()
            .collect(),
        "node" => node(rest, loc, state),
        "ra" => subcommand("ra", RA_COMMANDS, rest, loc)
            .into_iter()
            .collect(),
        l if LEVELS.contains(&l) || TOP_COMMANDS.contains(&l) => Vec::new(),
        other => {
            let help = did_you_mean(other, LEVELS.iter().chain(TOP_COMMANDS).copied())
                .unwrap_or_else(|| format!("levels are {}", LEVELS.join(", ")));
            vec![
                loc.error(format!("unknown crm command `{other}`"), other)
                    .help(help),
            ]
        }
    }
}

fn subcommand(level: &str, known: &[&str], rest: &[String], loc: Loc<'_>) -> Option<Diagnostic> {
    let sub = rest.first()?;
    if known.contains(&sub.as_str()) {
        return None;
    }
    let help = did_you_mean(sub, known.iter().copied())
        .unwrap_or_else(|| format!("`crm {level}` commands are {}", known.join(", ")));
    Some(
        loc.error(format!("unknown command `crm {level} {sub}`"), sub)
            .help(help),
    )
}

/// Nodes named by `crm cluster join -c NODE` or `crm cluster init -N NODE`.
fn cluster_nodes(rest: &[String], state: &mut PacemakerState) -> Vec<Diagnostic> {
    let named = rest.windows(2).filter(|w| {
        matches!(
            w[0].as_str(),
            "-c" | "--cluster-node" | "-N" | "--nodes" | "--node"
        )
    });
    for pair in named {
        pair[1]
            .split([',', ' '])
            .filter(|n| !n.is_empty())
            .for_each(|n| state.add_node(n));
    }
    Vec::new()
}

/// `crm node standby|online|maintenance|ready NODE`.
fn node(rest: &[String], loc: Loc<'_>, state: &PacemakerState) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = subcommand("node", NODE_COMMANDS, rest, loc)
        .into_iter()
        .collect();
    if let [sub, node, ..] = rest
        && matches!(sub.as_str(), "standby" | "online" | "maintenance" | "ready")
    {
        out.extend(state.check_node(node, loc));
    }
    out
}

fn configure(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let Some(cmd) = args.first() else {
        return Vec::new();
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "primitive" => primitive(rest, loc, state),
        "clone" => clone(rest, false, loc, state),
        "ms" | "master" => ms(cmd, rest, loc, state),
        "group" => group(rest, loc, state),
        "colocation" | "collocation" => colocation(rest, loc, state),
        "order" => order(rest, loc, state),
        "location" => location(rest, loc, state),
        "property" => property(rest, loc),
        "rsc_defaults" => pm::check_rsc_defaults(&attr_pairs(rest), loc),
        "op_defaults" => pm::check_op_defaults(&attr_pairs(rest), loc),
        c if CONFIGURE_COMMANDS.contains(&c) => Vec::new(),
        other => {
            let help = did_you_mean(other, CONFIGURE_COMMANDS.iter().copied())
                .unwrap_or_else(|| "see `crm configure help`".to_string());
            vec![
                loc.error(format!("unknown command `crm configure {other}`"), other)
                    .help(help),
            ]
        }
    }
}

/// `NAME=VALUE` words, without crmsh's `$id=`/`$id-ref=` and set-id (`name:`) words.
fn attr_pairs(words: &[String]) -> Vec<(String, String)> {
    words
        .iter()
        .filter(|w| !w.starts_with('$'))
        .filter_map(|w| split_pair(w).map(|(k, v)| (k.to_string(), v.to_string())))
        .collect()
}

/// The parts of a primitive after its id and agent.
#[derive(Debug, Default)]
struct Primitive {
    params: Vec<(String, String)>,
    meta: Vec<(String, String)>,
    ops: Vec<Operation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Params,
    Meta,
    Other,
    OpName,
    Op,
}

/// `primitive ID SPEC [description=..] [[params] ATTRS] [meta ATTRS] [utilization ATTRS]
/// [operations $id-ref=..] [op NAME ATTRS [op_params ATTRS] [op_meta ATTRS]]...`.
fn parse_primitive(words: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> Primitive {
    let mut p = Primitive::default();
    let mut section = Section::Params;
    for w in words {
        section = match w.as_str() {
            "params" => Section::Params,
            "meta" => Section::Meta,
            "utilization" | "operations" => Section::Other,
            "op" => Section::OpName,
            "op_params" | "op_meta" if matches!(section, Section::Op) => Section::Op,
            _ => primitive_word(w, section, &mut p, loc, out),
        };
    }
    p
}

fn primitive_word(
    w: &str,
    section: Section,
    p: &mut Primitive,
    loc: Loc<'_>,
    out: &mut Vec<Diagnostic>,
) -> Section {
    let kv = split_pair(w)
        .filter(|_| !w.starts_with('$'))
        .map(|(k, v)| (k.to_string(), v.to_string()));
    match (section, kv) {
        (Section::OpName, _) => {
            p.ops.push(Operation {
                name: w.to_string(),
                options: Vec::new(),
            });
            return Section::Op;
        }
        (Section::Params, Some((k, _))) if k == "description" => {}
        (Section::Params, Some(kv)) => p.params.push(kv),
        (Section::Meta, Some(kv)) => p.meta.push(kv),
        (Section::Op, Some(kv)) => p
            .ops
            .last_mut()
            .into_iter()
            .for_each(|op| op.options.push(kv.clone())),
        (_, None) if w.starts_with('$') || w.ends_with(':') || section == Section::Other => {}
        (_, None) => out.push(
            loc.error(format!("unexpected `{w}` in a primitive"), w)
                .help("expected NAME=VALUE, or `params`, `meta`, `op`"),
        ),
        (Section::Other, Some(_)) => {}
    }
    section
}

fn primitive(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let [id, spec, rest @ ..] = args else {
        return vec![
            loc.error("`primitive` needs an id and an agent", "primitive")
                .help("`primitive ID CLASS:PROVIDER:TYPE [params NAME=VALUE...] [op NAME ...]`"),
        ];
    };
    let mut out: Vec<Diagnostic> = pm::check_id(id, "resource", loc).into_iter().collect();
    let p = parse_primitive(rest, loc, &mut out);
    // `@template`: parameters come from a rsc_template this check does not follow.
    let agent = if spec.starts_with('@') {
        None
    } else {
        pm::resolve_agent(spec, false)
            .map_err(|e| out.push(e.to_diagnostic(loc, spec)))
            .ok()
    };
    if let Some(agent) = &agent {
        out.extend(pm::check_params(agent, &p.params, loc));
        out.extend(pm::check_ops(agent, &p.ops, loc));
        out.extend(pm::fence_host_list_warning(agent, &p.params, loc));
    }
    out.extend(pm::check_meta(&p.meta, MetaTarget::Primitive, loc));
    out.extend(pm::fence_host_list_nodes(&p.params, loc, state));
    let kind = if agent.as_ref().is_some_and(Resolved::is_stonith) {
        ResourceKind::Stonith
    } else {
        ResourceKind::Primitive
    };
    let res = Resource {
        kind,
        agent: agent.map(|a| a.spec().to_string()),
        clone_id: None,
        line: loc.line,
    };
    out.extend(state.add_resource(id, res, loc));
    out
}

/// `clone ID RSC [description=..] [meta ATTRS] [params ATTRS]`.
fn clone(
    args: &[String],
    promotable_keyword: bool,
    loc: Loc<'_>,
    state: &mut PacemakerState,
) -> Vec<Diagnostic> {
    let [id, rsc, rest @ ..] = args else {
        return vec![
            loc.error("`clone` needs an id and the resource to clone", "clone")
                .help("`clone ID RESOURCE [meta NAME=VALUE...]`"),
        ];
    };
    let mut out: Vec<Diagnostic> = pm::check_id(id, "clone", loc).into_iter().collect();
    out.extend(state.check_reference(rsc, loc));
    let meta = clone_meta(rest, loc, &mut out);
    let promotable = promotable_keyword
        || meta
            .iter()
            .any(|(k, v)| k == "promotable" && !pm::is_false(v));
    let target = if promotable {
        MetaTarget::Promotable
    } else {
        MetaTarget::Clone
    };
    out.extend(pm::check_meta(&meta, target, loc));
    if promotable {
        out.extend(promotable_agent(rsc, loc, state));
    }
    if state
        .resource(rsc)
        .is_some_and(|r| r.kind == ResourceKind::Stonith)
    {
        out.push(loc.error("fence devices cannot be cloned", rsc));
    }
    out.extend(state.add_clone(rsc, id, loc));
    out
}

/// The meta attributes of a clone; attributes before any `meta` keyword are an error.
fn clone_meta(words: &[String], loc: Loc<'_>, out: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let mut meta = Vec::new();
    let mut section: Option<&str> = None;
    for w in words {
        match (w.as_str(), section) {
            ("meta" | "params", _) => section = Some(w.as_str()),
            (_, Some("meta")) => {
                meta.extend(split_pair(w).map(|(k, v)| (k.to_string(), v.to_string())))
            }
            (_, None) if w.starts_with("description=") => {}
            (_, None) => out.push(
                loc.error(format!("`{w}` must follow `meta`"), w)
                    .help(format!("write `meta {w}`")),
            ),
            _ => {}
        }
    }
    meta
}

/// A promotable clone's resource must have promote and demote actions.
fn promotable_agent(rsc: &str, loc: Loc<'_>, state: &PacemakerState) -> Option<Diagnostic> {
    let spec = state.resource(rsc)?.agent.as_deref()?;
    let agent = pm::resolve_agent(spec, false).ok()?;
    match agent {
        Resolved::Known(a) if !a.has_action("promote") => Some(
            loc.error(
                format!("`{rsc}` (`{spec}`) has no promote action, so it cannot be promotable"),
                rsc,
            )
            .help("use a plain clone, or an agent that supports promotion (galera, redis...)"),
        ),
        Resolved::Unit(_) => Some(loc.error(
            format!("`{rsc}` (`{spec}`) is not an ocf agent, so it cannot be promotable"),
            rsc,
        )),
        _ => None,
    }
}

/// `ms` is kept by crmsh only for compatibility with Pacemaker 1.
fn ms(cmd: &str, args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let example = match args {
        [id, rsc, ..] => format!("`clone {id} {rsc} meta promotable=true ...`"),
        _ => "`clone ID RESOURCE meta promotable=true ...`".to_string(),
    };
    let mut out = vec![
        loc.error(
            format!("`{cmd}` (master/slave) is deprecated since Pacemaker 2.0"),
            cmd,
        )
        .help(format!("write a promotable clone: {example}")),
    ];
    // Check and register it as the promotable clone it stands for, so later lines still check.
    out.extend(clone(args, true, loc, state));
    out
}

/// `group ID RSC... [meta ATTRS]`.
fn group(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let [id, rest @ ..] = args else {
        return vec![loc.error("`group` needs an id and resources", "group")];
    };
    let mut out: Vec<Diagnostic> = pm::check_id(id, "group", loc).into_iter().collect();
    let end = rest
        .iter()
        .position(|w| matches!(w.as_str(), "meta" | "params") || w.contains('='))
        .unwrap_or(rest.len());
    if end == 0 {
        out.push(loc.error(format!("group `{id}` has no resources"), id));
    }
    out.extend(
        rest[..end]
            .iter()
            .filter_map(|r| state.check_reference(r, loc)),
    );
    let meta = attr_pairs(rest.get(end + 1..).unwrap_or_default());
    out.extend(pm::check_meta(&meta, MetaTarget::Group, loc));
    let g = Resource {
        kind: ResourceKind::Group,
        agent: None,
        clone_id: None,
        line: loc.line,
    };
    out.extend(state.add_resource(id, g, loc));
    out
}

/// A constraint id: valid and new.
fn constraint_id(id: &str, loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = pm::check_id(id, "constraint", loc).into_iter().collect();
    out.extend(state.add_other_id(id, loc));
    out
}

/// `colocation ID SCORE: RSC[:ROLE] WITH-RSC[:ROLE]`, or with resource sets.
fn colocation(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let [id, score, rest @ ..] = args else {
        return vec![
            loc.error(
                "`colocation` needs an id, a score and resources",
                "colocation",
            )
            .help("`colocation ID inf: RSC WITH-RSC`"),
        ];
    };
    let mut out = constraint_id(id, loc, state);
    match score.strip_suffix(':') {
        Some(s) if pm::is_score(s) => {}
        Some(s) => out.push(
            loc.error(format!("`{s}` is not a score"), score)
                .help("a score is an integer, `inf` or `-inf`"),
        ),
        None => {
            out.push(
                loc.error("colocation needs `SCORE:` after its id", score)
                    .help(format!("e.g. `colocation {id} inf: {score} ...`")),
            );
            return out;
        }
    }
    let resources = constraint_resources(rest, loc, state, &mut out, role_problem);
    let sets = rest
        .iter()
        .any(|w| matches!(w.as_str(), "(" | ")" | "[" | "]"));
    if !sets && resources != 2 {
        out.push(
            loc.error(
                format!("colocation `{id}` names {resources} resources, expected 2"),
                id,
            )
            .help("use parentheses for resource sets: `inf: A ( B C )`"),
        );
    }
    out
}

/// Checks the `RSC[:ROLE|:ACTION]` words of a constraint; returns how many there were.
fn constraint_resources(
    words: &[String],
    loc: Loc<'_>,
    state: &PacemakerState,
    out: &mut Vec<Diagnostic>,
    suffix_problem: fn(&str, Loc<'_>) -> Option<Diagnostic>,
) -> usize {
    let mut count = 0;
    for w in words
        .iter()
        .filter(|w| !w.contains('=') && !matches!(w.as_str(), "(" | ")" | "[" | "]"))
    {
        count += 1;
        let (rsc, suffix) = match w.split_once(':') {
            Some((r, s)) => (r, Some(s)),
            None => (w.as_str(), None),
        };
        out.extend(suffix.and_then(|s| suffix_problem(s, loc)));
        out.extend(state.check_reference(rsc, loc));
    }
    count
}

fn role_problem(role: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    pm::check_role("role", role, loc)
}

fn action_problem(action: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    (!ORDER_ACTIONS.contains(&action)).then(|| {
        let help = did_you_mean(action, ORDER_ACTIONS.iter().copied())
            .unwrap_or_else(|| format!("actions are {}", ORDER_ACTIONS.join(", ")));
        loc.error(format!("unknown order action `{action}`"), action)
            .help(help)
    })
}

/// `order ID [KIND:] FIRST[:ACTION] THEN[:ACTION] [symmetrical=BOOL]`.
fn order(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let [id, rest @ ..] = args else {
        return vec![loc.error("`order` needs an id and resources", "order")];
    };
    let mut out = constraint_id(id, loc, state);
    let rest = match rest.first().and_then(|k| k.strip_suffix(':')) {
        Some(kind) => {
            out.extend(order_kind(kind, loc));
            &rest[1..]
        }
        None => rest,
    };
    let resources = constraint_resources(rest, loc, state, &mut out, action_problem);
    let sets = rest
        .iter()
        .any(|w| matches!(w.as_str(), "(" | ")" | "[" | "]"));
    if !sets && resources != 2 {
        out.push(
            loc.error(
                format!("order `{id}` names {resources} resources, expected 2"),
                id,
            )
            .help("`order ID Mandatory: FIRST THEN`"),
        );
    }
    for (k, v) in attr_pairs(rest) {
        if k != "symmetrical" && k != "require-all" {
            out.push(with_help(
                loc.error(format!("unknown order option `{k}`"), &k),
                did_you_mean(&k, ["symmetrical", "require-all"]),
            ));
        } else if !pm::is_bool(&v) {
            out.push(loc.error(format!("`{k}={v}` is not a boolean"), &k));
        }
    }
    out
}

/// The kind of an order: Mandatory, Optional or Serialize; a score still works but is deprecated.
fn order_kind(kind: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    if ORDER_KINDS.contains(&kind) {
        return None;
    }
    if pm::is_score(kind) {
        return Some(
            loc.warning(
                format!("a score (`{kind}:`) in an order is deprecated"),
                kind,
            )
            .help("use `Mandatory:` (for inf) or `Optional:` (for 0)"),
        );
    }
    let help = did_you_mean(kind, ORDER_KINDS.iter().copied())
        .unwrap_or_else(|| format!("kinds are {}", ORDER_KINDS.join(", ")));
    Some(
        loc.error(format!("unknown order kind `{kind}`"), kind)
            .help(help),
    )
}

/// `location ID RSC [role=ROLE] [resource-discovery=..] (SCORE: NODE | rule ...)`.
fn location(args: &[String], loc: Loc<'_>, state: &mut PacemakerState) -> Vec<Diagnostic> {
    let [id, rsc, rest @ ..] = args else {
        return vec![
            loc.error(
                "`location` needs an id, a resource and a preference",
                "location",
            )
            .help("`location ID RSC inf: NODE`"),
        ];
    };
    let mut out = constraint_id(id, loc, state);
    // `/pattern/` and `{ sets }` name resources indirectly.
    if !rsc.starts_with('/') && !rsc.starts_with('{') {
        out.extend(state.check_reference(rsc, loc));
    }
    for (k, v) in attr_pairs(rest) {
        out.extend(location_attribute(&k, &v, loc));
    }
    if rest.iter().any(|w| w == "rule") {
        return out;
    }
    let score_at = rest.iter().position(|w| w.ends_with(':'));
    match score_at.map(|i| (&rest[i], rest.get(i + 1))) {
        Some((score, Some(node))) => {
            let s = score.trim_end_matches(':');
            if !pm::is_score(s) {
                out.push(
                    loc.error(format!("`{s}` is not a score"), score)
                        .help("a score is an integer, `inf` or `-inf`"),
                );
            }
            out.extend(state.check_node(node, loc));
        }
        _ => out.push(
            loc.error(format!("location `{id}` needs `SCORE: NODE` or a rule"), id)
                .help(format!("e.g. `location {id} {rsc} -inf: controller1`")),
        ),
    }
    out
}

fn location_attribute(k: &str, v: &str, loc: Loc<'_>) -> Option<Diagnostic> {
    match k {
        "role" => pm::check_role(k, v, loc),
        "resource-discovery" if !matches!(v, "always" | "never" | "exclusive") => {
            Some(loc.error(format!("`{k}={v}`: expected always, never or exclusive"), k))
        }
        "resource-discovery" => None,
        _ => Some(with_help(
            loc.error(format!("unknown location option `{k}`"), k),
            did_you_mean(k, ["role", "resource-discovery"]),
        )),
    }
}

/// `property [SET_ID:] NAME=VALUE...`.
fn property(args: &[String], loc: Loc<'_>) -> Vec<Diagnostic> {
    if args.iter().any(|w| w == "rule") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for w in args
        .iter()
        .filter(|w| !w.starts_with('$') && !w.ends_with(':'))
    {
        match split_pair(w) {
            Some((k, v)) => out.extend(pm::check_property(k, v, loc)),
            None => out.push(loc.error(format!("expected NAME=VALUE, found `{w}`"), w)),
        }
    }
    if out.is_empty() && attr_pairs(args).is_empty() {
        out.push(loc.error("`property` needs NAME=VALUE", "property"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs crm commands (one per line) through one state, as shell.rs does.
    fn run(text: &str) -> Vec<Diagnostic> {
        let mut state = PacemakerState::default();
        let mut out = Vec::new();
        for cmd in lex::lex(text).commands {
            let words = cmd.texts();
            let line_text = text.lines().nth(cmd.line - 1).unwrap_or_default();
            if words.first().is_some_and(|w| w == "crm") {
                out.extend(check_command(&words, cmd.line, line_text, &mut state));
                for doc in &cmd.heredocs {
                    out.extend(check_heredoc(&words, doc, &mut state));
                }
            }
        }
        out
    }

    fn errors(found: &[Diagnostic]) -> Vec<&Diagnostic> {
        found.iter().filter(|d| d.is_error()).collect()
    }

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

    const VALID: &str = r#"crm cluster init -y -n openstack-ha
crm cluster join -y -c controller1
crm configure property stonith-enabled=true no-quorum-policy=stop
crm configure rsc_defaults resource-stickiness=100
crm configure op_defaults timeout=60s
crm configure primitive fence-controller1 stonith:fence_ipmilan params ip=10.0.9.11 username=admin password=IPMI_PASS lanplus=1 pcmk_host_list=controller1 op monitor interval=60s
crm configure location l-fence-controller1 fence-controller1 -inf: controller1
crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=10.0.0.10 cidr_netmask=24 op monitor interval=10s
crm configure primitive haproxy systemd:haproxy op monitor interval=5s
crm configure clone haproxy-clone haproxy meta interleave=true
crm configure colocation c-vip-haproxy inf: vip haproxy-clone
crm configure order o-vip-haproxy Optional: vip haproxy-clone
crm configure primitive galera ocf:heartbeat:galera params wsrep_cluster_address="gcomm://controller1,controller2,controller3" enable_creation=true op promote timeout=300s on-fail=block op monitor interval=20s role=Promoted op monitor interval=30s role=Unpromoted
crm configure clone galera-clone galera meta promotable=true promoted-max=3 notify=true
crm configure order o-vip-galera Mandatory: vip galera-clone:promote
crm configure verify
crm configure show
crm status
crm resource cleanup vip
crm node standby controller1
crm node online controller1
"#;

    #[test]
    fn realistic_sequence_has_no_errors() {
        let found = run(VALID);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn heredoc_configure_session_is_checked() {
        let text = "crm configure <<'EOF'\nprimitive vip ocf:heartbeat:IPaddr2 \\\n  params ip=10.0.0.10 cidr_netmask=24 \\\n  op monitor interval=10s\nprimitive haproxy systemd:haproxy\nclone haproxy-clone haproxy meta interleave=true\ncolocation c inf: haproxy-clone vip\ncommit\nEOF\n";
        assert!(run(text).is_empty(), "{:#?}", run(text));
        let d = one_error(
            "crm -f - <<EOF\nconfigure\nprimitve vip ocf:heartbeat:IPaddr2 params ip=1\nup\nEOF\n",
            3,
        );
        assert!(help(&d).contains("`primitive`"));
    }

    #[test]
    fn load_from_stdin_is_checked_and_other_heredocs_are_not() {
        let d = one_error(
            "crm configure load update - <<EOF\nprimitive vip ocf:heartbeat:IPaddr2 params ip=1 nicc=eth0\nEOF\n",
            2,
        );
        assert!(d.message.contains("`nicc`"));
        assert!(run("crm configure show <<EOF\nnot crm input\nEOF\n").is_empty());
    }

    #[test]
    fn unknown_level_and_command() {
        let d = one_error("crm confgure show", 1);
        assert!(help(&d).contains("`configure`"));
        let d = one_error(
            "crm configure primitve vip ocf:heartbeat:IPaddr2 params ip=1",
            1,
        );
        assert!(help(&d).contains("`primitive`"));
        let d = one_error("crm resource clenup vip", 1);
        assert!(help(&d).contains("`cleanup`"));
    }

    #[test]
    fn short_agent_name_is_an_error_with_full_spec() {
        let d = one_error("crm configure primitive vip IPaddr2 params ip=10.0.0.10", 1);
        assert_eq!(help(&d), "write `ocf:heartbeat:IPaddr2`");
    }

    #[test]
    fn params_are_checked_against_metadata() {
        let d = one_error(
            "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=10.0.0.10 cidr_netmsk=24",
            1,
        );
        assert!(help(&d).contains("`cidr_netmask`"));
        let d = one_error(
            "crm configure primitive vip ocf:heartbeat:IPaddr2 params cidr_netmask=24",
            1,
        );
        assert!(d.message.contains("required parameter `ip`"));
        let d = one_error(
            "crm configure primitive vip ocf:heartbeat:IPaddr3 params ip=1",
            1,
        );
        assert!(d.message.contains("unknown resource agent"));
    }

    #[test]
    fn op_typo_is_an_error_not_a_warning() {
        let d = one_error(
            "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=1 op monitr interval=10s",
            1,
        );
        assert!(help(&d).contains("`monitor`"));
        let d = one_error(
            "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=1 op monitor interval=30q",
            1,
        );
        assert!(d.message.contains("30q"));
    }

    #[test]
    fn ms_is_deprecated_with_clone_form() {
        let d = one_error(
            "crm configure primitive galera ocf:heartbeat:galera params wsrep_cluster_address=gcomm://\ncrm configure ms galera-ms galera meta notify=true",
            2,
        );
        assert!(d.message.contains("deprecated"), "{d:?}");
        assert_eq!(
            help(&d),
            "write a promotable clone: `clone galera-ms galera meta promotable=true ...`"
        );
    }

    #[test]
    fn clone_attributes_need_meta() {
        let d = one_error(
            "crm configure primitive h systemd:haproxy\ncrm configure clone h-clone h interleave=true",
            2,
        );
        assert_eq!(help(&d), "write `meta interleave=true`");
    }

    #[test]
    fn promotable_clone_needs_promote_action() {
        let d = one_error(
            "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=1\ncrm configure clone vip-clone vip meta promotable=true",
            2,
        );
        assert!(d.message.contains("no promote action"));
    }

    #[test]
    fn constraints_need_known_resources() {
        let d = one_error(
            "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=1\ncrm configure colocation c inf: vip vipp",
            2,
        );
        assert!(d.message.contains("unknown resource `vipp`"));
        assert!(help(&d).contains("`vip`"));
        let base = "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=1\ncrm configure primitive web systemd:apache2\n";
        let d = one_error(&format!("{base}crm configure colocation c vip web"), 3);
        assert!(d.message.contains("needs `SCORE:`"));
        let d = one_error(
            &format!("{base}crm configure order o Mandatory: vip:strat web"),
            3,
        );
        assert!(help(&d).contains("`start`"));
        let d = one_error(&format!("{base}crm configure order o Mandatry: vip web"), 3);
        assert!(help(&d).contains("`Mandatory`"));
        let d = one_error(
            &format!(
                "{base}crm configure colocation c inf: vip web\ncrm configure order c Optional: vip web"
            ),
            4,
        );
        assert!(d.message.contains("already used"));
        let d = one_error(
            &format!("{base}crm configure location l vip 100 controller1"),
            3,
        );
        assert!(d.message.contains("needs `SCORE: NODE`"));
    }

    #[test]
    fn two_resource_constraints_need_two_resources() {
        let base = "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=1\n";
        let d = one_error(&format!("{base}crm configure colocation c inf: vip"), 2);
        assert!(d.message.contains("names 1 resources, expected 2"));
        let d = one_error(&format!("{base}crm configure order o Mandatory: vip"), 2);
        assert!(d.message.contains("names 1 resources, expected 2"));
        assert!(
            run(&format!(
                "{base}crm configure colocation c inf: vip '(' vip ')'"
            ))
            .is_empty()
        );
    }

    #[test]
    fn location_options_are_checked() {
        let base = "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=1\n";
        let d = one_error(
            &format!("{base}crm configure location l vip resource-discovery=sometimes inf: c1"),
            2,
        );
        assert!(d.message.contains("resource-discovery=sometimes"));
        let d = one_error(
            &format!("{base}crm configure location l vip rol=Started inf: c1"),
            2,
        );
        assert!(help(&d).contains("`role`"));
    }

    #[test]
    fn cloned_resource_must_be_named_by_its_clone() {
        let text = "crm configure primitive h systemd:haproxy\ncrm configure clone h-clone h\ncrm configure primitive vip ocf:heartbeat:IPaddr2 params ip=1\ncrm configure colocation c inf: h vip";
        let d = one_error(text, 4);
        assert_eq!(help(&d), "use `h-clone`");
    }

    #[test]
    fn properties_are_checked_like_pcs() {
        let d = one_error("crm configure property no-quorum-policy=sometimes", 1);
        assert!(d.message.contains("sometimes"));
        let d = one_error(
            "crm configure property cib-bootstrap-options: stonith-enabledd=true",
            1,
        );
        assert!(help(&d).contains("`stonith-enabled`"));
        let found = run("crm configure property stonith-enabled=false");
        assert!(
            !found[0].is_error() && help(&found[0]).contains("production clusters need fencing")
        );
    }

    #[test]
    fn defaults_are_checked() {
        let d = one_error("crm configure rsc_defaults resource-stickyness=100", 1);
        assert!(help(&d).contains("`resource-stickiness`"));
        let d = one_error("crm configure op_defaults timeout=1minute", 1);
        assert!(d.message.contains("timeout=1minute"));
    }

    #[test]
    fn node_commands_check_known_nodes() {
        let d = one_error(
            "crm cluster join -y -c controller1\ncrm node standby controler1",
            2,
        );
        assert!(help(&d).contains("`controller1`"));
    }

    #[test]
    fn unknown_crm_option_is_an_error() {
        let d = one_error("crm --forse configure show", 1);
        assert!(help(&d).contains("`--force`"));
    }
}
