//! Line formats with a fixed vocabulary: sysctl.d, rabbitmq.conf, chrony.conf and memcached's
//! options. Each has a curated table of the keys, directives or flags that matter for an OpenStack
//! control plane, with the kind of value each takes, and near-match hints for the rest. The small
//! address helpers at the bottom are shared with the `ini` validator.

use crate::diag::{Diagnostic, did_you_mean};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::net::{IpAddr, Ipv6Addr};

// ---------------------------------------------------------------------------------------------
// sysctl.d
// ---------------------------------------------------------------------------------------------

/// What a kernel parameter takes.
#[derive(Clone, Copy)]
enum Sysval {
    /// One whole number in this range.
    Int(i64, i64),
    /// This many whole numbers separated by blanks (`net.ipv4.tcp_rmem = 4096 87380 6291456`).
    Ints(usize),
    Text,
}

const FLAG: Sysval = Sysval::Int(0, 1);
const COUNT: Sysval = Sysval::Int(0, i64::MAX);
const SIGNED: Sysval = Sysval::Int(i64::MIN, i64::MAX);

/// Kernel parameters this guide sets, and their close neighbours, so that a real neighbour is
/// never taken for a typo of a listed key. `*` stands for one element: an interface, `all` or
/// `default`.
const SYSCTL_KEYS: &[(&str, Sysval)] = &[
    ("net.ipv4.ip_nonlocal_bind", FLAG),
    ("net.ipv6.ip_nonlocal_bind", FLAG),
    ("net.ipv4.ip_forward", FLAG),
    ("net.ipv4.ip_default_ttl", Sysval::Int(1, 255)),
    ("net.ipv4.ip_no_pmtu_disc", Sysval::Int(0, 3)),
    ("net.ipv4.ip_local_port_range", Sysval::Ints(2)),
    ("net.ipv4.ip_local_reserved_ports", Sysval::Text),
    ("net.ipv4.conf.*.rp_filter", Sysval::Int(0, 2)),
    ("net.ipv4.conf.*.arp_filter", FLAG),
    ("net.ipv4.conf.*.arp_ignore", Sysval::Int(0, 8)),
    ("net.ipv4.conf.*.arp_announce", Sysval::Int(0, 2)),
    ("net.ipv4.conf.*.arp_accept", Sysval::Int(0, 2)),
    ("net.ipv4.conf.*.arp_notify", FLAG),
    ("net.ipv4.conf.*.proxy_arp", FLAG),
    ("net.ipv4.conf.*.forwarding", FLAG),
    ("net.ipv4.conf.*.mc_forwarding", FLAG),
    ("net.ipv4.conf.*.bc_forwarding", FLAG),
    ("net.ipv4.conf.*.send_redirects", FLAG),
    ("net.ipv4.conf.*.accept_redirects", FLAG),
    ("net.ipv4.conf.*.secure_redirects", FLAG),
    ("net.ipv4.conf.*.accept_source_route", FLAG),
    ("net.ipv4.conf.*.accept_local", FLAG),
    ("net.ipv4.conf.*.route_localnet", FLAG),
    ("net.ipv4.conf.*.log_martians", FLAG),
    ("net.ipv4.conf.*.promote_secondaries", FLAG),
    ("net.ipv4.neigh.default.gc_thresh1", COUNT),
    ("net.ipv4.neigh.default.gc_thresh2", COUNT),
    ("net.ipv4.neigh.default.gc_thresh3", COUNT),
    ("net.ipv4.tcp_keepalive_time", Sysval::Int(1, i64::MAX)),
    ("net.ipv4.tcp_keepalive_intvl", Sysval::Int(1, i64::MAX)),
    ("net.ipv4.tcp_keepalive_probes", Sysval::Int(1, i64::MAX)),
    ("net.ipv4.tcp_retries1", Sysval::Int(0, 255)),
    ("net.ipv4.tcp_retries2", Sysval::Int(0, 255)),
    ("net.ipv4.tcp_syn_retries", Sysval::Int(1, 127)),
    ("net.ipv4.tcp_synack_retries", Sysval::Int(0, 255)),
    ("net.ipv4.tcp_max_syn_backlog", COUNT),
    ("net.ipv4.tcp_syncookies", Sysval::Int(0, 2)),
    ("net.ipv4.tcp_fin_timeout", COUNT),
    ("net.ipv4.tcp_tw_reuse", Sysval::Int(0, 2)),
    ("net.ipv4.tcp_max_tw_buckets", COUNT),
    ("net.ipv4.tcp_timestamps", Sysval::Int(0, 2)),
    ("net.ipv4.tcp_sack", FLAG),
    ("net.ipv4.tcp_dsack", FLAG),
    ("net.ipv4.tcp_window_scaling", FLAG),
    ("net.ipv4.tcp_slow_start_after_idle", FLAG),
    ("net.ipv4.tcp_mtu_probing", Sysval::Int(0, 2)),
    ("net.ipv4.tcp_fastopen", COUNT),
    ("net.ipv4.tcp_congestion_control", Sysval::Text),
    ("net.ipv4.tcp_rmem", Sysval::Ints(3)),
    ("net.ipv4.tcp_wmem", Sysval::Ints(3)),
    ("net.ipv4.tcp_mem", Sysval::Ints(3)),
    ("net.ipv4.udp_mem", Sysval::Ints(3)),
    ("net.ipv4.udp_rmem_min", COUNT),
    ("net.ipv4.udp_wmem_min", COUNT),
    ("net.ipv4.icmp_echo_ignore_all", FLAG),
    ("net.ipv4.icmp_echo_ignore_broadcasts", FLAG),
    ("net.ipv6.conf.*.disable_ipv6", FLAG),
    ("net.ipv6.conf.*.forwarding", FLAG),
    ("net.ipv6.conf.*.mc_forwarding", FLAG),
    ("net.ipv6.conf.*.accept_ra", Sysval::Int(0, 2)),
    ("net.ipv6.conf.*.accept_dad", Sysval::Int(-1, 2)),
    ("net.ipv6.conf.*.accept_redirects", FLAG),
    ("net.ipv6.conf.*.accept_source_route", Sysval::Int(-1, 1)),
    ("net.ipv6.conf.*.autoconf", FLAG),
    ("net.ipv6.conf.*.proxy_ndp", FLAG),
    ("net.ipv6.conf.*.keep_addr_on_down", Sysval::Int(-1, 1)),
    ("net.ipv6.neigh.default.gc_thresh1", COUNT),
    ("net.ipv6.neigh.default.gc_thresh2", COUNT),
    ("net.ipv6.neigh.default.gc_thresh3", COUNT),
    ("net.ipv6.bindv6only", FLAG),
    ("net.core.somaxconn", Sysval::Int(0, i32::MAX as i64)),
    ("net.core.netdev_max_backlog", COUNT),
    ("net.core.rmem_max", COUNT),
    ("net.core.wmem_max", COUNT),
    ("net.core.rmem_default", COUNT),
    ("net.core.wmem_default", COUNT),
    ("net.core.optmem_max", COUNT),
    ("net.core.default_qdisc", Sysval::Text),
    ("net.bridge.bridge-nf-call-iptables", FLAG),
    ("net.bridge.bridge-nf-call-ip6tables", FLAG),
    ("net.bridge.bridge-nf-call-arptables", FLAG),
    ("net.bridge.bridge-nf-filter-vlan-tagged", FLAG),
    ("net.netfilter.nf_conntrack_max", COUNT),
    ("net.netfilter.nf_conntrack_tcp_timeout_established", COUNT),
    ("net.nf_conntrack_max", COUNT),
    ("vm.swappiness", Sysval::Int(0, 200)),
    ("vm.overcommit_memory", Sysval::Int(0, 2)),
    ("vm.overcommit_ratio", COUNT),
    ("vm.max_map_count", COUNT),
    ("vm.min_free_kbytes", COUNT),
    ("vm.dirty_ratio", Sysval::Int(0, 100)),
    ("vm.dirty_background_ratio", Sysval::Int(0, 100)),
    ("vm.dirty_bytes", COUNT),
    ("vm.dirty_background_bytes", COUNT),
    ("vm.vfs_cache_pressure", COUNT),
    ("vm.zone_reclaim_mode", COUNT),
    ("vm.panic_on_oom", Sysval::Int(0, 2)),
    ("vm.nr_hugepages", COUNT),
    ("kernel.panic", SIGNED),
    ("kernel.panic_on_oops", FLAG),
    ("kernel.pid_max", COUNT),
    ("kernel.threads-max", COUNT),
    ("kernel.sysrq", COUNT),
    ("kernel.core_pattern", Sysval::Text),
    ("kernel.core_uses_pid", FLAG),
    ("kernel.hung_task_timeout_secs", COUNT),
    ("kernel.printk", Sysval::Ints(4)),
    ("kernel.shmmax", COUNT),
    ("kernel.shmall", COUNT),
    ("kernel.shmmni", COUNT),
    ("kernel.msgmax", COUNT),
    ("kernel.msgmnb", COUNT),
    ("kernel.msgmni", COUNT),
    ("kernel.sem", Sysval::Ints(4)),
    ("kernel.randomize_va_space", Sysval::Int(0, 2)),
    ("kernel.dmesg_restrict", FLAG),
    ("kernel.kptr_restrict", Sysval::Int(0, 2)),
    ("kernel.keys.maxkeys", COUNT),
    ("kernel.keys.root_maxkeys", COUNT),
    ("fs.file-max", COUNT),
    ("fs.nr_open", COUNT),
    ("fs.aio-max-nr", COUNT),
    ("fs.inotify.max_user_watches", COUNT),
    ("fs.inotify.max_user_instances", COUNT),
    ("fs.inotify.max_queued_events", COUNT),
];

/// The top-level directories of /proc/sys.
const SYSCTL_ROOTS: &[&str] = &[
    "abi", "crypto", "debug", "dev", "fs", "kernel", "net", "sunrpc", "user", "vm",
];

/// Checks a sysctl.d file.
pub(crate) fn sysctl(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, line) in numbered(text) {
        let body = line.trim();
        if body.is_empty() || body.starts_with(['#', ';']) {
            continue;
        }
        let Some((key, value)) = body.split_once('=') else {
            out.push(
                Diagnostic::error(n, "line is not `key = value`")
                    .at(line, body)
                    .help("systemd-sysctl skips lines without `=`; write e.g. `net.ipv4.ip_nonlocal_bind = 1`"),
            );
            continue;
        };
        // A leading `-` only tells systemd-sysctl to ignore a failure to set the key.
        let key = key.trim();
        let key = key.strip_prefix('-').unwrap_or(key).trim();
        let segments = sysctl_segments(key);
        out.extend(sysctl_entry(n, line, key, &segments, value.trim()));
        if let Some(d) = first_seen(&mut seen, segments.join("."), n) {
            out.push(
                Diagnostic::warning(n, format!("`{key}` is set again (first on line {d})"))
                    .at(line, key)
                    .help("the last value wins; keep one line"),
            );
        }
    }
    out
}

/// `net.ipv4.conf.all.rp_filter` or `net/ipv4/conf/eth0.100/rp_filter`: with slashes, a dot is
/// part of an element (VLAN interfaces).
fn sysctl_segments(key: &str) -> Vec<&str> {
    if key.contains('/') {
        key.trim_start_matches('/').split('/').collect()
    } else {
        key.split('.').collect()
    }
}

