//! Native validators, one module per format. Each one takes the rendered text and returns what
//! it found, with 1-based line numbers; none of them needs a network, a daemon or Python.
//!
//! The upstream tools (haproxy -c, keepalived -t, corosync -t, crm_verify...) run in CI on top of
//! these; these run on every render, so a broken config never reaches a page.

mod corosync;
mod crmsh;
mod django;
mod haproxy;
mod ini;
mod keepalived;
mod lex;
mod pacemaker;
mod pcs;
mod shell;
mod simple;
mod systemd;

use crate::diag::Diagnostic;
use crate::format::Format;

/// What a validator may need to know beyond the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// Command sequences of the same variant that run before this text, so Pacemaker commands
    /// may refer to resources those created.
    pub earlier: &'a [&'a str],
    /// The OpenStack release the text is for (`2026.2`), which picks the oslo.config schema.
    pub release: Option<&'a str>,
}

/// Validates `text` in its context (earlier commands, release). Formats that need no context
/// ignore it.
pub fn validate_in(format: &Format, ctx: Context<'_>, text: &str) -> Vec<Diagnostic> {
    if let Format::Oslo(service) = format {
        return finish(oslo(service, ctx.release, text), text);
    }
    validate_after(format, ctx.earlier, text)
}

/// Validates `text` as the continuation of `earlier` command sequences of the same variant, so
/// Pacemaker commands may refer to resources those created. Other formats ignore `earlier`.
pub fn validate_after(format: &Format, earlier: &[&str], text: &str) -> Vec<Diagnostic> {
    let found = match format {
        Format::Pcs => shell::check_after(earlier, text, shell::Expect::Pcs),
        Format::Crmsh => shell::check_after(earlier, text, shell::Expect::Crmsh),
        Format::Shell => shell::check_after(earlier, text, shell::Expect::Any),
        other => return validate(other, text),
    };
    finish(found, text)
}

/// Runs the native validator of `format` over `text`.
pub fn validate(format: &Format, text: &str) -> Vec<Diagnostic> {
    let found = match format {
        Format::Ini => ini::check(text, ini::Dialect::Generic),
        Format::Oslo(service) => oslo(service, None, text),
        Format::Mariadb => ini::check(text, ini::Dialect::Mariadb),
        Format::Haproxy => haproxy::check(text),
        Format::Keepalived => keepalived::check(text),
        Format::Corosync => corosync::check(text),
        Format::Pcs => shell::check(text, shell::Expect::Pcs),
        Format::Crmsh => shell::check(text, shell::Expect::Crmsh),
        // Rendering resolves `cluster` to pcs or crmsh by the variant; text alone cannot say which.
        Format::Cluster => vec![
            Diagnostic::error(0, "format `cluster` is resolved per variant")
                .help("check the text as `pcs` or `crmsh`"),
        ],
        Format::Shell => shell::check(text, shell::Expect::Any),
        Format::Console => shell::check_console(text),
        Format::Sysctl => simple::sysctl(text),
        Format::Rabbitmq => simple::rabbitmq(text),
        Format::Chrony => simple::chrony(text),
        Format::Memcached => simple::memcached(text),
        Format::DjangoSettings => django::check(text),
        Format::Systemd => systemd::check(text),
    };
    finish(found, text)
}

/// An oslo.config file: syntax and conventions (ini.rs), then the release's option schema. The
/// schema knows each option's real type, so the syntax check's name-based boolean guess is dropped
/// where the schema already reports the line. Without a release, every target release is checked.
fn oslo(service: &str, release: Option<&str>, text: &str) -> Vec<Diagnostic> {
    let schema = crate::oslo::check_in(service, release, text);
    let schema_lines: Vec<usize> = schema
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.line)
        .collect();
    let mut found: Vec<Diagnostic> = ini::check(text, ini::Dialect::Oslo)
        .into_iter()
        .filter(|d| !(d.message.contains("is a boolean option") && schema_lines.contains(&d.line)))
        .collect();
    found.extend(schema);
    found
}

fn finish(mut found: Vec<Diagnostic>, text: &str) -> Vec<Diagnostic> {
    found.extend(common(text));
    found.sort_by_key(|d| (d.line, std::cmp::Reverse(d.severity)));
    found
}

/// Checks every format shares: leftovers of templating and invisible characters.
fn common(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if text.trim().is_empty() {
        out.push(Diagnostic::error(0, "the rendered text is empty"));
    }
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.contains("{{") || line.contains("}}") {
            out.push(
                Diagnostic::error(n, "leftover template braces `{{`/`}}` in rendered text")
                    .at(line, if line.contains("{{") { "{{" } else { "}}" })
                    .help("a handlebars expression was not closed, or was escaped by mistake"),
            );
        }
        if let Some(pos) = line.find(['\u{a0}', '\u{200b}']) {
            out.push(
                Diagnostic::error(n, "invisible non-ASCII space in rendered text")
                    .columns(pos, pos + 1),
            );
        }
        if line.ends_with(' ') || line.ends_with('\t') {
            out.push(
                Diagnostic::warning(n, "trailing whitespace")
                    .columns(line.trim_end().len(), line.len()),
            );
        }
    }
    out
}

/// The errors of a validator's findings as `line: message (help)`, for tests that assert on both.
#[cfg(test)]
pub(crate) fn error_lines(found: Vec<Diagnostic>) -> Vec<String> {
    found
        .into_iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .map(|d| {
            format!(
                "{}: {}{}",
                d.line,
                d.message,
                d.help.map(|h| format!(" ({h})")).unwrap_or_default()
            )
        })
        .collect()
}
