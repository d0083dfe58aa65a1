//! INI-style files: generic INI, oslo.config service files and MariaDB/Galera option files.
//!
//! One line parser serves the three dialects because they differ only in a handful of rules:
//! oslo.config (and Python's configparser) accept `:` as well as `=` and glue indented lines to
//! the option above; mariadbd skips leading blanks, has `!include` and options without a value,
//! and strips `#` comments at the end of a line. What the consumer then does with the options is
//! checked per dialect in the `oslo` and `mariadb` modules below.

use super::simple::{is_hostname, is_ip, split_host_port, suggest, typo_of, with_help};
use crate::diag::{Diagnostic, did_you_mean};
use std::collections::HashMap;
use std::collections::hash_map::Entry as MapEntry;

/// Which program reads the file, which decides the parsing rules and the option checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// A plain INI file (Python configparser rules, nothing known about the keys).
    Generic,
    /// An OpenStack service file read by oslo.config.
    Oslo,
    /// A MariaDB/Galera option file read by mariadbd and the client programs.
    Mariadb,
}

/// Checks `text` as an INI file of `dialect`.
pub(crate) fn check(text: &str, dialect: Dialect) -> Vec<Diagnostic> {
    let mut doc = parse(text, dialect);
    let mut out = std::mem::take(&mut doc.diags);
    out.extend(duplicate_sections(&doc, dialect));
    out.extend(duplicate_keys(&doc, dialect));
    match dialect {
        Dialect::Generic => {}
        Dialect::Oslo => out.extend(oslo::check(&doc)),
        Dialect::Mariadb => out.extend(mariadb::check(&doc)),
    }
    out
}

/// A `[name]` header.
struct Section<'a> {
    line: usize,
    text: &'a str,
    name: &'a str,
}

/// One option, with continuation lines already joined (by `\n`, as oslo.config does).
struct Entry<'a> {
    line: usize,
    text: &'a str,
    section: Option<&'a str>,
    key: &'a str,
    /// `None` for a MariaDB option written without `=` (a flag such as `skip-name-resolve`).
    value: Option<String>,
}

/// The parsed file plus what the parser itself found wrong.
struct Doc<'a> {
    sections: Vec<Section<'a>>,
    entries: Vec<Entry<'a>>,
    diags: Vec<Diagnostic>,
}

fn parse(text: &str, dialect: Dialect) -> Doc<'_> {
    let mut parser = Parser {
        dialect,
        doc: Doc {
            sections: Vec::new(),
            entries: Vec::new(),
            diags: Vec::new(),
        },
        section: None,
        open: None,
    };
    for (i, line) in text.lines().enumerate() {
        parser.line(i + 1, line);
    }
    parser.doc
}

struct Parser<'a> {
    dialect: Dialect,
    doc: Doc<'a>,
    section: Option<&'a str>,
    /// The entry an indented line right below would continue (oslo.config's "current key").
    open: Option<usize>,
}

impl<'a> Parser<'a> {
    fn line(&mut self, n: usize, text: &'a str) {
        let body = text.trim();
        if body.is_empty() {
            // A blank line ends a multi-line value in oslo.config.
            self.open = None;
            return;
        }
        let indented = text.starts_with([' ', '\t']);
        if indented && self.dialect != Dialect::Mariadb {
            self.continuation(n, text, body);
            return;
        }
        let after_entry = self.open.take().is_some();
        if body.starts_with(['#', ';']) {
            return;
        }
        if body.starts_with('[') {
            self.section(n, text, body);
        } else if self.dialect == Dialect::Mariadb && body.starts_with('!') {
            self.directive(n, text, body);
        } else {
            self.assignment(n, text, body, indented && after_entry);
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.doc.diags.push(d);
    }

    fn section(&mut self, n: usize, text: &'a str, body: &'a str) {
        let Some(end) = body.find(']') else {
            self.push(
                Diagnostic::error(n, "section header has no closing `]`")
                    .at(text, body)
                    .help("write the header as `[name]` on a line of its own"),
            );
            // Keep reading the keys below as belonging to a section, so one typo gives one error.
            self.section = Some(body[1..].trim());
            return;
        };
        let raw = &body[1..end];
        let name = raw.trim();
        if name.is_empty() {
            self.push(
                Diagnostic::error(n, "empty section name `[]`")
                    .at(text, body)
                    .help("name the section, e.g. `[DEFAULT]` or `[mysqld]`"),
            );
        } else if raw != name {
            self.padded_name(n, text, body, name);
        }
        let rest = body[end + 1..].trim();
        if !rest.is_empty() {
            self.text_after_header(n, text, rest);
        }
        self.doc.sections.push(Section {
            line: n,
            text,
            name,
        });
        self.section = Some(name);
    }

    /// `[ database ]`: oslo.config and configparser keep the blanks as part of the name.
    fn padded_name(&mut self, n: usize, text: &str, body: &str, name: &str) {
        let msg = format!("blanks inside `{body}` are part of the section name");
        let help = format!("write `[{name}]`");
        match self.dialect {
            Dialect::Oslo => self.push(
                Diagnostic::error(n, msg)
                    .at(text, body)
                    .help(format!("{help}: oslo.config compares group names exactly")),
            ),
            Dialect::Generic => self.push(Diagnostic::warning(n, msg).at(text, body).help(help)),
            // mariadbd trims them.
            Dialect::Mariadb => {}
        }
    }

    fn text_after_header(&mut self, n: usize, text: &str, rest: &str) {
        match self.dialect {
            Dialect::Oslo => self.push(
                Diagnostic::error(n, "text after the closing `]` of a section header")
                    .at(text, rest)
                    .help("oslo.config needs the header line to end with `]` (it stops with `Invalid section (must end with ])`); put comments on their own line"),
            ),
            _ if rest.starts_with(['#', ';']) => {}
            _ => self.push(
                Diagnostic::warning(n, "text after the closing `]` of a section header is ignored")
                    .at(text, rest)
                    .help("put it on a line of its own"),
            ),
        }
    }

    /// `!include FILE` and `!includedir DIR` in MariaDB option files.
    fn directive(&mut self, n: usize, text: &str, body: &str) {
        let rest = &body[1..];
        let (name, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if name != "include" && name != "includedir" {
            let d = Diagnostic::error(n, format!("unknown directive `!{name}`")).at(text, body);
            let help = suggest(name, &["include", "includedir"]).unwrap_or_else(|| {
                "MariaDB knows only `!include FILE` and `!includedir DIR`".into()
            });
            self.push(d.help(help));
        } else if arg.trim().is_empty() {
            self.push(
                Diagnostic::error(n, format!("`!{name}` needs a path"))
                    .at(text, body)
                    .help(format!(
                        "write `!{name} /etc/mysql/conf.d/`-style absolute paths"
                    )),
            );
        }
    }

    fn assignment(&mut self, n: usize, text: &'a str, body: &'a str, looks_continued: bool) {
        let Some((key, value)) = split_assignment(body, self.dialect) else {
            self.no_separator(n, text, body, looks_continued);
            return;
        };
        let key = key.trim();
        if key.is_empty() {
            self.push(
                Diagnostic::error(n, "empty key before the separator")
                    .at(text, body)
                    .help("write `key = value`"),
            );
            return;
        }
        if self.section.is_none() {
            self.key_before_section(n, text, key);
        }
        let value = match self.dialect {
            Dialect::Mariadb => self.mariadb_value(n, text, value),
            _ => self.plain_value(n, text, value.trim()),
        };
        self.add_entry(n, text, key, Some(value));
    }

    fn add_entry(&mut self, n: usize, text: &'a str, key: &'a str, value: Option<String>) {
        self.doc.entries.push(Entry {
            line: n,
            text,
            section: self.section,
            key,
            value,
        });
        self.open = Some(self.doc.entries.len() - 1);
    }

    /// A line with no `=`: a flag in MariaDB, malformed everywhere else.
    fn no_separator(&mut self, n: usize, text: &'a str, body: &'a str, looks_continued: bool) {
        if self.dialect == Dialect::Mariadb && is_mariadb_name(body) {
            if looks_continued {
                self.push(
                    Diagnostic::warning(n, format!("indented `{body}` is read as an option of its own, not as part of the value above"))
                        .at(text, body)
                        .help("MariaDB option files have no continuation lines; put the whole value on the option's line"),
                );
            }
            if self.section.is_none() {
                self.key_before_section(n, text, body);
            }
            self.add_entry(n, text, body, None);
            return;
        }
        let d = Diagnostic::error(
            n,
            "line is neither a section header, a comment nor `key = value`",
        )
        .at(text, body);
        let help = match self.dialect {
            Dialect::Mariadb if looks_continued => {
                "MariaDB option files have no continuation lines: this indented line is read as an option of its own; put the whole value on the option's line"
            }
            Dialect::Mariadb => {
                "write `option = value`, or a bare option name such as `skip-name-resolve`"
            }
            Dialect::Oslo => "oslo.config stops with `Invalid assignment`; write `key = value`",
            Dialect::Generic => "write `key = value`",
        };
        self.push(d.help(help));
    }

    fn key_before_section(&mut self, n: usize, text: &str, key: &str) {
        let help = match self.dialect {
            Dialect::Oslo => {
                "oslo.config rejects options outside a section; put them under `[DEFAULT]` or their group"
            }
            Dialect::Mariadb => {
                "mariadbd stops with `Found option without preceding group`; put it under `[mysqld]` or `[galera]`"
            }
            Dialect::Generic => "put it under a `[section]` header",
        };
        self.push(
            Diagnostic::error(n, format!("`{key}` comes before any section header"))
                .at(text, key)
                .help(help),
        );
    }

    /// oslo.config and configparser strip one pair of matching quotes and nothing else.
    fn plain_value(&mut self, n: usize, text: &str, value: &str) -> String {
        if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if value.len() < 2 || !value.ends_with(q) {
                self.push(
                    Diagnostic::error(n, format!("unbalanced {q} quote in the value"))
                        .at(text, value)
                        .help(format!("close it with {q}, or drop it: an unmatched quote is kept as part of the value")),
                );
            }
        } else if let Some(q) = value.chars().last().filter(|c| *c == '"' || *c == '\'') {
            self.push(
                Diagnostic::warning(
                    n,
                    format!("the value ends with a {q} quote that was never opened"),
                )
                .at(text, value)
                .help("the quote is kept as part of the value"),
            );
        }
        value.to_string()
    }

    /// mariadbd drops everything from an unquoted `#`, then one pair of quotes.
    fn mariadb_value(&mut self, n: usize, text: &str, raw: &str) -> String {
        let (value, open_quote) = strip_end_comment(raw);
        if let Some(q) = open_quote {
            self.push(
                Diagnostic::error(n, format!("unbalanced {q} quote in the value"))
                    .at(text, raw.trim())
                    .help(format!("close it with {q}: mariadbd reads the rest of the line, `#` comments included, into the value")),
            );
        }
        value.trim().to_string()
    }

    /// An indented line in oslo.config/configparser: part of the value above it.
    fn continuation(&mut self, n: usize, text: &str, body: &str) {
        let Some(idx) = self.open else {
            let help = match self.dialect {
                Dialect::Oslo => {
                    "oslo.config reads an indented line as the continuation of the option above and stops with `Unexpected continuation line` when there is none; remove the indentation"
                }
                _ => "an indented line continues the value above it; remove the indentation",
            };
            self.push(
                Diagnostic::error(n, "indented line does not continue any option")
                    .at(text, body)
                    .help(help),
            );
            return;
        };
        let key = self.doc.entries[idx].key;
        if body.starts_with('[') {
            self.push(
                Diagnostic::error(
                    n,
                    format!("indented section header is read as part of the value of `{key}`"),
                )
                .at(text, body)
                .help("start section headers in the first column"),
            );
        } else if body.starts_with(['#', ';']) {
            self.push(
                Diagnostic::warning(n, format!("indented comment becomes part of the value of `{key}`"))
                    .at(text, body)
                    .help("indented lines continue the option above; start comments in the first column or leave a blank line before them"),
            );
        } else if looks_like_assignment(body) {
            self.push(
                Diagnostic::warning(
                    n,
                    format!(
                        "indented line is read as part of the value of `{key}`, not as a new option"
                    ),
                )
                .at(text, body)
                .help("remove the indentation if it is meant as an option of its own"),
            );
        }
        if let Some(value) = self.doc.entries[idx].value.as_mut() {
            value.push('\n');
            value.push_str(body);
        }
    }
}

/// Splits at the first separator: `=` or `:` for oslo.config and configparser, `=` for MariaDB.
fn split_assignment(body: &str, dialect: Dialect) -> Option<(&str, &str)> {
    let pos = match dialect {
        Dialect::Mariadb => body.find('='),
        _ => body.find(['=', ':']),
    }?;
    Some((&body[..pos], &body[pos + 1..]))
}

fn looks_like_assignment(body: &str) -> bool {
    split_assignment(body, Dialect::Oslo).is_some_and(|(key, _)| is_oslo_key(key.trim()))
}

/// What mariadbd accepts as an option name: letters, digits, `_`, `-` and `.` (plugin options).
fn is_mariadb_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// oslo.config option names: lower-case identifiers.
fn is_oslo_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'))
}

