//! Value checks of oslo.config's `types` module: what `opt.type(value)` accepts when a service
//! reads the option, so a value that would stop the service at start-up fails the build instead.

use super::schema::{Kind, OptSpec};
use crate::diag::did_you_mean;
use std::net::IpAddr;

/// Why a value is rejected: a sentence, the part of the value to underline, and a fix.
#[derive(Debug, PartialEq)]
pub(super) struct Problem {
    pub(super) message: String,
    pub(super) needle: String,
    pub(super) help: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>, needle: &str) -> Self {
        Problem {
            message: message.into(),
            needle: needle.to_string(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// oslo.config's `types.Boolean`, compared in lower case.
const BOOLEANS: &[&str] = &["true", "1", "on", "yes", "false", "0", "off", "no"];

/// Checks `value` (quotes already removed) against `spec`.
pub(super) fn check(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    match spec.kind {
        Kind::Str | Kind::Multi => string(spec, value),
        Kind::Int | Kind::Port => integer(spec, value),
        Kind::Float => float(spec, value),
        Kind::Bool => boolean(value),
        Kind::List => list(spec, value),
        Kind::Dict => dict(spec, value),
        Kind::Uri => uri(spec, value),
        Kind::Ip => ip(spec, value),
        Kind::Hostname => hostname(value, false),
        // oslo.config's HostDomain derives from HostAddress: an IP address is accepted first.
        Kind::Hostdomain => host_address(value).or_else(|_| hostname(value, true)),
        Kind::Hostaddr => host_address(value),
        Kind::Range => range(spec, value),
        Kind::Unknown => Ok(()),
    }
}

/// A short description of the type, for messages and help.
pub(super) fn describe(spec: &OptSpec) -> String {
    let what = match spec.kind {
        Kind::Str => "a string",
        Kind::Multi => "a string per line (a multi-valued option)",
        Kind::Int => "an integer",
        Kind::Port => "a port number",
        Kind::Float => "a number",
        Kind::Bool => "a boolean",
        Kind::List => "a comma-separated list",
        Kind::Dict => "`key:value` pairs separated by commas",
        Kind::Uri => "a URI",
        Kind::Ip => "an IP address",
        Kind::Hostname => "a host name",
        Kind::Hostdomain => "a host or domain name",
        Kind::Hostaddr => "an IP address or a host name",
        Kind::Range => "a range such as `1-10`",
        Kind::Unknown => "a value",
    };
    what.to_string()
}

fn choices_of(spec: &OptSpec) -> Vec<String> {
    spec.choices
        .iter()
        .filter_map(|c| match c {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        })
        .collect()
}

fn string(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    let choices = choices_of(spec);
    if !choices.is_empty() {
        let matches = |c: &String| {
            if spec.ignore_case {
                c.eq_ignore_ascii_case(value)
            } else {
                c == value
            }
        };
        if !choices.iter().any(matches) {
            return Err(not_a_choice(value, &choices));
        }
    }
    if let Some(max) = spec.max_length
        && value.chars().count() > max
    {
        return Err(Problem::new(
            format!("`{value}` is longer than {max} characters"),
            value,
        ));
    }
    if let Some(pattern) = &spec.regex
        // A Python pattern the regex crate cannot read is left to the upstream validator.
        && let Ok(re) = regex::Regex::new(pattern)
        && !re.is_match(value)
    {
        return Err(
            Problem::new(format!("`{value}` does not match `{pattern}`"), value)
                .help("oslo.config checks this option's value with that regular expression"),
        );
    }
    Ok(())
}

fn not_a_choice(value: &str, choices: &[String]) -> Problem {
    let list = choices
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match did_you_mean(value, choices.iter().map(String::as_str)) {
        Some(hint) => format!("{hint} The valid values are {list}"),
        None => format!("the valid values are {list}"),
    };
    Problem::new(format!("{} is not a valid value", shown(value)), value).help(help)
}

/// A value in a message: quoted, or "an empty value".
fn shown(value: &str) -> String {
    if value.is_empty() {
        "an empty value".to_string()
    } else {
        format!("`{value}`")
    }
}

/// Python's `int()`: an optional sign, digits, single underscores between digits.
fn parse_int(value: &str) -> Option<i128> {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let well_formed = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !well_formed {
        return None;
    }
    value.replace('_', "").parse().ok()
}

fn integer(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    let value = value.trim();
    // `types.Integer` reads an empty value as "not set".
    if value.is_empty() {
        return Ok(());
    }
    let Some(n) = parse_int(value) else {
        return Err(
            Problem::new(format!("`{value}` is not {}", describe(spec)), value)
                .help("write a whole number such as `60`"),
        );
    };
    let choices = choices_of(spec);
    if !choices.is_empty() && !choices.iter().any(|c| parse_int(c) == Some(n)) {
        return Err(not_a_choice(value, &choices));
    }
    // Ports without their own bounds use types.Port's 0 to 65535.
    let (min, max) = match spec.kind {
        Kind::Port => (spec.min.or(Some(0.0)), spec.max.or(Some(65535.0))),
        _ => (spec.min, spec.max),
    };
    bounds(n as f64, value, min, max, true)
}

fn float(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    let Ok(n) = value.parse::<f64>() else {
        return Err(Problem::new(format!("`{value}` is not a number"), value)
            .help("write a number such as `1.5`"));
    };
    bounds(n, value, spec.min, spec.max, false)
}

fn bounds(
    n: f64,
    value: &str,
    min: Option<f64>,
    max: Option<f64>,
    whole: bool,
) -> Result<(), Problem> {
    let show = |b: f64| {
        if whole {
            format!("{}", b as i128)
        } else {
            format!("{b}")
        }
    };
    let range = match (min, max) {
        (Some(lo), Some(hi)) => format!("from {} to {}", show(lo), show(hi)),
        (Some(lo), None) => format!("of at least {}", show(lo)),
        (None, Some(hi)) => format!("of at most {}", show(hi)),
        (None, None) => return Ok(()),
    };
    if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) {
        return Err(Problem::new(
            format!("`{value}` is out of range: the option takes values {range}"),
            value,
        ));
    }
    Ok(())
}

fn boolean(value: &str) -> Result<(), Problem> {
    if BOOLEANS.iter().any(|b| b.eq_ignore_ascii_case(value)) {
        return Ok(());
    }
    Err(Problem::new(format!("{} is not a boolean", shown(value)), value).help(
        "oslo.config stops with `Unexpected boolean value`; write `true` or `false` (it also reads 1/0, on/off, yes/no)",
    ))
}

/// `types.List`: comma-separated items, a trailing comma ignored, each item of the item type.
fn list(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    let Some(item) = spec.item.as_deref() else {
        return Ok(());
    };
    for part in items(value) {
        check(item, part).map_err(|p| Problem {
            message: format!("item {}", p.message),
            ..p
        })?;
    }
    Ok(())
}

fn items(value: &str) -> impl Iterator<Item = &str> {
    let trimmed = value.trim().trim_end_matches(',');
    trimmed
        .split(',')
        .map(str::trim)
        .filter(move |_| !trimmed.is_empty())
}

/// `types.Dict`: `key:value` pairs separated by commas.
fn dict(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    let mut seen: Vec<&str> = Vec::new();
    for part in items(value) {
        let Some((key, val)) = part.split_once(':') else {
            return Err(
                Problem::new(format!("`{part}` is not a `key:value` pair"), part)
                    .help("write `key1:value1,key2:value2`"),
            );
        };
        let key = key.trim();
        if seen.contains(&key) {
            return Err(Problem::new(format!("key `{key}` is given twice"), part));
        }
        seen.push(key);
        if let Some(item) = spec.item.as_deref() {
            check(item, val.trim())?;
        }
    }
    Ok(())
}

/// `types.URI`: rfc3986 with a scheme and an authority (`scheme://...`).
fn uri(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    let form = "write a URI such as `http://controller:5000/v3`";
    let Some((scheme, rest)) = value.split_once("://") else {
        return Err(Problem::new(format!("`{value}` is not a URI"), value).help(form));
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || value.contains(char::is_whitespace) || rest.is_empty() {
        return Err(Problem::new(format!("`{value}` is not a URI"), value).help(form));
    }
    if !spec.schemes.is_empty() && !spec.schemes.iter().any(|s| s == scheme) {
        return Err(
            Problem::new(format!("URI scheme `{scheme}` is not allowed here"), scheme)
                .help(format!("use one of: {}", spec.schemes.join(", "))),
        );
    }
    if let Some(max) = spec.max_length
        && value.chars().count() > max
    {
        return Err(Problem::new(
            format!("the URI is longer than {max} characters"),
            value,
        ));
    }
    Ok(())
}

fn ip(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    let version_ok = match value.parse::<IpAddr>() {
        Ok(IpAddr::V4(_)) => spec.version != Some(6),
        Ok(IpAddr::V6(_)) => spec.version != Some(4),
        Err(_) => false,
    };
    if version_ok {
        return Ok(());
    }
    let what = match spec.version {
        Some(v) => format!("an IPv{v} address"),
        None => "an IP address".to_string(),
    };
    Err(Problem::new(format!("`{value}` is not {what}"), value))
}

/// `types.Hostname` (and `types.HostDomain`, which also allows `_`): RFC 1123 labels, an optional
/// final dot, and a last label that is not all digits.
fn hostname(value: &str, underscores: bool) -> Result<(), Problem> {
    let name = value.strip_suffix('.').unwrap_or(value);
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || (underscores && c == '_'))
    };
    let all_digits = name
        .rsplit('.')
        .next()
        .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()));
    if !name.is_empty() && name.len() <= 253 && name.split('.').all(label_ok) && !all_digits {
        return Ok(());
    }
    Err(
        Problem::new(format!("`{value}` is not a valid host name"), value)
            .help("host names are letters, digits and `-` in dot-separated labels"),
    )
}

