//! `{{#profile-table}}`: the IP plan of the deployment profile as Markdown tables, so the
//! conventions page can never disagree with the configs.

use haguide_snippets::{Catalog, Profile};
use std::fmt::Write;

/// The networks table and the hosts table.
pub(crate) fn render(profile: &Profile) -> String {
    let mut out = String::from("| Network | CIDR | Interface | Carries |\n|---|---|---|---|\n");
    for (role, n) in &profile.networks {
        let _ = writeln!(
            out,
            "| {role} | `{}` | `{}` | {} |",
            n.cidr, n.interface, n.purpose
        );
    }
    let roles: Vec<&String> = profile
        .networks
        .keys()
        .filter(|r| {
            profile.all_nodes().any(|c| c.addresses.contains_key(*r))
                || profile.vips.values().any(|v| &&v.network == r)
        })
        .collect();
    out.push_str("\n| Host | ");
    out.push_str(
        &roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
    );
    out.push_str(" |\n|---|");
    out.push_str(&"---|".repeat(roles.len()));
    out.push('\n');
    for (role, vip) in &profile.vips {
        let _ = write!(out, "| `{}` ({role} VIP) |", vip.name);
        for r in &roles {
            let cell = if &&vip.network == r {
                format!(" `{}` |", vip.address)
            } else {
                " |".to_string()
            };
            out.push_str(&cell);
        }
        out.push('\n');
    }
    for c in profile.all_nodes() {
        let _ = write!(out, "| `{}` |", c.name);
        for r in &roles {
            let cell = c
                .addresses
                .get(*r)
                .map(|a| format!(" `{a}` |"))
                .unwrap_or_else(|| " |".to_string());
            out.push_str(&cell);
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

/// `{{#profile-secrets}}`: every placeholder of the profile with the snippets that use it, read
/// from the templates themselves so the list cannot go stale.
pub(crate) fn secrets(profile: &Profile, catalog: &Catalog) -> Result<String, String> {
    let mut used: std::collections::BTreeMap<&str, Vec<&str>> = profile
        .secrets
        .keys()
        .map(|k| (k.as_str(), Vec::new()))
        .collect();
    for snippet in catalog.snippets.values() {
        let mut text = String::new();
        for t in &snippet.templates {
            text += &std::fs::read_to_string(&t.path)
                .map_err(|e| format!("cannot read {}: {e}", t.path.display()))?;
        }
        for (name, ids) in used.iter_mut() {
            if text.contains(&format!("secrets.{name}")) {
                ids.push(snippet.id.as_str());
            }
        }
    }
    let mut out = String::from("| Placeholder | Used by the snippets |\n|---|---|\n");
    for (name, ids) in used {
        let list = if ids.is_empty() {
            "none yet (kept for the Install Guide's steps)".to_string()
        } else {
            ids.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "| `{name}` | {list} |");
    }
    out.push('\n');
    Ok(out)
}