/// mariadbd's `remove_end_comment`: cuts at the first `#` outside quotes and reports a quote
/// still open at the end of the line.
fn strip_end_comment(raw: &str) -> (&str, Option<char>) {
    let mut quote: Option<char> = None;
    let mut escape = false;
    for (i, c) in raw.char_indices() {
        if (c == '"' || c == '\'') && !escape {
            quote = match quote {
                None => Some(c),
                Some(q) if q == c => None,
                other => other,
            };
        }
        if quote.is_none() && c == '#' {
            return (&raw[..i], None);
        }
        escape = quote.is_some() && c == '\\' && !escape;
    }
    (raw, quote)
}

/// Drops one pair of matching quotes around a value.
fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

/// The key as the consumer compares it: MariaDB treats `-` and `_` alike and `loose-` as a
/// prefix; configparser lower-cases keys; oslo.config compares them exactly.
fn normalized_key(key: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Mariadb => mariadb::canonical(key).0,
        Dialect::Generic => key.to_lowercase(),
        Dialect::Oslo => key.to_string(),
    }
}

fn duplicate_sections(doc: &Doc<'_>, dialect: Dialect) -> Vec<Diagnostic> {
    let help = match dialect {
        Dialect::Oslo => {
            "oslo.config merges repeated sections, so a key set in both silently takes the last value; keep one section"
        }
        Dialect::Mariadb => {
            "option groups with the same name are merged and the last value of an option wins; keep one group"
        }
        Dialect::Generic => {
            "Python's configparser rejects repeated sections (DuplicateSectionError); keep one section"
        }
    };
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for s in doc.sections.iter().filter(|s| !s.name.is_empty()) {
        match first.entry(s.name) {
            MapEntry::Occupied(o) => out.push(
                Diagnostic::warning(
                    s.line,
                    format!(
                        "section `[{}]` appears again (first on line {})",
                        s.name,
                        o.get()
                    ),
                )
                .at(s.text, s.name)
                .help(help),
            ),
            MapEntry::Vacant(v) => {
                v.insert(s.line);
            }
        }
    }
    out
}

fn duplicate_keys(doc: &Doc<'_>, dialect: Dialect) -> Vec<Diagnostic> {
    let mut first: HashMap<(&str, String), usize> = HashMap::new();
    let mut out = Vec::new();
    for e in &doc.entries {
        let Some(section) = e.section else { continue };
        let key = normalized_key(e.key, dialect);
        if repeatable(section, &key, dialect) {
            continue;
        }
        match first.entry((section, key)) {
            MapEntry::Occupied(o) => out.push(
                Diagnostic::error(
                    e.line,
                    format!(
                        "duplicate key `{}` in `[{section}]` (first on line {})",
                        e.key,
                        o.get()
                    ),
                )
                .at(e.text, e.key)
                .help(duplicate_help(dialect)),
            ),
            MapEntry::Vacant(v) => {
                v.insert(e.line);
            }
        }
    }
    out
}

fn duplicate_help(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Oslo => {
            "oslo.config keeps only the last value of an ordinary option, so the first line is silently ignored, and merges both lines into a list for a multi-valued option (MultiStrOpt); keep one line"
        }
        Dialect::Mariadb => {
            "mariadbd applies both lines in order and the last one silently wins (`wsrep-on` and `wsrep_on` are the same option); keep one line"
        }
        Dialect::Generic => {
            "Python's configparser rejects duplicate keys (DuplicateOptionError) and other readers keep only one of them; keep one line"
        }
    }
}

/// Options that are meant to be given once per value.
fn repeatable(section: &str, key: &str, dialect: Dialect) -> bool {
    // Well-known oslo.config MultiStrOpts, one line per item.
    const OSLO_MULTI: &[(&str, &str)] = &[
        ("pci", "alias"),
        ("pci", "device_spec"),
        ("pci", "passthrough_whitelist"),
        ("oslo_policy", "policy_dirs"),
    ];
    // mariadbd options that add to a list each time they are given.
    const MARIADB_MULTI: &[&str] = &[
        "plugin_load_add",
        "replicate_do_db",
        "replicate_ignore_db",
        "replicate_do_table",
        "replicate_ignore_table",
        "replicate_wild_do_table",
        "replicate_wild_ignore_table",
        "replicate_rewrite_db",
        "binlog_do_db",
        "binlog_ignore_db",
    ];
    match dialect {
        Dialect::Oslo => OSLO_MULTI.contains(&(section, key)),
        Dialect::Mariadb => MARIADB_MULTI.contains(&key),
        Dialect::Generic => false,
    }
}

/// Checks of what oslo.config and the OpenStack libraries do with the options.
mod oslo {
    use super::*;

    /// Groups whose names OpenStack services share, to catch `[Database]` and friends.
    #[rustfmt::skip]
    const KNOWN_GROUPS: &[&str] = &[
        "api", "api_database", "agent", "cache", "cinder", "conductor", "cors", "credential", "database",
        "fernet_receipts", "fernet_tokens", "filter_scheduler", "glance", "glance_store", "healthcheck",
        "identity", "keystone_authtoken", "libvirt", "ml2", "ml2_type_flat", "ml2_type_vlan",
        "ml2_type_vxlan", "neutron", "nova", "oslo_concurrency", "oslo_messaging_notifications",
        "oslo_messaging_rabbit", "oslo_middleware", "oslo_policy", "ovs", "paste_deploy", "placement",
        "placement_database", "scheduler", "securitygroup", "service_user", "token", "vnc", "wsgi",
    ];
    /// Groups whose `connection` is an SQLAlchemy URL.
    const DATABASE_GROUPS: &[&str] = &["database", "api_database", "placement_database"];
    const TRANSPORT_SCHEMES: &[&str] = &["rabbit", "amqp", "kafka"];
    const SQL_DIALECTS: &[&str] = &[
        "mysql+pymysql",
        "mysql",
        "mysql+mysqldb",
        "postgresql",
        "postgresql+psycopg2",
        "sqlite",
    ];
    /// oslo.config's `types.Boolean` accepts these, case-insensitively.
    const BOOLEANS: &[&str] = &["true", "false", "1", "0", "on", "off", "yes", "no"];

    pub(super) fn check(doc: &Doc<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for s in &doc.sections {
            out.extend(section_name(s));
        }
        for e in &doc.entries {
            out.extend(key_name(e));
            if let Some(value) = &e.value {
                out.extend(inline_comment(e, value));
                out.extend(value_check(e, unquote(value)));
            }
        }
        out
    }

    fn section_name(s: &Section<'_>) -> Option<Diagnostic> {
        if s.name != "DEFAULT" && s.name.eq_ignore_ascii_case("default") {
            return Some(
                Diagnostic::error(s.line, format!("`[{}]` is not the default section", s.name))
                    .at(s.text, s.name)
                    .help("oslo.config group names are case-sensitive and only `[DEFAULT]` (upper case) holds the default options; the options below are ignored"),
            );
        }
        let lower = s.name.to_ascii_lowercase();
        (lower != s.name && KNOWN_GROUPS.contains(&lower.as_str())).then(|| {
            // oslo.config matches group names case-insensitively (only `[DEFAULT]` must be upper
            // case), so this works, but every reference and sample writes it in lower case.
            Diagnostic::warning(
                s.line,
                format!("`[{}]` is not written like the `[{lower}]` group", s.name),
            )
            .at(s.text, s.name)
            .help(format!(
                "did you mean `[{lower}]`? oslo.config reads it either way, but greps and reviewers look for `[{lower}]`"
            ))
        })
    }

