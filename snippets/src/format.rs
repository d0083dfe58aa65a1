//! The formats a snippet can have, by the names used in snippet.toml and `haguide lint --format`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of text a snippet renders, which decides its validator and its code-block language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Format {
    /// A generic INI file: sections, `key = value`, no duplicate keys.
    Ini,
    /// An oslo.config file of one OpenStack service, such as `oslo:keystone`.
    Oslo(String),
    /// A MariaDB/Galera option file (`my.cnf` style).
    Mariadb,
    /// haproxy.cfg.
    Haproxy,
    /// keepalived.conf.
    Keepalived,
    /// corosync.conf.
    Corosync,
    /// A sequence of `pcs` commands (with any shell commands around them).
    Pcs,
    /// A sequence of `crm` commands (with any shell commands around them).
    Crmsh,
    /// Pacemaker commands in the variant's cluster tool: `pcs` for `tool=pcs`, `crmsh` for
    /// `tool=crmsh`. For snippets that vary on the `tool` axis.
    Cluster,
    /// A sequence of shell commands.
    Shell,
    /// Commands (lines starting with `# ` or `$ `) and the output they print.
    Console,
    /// A sysctl.d file.
    Sysctl,
    /// rabbitmq.conf (new-style, sysctl-like).
    Rabbitmq,
    /// chrony.conf.
    Chrony,
    /// memcached options (Debian's /etc/memcached.conf or RHEL's /etc/sysconfig/memcached).
    Memcached,
    /// A Django settings file, such as Horizon's local_settings.py.
    DjangoSettings,
    /// A systemd unit file (`.service`, `.socket`, `.timer`).
    Systemd,
}

/// Every format name, for help texts and near-match suggestions.
pub const FORMAT_NAMES: &[&str] = &[
    "ini",
    "oslo:<service>",
    "mariadb",
    "haproxy",
    "keepalived",
    "corosync",
    "pcs",
    "crmsh",
    "cluster",
    "shell",
    "console",
    "sysctl",
    "rabbitmq",
    "chrony",
    "memcached",
    "django-settings",
    "systemd",
];

impl Format {
    /// The name used in snippet.toml.
    pub fn name(&self) -> String {
        match self {
            Format::Oslo(service) => format!("oslo:{service}"),
            other => other.simple_name().to_string(),
        }
    }

    fn simple_name(&self) -> &'static str {
        match self {
            Format::Ini => "ini",
            Format::Oslo(_) => "oslo",
            Format::Mariadb => "mariadb",
            Format::Haproxy => "haproxy",
            Format::Keepalived => "keepalived",
            Format::Corosync => "corosync",
            Format::Pcs => "pcs",
            Format::Crmsh => "crmsh",
            Format::Cluster => "cluster",
            Format::Shell => "shell",
            Format::Console => "console",
            Format::Sysctl => "sysctl",
            Format::Rabbitmq => "rabbitmq",
            Format::Chrony => "chrony",
            Format::Memcached => "memcached",
            Format::DjangoSettings => "django-settings",
            Format::Systemd => "systemd",
        }
    }

    /// The code-block language: one highlight.js knows where there is one, never an empty or
    /// `rust` one, so `mdbook test` never tries to compile a config.
    pub fn code_language(&self) -> &'static str {
        match self {
            Format::Ini | Format::Oslo(_) | Format::Mariadb | Format::Systemd => "ini",
            Format::Pcs | Format::Crmsh | Format::Cluster | Format::Shell => "bash",
            Format::Console => "console",
            Format::DjangoSettings => "python",
            Format::Sysctl | Format::Rabbitmq => "properties",
            Format::Haproxy
            | Format::Keepalived
            | Format::Corosync
            | Format::Chrony
            | Format::Memcached => "text",
        }
    }

    /// File extension for `snippet render --all`.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Ini | Format::Oslo(_) => "conf",
            Format::Mariadb => "cnf",
            Format::Haproxy => "cfg",
            Format::Keepalived
            | Format::Corosync
            | Format::Chrony
            | Format::Sysctl
            | Format::Rabbitmq => "conf",
            Format::Memcached => "conf",
            Format::Pcs | Format::Crmsh | Format::Cluster | Format::Shell => "sh",
            Format::Console => "txt",
            Format::DjangoSettings => "py",
            Format::Systemd => "unit",
        }
    }

    /// True for formats that are commands to run rather than a file to write.
    pub fn is_commands(&self) -> bool {
        matches!(
            self,
            Format::Pcs | Format::Crmsh | Format::Cluster | Format::Shell | Format::Console
        )
    }

    /// The concrete format of a variant: `cluster` becomes `pcs` or `crmsh` by the variant's tool.
    pub fn for_variant(&self, variant: &crate::variant::Variant) -> Format {
        match (self, variant.get("tool")) {
            (Format::Cluster, Some("crmsh")) => Format::Crmsh,
            (Format::Cluster, _) => Format::Pcs,
            (other, _) => other.clone(),
        }
    }

    /// Guesses a format from a file path, for `haguide lint` without `--format`.
    pub fn guess(path: &std::path::Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?;
        let full = path.to_string_lossy();
        let by_name = match name {
            "haproxy.cfg" => Some(Format::Haproxy),
            "keepalived.conf" => Some(Format::Keepalived),
            "corosync.conf" => Some(Format::Corosync),
            "chrony.conf" => Some(Format::Chrony),
            "rabbitmq.conf" => Some(Format::Rabbitmq),
            "memcached.conf" | "memcached" => Some(Format::Memcached),
            "my.cnf" => Some(Format::Mariadb),
            "local_settings.py" | "local_settings" | "settings.py" => Some(Format::DjangoSettings),
            _ => None,
        };
        if by_name.is_some() {
            return by_name;
        }
        if [".service", ".socket", ".timer"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            return Some(Format::Systemd);
        }
        if full.contains("sysctl") {
            return Some(Format::Sysctl);
        }
        if name.ends_with(".cnf") {
            return Some(Format::Mariadb);
        }
        if name.ends_with(".crm") {
            return Some(Format::Crmsh);
        }
        if name.ends_with(".sh") {
            return Some(Format::Shell);
        }
        for service in OSLO_SERVICES {
            if name == format!("{service}.conf") || name == format!("{service}.ini") {
                return Some(Format::Oslo((*service).to_string()));
            }
        }
        if name.ends_with(".conf") || name.ends_with(".ini") {
            return Some(Format::Ini);
        }
        None
    }
}

