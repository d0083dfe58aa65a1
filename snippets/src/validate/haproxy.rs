//! haproxy.cfg (HAProxy 2.4 to 3.x): sections, the keywords each section type accepts, and the
//! arguments `haproxy -c` would reject, plus the cross-references it only reports at startup
//! (unknown backends, duplicate names, proxies that listen nowhere).
//!
//! `haproxy -c` resolves server names through DNS and needs the configured users to exist, so this
//! checker is what catches mistakes on every render; the real binary still runs in CI.

use crate::diag::Diagnostic;
use crate::diag::best_match_hint as hint;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Checks one haproxy.cfg.
pub(crate) fn check(text: &str) -> Vec<Diagnostic> {
    let mut checker = Checker::default();
    for (i, raw) in text.lines().enumerate() {
        checker.line(i + 1, raw);
    }
    checker.finish()
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// One word of a line, unquoted, with its byte range in the line for underlining.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    start: usize,
    end: usize,
}

/// Splits a line the way HAProxy does: blanks separate words, quotes group them, a backslash
/// escapes the next character and an unquoted `#` starts a comment. `Err` is the byte offset of a
/// quote that is never closed.
fn tokenize(line: &str) -> Result<Vec<Tok>, usize> {
    let mut toks = Vec::new();
    let mut cur: Option<Tok> = None;
    let mut quote: Option<(char, usize)> = None;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        match (quote, c) {
            (Some((q, _)), _) if c == q => quote = None,
            (Some(('"', _)), '\\') | (None, '\\') => {
                let (j, next) = chars.next().unwrap_or((i, '\\'));
                push_char(&mut cur, i, j + next.len_utf8(), next);
            }
            (Some(_), _) => push_char(&mut cur, i, end, c),
            (None, '"' | '\'') => {
                quote = Some((c, i));
                cur.get_or_insert(Tok {
                    text: String::new(),
                    start: i,
                    end,
                });
            }
            (None, '#') => break,
            (None, c) if c.is_whitespace() => toks.extend(cur.take()),
            (None, c) => push_char(&mut cur, i, end, c),
        }
        if let Some(t) = cur.as_mut() {
            t.end = t.end.max(end);
        }
    }
    if let Some((_, pos)) = quote {
        return Err(pos);
    }
    toks.extend(cur);
    Ok(toks)
}

fn push_char(cur: &mut Option<Tok>, start: usize, end: usize, c: char) {
    let t = cur.get_or_insert(Tok {
        text: String::new(),
        start,
        end,
    });
    t.text.push(c);
    t.end = end;
}

/// A tokenized line, with helpers that point diagnostics at one of its words.
struct Ln<'a> {
    n: usize,
    toks: &'a [Tok],
}

impl Ln<'_> {
    fn text(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| t.text.as_str())
    }

    /// An error underlining word `i` (or the last word when `i` is past the end: a missing value).
    fn error(&self, i: usize, msg: impl Into<String>) -> Diagnostic {
        self.point(Diagnostic::error(self.n, msg), i)
    }

    fn warning(&self, i: usize, msg: impl Into<String>) -> Diagnostic {
        self.point(Diagnostic::warning(self.n, msg), i)
    }

    fn point(&self, d: Diagnostic, i: usize) -> Diagnostic {
        match self.toks.get(i).or(self.toks.last()) {
            Some(t) => d.columns(t.start, t.end),
            None => d,
        }
    }
}

fn with_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

// ---------------------------------------------------------------------------------------------
// Sections and keyword tables

/// Capability bits, as in HAProxy's proxy keyword matrix: where a keyword may appear.
const D: u8 = 1;
const F: u8 = 2;
const B: u8 = 4;
const DF: u8 = D | F;
const DB: u8 = D | B;
const FB: u8 = F | B;
const ALL: u8 = D | F | B;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Global,
    /// A proxy-like section with its capability bits (defaults, frontend, backend, listen).
    Proxy(u8),
    /// A helper section (resolvers, peers...) with the keywords it accepts.
    Aux(&'static [&'static str]),
    /// A section whose keywords this checker does not know well enough to judge.
    Free,
}

/// Section keyword, whether it needs a name, and its kind.
const SECTIONS: &[(&str, bool, Kind)] = &[
    ("global", false, Kind::Global),
    ("defaults", false, Kind::Proxy(D)),
    ("frontend", true, Kind::Proxy(F)),
    ("backend", true, Kind::Proxy(B)),
    ("listen", true, Kind::Proxy(FB)),
    (
        "resolvers",
        true,
        Kind::Aux(&[
            "nameserver",
            "parse-resolv-conf",
            "accepted_payload_size",
            "hold",
            "resolve_retries",
            "timeout",
            "resolution_pool_size",
        ]),
    ),
    (
        "peers",
        true,
        Kind::Aux(&[
            "peer",
            "bind",
            "default-bind",
            "default-server",
            "disabled",
            "enabled",
            "enable",
            "log",
            "server",
            "shards",
            "table",
        ]),
    ),
    ("userlist", true, Kind::Aux(&["group", "user"])),
    ("mailers", true, Kind::Aux(&["mailer", "timeout"])),
    (
        "program",
        true,
        Kind::Aux(&["command", "user", "group", "option", "no"]),
    ),
    ("http-errors", true, Kind::Aux(&["errorfile"])),
    (
        "ring",
        true,
        Kind::Aux(&[
            "description",
            "format",
            "maxlen",
            "size",
            "timeout",
            "server",
            "backing-file",
        ]),
    ),
    (
        "cache",
        true,
        Kind::Aux(&[
            "total-max-size",
            "max-object-size",
            "max-age",
            "process-vary",
            "max-secondary-entries",
        ]),
    ),
    (
        "log-forward",
        true,
        Kind::Aux(&[
            "bind",
            "dgram-bind",
            "backlog",
            "maxconn",
            "log",
            "timeout",
            "option",
        ]),
    ),
    ("crt-store", false, Kind::Free),
    ("traces", false, Kind::Free),
    ("acme", true, Kind::Free),
];

/// Keywords of defaults/frontend/backend/listen with where they are allowed (HAProxy manual 4.1).
const PROXY_KEYWORDS: &[(&str, u8)] = &[
    ("acl", FB),
    ("backlog", DF),
    ("balance", DB),
    ("bind", F),
    ("capture", F),
    ("clitcpka-cnt", DF),
    ("clitcpka-idle", DF),
    ("clitcpka-intvl", DF),
    ("compression", ALL),
    ("cookie", DB),
    ("declare", F),
    ("default-server", DB),
    ("default_backend", DF),
    ("description", FB),
    ("disabled", ALL),
    ("dispatch", B),
    ("email-alert", ALL),
    ("enabled", ALL),
    ("errorfile", ALL),
    ("errorfiles", ALL),
    ("errorloc", ALL),
    ("errorloc302", ALL),
    ("errorloc303", ALL),
    ("error-log-format", DF),
    ("external-check", DB),
    ("filter", FB),
    ("force-persist", B),
    ("fullconn", DB),
    ("guid", FB),
    ("hash-balance-factor", DB),
    ("hash-type", DB),
    ("http-after-response", ALL),
    ("http-check", DB),
    ("http-error", ALL),
    ("http-request", ALL),
    ("http-response", ALL),
    ("http-reuse", DB),
    ("http-send-name-header", DB),
    ("id", FB),
    ("ignore-persist", B),
    ("load-server-state-from-file", DB),
    ("log", ALL),
    ("log-format", DF),
    ("log-format-sd", DF),
    ("log-steps", DF),
    ("log-tag", ALL),
    ("max-keep-alive-queue", DB),
    ("max-session-srv-conns", DF),
    ("maxconn", DF),
    ("mode", ALL),
    ("monitor", F),
    ("monitor-uri", DF),
    ("option", ALL),
    ("persist", DB),
    ("rate-limit", DF),
    ("redirect", FB),
    ("retries", DB),
    ("retry-on", DB),
    ("server", B),
    ("server-state-file-name", DB),
    ("server-template", B),
    ("source", DB),
    ("srvtcpka-cnt", DB),
    ("srvtcpka-idle", DB),
    ("srvtcpka-intvl", DB),
    ("stats", ALL),
    ("stick", B),
    ("stick-table", FB),
    ("tcp-check", DB),
    ("tcp-request", ALL),
    ("tcp-response", DB),
    ("timeout", ALL),
    ("unique-id-format", DF),
    ("unique-id-header", DF),
    ("use-fcgi-app", B),
    ("use-server", B),
    ("use_backend", F),
];

/// `option` names with where they apply; HAProxy ignores one in the wrong section with a warning.
const OPTIONS: &[(&str, u8)] = &[
    ("abortonclose", DB),
    ("accept-invalid-http-request", DF),
    ("accept-invalid-http-response", DB),
    ("accept-unsafe-violations-in-http-request", DF),
    ("accept-unsafe-violations-in-http-response", DB),
    ("allbackups", DB),
    ("checkcache", DB),
    ("clitcpka", DF),
    ("contstats", DF),
    ("disable-h2-upgrade", DF),
    ("dontlog-normal", DF),
    ("dontlognull", DF),
    ("external-check", DB),
    ("forwarded", DB),
    ("forwardfor", ALL),
    ("h1-case-adjust-bogus-client", DF),
    ("h1-case-adjust-bogus-server", DB),
    ("http-buffer-request", ALL),
    ("http-drop-request-trailers", DB),
    ("http-drop-response-trailers", DF),
    ("http-ignore-probes", DF),
    ("http-keep-alive", ALL),
    ("http-no-delay", ALL),
    ("http-pretend-keepalive", DB),
    ("http-restrict-req-hdr-names", ALL),
    ("http-server-close", ALL),
    ("http-use-proxy-header", DF),
    ("httpchk", DB),
    ("httpclose", ALL),
    ("httplog", DF),
    ("httpslog", DF),
    ("idle-close-on-response", DF),
    ("independent-streams", ALL),
    ("ldap-check", DB),
    ("log-health-checks", DB),
    ("log-separate-errors", DF),
    ("logasap", DF),
    ("mysql-check", DB),
    ("nolinger", ALL),
    ("originalto", ALL),
    ("persist", DB),
    ("pgsql-check", DB),
    ("prefer-last-server", DB),
    ("redis-check", DB),
    ("redispatch", DB),
    ("smtpchk", DB),
    ("socket-stats", DF),
    ("splice-auto", ALL),
    ("splice-request", ALL),
    ("splice-response", ALL),
    ("spop-check", DB),
    ("srvtcpka", DB),
    ("ssl-hello-chk", DB),
    ("tcp-check", DB),
    ("tcp-smart-accept", DF),
    ("tcp-smart-connect", DB),
    ("tcpka", ALL),
    ("tcplog", ALL),
    ("transparent", DB),
];