    fn key_name(e: &Entry<'_>) -> Option<Diagnostic> {
        if is_oslo_key(e.key) {
            return None;
        }
        let lower = e.key.to_ascii_lowercase();
        let help = if is_oslo_key(&lower) {
            format!("oslo.config option names are case-sensitive and lower case: write `{lower}`")
        } else {
            "oslo.config option names use only a-z, 0-9, `_`, `.` and `-`".to_string()
        };
        Some(
            Diagnostic::error(
                e.line,
                format!("`{}` is not an oslo.config option name", e.key),
            )
            .at(e.text, e.key)
            .help(help),
        )
    }

    /// oslo.config keeps `# ...` after a value as part of the value.
    fn inline_comment(e: &Entry<'_>, value: &str) -> Option<Diagnostic> {
        let first = value.lines().next().unwrap_or_default();
        let pos = first.find(" #").or_else(|| first.find("\t#"))?;
        let comment = first[pos..].trim_start();
        Some(
            Diagnostic::warning(
                e.line,
                format!("`{comment}` becomes part of the value of `{}`", e.key),
            )
            .at(e.text, comment)
            .help("oslo.config has no end-of-line comments; put the comment on its own line"),
        )
    }

    fn value_check(e: &Entry<'_>, value: &str) -> Vec<Diagnostic> {
        let in_database = e.section.is_some_and(|s| DATABASE_GROUPS.contains(&s));
        match e.key {
            "transport_url" => transport_url(e, value),
            "connection" if in_database => sql_connection(e, value),
            "memcache_servers" | "memcached_servers" => memcache_servers(e, value),
            key if is_boolean_name(key) => boolean(e, value).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// A naming convention, not a schema: the generated oslo-config schemas check the rest.
    fn is_boolean_name(key: &str) -> bool {
        key.ends_with("enabled") || key.starts_with("enable_") || key.starts_with("use_")
    }

    fn boolean(e: &Entry<'_>, value: &str) -> Option<Diagnostic> {
        if BOOLEANS.iter().any(|b| b.eq_ignore_ascii_case(value)) {
            return None;
        }
        let shown = if value.is_empty() {
            "an empty value".to_string()
        } else {
            format!("`{value}`")
        };
        Some(
            Diagnostic::error(
                e.line,
                format!("`{}` is a boolean option but has {shown}", e.key),
            )
            .at(e.text, if value.is_empty() { e.key } else { value })
            .help("write `true` or `false`"),
        )
    }

    fn err(
        e: &Entry<'_>,
        needle: &str,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(e.line, msg).at(e.text, needle).help(help)
    }

    /// `rabbit://user:pass@host:port,user:pass@host:port/vhost`, as oslo.messaging parses it.
    fn transport_url(e: &Entry<'_>, value: &str) -> Vec<Diagnostic> {
        const FORM: &str =
            "write `rabbit://user:pass@host1:5672,user:pass@host2:5672,user:pass@host3:5672/`";
        if value.contains(char::is_whitespace) {
            return vec![err(e, value, "transport_url contains blanks", FORM)];
        }
        let Some((scheme, rest)) = value.split_once("://") else {
            return vec![err(
                e,
                value,
                format!("`{value}` is not a transport URL"),
                FORM,
            )];
        };
        if !TRANSPORT_SCHEMES.contains(&scheme) {
            let help = suggest(scheme, TRANSPORT_SCHEMES).unwrap_or_else(|| {
                "oslo.messaging drivers are `rabbit`, `amqp` and `kafka`".into()
            });
            return vec![err(
                e,
                scheme,
                format!("unknown transport scheme `{scheme}`"),
                help,
            )];
        }
        let netloc = rest.split(['/', '?']).next().unwrap_or_default();
        if netloc.is_empty() {
            return vec![err(e, value, "transport_url names no host", FORM)];
        }
        netloc
            .split(',')
            .filter_map(|host| transport_host(e, host))
            .collect()
    }

    fn transport_host(e: &Entry<'_>, item: &str) -> Option<Diagnostic> {
        const ENCODE: &str =
            "URL-encode `/`, `@`, `:` and `,` in user names and passwords (%2F, %40, %3A, %2C)";
        if item.is_empty() {
            return Some(err(
                e,
                ",",
                "empty host in transport_url (a stray comma)",
                "separate hosts with one comma and no trailing comma",
            ));
        }
        let hostport = item.rsplit_once('@').map_or(item, |(_, h)| h);
        host_port(e, hostport, true).map(|d| if d.help.is_none() { d.help(ENCODE) } else { d })
    }

    /// Checks `host[:port]`; `need_port` makes a missing port an error.
    fn host_port(e: &Entry<'_>, hostport: &str, port_optional: bool) -> Option<Diagnostic> {
        let (host, port) = match split_host_port(hostport) {
            Ok(parts) => parts,
            Err(msg) => return Some(Diagnostic::error(e.line, msg).at(e.text, hostport)),
        };
        if host.is_empty() {
            return Some(
                Diagnostic::error(e.line, format!("no host name in `{hostport}`"))
                    .at(e.text, hostport),
            );
        }
        if !is_ip(host) && !is_hostname(host) {
            return Some(
                Diagnostic::error(
                    e.line,
                    format!("`{host}` is neither an IP address nor a host name"),
                )
                .at(e.text, host),
            );
        }
        match port {
            None if !port_optional => Some(
                Diagnostic::error(e.line, format!("`{hostport}` has no port"))
                    .at(e.text, hostport)
                    .help(format!("write `{hostport}:11211`")),
            ),
            Some(p) if p.parse::<u16>().map_or(true, |p| p == 0) => Some(
                Diagnostic::error(
                    e.line,
                    format!("port `{p}` is not a number from 1 to 65535"),
                )
                .at(e.text, hostport),
            ),
            _ => None,
        }
    }

    /// `mysql+pymysql://user:pass@host[:port]/db[?query]`.
    fn sql_connection(e: &Entry<'_>, value: &str) -> Vec<Diagnostic> {
        const FORM: &str = "write `mysql+pymysql://user:pass@controller/dbname`";
        let Some((dialect, rest)) = value.split_once("://") else {
            return vec![err(
                e,
                value,
                format!("`{value}` is not an SQLAlchemy URL"),
                FORM,
            )];
        };
        if !SQL_DIALECTS.contains(&dialect) {
            let help = suggest(dialect, SQL_DIALECTS).unwrap_or_else(|| FORM.into());
            return vec![err(
                e,
                dialect,
                format!("unknown SQLAlchemy dialect `{dialect}`"),
                help,
            )];
        }
        if dialect == "sqlite" {
            return Vec::new();
        }
        let mut out = Vec::new();
        if dialect.starts_with("mysql") && dialect != "mysql+pymysql" {
            out.push(
                Diagnostic::warning(e.line, format!("`{dialect}://` uses the MySQLdb driver"))
                    .at(e.text, dialect)
                    .help("OpenStack expects PyMySQL: write `mysql+pymysql://`"),
            );
        }
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        out.extend(host_port(e, hostport, true));
        let db = path.split('?').next().unwrap_or_default();
        if db.is_empty() {
            out.push(err(e, value, "the connection URL names no database", FORM));
        }
        out
    }

    /// oslo.cache's `host:port,host:port`, with `inet6:[addr]:port` and `unix:/path` forms.
    fn memcache_servers(e: &Entry<'_>, value: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for item in value.split(',').map(str::trim) {
            if item.is_empty() {
                out.push(err(
                    e,
                    e.key,
                    format!("empty server in `{}` (a stray comma)", e.key),
                    "separate servers with one comma",
                ));
            } else if let Some(path) = item.strip_prefix("unix:") {
                if !path.starts_with('/') {
                    out.push(err(
                        e,
                        item,
                        format!("`{item}` is not an absolute socket path"),
                        "write `unix:/run/memcached/memcached.sock`",
                    ));
                }
            } else {
                out.extend(host_port(
                    e,
                    item.strip_prefix("inet6:").unwrap_or(item),
                    false,
                ));
            }
        }
        out
    }
}

/// Checks of what mariadbd does with the options that matter for a Galera cluster.
mod mariadb {
    use super::*;

    /// Groups the server reads (`mariadbd --print-defaults`), plus the version-suffixed ones.
    const SERVER_GROUPS: &[&str] = &[
        "mysqld",
        "server",
        "mariadb",
        "mariadbd",
        "galera",
        "client-server",
        "embedded",
    ];
    #[rustfmt::skip]
    const OTHER_GROUPS: &[&str] = &[
        "client", "client-mariadb", "mysql", "mariadb-client", "mysqld_safe", "mariadbd-safe", "mariadb-safe",
        "safe_mysqld", "sst", "mysqldump", "mariadb-dump", "mysqladmin", "mariadb-admin", "mysqlcheck",
        "mariadb-check", "mysqlimport", "mariadb-import", "mysqlshow", "mariadb-show", "mysqlbinlog",
        "mariadb-binlog", "mysql_upgrade", "mariadb-upgrade", "mysqld_multi", "mariabackup", "mariadb-backup",
        "xtrabackup", "mysqlslap", "mariadb-slap", "mysql_install_db", "mariadb-install-db",
    ];

    /// How a curated option's value is checked.
    #[derive(Clone, Copy)]
    enum Kind {
        Bool,
        /// A whole number of at least this much.
        Uint(u64),
        /// A byte count with an optional K/M/G/T/P/E suffix.
        Size,
        AbsPath,
        Enum(&'static [&'static str]),
        Address,
        ClusterAddress,
        ProviderOptions,
        StorageEngine,
        Text,
    }