fn sysctl_entry(
    n: usize,
    line: &str,
    key: &str,
    segments: &[&str],
    value: &str,
) -> Option<Diagnostic> {
    let element_ok = |s: &&str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.*?".contains(c))
    };
    if key.is_empty() || !segments.iter().all(element_ok) {
        return Some(
            Diagnostic::error(n, format!("`{key}` is not a kernel parameter name"))
                .at(line, if key.is_empty() { line.trim() } else { key })
                .help("write a dotted name such as `net.ipv4.ip_forward`, or a slashed one such as `net/ipv4/conf/eth0.100/rp_filter`"),
        );
    }
    match SYSCTL_KEYS
        .iter()
        .find(|(p, _)| pattern_matches(p, '.', "*", segments))
    {
        Some((_, kind)) => sysctl_value(n, line, key, value, *kind),
        None => unknown_sysctl(n, line, key, segments),
    }
}

fn sysctl_value(n: usize, line: &str, key: &str, value: &str, kind: Sysval) -> Option<Diagnostic> {
    let (ok, expected) = match kind {
        Sysval::Int(lo, hi) => (
            value.parse::<i64>().is_ok_and(|v| (lo..=hi).contains(&v)),
            range_text(lo, hi),
        ),
        Sysval::Ints(count) => {
            let parts: Vec<&str> = value.split_whitespace().collect();
            (
                parts.len() == count && parts.iter().all(|p| p.parse::<i64>().is_ok()),
                format!("{count} whole numbers separated by blanks"),
            )
        }
        Sysval::Text => (!value.is_empty(), "a value".to_string()),
    };
    let needle = if value.is_empty() { key } else { value };
    (!ok).then(|| {
        Diagnostic::error(n, format!("`{key}` takes {expected}, not `{value}`"))
            .at(line, needle)
            .help(format!("write {expected}"))
    })
}

fn range_text(lo: i64, hi: i64) -> String {
    match (lo, hi) {
        (0, 1) => "0 or 1".into(),
        (i64::MIN, i64::MAX) => "a whole number".into(),
        (lo, i64::MAX) => format!("a whole number of at least {lo}"),
        (lo, hi) => format!("a whole number from {lo} to {hi}"),
    }
}

/// The kernel has far more parameters than the table, so only a plain typo of a listed one is an
/// error; a name that merely resembles one is a warning, and anything else passes.
fn unknown_sysctl(n: usize, line: &str, key: &str, segments: &[&str]) -> Option<Diagnostic> {
    let root = segments.first().copied().unwrap_or_default();
    if !SYSCTL_ROOTS.contains(&root) {
        let d = Diagnostic::error(n, format!("`{root}` is not a sysctl namespace")).at(line, root);
        let help = did_you_mean(root, SYSCTL_ROOTS.iter().copied()).unwrap_or_else(|| {
            "kernel parameters start with `net.`, `vm.`, `kernel.`, `fs.`...".into()
        });
        return Some(d.help(help));
    }
    let dotted = segments.join(".");
    let known: Vec<String> = SYSCTL_KEYS
        .iter()
        .map(|(p, _)| fill_pattern(p, '.', "*", segments))
        .collect();
    if let Some(fix) = typo_of(&dotted, known.iter().map(String::as_str)) {
        return Some(
            Diagnostic::error(n, format!("unknown kernel parameter `{key}`"))
                .at(line, key)
                .help(format!(
                    "did you mean `{fix}`? systemd-sysctl fails on a key missing from /proc/sys"
                )),
        );
    }
    did_you_mean(&dotted, known.iter().map(String::as_str)).map(|help| {
        Diagnostic::warning(
            n,
            format!("`{key}` is not a kernel parameter this validator knows"),
        )
        .at(line, key)
        .help(format!(
            "{help} (check that /proc/sys/{} exists)",
            segments.join("/")
        ))
    })
}

/// True when `segments` fit `pattern`, whose `wild` elements match any one element and whose
/// trailing `**` (for rabbitmq.conf plugin settings) matches any remainder.
fn pattern_matches(pattern: &str, sep: char, wild: &str, segments: &[&str]) -> bool {
    let parts: Vec<&str> = pattern.split(sep).collect();
    if parts.last() == Some(&"**") {
        let head = &parts[..parts.len() - 1];
        return segments.len() > head.len()
            && head.iter().zip(segments).all(|(p, s)| p == s || *p == wild);
    }
    parts.len() == segments.len()
        && parts
            .iter()
            .zip(segments)
            .all(|(p, s)| p == s || *p == wild)
}

/// The pattern with its wildcards replaced by the elements found, for "did you mean".
fn fill_pattern(pattern: &str, sep: char, wild: &str, segments: &[&str]) -> String {
    let parts: Vec<&str> = pattern.split(sep).collect();
    let filled: Vec<&str> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if *p == wild && parts.len() == segments.len() {
                segments[i]
            } else {
                p
            }
        })
        .collect();
    filled.join(&sep.to_string())
}

// ---------------------------------------------------------------------------------------------
// rabbitmq.conf
// ---------------------------------------------------------------------------------------------

/// What a rabbitmq.conf key takes.
#[derive(Clone, Copy)]
enum Rval {
    Int,
    Port,
    /// A port, or `ip:port`.
    Listener,
    /// An Erlang node name, `rabbit@host`.
    Node,
    Bool,
    /// A fraction from 0 to 1.
    Ratio,
    /// A float above 0.
    Positive,
    /// Bytes, with an optional unit (`2GB`, `512MiB`).
    Size,
    Enum(&'static [&'static str]),
    Ip,
    Host,
    Text,
    /// Accepted, but deprecated: the text says what replaces it.
    Deprecated(&'static str),
    /// A classic-mirroring setting, gone in 4.0.
    Mirroring,
}

#[rustfmt::skip]
const PEER_BACKENDS: &[&str] = &[
    "classic_config", "rabbit_peer_discovery_classic_config", "dns", "rabbit_peer_discovery_dns", "aws",
    "rabbit_peer_discovery_aws", "k8s", "rabbit_peer_discovery_k8s", "consul", "rabbit_peer_discovery_consul",
    "etcd", "rabbit_peer_discovery_etcd",
];
const PARTITION_MODES: &[&str] = &["ignore", "pause_minority", "autoheal", "pause_if_all_down"];
const LOG_LEVELS: &[&str] = &[
    "debug",
    "info",
    "notice",
    "warning",
    "error",
    "critical",
    "alert",
    "emergency",
    "none",
];
const FORMATTERS: &[&str] = &["plaintext", "json"];

/// The rabbitmq.conf keys (RabbitMQ 3.13 and 4.x schemas) this guide can use. `$` is one element
/// (a listener or node number, a user name); a trailing `**` accepts the plugin settings below it.
const RABBIT_KEYS: &[(&str, Rval)] = &[
    ("listeners.tcp", Rval::Enum(&["none"])),
    ("listeners.tcp.$", Rval::Listener),
    ("listeners.ssl", Rval::Enum(&["none"])),
    ("listeners.ssl.$", Rval::Listener),
    ("num_acceptors.tcp", Rval::Int),
    ("num_acceptors.ssl", Rval::Int),
    ("handshake_timeout", Rval::Int),
    ("ssl_handshake_timeout", Rval::Int),
    ("reverse_dns_lookups", Rval::Bool),
    ("proxy_protocol", Rval::Bool),
    ("ssl_options.cacertfile", Rval::Text),
    ("ssl_options.certfile", Rval::Text),
    ("ssl_options.keyfile", Rval::Text),
    ("ssl_options.password", Rval::Text),
    (
        "ssl_options.verify",
        Rval::Enum(&["verify_peer", "verify_none"]),
    ),
    ("ssl_options.fail_if_no_peer_cert", Rval::Bool),
    ("ssl_options.depth", Rval::Int),
    (
        "ssl_options.versions.$",
        Rval::Enum(&["tlsv1.3", "tlsv1.2", "tlsv1.1", "tlsv1"]),
    ),
    ("ssl_options.ciphers.$", Rval::Text),
    ("ssl_options.honor_cipher_order", Rval::Bool),
    ("ssl_options.honor_ecc_order", Rval::Bool),
    ("ssl_options.secure_renegotiate", Rval::Bool),
    ("ssl_options.client_renegotiation", Rval::Bool),
    ("ssl_options.reuse_sessions", Rval::Bool),
    (
        "cluster_formation.peer_discovery_backend",
        Rval::Enum(PEER_BACKENDS),
    ),
    ("cluster_formation.classic_config.nodes.$", Rval::Node),
    ("cluster_formation.dns.hostname", Rval::Host),
    (
        "cluster_formation.node_type",
        Rval::Enum(&["disc", "disk", "ram"]),
    ),
    ("cluster_formation.discovery_retry_limit", Rval::Int),
    ("cluster_formation.discovery_retry_interval", Rval::Int),
    ("cluster_formation.internal_lock_retries", Rval::Int),
    ("cluster_formation.target_cluster_size_hint", Rval::Int),
    (
        "cluster_formation.randomized_startup_delay_range.min",
        Rval::Int,
    ),
    (
        "cluster_formation.randomized_startup_delay_range.max",
        Rval::Int,
    ),
    ("cluster_formation.node_cleanup.interval", Rval::Int),
    (
        "cluster_formation.node_cleanup.only_log_warning",
        Rval::Bool,
    ),
    ("cluster_formation.k8s.**", Rval::Text),
    ("cluster_formation.consul.**", Rval::Text),
    ("cluster_formation.etcd.**", Rval::Text),
    ("cluster_formation.aws.**", Rval::Text),
    ("cluster_name", Rval::Text),
    ("cluster_partition_handling", Rval::Enum(PARTITION_MODES)),
    (
        "cluster_partition_handling.pause_if_all_down.recover",
        Rval::Enum(&["ignore", "autoheal"]),
    ),
    (
        "cluster_partition_handling.pause_if_all_down.nodes.$",
        Rval::Node,
    ),
    ("cluster_keepalive_interval", Rval::Int),
    ("heartbeat", Rval::Int),
    ("vm_memory_high_watermark.relative", Rval::Ratio),
    ("vm_memory_high_watermark.absolute", Rval::Size),
    ("vm_memory_high_watermark_paging_ratio", Rval::Ratio),
    (
        "vm_memory_calculation_strategy",
        Rval::Enum(&["rss", "erlang", "allocated", "legacy"]),
    ),
    ("total_memory_available_override_value", Rval::Size),
    ("memory_monitor_interval", Rval::Int),
    ("disk_free_limit.absolute", Rval::Size),
    ("disk_free_limit.relative", Rval::Positive),
    (
        "default_queue_type",
        Rval::Enum(&["classic", "quorum", "stream"]),
    ),
    ("quorum_queue.compute_checksums", Rval::Bool),
    (
        "quorum_queue.property_equivalence.relaxed_checks_on_redeclaration",
        Rval::Bool,
    ),
    (
        "quorum_queue.continuous_membership_reconciliation.enabled",
        Rval::Bool,
    ),
    (
        "quorum_queue.continuous_membership_reconciliation.auto_remove",
        Rval::Bool,
    ),
    (
        "quorum_queue.continuous_membership_reconciliation.interval",
        Rval::Int,
    ),
    (
        "quorum_queue.continuous_membership_reconciliation.trigger_interval",
        Rval::Int,
    ),
    (
        "quorum_queue.continuous_membership_reconciliation.target_group_size",
        Rval::Int,
    ),
    ("classic_queue.default_version", Rval::Enum(&["1", "2"])),
    (
        "queue_master_locator",
        Rval::Deprecated("use `queue_leader_locator = balanced` (or `client-local`)"),
    ),
    (
        "queue_leader_locator",
        Rval::Enum(&["client-local", "balanced"]),
    ),
    ("mirroring_sync_batch_size", Rval::Mirroring),
    ("mirroring_sync_max_throughput", Rval::Mirroring),
    ("log.file", Rval::Text),
    ("log.dir", Rval::Text),
    ("log.console", Rval::Bool),
    ("log.syslog", Rval::Bool),
    ("log.exchange", Rval::Bool),
    ("log.$.level", Rval::Enum(LOG_LEVELS)),
    ("log.file.rotation.date", Rval::Text),
    ("log.file.rotation.size", Rval::Int),
    ("log.file.rotation.count", Rval::Int),
    ("log.file.rotation.compress", Rval::Bool),
    ("log.file.formatter", Rval::Enum(FORMATTERS)),
    ("log.console.formatter", Rval::Enum(FORMATTERS)),
    ("log.console.use_colors", Rval::Bool),
    ("log.syslog.identity", Rval::Text),
    ("log.syslog.facility", Rval::Text),
    ("log.syslog.ip", Rval::Ip),
    ("log.syslog.port", Rval::Port),
    ("management.tcp.port", Rval::Port),
    ("management.tcp.ip", Rval::Ip),
    ("management.ssl.port", Rval::Port),
    ("management.ssl.ip", Rval::Ip),
    ("management.ssl.cacertfile", Rval::Text),
    ("management.ssl.certfile", Rval::Text),
    ("management.ssl.keyfile", Rval::Text),
    ("management.load_definitions", Rval::Text),
    ("management.path_prefix", Rval::Text),
    (
        "management.rates_mode",
        Rval::Enum(&["basic", "detailed", "none"]),
    ),
    ("management.http_log_dir", Rval::Text),
    ("management.disable_stats", Rval::Bool),
    ("management.enable_queue_totals", Rval::Bool),
    ("management.cors.allow_origins.$", Rval::Text),
    ("management_agent.disable_metrics_collector", Rval::Bool),
    ("prometheus.tcp.port", Rval::Port),
    ("loopback_users", Rval::Enum(&["none"])),
    ("loopback_users.$", Rval::Bool),
    ("default_vhost", Rval::Text),
    ("default_user", Rval::Text),
    ("default_pass", Rval::Text),
    ("default_user_tags.$", Rval::Bool),
    ("default_permissions.configure", Rval::Text),
    ("default_permissions.read", Rval::Text),
    ("default_permissions.write", Rval::Text),
    ("channel_max", Rval::Int),
    ("channel_max_per_node", Rval::Int),
    ("frame_max", Rval::Int),
    ("initial_frame_max", Rval::Int),
    ("max_message_size", Rval::Int),
    ("consumer_timeout", Rval::Int),
    ("consumer_max_per_channel", Rval::Int),
    ("connection_max", Rval::Text),
    ("tcp_listen_options.backlog", Rval::Int),
    ("tcp_listen_options.nodelay", Rval::Bool),
    ("tcp_listen_options.keepalive", Rval::Bool),
    ("tcp_listen_options.exit_on_close", Rval::Bool),
    ("tcp_listen_options.linger.on", Rval::Bool),
    ("tcp_listen_options.linger.timeout", Rval::Int),
    ("tcp_listen_options.sndbuf", Rval::Int),
    ("tcp_listen_options.recbuf", Rval::Int),
    ("tcp_listen_options.buffer", Rval::Int),
    ("tcp_listen_options.send_timeout", Rval::Int),
    ("tcp_listen_options.send_timeout_close", Rval::Bool),
    (
        "collect_statistics",
        Rval::Enum(&["none", "coarse", "fine"]),
    ),
    ("collect_statistics_interval", Rval::Int),
    ("mnesia_table_loading_retry_timeout", Rval::Int),
    ("mnesia_table_loading_retry_limit", Rval::Int),
    ("auth_backends.$", Rval::Text),
    (
        "auth_mechanisms.$",
        Rval::Enum(&[
            "PLAIN",
            "AMQPLAIN",
            "EXTERNAL",
            "ANONYMOUS",
            "RABBIT-CR-DEMO",
        ]),
    ),
    ("load_definitions", Rval::Text),
    ("definitions.**", Rval::Text),
    ("deprecated_features.permit.$", Rval::Bool),
    ("raft.**", Rval::Text),
    ("stream.**", Rval::Text),
    ("prometheus.**", Rval::Text),
    ("mqtt.**", Rval::Text),
    ("stomp.**", Rval::Text),
    ("web_stomp.**", Rval::Text),
    ("web_mqtt.**", Rval::Text),
    ("auth_ldap.**", Rval::Text),
    ("auth_oauth2.**", Rval::Text),
    ("auth_http.**", Rval::Text),
];