/// OpenStack services whose main config file is `<service>.conf`.
pub const OSLO_SERVICES: &[&str] = &[
    "keystone",
    "glance-api",
    "nova",
    "neutron",
    "cinder",
    "placement",
    "heat",
    "ceilometer",
    "aodh",
    "gnocchi",
    "manila",
    "octavia",
    "designate",
    "barbican",
    "l3_agent",
    "dhcp_agent",
    "metadata_agent",
    "ml2_conf",
    "openvswitch_agent",
    "ovn_agent",
    "neutron_ovn_metadata_agent",
];

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        if let Some(service) = s.strip_prefix("oslo:") {
            if service.is_empty()
                || !service
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                return Err(format!(
                    "`{s}` needs a service name after `oslo:`, such as `oslo:keystone`"
                ));
            }
            return Ok(Format::Oslo(service.to_string()));
        }
        let all = [
            Format::Ini,
            Format::Mariadb,
            Format::Haproxy,
            Format::Keepalived,
            Format::Corosync,
            Format::Pcs,
            Format::Cluster,
            Format::Crmsh,
            Format::Shell,
            Format::Console,
            Format::Sysctl,
            Format::Rabbitmq,
            Format::Chrony,
            Format::Memcached,
            Format::DjangoSettings,
            Format::Systemd,
        ];
        all.into_iter()
            .find(|f| f.simple_name() == s)
            .ok_or_else(|| {
                let hint = crate::diag::did_you_mean(s, FORMAT_NAMES.iter().copied())
                    .unwrap_or_else(|| format!("expected one of {}", FORMAT_NAMES.join(", ")));
                format!("unknown format `{s}`: {hint}")
            })
    }
}

impl TryFrom<String> for Format {
    type Error = String;
    fn try_from(s: String) -> Result<Format, String> {
        s.parse()
    }
}

impl From<Format> for String {
    fn from(f: Format) -> String {
        f.name()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in [
            "ini",
            "oslo:keystone",
            "oslo:ml2_conf",
            "oslo:l3_agent",
            "haproxy",
            "pcs",
            "crmsh",
            "console",
            "systemd",
            "django-settings",
        ] {
            let f: Format = name.parse().expect(name);
            assert_eq!(f.name(), name);
        }
        assert!(
            "haprxy"
                .parse::<Format>()
                .expect_err("typo")
                .contains("did you mean `haproxy`")
        );
    }

    #[test]
    fn no_format_uses_a_language_rustdoc_compiles() {
        for name in FORMAT_NAMES {
            let f: Format = name.replace("<service>", "nova").parse().expect("format");
            assert!(!["", "rust"].contains(&f.code_language()));
        }
    }

    #[test]
    fn guesses_from_paths() {
        use std::path::Path;
        assert_eq!(
            Format::guess(Path::new("/etc/haproxy/haproxy.cfg")),
            Some(Format::Haproxy)
        );
        assert_eq!(
            Format::guess(Path::new("/etc/nova/nova.conf")),
            Some(Format::Oslo("nova".into()))
        );
        assert_eq!(
            Format::guess(Path::new("/etc/sysctl.d/60-x.conf")),
            Some(Format::Sysctl)
        );
    }
}
