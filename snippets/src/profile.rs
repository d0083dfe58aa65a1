//! The deployment profile: controllers, VIPs, networks and secret placeholders.
//!
//! Every page of the guide renders from one profile, so an address or a name is the same on every
//! page. The default profile is embedded; a book can name another file in book.toml.

use crate::diag::did_you_mean;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

/// The profile the guide ships with. Its IP plan keeps the Install Guide's management network
/// (10.0.0.0/24, where the learning controller is 10.0.0.11) and puts the VIP on an address the
/// Install Guide never uses, so the old controller can become `controller1` in place.
pub const DEFAULT_PROFILE: &str = include_str!("../profiles/default.toml");

/// Cluster sizes that are pre-rendered and pre-validated for the deployment panel.
pub const PANEL_SIZES: &[usize] = &[3, 5];

/// A deployment profile as written in TOML.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Cluster-wide names.
    pub cluster: Cluster,
    /// Networks by role: `management`, `public`, `provider`, `storage`, `bmc`.
    pub networks: BTreeMap<String, Network>,
    /// Virtual IPs by role: `internal` and `public`.
    pub vips: BTreeMap<String, Vip>,
    /// The controllers, in the order they join the cluster.
    pub controllers: Vec<Controller>,
    /// Compute nodes, for the pages that show what the controllers hand off to them.
    #[serde(default)]
    pub compute_nodes: Vec<Controller>,
    /// Swift storage nodes (account, container and object servers).
    #[serde(default)]
    pub object_nodes: Vec<Controller>,
    /// Secret placeholders, named as in the Install Guide (`RABBIT_PASS` and so on).
    pub secrets: BTreeMap<String, String>,
    /// Where this profile was read from, for error messages.
    #[serde(skip)]
    pub source: ProfileSource,
}

/// Where a profile came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ProfileSource {
    /// The embedded default.
    #[default]
    Embedded,
    /// A file.
    File(PathBuf),
}

impl std::fmt::Display for ProfileSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProfileSource::Embedded => f.write_str("<embedded default profile>"),
            ProfileSource::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Cluster-wide settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// The Corosync/Pacemaker cluster name.
    pub name: String,
    /// The DNS domain of the controllers.
    pub domain: String,
}

/// A network the controllers are attached to.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Network address with prefix length, such as `10.0.0.0/24`.
    pub cidr: String,
    /// The interface (usually a bond) that carries it on every controller.
    pub interface: String,
    /// What the network is for, shown in the IP plan table.
    pub purpose: String,
}

/// A virtual IP address.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vip {
    /// The host name that resolves to the VIP.
    pub name: String,
    /// The address.
    pub address: String,
    /// The network (a key of `networks`) the VIP lives on.
    pub network: String,
}

/// One controller node.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Controller {
    /// Short host name (`controller1`).
    pub name: String,
    /// Address on each network, keyed by network role (`management`, `storage`, `bmc`, ...).
    pub addresses: BTreeMap<String, String>,
}

impl Profile {
    /// The embedded default profile.
    pub fn default_profile() -> Result<Profile, Error> {
        Profile::parse(DEFAULT_PROFILE, ProfileSource::Embedded)
    }