/// Checks a rabbitmq.conf (the sysctl-like format cuttlefish reads).
pub(crate) fn rabbitmq(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, line) in numbered(text) {
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(path) = body
            .strip_prefix("include")
            .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        {
            if path.trim().is_empty() {
                out.push(
                    Diagnostic::error(n, "`include` needs a path")
                        .at(line, body)
                        .help("write `include /etc/rabbitmq/conf.d/*.conf`"),
                );
            }
            continue;
        }
        let Some((key, value)) = body.split_once('=') else {
            out.push(
                Diagnostic::error(n, "line is not `key = value`")
                    .at(line, body)
                    .help("rabbitmq.conf lines are `key = value`, e.g. `heartbeat = 60`"),
            );
            continue;
        };
        let key = key.trim();
        out.extend(rabbit_entry(n, line, key, value));
        if let Some(first) = first_seen(&mut seen, key.to_string(), n) {
            out.push(
                Diagnostic::error(n, format!("`{key}` is set again (first on line {first})"))
                    .at(line, key)
                    .help("only one of the values is used; keep one line (number repeated entries .1, .2, .3)"),
            );
        }
    }
    out
}

fn rabbit_entry(n: usize, line: &str, key: &str, raw_value: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let segments: Vec<&str> = key.split('.').collect();
    let word = |s: &&str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if !segments.iter().all(word) {
        out.push(
            Diagnostic::error(n, format!("`{key}` is not a rabbitmq.conf key"))
                .at(line, if key.is_empty() { line.trim() } else { key })
                .help("keys are words of letters, digits, `_` and `-` joined by dots"),
        );
        return out;
    }
    if segments
        .iter()
        .any(|s| s.starts_with("ha-") || s.starts_with("ha_"))
    {
        out.push(
            Diagnostic::error(n, format!("`{key}` is a classic queue mirroring setting"))
                .at(line, key)
                .help("classic mirroring (`ha-*`) was removed in RabbitMQ 4.0 and was never a rabbitmq.conf key; use quorum queues (`default_queue_type = quorum`)"),
        );
        return out;
    }
    let value = rabbit_value_text(n, line, raw_value, &mut out);
    match RABBIT_KEYS
        .iter()
        .find(|(p, _)| pattern_matches(p, '.', "$", &segments))
    {
        Some((_, kind)) => out.extend(rabbit_value(n, line, key, value, *kind)),
        None => out.push(unknown_rabbit_key(n, line, key, &segments)),
    }
    out
}

/// Cuttlefish ends a value at the first `#`, even inside a password.
fn rabbit_value_text<'a>(n: usize, line: &str, raw: &'a str, out: &mut Vec<Diagnostic>) -> &'a str {
    let Some(pos) = raw.find('#') else {
        return raw.trim();
    };
    let value = raw[..pos].trim();
    if !value.is_empty() && !raw[..pos].ends_with(char::is_whitespace) {
        out.push(
            Diagnostic::warning(
                n,
                format!("`#` starts a comment in rabbitmq.conf, so the value is only `{value}`"),
            )
            .at(line, &raw[pos..])
            .help("values cannot contain `#`; pick a password without it"),
        );
    }
    value
}

fn unknown_rabbit_key(n: usize, line: &str, key: &str, segments: &[&str]) -> Diagnostic {
    let known: Vec<String> = RABBIT_KEYS
        .iter()
        .map(|(p, _)| fill_pattern(p, '.', "$", segments))
        .filter(|k| !k.ends_with("**"))
        .collect();
    let candidates = || known.iter().map(String::as_str);
    if let Some(fix) = typo_of(key, candidates()) {
        return Diagnostic::error(n, format!("unknown key `{key}`"))
            .at(line, key)
            .help(format!("did you mean `{fix}`? RabbitMQ refuses to start (`Conf file attempted to set unknown variable`)"));
    }
    // In a family whose keys are only partly listed above, the key may be real.
    let family = segments.first().copied().unwrap_or_default();
    let listed_family = RABBIT_KEYS
        .iter()
        .any(|(p, _)| p.split('.').next() == Some(family) && p.contains('.'));
    let d = if listed_family {
        Diagnostic::warning(
            n,
            format!("`{key}` is not a rabbitmq.conf key this validator knows"),
        )
        .at(line, key)
    } else {
        Diagnostic::error(n, format!("unknown key `{key}`")).at(line, key)
    };
    let help = did_you_mean(key, candidates())
        .unwrap_or_else(|| "see https://www.rabbitmq.com/docs/configure#config-items".into());
    d.help(format!(
        "{help} RabbitMQ refuses to start on an unknown key"
    ))
}

fn rabbit_value(n: usize, line: &str, key: &str, v: &str, kind: Rval) -> Vec<Diagnostic> {
    let bad = |msg: String, help: &str| {
        let needle = if v.is_empty() { key } else { v };
        vec![
            Diagnostic::error(n, msg)
                .at(line, needle)
                .help(help.to_string()),
        ]
    };
    match kind {
        Rval::Int if v.parse::<u64>().is_err() => bad(format!("`{key}` takes a whole number, not `{v}`"), "write e.g. `60`"),
        Rval::Port if !is_port(v) => bad(format!("`{key}` takes a port, not `{v}`"), "write a number from 1 to 65535"),
        Rval::Listener if !is_listener(v) => bad(format!("`{key}` takes a port or `ip:port`, not `{v}`"), "write `5672` or `10.0.0.11:5672`"),
        Rval::Node => node_name(n, line, key, v),
        Rval::Bool if v != "true" && v != "false" => bad(format!("`{key}` takes `true` or `false`, not `{v}`"), "write `true` or `false`"),
        Rval::Ratio if !v.parse::<f64>().is_ok_and(|f| (0.0..=1.0).contains(&f)) => bad(format!("`{key}` takes a fraction from 0 to 1, not `{v}`"), "write e.g. `0.6`"),
        Rval::Positive if !v.parse::<f64>().is_ok_and(|f| f > 0.0) => bad(format!("`{key}` takes a number above 0, not `{v}`"), "write e.g. `1.5`"),
        Rval::Size if !is_rabbit_size(v) => bad(format!("`{key}` takes a size, not `{v}`"), "write bytes or a size with a unit, e.g. `2GB` or `512MiB`"),
        Rval::Enum(values) => rabbit_enum(n, line, key, v, values),
        Rval::Ip if !is_ip(v) => bad(format!("`{key}` takes an IP address, not `{v}`"), "write e.g. `10.0.0.11` or `0.0.0.0`"),
        Rval::Host if !is_hostname(v) => bad(format!("`{key}` takes a host name, not `{v}`"), "write e.g. `rabbitmq.example.org`"),
        Rval::Text if v.is_empty() => bad(format!("`{key}` has an empty value"), "give it a value or delete the line"),
        Rval::Deprecated(instead) => vec![Diagnostic::warning(n, format!("`{key}` is deprecated")).at(line, key).help(instead)],
        Rval::Mirroring => vec![Diagnostic::warning(n, format!("`{key}` tunes classic queue mirroring")).at(line, key).help("classic mirroring was removed in RabbitMQ 4.0; use quorum queues and delete the line")],
        _ => Vec::new(),
    }
}

