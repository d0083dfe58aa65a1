//! corosync.conf (Corosync 3.1): braces, the keys each section accepts, their values, and the
//! cluster-wide cross-checks (node IDs, links, quorum, crypto) that `corosync -t` only partly does.
//! `corosync -t` silently accepts unknown keys such as `tokn:`, so the near-match hints here are
//! the only thing that catches a misspelt timeout.

use crate::diag::Diagnostic;
use crate::diag::best_match_hint as hint;
use std::net::IpAddr;

/// Checks one corosync.conf.
pub(crate) fn check(text: &str) -> Vec<Diagnostic> {
    let (tree, mut out) = parse(text);
    let mut checker = Checker::default();
    checker.top(&tree);
    out.extend(checker.finish());
    out
}

// ---------------------------------------------------------------------------------------------
// Parsing

#[derive(Debug, Clone)]
struct Tok {
    text: String,
    line: usize,
    start: usize,
    end: usize,
}

impl Tok {
    fn error(&self, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.line, msg).columns(self.start, self.end)
    }

    fn warning(&self, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.line, msg).columns(self.start, self.end)
    }
}

/// `key: value`, or `name {` ... `}`.
#[derive(Debug, Clone)]
enum Item {
    Key { key: Tok, value: Tok },
    Section { name: Tok, items: Vec<Item> },
}

/// A word of `line` between byte offsets, trimmed, as a token.
fn tok(line: &str, n: usize, from: usize, to: usize) -> Tok {
    let part = &line[from..to];
    let start = from + (part.len() - part.trim_start().len());
    let text = part.trim();
    Tok {
        text: text.to_string(),
        line: n,
        start,
        end: start + text.len(),
    }
}

/// Reads the file the way corosync's parser does: one item per line, whole-line `#` comments
/// only (a `#` after a value is part of the value). Unbalanced braces are reported where they
/// are and parsing goes on.
fn parse(text: &str) -> (Vec<Item>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut stack: Vec<(Option<Tok>, Vec<Item>)> = vec![(None, Vec::new())];
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(pos) = line.find('{') {
            open_section(line, n, pos, &mut stack, &mut out);
        } else if let Some(pos) = line.find('}') {
            close_section(line, n, pos, &mut stack, &mut out);
        } else if let Some(pos) = line.find(':') {
            key_value(line, n, pos, &mut stack, &mut out);
        } else {
            let t = tok(line, n, 0, line.len());
            let d = t.error("line is not `key: value`, `section {` or `}`");
            out.push(d.help(
                "corosync rejects it with a parser error; keys and values are separated by `:`",
            ));
        }
    }
    while stack.len() > 1 {
        if let Some((Some(name), items)) = stack.pop() {
            out.push(
                name.error(format!("section `{}` is never closed", name.text))
                    .help("add the missing `}`"),
            );
            if let Some(parent) = stack.last_mut() {
                parent.1.push(Item::Section { name, items });
            }
        }
    }
    (stack.pop().map(|s| s.1).unwrap_or_default(), out)
}

fn open_section(
    line: &str,
    n: usize,
    pos: usize,
    stack: &mut Vec<(Option<Tok>, Vec<Item>)>,
    out: &mut Vec<Diagnostic>,
) {
    let name = tok(line, n, 0, pos);
    let rest = tok(line, n, pos + 1, line.len());
    if !rest.text.is_empty() {
        out.push(
            rest.error("unexpected text after `{`")
                .help("put each key on its own line"),
        );
    }
    if name.text.is_empty() || name.text.contains(char::is_whitespace) {
        let at = if name.text.is_empty() {
            tok(line, n, pos, pos + 1)
        } else {
            name.clone()
        };
        out.push(at.error("a section is opened by a single name followed by `{`"));
    }
    stack.push((Some(name), Vec::new()));
}

fn close_section(
    line: &str,
    n: usize,
    pos: usize,
    stack: &mut Vec<(Option<Tok>, Vec<Item>)>,
    out: &mut Vec<Diagnostic>,
) {
    let brace = tok(line, n, pos, pos + 1);
    if line.trim() != "}" {
        out.push(tok(line, n, 0, line.len()).error("a `}` must be alone on its line"));
    }
    if stack.len() < 2 {
        out.push(
            brace
                .error("unexpected `}`")
                .help("there is no open section to close here"),
        );
        return;
    }
    if let Some((Some(name), items)) = stack.pop()
        && let Some(parent) = stack.last_mut()
    {
        parent.1.push(Item::Section { name, items });
    }
}

fn key_value(
    line: &str,
    n: usize,
    pos: usize,
    stack: &mut [(Option<Tok>, Vec<Item>)],
    out: &mut Vec<Diagnostic>,
) {
    let key = tok(line, n, 0, pos);
    let value = tok(line, n, pos + 1, line.len());
    if key.text.is_empty() || key.text.contains(char::is_whitespace) {
        out.push(
            key.error(format!("invalid key `{}`", key.text))
                .help("expected `key: value`"),
        );
        return;
    }
    if value.text.is_empty() {
        out.push(key.error(format!("`{}` has no value", key.text)));
        return;
    }
    if let Some(top) = stack.last_mut() {
        top.1.push(Item::Key { key, value });
    }
}

// ---------------------------------------------------------------------------------------------
// Key tables