/// `timeout` names with where they apply.
const TIMEOUTS: &[(&str, u8)] = &[
    ("check", DB),
    ("client", DF),
    ("client-fin", DF),
    ("client-hs", DF),
    ("connect", DB),
    ("http-keep-alive", ALL),
    ("http-request", ALL),
    ("queue", DB),
    ("server", DB),
    ("server-fin", DB),
    ("tarpit", ALL),
    ("tunnel", DB),
];

/// Sub-keywords of the multi-word proxy keywords.
const SUBKEYWORDS: &[(&str, &[&str])] = &[
    (
        "stats",
        &[
            "admin",
            "auth",
            "enable",
            "hide-version",
            "http-request",
            "realm",
            "refresh",
            "scope",
            "show-desc",
            "show-legends",
            "show-modules",
            "show-node",
            "uri",
        ],
    ),
    (
        "http-check",
        &[
            "comment",
            "connect",
            "disable-on-404",
            "expect",
            "send",
            "send-state",
            "set-var",
            "set-var-fmt",
            "unset-var",
        ],
    ),
    (
        "tcp-check",
        &[
            "comment",
            "connect",
            "expect",
            "send",
            "send-binary",
            "send-binary-lf",
            "send-lf",
            "set-var",
            "set-var-fmt",
            "unset-var",
        ],
    ),
    ("stick", &["match", "on", "store-request", "store-response"]),
    (
        "tcp-request",
        &["connection", "content", "inspect-delay", "session"],
    ),
    ("tcp-response", &["content", "inspect-delay"]),
    ("capture", &["cookie", "request", "response"]),
    ("monitor", &["fail"]),
    ("rate-limit", &["sessions"]),
    ("declare", &["capture"]),
    (
        "email-alert",
        &["from", "level", "mailers", "myhostname", "to"],
    ),
    ("external-check", &["command", "path"]),
    ("persist", &["rdp-cookie"]),
    ("hash-type", &["map-based", "consistent"]),
    ("mode", &["tcp", "http", "log", "spop"]),
];

#[rustfmt::skip]
const HTTP_REQUEST_ACTIONS: &[&str] = &[
    "add-acl", "add-header", "allow", "auth", "cache-use", "capture", "del-acl", "del-header",
    "del-map", "deny", "disable-l7-retry", "do-log", "do-resolve", "early-hint", "normalize-uri",
    "pause", "redirect", "reject", "replace-header", "replace-path", "replace-pathq", "replace-uri",
    "replace-value", "return", "sc-add-gpc", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1",
    "sc-set-gpt", "sc-set-gpt0", "send-spoe-group", "set-bandwidth-limit", "set-bc-mark",
    "set-bc-tos", "set-dst", "set-dst-port", "set-fc-mark", "set-fc-tos", "set-header",
    "set-log-level", "set-map", "set-mark", "set-method", "set-nice", "set-path", "set-pathq",
    "set-priority-class", "set-priority-offset", "set-query", "set-retries", "set-src",
    "set-src-port", "set-timeout", "set-tos", "set-uri", "set-var", "set-var-fmt", "silent-drop",
    "strict-mode", "tarpit", "unset-var", "use-service", "wait-for-body", "wait-for-handshake",
];

/// Actions of `http-response` and `http-after-response` (the latter accepts a subset).
#[rustfmt::skip]
const HTTP_RESPONSE_ACTIONS: &[&str] = &[
    "add-acl", "add-header", "allow", "cache-store", "capture", "del-acl", "del-header", "del-map",
    "deny", "do-log", "pause", "redirect", "replace-header", "replace-value", "return",
    "sc-add-gpc", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0",
    "send-spoe-group", "set-bandwidth-limit", "set-fc-mark", "set-fc-tos", "set-header",
    "set-log-level", "set-map", "set-mark", "set-nice", "set-status", "set-timeout", "set-tos",
    "set-var", "set-var-fmt", "silent-drop", "strict-mode", "unset-var", "wait-for-body",
];

#[rustfmt::skip]
const BALANCE_ALGORITHMS: &[&str] = &[
    "roundrobin", "static-rr", "leastconn", "first", "source", "uri", "url_param", "hdr", "random",
    "rdp-cookie", "hash", "log-hash", "sticky",
];

#[rustfmt::skip]
const LOG_FACILITIES: &[&str] = &[
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2",
    "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4",
    "local5", "local6", "local7",
];

#[rustfmt::skip]
const LOG_LEVELS: &[&str] = &[
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

/// Status codes `errorfile` accepts.
#[rustfmt::skip]
const ERRORFILE_CODES: &[&str] = &[
    "200", "400", "401", "403", "404", "405", "407", "408", "410", "413", "425", "429", "500",
    "501", "502", "503", "504",
];

#[rustfmt::skip]
const GLOBAL_KEYWORDS: &[&str] = &[
    "anonkey", "busy-polling", "ca-base", "chroot", "close-spread-time", "cluster-secret",
    "cpu-map", "cpu-policy", "cpu-set", "crt-base", "daemon", "debug", "default-path",
    "description", "dns-accept-family", "expose-deprecated-directives",
    "expose-experimental-directives", "external-check", "fd-hard-limit", "gid", "grace", "group",
    "h1-accept-payload-with-any-method", "h1-case-adjust", "h1-case-adjust-file",
    "h1-do-not-close-on-insecure-transfer-encoding", "h2-workaround-bogus-websocket-clients",
    "hard-stop-after", "insecure-fork-wanted", "insecure-setuid-wanted", "issuers-chain-path",
    "localpeer", "log", "log-send-hostname", "log-tag", "lua-load", "lua-load-per-thread",
    "lua-prepend-path", "master-worker", "max-spread-checks", "maxcompcpuusage", "maxcomprate",
    "maxconn", "maxconnrate", "maxpipes", "maxsessrate", "maxsslconn", "maxsslrate", "maxzlibmem",
    "mworker-max-reloads", "nbproc", "nbthread", "no-memory-trimming", "node", "noepoll",
    "noevports", "nogetaddrinfo", "nokqueue", "nopoll", "noreuseport", "nosplice",
    "numa-cpu-mapping", "pidfile", "pp2-never-send-local", "prealloc-fd", "presetenv", "quiet",
    "resetenv", "server-state-base", "server-state-file", "set-dumpable", "set-var", "set-var-fmt",
    "setcap", "setenv", "spread-checks", "ssl-default-bind-ciphers",
    "ssl-default-bind-ciphersuites", "ssl-default-bind-client-sigalgs", "ssl-default-bind-curves",
    "ssl-default-bind-options", "ssl-default-bind-sigalgs", "ssl-default-server-ciphers",
    "ssl-default-server-ciphersuites", "ssl-default-server-client-sigalgs",
    "ssl-default-server-curves", "ssl-default-server-options", "ssl-default-server-sigalgs",
    "ssl-dh-param-file", "ssl-engine", "ssl-load-extra-del-ext", "ssl-load-extra-files",
    "ssl-mode-async", "ssl-propquery", "ssl-provider", "ssl-provider-path", "ssl-security-level",
    "ssl-server-verify", "ssl-skip-self-issued-ca", "stats", "strict-limits", "thread-group",
    "thread-groups", "uid", "ulimit-n", "unix-bind", "unsetenv", "user",
    "warn-blocked-traffic-after", "zero-warning",
];

/// Families of global keywords HAProxy has too many of to list (`tune.bufsize`, `tune.ssl.*`...).
#[rustfmt::skip]
const GLOBAL_PREFIXES: &[&str] = &[
    "tune.", "httpclient.", "ocsp-update.", "profiling.", "harden.", "51degrees-", "deviceatlas-",
    "wurfl-", "limited-quic", "quic.",
];

const GLOBAL_STATS: &[&str] = &["socket", "timeout", "maxconn", "bind-process"];

// ---------------------------------------------------------------------------------------------
// Option tables for `bind` and `server`

/// The value an option takes.
#[derive(Debug, Clone, Copy)]
enum Arg {
    Flag,
    Any,
    Time,
    Int(i64, i64),
    Port,
    Choice(&'static [&'static str]),
    InitAddr,
    Host,
}