    /// Reads a profile file.
    pub fn load(path: &Path) -> Result<Profile, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Profile::parse(&text, ProfileSource::File(path.to_path_buf()))
    }

    /// Parses and checks a profile.
    pub fn parse(text: &str, source: ProfileSource) -> Result<Profile, Error> {
        let mut profile: Profile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| crate::diag::line_of(text, s.start))
                .unwrap_or(0);
            Error::Profile {
                source_name: source.to_string(),
                line,
                message: e.message().to_string(),
            }
        })?;
        profile.source = source;
        profile.check(text)?;
        Ok(profile)
    }

    /// Number of controllers.
    pub fn size(&self) -> usize {
        self.controllers.len()
    }

    /// Checks what serde cannot: addresses, names, uniqueness and references between tables.
    fn check(&self, text: &str) -> Result<(), Error> {
        let fail = |needle: &str, message: String| Error::Profile {
            source_name: self.source.to_string(),
            line: text
                .find(needle)
                .map(|o| crate::diag::line_of(text, o))
                .unwrap_or(0),
            message,
        };
        let mut nets = BTreeMap::new();
        for (role, net) in &self.networks {
            let parsed = parse_cidr(&net.cidr).ok_or_else(|| {
                fail(
                    &net.cidr,
                    format!(
                        "network `{role}`: `{}` is not an IPv4 network such as 10.0.0.0/24",
                        net.cidr
                    ),
                )
            })?;
            check_interface(&net.interface)
                .map_err(|m| fail(&net.interface, format!("network `{role}`: {m}")))?;
            nets.insert(role.as_str(), parsed);
        }
        if self.controllers.is_empty() {
            return Err(fail(
                "[[controllers]]",
                "a profile needs at least one controller".into(),
            ));
        }
        let mut names = BTreeSet::new();
        let mut addrs = BTreeSet::new();
        for c in self.all_nodes() {
            check_hostname(&c.name, false)
                .map_err(|m| fail(&c.name, format!("node `{}`: {m}", c.name)))?;
            if !names.insert(c.name.as_str()) {
                return Err(fail(
                    &c.name,
                    format!("node name `{}` is used twice", c.name),
                ));
            }
            if !c.addresses.contains_key("management") {
                return Err(fail(
                    &c.name,
                    format!("node `{}` has no `management` address", c.name),
                ));
            }
            for (role, addr) in &c.addresses {
                let Some(net) = nets.get(role.as_str()) else {
                    let hint = did_you_mean(role, nets.keys().copied()).unwrap_or_default();
                    return Err(fail(
                        role,
                        format!("node `{}`: unknown network `{role}` {hint}", c.name),
                    ));
                };
                check_in_network(addr, net)
                    .map_err(|m| fail(addr, format!("node `{}` {role} address: {m}", c.name)))?;
                if !addrs.insert(addr.as_str()) {
                    return Err(fail(addr, format!("address {addr} is used twice")));
                }
            }
        }
        for (role, vip) in &self.vips {
            check_hostname(&vip.name, true)
                .map_err(|m| fail(&vip.name, format!("VIP `{role}`: {m}")))?;
            let Some(net) = nets.get(vip.network.as_str()) else {
                return Err(fail(
                    &vip.network,
                    format!("VIP `{role}`: unknown network `{}`", vip.network),
                ));
            };
            check_in_network(&vip.address, net)
                .map_err(|m| fail(&vip.address, format!("VIP `{role}`: {m}")))?;
            if !addrs.insert(vip.address.as_str()) {
                return Err(fail(
                    &vip.address,
                    format!("VIP `{role}` address {} is also a node's", vip.address),
                ));
            }
        }
        for required in ["internal", "public"] {
            if !self.vips.contains_key(required) {
                return Err(fail(
                    "[vips",
                    format!("the profile needs a `{required}` VIP"),
                ));
            }
        }
        for (name, value) in &self.secrets {
            if !name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(fail(
                    name,
                    format!(
                        "secret `{name}` should be named like the Install Guide's placeholders (RABBIT_PASS)"
                    ),
                ));
            }
            if value.is_empty()
                || value
                    .chars()
                    .any(|c| c.is_whitespace() || "'\"\\$`@:/#".contains(c))
            {
                return Err(fail(
                    name,
                    format!(
                        "secret `{name}` must be non-empty without spaces, quotes or URL delimiters (@ : / #), because it is written into URLs and shell commands"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Every node the profile names: controllers first, then compute and object nodes.
    pub fn all_nodes(&self) -> impl Iterator<Item = &Controller> {
        self.controllers
            .iter()
            .chain(&self.compute_nodes)
            .chain(&self.object_nodes)
    }

    /// This profile with `n` controllers: extra ones continue the naming and addressing pattern of
    /// the last, and surplus ones are dropped. Used for the panel's pre-rendered sizes.
    pub fn with_size(&self, n: usize) -> Result<Profile, Error> {
        let mut p = self.clone();
        p.controllers.truncate(n.max(1));
        while p.controllers.len() < n {
            let last = p
                .controllers
                .last()
                .cloned()
                .ok_or_else(|| Error::Profile {
                    source_name: self.source.to_string(),
                    line: 0,
                    message: "a profile needs at least one controller".into(),
                })?;
            let name = bump_name(&last.name, p.controllers.len() + 1);
            let addresses = last
                .addresses
                .iter()
                .map(|(role, a)| (role.clone(), bump_address(a)))
                .collect();
            p.controllers.push(Controller { name, addresses });
        }
        let text = toml::to_string(&p).unwrap_or_default();
        p.check(&text)?;
        Ok(p)
    }

    /// The values handed to templates: the profile plus derived facts (prefix lengths, node ids).
    pub fn context(&self) -> serde_json::Value {
        let networks: serde_json::Map<String, serde_json::Value> = self
            .networks
            .iter()
            .map(|(role, n)| {
                let (addr, prefix) = parse_cidr(&n.cidr).unwrap_or((Ipv4Addr::UNSPECIFIED, 0));
                (
                    role.clone(),
                    serde_json::json!({
                        "cidr": n.cidr, "interface": n.interface, "purpose": n.purpose,
                        "address": addr.to_string(), "prefix": prefix, "netmask": netmask(prefix).to_string(),
                    }),
                )
            })
            .collect();
        let vips: serde_json::Map<String, serde_json::Value> = self
            .vips
            .iter()
            .map(|(role, v)| {
                let net = self.networks.get(&v.network);
                let prefix = net.and_then(|n| parse_cidr(&n.cidr)).map(|(_, p)| p).unwrap_or(32);
                (
                    role.clone(),
                    serde_json::json!({
                        "name": v.name, "address": v.address, "network": v.network, "prefix": prefix,
                        "interface": net.map(|n| n.interface.as_str()).unwrap_or_default(),
                    }),
                )
            })
            .collect();
        // Every node gets its name, FQDN, position and an address per network; controllers
        // also get their Corosync node id.
        let hosts = |nodes: &[Controller]| -> Vec<serde_json::Value> {
            nodes
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut v = serde_json::json!({
                        "name": c.name,
                        "fqdn": format!("{}.{}", c.name, self.cluster.domain),
                        "index": i,
                        "first": i == 0,
                    });
                    for (role, a) in &c.addresses {
                        v[role.as_str()] = serde_json::Value::String(a.clone());
                    }
                    v
                })
                .collect()
        };
        let mut controllers = hosts(&self.controllers);
        for (i, c) in controllers.iter_mut().enumerate() {
            c["nodeid"] = serde_json::json!(i + 1);
        }
        serde_json::json!({
            "compute_nodes": hosts(&self.compute_nodes),
            "object_nodes": hosts(&self.object_nodes),
            "cluster": { "name": self.cluster.name, "domain": self.cluster.domain, "size": self.size(),
                         "quorum": self.size() / 2 + 1, "two_node": self.size() == 2 },
            "networks": networks,
            "vips": vips,
            "controllers": controllers,
            "secrets": self.secrets,
        })
    }

    /// The paths of the values a reader may change in the deployment panel, with their values.
    /// Rendering marks these so the HTML can substitute them without re-running templates.
    pub fn editable_values(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (role, v) in &self.vips {
            out.push((format!("vips.{role}.address"), v.address.clone()));
            out.push((format!("vips.{role}.name"), v.name.clone()));
        }
        for (i, c) in self.controllers.iter().enumerate() {
            out.push((format!("controllers.{i}.name"), c.name.clone()));
            if let Some(a) = c.addresses.get("management") {
                out.push((format!("controllers.{i}.management"), a.clone()));
            }
        }
        out
    }
}

fn check_interface(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 15
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a Linux interface name (1-15 letters, digits, - _ .)"
        ))
    }
}

