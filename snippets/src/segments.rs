//! Segments: a rendered text split at the profile values a reader may change in the HTML
//! deployment panel (VIPs, controller names and addresses).
//!
//! The template is rendered a second time with those values wrapped in private-use markers. If
//! removing the markers gives back exactly the validated text, the values were copied verbatim and
//! the browser may swap them as plain text. If not (a helper transformed a value), the snippet is
//! left static rather than risk showing a config that was never validated.

use crate::profile::Profile;
use serde::Serialize;
use serde_json::Value;

const OPEN: char = '\u{E000}';
const MID: char = '\u{E001}';
const CLOSE: char = '\u{E002}';

/// A piece of rendered text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Segment {
    /// Text that does not depend on an editable value.
    Text(String),
    /// An editable value: `k` is its profile path (`vips.internal.address`), `v` the default.
    Value {
        /// Profile path.
        k: String,
        /// Value in the profile the text was rendered from.
        v: String,
    },
}

fn wrap(key: &str, value: &str) -> String {
    format!("{OPEN}{key}{MID}{value}{CLOSE}")
}

/// The profile's template context with every editable value wrapped in markers.
pub fn mark(profile: &Profile) -> Value {
    let mut ctx = profile.context();
    for (path, value) in profile.editable_values() {
        let parts: Vec<&str> = path.split('.').collect();
        let slot = parts
            .iter()
            .try_fold(&mut ctx, |v, p| match p.parse::<usize>() {
                Ok(i) => v.get_mut(i),
                Err(_) => v.get_mut(*p),
            });
        if let Some(slot) = slot {
            *slot = Value::String(wrap(&path, &value));
        }
    }
    // The FQDN is derived from the name, so it follows the name when a reader renames a node.
    if let Some(cs) = ctx["controllers"].as_array_mut() {
        for (i, c) in cs.iter_mut().enumerate() {
            if let (Some(name), Some(domain)) = (
                profile.controllers.get(i).map(|c| c.name.clone()),
                Some(profile.cluster.domain.clone()),
            ) {
                c["fqdn"] = Value::String(format!(
                    "{}.{domain}",
                    wrap(&format!("controllers.{i}.name"), &name)
                ));
            }
        }
    }
    ctx
}

/// Splits a marked rendering into segments, or `None` if it does not reproduce `plain` exactly.
pub fn split(marked: &str, plain: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    let mut rest = marked;
    while let Some(start) = rest.find(OPEN) {
        if start > 0 {
            out.push(Segment::Text(rest[..start].to_string()));
        }
        let after = &rest[start + OPEN.len_utf8()..];
        let mid = after.find(MID)?;
        let close = after.find(CLOSE)?;
        if close < mid {
            return None;
        }
        let key = &after[..mid];
        let value = &after[mid + MID.len_utf8()..close];
        if value.contains([OPEN, MID]) {
            return None;
        }
        out.push(Segment::Value {
            k: key.to_string(),
            v: value.to_string(),
        });
        rest = &after[close + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Segment::Text(rest.to_string()));
    }
    let rebuilt: String = out
        .iter()
        .map(|s| match s {
            Segment::Text(t) => t.as_str(),
            Segment::Value { v, .. } => v.as_str(),
        })
        .collect();
    (rebuilt == plain).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_round_trips() {
        let marked = format!("bind {}:5000\n", wrap("vips.internal.address", "10.0.0.10"));
        let segs = split(&marked, "bind 10.0.0.10:5000\n").expect("segments");
        assert_eq!(segs.len(), 3);
        assert_eq!(
            segs[1],
            Segment::Value {
                k: "vips.internal.address".into(),
                v: "10.0.0.10".into()
            }
        );
    }

    #[test]
    fn transformed_values_give_no_segments() {
        let marked = format!("x {}\n", wrap("vips.internal.name", "controller"));
        assert!(split(&marked, "x CONTROLLER\n").is_none());
    }
}