    const ON_OFF: &[&str] = &["ON", "OFF", "1", "0", "TRUE", "FALSE"];
    const SST_METHODS: &[&str] = &["rsync", "rsync_wan", "mariabackup", "mysqldump", "clone"];

    /// The options this validator checks the value of, by canonical (underscore) name.
    const CHECKED: &[(&str, Kind)] = &[
        ("wsrep_on", Kind::Bool),
        ("wsrep_provider", Kind::AbsPath),
        ("wsrep_cluster_address", Kind::ClusterAddress),
        ("wsrep_cluster_name", Kind::Text),
        ("wsrep_node_address", Kind::Address),
        ("wsrep_node_name", Kind::Text),
        ("wsrep_sst_method", Kind::Enum(SST_METHODS)),
        ("wsrep_provider_options", Kind::ProviderOptions),
        ("wsrep_slave_threads", Kind::Uint(1)),
        ("wsrep_applier_threads", Kind::Uint(1)),
        ("wsrep_certify_nonpk", Kind::Bool),
        ("wsrep_log_conflicts", Kind::Bool),
        ("wsrep_sync_wait", Kind::Uint(0)),
        ("wsrep_retry_autocommit", Kind::Uint(0)),
        ("binlog_format", Kind::Enum(&["ROW", "STATEMENT", "MIXED"])),
        ("default_storage_engine", Kind::StorageEngine),
        ("innodb_autoinc_lock_mode", Kind::Enum(&["0", "1", "2"])),
        ("innodb_buffer_pool_size", Kind::Size),
        ("innodb_log_file_size", Kind::Size),
        (
            "innodb_flush_log_at_trx_commit",
            Kind::Enum(&["0", "1", "2", "3"]),
        ),
        ("innodb_file_per_table", Kind::Bool),
        ("innodb_doublewrite", Kind::Bool),
        ("bind_address", Kind::Address),
        ("max_connections", Kind::Uint(1)),
        ("max_allowed_packet", Kind::Size),
        ("port", Kind::Uint(1)),
        ("datadir", Kind::AbsPath),
        ("skip_name_resolve", Kind::Bool),
    ];

    /// Real MariaDB 10.11 `wsrep_*` and `innodb_*` option names (lower case), for typo hints.
    #[rustfmt::skip]
    const KNOWN: &[&str] = &[
        "wsrep_allowlist", "wsrep_applier_fk_checks", "wsrep_applier_threads", "wsrep_applier_uk_checks",
        "wsrep_auto_increment_control", "wsrep_causal_reads", "wsrep_certification_rules",
        "wsrep_certify_nonpk", "wsrep_cluster_address", "wsrep_cluster_name", "wsrep_convert_lock_to_trx",
        "wsrep_data_home_dir", "wsrep_dbug_option", "wsrep_debug", "wsrep_desync", "wsrep_dirty_reads",
        "wsrep_drupal_282555_workaround", "wsrep_forced_binlog_format", "wsrep_gtid_domain_id",
        "wsrep_gtid_mode", "wsrep_gtid_seq_no", "wsrep_ignore_apply_errors", "wsrep_load_data_splitting",
        "wsrep_log_conflicts", "wsrep_max_ws_rows", "wsrep_max_ws_size", "wsrep_mode",
        "wsrep_mysql_replication_bundle", "wsrep_new_cluster", "wsrep_node_address",
        "wsrep_node_incoming_address", "wsrep_node_name", "wsrep_notify_cmd", "wsrep_on", "wsrep_osu_method",
        "wsrep_patch_version", "wsrep_provider", "wsrep_provider_options", "wsrep_recover",
        "wsrep_reject_queries", "wsrep_replicate_myisam", "wsrep_restart_slave", "wsrep_restart_replica",
        "wsrep_retry_autocommit", "wsrep_slave_fk_checks", "wsrep_slave_threads", "wsrep_slave_uk_checks",
        "wsrep_sr_store", "wsrep_sst_auth", "wsrep_sst_donor", "wsrep_sst_donor_rejects_queries",
        "wsrep_sst_method", "wsrep_sst_receive_address", "wsrep_start_position", "wsrep_status_file",
        "wsrep_strict_ddl", "wsrep_sync_wait", "wsrep_trx_fragment_size", "wsrep_trx_fragment_unit",
        "innodb_adaptive_flushing", "innodb_adaptive_flushing_lwm", "innodb_adaptive_hash_index",
        "innodb_adaptive_hash_index_parts", "innodb_autoextend_increment", "innodb_autoinc_lock_mode",
        "innodb_buf_dump_status_frequency", "innodb_buffer_pool_chunk_size",
        "innodb_buffer_pool_dump_at_shutdown", "innodb_buffer_pool_dump_now", "innodb_buffer_pool_dump_pct",
        "innodb_buffer_pool_filename", "innodb_buffer_pool_load_abort", "innodb_buffer_pool_load_at_startup",
        "innodb_buffer_pool_load_now", "innodb_buffer_pool_size", "innodb_change_buffer_max_size",
        "innodb_change_buffering", "innodb_checksum_algorithm", "innodb_cmp_per_index_enabled",
        "innodb_compression_algorithm", "innodb_compression_default",
        "innodb_compression_failure_threshold_pct", "innodb_compression_level",
        "innodb_compression_pad_pct_max", "innodb_data_file_path", "innodb_data_home_dir",
        "innodb_deadlock_detect", "innodb_deadlock_report", "innodb_default_encryption_key_id",
        "innodb_default_row_format", "innodb_defragment", "innodb_defragment_fill_factor",
        "innodb_defragment_fill_factor_n_recs", "innodb_defragment_frequency", "innodb_defragment_n_pages",
        "innodb_defragment_stats_accuracy", "innodb_disable_sort_file_cache", "innodb_doublewrite",
        "innodb_encrypt_log", "innodb_encrypt_tables", "innodb_encrypt_temporary_tables",
        "innodb_encryption_rotate_key_age", "innodb_encryption_rotation_iops", "innodb_encryption_threads",
        "innodb_fast_shutdown", "innodb_fatal_semaphore_wait_threshold", "innodb_file_per_table",
        "innodb_fill_factor", "innodb_flush_log_at_timeout", "innodb_flush_log_at_trx_commit",
        "innodb_flush_method", "innodb_flush_neighbors", "innodb_flush_sync", "innodb_flushing_avg_loops",
        "innodb_force_primary_key", "innodb_force_recovery", "innodb_ft_aux_table", "innodb_ft_cache_size",
        "innodb_ft_enable_diag_print", "innodb_ft_enable_stopword", "innodb_ft_max_token_size",
        "innodb_ft_min_token_size", "innodb_ft_num_word_optimize", "innodb_ft_result_cache_limit",
        "innodb_ft_server_stopword_table", "innodb_ft_sort_pll_degree", "innodb_ft_total_cache_size",
        "innodb_ft_user_stopword_table", "innodb_immediate_scrub_data_uncompressed",
        "innodb_instant_alter_column_allowed", "innodb_io_capacity", "innodb_io_capacity_max",
        "innodb_lock_wait_timeout", "innodb_log_buffer_size", "innodb_log_file_buffering",
        "innodb_log_file_size", "innodb_log_group_home_dir", "innodb_log_write_ahead_size",
        "innodb_lru_flush_size", "innodb_lru_scan_depth", "innodb_max_dirty_pages_pct",
        "innodb_max_dirty_pages_pct_lwm", "innodb_max_purge_lag", "innodb_max_purge_lag_delay",
        "innodb_max_purge_lag_wait", "innodb_max_undo_log_size", "innodb_monitor_disable",
        "innodb_monitor_enable", "innodb_monitor_reset", "innodb_monitor_reset_all", "innodb_old_blocks_pct",
        "innodb_old_blocks_time", "innodb_online_alter_log_max_size", "innodb_open_files",
        "innodb_optimize_fulltext_only", "innodb_page_size", "innodb_prefix_index_cluster_optimization",
        "innodb_print_all_deadlocks", "innodb_purge_batch_size", "innodb_purge_rseg_truncate_frequency",
        "innodb_purge_threads", "innodb_random_read_ahead", "innodb_read_ahead_threshold",
        "innodb_read_io_threads", "innodb_read_only", "innodb_read_only_compressed",
        "innodb_rollback_on_timeout", "innodb_sort_buffer_size", "innodb_spin_wait_delay",
        "innodb_stats_auto_recalc", "innodb_stats_include_delete_marked", "innodb_stats_method",
        "innodb_stats_modified_counter", "innodb_stats_on_metadata", "innodb_stats_persistent",
        "innodb_stats_persistent_sample_pages", "innodb_stats_traditional",
        "innodb_stats_transient_sample_pages", "innodb_status_output", "innodb_status_output_locks",
        "innodb_strict_mode", "innodb_sync_spin_loops", "innodb_table_locks", "innodb_temp_data_file_path",
        "innodb_tmpdir", "innodb_undo_directory", "innodb_undo_log_truncate", "innodb_undo_tablespaces",
        "innodb_use_atomic_writes", "innodb_use_native_aio", "innodb_write_io_threads",
    ];

    /// Options older guides still show that MariaDB 10.6+ refuses (`unknown variable`).
    const REMOVED: &[(&str, &str)] = &[
        ("innodb_file_format", "10.3"),
        ("innodb_large_prefix", "10.3"),
        ("innodb_additional_mem_pool_size", "10.2"),
        ("innodb_log_files_in_group", "10.6"),
        ("innodb_buffer_pool_instances", "10.6"),
        ("innodb_locks_unsafe_for_binlog", "10.6"),
    ];

