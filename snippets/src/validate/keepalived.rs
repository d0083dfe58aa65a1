//! keepalived.conf (keepalived 2.2 to 2.3): braces, the keywords each block accepts, VRRP values
//! and the cross-references `keepalived -t` only checks on a host that has the interfaces
//! (track scripts, VRID clashes, unicast address families).

use crate::diag::Diagnostic;
use crate::diag::best_match_hint as hint;
use std::net::IpAddr;

/// Checks one keepalived.conf.
pub(crate) fn check(text: &str) -> Vec<Diagnostic> {
    let (tree, mut out) = parse(text);
    let mut checker = Checker::default();
    checker.top(&tree);
    out.extend(checker.finish());
    out
}

// ---------------------------------------------------------------------------------------------
// Tokens and the block tree

#[derive(Debug, Clone)]
struct Tok {
    text: String,
    line: usize,
    start: usize,
    end: usize,
    quoted: bool,
}

impl Tok {
    fn error(&self, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.line, msg).columns(self.start, self.end)
    }

    fn warning(&self, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.line, msg).columns(self.start, self.end)
    }
}

/// Splits a line into words. `#` and `!` start comments, double quotes group words, and braces
/// are words of their own even when written against a keyword (`vrrp_instance VI_1{`).
/// `Err` is the byte offset of a quote that is never closed.
fn tokenize(line: &str, n: usize) -> Result<Vec<Tok>, usize> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut cur: Option<Tok> = None;
    let mut quote_at: Option<usize> = None;
    for (i, c) in line.char_indices() {
        let end = i + c.len_utf8();
        if quote_at.is_some() {
            if c == '"' {
                quote_at = None;
            } else if let Some(t) = cur.as_mut() {
                t.text.push(c);
            }
            if let Some(t) = cur.as_mut() {
                t.end = end;
            }
            continue;
        }
        match c {
            '#' | '!' => break,
            '"' => {
                quote_at = Some(i);
                let t = cur.get_or_insert_with(|| Tok {
                    text: String::new(),
                    line: n,
                    start: i,
                    end,
                    quoted: true,
                });
                t.quoted = true;
            }
            '{' | '}' => {
                toks.extend(cur.take());
                toks.push(Tok {
                    text: c.to_string(),
                    line: n,
                    start: i,
                    end,
                    quoted: false,
                });
            }
            c if c.is_whitespace() => toks.extend(cur.take()),
            c => {
                let t = cur.get_or_insert_with(|| Tok {
                    text: String::new(),
                    line: n,
                    start: i,
                    end,
                    quoted: false,
                });
                t.text.push(c);
                t.end = end;
            }
        }
    }
    match quote_at {
        Some(pos) => Err(pos),
        None => {
            toks.extend(cur);
            Ok(toks)
        }
    }
}

/// A keyword line with its arguments, and the `{ ... }` block that follows it, if any.
#[derive(Debug, Clone)]
struct Stmt {
    kw: Tok,
    args: Vec<Tok>,
    block: Option<Vec<Stmt>>,
}

impl Stmt {
    /// A statement from a line's words; `None` for no words.
    fn new(mut toks: Vec<Tok>, block: Option<Vec<Stmt>>) -> Option<Stmt> {
        if toks.is_empty() {
            return None;
        }
        let kw = toks.remove(0);
        Some(Stmt {
            kw,
            args: toks,
            block,
        })
    }

    fn kw(&self) -> &Tok {
        &self.kw
    }

    fn arg(&self, i: usize) -> Option<&Tok> {
        self.args.get(i)
    }

    fn args(&self) -> &[Tok] {
        &self.args
    }
}

/// An open block: its header and what has been read inside so far.
struct Open {
    header: Vec<Tok>,
    body: Vec<Stmt>,
}

/// Builds the block tree. Unbalanced braces are reported where they are, and parsing goes on so
/// the rest of the file is still checked.
fn parse(text: &str) -> (Vec<Stmt>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut stack: Vec<Open> = vec![Open {
        header: Vec::new(),
        body: Vec::new(),
    }];
    for (i, raw) in text.lines().enumerate() {
        let toks = match tokenize(raw, i + 1) {
            Ok(t) => t,
            Err(pos) => {
                let d =
                    Diagnostic::error(i + 1, "unterminated quoted string").columns(pos, raw.len());
                out.push(d.help("close the `\"`"));
                continue;
            }
        };
        parse_line(toks, &mut stack, &mut out);
    }
    while stack.len() > 1 {
        if let Some(open) = stack.pop() {
            if let Some(t) = open.header.first() {
                let d = t.error(format!("`{}` block is never closed", t.text));
                out.push(d.help("add the missing `}`"));
            }
            close(open, &mut stack);
        }
    }
    let root = stack.pop().map(|o| o.body).unwrap_or_default();
    (root, out)
}

fn parse_line(toks: Vec<Tok>, stack: &mut Vec<Open>, out: &mut Vec<Diagnostic>) {
    let mut cur: Vec<Tok> = Vec::new();
    // `@name keyword ...` applies the line only to the keepalived instance called `name`.
    let conditional = toks
        .first()
        .is_some_and(|t| t.text.len() > 1 && t.text.starts_with('@'));
    for tok in toks.into_iter().skip(usize::from(conditional)) {
        let brace = if tok.quoted { "" } else { tok.text.as_str() };
        match brace {
            "{" => {
                let header = if cur.is_empty() {
                    take_header(stack)
                } else {
                    Some(std::mem::take(&mut cur))
                };
                match header {
                    Some(h) if !h.is_empty() => stack.push(Open {
                        header: h,
                        body: Vec::new(),
                    }),
                    _ => {
                        out.push(tok.error("`{` without a keyword before it"));
                        stack.push(Open {
                            header: vec![tok],
                            body: Vec::new(),
                        });
                    }
                }
            }
            "}" => {
                push_stmt(stack, std::mem::take(&mut cur));
                match stack.pop() {
                    Some(open) if !stack.is_empty() => close(open, stack),
                    Some(root) => {
                        stack.push(root);
                        out.push(
                            tok.error("unexpected `}`")
                                .help("there is no open block to close here"),
                        );
                    }
                    None => {}
                }
            }
            _ => cur.push(tok),
        }
    }
    push_stmt(stack, cur);
}

/// A `{` alone on a line opens a block for the keyword line just above it.
fn take_header(stack: &mut [Open]) -> Option<Vec<Tok>> {
    let body = &mut stack.last_mut()?.body;
    match body.last() {
        Some(s) if s.block.is_none() => body
            .pop()
            .map(|s| std::iter::once(s.kw).chain(s.args).collect()),
        _ => None,
    }
}

fn push_stmt(stack: &mut [Open], toks: Vec<Tok>) {
    if let (Some(open), Some(stmt)) = (stack.last_mut(), Stmt::new(toks, None)) {
        open.body.push(stmt);
    }
}

fn close(open: Open, stack: &mut [Open]) {
    if let (Some(parent), Some(stmt)) = (stack.last_mut(), Stmt::new(open.header, Some(open.body)))
    {
        parent.body.push(stmt);
    }
}

// ---------------------------------------------------------------------------------------------
// Keyword tables

/// What a keyword takes.
#[derive(Debug, Clone, Copy)]
enum V {
    Flag,
    /// Zero or more words this checker does not judge.
    Opt,
    /// At least one word this checker does not judge.
    Any,
    Int(i64, i64),
    /// A positive number, fractions allowed (`interval 0.5`).
    Positive,
    /// The VRRP advertisement interval: 0.01 to 255 seconds.
    Advert,
    Ip,
    Iface,
    Choice(&'static [&'static str]),
    Script,
    /// A tracking weight, optionally followed by `reverse`.
    Weight,
    Block(Blk),
}