const SSL_VERSIONS: &[&str] = &["SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

const BIND_OPTIONS: &[(&str, Arg)] = &[
    ("accept-netscaler-cip", Arg::Any),
    ("accept-proxy", Arg::Flag),
    ("allow-0rtt", Arg::Flag),
    ("alpn", Arg::Any),
    ("backlog", Arg::Int(1, i64::MAX)),
    ("ca-file", Arg::Any),
    ("ca-ignore-err", Arg::Any),
    ("ca-sign-file", Arg::Any),
    ("ca-sign-pass", Arg::Any),
    ("ca-verify-file", Arg::Any),
    ("ciphers", Arg::Any),
    ("ciphersuites", Arg::Any),
    ("client-sigalgs", Arg::Any),
    ("crl-file", Arg::Any),
    ("crt", Arg::Any),
    ("crt-ignore-err", Arg::Any),
    ("crt-list", Arg::Any),
    ("curves", Arg::Any),
    ("default-crt", Arg::Any),
    ("defer-accept", Arg::Flag),
    ("ecdhe", Arg::Any),
    ("expose-fd", Arg::Choice(&["listeners"])),
    ("force-sslv3", Arg::Flag),
    ("force-tlsv10", Arg::Flag),
    ("force-tlsv11", Arg::Flag),
    ("force-tlsv12", Arg::Flag),
    ("force-tlsv13", Arg::Flag),
    ("generate-certificates", Arg::Flag),
    ("gid", Arg::Int(0, i64::MAX)),
    ("group", Arg::Any),
    ("guid-prefix", Arg::Any),
    ("id", Arg::Int(1, i64::MAX)),
    ("idle-ping", Arg::Time),
    ("interface", Arg::Any),
    ("ktls", Arg::Choice(&["on", "off"])),
    ("level", Arg::Choice(&["user", "operator", "admin"])),
    ("maxconn", Arg::Int(0, i64::MAX)),
    ("mode", Arg::Any),
    ("mss", Arg::Any),
    ("name", Arg::Any),
    ("namespace", Arg::Any),
    ("nbconn", Arg::Int(1, i64::MAX)),
    ("nice", Arg::Int(-1024, 1024)),
    ("no-alpn", Arg::Flag),
    ("no-ca-names", Arg::Flag),
    ("no-sslv3", Arg::Flag),
    ("no-tls-tickets", Arg::Flag),
    ("no-tlsv10", Arg::Flag),
    ("no-tlsv11", Arg::Flag),
    ("no-tlsv12", Arg::Flag),
    ("no-tlsv13", Arg::Flag),
    ("npn", Arg::Any),
    ("ocsp-update", Arg::Choice(&["on", "off"])),
    ("prefer-client-ciphers", Arg::Flag),
    ("process", Arg::Any),
    ("proto", Arg::Any),
    ("quic-cc-algo", Arg::Any),
    ("quic-force-retry", Arg::Flag),
    ("quic-socket", Arg::Choice(&["connection", "listener"])),
    (
        "severity-output",
        Arg::Choice(&["none", "number", "string"]),
    ),
    ("shards", Arg::Any),
    ("sigalgs", Arg::Any),
    ("ssl", Arg::Flag),
    ("ssl-max-ver", Arg::Choice(SSL_VERSIONS)),
    ("ssl-min-ver", Arg::Choice(SSL_VERSIONS)),
    ("strict-sni", Arg::Flag),
    ("tcp-md5sig", Arg::Any),
    ("tcp-ut", Arg::Time),
    ("tfo", Arg::Flag),
    ("thread", Arg::Any),
    ("tls-ticket-keys", Arg::Any),
    ("transparent", Arg::Flag),
    ("uid", Arg::Int(0, i64::MAX)),
    ("user", Arg::Any),
    ("v4v6", Arg::Flag),
    ("v6only", Arg::Flag),
    ("verify", Arg::Choice(&["none", "optional", "required"])),
];

const SERVER_OPTIONS: &[(&str, Arg)] = &[
    ("addr", Arg::Host),
    ("agent-addr", Arg::Host),
    ("agent-check", Arg::Flag),
    ("agent-inter", Arg::Time),
    ("agent-port", Arg::Port),
    ("agent-send", Arg::Any),
    ("alpn", Arg::Any),
    ("backup", Arg::Flag),
    ("ca-file", Arg::Any),
    ("check", Arg::Flag),
    ("check-alpn", Arg::Any),
    ("check-proto", Arg::Any),
    ("check-reuse-pool", Arg::Flag),
    ("check-send-proxy", Arg::Flag),
    ("check-sni", Arg::Any),
    ("check-ssl", Arg::Flag),
    ("check-via-socks4", Arg::Flag),
    ("ciphers", Arg::Any),
    ("ciphersuites", Arg::Any),
    ("client-sigalgs", Arg::Any),
    ("cookie", Arg::Any),
    ("crl-file", Arg::Any),
    ("crt", Arg::Any),
    ("curves", Arg::Any),
    ("disabled", Arg::Flag),
    ("downinter", Arg::Time),
    ("enabled", Arg::Flag),
    ("error-limit", Arg::Int(1, i64::MAX)),
    ("fall", Arg::Int(1, i64::MAX)),
    ("fastinter", Arg::Time),
    ("force-sslv3", Arg::Flag),
    ("force-tlsv10", Arg::Flag),
    ("force-tlsv11", Arg::Flag),
    ("force-tlsv12", Arg::Flag),
    ("force-tlsv13", Arg::Flag),
    ("guid", Arg::Any),
    ("hash-key", Arg::Choice(&["id", "addr", "addr-port"])),
    ("id", Arg::Int(1, i64::MAX)),
    ("init-addr", Arg::InitAddr),
    (
        "init-state",
        Arg::Choice(&["fully-up", "up", "down", "fully-down"]),
    ),
    ("inter", Arg::Time),
    ("interface", Arg::Any),
    ("log-bufsize", Arg::Int(1, i64::MAX)),
    ("log-proto", Arg::Choice(&["legacy", "octet-count"])),
    ("max-reuse", Arg::Int(-1, i64::MAX)),
    ("maxconn", Arg::Int(0, i64::MAX)),
    ("maxqueue", Arg::Int(0, i64::MAX)),
    ("minconn", Arg::Int(0, i64::MAX)),
    ("namespace", Arg::Any),
    ("no-agent-check", Arg::Flag),
    ("no-backup", Arg::Flag),
    ("no-check", Arg::Flag),
    ("no-check-ssl", Arg::Flag),
    ("no-send-proxy", Arg::Flag),
    ("no-send-proxy-v2", Arg::Flag),
    ("no-send-proxy-v2-ssl", Arg::Flag),
    ("no-send-proxy-v2-ssl-cn", Arg::Flag),
    ("no-ssl", Arg::Flag),
    ("no-ssl-reuse", Arg::Flag),
    ("no-sslv3", Arg::Flag),
    ("no-tfo", Arg::Flag),
    ("no-tls-tickets", Arg::Flag),
    ("no-tlsv10", Arg::Flag),
    ("no-tlsv11", Arg::Flag),
    ("no-tlsv12", Arg::Flag),
    ("no-tlsv13", Arg::Flag),
    ("no-verifyhost", Arg::Flag),
    ("non-stick", Arg::Flag),
    ("npn", Arg::Any),
    ("observe", Arg::Choice(&["layer4", "layer7"])),
    (
        "on-error",
        Arg::Choice(&["fastinter", "fail-check", "sudden-death", "mark-down"]),
    ),
    ("on-marked-down", Arg::Choice(&["shutdown-sessions"])),
    ("on-marked-up", Arg::Choice(&["shutdown-backup-sessions"])),
    ("pool-conn-name", Arg::Any),
    ("pool-low-conn", Arg::Int(0, i64::MAX)),
    ("pool-max-conn", Arg::Int(-1, i64::MAX)),
    ("pool-purge-delay", Arg::Time),
    ("port", Arg::Port),
    ("proto", Arg::Any),
    ("redir", Arg::Any),
    ("resolve-net", Arg::Any),
    ("resolve-opts", Arg::Any),
    ("resolve-prefer", Arg::Choice(&["ipv4", "ipv6"])),
    ("resolvers", Arg::Any),
    ("rise", Arg::Int(1, i64::MAX)),
    ("send-proxy", Arg::Flag),
    ("send-proxy-v2", Arg::Flag),
    ("send-proxy-v2-ssl", Arg::Flag),
    ("send-proxy-v2-ssl-cn", Arg::Flag),
    ("shard", Arg::Int(0, i64::MAX)),
    ("sigalgs", Arg::Any),
    ("slowstart", Arg::Time),
    ("sni", Arg::Any),
    ("socks4", Arg::Any),
    ("source", Arg::Any),
    ("ssl", Arg::Flag),
    ("ssl-max-ver", Arg::Choice(SSL_VERSIONS)),
    ("ssl-min-ver", Arg::Choice(SSL_VERSIONS)),
    ("ssl-reuse", Arg::Flag),
    ("stick", Arg::Flag),
    ("strict-maxconn", Arg::Flag),
    ("tcp-md5sig", Arg::Any),
    ("tcp-ut", Arg::Time),
    ("tfo", Arg::Flag),
    ("tls-tickets", Arg::Flag),
    ("track", Arg::Any),
    ("usesrc", Arg::Any),
    ("verify", Arg::Choice(&["none", "required"])),
    ("verifyhost", Arg::Any),
    ("weight", Arg::Int(0, 256)),
    ("ws", Arg::Choice(&["auto", "h1", "h2"])),
];

impl Arg {
    /// Why `value` is not acceptable, with what was expected.
    fn problem(self, value: &str) -> Option<(String, String)> {
        match self {
            Arg::Flag | Arg::Any => None,
            Arg::Time => time_problem(value),
            Arg::Int(min, max) => int_problem(value, min, max),
            Arg::Port => {
                port_problem(value).map(|p| (p, "a port is an integer from 1 to 65535".into()))
            }
            Arg::Choice(choices) => (!choices.contains(&value)).then(|| {
                let expected = format!("expected one of {}", choices.join(", "));
                (
                    format!("invalid value `{value}`"),
                    hint(value, choices.iter().copied()).unwrap_or(expected),
                )
            }),
            Arg::InitAddr => init_addr_problem(value),
            Arg::Host => host_problem(value, false)
                .map(|p| (p, "expected an IPv4/IPv6 address or a host name".into())),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Values

fn time_problem(value: &str) -> Option<(String, String)> {
    let help =
        "a time is digits with an optional unit: us, ms, s, m, h or d (milliseconds by default)";
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Some((format!("invalid time `{value}`"), help.into()));
    }
    let unit = &value[digits..];
    if ["", "us", "ms", "s", "m", "h", "d"].contains(&unit) {
        return None;
    }
    let bad = unit.chars().next().unwrap_or(' ');
    Some((
        format!("invalid time `{value}`: unexpected character `{bad}`"),
        help.into(),
    ))
}

fn int_problem(value: &str, min: i64, max: i64) -> Option<(String, String)> {
    let range = if max == i64::MAX {
        format!("an integer of at least {min}")
    } else {
        format!("an integer from {min} to {max}")
    };
    match value.parse::<i64>() {
        Ok(v) if (min..=max).contains(&v) => None,
        Ok(_) => Some((
            format!("`{value}` is out of range"),
            format!("expected {range}"),
        )),
        Err(_) => Some((
            format!("`{value}` is not an integer"),
            format!("expected {range}"),
        )),
    }
}

fn init_addr_problem(value: &str) -> Option<(String, String)> {
    let method =
        |m: &str| matches!(m, "last" | "libc" | "none") || m.parse::<std::net::IpAddr>().is_ok();
    let bad = value.split(',').find(|m| !method(m))?;
    Some((
        format!("invalid `init-addr` method `{bad}`"),
        "expected a comma-separated list of `last`, `libc`, `none` or an IP address".into(),
    ))
}

/// A port: 1 to 65535.
fn port_problem(port: &str) -> Option<String> {
    if port.is_empty() {
        return Some("empty port".into());
    }
    match port.parse::<u32>() {
        Ok(1..=65535) if port.bytes().all(|b| b.is_ascii_digit()) => None,
        Ok(_) => Some(format!("port `{port}` is out of range (1-65535)")),
        Err(_) => Some(format!("invalid port `{port}`")),
    }
}

/// An address without port: IPv4, IPv6, host name; `*` and empty mean "any" where `any` allows it.
fn host_problem(host: &str, any: bool) -> Option<String> {
    if host.is_empty() || host == "*" {
        return (!any).then(|| "missing address".to_string());
    }
    if host.contains(':') {
        return host
            .parse::<Ipv6Addr>()
            .is_err()
            .then(|| format!("invalid IPv6 address `{host}`"));
    }
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return host
            .parse::<Ipv4Addr>()
            .is_err()
            .then(|| format!("invalid IPv4 address `{host}`"));
    }
    (!is_hostname(host)).then(|| format!("invalid host name `{host}`"))
}

fn is_hostname(s: &str) -> bool {
    s.len() <= 253
        && s.trim_end_matches('.').split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// What the port part of an endpoint may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PortRule {
    /// `bind`: a port or a range is required, the address may be `*` or empty.
    Listen,
    /// `server`: the port is optional (the client's port is reused) and may be a `+N`/`-N` offset.
    Server,
    /// `peer`, `nameserver`, `mailer`: a single port is required.
    Single,
}

/// Address families that are not IP sockets: nothing to check after the prefix.
#[rustfmt::skip]
const NON_INET_FAMILIES: &[&str] = &[
    "unix", "abns", "abnsz", "fd", "sockpair", "rhttp", "uxst", "uxdg",
];
#[rustfmt::skip]
const INET_FAMILIES: &[&str] = &[
    "ipv4", "ipv6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "quic4", "quic6", "mptcp",
    "mptcp4", "mptcp6",
];

/// Checks `[family@]address[:port]`.
fn endpoint_problem(s: &str, rule: PortRule) -> Option<String> {
    // Environment variables are expanded when HAProxy loads the file; nothing to judge here.
    if s.contains('$') {
        return None;
    }
    let rest = match s.split_once('@') {
        Some((family, _)) if NON_INET_FAMILIES.contains(&family) => return None,
        Some((family, rest)) if INET_FAMILIES.contains(&family) => rest,
        Some((family, _)) => return Some(format!("unknown address family `{family}@`")),
        None => s,
    };
    if rest.starts_with('/') {
        return None;
    }
    let (host, port) = match split_host_port(rest) {
        Ok(hp) => hp,
        Err(e) => return Some(e),
    };
    host_problem(host, rule == PortRule::Listen).or_else(|| endpoint_port_problem(port, rule))
}

/// Splits on the last colon, as HAProxy does; `[v6]:port` is accepted too.
fn split_host_port(s: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(inner) = s.strip_prefix('[') {
        let (host, after) = inner
            .split_once(']')
            .ok_or_else(|| format!("missing `]` in `{s}`"))?;
        return match after {
            "" => Ok((host, None)),
            _ => after
                .strip_prefix(':')
                .map(|p| (host, Some(p)))
                .ok_or_else(|| format!("unexpected `{after}` after `]`")),
        };
    }
    Ok(match s.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (s, None),
    })
}

fn endpoint_port_problem(port: Option<&str>, rule: PortRule) -> Option<String> {
    match (port, rule) {
        (None, PortRule::Server) => None,
        (None, _) => Some("missing port".into()),
        (Some(p), PortRule::Listen) => match p.split_once('-') {
            Some((lo, hi)) => port_problem(lo).or_else(|| port_problem(hi)).or_else(|| {
                (lo.parse::<u32>().ok() > hi.parse::<u32>().ok())
                    .then(|| format!("port range `{p}` is reversed"))
            }),
            None => port_problem(p),
        },
        (Some(p), PortRule::Server) => match p.strip_prefix(['+', '-']) {
            Some(offset) if offset.bytes().all(|b| b.is_ascii_digit()) && !offset.is_empty() => {
                None
            }
            _ => port_problem(p),
        },
        (Some(p), PortRule::Single) => port_problem(p),
    }
}

/// Proxy names: HAProxy accepts letters, digits and `-_.:`.
fn name_problem(name: &str) -> Option<char> {
    name.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
}

// ---------------------------------------------------------------------------------------------
// The checker

#[derive(Debug)]
struct Proxy {
    caps: u8,
    section: &'static str,
    name: String,
    line: usize,
    has_bind: bool,
    servers: Vec<(String, usize)>,
    mode: Option<String>,
    httplog: Option<usize>,
    tcplog: bool,
    timeouts: Vec<String>,
    /// Answers requests itself (stats page, `http-request return`, redirects): needs no server.
    answers: bool,
}

#[derive(Debug)]
struct BackendRef {
    name: String,
    line: usize,
    columns: (usize, usize),
}

#[derive(Default)]
struct Checker {
    out: Vec<Diagnostic>,
    kind: Option<Kind>,
    proxies: Vec<Proxy>,
    /// True while the current section is the last entry of `proxies`.
    in_proxy: bool,
    refs: Vec<BackendRef>,
    /// Index in `proxies` of the last `defaults` section, whose settings the next proxies inherit.
    defaults: Option<usize>,
}

impl Checker {
    fn line(&mut self, n: usize, raw: &str) {
        let toks = match tokenize(raw) {
            Ok(t) => t,
            Err(pos) => {
                let d = Diagnostic::error(n, "unterminated quoted string").columns(pos, raw.len());
                self.out
                    .push(d.help("close the quote; HAProxy would reject the line"));
                return;
            }
        };
        let l = Ln { n, toks: &toks };
        let Some(first) = l.text(0) else { return };
        if let Some(&(section, named, kind)) = SECTIONS.iter().find(|s| s.0 == first) {
            self.open(&l, section, named, kind);
            return;
        }
        match self.kind {
            None => {
                let d = l.error(0, format!("`{first}` outside any section"));
                let help = hint(first, SECTIONS.iter().map(|s| s.0)).unwrap_or_else(|| {
                    "start a section first: global, defaults, frontend, backend or listen".into()
                });
                self.out.push(d.help(help));
            }
            Some(Kind::Global) => self.global(&l),
            Some(Kind::Proxy(caps)) => self.proxy_keyword(&l, caps),
            Some(Kind::Aux(keywords)) => self.aux(&l, keywords),
            Some(Kind::Free) => {}
        }
    }

    fn open(&mut self, l: &Ln, section: &'static str, named: bool, kind: Kind) {
        self.close_proxy();
        self.kind = Some(kind);
        let name = l.text(1).unwrap_or_default();
        if named && name.is_empty() {
            self.out
                .push(l.error(0, format!("`{section}` needs a name")));
        }
        if let Some(c) = name_problem(name).filter(|_| section != "global") {
            let d = l.error(
                1,
                format!("invalid character `{c}` in {section} name `{name}`"),
            );
            self.out
                .push(d.help("names may contain letters, digits, `-`, `_`, `.` and `:`"));
        }
        let Kind::Proxy(caps) = kind else { return };
        self.duplicate_proxy(l, caps, name);
        self.proxies.push(Proxy {
            caps,
            section,
            name: name.to_string(),
            line: l.n,
            has_bind: false,
            servers: Vec::new(),
            mode: None,
            httplog: None,
            tcplog: false,
            timeouts: Vec::new(),
            answers: false,
        });
        self.in_proxy = true;
        // HAProxy 1.x took the address on the `listen` line; 2.x rejects that form.
        if caps == FB && l.toks.len() > 2 && l.text(2) != Some("from") {
            let d = l.error(2, "an address on the `listen` line is no longer accepted");
            self.out
                .push(d.help("move it to a `bind` line in the section"));
        }
    }

    /// A frontend and a backend may share a name; anything else with the same name clashes.
    fn duplicate_proxy(&mut self, l: &Ln, caps: u8, name: &str) {
        if caps == D || name.is_empty() {
            return;
        }
        let clash = self
            .proxies
            .iter()
            .find(|p| p.name == name && p.caps != D && p.caps & caps != 0);
        if let Some(p) = clash {
            let d = l.error(1, format!("duplicate proxy name `{name}`"));
            self.out.push(d.help(format!(
                "{} `{name}` is already defined on line {}",
                p.section, p.line
            )));
        }
    }

    /// Checks of a proxy that need its whole body, done when the next section starts.
    fn close_proxy(&mut self) {
        if !std::mem::take(&mut self.in_proxy) {
            return;
        }
        let Some(p) = self.proxies.last() else { return };
        if p.caps == D {
            self.defaults = Some(self.proxies.len() - 1);
            return;
        }
        let inherited = self.defaults.and_then(|i| self.proxies.get(i));
        let found = proxy_findings(p, inherited);
        self.out.extend(found);
    }

    fn current(&mut self) -> Option<&mut Proxy> {
        if self.in_proxy {
            self.proxies.last_mut()
        } else {
            None
        }
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        self.close_proxy();
        let backends: Vec<&str> = self
            .proxies
            .iter()
            .filter(|p| p.caps & B != 0)
            .map(|p| p.name.as_str())
            .collect();
        for r in &self.refs {
            if !backends.contains(&r.name.as_str()) {
                let d = Diagnostic::error(r.line, format!("unknown backend `{}`", r.name))
                    .columns(r.columns.0, r.columns.1);
                let help = hint(&r.name, backends.iter().copied())
                    .unwrap_or_else(|| "define it with `backend NAME` or `listen NAME`".into());
                self.out.push(d.help(help));
            }
        }
        self.out
    }

    // -- global ------------------------------------------------------------------------------

    fn global(&mut self, l: &Ln) {
        let kw = l.text(0).unwrap_or_default();
        let known =
            GLOBAL_KEYWORDS.contains(&kw) || GLOBAL_PREFIXES.iter().any(|p| kw.starts_with(p));
        if !known {
            self.unknown(l, 0, "global", GLOBAL_KEYWORDS.iter().copied());
            return;
        }
        match kw {
            "nbproc" => {
                let d = l.error(0, "`nbproc` was removed in HAProxy 2.5");
                self.out.push(d.help("use `nbthread`"));
            }
            "maxconn" | "ulimit-n" | "maxsslconn" | "maxconnrate" | "maxsessrate" | "maxpipes" => {
                self.int_arg(l, 1, 0, i64::MAX)
            }
            "nbthread" => self.int_arg(l, 1, 1, 4096),
            "hard-stop-after" | "close-spread-time" | "grace" => self.time_arg(l, 1),
            "log" => self.log(l, 1, false),
            "stats" => self.global_stats(l),
            _ => {}
        }
    }

    fn global_stats(&mut self, l: &Ln) {
        match l.text(1) {
            Some("timeout") => self.time_arg(l, 2),
            Some("maxconn") => self.int_arg(l, 2, 0, i64::MAX),
            Some(sub) if GLOBAL_STATS.contains(&sub) => {}
            Some(sub) => {
                let d = l.error(1, format!("unknown `stats {sub}` in `global`"));
                self.out
                    .push(with_help(d, hint(sub, GLOBAL_STATS.iter().copied())));
            }
            None => self
                .out
                .push(l.error(0, "`stats` needs a sub-keyword (socket, timeout, maxconn)")),
        }
    }

    // -- helper sections ---------------------------------------------------------------------

    fn aux(&mut self, l: &Ln, keywords: &'static [&'static str]) {
        let kw = l.text(0).unwrap_or_default();
        if !keywords.contains(&kw) {
            self.unknown(l, 0, "section", keywords.iter().copied());
            return;
        }
        // A peers `server` without an address is the local peer.
        if matches!(kw, "peer" | "nameserver" | "mailer") || (kw == "server" && l.toks.len() > 2) {
            self.endpoint(l, 2, PortRule::Single);
        }
    }

    // -- proxies -----------------------------------------------------------------------------

    fn proxy_keyword(&mut self, l: &Ln, caps: u8) {
        let first = l.text(0).unwrap_or_default();
        // `no option X` and `default option X` reset an inherited option; `no log` drops logging.
        let at = usize::from(matches!(first, "no" | "default"));
        let kw = l.text(at).unwrap_or_default();
        if at == 1 && !matches!(kw, "option" | "log") {
            let d = l.error(0, format!("`{first}` cannot prefix `{kw}`"));
            self.out
                .push(d.help("`no` and `default` only apply to `option` and `log`"));
            return;
        }
        let Some(&(_, allowed)) = PROXY_KEYWORDS.iter().find(|k| k.0 == kw) else {
            let names = PROXY_KEYWORDS
                .iter()
                .map(|k| k.0)
                .chain(SECTIONS.iter().map(|s| s.0));
            self.unknown(l, at, section_name(caps), names);
            return;
        };
        if allowed & caps == 0 {
            let d = l.error(
                at,
                format!(
                    "`{kw}` is not allowed in a `{}` section",
                    section_name(caps)
                ),
            );
            self.out
                .push(d.help(format!("`{kw}` belongs in {}", where_allowed(allowed))));
            return;
        }
        if at == 1 && kw == "log" {
            return;
        }
        self.proxy_arguments(l, at, kw, caps);
    }

    fn proxy_arguments(&mut self, l: &Ln, at: usize, kw: &str, caps: u8) {
        let local = matches!(
            (kw, l.text(1)),
            ("stats", Some("enable" | "uri"))
                | (
                    "http-request",
                    Some("return" | "redirect" | "use-service" | "deny")
                )
                | ("redirect", _)
        );
        if let (true, Some(p)) = (local, self.current()) {
            p.answers = true;
        }
        match kw {
            "option" => self.option(l, at + 1, caps),
            "timeout" => self.timeout(l, at + 1, caps),
            "mode" => self.mode(l),
            "balance" => self.balance(l),
            "bind" => self.bind(l),
            "server" => self.server(l),
            "server-template" => self.server_template(l),
            "default-server" => self.options(l, 1, SERVER_OPTIONS, "server"),
            "default_backend" | "use_backend" => self.backend_ref(l),
            "log" => self.log(l, 1, true),
            "errorfile" => self.errorfile(l),
            "retries" | "maxconn" | "fullconn" | "backlog" => self.int_arg(l, 1, 0, i64::MAX),
            "id" => self.int_arg(l, 1, 1, i64::MAX),
            "monitor-uri" => self.monitor_uri(l),
            "stick-table" => self.stick_table(l),
            "http-request" => self.action(l, HTTP_REQUEST_ACTIONS),
            "http-response" | "http-after-response" => self.action(l, HTTP_RESPONSE_ACTIONS),
            "stats" => self.stats(l),
            _ => self.subkeyword(l, kw),
        }
    }

    fn option(&mut self, l: &Ln, at: usize, caps: u8) {
        let Some(name) = l.text(at) else {
            self.out.push(l.error(at, "`option` needs a name"));
            return;
        };
        let Some(&(_, allowed)) = OPTIONS.iter().find(|o| o.0 == name) else {
            let d = l.error(at, format!("unknown option `{name}`"));
            self.out
                .push(with_help(d, hint(name, OPTIONS.iter().map(|o| o.0))));
            return;
        };
        if allowed & caps == 0 {
            let d = l.warning(
                at,
                format!(
                    "`option {name}` is ignored in a `{}` section",
                    section_name(caps)
                ),
            );
            self.out
                .push(d.help(format!("it belongs in {}", where_allowed(allowed))));
        }
        let negated = at != 1;
        if let Some(p) = self.current() {
            match name {
                "httplog" if !negated => p.httplog = Some(l.n),
                "tcplog" | "httplog" => p.tcplog = true,
                _ => {}
            }
        }
    }

    fn timeout(&mut self, l: &Ln, at: usize, caps: u8) {
        let Some(name) = l.text(at) else {
            self.out
                .push(l.error(0, "`timeout` needs a name and a value"));
            return;
        };
        let Some(&(_, allowed)) = TIMEOUTS.iter().find(|t| t.0 == name) else {
            let d = l.error(at, format!("unknown timeout `{name}`"));
            let help = hint(name, TIMEOUTS.iter().map(|t| t.0)).unwrap_or_else(|| {
                format!(
                    "expected one of {}",
                    TIMEOUTS.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")
                )
            });
            self.out.push(d.help(help));
            return;
        };
        if allowed & caps == 0 {
            let d = l.warning(
                at,
                format!(
                    "`timeout {name}` is ignored in a `{}` section",
                    section_name(caps)
                ),
            );
            self.out
                .push(d.help(format!("it belongs in {}", where_allowed(allowed))));
        }
        self.time_arg(l, at + 1);
        if let Some(p) = self.current() {
            p.timeouts.push(name.to_string());
        }
    }

    fn mode(&mut self, l: &Ln) {
        self.subkeyword(l, "mode");
        let mode = l.text(1).map(str::to_string);
        if let Some(p) = self.current() {
            p.mode = mode;
        }
    }

    fn balance(&mut self, l: &Ln) {
        let Some(algo) = l.text(1) else {
            self.out.push(l.error(0, "`balance` needs an algorithm"));
            return;
        };
        // `hdr(name)`, `random(2)` and `rdp-cookie(name)` carry their argument in parentheses.
        let base = algo.split('(').next().unwrap_or(algo);
        if !BALANCE_ALGORITHMS.contains(&base) {
            let d = l.error(1, format!("unknown balance algorithm `{algo}`"));
            let help = hint(base, BALANCE_ALGORITHMS.iter().copied())
                .unwrap_or_else(|| format!("expected one of {}", BALANCE_ALGORITHMS.join(", ")));
            self.out.push(d.help(help));
        }
    }

    fn bind(&mut self, l: &Ln) {
        if l.text(1).is_none() {
            self.out
                .push(l.error(0, "`bind` needs an address and port"));
            return;
        }
        self.bind_addresses(l, 1);
        self.options(l, 2, BIND_OPTIONS, "bind");
    }

    fn bind_addresses(&mut self, l: &Ln, at: usize) {
        if let Some(p) = self.current() {
            p.has_bind = true;
        }
        let Some(addresses) = l.text(at) else { return };
        for part in addresses.split(',') {
            if let Some(problem) = endpoint_problem(part, PortRule::Listen) {
                let d = l.error(at, format!("invalid bind address `{part}`: {problem}"));
                self.out.push(d.help("expected ADDRESS:PORT, `*:PORT`, `:PORT`, `[IPv6]:PORT` or `:::PORT`; a port range is LOW-HIGH"));
            }
        }
    }

    fn server(&mut self, l: &Ln) {
        let (Some(name), Some(_)) = (l.text(1), l.text(2)) else {
            self.out
                .push(l.error(0, "`server` needs a name and an address"));
            return;
        };
        self.server_name(l, name);
        self.endpoint(l, 2, PortRule::Server);
        self.options(l, 3, SERVER_OPTIONS, "server");
    }

    fn server_template(&mut self, l: &Ln) {
        let (Some(prefix), Some(count), Some(_)) = (l.text(1), l.text(2), l.text(3)) else {
            self.out.push(l.error(
                0,
                "`server-template` needs a prefix, a count and an address",
            ));
            return;
        };
        self.server_name(l, prefix);
        let valid = count
            .split('-')
            .all(|n| n.parse::<u32>().is_ok_and(|v| v > 0));
        if !valid {
            let d = l.error(2, format!("invalid server count `{count}`"));
            self.out
                .push(d.help("expected a number like `3` or a range like `1-3`"));
        }
        self.endpoint(l, 3, PortRule::Server);
        self.options(l, 4, SERVER_OPTIONS, "server");
    }

    fn server_name(&mut self, l: &Ln, name: &str) {
        let Some(p) = self.current() else { return };
        let previous = p.servers.iter().find(|s| s.0 == name).map(|s| s.1);
        let proxy = p.name.clone();
        p.servers.push((name.to_string(), l.n));
        if let Some(first) = previous {
            let d = l.error(1, format!("duplicate server name `{name}` in `{proxy}`"));
            self.out
                .push(d.help(format!("`{name}` is already defined on line {first}")));
        }
    }

    fn endpoint(&mut self, l: &Ln, at: usize, rule: PortRule) {
        let Some(addr) = l.text(at) else {
            self.out.push(l.error(at, "missing address"));
            return;
        };
        if let Some(problem) = endpoint_problem(addr, rule) {
            let d = l.error(at, format!("invalid address `{addr}`: {problem}"));
            self.out.push(d.help("expected ADDRESS[:PORT] with an IPv4 address, `[IPv6]` or a host name, and a port from 1 to 65535"));
        }
    }

    /// Walks `bind`/`server` options, checking each value against its table entry.
    fn options(&mut self, l: &Ln, from: usize, table: &[(&str, Arg)], what: &str) {
        let mut i = from;
        while let Some(opt) = l.text(i) {
            i += 1;
            let Some(&(_, arg)) = table.iter().find(|o| o.0 == opt) else {
                let d = l.error(i - 1, format!("unknown {what} option `{opt}`"));
                self.out
                    .push(with_help(d, hint(opt, table.iter().map(|o| o.0))));
                // The next word is probably its value; skip it rather than report it too.
                if l.text(i)
                    .is_some_and(|next| !table.iter().any(|o| o.0 == next))
                {
                    i += 1;
                }
                continue;
            };
            if matches!(arg, Arg::Flag) {
                continue;
            }
            let Some(value) = l.text(i) else {
                self.out
                    .push(l.error(i - 1, format!("{what} option `{opt}` needs a value")));
                return;
            };
            if let Some((msg, help)) = arg.problem(value) {
                self.out.push(
                    l.error(i, format!("{what} option `{opt}`: {msg}"))
                        .help(help),
                );
            }
            i += 1;
        }
    }

    fn backend_ref(&mut self, l: &Ln) {
        let Some(tok) = l.toks.get(1) else {
            self.out.push(l.error(
                0,
                format!("`{}` needs a backend name", l.text(0).unwrap_or_default()),
            ));
            return;
        };
        // A log-format name (`%[req.hdr(host)]`) is resolved per request; it cannot be checked.
        if tok.text.contains("%[") {
            return;
        }
        self.refs.push(BackendRef {
            name: tok.text.clone(),
            line: l.n,
            columns: (tok.start, tok.end),
        });
    }

    /// `log TARGET [len N] [format F] [sample R:S] [profile P] FACILITY [LEVEL [MINLEVEL]]`.
    fn log(&mut self, l: &Ln, at: usize, in_proxy: bool) {
        match l.text(at) {
            None => {
                return self
                    .out
                    .push(l.error(0, "`log` needs a target and a facility"));
            }
            Some("global") if in_proxy => return,
            Some(_) => {}
        }
        let mut i = at + 1;
        while matches!(l.text(i), Some("len" | "format" | "sample" | "profile")) {
            i += 2;
        }
        let Some(facility) = l.text(i) else {
            let d = l.error(at, "`log` has no facility");
            return self
                .out
                .push(d.help("add a facility after the target, e.g. `log /dev/log local0`"));
        };
        if !LOG_FACILITIES.contains(&facility) {
            let d = l.error(i, format!("unknown log facility `{facility}`"));
            let help = hint(facility, LOG_FACILITIES.iter().copied())
                .unwrap_or_else(|| "expected kern, user, daemon, local0 to local7...".into());
            return self.out.push(d.help(help));
        }
        for j in i + 1..l.toks.len().min(i + 3) {
            let level = l.text(j).unwrap_or_default();
            if !LOG_LEVELS.contains(&level) {
                let d = l.error(j, format!("unknown log level `{level}`"));
                self.out.push(
                    d.help(
                        hint(level, LOG_LEVELS.iter().copied())
                            .unwrap_or_else(|| LOG_LEVELS.join(", ")),
                    ),
                );
            }
        }
    }

    fn errorfile(&mut self, l: &Ln) {
        let (Some(code), Some(_)) = (l.text(1), l.text(2)) else {
            self.out
                .push(l.error(0, "`errorfile` needs a status code and a file"));
            return;
        };
        if !ERRORFILE_CODES.contains(&code) {
            let d = l.error(1, format!("`errorfile` does not support status `{code}`"));
            self.out
                .push(d.help(format!("supported codes: {}", ERRORFILE_CODES.join(", "))));
        }
    }

    fn monitor_uri(&mut self, l: &Ln) {
        if !l.text(1).is_some_and(|u| u.starts_with('/')) {
            let d = l.error(1, "`monitor-uri` needs a path starting with `/`");
            self.out.push(d.help("e.g. `monitor-uri /healthz`"));
        }
    }

    fn stick_table(&mut self, l: &Ln) {
        let types = ["ip", "ipv6", "integer", "string", "binary"];
        let at = l.toks.iter().position(|t| t.text == "type");
        match at.and_then(|i| l.text(i + 1).map(|v| (i + 1, v))) {
            Some((_, kind)) if types.contains(&kind) => {}
            Some((i, kind)) => {
                let d = l.error(i, format!("unknown stick-table type `{kind}`"));
                self.out.push(with_help(d, hint(kind, types)));
            }
            None => self.out.push(l.error(
                0,
                "`stick-table` needs `type ip|ipv6|integer|string|binary`",
            )),
        }
    }

    fn action(&mut self, l: &Ln, actions: &[&str]) {
        let kw = l.text(0).unwrap_or_default();
        let Some(action) = l.text(1) else {
            self.out.push(l.error(0, format!("`{kw}` needs an action")));
            return;
        };
        // `track-sc<N>` is numbered and Lua scripts register their own `lua.NAME` actions.
        let known = actions.contains(&action)
            || action.starts_with("lua.")
            || action
                .strip_prefix("track-sc")
                .is_some_and(|n| n.parse::<u8>().is_ok());
        if !known {
            let d = l.error(1, format!("unknown `{kw}` action `{action}`"));
            self.out
                .push(with_help(d, hint(action, actions.iter().copied())));
        }
    }

    fn stats(&mut self, l: &Ln) {
        self.subkeyword(l, "stats");
        if l.text(1) == Some("refresh") {
            self.time_arg(l, 2);
        }
    }

    /// Checks the word after a multi-word keyword (`stats uri`, `http-check expect`...).
    fn subkeyword(&mut self, l: &Ln, kw: &str) {
        let Some(&(_, subs)) = SUBKEYWORDS.iter().find(|s| s.0 == kw) else {
            return;
        };
        let Some(sub) = l.text(1) else {
            let d = l.error(0, format!("`{kw}` needs one of {}", subs.join(", ")));
            self.out.push(d);
            return;
        };
        if !subs.contains(&sub) {
            let d = l.error(1, format!("unknown `{kw} {sub}`"));
            let help = hint(sub, subs.iter().copied())
                .unwrap_or_else(|| format!("expected one of {}", subs.join(", ")));
            self.out.push(d.help(help));
        }
    }

    // -- shared --------------------------------------------------------------------------------

    fn unknown<'a>(
        &mut self,
        l: &Ln,
        at: usize,
        section: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) {
        let kw = l.text(at).unwrap_or_default();
        let d = l.error(at, format!("unknown keyword `{kw}` in `{section}`"));
        self.out.push(with_help(d, hint(kw, candidates)));
    }

    fn int_arg(&mut self, l: &Ln, at: usize, min: i64, max: i64) {
        let kw = l.text(0).unwrap_or_default();
        match l.text(at) {
            None => self.out.push(l.error(at, format!("`{kw}` needs a value"))),
            Some(v) => {
                if let Some((msg, help)) = int_problem(v, min, max) {
                    self.out
                        .push(l.error(at, format!("`{kw}`: {msg}")).help(help));
                }
            }
        }
    }

    fn time_arg(&mut self, l: &Ln, at: usize) {
        let kw = l
            .toks
            .iter()
            .take(at)
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        match l.text(at) {
            None => self
                .out
                .push(l.error(at, format!("`{kw}` needs a time value"))),
            Some(v) => {
                if let Some((msg, help)) = time_problem(v) {
                    self.out
                        .push(l.error(at, format!("`{kw}`: {msg}")).help(help));
                }
            }
        }
    }
}

