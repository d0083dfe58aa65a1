//! `{{#profile-table}}`: the IP plan of the deployment profile as Markdown tables, so the
//! conventions page can never disagree with the configs.

use haguide_snippets::Profile;
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
            profile
                .controllers
                .iter()
                .any(|c| c.addresses.contains_key(*r))
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
    for c in &profile.controllers {
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