/// The kinds of block, each with its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blk {
    Global,
    Script,
    TrackProcess,
    Instance,
    SyncGroup,
    VirtualServer,
    RealServer,
    Auth,
    Vips,
    /// Addresses keepalived adds without announcing them; checked, but not counted as VIPs.
    ExcludedVips,
    Peers,
    ScriptRefs,
    ProcessRefs,
    Interfaces,
    Emails,
    Members,
    /// Contents not checked (routes, rules, health checkers...).
    Opaque,
}

const MAX: i64 = i64::MAX;
const NOTIFY: V = V::Script;

/// Top-level blocks: keyword, whether it needs a name, and its kind.
const TOP: &[(&str, bool, Blk)] = &[
    ("global_defs", false, Blk::Global),
    ("vrrp_script", true, Blk::Script),
    ("vrrp_track_process", true, Blk::TrackProcess),
    ("vrrp_track_file", true, Blk::Opaque),
    ("vrrp_instance", true, Blk::Instance),
    ("vrrp_sync_group", true, Blk::SyncGroup),
    ("virtual_server", false, Blk::VirtualServer),
    ("virtual_server_group", true, Blk::Opaque),
    ("static_ipaddress", false, Blk::Vips),
    ("static_routes", false, Blk::Opaque),
    ("static_rules", false, Blk::Opaque),
    ("linkbeat_interfaces", false, Blk::Interfaces),
    ("garp_group", false, Blk::Opaque),
    ("bfd_instance", true, Blk::Opaque),
];

const GLOBAL_DEFS: &[(&str, V)] = &[
    ("bfd_cpu_affinity", V::Any),
    ("bfd_no_swap", V::Flag),
    ("bfd_priority", V::Int(-20, 19)),
    ("bfd_process_name", V::Opt),
    ("bfd_rt_priority", V::Int(1, 99)),
    ("checker_cpu_affinity", V::Any),
    ("checker_log_all_failures", V::Opt),
    ("checker_no_swap", V::Flag),
    ("checker_priority", V::Int(-20, 19)),
    ("checker_process_name", V::Opt),
    ("checker_rt_priority", V::Int(1, 99)),
    ("data_use_instance", V::Opt),
    ("default_interface", V::Iface),
    ("disable_local_igmp", V::Flag),
    ("dynamic_interfaces", V::Opt),
    ("enable_dbus", V::Flag),
    ("enable_dbus_create_instance", V::Flag),
    ("enable_script_security", V::Flag),
    ("enable_snmp_checker", V::Flag),
    ("enable_snmp_keepalived", V::Flag),
    ("enable_snmp_rfc", V::Flag),
    ("enable_snmp_rfcv2", V::Flag),
    ("enable_snmp_rfcv3", V::Flag),
    ("enable_snmp_vrrp", V::Flag),
    ("enable_traps", V::Flag),
    ("fifo_write_vrrp_states_on_reload", V::Flag),
    ("instance", V::Any),
    ("linkbeat_use_polling", V::Flag),
    ("local_name", V::Any),
    ("log_unknown_vrids", V::Flag),
    ("lvs_flush", V::Flag),
    ("lvs_flush_onstop", V::Opt),
    ("lvs_id", V::Any),
    ("lvs_sync_daemon", V::Any),
    ("lvs_timeouts", V::Any),
    ("max_auto_priority", V::Opt),
    ("min_auto_priority_delay", V::Int(0, MAX)),
    ("namespace_with_ipsets", V::Flag),
    ("net_namespace", V::Any),
    ("net_namespace_ipvs", V::Any),
    ("no_email_faults", V::Flag),
    ("notification_email", V::Block(Blk::Emails)),
    ("notification_email_from", V::Any),
    ("notify_fifo", V::Any),
    ("notify_fifo_script", NOTIFY),
    ("process_names", V::Flag),
    ("random_seed", V::Int(0, MAX)),
    ("reload_check_config", V::Opt),
    ("reload_file", V::Opt),
    ("reload_repeat", V::Flag),
    ("reload_time_file", V::Any),
    ("router_id", V::Any),
    ("script_user", V::Any),
    ("shutdown_script", NOTIFY),
    ("shutdown_script_timeout", V::Int(1, MAX)),
    ("smtp_alert", V::Opt),
    ("smtp_alert_checker", V::Opt),
    ("smtp_alert_vrrp", V::Opt),
    ("smtp_connect_timeout", V::Int(1, MAX)),
    ("smtp_helo_name", V::Any),
    ("smtp_server", V::Any),
    ("snmp_socket", V::Any),
    ("startup_script", NOTIFY),
    ("startup_script_timeout", V::Int(1, MAX)),
    ("umask", V::Any),
    ("use_pid_dir", V::Flag),
    ("vrrp_check_unicast_src", V::Flag),
    ("vrrp_cpu_affinity", V::Any),
    ("vrrp_garp_extra_if", V::Opt),
    ("vrrp_garp_interval", V::Positive),
    ("vrrp_garp_lower_prio_delay", V::Int(0, MAX)),
    ("vrrp_garp_lower_prio_repeat", V::Int(0, MAX)),
    ("vrrp_garp_master_delay", V::Int(0, MAX)),
    ("vrrp_garp_master_refresh", V::Int(0, MAX)),
    ("vrrp_garp_master_refresh_repeat", V::Int(1, MAX)),
    ("vrrp_garp_master_repeat", V::Int(1, MAX)),
    ("vrrp_gna_interval", V::Positive),
    ("vrrp_higher_prio_send_advert", V::Opt),
    ("vrrp_iptables", V::Opt),
    ("vrrp_ipsets", V::Opt),
    ("vrrp_lower_prio_no_advert", V::Opt),
    ("vrrp_mcast_group4", V::Ip),
    ("vrrp_mcast_group6", V::Ip),
    ("vrrp_min_garp", V::Opt),
    ("vrrp_netlink_cmd_rcv_bufs", V::Int(0, MAX)),
    ("vrrp_netlink_cmd_rcv_bufs_force", V::Opt),
    ("vrrp_netlink_monitor_rcv_bufs", V::Int(0, MAX)),
    ("vrrp_netlink_monitor_rcv_bufs_force", V::Opt),
    ("vrrp_nftables", V::Opt),
    ("vrrp_no_swap", V::Flag),
    ("vrrp_notify_fifo", V::Any),
    ("vrrp_notify_fifo_script", NOTIFY),
    ("vrrp_notify_priority_changes", V::Opt),
    ("vrrp_priority", V::Int(-20, 19)),
    ("vrrp_process_name", V::Opt),
    ("vrrp_rt_priority", V::Int(1, 99)),
    ("vrrp_rx_bufs_multiplier", V::Int(1, MAX)),
    ("vrrp_rx_bufs_policy", V::Any),
    ("vrrp_skip_check_adv_addr", V::Opt),
    ("vrrp_startup_delay", V::Positive),
    ("vrrp_strict", V::Flag),
    ("vrrp_version", V::Int(2, 3)),
];