fn rabbit_enum(n: usize, line: &str, key: &str, v: &str, values: &[&str]) -> Vec<Diagnostic> {
    if !values.contains(&v) {
        let allowed = values
            .iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match suggest(v, values) {
            Some(mean) => format!("{mean} allowed: {allowed}"),
            None => format!("allowed: {allowed}"),
        };
        return vec![
            Diagnostic::error(n, format!("`{v}` is not a valid value for `{key}`"))
                .at(line, if v.is_empty() { key } else { v })
                .help(help),
        ];
    }
    // `cluster_partition_handling` is valid and needed on Mnesia-backed clusters (3.x, and 4.x
    // until Khepri is enabled); under Khepri RabbitMQ ignores it. A file cannot tell which metadata
    // store runs, so the value is checked and nothing more is said; the RabbitMQ page explains it.
    Vec::new()
}

fn node_name(n: usize, line: &str, key: &str, v: &str) -> Vec<Diagnostic> {
    let ok = v.split_once('@').is_some_and(|(name, host)| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && (is_hostname(host) || is_ip(host))
    });
    if ok {
        return Vec::new();
    }
    vec![
        Diagnostic::error(n, format!("`{key}` takes an Erlang node name, not `{v}`"))
            .at(line, if v.is_empty() { key } else { v })
            .help("write `rabbit@controller1`: the node name, `@`, and the host's short name as `hostname -s` prints it"),
    ]
}

fn is_listener(v: &str) -> bool {
    if v.chars().all(|c| c.is_ascii_digit()) {
        return is_port(v);
    }
    // RabbitMQ splits at the last `:`, so IPv6 may come with or without brackets.
    v.rsplit_once(':').is_some_and(|(ip, port)| {
        is_port(port) && is_ip(ip.trim_start_matches('[').trim_end_matches(']'))
    })
}

fn is_rabbit_size(v: &str) -> bool {
    let digits = v.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &v[digits.len()..];
    const UNITS: &[&str] = &[
        "", "k", "K", "kB", "KB", "KiB", "m", "M", "MB", "MiB", "g", "G", "GB", "GiB", "t", "T",
        "TB", "TiB",
    ];
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && UNITS.contains(&unit)
}

// ---------------------------------------------------------------------------------------------
// chrony.conf
// ---------------------------------------------------------------------------------------------

/// chrony 4.x directives; chronyd stops at any other word.
#[rustfmt::skip]
const CHRONY_DIRECTIVES: &[&str] = &[
    "acquisitionport", "allow", "authselectmode", "bindacqaddress", "bindacqdevice", "bindaddress",
    "bindcmdaddress", "bindcmddevice", "binddevice", "broadcast", "clientloglimit", "clockprecision",
    "cmdallow", "cmddeny", "cmdport", "cmdratelimit", "combinelimit", "confdir", "corrtimeratio", "deny",
    "driftfile", "dscp", "dumpdir", "fallbackdrift", "hwclockfile", "hwtimestamp", "include", "initstepslew",
    "keyfile", "leapsecmode", "leapseclist", "leapsectz", "local", "lock_all", "log", "logbanner",
    "logchange", "logdir", "mailonchange", "makestep", "manual", "maxchange", "maxclockerror", "maxdistance",
    "maxdrift", "maxjitter", "maxntsconnections", "maxsamples", "maxslewrate", "maxupdateskew", "minsamples",
    "minsources", "nocerttimecheck", "noclientlog", "ntpsigndsocket", "ntsaeads", "ntscachedir", "ntsdumpdir",
    "ntsntpserver", "ntsport", "ntsprocesses", "ntsrefresh", "ntsrotate", "ntsservercert", "ntsserverkey",
    "ntstrustedcerts", "peer", "pidfile", "pool", "port", "ptpport", "ratelimit", "refclock", "refresh",
    "reselectdist", "rtcautotrim", "rtcdevice", "rtcfile", "rtconutc", "rtcsync", "sched_priority",
    "smoothtime", "server", "sourcedir", "stratumweight", "tempcomp", "user",
];

/// Source options without an argument.
#[rustfmt::skip]
const SOURCE_FLAGS: &[&str] = &[
    "iburst", "burst", "prefer", "noselect", "trust", "require", "nts", "xleave", "offline", "auto_offline",
    "copy", "ipv4", "ipv6",
];
/// Source options followed by a whole number, with the range chronyd accepts.
const SOURCE_INTS: &[(&str, i64, i64)] = &[
    ("minpoll", -7, 24),
    ("maxpoll", -7, 24),
    ("key", 1, u32::MAX as i64),
    ("port", 1, 65535),
    ("ntsport", 1, 65535),
    ("maxsources", 1, 16),
    ("presend", -7, 24),
    ("minstratum", 0, 15),
    ("polltarget", 6, 60),
    ("version", 1, 4),
    ("minsamples", 0, 64),
    ("maxsamples", 0, 64),
    ("filter", 1, 1024),
    ("certset", 0, u32::MAX as i64),
];
/// Source options followed by a number with a fraction.
const SOURCE_FLOATS: &[&str] = &[
    "maxdelay",
    "maxdelayratio",
    "maxdelaydevratio",
    "mindelay",
    "asymmetry",
    "offset",
];
const LOG_FILES: &[&str] = &[
    "measurements",
    "rawmeasurements",
    "statistics",
    "tracking",
    "rtc",
    "refclocks",
    "tempcomp",
    "selection",
];

/// Checks a chrony.conf.
pub(crate) fn chrony(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (n, line) in numbered(text) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((&directive, args)) = words.split_first() else {
            continue;
        };
        if directive.starts_with(['#', '!', ';', '%']) {
            continue;
        }
        let c = Ctx { n, line };
        out.extend(chrony_directive(&c, directive, args));
    }
    out
}

/// The line a finding is on, to keep argument lists short.
struct Ctx<'a> {
    n: usize,
    line: &'a str,
}

impl Ctx<'_> {
    fn error(&self, needle: &str, msg: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.n, msg)
            .at(self.line, needle)
            .help(help)
    }
}

fn chrony_directive(c: &Ctx<'_>, directive: &str, args: &[&str]) -> Vec<Diagnostic> {
    match directive {
        "server" | "pool" | "peer" => chrony_source(c, directive, args),
        "allow" | "deny" | "cmdallow" | "cmddeny" => {
            chrony_access(c, directive, args).into_iter().collect()
        }
        "local" => chrony_local(c, args),
        "makestep" => chrony_numbers(
            c,
            directive,
            args,
            &[Num::Float, Num::Int],
            "`makestep 1.0 3`: step when off by more than 1 s, in the first 3 updates (-1: always)",
        ),
        "maxchange" => chrony_numbers(
            c,
            directive,
            args,
            &[Num::Float, Num::Int, Num::Int],
            "`maxchange 1000 1 2`",
        ),
        "maxupdateskew" | "maxdistance" | "maxjitter" | "maxdrift" | "maxclockerror"
        | "maxslewrate" | "stratumweight" | "reselectdist" | "combinelimit" | "clockprecision"
        | "corrtimeratio" => chrony_numbers(
            c,
            directive,
            args,
            &[Num::Float],
            "one number, e.g. `100.0`",
        ),
        "minsources" | "maxsamples" | "minsamples" | "port" | "cmdport" | "sched_priority"
        | "acquisitionport" | "ptpport" => {
            chrony_numbers(c, directive, args, &[Num::Int], "one whole number")
        }
        "rtcsync" | "rtconutc" | "manual" | "lock_all" | "noclientlog" | "nocerttimecheck" => {
            chrony_no_args(c, directive, args).into_iter().collect()
        }
        "driftfile" | "logdir" | "dumpdir" | "ntsdumpdir" | "keyfile" | "sourcedir" | "confdir"
        | "pidfile" | "rtcfile" | "leapsectz" | "include" | "user" => {
            chrony_needs_arg(c, directive, args).into_iter().collect()
        }
        "bindaddress" | "bindacqaddress" => {
            chrony_bind(c, directive, args, false).into_iter().collect()
        }
        "bindcmdaddress" => chrony_bind(c, directive, args, true).into_iter().collect(),
        "log" => args
            .iter()
            .filter(|a| !LOG_FILES.contains(a))
            .map(|a| unknown_word(c, a, "`log` file", LOG_FILES))
            .collect(),
        "initstepslew" => chrony_initstepslew(c, args),
        d if CHRONY_DIRECTIVES.contains(&d) => Vec::new(),
        d => {
            let mean = suggest(d, CHRONY_DIRECTIVES)
                .map(|m| format!("{m} "))
                .unwrap_or_default();
            vec![
                Diagnostic::error(c.n, format!("unknown chrony directive `{d}`"))
                    .at(c.line, d)
                    .help(format!("{mean}chronyd stops with `Invalid directive`")),
            ]
        }
    }
}

fn unknown_word(c: &Ctx<'_>, word: &str, what: &str, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(c.n, format!("unknown {what} `{word}`")).at(c.line, word);
    let allowed = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match suggest(word, known) {
        Some(m) => d.help(m),
        None => d.help(format!("known: {allowed}")),
    }
}

/// `server HOST [options]`, `pool NAME [options]`, `peer HOST [options]`.
fn chrony_source(c: &Ctx<'_>, directive: &str, args: &[&str]) -> Vec<Diagnostic> {
    let Some((&host, options)) = args.split_first() else {
        return vec![c.error(
            directive,
            format!("`{directive}` needs a host"),
            format!("write `{directive} ntp.example.org iburst`"),
        )];
    };
    let is_option = SOURCE_FLAGS.contains(&host)
        || SOURCE_INTS.iter().any(|(o, _, _)| *o == host)
        || SOURCE_FLOATS.contains(&host);
    if is_option {
        return vec![c.error(
            host,
            format!("`{directive}` needs a host before its options; `{host}` is an option"),
            format!("write `{directive} HOST {host}`"),
        )];
    }
    let mut out = Vec::new();
    if !is_ip(host) && !is_hostname(host) {
        out.push(c.error(
            host,
            format!("`{host}` is neither an IP address nor a host name"),
            "write e.g. `controller1` or `10.0.0.11`",
        ));
    }
    out.extend(chrony_source_options(c, options));
    out
}