    /// Galera provider options (`wsrep_provider_options`), for typo hints.
    #[rustfmt::skip]
    const PROVIDER_OPTIONS: &[&str] = &[
        "base_dir", "base_host", "base_port", "cert.log_conflicts", "cert.optimistic_pa", "debug",
        "evs.auto_evict", "evs.causal_keepalive_period", "evs.consensus_timeout", "evs.debug_log_mask",
        "evs.delay_margin", "evs.delayed_keep_period", "evs.evict", "evs.inactive_check_period",
        "evs.inactive_timeout", "evs.info_log_mask", "evs.install_timeout", "evs.join_retrans_period",
        "evs.keepalive_period", "evs.max_install_timeouts", "evs.send_window", "evs.stats_report_period",
        "evs.suspect_timeout", "evs.use_aggregate", "evs.user_send_window", "evs.version",
        "evs.view_forget_timeout", "gcache.dir", "gcache.freeze_purge_at_seqno", "gcache.keep_pages_count",
        "gcache.keep_pages_size", "gcache.mem_size", "gcache.name", "gcache.page_size", "gcache.recover",
        "gcache.size", "gcomm.thread_prio", "gcs.fc_debug", "gcs.fc_factor", "gcs.fc_limit",
        "gcs.fc_master_slave", "gcs.fc_single_primary", "gcs.max_packet_size", "gcs.max_throttle",
        "gcs.recv_q_hard_limit", "gcs.recv_q_soft_limit", "gcs.sync_donor", "gmcast.listen_addr",
        "gmcast.mcast_addr", "gmcast.mcast_ttl", "gmcast.peer_timeout", "gmcast.segment", "gmcast.time_wait",
        "gmcast.version", "ist.recv_addr", "ist.recv_bind", "pc.announce_timeout", "pc.bootstrap",
        "pc.checksum", "pc.ignore_quorum", "pc.ignore_sb", "pc.linger", "pc.npvo", "pc.recovery",
        "pc.version", "pc.wait_prim", "pc.wait_prim_timeout", "pc.weight", "protonet.backend",
        "protonet.version", "repl.causal_read_timeout", "repl.commit_order", "repl.key_format",
        "repl.max_ws_size", "repl.proto_max", "socket.checksum", "socket.dynamic", "socket.recv_buf_size",
        "socket.send_buf_size", "socket.ssl", "socket.ssl_ca", "socket.ssl_cert", "socket.ssl_cipher",
        "socket.ssl_compression", "socket.ssl_key", "socket.ssl_password_file", "socket.ssl_reload",
    ];

    /// `(canonical name, written with loose-)`: `-` and `_` are the same to mariadbd, and
    /// `loose-` only turns an unknown-option error into a warning.
    pub(super) fn canonical(key: &str) -> (String, bool) {
        let key = key.replace('-', "_");
        match key.strip_prefix("loose_") {
            Some(rest) => (rest.to_string(), true),
            None => (key, false),
        }
    }

    pub(super) fn check(doc: &Doc<'_>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = doc.sections.iter().filter_map(section_name).collect();
        let server: Vec<&Entry<'_>> = doc
            .entries
            .iter()
            .filter(|e| e.section.is_some_and(is_server_group))
            .collect();
        // Galera-only rules apply once the file configures Galera at all.
        let galera = server
            .iter()
            .any(|e| canonical(e.key).0.starts_with("wsrep_"));
        for e in server {
            out.extend(option(e, galera));
        }
        out
    }

    /// The group name without a `-10.11` version or a `.suffix` (`--defaults-group-suffix`).
    fn base_group(name: &str) -> &str {
        let name = name
            .split_once('.')
            .filter(|(b, _)| SERVER_GROUPS.contains(b) || OTHER_GROUPS.contains(b))
            .map_or(name, |(b, _)| b);
        match name.rsplit_once('-') {
            Some((base, version))
                if !version.is_empty()
                    && version.chars().all(|c| c.is_ascii_digit() || c == '.') =>
            {
                base
            }
            _ => name,
        }
    }

    fn is_server_group(name: &str) -> bool {
        let base = base_group(name);
        SERVER_GROUPS.contains(&base) || is_multi_group(base)
    }

    /// `[mysqld1]`, `[mysqld2]`... for mysqld_multi.
    fn is_multi_group(name: &str) -> bool {
        name.strip_prefix("mysqld")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    }

    fn section_name(s: &Section<'_>) -> Option<Diagnostic> {
        let base = base_group(s.name);
        if s.name.is_empty()
            || SERVER_GROUPS.contains(&base)
            || OTHER_GROUPS.contains(&base)
            || is_multi_group(base)
        {
            return None;
        }
        let all = SERVER_GROUPS.iter().chain(OTHER_GROUPS).copied();
        if let Some(fix) = typo_of(s.name, all.clone()) {
            return Some(
                Diagnostic::error(
                    s.line,
                    format!("`[{}]` is not an option group MariaDB reads", s.name),
                )
                .at(s.text, s.name)
                .help(format!(
                    "did you mean `[{fix}]`? the options in this group are silently ignored"
                )),
            );
        }
        let d = Diagnostic::warning(
            s.line,
            format!(
                "`[{}]` is not a group mariadbd or the standard clients read",
                s.name
            ),
        )
        .at(s.text, s.name);
        Some(with_help(d, did_you_mean(s.name, all)))
    }

    fn option(e: &Entry<'_>, galera: bool) -> Vec<Diagnostic> {
        let (name, loose) = canonical(e.key);
        let lower = name.to_ascii_lowercase();
        match CHECKED.iter().find(|(n, _)| *n == lower) {
            Some((_, kind)) => value(e, &lower, *kind, galera),
            None if lower.starts_with("wsrep_") || lower.starts_with("innodb_") => {
                unknown_name(e, &lower, loose).into_iter().collect()
            }
            None => Vec::new(),
        }
    }

    /// A `wsrep_`/`innodb_` name that is not a real one: mariadbd stops with `unknown variable`.
    fn unknown_name(e: &Entry<'_>, lower: &str, loose: bool) -> Option<Diagnostic> {
        if KNOWN.contains(&lower) {
            return None;
        }
        let severity = |msg: String| {
            if loose {
                Diagnostic::warning(e.line, msg)
            } else {
                Diagnostic::error(e.line, msg)
            }
        };
        if let Some((_, version)) = REMOVED.iter().find(|(n, _)| *n == lower) {
            return Some(
                severity(format!("`{}` was removed in MariaDB {version}", e.key))
                    .at(e.text, e.key)
                    .help("mariadbd 10.11 stops with `unknown variable`; delete the line"),
            );
        }
        if let Some(fix) = typo_of(lower, KNOWN.iter().copied()) {
            return Some(
                severity(format!("unknown option `{}`", e.key))
                    .at(e.text, e.key)
                    .help(format!(
                        "did you mean `{fix}`? mariadbd stops with `unknown variable`"
                    )),
            );
        }
        // Not a plain typo: maybe a real option missing from the list above, so only a warning.
        did_you_mean(lower, KNOWN.iter().copied()).map(|help| {
            Diagnostic::warning(
                e.line,
                format!(
                    "`{}` is not a MariaDB 10.11 option this validator knows",
                    e.key
                ),
            )
            .at(e.text, e.key)
            .help(format!(
                "{help} (mariadbd also accepts unique prefixes, which break when options are added)"
            ))
        })
    }

    fn value(e: &Entry<'_>, name: &str, kind: Kind, galera: bool) -> Vec<Diagnostic> {
        let Some(raw) = e.value.as_deref() else {
            // A bare option name turns a boolean on; anything else needs `= value`.
            return match kind {
                Kind::Bool => Vec::new(),
                _ => vec![
                    Diagnostic::error(e.line, format!("`{}` needs a value", e.key))
                        .at(e.text, e.key)
                        .help(format!("write `{} = ...`", e.key)),
                ],
            };
        };
        let v = unquote(raw);
        let mut out = kind_check(e, name, kind, v);
        if out.is_empty() {
            out.extend(galera_rule(e, name, v, galera));
        }
        out
    }

    fn bad(e: &Entry<'_>, v: &str, msg: String, help: impl Into<String>) -> Diagnostic {
        let needle = if v.is_empty() { e.key } else { v };
        Diagnostic::error(e.line, msg).at(e.text, needle).help(help)
    }

    fn kind_check(e: &Entry<'_>, name: &str, kind: Kind, v: &str) -> Vec<Diagnostic> {
        let key = e.key;
        let one = |ok: bool, msg: String, help: String| {
            if ok {
                Vec::new()
            } else {
                vec![bad(e, v, msg, help)]
            }
        };
        match kind {
            Kind::Bool => one(
                ON_OFF.iter().any(|b| b.eq_ignore_ascii_case(v)),
                format!("`{key}` is ON or OFF, not `{v}`"),
                "write `ON`, `OFF`, `1` or `0`".into(),
            ),
            Kind::Uint(min) => one(
                v.parse::<u64>().is_ok_and(|n| n >= min),
                format!("`{key}` needs a whole number, not `{v}`"),
                format!("write a number of at least {min}"),
            ),
            Kind::Size => one(
                is_size(v),
                format!("`{key}` needs a size, not `{v}`"),
                "write bytes, optionally with a K, M or G suffix, e.g. `4G`".into(),
            ),
            Kind::AbsPath => one(
                v.starts_with('/') || (name == "wsrep_provider" && v.eq_ignore_ascii_case("none")),
                format!("`{key}` needs an absolute path, not `{v}`"),
                absolute_path_help(name),
            ),
            Kind::Enum(values) => enum_value(e, v, values).into_iter().collect(),
            Kind::Address => addresses(e, v),
            Kind::ClusterAddress => cluster_address(e, v),
            Kind::ProviderOptions => provider_options(e, v),
            Kind::StorageEngine => engine(e, v).into_iter().collect(),
            Kind::Text => one(
                !v.is_empty(),
                format!("`{key}` has an empty value"),
                "give it a value or delete the line".into(),
            ),
        }
    }

    fn absolute_path_help(name: &str) -> String {
        if name == "wsrep_provider" {
            "write the library's full path, e.g. `/usr/lib/galera/libgalera_smm.so` (Debian) or `/usr/lib64/galera-4/libgalera_smm.so` (RHEL)".into()
        } else {
            "write a path starting with `/`".into()
        }
    }

    fn is_size(v: &str) -> bool {
        let digits = v.trim_end_matches(|c: char| "kKmMgGtTpPeE".contains(c));
        v.len() - digits.len() <= 1
            && !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
    }