const INSTANCE: &[(&str, V)] = &[
    ("accept", V::Flag),
    ("advert_int", V::Advert),
    ("authentication", V::Block(Blk::Auth)),
    ("check_unicast_src", V::Flag),
    ("debug", V::Opt),
    ("dont_track_primary", V::Flag),
    ("down_timer_adverts", V::Int(1, 100)),
    ("garp_extra_if", V::Opt),
    ("garp_interval", V::Positive),
    ("garp_lower_prio_delay", V::Int(0, MAX)),
    ("garp_lower_prio_repeat", V::Int(0, MAX)),
    ("garp_master_delay", V::Int(0, MAX)),
    ("garp_master_refresh", V::Int(0, MAX)),
    ("garp_master_refresh_repeat", V::Int(1, MAX)),
    ("garp_master_repeat", V::Int(1, MAX)),
    ("gna_interval", V::Positive),
    ("higher_prio_send_advert", V::Opt),
    ("interface", V::Iface),
    ("kernel_rx_buf_size", V::Int(0, MAX)),
    ("linkbeat_use_polling", V::Flag),
    ("lower_prio_no_advert", V::Opt),
    ("lvs_sync_daemon_interface", V::Iface),
    ("mcast_src_ip", V::Ip),
    ("native_ipv6", V::Flag),
    ("no_accept", V::Flag),
    ("nopreempt", V::Flag),
    ("notify", NOTIFY),
    ("notify_backup", NOTIFY),
    ("notify_deleted", NOTIFY),
    ("notify_fault", NOTIFY),
    ("notify_master", NOTIFY),
    ("notify_master_rx_lower_pri", NOTIFY),
    ("notify_priority_changes", V::Opt),
    ("notify_stop", NOTIFY),
    ("old_unicast_checksum", V::Opt),
    ("preempt_delay", V::Int(0, 1000)),
    ("priority", V::Int(1, 255)),
    ("promote_secondaries", V::Flag),
    ("skip_check_adv_addr", V::Opt),
    ("smtp_alert", V::Opt),
    ("state", V::Choice(&["MASTER", "BACKUP"])),
    ("strict_mode", V::Opt),
    ("track_bfd", V::Block(Blk::Opaque)),
    ("track_file", V::Block(Blk::Opaque)),
    ("track_interface", V::Block(Blk::Interfaces)),
    ("track_process", V::Block(Blk::ProcessRefs)),
    ("track_script", V::Block(Blk::ScriptRefs)),
    ("track_src_ip", V::Flag),
    ("unicast_fault_no_peer", V::Flag),
    ("unicast_peer", V::Block(Blk::Peers)),
    ("unicast_src_ip", V::Ip),
    ("use_ipvlan", V::Opt),
    ("use_vmac", V::Opt),
    ("version", V::Int(2, 3)),
    ("virtual_ipaddress", V::Block(Blk::Vips)),
    ("virtual_ipaddress_excluded", V::Block(Blk::ExcludedVips)),
    ("virtual_router_id", V::Int(1, 255)),
    ("virtual_routes", V::Block(Blk::Opaque)),
    ("virtual_rules", V::Block(Blk::Opaque)),
    ("vmac_xmit_base", V::Flag),
];

const SCRIPT: &[(&str, V)] = &[
    ("script", V::Script),
    ("interval", V::Positive),
    ("timeout", V::Positive),
    ("weight", V::Weight),
    ("rise", V::Int(1, MAX)),
    ("fall", V::Int(1, MAX)),
    ("user", V::Any),
    ("init_fail", V::Flag),
];

const TRACK_PROCESS: &[(&str, V)] = &[
    ("process", V::Any),
    ("param_match", V::Any),
    ("weight", V::Weight),
    ("quorum", V::Int(1, MAX)),
    ("quorum_max", V::Int(1, MAX)),
    ("fork_delay", V::Positive),
    ("terminate_delay", V::Positive),
    ("delay", V::Positive),
    ("full_command", V::Flag),
];

const SYNC_GROUP: &[(&str, V)] = &[
    ("group", V::Block(Blk::Members)),
    ("global_tracking", V::Flag),
    ("notify", NOTIFY),
    ("notify_backup", NOTIFY),
    ("notify_fault", NOTIFY),
    ("notify_master", NOTIFY),
    ("notify_stop", NOTIFY),
    ("notify_priority_changes", V::Opt),
    ("smtp_alert", V::Opt),
    ("sync_group_tracking_weight", V::Flag),
    ("track_bfd", V::Block(Blk::Opaque)),
    ("track_file", V::Block(Blk::Opaque)),
    ("track_interface", V::Block(Blk::Interfaces)),
    ("track_process", V::Block(Blk::ProcessRefs)),
    ("track_script", V::Block(Blk::ScriptRefs)),
];

#[rustfmt::skip]
const LVS_SCHEDULERS: &[&str] = &[
    "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos",
];
const LVS_METHODS: &[&str] = &["NAT", "DR", "TUN"];

const VIRTUAL_SERVER: &[(&str, V)] = &[
    ("alpha", V::Flag),
    ("connect_timeout", V::Positive),
    ("delay_before_retry", V::Positive),
    ("delay_loop", V::Positive),
    ("ha_suspend", V::Flag),
    ("hysteresis", V::Int(0, MAX)),
    ("inhibit_on_failure", V::Opt),
    ("ip_family", V::Choice(&["inet", "inet6"])),
    ("lb_algo", V::Choice(LVS_SCHEDULERS)),
    ("lb_kind", V::Choice(LVS_METHODS)),
    ("lvs_method", V::Choice(LVS_METHODS)),
    ("lvs_sched", V::Choice(LVS_SCHEDULERS)),
    ("mh-fallback", V::Flag),
    ("mh-port", V::Flag),
    ("omega", V::Flag),
    ("ops", V::Flag),
    ("persistence_engine", V::Any),
    ("persistence_granularity", V::Any),
    ("persistence_timeout", V::Opt),
    ("protocol", V::Choice(&["TCP", "UDP", "SCTP"])),
    ("quorum", V::Int(1, MAX)),
    ("quorum_down", NOTIFY),
    ("quorum_up", NOTIFY),
    ("real_server", V::Block(Blk::RealServer)),
    ("retry", V::Int(1, MAX)),
    ("sh-fallback", V::Flag),
    ("sh-port", V::Flag),
    ("smtp_alert", V::Opt),
    ("sorry_server", V::Any),
    ("sorry_server_inhibit", V::Opt),
    ("sorry_server_lvs_method", V::Choice(LVS_METHODS)),
    ("virtualhost", V::Any),
    ("warmup", V::Positive),
];

const REAL_SERVER: &[(&str, V)] = &[
    ("alpha", V::Flag),
    ("BFD_CHECK", V::Block(Blk::Opaque)),
    ("connect_timeout", V::Positive),
    ("delay_before_retry", V::Positive),
    ("delay_loop", V::Positive),
    ("DNS_CHECK", V::Block(Blk::Opaque)),
    ("FILE_CHECK", V::Block(Blk::Opaque)),
    ("HTTP_GET", V::Block(Blk::Opaque)),
    ("inhibit_on_failure", V::Opt),
    ("lthreshold", V::Int(0, MAX)),
    ("lvs_method", V::Choice(LVS_METHODS)),
    ("MISC_CHECK", V::Block(Blk::Opaque)),
    ("notify_down", NOTIFY),
    ("notify_up", NOTIFY),
    ("omega", V::Flag),
    ("PING_CHECK", V::Block(Blk::Opaque)),
    ("retry", V::Int(1, MAX)),
    ("smtp_alert", V::Opt),
    ("SMTP_CHECK", V::Block(Blk::Opaque)),
    ("SSL_GET", V::Block(Blk::Opaque)),
    ("TCP_CHECK", V::Block(Blk::Opaque)),
    ("UDP_CHECK", V::Block(Blk::Opaque)),
    ("uthreshold", V::Int(0, MAX)),
    ("warmup", V::Positive),
    ("weight", V::Int(0, 65535)),
];