fn host_address(value: &str) -> Result<(), Problem> {
    if value.parse::<IpAddr>().is_ok() || hostname(value, false).is_ok() {
        return Ok(());
    }
    Err(Problem::new(
        format!("`{value}` is neither an IP address nor a host name"),
        value,
    ))
}

/// `types.Range`: `N` or `N-M`, negatives allowed.
fn range(spec: &OptSpec, value: &str) -> Result<(), Problem> {
    let value = value.trim();
    // Split at a `-` that follows a digit, so `-5--1` reads as -5 to -1.
    let cut = value
        .char_indices()
        .skip(1)
        .find(|&(i, c)| c == '-' && value[..i].ends_with(|d: char| d.is_ascii_digit()))
        .map(|(i, _)| i);
    let (lo, hi) = match cut {
        Some(i) => (&value[..i], &value[i + 1..]),
        None => (value, value),
    };
    match (parse_int(lo), parse_int(hi)) {
        (Some(a), Some(b)) => {
            bounds(a as f64, value, spec.min, spec.max, true)?;
            bounds(b as f64, value, spec.min, spec.max, true)
        }
        _ => Err(Problem::new(format!("`{value}` is not a range"), value)
            .help("write `N` or `N-M`, such as `5000-5100`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> OptSpec {
        serde_json::from_str(json).expect("test spec")
    }

    #[test]
    fn booleans_follow_oslo() {
        let b = spec(r#"{"type":"bool"}"#);
        for ok in ["true", "False", "1", "0", "on", "OFF", "yes", "no"] {
            assert_eq!(check(&b, ok), Ok(()), "{ok}");
        }
        for bad in ["yes-please", "", "enabled", "2"] {
            assert!(check(&b, bad).is_err(), "{bad}");
        }
        assert_eq!(
            check(&b, "").expect_err("empty").message,
            "an empty value is not a boolean"
        );
    }

    #[test]
    fn integers_ranges_and_ports() {
        let i = spec(r#"{"type":"int","min":1,"max":10}"#);
        assert_eq!(check(&i, "5"), Ok(()));
        assert_eq!(check(&i, "+5"), Ok(()));
        assert_eq!(check(&i, ""), Ok(()), "empty is unset");
        let p = check(&i, "11").expect_err("11 > 10");
        assert_eq!(
            p.message,
            "`11` is out of range: the option takes values from 1 to 10"
        );
        assert!(check(&i, "three").is_err());
        assert!(check(&i, "1.5").is_err());
        assert!(check(&i, "1__0").is_err());
        let port = spec(r#"{"type":"port"}"#);
        assert_eq!(check(&port, "5672"), Ok(()));
        assert!(check(&port, "65536").is_err());
        let choice = spec(r#"{"type":"int","choices":[0,1,2]}"#);
        assert!(check(&choice, "3").is_err());
        assert_eq!(check(&choice, "2"), Ok(()));
    }

    #[test]
    fn floats() {
        let f = spec(r#"{"type":"float","min":0.0,"max":4.5}"#);
        assert_eq!(check(&f, "2.5"), Ok(()));
        assert_eq!(
            check(&f, "5").expect_err("above max").message,
            "`5` is out of range: the option takes values from 0 to 4.5"
        );
        assert!(check(&f, "fast").is_err());
    }

    #[test]
    fn string_choices_regex_and_length() {
        let s = spec(r#"{"type":"str","choices":["round-robin","shuffle",null]}"#);
        let p = check(&s, "randomly").expect_err("not a choice");
        assert_eq!(p.message, "`randomly` is not a valid value");
        assert!(
            p.help
                .as_deref()
                .is_some_and(|h| h.contains("`round-robin`, `shuffle`")),
            "{p:?}"
        );
        let r = spec(r#"{"type":"str","regex":"^\\d+:\\d+$"}"#);
        assert_eq!(check(&r, "10000:20000"), Ok(()));
        assert!(check(&r, "10000-20000").is_err());
        let ci = spec(r#"{"type":"str","choices":["PLAIN"],"ignore_case":true}"#);
        assert_eq!(check(&ci, "plain"), Ok(()));
        let l = spec(r#"{"type":"str","max_length":3}"#);
        assert!(check(&l, "abcd").is_err());
    }

    #[test]
    fn lists_and_dicts() {
        let l = spec(r#"{"type":"list","item":{"type":"str","choices":["a","b"]}}"#);
        assert_eq!(check(&l, "a, b,"), Ok(()));
        assert_eq!(check(&l, ""), Ok(()));
        assert_eq!(
            check(&l, "a,c").expect_err("c").message,
            "item `c` is not a valid value"
        );
        let ports = spec(r#"{"type":"list","item":{"type":"port"}}"#);
        assert!(check(&ports, "80,http").is_err());
        let d = spec(r#"{"type":"dict","item":{"type":"int"}}"#);
        assert_eq!(check(&d, "a:1,b:2"), Ok(()));
        assert!(check(&d, "a=1").is_err());
        assert!(check(&d, "a:1,a:2").is_err());
        assert!(check(&d, "a:x").is_err());
    }

    #[test]
    fn uris_addresses_and_names() {
        let u = spec(r#"{"type":"uri","schemes":["http","https"]}"#);
        assert_eq!(check(&u, "http://controller:5000/v3"), Ok(()));
        assert!(check(&u, "controller:5000").is_err());
        assert!(check(&u, "ftp://controller/").is_err());
        let ip4 = spec(r#"{"type":"ip","version":4}"#);
        assert_eq!(check(&ip4, "10.0.0.11"), Ok(()));
        assert!(check(&ip4, "fd00::1").is_err());
        assert!(check(&ip4, "10.0.0.256").is_err());
        let h = spec(r#"{"type":"hostaddr"}"#);
        assert_eq!(check(&h, "controller1.example.org"), Ok(()));
        assert_eq!(check(&h, "fd00::11"), Ok(()));
        assert!(check(&h, "contr oller").is_err());
        assert!(check(&spec(r#"{"type":"hostname"}"#), "under_score").is_err());
        assert_eq!(
            check(&spec(r#"{"type":"hostdomain"}"#), "under_score"),
            Ok(())
        );
        assert_eq!(
            check(&spec(r#"{"type":"hostdomain"}"#), "10.0.0.31"),
            Ok(())
        );
    }

    #[test]
    fn ranges() {
        let r = spec(r#"{"type":"range","min":0,"max":100}"#);
        assert_eq!(check(&r, "5-10"), Ok(()));
        assert_eq!(check(&r, "7"), Ok(()));
        assert!(check(&r, "5-200").is_err());
        assert!(check(&r, "a-b").is_err());
    }
}