/// What a key accepts.
#[derive(Debug, Clone, Copy)]
enum K {
    Any,
    Int(i64, i64),
    /// `0` or `1`, as votequorum wants.
    Bool,
    /// `yes`/`no` (corosync also takes `on`/`off`).
    YesNo,
    Choice(&'static [&'static str]),
    Port,
    /// An IP address or a host name.
    Addr,
    /// Removed in Corosync 3; the help says what replaces it.
    Removed(&'static str),
    /// Still read, but renamed; the string is the new name.
    Renamed(&'static str),
    Section(Sec),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sec {
    Top,
    Totem,
    Interface,
    Nodelist,
    Node,
    Quorum,
    Device,
    DeviceNet,
    Heuristics,
    Logging,
    LoggerSubsys,
    System,
    Nozzle,
    Uidgid,
    /// Contents not checked.
    Opaque,
}

const MAX: i64 = i64::MAX;
const U32: i64 = u32::MAX as i64;
const NO_RRP: &str = "Corosync 3 has no redundant rings: give each node one `ringX_addr` per knet link and set `link_mode` in totem";

const TOP: &[(&str, K)] = &[
    ("totem", K::Section(Sec::Totem)),
    ("nodelist", K::Section(Sec::Nodelist)),
    ("quorum", K::Section(Sec::Quorum)),
    ("logging", K::Section(Sec::Logging)),
    ("system", K::Section(Sec::System)),
    ("resources", K::Section(Sec::Opaque)),
    ("nozzle", K::Section(Sec::Nozzle)),
    ("uidgid", K::Section(Sec::Uidgid)),
    (
        "amf",
        K::Removed("the AMF service was removed in Corosync 2"),
    ),
];

const TOTEM: &[(&str, K)] = &[
    ("version", K::Choice(&["2"])),
    ("cluster_name", K::Any),
    ("transport", K::Choice(&["knet", "udp", "udpu"])),
    (
        "crypto_cipher",
        K::Choice(&["none", "aes256", "aes192", "aes128"]),
    ),
    (
        "crypto_hash",
        K::Choice(&["none", "md5", "sha1", "sha256", "sha384", "sha512"]),
    ),
    ("crypto_model", K::Choice(&["nss", "openssl"])),
    ("secauth", K::Choice(&["on", "off"])),
    ("keyfile", K::Any),
    ("key", K::Any),
    ("link_mode", K::Choice(&["passive", "active", "rr"])),
    (
        "ip_version",
        K::Choice(&["ipv4", "ipv6", "ipv4-6", "ipv6-4"]),
    ),
    ("token", K::Int(1, MAX)),
    ("token_coefficient", K::Int(0, MAX)),
    ("token_retransmit", K::Int(1, MAX)),
    ("token_retransmits_before_loss_const", K::Int(1, MAX)),
    ("token_warning", K::Int(0, 100)),
    ("hold", K::Int(1, MAX)),
    ("join", K::Int(1, MAX)),
    ("send_join", K::Int(0, MAX)),
    ("consensus", K::Int(1, MAX)),
    ("merge", K::Int(1, MAX)),
    ("downcheck", K::Int(1, MAX)),
    ("fail_recv_const", K::Int(1, MAX)),
    ("seqno_unchanged_const", K::Int(1, MAX)),
    ("heartbeat_failures_allowed", K::Int(0, MAX)),
    ("max_network_delay", K::Int(1, MAX)),
    ("window_size", K::Int(1, MAX)),
    ("max_messages", K::Int(1, MAX)),
    ("miss_count_const", K::Int(1, MAX)),
    ("netmtu", K::Int(1, MAX)),
    ("knet_mtu", K::Int(0, MAX)),
    ("knet_pmtud_interval", K::Int(1, MAX)),
    (
        "knet_compression_model",
        K::Choice(&[
            "none", "zlib", "lz4", "lz4hc", "lzo2", "lzma", "bzip2", "zstd",
        ]),
    ),
    ("knet_compression_threshold", K::Int(0, MAX)),
    ("knet_compression_level", K::Int(i64::MIN, MAX)),
    ("config_version", K::Int(0, MAX)),
    ("clear_node_high_bit", K::YesNo),
    ("block_unlisted_ips", K::YesNo),
    ("cancel_token_hold_on_retransmit", K::YesNo),
    ("nodeid", K::Renamed("nodelist.node.nodeid")),
    ("vsftype", K::Any),
    ("interface", K::Section(Sec::Interface)),
    ("rrp_mode", K::Removed(NO_RRP)),
    ("rrp_problem_count_timeout", K::Removed(NO_RRP)),
    ("rrp_problem_count_threshold", K::Removed(NO_RRP)),
    ("rrp_problem_count_mcast_threshold", K::Removed(NO_RRP)),
    ("rrp_token_expired_timeout", K::Removed(NO_RRP)),
    ("rrp_autorecovery_check_timeout", K::Removed(NO_RRP)),
    (
        "threads",
        K::Removed("Corosync 3 encrypts in the knet threads; remove it"),
    ),
];

const INTERFACE: &[(&str, K)] = &[
    ("linknumber", K::Int(0, 7)),
    ("ringnumber", K::Renamed("linknumber")),
    ("knet_link_priority", K::Int(0, 255)),
    ("knet_ping_interval", K::Int(1, MAX)),
    ("knet_ping_timeout", K::Int(1, MAX)),
    ("knet_ping_precision", K::Int(1, MAX)),
    ("knet_pong_count", K::Int(1, MAX)),
    ("knet_transport", K::Choice(&["udp", "sctp"])),
    ("bindnetaddr", K::Addr),
    ("broadcast", K::YesNo),
    ("mcastaddr", K::Addr),
    ("mcastport", K::Port),
    ("ttl", K::Int(0, 255)),
];

const NODELIST: &[(&str, K)] = &[("node", K::Section(Sec::Node))];

const NODE: &[(&str, K)] = &[
    ("name", K::Any),
    ("nodeid", K::Int(1, U32)),
    ("quorum_votes", K::Int(0, U32)),
    ("ring0_addr", K::Addr),
    ("ring1_addr", K::Addr),
    ("ring2_addr", K::Addr),
    ("ring3_addr", K::Addr),
    ("ring4_addr", K::Addr),
    ("ring5_addr", K::Addr),
    ("ring6_addr", K::Addr),
    ("ring7_addr", K::Addr),
];

const QUORUM: &[(&str, K)] = &[
    ("provider", K::Choice(&["corosync_votequorum"])),
    ("expected_votes", K::Int(1, U32)),
    ("two_node", K::Bool),
    ("wait_for_all", K::Bool),
    ("last_man_standing", K::Bool),
    ("last_man_standing_window", K::Int(1, MAX)),
    ("auto_tie_breaker", K::Bool),
    ("auto_tie_breaker_node", K::Any),
    ("allow_downscale", K::Bool),
    ("expected_votes_tracking", K::Bool),
    ("device", K::Section(Sec::Device)),
];

const DEVICE: &[(&str, K)] = &[
    ("model", K::Choice(&["net"])),
    ("votes", K::Int(1, U32)),
    ("timeout", K::Int(1, MAX)),
    ("sync_timeout", K::Int(1, MAX)),
    ("net", K::Section(Sec::DeviceNet)),
    ("heuristics", K::Section(Sec::Heuristics)),
];

const DEVICE_NET: &[(&str, K)] = &[
    ("host", K::Addr),
    ("port", K::Port),
    ("algorithm", K::Choice(&["ffsplit", "lms"])),
    ("tie_breaker", K::Any),
    ("tls", K::Choice(&["on", "off", "required"])),
    ("connect_timeout", K::Int(1, MAX)),
    ("force_ip_version", K::Choice(&["0", "4", "6"])),
    (
        "keep_active_partition_tie_breaker",
        K::Choice(&["on", "off"]),
    ),
];

const HEURISTICS: &[(&str, K)] = &[
    ("mode", K::Choice(&["on", "sync", "off"])),
    ("timeout", K::Int(1, MAX)),
    ("sync_timeout", K::Int(1, MAX)),
    ("interval", K::Int(1, MAX)),
];

#[rustfmt::skip]
const PRIORITIES: &[&str] = &[
    "alert", "crit", "debug", "emerg", "err", "info", "notice", "warning",
];
#[rustfmt::skip]
const FACILITIES: &[&str] = &[
    "daemon", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
];

const LOGGING: &[(&str, K)] = &[
    ("to_logfile", K::YesNo),
    ("logfile", K::Any),
    ("logfile_priority", K::Choice(PRIORITIES)),
    ("to_syslog", K::YesNo),
    ("to_stderr", K::YesNo),
    ("syslog_facility", K::Choice(FACILITIES)),
    ("syslog_priority", K::Choice(PRIORITIES)),
    ("timestamp", K::Choice(&["on", "off", "hires"])),
    ("debug", K::Choice(&["on", "off", "trace"])),
    ("fileline", K::YesNo),
    ("function_name", K::YesNo),
    ("blackbox", K::YesNo),
    ("logger_subsys", K::Section(Sec::LoggerSubsys)),
];

const LOGGER_SUBSYS: &[(&str, K)] = &[
    ("subsys", K::Any),
    ("to_logfile", K::YesNo),
    ("logfile", K::Any),
    ("logfile_priority", K::Choice(PRIORITIES)),
    ("to_syslog", K::YesNo),
    ("to_stderr", K::YesNo),
    ("syslog_facility", K::Choice(FACILITIES)),
    ("syslog_priority", K::Choice(PRIORITIES)),
    ("timestamp", K::Choice(&["on", "off", "hires"])),
    ("debug", K::Choice(&["on", "off", "trace"])),
    ("fileline", K::YesNo),
    ("function_name", K::YesNo),
];

const SYSTEM: &[(&str, K)] = &[
    ("sched_rr", K::YesNo),
    ("priority", K::Any),
    ("qb_ipc_type", K::Choice(&["native", "shm", "socket"])),
    ("move_to_root_cgroup", K::Choice(&["yes", "no", "auto"])),
    ("allow_knet_handle_fallback", K::YesNo),
    ("state_dir", K::Any),
];

const NOZZLE: &[(&str, K)] = &[
    ("name", K::Any),
    ("ipaddr", K::Addr),
    ("ipprefix", K::Int(0, 128)),
    ("macaddr", K::Any),
];
const UIDGID: &[(&str, K)] = &[("uid", K::Any), ("gid", K::Any)];

fn table(sec: Sec) -> &'static [(&'static str, K)] {
    match sec {
        Sec::Top => TOP,
        Sec::Totem => TOTEM,
        Sec::Interface => INTERFACE,
        Sec::Nodelist => NODELIST,
        Sec::Node => NODE,
        Sec::Quorum => QUORUM,
        Sec::Device => DEVICE,
        Sec::DeviceNet => DEVICE_NET,
        Sec::Heuristics => HEURISTICS,
        Sec::Logging => LOGGING,
        Sec::LoggerSubsys => LOGGER_SUBSYS,
        Sec::System => SYSTEM,
        Sec::Nozzle => NOZZLE,
        Sec::Uidgid => UIDGID,
        Sec::Opaque => &[],
    }
}