    fn enum_value(e: &Entry<'_>, v: &str, values: &[&str]) -> Option<Diagnostic> {
        if values.iter().any(|x| x.eq_ignore_ascii_case(v)) {
            return None;
        }
        let allowed = values
            .iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match suggest(v, values) {
            Some(mean) => format!("{mean} allowed: {allowed}"),
            None => format!("allowed: {allowed}"),
        };
        Some(bad(
            e,
            v,
            format!("`{v}` is not a valid value for `{}`", e.key),
            help,
        ))
    }

    fn engine(e: &Entry<'_>, v: &str) -> Option<Diagnostic> {
        (!v.eq_ignore_ascii_case("innodb")).then(|| {
            Diagnostic::warning(
                e.line,
                format!("default storage engine `{v}` instead of InnoDB"),
            )
            .at(e.text, v)
            .help("Galera replicates only InnoDB tables; write `default_storage_engine = InnoDB`")
        })
    }

    /// `bind-address`/`wsrep_node_address`: IPs or host names (10.11 takes a comma list).
    fn addresses(e: &Entry<'_>, v: &str) -> Vec<Diagnostic> {
        v.split(',')
            .map(str::trim)
            .filter(|a| *a != "*")
            .filter_map(|a| {
                let host = split_host_port(a).map_or(a, |(h, _)| h);
                (!is_ip(host) && !is_ip(a) && !is_hostname(host)).then(|| {
                    bad(
                        e,
                        a,
                        format!("`{a}` is neither an IP address nor a host name"),
                        "write an address such as `10.0.0.11` or a resolvable host name",
                    )
                })
            })
            .collect()
    }

    /// `gcomm://host[:port][,host[:port]...][?options]`.
    fn cluster_address(e: &Entry<'_>, v: &str) -> Vec<Diagnostic> {
        let Some(rest) = v.strip_prefix("gcomm://") else {
            return vec![bad(
                e,
                v,
                format!("`{v}` is not a `gcomm://` address"),
                "write `gcomm://controller1,controller2,controller3`",
            )];
        };
        let hosts = rest.split('?').next().unwrap_or_default();
        if hosts.is_empty() {
            return vec![bad(
                e,
                v,
                "empty `gcomm://` bootstraps a new cluster every time this node starts".into(),
                "list every node (`gcomm://controller1,controller2,controller3`) and bootstrap the first node once with `galera_new_cluster`",
            )];
        }
        hosts
            .split(',')
            .filter_map(|h| cluster_member(e, h))
            .collect()
    }

    fn cluster_member(e: &Entry<'_>, member: &str) -> Option<Diagnostic> {
        if member.is_empty() {
            return Some(bad(
                e,
                ",",
                "empty node in `wsrep_cluster_address` (a stray comma)".into(),
                "separate nodes with one comma",
            ));
        }
        match split_host_port(member) {
            Err(msg) => Some(bad(e, member, msg, "write `host` or `host:4567`")),
            Ok((host, _)) if !is_ip(host) && !is_hostname(host) => Some(bad(
                e,
                member,
                format!("`{host}` is neither an IP address nor a host name"),
                "write `host` or `host:4567`",
            )),
            Ok((_, Some(port))) if port.parse::<u16>().map_or(true, |p| p == 0) => Some(bad(
                e,
                member,
                format!("port `{port}` is not a number from 1 to 65535"),
                "Galera's group port is 4567",
            )),
            Ok(_) => None,
        }
    }