/// Checks of a finished proxy, against what it inherits from the last `defaults` section.
fn proxy_findings(p: &Proxy, defaults: Option<&Proxy>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if p.caps & F != 0 && !p.has_bind {
        let d = Diagnostic::error(p.line, format!("{} `{}` has no `bind`", p.section, p.name));
        found.push(d.help(
            "add `bind ADDRESS:PORT`, or declare it as a `backend` if it only serves others",
        ));
    }
    if p.caps & B != 0 && p.servers.is_empty() && !p.answers {
        let d = Diagnostic::warning(
            p.line,
            format!("{} `{}` has no `server`", p.section, p.name),
        );
        found.push(d.help("every request sent to it will get a 503"));
    }
    // HAProxy's default mode is tcp.
    let mode = p
        .mode
        .as_deref()
        .or(defaults.and_then(|d| d.mode.as_deref()))
        .unwrap_or("tcp");
    found.extend(httplog_in_tcp(p, defaults, mode));
    found.extend(missing_timeouts(p, defaults, mode));
    found
}

fn httplog_in_tcp(p: &Proxy, defaults: Option<&Proxy>, mode: &str) -> Option<Diagnostic> {
    if mode != "tcp" {
        return None;
    }
    // HAProxy also warns about an `option httplog` inherited from defaults, unless overridden.
    let inherited = !p.tcplog && defaults.is_some_and(|d| d.httplog.is_some());
    let line = p.httplog.or(inherited.then_some(p.line))?;
    let d = Diagnostic::warning(
        line,
        format!(
            "`option httplog` in {} `{}`, which is in tcp mode",
            p.section, p.name
        ),
    );
    Some(d.help(
        "HAProxy falls back to `option tcplog`; say so with `option tcplog`, or set `mode http`",
    ))
}