fn chrony_source_options(c: &Ctx<'_>, options: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut words = options.iter().copied();
    while let Some(opt) = words.next() {
        if SOURCE_FLAGS.contains(&opt) {
            continue;
        }
        if let Some(&(_, lo, hi)) = SOURCE_INTS.iter().find(|(o, _, _)| *o == opt) {
            let arg = words.next();
            if !arg
                .and_then(|a| a.parse::<i64>().ok())
                .is_some_and(|v| (lo..=hi).contains(&v))
            {
                out.push(c.error(
                    arg.unwrap_or(opt),
                    format!(
                        "`{opt}` needs a whole number from {lo} to {hi}, not `{}`",
                        arg.unwrap_or_default()
                    ),
                    format!("write `{opt} N`"),
                ));
            }
        } else if SOURCE_FLOATS.contains(&opt) || opt == "extfield" {
            let arg = words.next();
            if opt != "extfield" && arg.is_none_or(|a| a.parse::<f64>().is_err()) {
                out.push(c.error(
                    arg.unwrap_or(opt),
                    format!("`{opt}` needs a number, not `{}`", arg.unwrap_or_default()),
                    format!("write `{opt} 0.5`"),
                ));
            }
        } else {
            let all: Vec<&str> = SOURCE_FLAGS
                .iter()
                .copied()
                .chain(SOURCE_INTS.iter().map(|(o, _, _)| *o))
                .chain(SOURCE_FLOATS.iter().copied())
                .collect();
            out.push(unknown_word(c, opt, "source option", &all));
        }
    }
    out
}

/// `allow [all] [SUBNET]`, the same for `deny`, `cmdallow` and `cmddeny`.
fn chrony_access(c: &Ctx<'_>, directive: &str, args: &[&str]) -> Option<Diagnostic> {
    let rest = match args.first() {
        Some(&"all") => &args[1..],
        _ => args,
    };
    match rest {
        [] => None,
        [subnet] if is_subnet(subnet) => None,
        [subnet] => Some(c.error(
            subnet,
            format!("`{subnet}` is not an address or subnet"),
            format!("write `{directive} 10.0.0.0/24`, `{directive} all` or an IP address"),
        )),
        [_, extra, ..] => Some(c.error(
            extra,
            format!("`{directive}` takes one subnet per line"),
            format!("write one `{directive}` line per subnet"),
        )),
    }
}

/// chrony subnets: `10.0.0.0/24`, `fd00::/64`, shortened `10.0` (= 10.0.0.0/16), or a host name.
fn is_subnet(s: &str) -> bool {
    let (addr, bits) = match s.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let max_bits = if addr.contains(':') { 128 } else { 32 };
    let bits_ok = bits.is_none_or(|b| b.parse::<u8>().is_ok_and(|b| b <= max_bits));
    let short_v4 = addr.split('.').count() < 4 && addr.split('.').all(|o| o.parse::<u8>().is_ok());
    bits_ok && (is_ip(addr) || short_v4 || (bits.is_none() && is_hostname(addr)))
}

/// `local [stratum N] [orphan] [distance F] ...`.
fn chrony_local(c: &Ctx<'_>, args: &[&str]) -> Vec<Diagnostic> {
    const OPTIONS: &[&str] = &[
        "stratum",
        "orphan",
        "distance",
        "activate",
        "waitsynced",
        "waitunsynced",
    ];
    let mut out = Vec::new();
    let mut words = args.iter().copied();
    while let Some(opt) = words.next() {
        match opt {
            "orphan" => {}
            "stratum" => {
                let arg = words.next();
                if !arg
                    .and_then(|a| a.parse::<u8>().ok())
                    .is_some_and(|s| (1..=15).contains(&s))
                {
                    out.push(c.error(
                        arg.unwrap_or(opt),
                        format!(
                            "`local stratum` needs a number from 1 to 15, not `{}`",
                            arg.unwrap_or_default()
                        ),
                        "write `local stratum 10 orphan`",
                    ));
                }
            }
            "distance" | "activate" | "waitsynced" | "waitunsynced" => {
                let arg = words.next();
                if arg.is_none_or(|a| a.parse::<f64>().is_err()) {
                    out.push(c.error(
                        arg.unwrap_or(opt),
                        format!("`{opt}` needs a number, not `{}`", arg.unwrap_or_default()),
                        format!("write `{opt} 1.0`"),
                    ));
                }
            }
            other => out.push(unknown_word(c, other, "`local` option", OPTIONS)),
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Num {
    Int,
    Float,
}

/// A directive whose arguments are exactly these numbers.
fn chrony_numbers(
    c: &Ctx<'_>,
    directive: &str,
    args: &[&str],
    kinds: &[Num],
    form: &str,
) -> Vec<Diagnostic> {
    if args.len() != kinds.len() {
        let needle = args.get(kinds.len()).copied().unwrap_or(directive);
        return vec![c.error(
            needle,
            format!(
                "`{directive}` takes {} number(s), found {}",
                kinds.len(),
                args.len()
            ),
            format!("write {form}"),
        )];
    }
    args.iter()
        .zip(kinds)
        .filter(|(a, k)| match k {
            Num::Int => a.parse::<i64>().is_err(),
            Num::Float => a.parse::<f64>().is_err(),
        })
        .map(|(a, _)| {
            c.error(
                a,
                format!("`{a}` in `{directive}` is not a number"),
                format!("write {form}"),
            )
        })
        .collect()
}

fn chrony_no_args(c: &Ctx<'_>, directive: &str, args: &[&str]) -> Option<Diagnostic> {
    args.first().map(|a| {
        c.error(
            a,
            format!("`{directive}` takes no arguments"),
            format!("write `{directive}` alone"),
        )
    })
}

fn chrony_needs_arg(c: &Ctx<'_>, directive: &str, args: &[&str]) -> Option<Diagnostic> {
    args.is_empty().then(|| {
        c.error(
            directive,
            format!("`{directive}` needs an argument"),
            "give the path or name it expects",
        )
    })
}

fn chrony_bind(c: &Ctx<'_>, directive: &str, args: &[&str], socket_ok: bool) -> Option<Diagnostic> {
    match args {
        [addr] if is_ip(addr) || (socket_ok && addr.starts_with('/')) => None,
        [addr] => Some(c.error(
            addr,
            format!("`{directive}` needs an IP address, not `{addr}`"),
            "write e.g. `127.0.0.1`",
        )),
        _ => Some(c.error(
            directive,
            format!("`{directive}` takes one address"),
            "write e.g. `127.0.0.1`",
        )),
    }
}

/// `initstepslew THRESHOLD HOST...`.
fn chrony_initstepslew(c: &Ctx<'_>, args: &[&str]) -> Vec<Diagnostic> {
    let Some((threshold, hosts)) = args.split_first() else {
        return vec![c.error(
            "initstepslew",
            "`initstepslew` needs a threshold and hosts",
            "write `initstepslew 30 controller1 controller2`",
        )];
    };
    let mut out = Vec::new();
    if threshold.parse::<f64>().is_err() {
        out.push(c.error(
            threshold,
            format!("`{threshold}` in `initstepslew` is not a number"),
            "write `initstepslew 30 controller1`",
        ));
    }
    out.extend(
        hosts
            .iter()
            .filter(|h| !is_ip(h) && !is_hostname(h))
            .map(|h| {
                c.error(
                    h,
                    format!("`{h}` is neither an IP address nor a host name"),
                    "list host names or addresses",
                )
            }),
    );
    out
}

// ---------------------------------------------------------------------------------------------
// memcached
// ---------------------------------------------------------------------------------------------

/// What a memcached flag takes.
#[derive(Clone, Copy, PartialEq)]
enum Marg {
    Flag,
    /// A port; 0 turns the listener off.
    Port,
    /// The UDP port: anything but 0 is worth a warning.
    UdpPort,
    /// A whole number of at least this much.
    Count(u64),
    /// A number with an optional k/m suffix (`-I 2m`).
    Size,
    Listen,
    Text,
    Float,
    Protocol,
}

/// memcached 1.6 flags: short, long, argument.
const MEMCACHED_FLAGS: &[(char, &str, Marg)] = &[
    ('p', "port", Marg::Port),
    ('U', "udp-port", Marg::UdpPort),
    ('s', "unix-socket", Marg::Text),
    ('a', "unix-mask", Marg::Text),
    ('A', "enable-shutdown", Marg::Flag),
    ('l', "listen", Marg::Listen),
    ('d', "daemon", Marg::Flag),
    ('r', "enable-coredumps", Marg::Flag),
    ('u', "user", Marg::Text),
    ('m', "memory-limit", Marg::Count(1)),
    ('M', "disable-evictions", Marg::Flag),
    ('c', "conn-limit", Marg::Count(1)),
    ('k', "lock-memory", Marg::Flag),
    ('v', "verbose", Marg::Flag),
    ('h', "help", Marg::Flag),
    ('i', "license", Marg::Flag),
    ('V', "version", Marg::Flag),
    ('P', "pidfile", Marg::Text),
    ('f', "slab-growth-factor", Marg::Float),
    ('n', "slab-min-size", Marg::Count(1)),
    ('L', "enable-largepages", Marg::Flag),
    ('D', "delimiter", Marg::Text),
    ('t', "threads", Marg::Count(1)),
    ('R', "max-reqs-per-event", Marg::Count(1)),
    ('C', "disable-cas", Marg::Flag),
    ('b', "listen-backlog", Marg::Count(1)),
    ('B', "protocol", Marg::Protocol),
    ('I', "max-item-size", Marg::Size),
    ('S', "enable-sasl", Marg::Flag),
    ('F', "disable-flush-all", Marg::Flag),
    ('X', "disable-dumping", Marg::Flag),
    ('W', "disable-watch", Marg::Flag),
    ('Y', "auth-file", Marg::Text),
    ('e', "memory-file", Marg::Text),
    ('o', "extended", Marg::Text),
    ('Z', "enable-ssl", Marg::Flag),
    ('N', "napi-ids", Marg::Count(1)),
];

/// The variables RHEL's memcached.service passes on: `-p $PORT -u $USER -c $MAXCONN -m $CACHESIZE $OPTIONS`.
const RHEL_VARS: &[(&str, Option<char>)] = &[
    ("PORT", Some('p')),
    ("USER", Some('u')),
    ("MAXCONN", Some('c')),
    ("CACHESIZE", Some('m')),
    ("OPTIONS", None),
];

/// Checks memcached options, in Debian's /etc/memcached.conf or RHEL's /etc/sysconfig/memcached.
pub(crate) fn memcached(text: &str) -> Vec<Diagnostic> {
    let mut flags = FlagState::default();
    let rhel = numbered(text)
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| shell_assignment(l).is_some());
    let mut out = Vec::new();
    for (n, line) in numbered(text) {
        let c = Ctx { n, line };
        if rhel {
            out.extend(rhel_line(&c, &mut flags));
        } else {
            out.extend(debian_line(&c, &mut flags));
        }
    }
    out
}

/// Which flags were given on which line, to spot repeats (only `-l` and `-o` add up).
#[derive(Default)]
struct FlagState {
    seen: HashMap<char, (usize, &'static str)>,
}

/// One line of /etc/memcached.conf: flags, `#` comments, and Debian's `logfile PATH`.
fn debian_line(c: &Ctx<'_>, flags: &mut FlagState) -> Vec<Diagnostic> {
    let body = c.line.split('#').next().unwrap_or_default().trim();
    if body.is_empty() {
        return Vec::new();
    }
    if shell_assignment(body).is_some() {
        return vec![c.error(body, "shell variable in a Debian-style memcached.conf", "use one style per file: `-p 11211` lines (Debian) or `PORT=\"11211\"` variables (RHEL)")];
    }
    if let Some(rest) = body.strip_prefix("logfile") {
        return match rest.trim() {
            "" => vec![c.error(
                body,
                "`logfile` needs a path",
                "write `logfile /var/log/memcached.log`",
            )],
            _ => Vec::new(),
        };
    }
    let words: Vec<&str> = body.split_whitespace().collect();
    memcached_flags(c, &words, flags, "")
}

/// One line of /etc/sysconfig/memcached: `NAME="value"`.
fn rhel_line(c: &Ctx<'_>, flags: &mut FlagState) -> Vec<Diagnostic> {
    let body = c.line.trim();
    if body.is_empty() || body.starts_with('#') {
        return Vec::new();
    }
    let Some((name, raw)) = shell_assignment(body) else {
        let help = if body.starts_with('-') {
            "put flags inside `OPTIONS=\"...\"`"
        } else {
            "write `NAME=\"value\"` with no blanks around `=`"
        };
        return vec![c.error(body, "line is not a `NAME=\"value\"` assignment", help)];
    };
    let value = match shell_unquote(raw) {
        Ok(v) => v,
        Err(msg) => return vec![c.error(raw, msg, "close the quote")],
    };
    let Some(&(var, flag)) = RHEL_VARS.iter().find(|(v, _)| *v == name) else {
        let d = Diagnostic::error(
            c.n,
            format!("`{name}` is not a variable memcached.service uses"),
        )
        .at(c.line, name);
        let names: Vec<&str> = RHEL_VARS.iter().map(|(v, _)| *v).collect();
        let help = suggest(name, &names)
            .unwrap_or_else(|| "the unit reads PORT, USER, MAXCONN, CACHESIZE and OPTIONS".into());
        return vec![d.help(format!("{help} (other names are silently ignored)"))];
    };
    let words: Vec<&str> = value.split_whitespace().collect();
    match flag {
        Some(f) => memcached_value(c, f, var, &value, flags),
        None => memcached_flags(c, &words, flags, var),
    }
}

/// `NAME=...` with a shell variable name and no blanks around `=`.
fn shell_assignment(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once('=')?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, value))
}

/// A shell word in one pair of quotes, or none.
fn shell_unquote(raw: &str) -> Result<String, String> {
    let raw = raw.trim_end();
    for q in ['"', '\''] {
        if let Some(inner) = raw.strip_prefix(q) {
            return inner
                .strip_suffix(q)
                .filter(|i| !i.contains(q))
                .map(str::to_string)
                .ok_or_else(|| format!("unbalanced {q} quote"));
        }
    }
    if raw.contains(char::is_whitespace) {
        return Err("a value with blanks needs quotes".into());
    }
    Ok(raw.to_string())
}

/// A PORT/USER/MAXCONN/CACHESIZE value, checked as the flag the unit turns it into.
fn memcached_value(
    c: &Ctx<'_>,
    flag: char,
    origin: &'static str,
    value: &str,
    flags: &mut FlagState,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kind = MEMCACHED_FLAGS
        .iter()
        .find(|(s, _, _)| *s == flag)
        .map_or(Marg::Text, |(_, _, k)| *k);
    out.extend(repeated(c, flag, origin, flags));
    out.extend(flag_value(c, origin, kind, value));
    out
}

/// Parses flags the way getopt does: `-m 64`, `-m64`, `-vv`, `--memory-limit=64`.
fn memcached_flags(
    c: &Ctx<'_>,
    words: &[&str],
    flags: &mut FlagState,
    origin: &'static str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&word) = words.get(i) {
        i += 1;
        let parsed = if let Some(long) = word.strip_prefix("--") {
            long_flag(c, long)
        } else if let Some(short) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            short_flag(c, short)
        } else {
            // The rest of the line cannot be read as flags either.
            out.push(c.error(
                word,
                format!("`{word}` is not a memcached flag"),
                "flags start with `-`, e.g. `-m 64`",
            ));
            break;
        };
        let (flag, kind, inline) = match parsed {
            Ok(p) => p,
            Err(d) => {
                out.push(d);
                continue;
            }
        };
        out.extend(repeated(c, flag, origin, flags));
        if kind == Marg::Flag {
            continue;
        }
        let value = match (inline, words.get(i)) {
            (Some(v), _) => v,
            (None, Some(next)) => {
                i += 1;
                (*next).to_string()
            }
            (None, None) => {
                out.push(c.error(
                    word,
                    format!("`{word}` needs a value"),
                    "give the value after the flag, e.g. `-m 64`",
                ));
                continue;
            }
        };
        out.extend(flag_value(c, word, kind, &value));
    }
    out
}