const AUTH: &[(&str, V)] = &[
    ("auth_type", V::Choice(&["PASS", "AH"])),
    ("auth_pass", V::Any),
];

/// Options after a virtual address: flags, and keywords that take one value.
const VIP_FLAGS: &[&str] = &[
    "home",
    "-nodad",
    "nodad",
    "noprefixroute",
    "autojoin",
    "no_track",
];
#[rustfmt::skip]
const VIP_OPTIONS: &[&str] = &[
    "dev", "brd", "broadcast", "scope", "label", "peer", "track_group", "preferred_lft",
];
const SCOPES: &[&str] = &["site", "link", "host", "nowhere", "global"];

fn table(blk: Blk) -> &'static [(&'static str, V)] {
    match blk {
        Blk::Global => GLOBAL_DEFS,
        Blk::Script => SCRIPT,
        Blk::TrackProcess => TRACK_PROCESS,
        Blk::Instance => INSTANCE,
        Blk::SyncGroup => SYNC_GROUP,
        Blk::VirtualServer => VIRTUAL_SERVER,
        Blk::RealServer => REAL_SERVER,
        Blk::Auth => AUTH,
        _ => &[],
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

fn int_problem(value: &str, min: i64, max: i64) -> Option<(String, String)> {
    let range = if max == MAX {
        format!("an integer of at least {min}")
    } else {
        format!("an integer from {min} to {max}")
    };
    match value.parse::<i64>() {
        Ok(v) if (min..=max).contains(&v) => None,
        Ok(v) => Some((
            format!("{v} is outside the range [{min}, {max}]"),
            format!("expected {range}"),
        )),
        Err(_) => Some((
            format!("invalid number `{value}`"),
            format!("expected {range}"),
        )),
    }
}

fn advert_problem(value: &str) -> Option<(String, String)> {
    let v = value.parse::<f64>().ok()?;
    (!(0.01..=255.0).contains(&v)).then(|| {
        (
            format!("{value} is outside the range [0.01, 255]"),
            "VRRP adverts are sent every 0.01 to 255 seconds".into(),
        )
    })
}

fn positive_problem(value: &str) -> Option<(String, String)> {
    let ok = value.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && value.parse::<f64>().is_ok_and(|v| v > 0.0);
    (!ok).then(|| {
        (
            format!("invalid number `{value}`"),
            "expected a positive number of seconds".into(),
        )
    })
}

/// Linux refuses interface names that are empty, longer than 15 bytes, `.`/`..`, or contain
/// `/`, `:` or blanks (`dev_valid_name` in the kernel).
fn iface_problem(name: &str) -> Option<String> {
    if name.is_empty() || name.len() > 15 {
        return Some(format!(
            "interface name `{name}` must be 1 to 15 characters"
        ));
    }
    let bad = name
        .chars()
        .find(|c| matches!(c, '/' | ':') || c.is_whitespace());
    match bad {
        Some(c) => Some(format!(
            "invalid character `{c}` in interface name `{name}`"
        )),
        None if name == "." || name == ".." => Some(format!("invalid interface name `{name}`")),
        None => None,
    }
}

/// `ADDR[/LEN]`, returning the address.
fn prefixed_ip(s: &str) -> Result<IpAddr, String> {
    let (addr, len) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (s, None),
    };
    let ip: IpAddr = addr
        .parse()
        .map_err(|_| format!("invalid IP address `{addr}`"))?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    match len.map(|l| l.parse::<u8>()) {
        None => Ok(ip),
        Some(Ok(l)) if l <= max => Ok(ip),
        Some(_) => Err(format!(
            "invalid prefix length `/{}` (0-{max})",
            len.unwrap_or_default()
        )),
    }
}

fn family(ip: &IpAddr) -> &'static str {
    if ip.is_ipv4() { "IPv4" } else { "IPv6" }
}

// ---------------------------------------------------------------------------------------------
// The checker

/// What the cross-checks need from one vrrp_instance.
#[derive(Debug, Default)]
struct Instance {
    name: String,
    line: usize,
    interface: Option<Tok>,
    vrid: Option<(i64, Tok)>,
    state: Option<String>,
    nopreempt: Option<Tok>,
    version: Option<i64>,
    auth: Option<Tok>,
    src_ip: Option<(IpAddr, Tok)>,
    tracked: Vec<Tok>,
    /// Keywords present in the block, valid or not.
    seen: Vec<String>,
    peers: Vec<(IpAddr, Tok)>,
    vips: Vec<(IpAddr, Tok)>,
}

/// A name used in one place that must be defined in another.
#[derive(Debug)]
struct Ref {
    tok: Tok,
    what: &'static str,
}

#[derive(Default)]
struct Checker {
    out: Vec<Diagnostic>,
    scripts: Vec<Tok>,
    processes: Vec<Tok>,
    instances: Vec<Instance>,
    /// The vrrp_instance whose block is being checked.
    current: Option<Instance>,
    refs: Vec<Ref>,
    vrrp_version: Option<i64>,
    strict: Option<Tok>,
    default_interface: bool,
}

impl Checker {
    fn top(&mut self, tree: &[Stmt]) {
        for s in tree {
            let kw = s.kw();
            if kw.text == "include" || kw.text.starts_with('$') {
                continue;
            }
            let Some(&(_, named, blk)) = TOP.iter().find(|t| t.0 == kw.text) else {
                let d = kw.error(format!("unknown top-level keyword `{}`", kw.text));
                self.out
                    .push(with_help(d, hint(&kw.text, TOP.iter().map(|t| t.0))));
                continue;
            };
            let Some(body) = &s.block else {
                self.out
                    .push(kw.error(format!("`{}` needs a `{{ ... }}` block", kw.text)));
                continue;
            };
            if named && s.arg(0).is_none() {
                self.out
                    .push(kw.error(format!("`{}` needs a name", kw.text)));
            }
            self.named_block(s, blk, body);
        }
    }

    fn named_block(&mut self, s: &Stmt, blk: Blk, body: &[Stmt]) {
        let name = s.arg(0).cloned();
        match (blk, name) {
            (Blk::Script, Some(n)) => self.define(n, "vrrp_script"),
            (Blk::TrackProcess, Some(n)) => self.define(n, "vrrp_track_process"),
            (Blk::Instance, Some(n)) => {
                if let Some(first) = self.instances.iter().find(|i| i.name == n.text) {
                    let d = n.error(format!("duplicate vrrp_instance `{}`", n.text));
                    self.out
                        .push(d.help(format!("already defined on line {}", first.line)));
                }
                self.current = Some(Instance {
                    name: n.text.clone(),
                    line: n.line,
                    ..Instance::default()
                });
            }
            (Blk::VirtualServer, _) => self.virtual_server_header(s),
            _ => {}
        }
        self.body(body, blk);
        if let Some(instance) = self.current.take() {
            self.instance_findings(&instance);
            self.instances.push(instance);
        }
    }

    fn define(&mut self, name: Tok, what: &str) {
        let list = if what == "vrrp_script" {
            &mut self.scripts
        } else {
            &mut self.processes
        };
        if let Some(first) = list.iter().find(|t| t.text == name.text) {
            let d = name.error(format!("duplicate {what} `{}`", name.text));
            self.out
                .push(d.help(format!("already defined on line {}", first.line)));
            return;
        }
        list.push(name);
    }