/// HAProxy warns when a proxy could wait forever; `haproxy -c -dW` makes that fatal.
fn missing_timeouts(p: &Proxy, defaults: Option<&Proxy>, mode: &str) -> Option<Diagnostic> {
    if !matches!(mode, "tcp" | "http") {
        return None;
    }
    let inherited = defaults.map(|d| d.timeouts.as_slice()).unwrap_or_default();
    let has = |t: &str| p.timeouts.iter().chain(inherited).any(|x| x == t);
    let mut missing = Vec::new();
    if p.caps & F != 0 && !has("client") {
        missing.push("client");
    }
    if p.caps & B != 0 && !p.servers.is_empty() {
        if !has("connect") {
            missing.push("connect");
        }
        // In tcp mode a tunnel timeout stands in for the server timeout.
        if !has("server") && (mode == "http" || !has("tunnel")) {
            missing.push("server");
        }
    }
    if missing.is_empty() {
        return None;
    }
    let d = Diagnostic::warning(
        p.line,
        format!(
            "{} `{}` has no `timeout {}`",
            p.section,
            p.name,
            missing.join("`, `timeout ")
        ),
    );
    Some(d.help("set it here or in `defaults`; without it idle connections are never closed"))
}

fn section_name(caps: u8) -> &'static str {
    match caps {
        D => "defaults",
        F => "frontend",
        B => "backend",
        _ => "listen",
    }
}