type Parsed = Result<(char, Marg, Option<String>), Diagnostic>;

fn long_flag(c: &Ctx<'_>, long: &str) -> Parsed {
    let (name, inline) = match long.split_once('=') {
        Some((n, v)) => (n, Some(v.to_string())),
        None => (long, None),
    };
    match MEMCACHED_FLAGS.iter().find(|(_, l, _)| *l == name) {
        Some(&(s, _, kind)) => Ok((s, kind, inline)),
        None => {
            let d = Diagnostic::error(c.n, format!("unknown memcached flag `--{name}`"))
                .at(c.line, name);
            let longs: Vec<String> = MEMCACHED_FLAGS
                .iter()
                .map(|(_, l, _)| format!("--{l}"))
                .collect();
            let longs: Vec<&str> = longs.iter().map(String::as_str).collect();
            let help = suggest(&format!("--{name}"), &longs).unwrap_or_else(|| {
                "memcached exits on an unknown flag; see `memcached --help`".into()
            });
            Err(d.help(help))
        }
    }
}

/// `-m64` carries its value; `-vv` is more verbosity; `-dM` bundles flags without values.
fn short_flag(c: &Ctx<'_>, short: &str) -> Parsed {
    if short.chars().all(|ch| ch == 'v') {
        return Ok(('v', Marg::Flag, None));
    }
    let mut chars = short.char_indices();
    let Some((_, first)) = chars.next() else {
        return Err(c.error("-", "empty flag `-`", "write a flag such as `-m 64`"));
    };
    let Some(&(_, _, kind)) = MEMCACHED_FLAGS.iter().find(|(s, _, _)| *s == first) else {
        return Err(c.error(
            &format!("-{short}"),
            format!("unknown memcached flag `-{first}`"),
            "memcached exits on an unknown flag; see `memcached --help`",
        ));
    };
    let rest = &short[first.len_utf8()..];
    match (kind, rest) {
        (_, "") => Ok((first, kind, None)),
        (Marg::Flag, rest)
            if rest.chars().all(|ch| {
                MEMCACHED_FLAGS
                    .iter()
                    .any(|(s, _, k)| *s == ch && *k == Marg::Flag)
            }) =>
        {
            Ok((first, kind, None))
        }
        (Marg::Flag, _) => Err(c.error(
            &format!("-{short}"),
            format!("`-{short}` bundles flags that take values"),
            "give each flag with a value on its own",
        )),
        (_, rest) => Ok((first, kind, Some(rest.to_string()))),
    }
}

/// Most flags keep only their last value; `-l` and `-o` add up and `-v` counts.
fn repeated(
    c: &Ctx<'_>,
    flag: char,
    origin: &'static str,
    flags: &mut FlagState,
) -> Option<Diagnostic> {
    if matches!(flag, 'l' | 'o' | 'v') {
        return None;
    }
    match flags.seen.entry(flag) {
        Entry::Occupied(o) => {
            let (line, was) = *o.get();
            let first = if was.is_empty() {
                format!("line {line}")
            } else {
                format!("{was} on line {line}")
            };
            Some(
                Diagnostic::warning(c.n, format!("`-{flag}` is given again (first by {first})"))
                    .at(c.line, &format!("-{flag}"))
                    .help("memcached uses the last one; keep one"),
            )
        }
        Entry::Vacant(v) => {
            v.insert((c.n, origin));
            None
        }
    }
}

fn flag_value(c: &Ctx<'_>, flag: &str, kind: Marg, v: &str) -> Vec<Diagnostic> {
    let needle = if v.is_empty() { flag } else { v };
    let bad = |msg: String, help: &str| vec![c.error(needle, msg, help)];
    match kind {
        Marg::Port if v.parse::<u16>().is_err() => {
            bad(format!("`{flag}` takes a port, not `{v}`"), "write `11211`")
        }
        Marg::UdpPort => udp_port(c, flag, v),
        Marg::Count(min) if !v.parse::<u64>().is_ok_and(|x| x >= min) => bad(
            format!("`{flag}` takes a whole number of at least {min}, not `{v}`"),
            "memcached exits on it; write e.g. `-t 4`, `-m 1024`, `-c 4096`",
        ),
        Marg::Size if !is_memcached_size(v) => bad(
            format!("`{flag}` takes a size, not `{v}`"),
            "write bytes or a k/m suffix, e.g. `2m`",
        ),
        Marg::Float if !v.parse::<f64>().is_ok_and(|f| f > 1.0) => bad(
            format!("`{flag}` takes a factor above 1, not `{v}`"),
            "write e.g. `1.25`",
        ),
        Marg::Protocol if !["auto", "ascii", "binary"].contains(&v) => bad(
            format!("`{flag}` takes `auto`, `ascii` or `binary`, not `{v}`"),
            "write `auto`",
        ),
        Marg::Listen => listen_addresses(c, v),
        Marg::Text if v.is_empty() => {
            bad(format!("`{flag}` has an empty value"), "give it a value")
        }
        _ => Vec::new(),
    }
}

/// memcached's UDP listener answers small requests with large replies and was used for
/// amplification attacks; OpenStack's clients only use TCP.
fn udp_port(c: &Ctx<'_>, flag: &str, v: &str) -> Vec<Diagnostic> {
    match v.parse::<u16>() {
        Err(_) => vec![c.error(if v.is_empty() { flag } else { v }, format!("`{flag}` takes a port, not `{v}`"), "write `-U 0`")],
        Ok(0) => Vec::new(),
        Ok(_) => vec![Diagnostic::warning(c.n, format!("memcached UDP is enabled on port {v}")).at(c.line, v).help("UDP memcached was abused for amplification attacks and OpenStack does not use it; write `-U 0`")],
    }
}

/// `-l 10.0.0.11,127.0.0.1`, also `[::1]` and `host:port`.
fn listen_addresses(c: &Ctx<'_>, v: &str) -> Vec<Diagnostic> {
    v.split(',')
        .filter(|a| {
            let host = split_host_port(a).map_or(*a, |(h, _)| h);
            !is_ip(a) && !is_ip(host) && !is_hostname(host)
        })
        .map(|a| {
            c.error(
                if a.is_empty() { v } else { a },
                format!("`{a}` is neither an IP address nor a host name"),
                "write `-l 10.0.0.11,127.0.0.1`",
            )
        })
        .collect()
}

fn is_memcached_size(v: &str) -> bool {
    let digits = v.trim_end_matches(['k', 'K', 'm', 'M']);
    v.len() - digits.len() <= 1 && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by `ini`)
// ---------------------------------------------------------------------------------------------

fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l))
}

/// Records `key` at `line`; returns the first line when it was already there.
fn first_seen(seen: &mut HashMap<String, usize>, key: String, line: usize) -> Option<usize> {
    match seen.entry(key) {
        Entry::Occupied(o) => Some(*o.get()),
        Entry::Vacant(v) => {
            v.insert(line);
            None
        }
    }
}

/// Adds a help text when there is one.
pub(super) fn with_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// The candidate `found` is a plain misspelling of: one edit away for short names, two for
/// longer ones, where another real name is unlikely to be that close. Ties go to the candidate
/// that shares more of the start (`mysqd` → `mysqld`, not `mysql`).
pub(super) fn typo_of<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let max = if found.chars().count() > 10 { 2 } else { 1 };
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&found.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                strsim::jaro_winkler(found, c),
                c,
            )
        })
        .filter(|(d, _, _)| (1..=max).contains(d))
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