/// Checks an RFC 1123 host name; `dotted` allows a fully qualified name.
pub fn check_hostname(name: &str, dotted: bool) -> Result<(), String> {
    let labels: Vec<&str> = name.split('.').collect();
    if !dotted && labels.len() > 1 {
        return Err(format!("`{name}` should be a short host name without dots"));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if name.len() > 253 || !labels.iter().all(|l| label_ok(l)) {
        return Err(format!(
            "`{name}` is not a valid host name (lower-case letters, digits and inner hyphens)"
        ));
    }
    Ok(())
}

/// Parses `a.b.c.d/len`.
pub fn parse_cidr(cidr: &str) -> Option<(Ipv4Addr, u8)> {
    let (a, p) = cidr.split_once('/')?;
    let addr: Ipv4Addr = a.parse().ok()?;
    let prefix: u8 = p.parse().ok().filter(|p| *p <= 32)?;
    (u32::from(addr) & !u32::from(netmask(prefix)) == 0).then_some((addr, prefix))
}

fn netmask(prefix: u8) -> Ipv4Addr {
    Ipv4Addr::from(if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    })
}

fn check_in_network(addr: &str, (net, prefix): &(Ipv4Addr, u8)) -> Result<(), String> {
    let a: Ipv4Addr = addr
        .parse()
        .map_err(|_| format!("`{addr}` is not an IPv4 address"))?;
    let mask = u32::from(netmask(*prefix));
    if u32::from(a) & mask != u32::from(*net) {
        return Err(format!("{addr} is outside {net}/{prefix}"));
    }
    let host = u32::from(a) & !mask;
    if *prefix < 31 && (host == 0 || host == !mask) {
        return Err(format!(
            "{addr} is the network or broadcast address of {net}/{prefix}"
        ));
    }
    Ok(())
}