fn section_label(sec: Sec) -> &'static str {
    match sec {
        Sec::Top => "the top level",
        Sec::Totem => "totem",
        Sec::Interface => "totem.interface",
        Sec::Nodelist => "nodelist",
        Sec::Node => "nodelist.node",
        Sec::Quorum => "quorum",
        Sec::Device => "quorum.device",
        Sec::DeviceNet => "quorum.device.net",
        Sec::Heuristics => "quorum.device.heuristics",
        Sec::Logging => "logging",
        Sec::LoggerSubsys => "logging.logger_subsys",
        Sec::System => "system",
        Sec::Nozzle => "nozzle",
        Sec::Uidgid => "uidgid",
        Sec::Opaque => "",
    }
}

// ---------------------------------------------------------------------------------------------
// Values

fn with_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

fn is_hostname(s: &str) -> bool {
    s.len() <= 253
        && !s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.trim_end_matches('.').split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Why `value` does not fit `k`, with what was expected.
fn value_problem(key: &str, value: &str, k: K) -> Option<(String, String)> {
    match k {
        K::Any | K::Section(_) | K::Removed(_) | K::Renamed(_) => None,
        K::Int(min, max) => int_problem(key, value, min, max),
        K::Bool => (!matches!(value, "0" | "1")).then(|| {
            (
                format!("`{key}` must be 0 or 1, not `{value}`"),
                "votequorum flags are 0 or 1".into(),
            )
        }),
        K::YesNo => (!matches!(value, "yes" | "no" | "on" | "off")).then(|| {
            (
                format!("`{key}` must be yes or no, not `{value}`"),
                "expected `yes` or `no`".into(),
            )
        }),
        K::Choice(choices) => (!choices.contains(&value)).then(|| {
            (
                format!("invalid `{key}` value `{value}`"),
                choice_help(value, choices),
            )
        }),
        K::Port => int_problem(key, value, 1, 65535),
        K::Addr => (value.parse::<IpAddr>().is_err() && !is_hostname(value)).then(|| {
            (
                format!("`{key}`: `{value}` is neither an IP address nor a host name"),
                "expected an IPv4/IPv6 address or a resolvable host name".into(),
            )
        }),
    }
}

/// The near match, if any, and always the full list: the lists are short and a near match of a
/// cipher name is not necessarily the one meant.
fn choice_help(value: &str, choices: &[&str]) -> String {
    let all = format!(
        "expected {}",
        choices
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    match hint(value, choices.iter().copied()) {
        Some(h) if choices.len() > 1 => format!("{h} {all}"),
        _ => all,
    }
}

fn int_problem(key: &str, value: &str, min: i64, max: i64) -> Option<(String, String)> {
    let range = match (min, max) {
        (i64::MIN, MAX) => "an integer".to_string(),
        (_, MAX) => format!("an integer of at least {min}"),
        _ => format!("an integer from {min} to {max}"),
    };
    match value.parse::<i64>() {
        Ok(v) if (min..=max).contains(&v) => None,
        Ok(_) => Some((
            format!("`{key}` value {value} is out of range"),
            format!("expected {range}"),
        )),
        Err(_) => Some((
            format!("value of `{key}` is expected to be an integer, not `{value}`"),
            format!("expected {range}"),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// The checker

#[derive(Debug, Default)]
struct Node {
    line: usize,
    name: Option<Tok>,
    nodeid: Option<(u64, Tok)>,
    votes: u64,
    rings: Vec<(u8, Tok)>,
    /// Keys present in the node block, valid or not.
    seen: Vec<String>,
}

#[derive(Debug, Default)]
struct Interface {
    line: usize,
    linknumber: Option<(u8, Tok)>,
    keys: Vec<(String, Tok)>,
}

#[derive(Default)]
struct Checker {
    out: Vec<Diagnostic>,
    totem: Option<Tok>,
    /// Keys of totem, quorum and logging, by section, for the cross-checks.
    keys: Vec<(Sec, String, Tok, Tok)>,
    interfaces: Vec<Interface>,
    nodelist: Option<Tok>,
    nodes: Vec<Node>,
    quorum: Option<Tok>,
    present: Vec<(Sec, String)>,
}

impl Checker {
    fn top(&mut self, tree: &[Item]) {
        self.section(tree, Sec::Top);
    }

    fn section(&mut self, items: &[Item], sec: Sec) {
        let table = table(sec);
        let mut seen: Vec<&Tok> = Vec::new();
        for item in items {
            let name = match item {
                Item::Key { key, .. } => key,
                Item::Section { name, .. } => name,
            };
            let Some(&(_, k)) = table.iter().find(|e| e.0 == name.text) else {
                self.unknown(name, sec, matches!(item, Item::Key { .. }));
                continue;
            };
            match item {
                Item::Key { key, value } => {
                    self.duplicate(&mut seen, key, sec);
                    self.key(sec, key, value, k);
                }
                Item::Section { name, items } => self.subsection(name, items, k),
            }
        }
    }

    fn unknown(&mut self, name: &Tok, sec: Sec, is_key: bool) {
        if sec == Sec::Opaque {
            return;
        }
        if sec == Sec::Top && is_key {
            let d = name.error(format!("key `{}` outside any section", name.text));
            let help = self.elsewhere(&name.text, sec).unwrap_or_else(|| {
                "put it in the section it belongs to, e.g. `totem { ... }`".into()
            });
            return self.out.push(d.help(help));
        }
        let names = table(sec).iter().map(|e| e.0);
        let link = name
            .text
            .strip_prefix("ring")
            .and_then(|r| r.strip_suffix("_addr"))
            .filter(|n| n.parse::<u32>().is_ok());
        if let (Sec::Node, Some(n)) = (sec, link) {
            let d = name.error(format!("link {n} does not exist"));
            return self
                .out
                .push(d.help("knet links are numbered 0 to 7: `ring0_addr` to `ring7_addr`"));
        }
        let what = if sec == Sec::Top { "section" } else { "key" };
        let d = name.error(format!(
            "unknown {what} `{}` in {}",
            name.text,
            section_label(sec)
        ));
        let help = hint(&name.text, names).or_else(|| self.elsewhere(&name.text, sec));
        self.out.push(with_help(d, help));
    }

    /// A known key in the wrong section: say where it belongs.
    fn elsewhere(&self, name: &str, sec: Sec) -> Option<String> {
        let all = [
            Sec::Top,
            Sec::Totem,
            Sec::Interface,
            Sec::Nodelist,
            Sec::Node,
            Sec::Quorum,
            Sec::Logging,
            Sec::System,
        ];
        let home = all
            .into_iter()
            .find(|s| *s != sec && table(*s).iter().any(|e| e.0 == name))?;
        Some(format!("`{name}` belongs in {}", section_label(home)))
    }

    /// corosync keeps the last of two identical keys; the first one is dead text.
    fn duplicate<'a>(&mut self, seen: &mut Vec<&'a Tok>, key: &'a Tok, sec: Sec) {
        if let Some(first) = seen.iter().find(|t| t.text == key.text) {
            let d = key.warning(format!(
                "`{}` is set twice in {}",
                key.text,
                section_label(sec)
            ));
            self.out
                .push(d.help(format!("the value on line {} is overridden", first.line)));
        }
        seen.push(key);
    }

    fn key(&mut self, sec: Sec, key: &Tok, value: &Tok, k: K) {
        match k {
            K::Section(_) => {
                let d = key.error(format!("`{}` is a section, not a key", key.text));
                return self
                    .out
                    .push(d.help(format!("write `{} {{` ... `}}`", key.text)));
            }
            K::Removed(help) => {
                return self.out.push(
                    key.error(format!("`{}` was removed in Corosync 3", key.text))
                        .help(help),
                );
            }
            K::Renamed(new) => self.out.push(
                key.warning(format!("`{}` is deprecated", key.text))
                    .help(format!("use `{new}`")),
            ),
            _ => {}
        }
        // Presence is kept apart from valid values, so `version: 3` is not also "missing".
        self.present.push((sec, key.text.clone()));
        if sec == Sec::Node {
            self.record_node(key, value);
        }
        if let Some((msg, help)) = value_problem(&key.text, &value.text, k) {
            // corosync has no trailing comments: `token: 3000 # ms` is the value "3000 # ms".
            let help = if value.text.contains('#') {
                "corosync only has whole-line comments; move the `#` text to its own line"
                    .to_string()
            } else {
                help
            };
            return self.out.push(value.error(msg).help(help));
        }
        self.record(sec, key, value);
    }

    fn subsection(&mut self, name: &Tok, items: &[Item], k: K) {
        if let K::Removed(help) = k {
            let d = name.error(format!("`{}` was removed", name.text));
            return self.out.push(d.help(help));
        }
        let K::Section(sub) = k else {
            let d = name.error(format!("`{}` is a key, not a section", name.text));
            return self
                .out
                .push(d.help(format!("write `{}: VALUE`", name.text)));
        };
        match sub {
            Sec::Totem => self.totem = Some(name.clone()),
            Sec::Nodelist => self.nodelist = Some(name.clone()),
            Sec::Quorum => self.quorum = Some(name.clone()),
            Sec::Node => self.nodes.push(Node {
                line: name.line,
                votes: 1,
                ..Node::default()
            }),
            Sec::Interface => self.interfaces.push(Interface {
                line: name.line,
                ..Interface::default()
            }),
            _ => {}
        }
        self.section(items, sub);
    }

    fn record(&mut self, sec: Sec, key: &Tok, value: &Tok) {
        match sec {
            Sec::Node => {}
            Sec::Interface => {
                if let Some(iface) = self.interfaces.last_mut() {
                    if key.text == "linknumber" || key.text == "ringnumber" {
                        iface.linknumber = value.text.parse().ok().map(|n| (n, value.clone()));
                    }
                    iface.keys.push((key.text.clone(), value.clone()));
                }
            }
            _ => self
                .keys
                .push((sec, key.text.clone(), key.clone(), value.clone())),
        }
    }

    fn record_node(&mut self, key: &Tok, value: &Tok) {
        let Some(node) = self.nodes.last_mut() else {
            return;
        };
        node.seen.push(key.text.clone());
        let ring = key
            .text
            .strip_prefix("ring")
            .and_then(|r| r.strip_suffix("_addr"))
            .and_then(|n| n.parse::<u8>().ok());
        match (key.text.as_str(), ring) {
            (_, Some(link)) => node.rings.push((link, value.clone())),
            ("name", _) => node.name = Some(value.clone()),
            ("nodeid", _) => node.nodeid = value.text.parse().ok().map(|id| (id, value.clone())),
            ("quorum_votes", _) => node.votes = value.text.parse().unwrap_or(1),
            _ => {}
        }
    }

    /// Whether `key` is written in `sec`, with a valid value or not.
    fn has(&self, sec: Sec, key: &str) -> bool {
        self.present.iter().any(|(s, k)| *s == sec && k == key)
    }

    /// The value of `key` in `sec`, if set (the last one wins, as in corosync).
    fn get(&self, sec: Sec, key: &str) -> Option<&Tok> {
        self.keys
            .iter()
            .rev()
            .find(|(s, k, _, _)| *s == sec && k == key)
            .map(|e| &e.3)
    }

    // -- cross-checks --------------------------------------------------------------------------

    fn finish(mut self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        found.extend(self.totem_findings());
        found.extend(self.transport_findings());
        found.extend(self.crypto_findings());
        found.extend(self.consensus_findings());
        found.extend(self.node_findings());
        found.extend(self.link_findings());
        found.extend(self.quorum_findings());
        self.out.extend(found);
        self.out
    }

    fn transport(&self) -> &str {
        self.get(Sec::Totem, "transport")
            .map_or("knet", |t| t.text.as_str())
    }

    fn totem_findings(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        match &self.totem {
            None => found.push(
                Diagnostic::error(0, "no `totem` section")
                    .help("add `totem { version: 2 cluster_name: NAME transport: knet ... }`"),
            ),
            Some(t) if !self.has(Sec::Totem, "version") => {
                found.push(t.error("totem has no `version`").help("add `version: 2`"));
            }
            Some(_) => {}
        }
        if let Some(v) = self.get(Sec::Totem, "secauth") {
            let d = v.warning("`secauth` is deprecated");
            found.push(d.help(
                "set `crypto_cipher` and `crypto_hash` instead (secauth: on means aes256 + sha256)",
            ));
        }
        found
    }

    fn transport_findings(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let transport = self.transport();
        if let Some(t) = self
            .get(Sec::Totem, "transport")
            .filter(|_| transport != "knet")
        {
            let d = t.warning(format!(
                "transport `{transport}` is deprecated in Corosync 3"
            ));
            found.push(
                d.help("use `knet`, the default, which also gives encryption and up to 8 links"),
            );
        }
        let knet = transport == "knet";
        for iface in &self.interfaces {
            for (key, value) in iface.keys.iter().filter(|(k, _)| {
                knet && matches!(
                    k.as_str(),
                    "bindnetaddr" | "mcastaddr" | "broadcast" | "ttl"
                )
            }) {
                let d = value.warning(format!(
                    "`{key}` is only used by the udp transport; knet ignores it"
                ));
                found.push(d.help("knet binds to each node's `ringX_addr`; remove it"));
            }
        }
        if self.nodelist.is_none() && transport != "udp" {
            let d = Diagnostic::error(
                0,
                format!("no `nodelist` section; the {transport} transport needs one"),
            );
            found.push(
                d.help("add `nodelist { node { ring0_addr: ADDR name: NAME nodeid: N } ... }`"),
            );
        }
        found
    }

    fn crypto_findings(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let cipher = self
            .get(Sec::Totem, "crypto_cipher")
            .filter(|t| t.text != "none");
        let hash = self
            .get(Sec::Totem, "crypto_hash")
            .filter(|t| t.text != "none");
        let secauth = self
            .get(Sec::Totem, "secauth")
            .is_some_and(|t| t.text == "on");
        if let (Some(c), None) = (cipher, hash) {
            let d = c.error(format!(
                "`crypto_cipher: {}` without a `crypto_hash`",
                c.text
            ));
            found.push(
                d.help("corosync requires a hash when a cipher is set: add `crypto_hash: sha256`"),
            );
        }
        let encrypted = cipher.is_some() || hash.is_some() || secauth;
        match (self.transport(), encrypted) {
            ("knet", false) => {
                let at = self.totem.as_ref().map_or(0, |t| t.line);
                let d = Diagnostic::warning(
                    at,
                    "cluster traffic is neither authenticated nor encrypted",
                );
                found.push(d.help("set `crypto_cipher: aes256` and `crypto_hash: sha256`, with a key from `corosync-keygen`"));
            }
            ("knet", true) => {}
            (other, true) => {
                let t = cipher.or(hash).or(self.get(Sec::Totem, "secauth"));
                if let Some(t) = t {
                    found.push(
                        t.error(format!(
                            "crypto is only supported by the knet transport, not `{other}`"
                        ))
                        .help("use `transport: knet`"),
                    );
                }
            }
            _ => {}
        }
        found
    }

    /// corosync rejects a consensus timeout below the join timeout. corosync.conf(5) also asks for
    /// at least 1.2 × token (adjusted for the node count), which corosync does not enforce: a
    /// shorter one makes membership rounds start before the token is declared lost.
    fn consensus_findings(&self) -> Option<Diagnostic> {
        let consensus = self.get(Sec::Totem, "consensus")?;
        let value: i64 = consensus.text.parse().ok()?;
        let number = |k: &str, default: i64| {
            self.get(Sec::Totem, k)
                .and_then(|t| t.text.parse().ok())
                .unwrap_or(default)
        };
        let join = number("join", 50);
        if value < join {
            let d = consensus.error(format!(
                "consensus {value} ms is less than the join timeout ({join} ms)"
            ));
            return Some(d.help("corosync refuses this; raise consensus or lower join"));
        }
        let extra_nodes = i64::try_from(self.nodes.len().saturating_sub(2)).unwrap_or(0);
        let token = number("token", 3000) + extra_nodes * number("token_coefficient", 650);
        let min = token.saturating_mul(12) / 10;
        (value < min).then(|| {
            let d = consensus.warning(format!("consensus {value} ms is less than 1.2 × token ({min} ms)"));
            d.help(format!("corosync.conf(5) requires at least {min}; or leave it out: it defaults to 1.2 × token"))
        })
    }

    fn node_findings(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        if let Some(list) = &self.nodelist
            && self.nodes.is_empty()
        {
            found.push(
                list.error("`nodelist` has no `node`")
                    .help("add one `node { ... }` per cluster member"),
            );
        }
        for (i, node) in self.nodes.iter().enumerate() {
            let earlier = &self.nodes[..i];
            found.extend(node_identity(node, earlier, self.transport()));
        }
        found
    }

    fn link_findings(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let Some(first) = self.nodes.first() else {
            return found;
        };
        let links = |n: &Node| -> Vec<u8> {
            let mut l: Vec<u8> = n.rings.iter().map(|r| r.0).collect();
            l.sort_unstable();
            l.dedup();
            l
        };
        for node in &self.nodes[1..] {
            if links(node) != links(first) {
                let d = Diagnostic::error(
                    node.line,
                    format!(
                        "this node has links {:?} but the node on line {} has {:?}",
                        links(node),
                        first.line,
                        links(first)
                    ),
                );
                found.push(d.help(
                    "every node needs one `ringX_addr` for each link, with the same link numbers",
                ));
            }
        }
        found.extend(duplicate_addresses(&self.nodes));
        let used = links(first);
        if self.transport() != "knet" && used.len() > 1 {
            let d = Diagnostic::error(
                first.line,
                format!("the {} transport supports a single link", self.transport()),
            );
            found.push(d.help("use `transport: knet` for redundant links"));
        }
        found.extend(self.interface_links(&used));
        found
    }

    fn interface_links(&self, used: &[u8]) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (i, iface) in self.interfaces.iter().enumerate() {
            let Some((link, tok)) = &iface.linknumber else {
                continue;
            };
            if let Some(other) = self.interfaces[..i]
                .iter()
                .find(|o| o.linknumber.as_ref().is_some_and(|l| l.0 == *link))
            {
                found.push(
                    tok.error(format!("a second `interface` for link {link}"))
                        .help(format!(
                            "link {link} is already configured on line {}",
                            other.line
                        )),
                );
            } else if !used.is_empty() && !used.contains(link) {
                let d = tok.error(format!(
                    "`interface` for link {link}, but no node has `ring{link}_addr`"
                ));
                found.push(d.help("corosync then finds that not all nodes have the same links; add the address to every node, or remove this section"));
            }
        }
        if self.transport() != "knet" {
            for (key, value) in self
                .interfaces
                .iter()
                .flat_map(|i| i.keys.iter())
                .filter(|(k, _)| k.starts_with("knet_"))
            {
                found.push(
                    value
                        .error(format!("`{key}` needs the knet transport"))
                        .help("remove it, or use `transport: knet`"),
                );
            }
        }
        found
    }

    fn quorum_findings(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        if let Some(q) = &self.quorum
            && !self.has(Sec::Quorum, "provider")
        {
            let d = q.warning("`quorum` has no `provider`, so the cluster runs without quorum");
            found.push(d.help("add `provider: corosync_votequorum`"));
        }
        let nodes = self.nodes.len();
        if let Some(t) = self
            .get(Sec::Quorum, "two_node")
            .filter(|t| t.text == "1" && nodes != 2)
        {
            let d = t.error(format!("`two_node: 1` with {nodes} nodes"));
            found.push(d.help(
                "two_node is for 2-node clusters only; remove it, or list exactly two nodes",
            ));
        }
        let votes: u64 = self.nodes.iter().map(|n| n.votes).sum();
        let expected = self
            .get(Sec::Quorum, "expected_votes")
            .and_then(|t| t.text.parse::<u64>().ok().map(|v| (v, t)));
        if let Some((v, t)) = expected.filter(|(v, _)| nodes > 0 && *v != votes) {
            let d = t.error(format!(
                "`expected_votes: {v}` but the nodelist has {votes} votes"
            ));
            found.push(d.help(format!(
                "set it to {votes}, or leave it out: votequorum computes it from the nodelist"
            )));
        }
        found.extend(
            self.get(Sec::Quorum, "auto_tie_breaker_node")
                .and_then(tie_breaker_problem),
        );
        found
    }
}

/// nodeid and name of a node against the ones before it.
fn node_identity(node: &Node, earlier: &[Node], transport: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    match &node.nodeid {
        Some((id, tok)) => {
            if let Some(other) = earlier
                .iter()
                .find(|o| o.nodeid.as_ref().is_some_and(|o| o.0 == *id))
            {
                found.push(
                    tok.error(format!("nodeid {id} appears twice"))
                        .help(format!(
                            "the node on line {} has it too; node IDs must be unique",
                            other.line
                        )),
                );
            }
        }
        None if transport == "knet" && !node.seen.iter().any(|k| k == "nodeid") => {
            found.push(
                Diagnostic::error(node.line, "node has no `nodeid`")
                    .help("knet needs an explicit, unique `nodeid` for every node"),
            );
        }
        None => {}
    }
    if node.rings.iter().all(|r| r.0 != 0) {
        found.push(
            Diagnostic::error(node.line, "node has no `ring0_addr`")
                .help("link 0 is required on every node"),
        );
    }
    if let Some(name) = &node.name
        && let Some(other) = earlier
            .iter()
            .find(|o| o.name.as_ref().is_some_and(|o| o.text == name.text))
    {
        found.push(
            name.error(format!("node name `{}` appears twice", name.text))
                .help(format!("already used by the node on line {}", other.line)),
        );
    }
    found
}

/// The same address on one link for two nodes (or twice in one node) breaks that link.
fn duplicate_addresses(nodes: &[Node]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut seen: Vec<(u8, &Tok)> = Vec::new();
    for (link, tok) in nodes.iter().flat_map(|n| n.rings.iter()) {
        if let Some((_, first)) = seen.iter().find(|(l, t)| l == link && t.text == tok.text) {
            let d = tok.error(format!(
                "address `{}` is used twice on link {link}",
                tok.text
            ));
            found.push(d.help(format!(
                "line {} has it too; each node needs its own address",
                first.line
            )));
        }
        seen.push((*link, tok));
    }
    found
}

/// `lowest`, `highest`, or a list of node IDs.
fn tie_breaker_problem(value: &Tok) -> Option<Diagnostic> {
    let ok = matches!(value.text.as_str(), "lowest" | "highest")
        || value
            .text
            .split_whitespace()
            .all(|id| id.parse::<u32>().is_ok_and(|v| v > 0));
    (!ok).then(|| {
        value
            .error(format!(
                "invalid `auto_tie_breaker_node` value `{}`",
                value.text
            ))
            .help("expected `lowest`, `highest` or a space-separated list of node IDs")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "# Corosync 3 for a three-controller control plane, two knet links.
totem {
    version: 2
    cluster_name: openstack
    transport: knet
    crypto_cipher: aes256
    crypto_hash: sha256
    link_mode: passive
    token: 3000

    interface {
        linknumber: 0
        knet_link_priority: 20
    }

    interface {
        linknumber: 1
        knet_link_priority: 10
    }
}

nodelist {
    node {
        ring0_addr: 10.0.0.11
        ring1_addr: 192.168.100.11
        name: controller1
        nodeid: 1
    }

    node {
        ring0_addr: 10.0.0.12
        ring1_addr: 192.168.100.12
        name: controller2
        nodeid: 2
    }

    node {
        ring0_addr: 10.0.0.13
        ring1_addr: 192.168.100.13
        name: controller3
        nodeid: 3
    }
}

quorum {
    provider: corosync_votequorum
    expected_votes: 3
    wait_for_all: 1
}

logging {
    to_logfile: yes
    logfile: /var/log/corosync/corosync.log
    to_syslog: yes
    timestamp: on
    debug: off
    logger_subsys {
        subsys: QUORUM
        debug: off
    }
}
";

    fn errors(text: &str) -> Vec<Diagnostic> {
        check(text)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()
    }

    fn assert_error(text: &str, line: usize, help: Option<&str>) -> Diagnostic {
        let found = errors(text);
        let matches = |d: &&Diagnostic| {
            d.line == line && help.is_none_or(|h| d.help.as_deref().is_some_and(|x| x.contains(h)))
        };
        let d = found
            .iter()
            .find(matches)
            .unwrap_or_else(|| panic!("no error on line {line} with help {help:?}: {found:#?}"));
        d.clone()
    }

    fn assert_warning(text: &str, line: usize, needle: &str) {
        let found = check(text);
        assert!(
            found
                .iter()
                .any(|d| !d.is_error() && d.line == line && d.message.contains(needle)),
            "no warning with {needle:?} on line {line}: {found:#?}"
        );
    }

    /// VALID with line `line` (1-based) replaced by `with` (which may hold several lines).
    fn replace(line: usize, with: &str) -> String {
        VALID
            .lines()
            .enumerate()
            .map(|(i, l)| if i + 1 == line { with } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// VALID without the lines in `from..=to`.
    fn without(from: usize, to: usize) -> String {
        VALID
            .lines()
            .enumerate()
            .filter(|(i, _)| !(from..=to).contains(&(i + 1)))
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn openstack_cluster_is_valid() {
        let all = check(VALID);
        assert!(all.is_empty(), "{all:#?}");
    }

    #[test]
    fn braces_unexpected_close() {
        let d = assert_error(&format!("{VALID}}}\n"), 62, Some("no open section"));
        assert_eq!(d.columns, Some((0, 1)));
    }

    #[test]
    fn braces_unclosed_reports_opening_line() {
        let d = assert_error(&without(61, 61), 51, Some("missing `}`"));
        assert!(d.message.contains("`logging`"), "{}", d.message);
    }

    #[test]
    fn parser_errors() {
        assert_error(&replace(9, "    token 3000"), 9, Some("separated by `:`"));
        assert_error(&replace(9, "    token:"), 9, None);
        assert_error(&replace(2, "totem { version: 2"), 2, Some("own line"));
        assert_error("bad key: 1\n", 1, Some("key: value"));
    }

    #[test]
    fn unknown_section() {
        assert_error(&replace(45, "quorom {"), 45, Some("did you mean `quorum`?"));
    }

    #[test]
    fn unknown_key_gets_near_match() {
        let d = assert_error(
            &replace(9, "    tokn: 3000"),
            9,
            Some("did you mean `token`?"),
        );
        assert_eq!(d.columns, Some((4, 8)));
        assert_error(
            &replace(12, "        linknumbr: 0"),
            12,
            Some("did you mean `linknumber`?"),
        );
        assert_error(
            &replace(27, "        nodeidd: 1"),
            27,
            Some("did you mean `nodeid`?"),
        );
        assert_error(
            &replace(48, "    wait_for_al: 1"),
            48,
            Some("did you mean `wait_for_all`?"),
        );
        assert_error(
            &replace(52, "    to_logfil: yes"),
            52,
            Some("did you mean `to_logfile`?"),
        );
    }

    #[test]
    fn key_in_wrong_section() {
        assert_error(
            &replace(48, "    token: 3000"),
            48,
            Some("belongs in totem"),
        );
        let d = assert_error(
            "token: 3000\ntotem {\n    version: 2\n}\n",
            1,
            Some("belongs in totem"),
        );
        assert!(d.message.contains("outside any section"), "{}", d.message);
        assert_error("tokn: 3000\n", 1, Some("put it in the section"));
    }

    #[test]
    fn key_versus_section() {
        assert_error(&replace(11, "    interface: eth0"), 11, Some("interface {"));
    }

    #[test]
    fn invalid_values_are_not_also_missing() {
        for (line, text) in [
            (3, "    version: 3"),
            (27, "        nodeid: abc"),
            (24, "        ring0_addr: bad!"),
            (46, "    provider: none"),
        ] {
            let found = check(&replace(line, text));
            assert_eq!(found.len(), 1, "{text}: {found:#?}");
        }
    }

    #[test]
    fn version_must_be_2() {
        assert_error(&replace(3, "    version: 3"), 3, Some("expected `2`"));
        assert_error(&without(3, 3), 2, Some("version: 2"));
    }

    #[test]
    fn transport_values_and_deprecation() {
        assert_error(
            &replace(5, "    transport: knat"),
            5,
            Some("did you mean `knet`?"),
        );
        let udpu = replace(5, "    transport: udpu")
            .replace("    crypto_cipher: aes256\n    crypto_hash: sha256\n", "");
        let udpu = udpu.replace("        ring1_addr: 192.168.100.1", "        # ring1 ");
        assert_warning(&udpu, 5, "deprecated");
    }

    #[test]
    fn crypto_values() {
        assert_error(&replace(6, "    crypto_cipher: aes512"), 6, Some("aes256"));
        assert_error(&replace(7, "    crypto_hash: sha2"), 7, Some("`sha256`"));
        assert_error(&replace(7, "    crypto_model: gnutls"), 7, Some("nss"));
    }

    #[test]
    fn cipher_needs_hash() {
        assert_error(
            &replace(7, "    crypto_hash: none"),
            6,
            Some("crypto_hash: sha256"),
        );
        assert_error(&without(7, 7), 6, Some("requires a hash"));
    }

    #[test]
    fn knet_without_crypto_warns() {
        assert_warning(&without(6, 7), 2, "neither authenticated nor encrypted");
    }

    #[test]
    fn crypto_needs_knet() {
        let text = replace(5, "    transport: udpu")
            .replace("        ring1_addr: 192.168.100.1", "        # ring1 ");
        assert_error(&text, 6, Some("transport: knet"));
    }

    #[test]
    fn secauth_deprecated() {
        assert_warning(&replace(8, "    secauth: on"), 8, "deprecated");
        assert_error(&replace(8, "    secauth: yes"), 8, Some("`on`, `off`"));
    }

    #[test]
    fn link_mode_values() {
        assert_error(
            &replace(8, "    link_mode: passiv"),
            8,
            Some("did you mean `passive`?"),
        );
    }

    #[test]
    fn rrp_mode_removed() {
        let d = assert_error(&replace(8, "    rrp_mode: active"), 8, Some("knet link"));
        assert!(d.message.contains("removed"));
    }

    #[test]
    fn integers_expected() {
        let d = assert_error(&replace(9, "    token: abc"), 9, Some("integer"));
        assert!(
            d.message.contains("expected to be an integer"),
            "{}",
            d.message
        );
        assert_error(&replace(12, "        linknumber: 8"), 12, Some("0 to 7"));
        assert_error(
            &replace(13, "        knet_link_priority: 300"),
            13,
            Some("0 to 255"),
        );
        assert_error(
            &replace(27, "        nodeid: 0"),
            27,
            Some("1 to 4294967295"),
        );
    }

    #[test]
    fn consensus_at_least_1_2_token() {
        assert_warning(
            &replace(9, "    token: 3000\n    consensus: 3000"),
            10,
            "1.2 × token (4380 ms)",
        );
        assert!(check(&replace(9, "    token: 3000\n    consensus: 4400")).is_empty());
        assert_error(
            &replace(9, "    join: 5000\n    consensus: 4400"),
            10,
            Some("corosync refuses"),
        );
    }

    #[test]
    fn udp_only_keys_warn_with_knet() {
        assert_warning(
            &replace(13, "        bindnetaddr: 10.0.0.0"),
            13,
            "only used by the udp transport",
        );
    }

    #[test]
    fn ring_addresses() {
        assert_error(
            &replace(24, "        ring0_addr: 10.0.0.311"),
            24,
            Some("IPv4/IPv6"),
        );
        assert_error(
            &replace(24, "        ring0_addr: ctl_1!"),
            24,
            Some("host name"),
        );
        assert_error(
            &replace(24, "        ring8_addr: 10.0.0.11"),
            24,
            Some("0 to 7"),
        );
        assert!(errors(&replace(24, "        ring0_addr: controller1.example.org")).is_empty());
    }

    #[test]
    fn duplicate_nodeid() {
        let d = assert_error(&replace(34, "        nodeid: 1"), 34, Some("line 23"));
        assert!(d.message.contains("nodeid 1 appears twice"));
    }

    #[test]
    fn nodeid_required_with_knet() {
        assert_error(&without(27, 27), 23, Some("nodeid"));
    }

    #[test]
    fn duplicate_names() {
        assert_error(
            &replace(33, "        name: controller1"),
            33,
            Some("line 23"),
        );
    }

    #[test]
    fn duplicate_ring_addresses() {
        assert_error(
            &replace(32, "        ring1_addr: 192.168.100.11"),
            32,
            Some("line 25"),
        );
    }

    #[test]
    fn same_links_on_every_node() {
        let d = assert_error(&without(39, 39), 37, Some("one `ringX_addr` for each link"));
        assert!(d.message.contains("links [0] but"), "{}", d.message);
        let d = assert_error(&without(38, 38), 37, Some("same link numbers"));
        assert!(d.message.contains("links [1] but"), "{}", d.message);
    }

    #[test]
    fn duplicate_interface_link() {
        assert_error(&replace(17, "        linknumber: 0"), 17, Some("line 11"));
    }

    #[test]
    fn interface_for_unused_link() {
        assert_error(
            &replace(17, "        linknumber: 2"),
            17,
            Some("same links"),
        );
    }

    #[test]
    fn knet_keys_need_knet() {
        let text = "totem {\n    version: 2\n    transport: udpu\n    interface {\n        linknumber: 0\n        knet_link_priority: 1\n    }\n}\nnodelist {\n    node {\n        ring0_addr: 10.0.0.11\n        nodeid: 1\n    }\n}\n";
        assert_error(text, 6, Some("transport: knet"));
    }

    #[test]
    fn inline_comment_is_part_of_the_value() {
        assert_error(
            &replace(9, "    token: 3000 # ms"),
            9,
            Some("whole-line comments"),
        );
    }

    #[test]
    fn quorum_provider() {
        assert_error(
            &replace(46, "    provider: corosync_votequorom"),
            46,
            Some("expected `corosync_votequorum`"),
        );
        assert_warning(&without(46, 46), 45, "no `provider`");
    }

    #[test]
    fn two_node_needs_two_nodes() {
        let d = assert_error(&replace(48, "    two_node: 1"), 48, Some("2-node clusters"));
        assert!(d.message.contains("3 nodes"));
        assert_error(&replace(48, "    two_node: yes"), 48, Some("0 or 1"));
    }

    #[test]
    fn expected_votes_match_nodes() {
        let d = assert_error(
            &replace(47, "    expected_votes: 4"),
            47,
            Some("set it to 3"),
        );
        assert!(d.message.contains("3 votes"));
    }

    #[test]
    fn logging_values() {
        assert_error(&replace(52, "    to_logfile: true"), 52, Some("yes"));
        assert_error(&replace(55, "    timestamp: yes"), 55, Some("hires"));
        assert_error(&replace(56, "    debug: verbose"), 56, Some("trace"));
        assert_error(
            &replace(56, "    syslog_facility: local8"),
            56,
            Some("local0"),
        );
    }

    #[test]
    fn duplicate_key_warns() {
        assert_warning(
            &replace(9, "    token: 3000\n    token: 5000"),
            10,
            "set twice",
        );
    }

    #[test]
    fn missing_sections() {
        assert_error(
            "nodelist {\n    node {\n        ring0_addr: 10.0.0.11\n        nodeid: 1\n    }\n}\n",
            0,
            Some("totem"),
        );
        assert_error(
            "totem {\n    version: 2\n    crypto_cipher: aes256\n    crypto_hash: sha256\n}\n",
            0,
            Some("nodelist"),
        );
        assert_error(
            "totem {\n    version: 2\n}\nnodelist {\n}\n",
            4,
            Some("node"),
        );
    }

    #[test]
    fn removed_sections() {
        assert_error(
            &format!("{VALID}amf {{\n    mode: disabled\n}}\n"),
            62,
            Some("AMF"),
        );
    }

    #[test]
    fn key_written_as_section() {
        assert_error(&replace(9, "    token {\n    }"), 9, Some("token: VALUE"));
    }

    #[test]
    fn renamed_keys_warn() {
        assert_warning(&replace(12, "        ringnumber: 0"), 12, "deprecated");
        assert_warning(&replace(9, "    nodeid: 1"), 9, "deprecated");
    }

    #[test]
    fn udp_transports_have_one_link() {
        let text = without(6, 7).replace("transport: knet", "transport: udpu");
        let text = text
            .replace("        knet_link_priority: 20\n", "")
            .replace("        knet_link_priority: 10\n", "");
        assert_error(&text, 19, Some("transport: knet"));
    }

    #[test]
    fn ring0_required() {
        let text = replace(38, "        ring2_addr: 10.0.0.13")
            .replace("        ring1_addr: 192.168.100.13\n", "");
        assert_error(&text, 37, Some("link 0 is required"));
    }

    #[test]
    fn quorum_votes_count_towards_expected_votes() {
        let text = replace(41, "        nodeid: 3\n        quorum_votes: 2");
        assert_error(&text, 48, Some("set it to 4"));
    }

    #[test]
    fn tie_breaker_node() {
        assert_error(
            &replace(48, "    auto_tie_breaker_node: middle"),
            48,
            Some("lowest"),
        );
    }
}