/// "did you mean" for a misspelt word: the plain typo when there is one, else the near matches.
pub(super) fn suggest(found: &str, candidates: &[&str]) -> Option<String> {
    match typo_of(found, candidates.iter().copied()) {
        Some(fix) => Some(format!("did you mean `{fix}`?")),
        None => did_you_mean(found, candidates.iter().copied()),
    }
}

/// An IPv4 or IPv6 address.
pub(super) fn is_ip(s: &str) -> bool {
    s.parse::<IpAddr>().is_ok()
}

/// An RFC 1123 host name; all-numeric names are taken for (bad) IPv4 addresses.
pub(super) fn is_hostname(s: &str) -> bool {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(label_ok)
        && !s.split('.').all(|l| l.chars().all(|c| c.is_ascii_digit()))
}

/// Splits `host`, `host:port` or `[v6]:port`; a bare IPv6 address with a port is ambiguous.
pub(super) fn split_host_port(s: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(rest) = s.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err(format!("`{s}` has no closing `]`"));
        };
        if host.parse::<Ipv6Addr>().is_err() {
            return Err(format!("`[{host}]`: brackets are only for IPv6 addresses"));
        }
        return match after {
            "" => Ok((host, None)),
            _ => after
                .strip_prefix(':')
                .map(|p| (host, Some(p)))
                .ok_or_else(|| format!("`{s}`: expected `:port` after `]`")),
        };
    }
    match s.matches(':').count() {
        0 => Ok((s, None)),
        1 => Ok(s.split_once(':').map_or((s, None), |(h, p)| (h, Some(p)))),
        _ => Err(format!(
            "write the IPv6 address in `{s}` in brackets: `[address]:port`"
        )),
    }
}