    /// `virtual_server IP PORT`, `virtual_server fwmark N` or `virtual_server group NAME`.
    fn virtual_server_header(&mut self, s: &Stmt) {
        let (Some(first), Some(second)) = (s.arg(0), s.arg(1)) else {
            self.out.push(
                s.kw()
                    .error("`virtual_server` needs `IP PORT`, `fwmark N` or `group NAME`"),
            );
            return;
        };
        if matches!(first.text.as_str(), "fwmark" | "group") {
            return;
        }
        if let Err(e) = prefixed_ip(&first.text) {
            self.out.push(first.error(e));
        }
        if !second.text.parse::<u16>().is_ok_and(|p| p > 0) {
            self.out.push(
                second
                    .error(format!("invalid port `{}`", second.text))
                    .help("expected 1 to 65535"),
            );
        }
    }

    fn body(&mut self, body: &[Stmt], blk: Blk) {
        for s in body {
            match blk {
                Blk::Vips => self.vip(s, true),
                Blk::ExcludedVips => self.vip(s, false),
                Blk::Peers => self.peer(s),
                Blk::ScriptRefs => self.reference(s, "vrrp_script"),
                Blk::ProcessRefs => self.reference(s, "vrrp_track_process"),
                Blk::Members => self.reference(s, "vrrp_instance"),
                Blk::Interfaces => self.tracked_interface(s),
                Blk::Emails => self.email(s),
                Blk::Opaque => {}
                _ => self.keyword(s, blk),
            }
        }
    }

    fn keyword(&mut self, s: &Stmt, blk: Blk) {
        let kw = s.kw();
        let table = table(blk);
        let Some(&(_, v)) = table.iter().find(|k| k.0 == kw.text) else {
            let d = kw.error(format!("unknown keyword `{}`", kw.text));
            self.out
                .push(with_help(d, hint(&kw.text, table.iter().map(|k| k.0))));
            return;
        };
        // Remember the keyword even when its value is wrong, so a bad `virtual_router_id 300`
        // is not reported a second time as a missing one.
        if let (Blk::Instance, Some(inst)) = (blk, self.current.as_mut()) {
            inst.seen.push(kw.text.clone());
        }
        if self.value(s, v) {
            self.record(s, blk);
        }
    }

    /// Checks a keyword's value; true when it is acceptable.
    fn value(&mut self, s: &Stmt, v: V) -> bool {
        let kw = s.kw();
        match (v, &s.block) {
            (V::Block(blk), Some(body)) => {
                self.body(body, blk);
                return true;
            }
            (V::Block(_), None) => {
                self.out
                    .push(kw.error(format!("`{}` needs a `{{ ... }}` block", kw.text)));
                return false;
            }
            (_, Some(_)) => {
                self.out
                    .push(kw.error(format!("`{}` does not take a block", kw.text)));
                return false;
            }
            (V::Flag | V::Opt, None) => return true,
            _ => {}
        }
        let Some(arg) = s.arg(0) else {
            self.out
                .push(kw.error(format!("`{}` needs a value", kw.text)));
            return false;
        };
        if let V::Script = v {
            self.script(arg);
        }
        let problem = value_problem(v, arg, s.args());
        match problem {
            Some((msg, help)) => {
                self.out
                    .push(arg.error(format!("`{}`: {msg}", kw.text)).help(help));
                false
            }
            None => true,
        }
    }

    /// Keeps what the cross-checks need, and checks values that depend on their block.
    fn record(&mut self, s: &Stmt, blk: Blk) {
        let kw = s.kw().text.as_str();
        let arg = s.arg(0).cloned();
        match (blk, kw) {
            (Blk::Global, "vrrp_version") => {
                self.vrrp_version = arg.and_then(|a| a.text.parse().ok())
            }
            (Blk::Global, "vrrp_strict") => self.strict = Some(s.kw().clone()),
            (Blk::Global, "default_interface") => self.default_interface = true,
            (Blk::Auth, "auth_pass") => self.auth_pass(s),
            (Blk::Instance, _) => self.record_instance(s, kw, arg),
            _ => {}
        }
    }

    fn record_instance(&mut self, s: &Stmt, kw: &str, arg: Option<Tok>) {
        if kw == "priority" && arg.as_ref().is_some_and(|a| a.text == "255") {
            let d = arg.as_ref().map(|a| {
                a.warning("priority 255 is reserved for the owner of the virtual address")
            });
            self.out.extend(d.map(|d| {
                d.help("use 1-254 unless this router really owns the VIP as a real address")
            }));
        }
        let Some(inst) = self.current.as_mut() else {
            return;
        };
        match (kw, arg) {
            ("interface", a) => inst.interface = a,
            ("virtual_router_id", Some(a)) => inst.vrid = a.text.parse().ok().map(|v| (v, a)),
            ("state", Some(a)) => inst.state = Some(a.text),
            ("nopreempt", _) => inst.nopreempt = Some(s.kw().clone()),
            ("version", Some(a)) => inst.version = a.text.parse().ok(),
            ("authentication", _) => inst.auth = Some(s.kw().clone()),
            ("unicast_src_ip", Some(a)) => inst.src_ip = a.text.parse().ok().map(|ip| (ip, a)),
            _ => {}
        }
    }

    fn script(&mut self, arg: &Tok) {
        if arg.quoted || arg.text.starts_with('/') {
            return;
        }
        let d = arg.warning(format!("script `{}` is not an absolute path", arg.text));
        self.out.push(
            d.help("give the full path (`/usr/bin/killall -0 haproxy`) or quote the whole command"),
        );
    }

    fn auth_pass(&mut self, s: &Stmt) {
        let Some(pass) = s.arg(0) else { return };
        if pass.text.chars().count() > 8 {
            let d = pass.error("`auth_pass` is longer than 8 characters");
            self.out
                .push(d.help("keepalived silently truncates it to 8; use at most 8 characters"));
        }
    }

    // -- lists ---------------------------------------------------------------------------------

    /// `ADDR[/LEN] [dev IF] [brd ADDR] [scope SCOPE] [label LABEL] ...`
    fn vip(&mut self, s: &Stmt, announced: bool) {
        let addr = s.kw();
        match prefixed_ip(&addr.text) {
            Ok(ip) => {
                if let Some(inst) = self.current.as_mut().filter(|_| announced) {
                    inst.vips.push((ip, addr.clone()));
                }
            }
            Err(e) => {
                let d = addr.error(format!("virtual address: {e}"));
                self.out.push(
                    d.help("expected ADDR[/LEN] [dev IF] [brd ADDR] [scope SCOPE] [label LABEL]"),
                );
            }
        }
        self.vip_options(s.args());
    }

    fn vip_options(&mut self, args: &[Tok]) {
        let mut i = 0;
        while let Some(opt) = args.get(i) {
            i += 1;
            if VIP_FLAGS.contains(&opt.text.as_str()) {
                continue;
            }
            if !VIP_OPTIONS.contains(&opt.text.as_str()) {
                let d = opt.error(format!("unknown virtual address option `{}`", opt.text));
                self.out.push(with_help(
                    d,
                    hint(&opt.text, VIP_OPTIONS.iter().chain(VIP_FLAGS).copied()),
                ));
                continue;
            }
            let Some(value) = args.get(i) else {
                self.out
                    .push(opt.error(format!("`{}` needs a value", opt.text)));
                return;
            };
            i += 1;
            let problem = match opt.text.as_str() {
                "dev" => iface_problem(&value.text),
                "brd" | "broadcast" | "peer" => prefixed_ip(&value.text).err(),
                "scope" => (!SCOPES.contains(&value.text.as_str())
                    && value.text.parse::<u8>().is_err())
                .then(|| {
                    format!(
                        "unknown scope `{}` (expected {})",
                        value.text,
                        SCOPES.join(", ")
                    )
                }),
                _ => None,
            };
            if let Some(p) = problem {
                self.out.push(value.error(format!("`{}`: {p}", opt.text)));
            }
        }
    }