/// "frontend, listen and defaults sections" for a capability set.
fn where_allowed(allowed: u8) -> String {
    let mut names = Vec::new();
    if allowed & D != 0 {
        names.push("defaults");
    }
    if allowed & F != 0 {
        names.push("frontend");
    }
    if allowed & B != 0 {
        names.push("backend");
    }
    names.push("listen");
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} and {last} sections", rest.join(", "))
        }
        _ => "listen sections".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"# HAProxy for a three-controller OpenStack control plane.
global
    log /dev/log local0
    log /dev/log local1 notice
    chroot /var/lib/haproxy
    stats socket /run/haproxy/admin.sock mode 660 level admin
    stats timeout 30s
    user haproxy
    group haproxy
    daemon
    maxconn 40000
    nbthread 2
    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256
    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets
    tune.ssl.default-dh-param 2048

defaults
    log global
    mode http
    option httplog
    option dontlognull
    option redispatch
    retries 3
    maxconn 10000
    timeout http-request 10s
    timeout http-keep-alive 10s
    timeout queue 1m
    timeout connect 10s
    timeout client 1m
    timeout server 1m
    timeout check 10s
    default-server init-addr last,libc,none

listen stats
    bind 10.0.0.10:8404
    stats enable
    stats uri /haproxy?stats
    stats refresh 10s
    stats auth admin:"s3cr3t pass"
    server local 127.0.0.1:8405