    /// `key = value; key = value`: mariadbd passes them to Galera unchecked.
    fn provider_options(e: &Entry<'_>, v: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for item in v.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            let Some((key, _)) = item.split_once('=') else {
                out.push(bad(
                    e,
                    item,
                    format!("`{item}` in wsrep_provider_options is not `key = value`"),
                    "separate `key = value` pairs with `;`",
                ));
                continue;
            };
            let key = key.trim();
            if let Some(fix) = typo_of(key, PROVIDER_OPTIONS.iter().copied())
                .filter(|_| !PROVIDER_OPTIONS.contains(&key))
            {
                out.push(bad(
                    e,
                    key,
                    format!("unknown Galera provider option `{key}`"),
                    format!("did you mean `{fix}`? Galera stops with `Unrecognized parameter`"),
                ));
            }
        }
        out
    }

    /// What Galera needs beyond a valid value.
    fn galera_rule(e: &Entry<'_>, name: &str, v: &str, galera: bool) -> Option<Diagnostic> {
        match name {
            "binlog_format" if galera && !v.eq_ignore_ascii_case("ROW") => {
                Some(bad(e, v, format!("binlog_format `{v}` with Galera"), "Galera replicates row events only: write `binlog_format = ROW`"))
            }
            "innodb_autoinc_lock_mode" if galera && v != "2" => Some(bad(
                e,
                v,
                format!("innodb_autoinc_lock_mode `{v}` with Galera"),
                "Galera needs interleaved lock mode: write `innodb_autoinc_lock_mode = 2`, or inserts deadlock across nodes",
            )),
            "wsrep_sst_method" if v.starts_with("rsync") => Some(
                Diagnostic::warning(e.line, format!("wsrep_sst_method `{v}` blocks the donor node during a state transfer"))
                    .at(e.text, v)
                    .help("use `mariabackup` so the donor keeps serving (needs wsrep_sst_auth and the mariadb-backup package)"),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    fn errors(text: &str, dialect: Dialect) -> Vec<Diagnostic> {
        check(text, dialect)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()
    }

    fn warnings(text: &str, dialect: Dialect) -> Vec<Diagnostic> {
        check(text, dialect)
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect()
    }

    /// The one diagnostic of `severity` the text must produce; its line and message are checked.
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

    const KEYSTONE: &str = "\
[DEFAULT]
# Three RabbitMQ nodes, no VIP: oslo.messaging fails over itself.
transport_url = rabbit://openstack:RABBIT_PASS@controller1:5672,openstack:RABBIT_PASS@controller2:5672,openstack:RABBIT_PASS@controller3:5672/
use_stderr = false
debug = false

[database]
connection = mysql+pymysql://keystone:KEYSTONE_DBPASS@controller/keystone
max_retries = -1

[cache]
enabled = true
backend = oslo_cache.memcache_pool
memcache_servers = controller1:11211,controller2:11211,controller3:11211

[keystone_authtoken]
memcached_servers = controller1:11211,controller2:11211,controller3:11211

[token]
provider = fernet
expiration = 3600

[oslo_middleware]
enable_proxy_headers_parsing = True

[pci]
alias = { \"vendor_id\":\"8086\", \"product_id\":\"154d\", \"name\":\"a1\" }
alias = { \"vendor_id\":\"8086\", \"product_id\":\"1520\", \"name\":\"a2\" }
";

    const GALERA: &str = "\
[mysqld]
bind-address = 10.0.0.11
max_connections = 4096
default-storage-engine = InnoDB
binlog_format = ROW
innodb_autoinc_lock_mode = 2
innodb_buffer_pool_size = 2G
innodb_flush_log_at_trx_commit = 2
skip-name-resolve
datadir = /var/lib/mysql  # the Debian default

[galera]
wsrep_on = ON
wsrep_provider = /usr/lib/galera/libgalera_smm.so
wsrep_cluster_name = \"openstack\"
wsrep_cluster_address = gcomm://controller1,controller2,controller3:4567
wsrep_node_address = 10.0.0.11
wsrep_node_name = controller1
wsrep_sst_method = mariabackup
wsrep_sst_auth = mariabackup:SST_PASS
wsrep_slave_threads = 4
wsrep_provider_options = \"gcache.size=1G; gmcast.segment=0\"
loose-innodb_defragment = 1

[mariadb-10.11]
wsrep_applier_threads = 4

!includedir /etc/mysql/mariadb.conf.d/

[client]
default-character-set = utf8mb4
";

    #[test]
    fn keystone_conf_is_clean() {
        assert_eq!(check(KEYSTONE, Dialect::Oslo), Vec::new());
    }

    #[test]
    fn galera_cnf_is_clean() {
        assert_eq!(check(GALERA, Dialect::Mariadb), Vec::new());
    }

    #[test]
    fn generic_ini_is_clean() {
        let text = "[pipeline:main]\npipeline = cors healthcheck keystone\n\n[filter:cors]\npaste.filter_factory = oslo_middleware.cors:filter_factory\noslo_config_project = keystone\n";
        assert_eq!(check(text, Dialect::Generic), Vec::new());
    }

    #[test]
    fn unclosed_section() {
        let d = only(
            errors("[DEFAULT\ndebug = true\n", Dialect::Generic),
            1,
            "no closing `]`",
        );
        assert_eq!(d.columns, Some((0, 8)));
    }

    #[test]
    fn empty_section_name() {
        only(
            errors("[]\nkey = 1\n", Dialect::Generic),
            1,
            "empty section name",
        );
    }

    #[test]
    fn oslo_text_after_header() {
        let d = only(
            errors("[DEFAULT] # main\ndebug = true\n", Dialect::Oslo),
            1,
            "after the closing `]`",
        );
        assert!(help(&d).contains("must end with ]"), "{d}");
        assert_eq!(
            errors("[mysqld] # server\nport = 3306\n", Dialect::Mariadb),
            Vec::new()
        );
    }

    #[test]
    fn oslo_padded_section_name() {
        let d = only(
            errors("[ database ]\nconnection = sqlite://\n", Dialect::Oslo),
            1,
            "part of the section name",
        );
        assert!(help(&d).contains("[database]"), "{d}");
    }

    #[test]
    fn key_before_section() {
        for dialect in [Dialect::Generic, Dialect::Oslo, Dialect::Mariadb] {
            only(
                errors("debug = true\n[DEFAULT]\n", dialect),
                1,
                "before any section",
            );
        }
        let d = only(
            errors("wsrep_on = ON\n[galera]\n", Dialect::Mariadb),
            1,
            "before any section",
        );
        assert!(help(&d).contains("without preceding group"), "{d}");
    }

    #[test]
    fn line_without_separator() {
        let d = only(
            errors("[DEFAULT]\ndebug true\n", Dialect::Oslo),
            2,
            "neither a section header",
        );
        assert!(help(&d).contains("Invalid assignment"), "{d}");
    }

    #[test]
    fn empty_key() {
        only(
            errors("[DEFAULT]\n= true\n", Dialect::Generic),
            2,
            "empty key",
        );
    }

    #[test]
    fn oslo_colon_separator_is_fine() {
        assert_eq!(
            errors("[DEFAULT]\ndebug: true\n", Dialect::Oslo),
            Vec::new()
        );
    }

    #[test]
    fn oslo_duplicate_key() {
        let text = "[DEFAULT]\ndebug = true\n\n[database]\nconnection = mysql+pymysql://k:p@controller/keystone\n[DEFAULT]\ndebug = false\n";
        let d = only(
            errors(text, Dialect::Oslo),
            7,
            "duplicate key `debug` in `[DEFAULT]` (first on line 2)",
        );
        assert!(help(&d).contains("MultiStrOpt"), "{d}");
        let w = only(
            warnings(text, Dialect::Oslo),
            6,
            "section `[DEFAULT]` appears again (first on line 1)",
        );
        assert!(help(&w).contains("merges"), "{w}");
    }

    #[test]
    fn mariadb_dash_and_underscore_are_one_key() {
        let d = only(
            errors(
                "[galera]\nwsrep_on = ON\nwsrep-on = OFF\n",
                Dialect::Mariadb,
            ),
            3,
            "duplicate key `wsrep-on`",
        );
        assert!(help(&d).contains("same option"), "{d}");
    }

    #[test]
    fn generic_duplicate_key_ignores_case() {
        only(
            errors("[app]\nName = a\nname = b\n", Dialect::Generic),
            3,
            "duplicate key `name`",
        );
    }

    #[test]
    fn mariadb_duplicate_section_warns() {
        only(
            warnings(
                "[mysqld]\nport = 3306\n[mysqld]\nmax_connections = 10\n",
                Dialect::Mariadb,
            ),
            3,
            "appears again",
        );
    }

    #[test]
    fn comments_in_both_styles() {
        let text = "# hash\n; semicolon\n[DEFAULT]\n# hash\n; semicolon\ndebug = true\n";
        for dialect in [Dialect::Generic, Dialect::Oslo, Dialect::Mariadb] {
            let text = text.replace("[DEFAULT]", "[mysqld]");
            assert_eq!(errors(&text, dialect), Vec::new(), "{dialect:?}");
        }
    }

    #[test]
    fn oslo_continuation_lines_join_the_value() {
        let text = "[filter_scheduler]\nenabled_filters = ComputeFilter,\n    ImagePropertiesFilter\nuse_baremetal_filters = false\n";
        assert_eq!(check(text, Dialect::Oslo), Vec::new());
        let doc = parse(text, Dialect::Oslo);
        assert_eq!(
            doc.entries[0].value.as_deref(),
            Some("ComputeFilter,\nImagePropertiesFilter")
        );
    }

    #[test]
    fn oslo_continuation_without_option() {
        let d = only(
            errors("[DEFAULT]\n  debug = true\n", Dialect::Oslo),
            2,
            "does not continue any option",
        );
        assert!(help(&d).contains("Unexpected continuation line"), "{d}");
    }

    #[test]
    fn oslo_indented_option_is_a_continuation() {
        let text = "[DEFAULT]\nuse_stderr = false\n  debug = true\n";
        only(
            warnings(text, Dialect::Oslo),
            3,
            "part of the value of `use_stderr`",
        );
        // The joined value is no longer a boolean, which the boolean check then reports.
        only(errors(text, Dialect::Oslo), 2, "boolean option");
    }

    #[test]
    fn oslo_indented_comment_is_a_continuation() {
        let text = "[token]\nexpiration = 3600\n    # one hour\n";
        only(warnings(text, Dialect::Oslo), 3, "indented comment");
    }

    #[test]
    fn oslo_indented_section_header() {
        only(
            errors("[DEFAULT]\ndebug = true\n  [database]\n", Dialect::Oslo),
            3,
            "indented section header",
        );
    }

    #[test]
    fn mariadb_has_no_continuation_lines() {
        let text =
            "[galera]\nwsrep_cluster_address = gcomm://controller1,controller2,\n    controller3\n";
        // `controller3` alone is a valid flag name: a warning there, and a stray comma above.
        only(errors(text, Dialect::Mariadb), 2, "stray comma");
        only(
            warnings(text, Dialect::Mariadb),
            3,
            "indented `controller3` is read as an option of its own",
        );
        let d = only(
            errors(
                "[galera]\nwsrep_node_address = 10.0.0.11\n    10.0.0.12\n",
                Dialect::Mariadb,
            ),
            3,
            "neither a section header",
        );
        assert!(help(&d).contains("no continuation lines"), "{d}");
    }

    #[test]
    fn unbalanced_quotes() {
        only(
            errors("[DEFAULT]\nadmin_password = \"secret\n", Dialect::Oslo),
            2,
            "unbalanced \" quote",
        );
        only(
            warnings("[DEFAULT]\nadmin_password = secret'\n", Dialect::Generic),
            2,
            "never opened",
        );
        let d = only(
            errors("[client]\npassword = \"se#cret\n", Dialect::Mariadb),
            2,
            "unbalanced \" quote",
        );
        assert!(help(&d).contains("comments included"), "{d}");
    }

    #[test]
    fn mariadb_quoted_hash_is_not_a_comment() {
        let doc = parse(
            "[client]\npassword = \"se#cret\" # note\n",
            Dialect::Mariadb,
        );
        assert_eq!(doc.entries[0].value.as_deref(), Some("\"se#cret\""));
    }

    #[test]
    fn mariadb_include_directives() {
        assert_eq!(
            errors(
                "!include /etc/mysql/extra.cnf\n[mysqld]\nport = 3306\n",
                Dialect::Mariadb
            ),
            Vec::new()
        );
        let d = only(
            errors("!incldue /etc/mysql/extra.cnf\n", Dialect::Mariadb),
            1,
            "unknown directive `!incldue`",
        );
        assert_eq!(help(&d), "did you mean `include`?");
        only(
            errors("[mysqld]\n!includedir\n", Dialect::Mariadb),
            2,
            "needs a path",
        );
    }

    #[test]
    fn oslo_lower_case_default() {
        let d = only(
            errors("[default]\ndebug = true\n", Dialect::Oslo),
            1,
            "`[default]` is not the default section",
        );
        assert!(help(&d).contains("[DEFAULT]"), "{d}");
    }

    #[test]
    fn oslo_known_group_in_wrong_case() {
        let d = only(
            warnings(
                "[Database]\nconnection = mysql+pymysql://k:p@controller/keystone\n",
                Dialect::Oslo,
            ),
            1,
            "not written like the `[database]` group",
        );
        assert!(help(&d).starts_with("did you mean `[database]`?"), "{d}");
        // Backend sections are named by the operator and may use capitals.
        assert_eq!(
            errors("[LVM]\nvolume_group = cinder-volumes\n", Dialect::Oslo),
            Vec::new()
        );
    }

    #[test]
    fn oslo_key_must_be_lower_case() {
        let d = only(
            errors("[DEFAULT]\nDebug = true\n", Dialect::Oslo),
            2,
            "`Debug` is not an oslo.config option name",
        );
        assert!(help(&d).contains("write `debug`"), "{d}");
        only(
            errors("[DEFAULT]\nlog dir = /var/log\n", Dialect::Oslo),
            2,
            "`log dir`",
        );
    }

    #[test]
    fn oslo_inline_comment_is_part_of_value() {
        let d = only(
            warnings("[token]\nexpiration = 3600 # one hour\n", Dialect::Oslo),
            2,
            "`# one hour` becomes part of the value",
        );
        assert_eq!(d.columns, Some((18, 28)));
    }

    #[test]
    fn transport_url_bad_scheme() {
        let d = only(
            errors(
                "[DEFAULT]\ntransport_url = rabit://o:p@controller1:5672/\n",
                Dialect::Oslo,
            ),
            2,
            "unknown transport scheme `rabit`",
        );
        assert_eq!(help(&d), "did you mean `rabbit`?");
    }

    #[test]
    fn transport_url_without_host() {
        only(
            errors("[DEFAULT]\ntransport_url = rabbit:///\n", Dialect::Oslo),
            2,
            "names no host",
        );
    }

    #[test]
    fn transport_url_not_a_url() {
        only(
            errors(
                "[DEFAULT]\ntransport_url = controller1:5672\n",
                Dialect::Oslo,
            ),
            2,
            "is not a transport URL",
        );
    }

    #[test]
    fn transport_url_bad_port() {
        let d = only(
            errors(
                "[DEFAULT]\ntransport_url = rabbit://o:p@controller1:5672,o:p@controller2:56x2/\n",
                Dialect::Oslo,
            ),
            2,
            "port `56x2`",
        );
        assert!(help(&d).contains("URL-encode"), "{d}");
    }

    #[test]
    fn transport_url_password_with_slash() {
        // The `/` in the password ends the host list early, leaving `p` where a port should be.
        only(
            errors(
                "[DEFAULT]\ntransport_url = rabbit://openstack:p/ss@controller1:5672/\n",
                Dialect::Oslo,
            ),
            2,
            "port",
        );
    }

    #[test]
    fn transport_url_stray_comma() {
        only(
            errors(
                "[DEFAULT]\ntransport_url = rabbit://o:p@controller1:5672,,o:p@controller2:5672/\n",
                Dialect::Oslo,
            ),
            2,
            "stray comma",
        );
    }

    #[test]
    fn sql_connection_plain_mysql_warns() {
        let d = only(
            warnings(
                "[database]\nconnection = mysql://keystone:pw@controller/keystone\n",
                Dialect::Oslo,
            ),
            2,
            "MySQLdb",
        );
        assert!(help(&d).contains("mysql+pymysql://"), "{d}");
    }

    #[test]
    fn sql_connection_unknown_dialect() {
        let d = only(
            errors(
                "[api_database]\nconnection = mysql+pymsql://nova:pw@controller/nova_api\n",
                Dialect::Oslo,
            ),
            2,
            "unknown SQLAlchemy dialect",
        );
        assert_eq!(help(&d), "did you mean `mysql+pymysql`?");
    }

    #[test]
    fn sql_connection_without_database() {
        only(
            errors(
                "[database]\nconnection = mysql+pymysql://keystone:pw@controller/\n",
                Dialect::Oslo,
            ),
            2,
            "names no database",
        );
    }

    #[test]
    fn sql_connection_bad_host() {
        only(
            errors(
                "[database]\nconnection = mysql+pymysql://keystone:pw@contr oller/keystone\n",
                Dialect::Oslo,
            ),
            2,
            "neither an IP address nor a host name",
        );
    }

    #[test]
    fn sql_connection_only_in_database_groups() {
        assert_eq!(
            errors(
                "[oslo_messaging_rabbit]\nconnection = whatever\n",
                Dialect::Oslo
            ),
            Vec::new()
        );
    }

    #[test]
    fn memcache_servers_need_ports() {
        let d = only(
            errors(
                "[cache]\nmemcache_servers = controller1:11211,controller2,controller3:11211\n",
                Dialect::Oslo,
            ),
            2,
            "`controller2` has no port",
        );
        assert_eq!(help(&d), "write `controller2:11211`");
        only(
            errors(
                "[cache]\nmemcache_servers = controller1:11211,\n",
                Dialect::Oslo,
            ),
            2,
            "stray comma",
        );
        only(
            errors(
                "[cache]\nmemcache_servers = 10.0.0.300:11211\n",
                Dialect::Oslo,
            ),
            2,
            "`10.0.0.300` is neither",
        );
        assert_eq!(
            errors(
                "[cache]\nmemcache_servers = inet6:[fd00::11]:11211,unix:/run/memcached.sock\n",
                Dialect::Oslo
            ),
            Vec::new()
        );
    }

    #[test]
    fn boolean_looking_keys() {
        let d = only(
            errors("[cache]\nenabled = maybe\n", Dialect::Oslo),
            2,
            "`enabled` is a boolean option but has `maybe`",
        );
        assert!(help(&d).contains("`true` or `false`"), "{d}");
        only(
            errors("[DEFAULT]\nuse_syslog =\n", Dialect::Oslo),
            2,
            "an empty value",
        );
        only(
            errors(
                "[oslo_middleware]\nenable_proxy_headers_parsing = yes-please\n",
                Dialect::Oslo,
            ),
            2,
            "yes-please",
        );
    }

    #[test]
    fn mariadb_unknown_group() {
        let d = only(
            errors("[mysqd]\nport = 3306\n", Dialect::Mariadb),
            1,
            "`[mysqd]` is not an option group",
        );
        assert!(help(&d).starts_with("did you mean `[mysqld]`?"), "{d}");
        assert_eq!(
            check(
                "[mysqld.1]\nport = 3306\n[mysqld2]\nport = 3307\n[mariadbd-10.11]\nport = 3306\n",
                Dialect::Mariadb
            ),
            Vec::new()
        );
    }

    #[test]
    fn mariadb_wsrep_on() {
        only(
            errors("[galera]\nwsrep_on = yes\n", Dialect::Mariadb),
            2,
            "ON or OFF",
        );
    }

    #[test]
    fn mariadb_wsrep_provider_absolute() {
        let d = only(
            errors(
                "[galera]\nwsrep_provider = libgalera_smm.so\n",
                Dialect::Mariadb,
            ),
            2,
            "needs an absolute path",
        );
        assert!(help(&d).contains("/usr/lib/galera/libgalera_smm.so"), "{d}");
    }

    #[test]
    fn mariadb_empty_gcomm() {
        let d = only(
            errors(
                "[galera]\nwsrep_cluster_address = gcomm://\n",
                Dialect::Mariadb,
            ),
            2,
            "bootstraps a new cluster",
        );
        assert!(help(&d).contains("galera_new_cluster"), "{d}");
    }

    #[test]
    fn mariadb_cluster_address_form() {
        only(
            errors(
                "[galera]\nwsrep_cluster_address = controller1,controller2\n",
                Dialect::Mariadb,
            ),
            2,
            "not a `gcomm://` address",
        );
        only(
            errors(
                "[galera]\nwsrep_cluster_address = gcomm://controller1:45x7\n",
                Dialect::Mariadb,
            ),
            2,
            "port `45x7`",
        );
        only(
            errors(
                "[galera]\nwsrep_cluster_address = gcomm://contr_oller1\n",
                Dialect::Mariadb,
            ),
            2,
            "neither an IP address",
        );
    }

    #[test]
    fn mariadb_binlog_format() {
        let d = only(
            errors(
                "[galera]\nwsrep_on = ON\nbinlog_format = ROWS\n",
                Dialect::Mariadb,
            ),
            3,
            "`ROWS` is not a valid value",
        );
        assert!(help(&d).starts_with("did you mean `ROW`?"), "{d}");
        let d = only(
            errors(
                "[galera]\nwsrep_on = ON\nbinlog_format = MIXED\n",
                Dialect::Mariadb,
            ),
            3,
            "binlog_format `MIXED` with Galera",
        );
        assert!(help(&d).contains("ROW"), "{d}");
        // Without Galera, statement-based logging is a valid choice.
        assert_eq!(
            errors("[mysqld]\nbinlog_format = MIXED\n", Dialect::Mariadb),
            Vec::new()
        );
    }

    #[test]
    fn mariadb_storage_engine() {
        let d = only(
            warnings(
                "[mysqld]\ndefault_storage_engine = MyISAM\n",
                Dialect::Mariadb,
            ),
            2,
            "instead of InnoDB",
        );
        assert!(help(&d).contains("only InnoDB"), "{d}");
    }

    #[test]
    fn mariadb_autoinc_lock_mode() {
        only(
            errors(
                "[galera]\nwsrep_on = ON\ninnodb_autoinc_lock_mode = 1\n",
                Dialect::Mariadb,
            ),
            3,
            "innodb_autoinc_lock_mode `1` with Galera",
        );
        only(
            errors("[mysqld]\ninnodb_autoinc_lock_mode = 4\n", Dialect::Mariadb),
            2,
            "`4` is not a valid value",
        );
    }

    #[test]
    fn mariadb_sst_method() {
        let d = only(
            warnings("[galera]\nwsrep_sst_method = rsync\n", Dialect::Mariadb),
            2,
            "blocks the donor",
        );
        assert!(help(&d).contains("mariabackup"), "{d}");
        let d = only(
            errors(
                "[galera]\nwsrep_sst_method = mariabakup\n",
                Dialect::Mariadb,
            ),
            2,
            "`mariabakup` is not a valid value",
        );
        assert!(help(&d).starts_with("did you mean `mariabackup`?"), "{d}");
    }

    #[test]
    fn mariadb_bind_address() {
        only(
            errors("[mysqld]\nbind-address = 10.0.0.256\n", Dialect::Mariadb),
            2,
            "`10.0.0.256` is neither",
        );
        assert_eq!(
            errors("[mysqld]\nbind-address = 10.0.0.11,::1\n", Dialect::Mariadb),
            Vec::new()
        );
    }

    #[test]
    fn mariadb_numeric_options() {
        let d = only(
            errors("[mysqld]\nmax_connections = lots\n", Dialect::Mariadb),
            2,
            "needs a whole number, not `lots`",
        );
        assert_eq!(d.columns, Some((18, 22)));
        only(
            errors("[galera]\nwsrep_slave_threads = 0\n", Dialect::Mariadb),
            2,
            "needs a whole number",
        );
        only(
            errors(
                "[mysqld]\ninnodb_buffer_pool_size = 2GB\n",
                Dialect::Mariadb,
            ),
            2,
            "needs a size",
        );
        only(
            errors("[mysqld]\nmax_connections\n", Dialect::Mariadb),
            2,
            "needs a value",
        );
    }

    #[test]
    fn mariadb_option_typo() {
        let d = only(
            errors("[mysqld]\ninnodb_autoinc_lock_mdoe = 2\n", Dialect::Mariadb),
            2,
            "unknown option `innodb_autoinc_lock_mdoe`",
        );
        assert!(
            help(&d).starts_with("did you mean `innodb_autoinc_lock_mode`?"),
            "{d}"
        );
        let d = only(
            errors(
                "[galera]\nwsrep-cluster-adress = gcomm://controller1\n",
                Dialect::Mariadb,
            ),
            2,
            "unknown option",
        );
        assert!(
            help(&d).starts_with("did you mean `wsrep_cluster_address`?"),
            "{d}"
        );
        // With `loose-` mariadbd only warns, and so do we.
        only(
            warnings(
                "[mysqld]\nloose-innodb_autoinc_lock_mdoe = 2\n",
                Dialect::Mariadb,
            ),
            2,
            "unknown option",
        );
    }

    #[test]
    fn mariadb_unique_prefix_warns() {
        let d = only(
            warnings("[mysqld]\ninnodb_buffer_pool = 1G\n", Dialect::Mariadb),
            2,
            "not a MariaDB 10.11 option",
        );
        assert!(help(&d).contains("innodb_buffer_pool_size"), "{d}");
    }

    #[test]
    fn mariadb_removed_option() {
        only(
            errors(
                "[mysqld]\ninnodb_log_files_in_group = 2\n",
                Dialect::Mariadb,
            ),
            2,
            "removed in MariaDB 10.6",
        );
    }

    #[test]
    fn mariadb_provider_option_typo() {
        let d = only(
            errors(
                "[galera]\nwsrep_provider_options = \"gcache.sise=32M\"\n",
                Dialect::Mariadb,
            ),
            2,
            "`gcache.sise`",
        );
        assert!(help(&d).starts_with("did you mean `gcache.size`?"), "{d}");
    }

    #[test]
    fn mariadb_client_groups_are_not_server_checked() {
        assert_eq!(
            check(
                "[client]\nport = 3306\nmax_connections = lots\n",
                Dialect::Mariadb
            ),
            Vec::new()
        );
    }

    #[test]
    fn strip_end_comment_follows_mariadb() {
        assert_eq!(strip_end_comment("a # b"), ("a ", None));
        assert_eq!(strip_end_comment("'a#b'"), ("'a#b'", None));
        assert_eq!(strip_end_comment("\"a\\\"#"), ("\"a\\\"#", Some('"')));
    }
}
