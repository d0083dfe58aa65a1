//! Checks an OpenStack service's config file against the options the service really registers in
//! a given release, from the schemas `ci/generate-oslo-schemas.sh` generates with
//! `oslo-config-generator` (see `schema`).
//!
//! For every section and option it reports, as errors:
//! - groups and options the service does not read, with near matches, the group an option
//!   belongs to, and the release that has it when the two releases differ;
//! - values oslo.config rejects when the service reads them: integers, floats, booleans (with
//!   oslo's spellings), ports, lists, dicts, URIs, IP addresses, host names, ranges, choices,
//!   regular expressions and min/max ranges (`types`);
//! - options deprecated for removal, with the reason, which names what replaces them;
//! - options written under an old name or group, naming the new one, and options removed long
//!   ago, saying what replaced them (`removed`).
//!
//! Groups that exist only at run time (cinder backends, glance stores, auth plugin options...) are
//! checked as described in `dynamic`. Values that use `$option` interpolation are not type
//! checked. Syntax (headers, continuation lines, quotes, duplicates, letter case) is left to
//! `validate::ini`, which runs on the same text.

mod dynamic;
mod options;
mod parse;
mod removed;
mod schema;
mod types;

#[cfg(test)]
mod tests;

pub use schema::{RELEASES, SERVICES, opt_data_gz, schema_json};

use crate::diag::{Diagnostic, did_you_mean};

/// Checks `text` as the config file of `service` (`nova`, `glance-api`, `l3_agent`...) in
/// `release` (`2026.2`). An unknown service or release gives one error.
pub fn check(service: &str, release: &str, text: &str) -> Vec<Diagnostic> {
    let schema = match load(service, release) {
        Ok(schema) => schema,
        Err(d) => return vec![*d],
    };
    let plugins = match schema::plugins(release) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return vec![broken(&e)],
        None => None,
    };
    let doc = parse::parse(text);
    let views = dynamic::views(schema, &doc);
    let ctx = options::Ctx {
        schema,
        plugins,
        doc: &doc,
        views: &views,
    };
    let mut out: Vec<Diagnostic> = doc
        .sections
        .iter()
        .filter_map(|s| options::section(&ctx, s))
        .collect();
    let mut auth_groups: Vec<&String> = views
        .iter()
        .filter(|(_, v)| v.takes_auth_plugin())
        .map(|(g, _)| g)
        .collect();
    auth_groups.sort();
    out.extend(
        auth_groups
            .into_iter()
            .filter_map(|g| options::auth_type(&ctx, g)),
    );
    for e in &doc.entries {
        out.extend(options::entry(&ctx, e));
    }
    out.sort_by_key(|d| d.line);
    out
}

/// Checks `text` in `release`, or, when the text is the same for every release (`None`), in each
/// of them: a finding of only some releases says which.
pub fn check_in(service: &str, release: Option<&str>, text: &str) -> Vec<Diagnostic> {
    if let Some(release) = release {
        return check(service, release, text);
    }
    let per_release: Vec<(&str, Vec<Diagnostic>)> = RELEASES
        .iter()
        .map(|r| (*r, check(service, r, text)))
        .collect();
    let mut out: Vec<Diagnostic> = Vec::new();
    for (release, found) in &per_release {
        for d in found {
            let seen_in: Vec<&str> = per_release
                .iter()
                .filter(|(_, other)| other.iter().any(|o| same(o, d)))
                .map(|(r, _)| *r)
                .collect();
            if seen_in.first() != Some(release) {
                continue; // reported with the first release that has it
            }
            let mut d = d.clone();
            if seen_in.len() < per_release.len() {
                d.message = format!("{} (in {} only)", d.message, seen_in.join(", "));
            }
            out.push(d);
        }
    }
    out.sort_by_key(|d| d.line);
    out
}

fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.line == b.line && a.severity == b.severity && a.message == b.message
}

fn load(service: &str, release: &str) -> Result<&'static schema::Schema, Box<Diagnostic>> {
    if schema::files(release).is_none() {
        let help = did_you_mean(release, RELEASES.iter().copied())
            .unwrap_or_else(|| format!("the schemas are for {}", RELEASES.join(" and ")));
        return Err(Box::new(
            Diagnostic::error(
                0,
                format!("no oslo.config schema for OpenStack release `{release}`"),
            )
            .help(help),
        ));
    }
    if service == "swift" {
        return Err(Box::new(
            Diagnostic::error(0, "swift does not read its files with oslo.config, so there is no `oslo:swift` schema")
                .help("give swift's files the `ini` format"),
        ));
    }
    if !SERVICES.contains(&service) {
        let help = did_you_mean(service, SERVICES.iter().copied())
            .unwrap_or_else(|| format!("the services with a schema are {}", SERVICES.join(", ")));
        return Err(Box::new(
            Diagnostic::error(0, format!("no oslo.config schema for service `{service}`"))
                .help(help),
        ));
    }
    match schema::schema(release, service) {
        Some(Ok(schema)) => Ok(schema),
        Some(Err(e)) => Err(Box::new(broken(&e))),
        None => Err(Box::new(Diagnostic::error(
            0,
            format!("no oslo.config schema for {service} in {release}"),
        ))),
    }
}

fn broken(reason: &str) -> Diagnostic {
    Diagnostic::error(
        0,
        format!("the embedded oslo.config schema is broken: {reason}"),
    )
    .help("regenerate it with `bash ci/generate-oslo-schemas.sh`")
}