frontend keystone_public
    bind 10.0.0.10:5000
    bind :::5000 v4v6
    option forwardfor
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    default_backend keystone_public_back

backend keystone_public_back
    balance roundrobin
    option httpchk HEAD /healthcheck
    http-check expect status 200
    server controller1 10.0.0.11:5000 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:5000 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:5000 check inter 2000 rise 2 fall 5

listen glance_api
    bind 10.0.0.10:9292
    balance source
    timeout client 6h
    timeout server 6h
    server controller1 10.0.0.11:9292 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:9292 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:9292 check inter 2000 rise 2 fall 5

listen nova_compute_api
    bind 10.0.0.10:8774
    balance source
    server controller1 10.0.0.11:8774 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:8774 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:8774 check inter 2000 rise 2 fall 5

listen nova_metadata_api
    bind 10.0.0.10:8775
    balance source
    server controller1 10.0.0.11:8775 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:8775 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:8775 check inter 2000 rise 2 fall 5

listen nova_novncproxy
    bind 10.0.0.10:6080
    balance source
    timeout tunnel 1h
    server controller1 10.0.0.11:6080 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:6080 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:6080 check inter 2000 rise 2 fall 5

listen placement_api
    bind 10.0.0.10:8778
    balance source
    server controller1 10.0.0.11:8778 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:8778 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:8778 check inter 2000 rise 2 fall 5

listen neutron_api
    bind 10.0.0.10:9696
    balance source
    server controller1 10.0.0.11:9696 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:9696 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:9696 check inter 2000 rise 2 fall 5

listen cinder_api
    bind 10.0.0.10:8776
    balance source
    server controller1 10.0.0.11:8776 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:8776 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:8776 check inter 2000 rise 2 fall 5

listen heat_api
    bind 10.0.0.10:8004
    balance source
    server controller1 10.0.0.11:8004 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:8004 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:8004 check inter 2000 rise 2 fall 5

listen heat_api_cfn
    bind 10.0.0.10:8000
    balance source
    server controller1 10.0.0.11:8000 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:8000 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:8000 check inter 2000 rise 2 fall 5

listen horizon
    bind 10.0.0.10:80
    balance source
    cookie SERVERID insert indirect nocache
    server controller1 10.0.0.11:80 cookie c1 check inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:80 cookie c2 check inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:80 cookie c3 check inter 2000 rise 2 fall 5

# Galera: one writer at a time, the clustercheck HTTP service on 9200 decides health.
listen galera_cluster
    bind 10.0.0.10:3306
    mode tcp
    balance source
    option tcplog
    option httpchk
    timeout client 3600s
    timeout server 3600s
    server controller1 10.0.0.11:3306 check port 9200 inter 2000 rise 2 fall 5
    server controller2 10.0.0.12:3306 backup check port 9200 inter 2000 rise 2 fall 5
    server controller3 10.0.0.13:3306 backup check port 9200 inter 2000 rise 2 fall 5