    /// `ADDR [min_ttl N] [max_ttl N]`
    fn peer(&mut self, s: &Stmt) {
        let addr = s.kw();
        match addr.text.parse::<IpAddr>() {
            Ok(ip) => {
                if let Some(inst) = self.current.as_mut() {
                    inst.peers.push((ip, addr.clone()));
                }
            }
            Err(_) => self.out.push(
                addr.error(format!("invalid unicast peer address `{}`", addr.text))
                    .help("expected an IPv4 or IPv6 address"),
            ),
        }
    }

    /// `NAME [weight N [reverse]]`, where NAME must be defined elsewhere in the file.
    fn reference(&mut self, s: &Stmt, what: &'static str) {
        self.refs.push(Ref {
            tok: s.kw().clone(),
            what,
        });
        self.optional_weight(s);
    }

    fn tracked_interface(&mut self, s: &Stmt) {
        let name = s.kw();
        if let Some(p) = iface_problem(&name.text) {
            self.out.push(name.error(p));
        }
        if let Some(inst) = self.current.as_mut() {
            inst.tracked.push(name.clone());
        }
        self.optional_weight(s);
    }

    fn optional_weight(&mut self, s: &Stmt) {
        match s.args().split_first() {
            None => {}
            Some((w, rest)) if w.text == "weight" => {
                if let Some((msg, help)) = weight_problem(rest) {
                    self.out.push(
                        rest.first()
                            .unwrap_or(w)
                            .error(format!("`weight`: {msg}"))
                            .help(help),
                    );
                }
            }
            Some((other, _)) => self.out.push(
                other
                    .error(format!("unexpected `{}`", other.text))
                    .help("expected `weight N`"),
            ),
        }
    }

    fn email(&mut self, s: &Stmt) {
        let addr = s.kw();
        if !addr.text.contains('@') {
            self.out
                .push(addr.error(format!("`{}` is not an e-mail address", addr.text)));
        }
    }

    // -- cross-checks --------------------------------------------------------------------------

    fn instance_findings(&mut self, inst: &Instance) {
        let seen = |kw: &str| inst.seen.iter().any(|k| k == kw);
        if !seen("interface") && !self.default_interface {
            let d = Diagnostic::error(
                inst.line,
                format!("vrrp_instance `{}` has no `interface`", inst.name),
            );
            self.out
                .push(d.help("add `interface IFNAME`, the link that carries the VRRP adverts"));
        }
        if !seen("virtual_router_id") {
            let d = Diagnostic::error(
                inst.line,
                format!("vrrp_instance `{}` has no `virtual_router_id`", inst.name),
            );
            self.out.push(
                d.help("add `virtual_router_id N` (1-255), the same on every router of this VIP"),
            );
        }
        if inst.vips.is_empty() {
            let d = Diagnostic::warning(
                inst.line,
                format!("vrrp_instance `{}` has no virtual address", inst.name),
            );
            self.out
                .push(d.help("add a `virtual_ipaddress { ... }` block"));
        }
        if let (Some(tok), Some("MASTER")) = (&inst.nopreempt, inst.state.as_deref()) {
            let d = tok.warning("`nopreempt` has no effect with `state MASTER`");
            self.out
                .push(d.help("use `state BACKUP` on every router together with `nopreempt`"));
        }
        let own = inst
            .tracked
            .iter()
            .find(|t| inst.interface.as_ref().is_some_and(|i| i.text == t.text));
        if let Some(t) = own {
            let d = t.warning(format!(
                "tracking `{}`, the instance's own interface",
                t.text
            ));
            self.out.push(d.help("keepalived ignores it: the instance already goes to FAULT when its own interface is down"));
        }
        self.auth_findings(inst);
        self.unicast_findings(inst);
        self.vip_families(inst);
    }

    fn auth_findings(&mut self, inst: &Instance) {
        let Some(tok) = &inst.auth else { return };
        if inst.version.or(self.vrrp_version) == Some(3) {
            let d = tok.warning("VRRPv3 has no authentication; this block is ignored");
            self.out.push(d.help("remove it, or use VRRP version 2"));
        }
        if let Some(strict) = &self.strict {
            let d = tok.error("`authentication` is not allowed with `vrrp_strict`");
            self.out.push(d.help(format!(
                "remove it, or drop `vrrp_strict` (line {})",
                strict.line
            )));
        }
    }

    fn unicast_findings(&mut self, inst: &Instance) {
        let Some((src, src_tok)) = &inst.src_ip else {
            return;
        };
        for (ip, tok) in &inst.peers {
            if ip.is_ipv4() != src.is_ipv4() {
                let d = tok.error(format!(
                    "unicast peer `{ip}` is {} but `unicast_src_ip` is {}",
                    family(ip),
                    family(src)
                ));
                self.out.push(d.help(format!(
                    "use {} peers to match line {}",
                    family(src),
                    src_tok.line
                )));
            }
            if ip == src {
                let d = tok.warning(format!(
                    "unicast peer `{ip}` is this router's own `unicast_src_ip`"
                ));
                self.out.push(d.help("list the other routers only"));
            }
        }
    }

    /// keepalived ignores virtual addresses of the other family than the instance's first one.
    fn vip_families(&mut self, inst: &Instance) {
        let Some((first, _)) = inst.vips.first() else {
            return;
        };
        for (ip, tok) in inst
            .vips
            .iter()
            .skip(1)
            .filter(|(ip, _)| ip.is_ipv4() != first.is_ipv4())
        {
            let d = tok.warning(format!(
                "{} virtual address `{ip}` in a {} instance is ignored",
                family(ip),
                family(first)
            ));
            self.out.push(
                d.help("put it in `virtual_ipaddress_excluded`, or in its own vrrp_instance"),
            );
        }
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        self.check_refs();
        self.duplicate_vrids();
        self.out
    }

    fn check_refs(&mut self) {
        for r in &self.refs {
            let defined: Vec<&str> = match r.what {
                "vrrp_script" => self.scripts.iter().map(|t| t.text.as_str()).collect(),
                "vrrp_track_process" => self.processes.iter().map(|t| t.text.as_str()).collect(),
                _ => self.instances.iter().map(|i| i.name.as_str()).collect(),
            };
            if !defined.contains(&r.tok.text.as_str()) {
                let d = r.tok.error(format!("unknown {} `{}`", r.what, r.tok.text));
                let help = hint(&r.tok.text, defined.iter().copied()).unwrap_or_else(|| {
                    format!("define it with `{} {} {{ ... }}`", r.what, r.tok.text)
                });
                self.out.push(d.help(help));
            }
        }
    }

    /// Two instances with the same VRID on one link fight over the same virtual MAC.
    fn duplicate_vrids(&mut self) {
        for (i, b) in self.instances.iter().enumerate() {
            let Some((vrid, tok)) = &b.vrid else { continue };
            let clash = self.instances[..i].iter().find(|a| {
                a.vrid.as_ref().map(|v| v.0) == Some(*vrid)
                    && a.interface.as_ref().map(|t| &t.text)
                        == b.interface.as_ref().map(|t| &t.text)
                    && a.vips.first().map(|v| v.0.is_ipv4())
                        == b.vips.first().map(|v| v.0.is_ipv4())
            });
            if let Some(a) = clash {
                let d = tok.error(format!("virtual_router_id {vrid} is already used by vrrp_instance `{}` on the same interface", a.name));
                self.out.push(d.help(format!(
                    "pick another VRID; `{}` is on line {}",
                    a.name, a.line
                )));
            }
        }
    }
}