fn bump_name(last: &str, n: usize) -> String {
    let stem = last.trim_end_matches(|c: char| c.is_ascii_digit());
    format!("{stem}{n}")
}

fn bump_address(a: &str) -> String {
    a.parse::<Ipv4Addr>()
        .map(|ip| Ipv4Addr::from(u32::from(ip).wrapping_add(1)).to_string())
        .unwrap_or_else(|_| a.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_is_valid_and_avoids_install_guide_controller_address() {
        let p = Profile::default_profile().expect("default profile");
        assert_eq!(p.size(), 3);
        for vip in p.vips.values() {
            assert_ne!(
                vip.address, "10.0.0.11",
                "the Install Guide's controller is 10.0.0.11"
            );
        }
    }

    #[test]
    fn resizing_continues_the_pattern() {
        let p = Profile::default_profile()
            .expect("default profile")
            .with_size(5)
            .expect("five");
        assert_eq!(p.controllers[4].name, "controller5");
        assert_eq!(p.controllers[4].addresses["management"], "10.0.0.15");
    }

    #[test]
    fn rejects_bad_addresses_with_line() {
        let text = DEFAULT_PROFILE.replace("10.0.0.12", "10.0.0.300");
        let err = Profile::parse(&text, ProfileSource::Embedded).expect_err("bad address");
        let msg = err.to_string();
        assert!(msg.contains("10.0.0.300") && msg.contains(':'), "{msg}");
    }

    #[test]
    fn rejects_address_outside_its_network() {
        let text = DEFAULT_PROFILE.replace("10.0.0.13", "10.9.0.13");
        let err = Profile::parse(&text, ProfileSource::Embedded).expect_err("outside");
        assert!(err.to_string().contains("outside 10.0.0.0/24"), "{err}");
    }

    #[test]
    fn rejects_unknown_fields() {
        let text = DEFAULT_PROFILE.replace("[cluster]", "[cluster]\nnmae = \"x\"");
        assert!(Profile::parse(&text, ProfileSource::Embedded).is_err());
    }

    #[test]
    fn rejects_duplicate_names_and_bad_secrets() {
        let text = DEFAULT_PROFILE.replace("\"controller2\"", "\"controller1\"");
        assert!(Profile::parse(&text, ProfileSource::Embedded).is_err());
        let text =
            DEFAULT_PROFILE.replace("RABBIT_PASS = \"RABBIT_PASS\"", "RABBIT_PASS = \"a b\"");
        assert!(Profile::parse(&text, ProfileSource::Embedded).is_err());
    }
}