"#;

    fn errors(text: &str) -> Vec<Diagnostic> {
        check(text)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()
    }

    fn warnings(text: &str) -> Vec<Diagnostic> {
        check(text).into_iter().filter(|d| !d.is_error()).collect()
    }

    /// The one error `text` must produce: its line, and a help containing `help` if given.
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
        let found = warnings(text);
        assert!(
            found
                .iter()
                .any(|d| d.line == line && d.message.contains(needle)),
            "no warning with {needle:?} on line {line}: {found:#?}"
        );
    }

    /// The line where `listen` puts its body.
    const BODY: usize = 8;

    /// A minimal valid file with `body` in a listen section at line [`BODY`].
    fn listen(body: &str) -> String {
        format!(
            "defaults\n    mode http\n    timeout client 1m\n    timeout connect 5s\n    timeout server 1m\nlisten api\n    bind 10.0.0.10:5000\n{body}\n    server c1 10.0.0.11:5000 check\n"
        )
    }

    #[test]
    fn openstack_control_plane_is_valid() {
        let all = check(VALID);
        assert!(all.is_empty(), "{all:#?}");
    }

    #[test]
    fn tokenizer_handles_quotes_comments_and_escapes() {
        let toks = tokenize(r#"  stats auth "a b":'c d' x\ y # comment"#).expect("tokens");
        let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, ["stats", "auth", "a b:c d", "x y"]);
        assert_eq!(toks[1].start, 8);
        assert_error(
            "global\n    description \"unclosed\n",
            2,
            Some("close the quote"),
        );
    }

    #[test]
    fn keyword_outside_section() {
        assert_error("    maxconn 10\nglobal\n", 1, Some("start a section"));
        assert_error("frontnd web\n", 1, Some("did you mean `frontend`?"));
    }

    #[test]
    fn section_needs_name_and_valid_name() {
        assert_error("backend\n    server a 10.0.0.1:80\n", 1, None);
        assert_error(
            "backend web/api\n    server a 10.0.0.1:80\n",
            1,
            Some("letters, digits"),
        );
    }

    #[test]
    fn unknown_keyword_gets_near_match() {
        let d = assert_error(
            "defaults\n    retires 3\n",
            2,
            Some("did you mean `retries`?"),
        );
        assert_eq!(d.columns, Some((4, 11)));
        assert_error(
            "global\n    maxconnn 4000\n",
            2,
            Some("did you mean `maxconn`?"),
        );
        assert_error(
            "listen a\n    bind :80\n    server a 10.0.0.1:80\n    backned b\n",
            4,
            Some("`backend`"),
        );
    }

    #[test]
    fn keyword_in_wrong_section() {
        assert_error(
            "backend b\n    bind :80\n    server s 10.0.0.1:80\n",
            2,
            Some("frontend and listen"),
        );
        assert_error(
            "frontend f\n    bind :80\n    server s 10.0.0.1:80\n",
            3,
            Some("backend and listen"),
        );
        assert_error("defaults\n    server s 10.0.0.1:80\n", 2, None);
        assert_error(
            "frontend f\n    bind :80\n    balance roundrobin\n",
            3,
            None,
        );
    }

    #[test]
    fn no_prefix_only_for_option_and_log() {
        assert!(errors(&listen("    no option redispatch\n    no log")).is_empty());
        assert_error(
            &listen("    no retries 3"),
            BODY,
            Some("only apply to `option`"),
        );
    }

    #[test]
    fn unknown_option_gets_near_match() {
        assert_error(
            &listen("    option forwardfro"),
            BODY,
            Some("did you mean `forwardfor`?"),
        );
        assert_error(&listen("    option"), BODY, None);
    }

    #[test]
    fn option_in_wrong_section_warns() {
        assert_warning(
            "frontend f\n    bind :80\n    option redispatch\n",
            3,
            "ignored",
        );
    }

    #[test]
    fn httplog_in_tcp_mode_warns() {
        assert_warning(
            "listen db\n    bind :3306\n    mode tcp\n    option httplog\n    server a 10.0.0.1:3306\n",
            4,
            "tcp mode",
        );
        let inherited = "defaults\n    mode tcp\nlisten db\n    bind :3306\n    option httplog\n    server a 10.0.0.1:3306\n";
        assert_warning(inherited, 5, "tcp mode");
        let from_defaults = "defaults\n    mode http\n    option httplog\nlisten db\n    bind :3306\n    mode tcp\n    server a 10.0.0.1:3306\n";
        assert_warning(from_defaults, 4, "tcp mode");
        assert!(warnings(&listen("    option httplog")).is_empty());
    }

    #[test]
    fn balance_algorithm() {
        assert_error(
            &listen("    balance roundrobbin"),
            BODY,
            Some("did you mean `roundrobin`?"),
        );
        assert!(
            errors(&listen(
                "    balance hdr(Host)\n    balance random(2)\n    balance url_param id check_post"
            ))
            .is_empty()
        );
    }

    #[test]
    fn mode_values() {
        assert_error(&listen("    mode htp"), BODY, Some("did you mean `http`?"));
    }

    #[test]
    fn timeout_names_and_values() {
        assert_error(
            &listen("    timeout conect 5s"),
            BODY,
            Some("did you mean `connect`?"),
        );
        let d = assert_error(
            &listen("    timeout connect 10x"),
            BODY,
            Some("digits with an optional unit"),
        );
        assert!(
            d.message.contains("unexpected character `x`"),
            "{}",
            d.message
        );
        assert_error(&listen("    timeout connect"), BODY, None);
        assert!(
            errors(&listen(
                "    timeout connect 500ms\n    timeout client 1h\n    timeout tunnel 1d"
            ))
            .is_empty()
        );
    }

    #[test]
    fn timeout_in_wrong_section_warns() {
        assert_warning(
            "backend b\n    timeout client 1m\n    server a 10.0.0.1:80\n",
            2,
            "ignored",
        );
    }

    #[test]
    fn bind_addresses() {
        let bad = |addr: &str| {
            format!(
                "frontend f\n    bind {addr}\n    default_backend b\nbackend b\n    server a 10.0.0.1:80\n"
            )
        };
        for ok in [
            "10.0.0.10:80",
            "*:80",
            ":80",
            ":::80",
            "[::1]:443",
            "ctl.example.org:80",
            "10.0.0.1:80,10.0.0.2:81",
            "ipv6@:80",
            "unix@/run/x.sock",
            "/run/x.sock",
            ":8000-8010",
        ] {
            assert!(errors(&bad(ok)).is_empty(), "{ok}: {:#?}", errors(&bad(ok)));
        }
        for wrong in [
            "10.0.0.999:80",
            "10.0.0.1",
            "10.0.0.1:0",
            "10.0.0.1:70000",
            "[::1:80",
            "foo@1.2.3.4:80",
            ":90-80",
            "bad_host!:80",
        ] {
            assert_error(&bad(wrong), 2, Some("ADDRESS:PORT"));
        }
    }

    #[test]
    fn bind_options() {
        let text = "frontend f\n    bind :443 ssl crt /etc/ssl/h.pem alpn h2,http/1.1 acept-proxy\n    default_backend b\nbackend b\n    server a 10.0.0.1:80\n";
        assert_error(text, 2, Some("did you mean `accept-proxy`?"));
        let text = "frontend f\n    bind :443 ssl ssl-min-ver TLSv1.4\n    default_backend b\nbackend b\n    server a 10.0.0.1:80\n";
        assert_error(text, 2, Some("TLSv1.2"));
    }

    #[test]
    fn server_addresses() {
        assert_error(
            &listen("    server c2 10.0.0.312:5000 check"),
            BODY,
            Some("IPv4"),
        );
        assert_error(&listen("    server c2 10.0.0.12:99999 check"), BODY, None);
        assert_error(&listen("    server c2"), BODY, None);
        assert!(errors(&listen("    server c2 10.0.0.12 check\n    server c3 ctl3.example.org:+1\n    server c4 [fd00::13]:5000")).is_empty());
    }

    #[test]
    fn server_options_and_values() {
        assert_error(
            &listen("    server c2 10.0.0.12:5000 chek inter 2000"),
            BODY,
            Some("did you mean `check`?"),
        );
        assert_error(
            &listen("    server c2 10.0.0.12:5000 check rise two"),
            BODY,
            Some("integer"),
        );
        assert_error(
            &listen("    server c2 10.0.0.12:5000 check fall 0"),
            BODY,
            Some("at least 1"),
        );
        assert_error(
            &listen("    server c2 10.0.0.12:5000 weight 300"),
            BODY,
            Some("0 to 256"),
        );
        assert_error(
            &listen("    server c2 10.0.0.12:5000 check port 92000"),
            BODY,
            Some("1 to 65535"),
        );
        assert_error(
            &listen("    server c2 10.0.0.12:5000 check inter 2s5"),
            BODY,
            Some("digits with an optional unit"),
        );
        assert_error(
            &listen("    server c2 10.0.0.12:5000 check inter"),
            BODY,
            None,
        );
        assert_error(
            &listen("    server c2 10.0.0.12:5000 on-marked-down shutdown-session"),
            BODY,
            Some("`shutdown-sessions`"),
        );
        assert_error(
            &listen("    server c2 10.0.0.12:5000 init-addr last,dns"),
            BODY,
            Some("libc"),
        );
    }

    #[test]
    fn default_server_options() {
        assert_error(
            &listen("    default-server inter 3s fal 3"),
            BODY,
            Some("did you mean `fall`?"),
        );
    }

    #[test]
    fn duplicate_proxy_names() {
        let text = "backend b\n    server a 10.0.0.1:80\nbackend b\n    server a 10.0.0.1:80\n";
        assert_error(text, 3, Some("line 1"));
        // A frontend and a backend may share a name.
        let shared = "frontend web\n    bind :80\n    default_backend web\nbackend web\n    server a 10.0.0.1:80\n";
        assert!(errors(shared).is_empty(), "{:#?}", errors(shared));
    }

    #[test]
    fn duplicate_server_names() {
        assert_error(
            &listen("    server c1 10.0.0.12:5000 check"),
            BODY + 1,
            Some("line 8"),
        );
    }

    #[test]
    fn unknown_backend_reference() {
        let text = "frontend f\n    bind :80\n    use_backend keystone_bak if { path_beg /v3 }\n    default_backend keystone_back\nbackend keystone_back\n    server a 10.0.0.1:80\n";
        let d = assert_error(text, 3, Some("did you mean `keystone_back`?"));
        assert_eq!(d.columns, Some((16, 28)));
        assert_eq!(errors(text).len(), 1);
    }

    #[test]
    fn frontend_without_bind() {
        assert_error(
            "frontend f\n    default_backend b\nbackend b\n    server a 10.0.0.1:80\n",
            1,
            Some("bind"),
        );
        assert_error("listen l\n    server a 10.0.0.1:80\n", 1, Some("bind"));
    }

    #[test]
    fn address_on_listen_line() {
        assert_error(
            "listen l 10.0.0.10:80\n    bind :80\n    server a 10.0.0.1:80\n",
            1,
            Some("`bind`"),
        );
    }

    #[test]
    fn missing_timeouts_warn() {
        let text =
            "defaults\n    timeout connect 5s\nlisten l\n    bind :80\n    server a 10.0.0.1:80\n";
        assert_warning(text, 3, "`timeout client`, `timeout server`");
        let tunnel = "defaults\n    mode tcp\n    timeout connect 5s\n    timeout client 1m\nbackend b\n    timeout tunnel 1h\n    server a 10.0.0.1:80\n";
        assert!(warnings(tunnel).is_empty(), "{:#?}", warnings(tunnel));
    }

    #[test]
    fn stats_listener_needs_no_server() {
        let text = "defaults\n    mode http\n    timeout client 1m\nlisten stats\n    bind :8404\n    stats enable\n    stats uri /\n";
        assert!(check(text).is_empty(), "{:#?}", check(text));
    }

    #[test]
    fn backend_without_server_warns() {
        assert_warning("backend b\n    balance roundrobin\n", 1, "no `server`");
    }

    #[test]
    fn integer_arguments() {
        assert_error("defaults\n    retries three\n", 2, Some("integer"));
        assert_error("global\n    nbthread 0\n", 2, Some("1 to 4096"));
        assert_error("global\n    maxconn\n", 2, None);
    }

    #[test]
    fn nbproc_is_gone() {
        assert_error("global\n    nbproc 4\n", 2, Some("nbthread"));
    }

    #[test]
    fn log_facility_and_level() {
        assert_error("global\n    log /dev/log local9\n", 2, Some("did you mean"));
        assert_error(
            "global\n    log 127.0.0.1:514 len 4096 local0 notise\n",
            2,
            Some("did you mean `notice`?"),
        );
        assert_error("global\n    log /dev/log\n", 2, Some("facility"));
        assert!(errors("global\n    log stdout format raw local0 info\n").is_empty());
    }

    #[test]
    fn global_stats_subkeyword() {
        assert_error(
            "global\n    stats sockett /run/h.sock\n",
            2,
            Some("did you mean `socket`?"),
        );
        assert_error("global\n    stats timeout 30x\n", 2, Some("digits"));
    }

    #[test]
    fn proxy_subkeywords() {
        assert_error(
            &listen("    stats uir /stats"),
            BODY,
            Some("did you mean `uri`?"),
        );
        assert_error(
            &listen("    http-check expct status 200"),
            BODY,
            Some("did you mean `expect`?"),
        );
        assert_error(
            &listen("    tcp-check sned PING"),
            BODY,
            Some("did you mean `send`?"),
        );
        assert_error(
            &listen("    hash-type consistant"),
            BODY,
            Some("did you mean `consistent`?"),
        );
        assert_error(&listen("    stats refresh soon"), BODY, Some("digits"));
    }

    #[test]
    fn http_actions() {
        assert_error(
            &listen("    http-request set-heder X-A b"),
            BODY,
            Some("did you mean `set-header`?"),
        );
        assert_error(
            &listen("    http-response del-hdr Server"),
            BODY,
            Some("`del-header`"),
        );
        assert!(
            errors(&listen(
                "    http-request track-sc0 src\n    http-request lua.auth"
            ))
            .is_empty()
        );
    }

    #[test]
    fn errorfile_code() {
        assert_error(
            &listen("    errorfile 505 /etc/haproxy/errors/505.http"),
            BODY,
            Some("503"),
        );
    }

    #[test]
    fn monitor_uri_path() {
        assert_error(&listen("    monitor-uri healthz"), BODY, Some("/healthz"));
    }

    #[test]
    fn stick_table_type() {
        assert_error(
            &listen("    stick-table type ipv4 size 1m expire 30m"),
            BODY,
            Some("did you mean `ipv6`?"),
        );
    }

    #[test]
    fn server_template() {
        assert!(
            errors(&listen(
                "    server-template ctl 1-3 ctl.example.org:5000 check"
            ))
            .is_empty()
        );
        assert_error(
            &listen("    server-template ctl x ctl.example.org:5000"),
            BODY,
            Some("`1-3`"),
        );
        assert_error(
            &listen("    server-template ctl 3 ctl..example.org:5000"),
            BODY,
            Some("host name"),
        );
        assert_error(&listen("    server-template ctl 3"), BODY, None);
    }

    #[test]
    fn backend_reference_forms() {
        assert_error("frontend f\n    bind :80\n    default_backend\n", 3, None);
        let dynamic = "frontend f\n    bind :80\n    use_backend be_%[req.hdr(host),lower]\n";
        assert!(errors(dynamic).is_empty(), "{:#?}", errors(dynamic));
    }

    #[test]
    fn subkeyword_missing() {
        let d = assert_error(&listen("    stats"), BODY, None);
        assert!(d.message.contains("enable"), "{}", d.message);
    }

    #[test]
    fn aux_sections() {
        assert_error(
            "resolvers dns\n    nameserver ns1 10.0.0.2\n",
            2,
            Some("port"),
        );
        assert_error(
            "peers p\n    peer c1 10.0.0.11:10000\n    pear c2 10.0.0.12:10000\n",
            3,
            Some("did you mean `peer`?"),
        );
    }
}