/// Why the first argument `arg` (of `args`) does not fit `v`, with what was expected.
fn value_problem(v: V, arg: &Tok, args: &[Tok]) -> Option<(String, String)> {
    match v {
        V::Int(min, max) => int_problem(&arg.text, min, max),
        V::Positive => positive_problem(&arg.text),
        V::Advert => positive_problem(&arg.text).or_else(|| advert_problem(&arg.text)),
        V::Ip => prefixed_ip(&arg.text)
            .err()
            .map(|e| (e, "expected an IPv4 or IPv6 address".into())),
        V::Iface => iface_problem(&arg.text).map(|e| {
            let help =
                "Linux interface names are at most 15 characters, without `/`, `:` or blanks";
            (e, help.into())
        }),
        V::Choice(choices) => (!choices.contains(&arg.text.as_str())).then(|| {
            let help = hint(&arg.text, choices.iter().copied())
                .unwrap_or_else(|| format!("expected one of {}", choices.join(", ")));
            (format!("invalid value `{}`", arg.text), help)
        }),
        V::Weight => weight_problem(args),
        V::Flag | V::Opt | V::Any | V::Script | V::Block(_) => None,
    }
}

/// `N [reverse]` with N a tracking weight.
fn weight_problem(args: &[Tok]) -> Option<(String, String)> {
    let Some(w) = args.first() else {
        return Some((
            "missing value".into(),
            "expected an integer from -253 to 253".into(),
        ));
    };
    if let Some(p) = int_problem(&w.text, -253, 253) {
        return Some(p);
    }
    match args.get(1) {
        Some(r) if r.text != "reverse" => Some((
            format!("unexpected `{}`", r.text),
            "only `reverse` may follow the weight".into(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"! keepalived for the HAProxy VIPs of a three-controller control plane.
global_defs {
    router_id controller1
    enable_script_security
    script_user keepalived_script
    vrrp_garp_master_refresh 60
    max_auto_priority
}

vrrp_script check_haproxy {
    script "/usr/bin/killall -0 haproxy"
    interval 2
    timeout 5
    fall 2
    rise 10
    weight -20
}

vrrp_instance VI_OPENSTACK {
    state BACKUP
    nopreempt
    interface ens3
    virtual_router_id 51
    priority 150
    advert_int 1
    unicast_src_ip 10.0.0.11
    unicast_peer {
        10.0.0.12
        10.0.0.13
    }
    virtual_ipaddress {
        10.0.0.10/24 dev ens3 label ens3:vip
    }
    track_script {
        check_haproxy
    }
    track_interface {
        ens4 weight -50
    }
    notify_master "/usr/local/bin/notify.sh master"
}
"#;

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

    /// VALID with line `line` (1-based) replaced by `with`.
    fn replace(line: usize, with: &str) -> String {
        VALID
            .lines()
            .enumerate()
            .map(|(i, l)| if i + 1 == line { with } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A small instance with `body` inserted at line 6.
    fn instance(body: &str) -> String {
        format!(
            "vrrp_instance VI_1 {{\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {{ 10.0.0.10/24 }}\n{body}\n}}\n"
        )
    }

    #[test]
    fn openstack_vip_is_valid() {
        let all = check(VALID);
        assert!(all.is_empty(), "{all:#?}");
    }

    #[test]
    fn braces_unexpected_close() {
        let d = assert_error(
            "global_defs {\n    router_id a\n}\n}\n",
            4,
            Some("no open block"),
        );
        assert_eq!(d.columns, Some((0, 1)));
    }

    #[test]
    fn braces_unclosed_reports_opening_line() {
        let d = assert_error(&replace(41, ""), 19, Some("missing `}`"));
        assert!(d.message.contains("vrrp_instance"), "{}", d.message);
        let inner = "global_defs {\n    notification_email {\n        ops@example.org\n}\n";
        assert_error(inner, 1, Some("missing `}`"));
    }

    #[test]
    fn brace_on_its_own_line_and_inline_blocks() {
        let text = "vrrp_script chk\n{\n    script /bin/true\n}\nvrrp_instance VI_1{\n    interface eth0\n    virtual_router_id 1\n    virtual_ipaddress { 10.0.0.10 }\n    track_script { chk }\n}\n";
        assert!(errors(text).is_empty(), "{:#?}", errors(text));
    }

    #[test]
    fn unknown_keyword_gets_near_match() {
        let d = assert_error(
            &replace(25, "    advert_intt 1"),
            25,
            Some("did you mean `advert_int`?"),
        );
        assert_eq!(d.columns, Some((4, 15)));
        assert_error(
            &replace(5, "    script_usr keepalived_script"),
            5,
            Some("did you mean `script_user`?"),
        );
        assert_error(&replace(14, "    fal 2"), 14, Some("did you mean `fall`?"));
        assert_error(
            "vrrp_instanse VI_1 {\n}\n",
            1,
            Some("did you mean `vrrp_instance`?"),
        );
    }

    #[test]
    fn keyword_needs_block_or_value() {
        assert_error(&instance("    unicast_peer 10.0.0.12"), 6, None);
        assert_error(&instance("    priority"), 6, None);
        assert_error(&instance("    state { MASTER }"), 6, None);
    }

    #[test]
    fn state_values() {
        let d = assert_error(
            &replace(20, "    state MASTR"),
            20,
            Some("did you mean `MASTER`?"),
        );
        assert!(d.message.contains("MASTR"));
    }

    #[test]
    fn invalid_vrid_is_not_also_missing() {
        let found = errors(&replace(23, "    virtual_router_id 300"));
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn virtual_router_id_range() {
        let d = assert_error(
            &replace(23, "    virtual_router_id 300"),
            23,
            Some("1 to 255"),
        );
        assert!(
            d.message.contains("outside the range [1, 255]"),
            "{}",
            d.message
        );
        assert_error(&replace(23, "    virtual_router_id 0"), 23, None);
    }

    #[test]
    fn priority_range_and_owner_warning() {
        let d = assert_error(&replace(24, "    priority abc"), 24, Some("1 to 255"));
        assert!(d.message.contains("invalid number"));
        assert_error(&replace(24, "    priority 256"), 24, None);
        assert_warning(
            &replace(24, "    priority 255"),
            24,
            "reserved for the owner",
        );
    }

    #[test]
    fn advert_int_positive() {
        assert_error(&replace(25, "    advert_int 0"), 25, Some("positive"));
        assert_error(&replace(25, "    advert_int fast"), 25, Some("positive"));
        assert_error(&replace(25, "    advert_int 300"), 25, Some("0.01 to 255"));
        assert!(errors(&replace(25, "    advert_int 0.5")).is_empty());
    }

    #[test]
    fn virtual_ipaddress_entries() {
        assert_error(
            &replace(32, "        10.0.0.999/24 dev ens3"),
            32,
            Some("ADDR[/LEN]"),
        );
        assert_error(&replace(32, "        10.0.0.10/33 dev ens3"), 32, None);
        assert_error(
            &replace(32, "        10.0.0.10/24 dev ens3 lable vip"),
            32,
            Some("did you mean `label`?"),
        );
        assert_error(&replace(32, "        10.0.0.10/24 scope galaxy"), 32, None);
        assert_error(&replace(32, "        10.0.0.10/24 dev"), 32, None);
        assert!(
            errors(&replace(
                32,
                "        fd00::10/64 dev ens3 scope global nodad"
            ))
            .is_empty()
        );
    }

    #[test]
    fn unicast_addresses() {
        assert_error(&replace(28, "        10.0.0.312"), 28, Some("IPv4 or IPv6"));
        assert_error(
            &replace(26, "    unicast_src_ip controller1"),
            26,
            Some("IPv4 or IPv6"),
        );
        assert_error(&replace(28, "        fd00::12"), 28, Some("IPv4 peers"));
        assert_warning(
            &replace(28, "        10.0.0.11"),
            28,
            "own `unicast_src_ip`",
        );
    }

    #[test]
    fn track_script_must_be_defined() {
        let d = assert_error(
            &replace(35, "        check_haproxi"),
            35,
            Some("did you mean `check_haproxy`?"),
        );
        assert!(d.message.contains("unknown vrrp_script"));
        assert_error(
            &replace(35, "        check_haproxy weight many"),
            35,
            Some("-253 to 253"),
        );
    }

    #[test]
    fn sync_group_members_must_be_defined() {
        let text = format!(
            "{VALID}vrrp_sync_group G1 {{\n    group {{\n        VI_OPENSTAK\n    }}\n}}\n"
        );
        assert_error(&text, 44, Some("did you mean `VI_OPENSTACK`?"));
    }

    #[test]
    fn duplicate_vrid_on_same_interface() {
        let second = "vrrp_instance VI_2 {\n    interface ens3\n    virtual_router_id 51\n    virtual_ipaddress {\n        10.0.0.20/24\n    }\n}\n";
        let text = format!("{VALID}{second}");
        assert_error(&text, 44, Some("line 19"));
        assert!(errors(&format!("{VALID}{}", second.replace("ens3", "ens4"))).is_empty());
    }

    #[test]
    fn duplicate_names() {
        let text = format!("{VALID}vrrp_script check_haproxy {{\n    script /bin/true\n}}\n");
        assert_error(&text, 42, Some("line 10"));
    }

    #[test]
    fn script_path_warning() {
        assert_warning(
            &replace(11, "    script killall -0 haproxy"),
            11,
            "absolute path",
        );
        assert!(check(&replace(11, "    script /usr/local/bin/chk_haproxy.sh")).is_empty());
    }

    #[test]
    fn script_values() {
        assert_error(&replace(12, "    interval 2s"), 12, Some("positive"));
        assert_error(&replace(14, "    fall 0"), 14, Some("at least 1"));
        assert_error(&replace(16, "    weight -300"), 16, Some("-253 to 253"));
        assert_error(&replace(16, "    weight 10 reverze"), 16, Some("reverse"));
    }

    #[test]
    fn authentication_checks() {
        let auth = "    authentication {\n        auth_type PASS\n        auth_pass verylongpassword\n    }";
        assert_error(&instance(auth), 8, Some("truncates"));
        assert_error(&instance(&auth.replace("PASS", "PSA")), 7, Some("PASS"));
        let v3 = format!(
            "global_defs {{\n    vrrp_version 3\n}}\n{}",
            instance(&auth.replace("verylongpassword", "secret"))
        );
        assert_warning(&v3, 9, "VRRPv3");
    }

    #[test]
    fn vrrp_strict_forbids_authentication() {
        let auth = "    authentication {\n        auth_type PASS\n        auth_pass secret\n    }";
        let text = format!("global_defs {{\n    vrrp_strict\n}}\n{}", instance(auth));
        assert_error(&text, 9, Some("vrrp_strict"));
    }

    #[test]
    fn interface_names() {
        assert_error(
            &replace(22, "    interface this-name-is-too-long0"),
            22,
            Some("15 characters"),
        );
        assert_error(&replace(22, "    interface ens3:0"), 22, None);
        assert_error(&replace(38, "        ens/3 weight -50"), 38, None);
    }

    #[test]
    fn tracking_own_interface_warns() {
        assert_warning(&replace(38, "        ens3 weight -50"), 38, "own interface");
    }

    #[test]
    fn instance_needs_interface_and_vrid() {
        assert_error(
            "vrrp_instance VI_1 {\n    virtual_router_id 1\n    virtual_ipaddress { 10.0.0.10 }\n}\n",
            1,
            Some("interface IFNAME"),
        );
        assert_error(
            "vrrp_instance VI_1 {\n    interface eth0\n    virtual_ipaddress { 10.0.0.10 }\n}\n",
            1,
            Some("1-255"),
        );
    }

    #[test]
    fn nopreempt_with_master_warns() {
        assert_warning(&replace(20, "    state MASTER"), 21, "nopreempt");
    }

    #[test]
    fn mixed_vip_families_warn() {
        let text = instance(
            "    virtual_ipaddress_excluded { fd00::10/64 }\n    virtual_ipaddress { fd00::11/64 }",
        );
        assert_warning(&text, 7, "ignored");
    }

    #[test]
    fn virtual_server_checks() {
        let text = "virtual_server 10.0.0.10 99999 {\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n    real_server 10.0.0.11 5000 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n";
        assert_error(text, 1, Some("1 to 65535"));
        assert_error(
            &text.replace("lb_algo rr", "lb_algo wlcc"),
            2,
            Some("did you mean `wlc`?"),
        );
    }

    #[test]
    fn conditional_lines_and_includes() {
        let text = replace(
            3,
            "    @controller1 router_id controller1\n    @^controller1 router_id other",
        );
        assert!(check(&format!("include /etc/keepalived/conf.d/*.conf\n{text}")).is_empty());
        assert_error(
            &replace(3, "    @controller1 routr_id controller1"),
            3,
            Some("did you mean `router_id`?"),
        );
    }

    #[test]
    fn brace_without_keyword() {
        assert_error("{\n}\n", 1, None);
    }

    #[test]
    fn duplicate_instance_names() {
        let text = format!(
            "{VALID}vrrp_instance VI_OPENSTACK {{\n    interface ens4\n    virtual_router_id 52\n    virtual_ipaddress {{ 10.0.1.10 }}\n}}\n"
        );
        assert_error(&text, 42, Some("line 19"));
    }

    #[test]
    fn track_process_must_be_defined() {
        let text = "vrrp_track_process haproxy {\n    process haproxy\n    weight -10\n}\n";
        let body = instance("    track_process {\n        haproxi\n    }");
        assert_error(
            &format!("{text}{body}"),
            11,
            Some("did you mean `haproxy`?"),
        );
        assert!(errors(&format!("{text}{}", body.replace("haproxi", "haproxy"))).is_empty());
    }

    #[test]
    fn notification_emails() {
        let text = "global_defs {\n    notification_email {\n        ops.example.org\n    }\n}\n";
        assert_error(text, 3, None);
    }

    #[test]
    fn instance_without_vip_warns() {
        assert_warning(
            "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n}\n",
            1,
            "no virtual address",
        );
    }

    #[test]
    fn global_values() {
        assert_error(&replace(6, "    vrrp_version 4"), 6, Some("2 to 3"));
        assert_error(
            &replace(6, "    vrrp_mcast_group4 224.0.0.256"),
            6,
            Some("IPv4 or IPv6"),
        );
    }

    #[test]
    fn unterminated_quote() {
        assert_error(
            &replace(11, "    script \"/usr/bin/killall -0 haproxy"),
            11,
            Some("close"),
        );
    }
}