fn is_port(v: &str) -> bool {
    v.parse::<u16>().is_ok_and(|p| p > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    fn errors(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        found.into_iter().filter(Diagnostic::is_error).collect()
    }

    fn warnings(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        found
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect()
    }

    /// The single finding expected, checked for its line and message.
    fn only(found: Vec<Diagnostic>, line: usize, needle: &str) -> Diagnostic {
        assert_eq!(
            found.len(),
            1,
            "expected exactly one finding, got {found:#?}"
        );
        let d = found.into_iter().next().expect("one finding");
        assert_eq!(d.line, line, "{d}");
        assert!(d.message.contains(needle), "`{needle}` not in {d}");
        d
    }

    fn help(d: &Diagnostic) -> &str {
        d.help.as_deref().unwrap_or_default()
    }

    // --- sysctl ---

    const SYSCTL: &str = "\
# /etc/sysctl.d/60-openstack-ha.conf
# Let HAProxy and keepalived bind the VIP before it lands on this node.
net.ipv4.ip_nonlocal_bind = 1
net.ipv6.ip_nonlocal_bind=1
net.ipv4.ip_forward = 0
net.ipv4.conf.all.rp_filter = 2
net/ipv4/conf/eth0.100/arp_ignore = 1
net.ipv4.conf.*.arp_announce = 2
net.core.somaxconn = 4096
net.ipv4.tcp_keepalive_time = 60
net.ipv4.tcp_keepalive_intvl = 10
net.ipv4.tcp_keepalive_probes = 6
net.ipv4.tcp_retries2 = 5
net.ipv4.ip_local_port_range = 32768 60999
-net.bridge.bridge-nf-call-iptables = 1
vm.swappiness = 10
kernel.core_pattern = |/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h
";

    #[test]
    fn sysctl_ha_file_is_clean() {
        assert_eq!(sysctl(SYSCTL), Vec::new());
    }

    #[test]
    fn sysctl_line_without_equals() {
        only(errors(sysctl("vm.swappiness 10\n")), 1, "not `key = value`");
    }

    #[test]
    fn sysctl_malformed_key() {
        only(
            errors(sysctl("net..ipv4.ip_forward = 1\n")),
            1,
            "not a kernel parameter name",
        );
    }

    #[test]
    fn sysctl_integer_values() {
        let d = only(
            errors(sysctl("# c\nnet.ipv4.ip_nonlocal_bind = yes\n")),
            2,
            "takes 0 or 1, not `yes`",
        );
        assert_eq!(d.columns, Some((28, 31)));
        only(errors(sysctl("vm.swappiness = 300\n")), 1, "from 0 to 200");
        only(
            errors(sysctl("net.ipv4.conf.default.rp_filter = 3\n")),
            1,
            "from 0 to 2",
        );
        only(
            errors(sysctl("net.ipv4.tcp_rmem = 4096 87380\n")),
            1,
            "3 whole numbers",
        );
    }

    #[test]
    fn sysctl_typo_of_known_key_is_an_error() {
        let d = only(
            errors(sysctl("net.ipv4.ip_nonlocal_bnid = 1\n")),
            1,
            "unknown kernel parameter",
        );
        assert!(
            help(&d).starts_with("did you mean `net.ipv4.ip_nonlocal_bind`?"),
            "{d}"
        );
        let d = only(
            errors(sysctl("net.ipv4.conf.eth1.rp_filtr = 1\n")),
            1,
            "unknown kernel parameter",
        );
        assert!(
            help(&d).starts_with("did you mean `net.ipv4.conf.eth1.rp_filter`?"),
            "{d}"
        );
    }

    #[test]
    fn sysctl_unknown_key_only_warns() {
        let d = only(
            warnings(sysctl("net.ipv4.tcp_keepalive_foo = 1\n")),
            1,
            "not a kernel parameter this validator knows",
        );
        assert!(help(&d).contains("net.ipv4.tcp_keepalive_"), "{d}");
        assert_eq!(
            errors(sysctl("net.ipv4.tcp_keepalive_foo = 1\n")),
            Vec::new()
        );
    }

    #[test]
    fn sysctl_unknown_namespace() {
        let d = only(
            errors(sysctl("nett.ipv4.ip_forward = 1\n")),
            1,
            "`nett` is not a sysctl namespace",
        );
        assert_eq!(help(&d), "did you mean `net`?");
    }

    #[test]
    fn sysctl_repeated_key() {
        only(
            warnings(sysctl("vm.swappiness = 10\nvm/swappiness = 1\n")),
            2,
            "set again (first on line 1)",
        );
    }

    // --- rabbitmq.conf ---

    const RABBITMQ: &str = "\
# /etc/rabbitmq/rabbitmq.conf on controller1..3
listeners.tcp.default = 5672
listeners.tcp.1 = 10.0.0.11:5672
cluster_name = openstack
cluster_formation.peer_discovery_backend = classic_config
cluster_formation.classic_config.nodes.1 = rabbit@controller1
cluster_formation.classic_config.nodes.2 = rabbit@controller2
cluster_formation.classic_config.nodes.3 = rabbit@controller3
default_queue_type = quorum
heartbeat = 60
vm_memory_high_watermark.relative = 0.6
disk_free_limit.absolute = 2GB
loopback_users.guest = true
management.tcp.port = 15672
management.tcp.ip = 10.0.0.11
log.file.level = info
log.console = false
tcp_listen_options.backlog = 4096
tcp_listen_options.nodelay = true
tcp_listen_options.keepalive = true
collect_statistics_interval = 10000
mnesia_table_loading_retry_timeout = 30000
mnesia_table_loading_retry_limit = 10
quorum_queue.compute_checksums = true
default_user = openstack   # the user OpenStack services log in as
default_pass = RABBIT_PASS
";

    #[test]
    fn rabbitmq_cluster_conf_is_clean() {
        assert_eq!(rabbitmq(RABBITMQ), Vec::new());
    }

    #[test]
    fn rabbitmq_unknown_key_with_near_match() {
        let d = only(
            errors(rabbitmq("# c\nhearbeat = 60\n")),
            2,
            "unknown key `hearbeat`",
        );
        assert!(help(&d).starts_with("did you mean `heartbeat`?"), "{d}");
        let d = only(
            errors(rabbitmq(
                "cluster_formation.classic_config.node.1 = rabbit@controller1\n",
            )),
            1,
            "unknown key",
        );
        assert!(
            help(&d).starts_with("did you mean `cluster_formation.classic_config.nodes.1`?"),
            "{d}"
        );
    }

    #[test]
    fn rabbitmq_unknown_key_without_near_match() {
        only(
            errors(rabbitmq("max_queues = 10\n")),
            1,
            "unknown key `max_queues`",
        );
        // Inside a partly listed family it may be real, so only a warning.
        only(
            warnings(rabbitmq("quorum_queue.initial_group_size = 3\n")),
            1,
            "not a rabbitmq.conf key this validator knows",
        );
    }

    #[test]
    fn rabbitmq_bad_enum_lists_values() {
        let d = only(
            errors(rabbitmq("cluster_partition_handling = pause_minorty\n")),
            1,
            "`pause_minorty` is not a valid value",
        );
        assert!(
            help(&d).starts_with("did you mean `pause_minority`?"),
            "{d}"
        );
        assert!(help(&d).contains("`autoheal`"), "{d}");
        only(
            errors(rabbitmq("default_queue_type = mirrored\n")),
            1,
            "not a valid value for `default_queue_type`",
        );
        only(
            errors(rabbitmq(
                "cluster_formation.peer_discovery_backend = classic\n",
            )),
            1,
            "not a valid value",
        );
    }

    #[test]
    fn rabbitmq_partition_handling_is_accepted_for_mnesia_clusters() {
        let found = rabbitmq("cluster_partition_handling = pause_minority\n");
        assert_eq!(found, Vec::new());
    }

    #[test]
    fn rabbitmq_value_kinds() {
        only(errors(rabbitmq("heartbeat = sixty\n")), 1, "whole number");
        only(
            errors(rabbitmq("vm_memory_high_watermark.relative = 1.5\n")),
            1,
            "fraction from 0 to 1",
        );
        only(
            errors(rabbitmq("listeners.tcp.default = 10.0.0.11\n")),
            1,
            "port or `ip:port`",
        );
        only(
            errors(rabbitmq("listeners.tcp.1 = controller1:5672\n")),
            1,
            "port or `ip:port`",
        );
        only(
            errors(rabbitmq(
                "cluster_formation.classic_config.nodes.1 = controller1\n",
            )),
            1,
            "Erlang node name",
        );
        only(
            errors(rabbitmq("loopback_users.guest = no\n")),
            1,
            "`true` or `false`",
        );
        only(
            errors(rabbitmq("disk_free_limit.absolute = 2 GB\n")),
            1,
            "takes a size",
        );
        only(
            errors(rabbitmq("management.tcp.port = 156720\n")),
            1,
            "takes a port",
        );
        only(
            errors(rabbitmq("management.tcp.ip = controller1\n")),
            1,
            "IP address",
        );
        assert_eq!(
            rabbitmq("listeners.tcp.2 = ::1:5672\nvm_memory_high_watermark.absolute = 1024MiB\n"),
            Vec::new()
        );
    }

    #[test]
    fn rabbitmq_classic_mirroring_removed() {
        let d = only(
            errors(rabbitmq("ha-mode = all\n")),
            1,
            "classic queue mirroring",
        );
        assert!(help(&d).contains("quorum"), "{d}");
        only(
            warnings(rabbitmq("mirroring_sync_batch_size = 4096\n")),
            1,
            "mirroring",
        );
    }

    #[test]
    fn rabbitmq_queue_master_locator_deprecated() {
        let d = only(
            warnings(rabbitmq("queue_master_locator = min-masters\n")),
            1,
            "deprecated",
        );
        assert!(help(&d).contains("queue_leader_locator"), "{d}");
    }

    #[test]
    fn rabbitmq_hash_in_value() {
        let d = only(
            warnings(rabbitmq("default_pass = se#cret\n")),
            1,
            "only `se`",
        );
        assert_eq!(d.columns, Some((17, 22)));
    }

    #[test]
    fn rabbitmq_malformed_lines() {
        only(errors(rabbitmq("heartbeat 60\n")), 1, "not `key = value`");
        only(
            errors(rabbitmq("cluster name = openstack\n")),
            1,
            "not a rabbitmq.conf key",
        );
        only(errors(rabbitmq("include\n")), 1, "needs a path");
        assert_eq!(
            rabbitmq("include /etc/rabbitmq/conf.d/*.conf\n"),
            Vec::new()
        );
    }

    #[test]
    fn rabbitmq_repeated_key() {
        only(
            errors(rabbitmq(
                "cluster_formation.classic_config.nodes.1 = rabbit@controller1\ncluster_formation.classic_config.nodes.1 = rabbit@controller2\n",
            )),
            2,
            "set again (first on line 1)",
        );
    }

    // --- chrony ---

    const CHRONY_SERVER: &str = "\
# controller1: serves time to the other nodes
pool 2.debian.pool.ntp.org iburst maxsources 4
server ntp1.example.org iburst prefer minpoll 4 maxpoll 8
server 192.0.2.10 iburst nts key 10 port 123 maxdelay 0.3
peer controller2 xleave
allow 10.0.0.0/24
allow all fd00::/64
deny 10.0.0.99
cmdallow 127.0.0.1
local stratum 10 orphan distance 0.5
makestep 1.0 3
driftfile /var/lib/chrony/chrony.drift
ntsdumpdir /var/lib/chrony
keyfile /etc/chrony/chrony.keys
leapsectz right/UTC
logdir /var/log/chrony
log measurements statistics tracking
rtcsync
maxupdateskew 100.0
minsources 1
bindcmdaddress /run/chrony/chronyd.sock
sourcedir /run/chrony-dhcp
confdir /etc/chrony/conf.d
";

    const CHRONY_CLIENT: &str = "\
! controller2 and controller3 follow controller1
server controller1 iburst
server 10.0.0.12 iburst
makestep 1 -1
driftfile /var/lib/chrony/drift
rtcsync
";

    #[test]
    fn chrony_configs_are_clean() {
        assert_eq!(chrony(CHRONY_SERVER), Vec::new());
        assert_eq!(chrony(CHRONY_CLIENT), Vec::new());
    }

    #[test]
    fn chrony_unknown_directive() {
        let d = only(
            errors(chrony("# c\nsever controller1 iburst\n")),
            2,
            "unknown chrony directive `sever`",
        );
        assert!(help(&d).starts_with("did you mean `server`?"), "{d}");
    }

    #[test]
    fn chrony_source_needs_host() {
        only(errors(chrony("server\n")), 1, "needs a host");
        only(
            errors(chrony("server iburst\n")),
            1,
            "`iburst` is an option",
        );
        only(
            errors(chrony("server ntp_1.example.org\n")),
            1,
            "neither an IP address",
        );
    }

    #[test]
    fn chrony_source_options() {
        let d = only(
            errors(chrony("server controller1 iburts\n")),
            1,
            "unknown source option `iburts`",
        );
        assert_eq!(help(&d), "did you mean `iburst`?");
        only(
            errors(chrony("server controller1 minpoll fast\n")),
            1,
            "`minpoll` needs a whole number from -7 to 24, not `fast`",
        );
        only(
            errors(chrony("server controller1 maxpoll\n")),
            1,
            "`maxpoll` needs a whole number",
        );
        only(
            errors(chrony("pool pool.ntp.org maxsources 0\n")),
            1,
            "`maxsources`",
        );
        only(
            errors(chrony("server controller1 maxdelay x\n")),
            1,
            "`maxdelay` needs a number",
        );
    }

    #[test]
    fn chrony_allow_deny() {
        only(
            errors(chrony("allow 10.0.0.0/33\n")),
            1,
            "not an address or subnet",
        );
        only(
            errors(chrony("deny 10.0.0.0/24 10.1.0.0/24\n")),
            1,
            "one subnet per line",
        );
        assert_eq!(
            chrony("allow\ndeny all\nallow 10.0\ncmdallow ::1\n"),
            Vec::new()
        );
    }

    #[test]
    fn chrony_local_options() {
        only(errors(chrony("local stratum 16\n")), 1, "from 1 to 15");
        let d = only(
            errors(chrony("local stratum 10 orphn\n")),
            1,
            "unknown `local` option `orphn`",
        );
        assert_eq!(help(&d), "did you mean `orphan`?");
        only(
            errors(chrony("local distance far\n")),
            1,
            "`distance` needs a number",
        );
    }

    #[test]
    fn chrony_makestep() {
        only(
            errors(chrony("makestep 1.0\n")),
            1,
            "takes 2 number(s), found 1",
        );
        only(
            errors(chrony("makestep 1.0 three\n")),
            1,
            "`three` in `makestep` is not a number",
        );
    }

    #[test]
    fn chrony_other_argument_checks() {
        only(errors(chrony("rtcsync yes\n")), 1, "takes no arguments");
        only(errors(chrony("driftfile\n")), 1, "needs an argument");
        only(errors(chrony("maxupdateskew lots\n")), 1, "not a number");
        only(
            errors(chrony("bindaddress controller1\n")),
            1,
            "needs an IP address",
        );
        let d = only(
            errors(chrony("log tracking statistcs\n")),
            1,
            "unknown `log` file `statistcs`",
        );
        assert_eq!(help(&d), "did you mean `statistics`?");
    }

    // --- memcached ---

    const MEMCACHED_DEBIAN: &str = "\
# /etc/memcached.conf on controller1
-d
logfile /var/log/memcached.log
-m 1024
-p 11211
-U 0
-u memcache
-l 10.0.0.11,127.0.0.1
-c 4096
-t 4
-P /var/run/memcached/memcached.pid
-o modern  # defaults of 1.6
--max-item-size=2m
-vv
";

    const MEMCACHED_RHEL: &str = "\
# /etc/sysconfig/memcached on controller1
PORT=\"11211\"
USER=\"memcached\"
MAXCONN=\"4096\"
CACHESIZE=\"1024\"
OPTIONS=\"-l 10.0.0.11,::1 -U 0 -t 4\"
";

    #[test]
    fn memcached_configs_are_clean() {
        assert_eq!(memcached(MEMCACHED_DEBIAN), Vec::new());
        assert_eq!(memcached(MEMCACHED_RHEL), Vec::new());
    }

    #[test]
    fn memcached_numeric_flags() {
        let d = only(
            errors(memcached("# c\n-t 0\n")),
            2,
            "`-t` takes a whole number of at least 1, not `0`",
        );
        assert_eq!(d.columns, Some((3, 4)));
        only(
            errors(memcached("-m lots\n")),
            1,
            "`-m` takes a whole number",
        );
        only(errors(memcached("-p 70000\n")), 1, "takes a port");
        only(errors(memcached("-c\n")), 1, "needs a value");
        only(errors(memcached("-I 2g\n")), 1, "takes a size");
        assert_eq!(memcached("-m64\n-c 1024 -t 2\n"), Vec::new());
    }

    #[test]
    fn memcached_unknown_flags() {
        only(errors(memcached("-q\n")), 1, "unknown memcached flag `-q`");
        let d = only(
            errors(memcached("--memory-limt=64\n")),
            1,
            "unknown memcached flag `--memory-limt`",
        );
        assert_eq!(help(&d), "did you mean `--memory-limit`?");
        only(
            errors(memcached("m 64\n")),
            1,
            "`m` is not a memcached flag",
        );
    }

    #[test]
    fn memcached_listen_addresses() {
        only(
            errors(memcached("-l 10.0.0.11,10.0.0.300\n")),
            1,
            "`10.0.0.300` is neither",
        );
        only(
            errors(memcached("OPTIONS=\"-l 10.0.0.11,,::1\"\n")),
            1,
            "`` is neither",
        );
    }

    #[test]
    fn memcached_udp_warning() {
        let d = only(
            warnings(memcached("-U 11211\n")),
            1,
            "UDP is enabled on port 11211",
        );
        assert!(help(&d).contains("-U 0"), "{d}");
        only(
            warnings(memcached("OPTIONS=\"--udp-port=11211\"\n")),
            1,
            "UDP is enabled",
        );
    }

    #[test]
    fn memcached_rhel_variables() {
        let d = only(
            errors(memcached("PORT=\"11211\"\nMAXCON=\"1024\"\n")),
            2,
            "`MAXCON` is not a variable",
        );
        assert!(help(&d).starts_with("did you mean `MAXCONN`?"), "{d}");
        only(
            errors(memcached("PORT=\"11211\"\nMAXCONN=\"lots\"\n")),
            2,
            "`MAXCONN` takes a whole number",
        );
        only(
            errors(memcached("PORT=\"11211\"\nOPTIONS=\"-l 10.0.0.11\n")),
            2,
            "unbalanced \" quote",
        );
        only(
            errors(memcached("PORT=\"11211\"\nUSER = memcached\n")),
            2,
            "not a `NAME=\"value\"` assignment",
        );
        only(
            errors(memcached("PORT=\"11211\"\n-m 64\n")),
            2,
            "not a `NAME=\"value\"` assignment",
        );
        only(
            errors(memcached("OPTIONS=\"-t 0\"\n")),
            1,
            "`-t` takes a whole number of at least 1",
        );
    }

    #[test]
    fn memcached_styles_do_not_mix() {
        only(
            errors(memcached("-m 64\nPORT=11211\n")),
            2,
            "shell variable in a Debian-style",
        );
    }

    #[test]
    fn memcached_repeated_flag() {
        only(
            warnings(memcached("PORT=\"11211\"\nOPTIONS=\"-p 11212\"\n")),
            2,
            "given again (first by PORT on line 1)",
        );
        only(
            warnings(memcached("-m 64\n-m 128\n")),
            2,
            "given again (first by line 1)",
        );
    }

    // --- helpers ---

    #[test]
    fn host_port_splitting() {
        assert_eq!(
            split_host_port("controller1:11211"),
            Ok(("controller1", Some("11211")))
        );
        assert_eq!(
            split_host_port("[fd00::1]:11211"),
            Ok(("fd00::1", Some("11211")))
        );
        assert!(split_host_port("fd00::1:11211").is_err());
        assert!(split_host_port("[controller1]:1").is_err());
    }

    #[test]
    fn typo_prefers_the_longer_shared_start() {
        assert_eq!(typo_of("mysqd", ["mysql", "mysqld"]), Some("mysqld"));
        assert_eq!(typo_of("abc", ["xyz"]), None);
    }

    #[test]
    fn hostnames() {
        assert!(is_hostname("controller1"));
        assert!(is_hostname("db.example.org"));
        assert!(!is_hostname("10.0.0.300"));
        assert!(!is_hostname("-bad"));
        assert!(!is_hostname("under_score"));
    }
}
