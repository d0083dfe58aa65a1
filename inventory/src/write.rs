//! Writing a version 2 inventory the way Sphinx 9.0.4's `InventoryFile.dump`
//! does, refusing entries that would not read back unchanged.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;

use crate::error::WriteError;
use crate::line;
use crate::pystr::{collapse_space, is_line_boundary, is_space, rstrip};
use crate::read::to_entry;
use crate::{Entry, Inventory};

/// Sphinx's order: domains by name (`env.domains.sorted()`), then within a
/// domain `sorted(domain.get_objects())`, which sorts the tuples
/// `(fullname, dispname, type, docname, anchor, prio)`, so by name first and
/// the role only third: `genindex std:label`, `index std:doc`, `search std:label`.
///
/// The display name in that tuple is the real one (the name itself where
/// the file says `-`). The last three fields never decide anything for an
/// inventory without duplicates, since domain, name and role already
/// identify an entry; location and priority stand in for them.
/// Rust compares strings by UTF-8 bytes, which is code point order, as in Python.
pub(crate) fn sphinx_order(a: &Entry, b: &Entry) -> Ordering {
    (
        &a.domain,
        &a.name,
        a.display_name(),
        &a.role,
        &a.location,
        a.priority,
    )
        .cmp(&(
            &b.domain,
            &b.name,
            b.display_name(),
            &b.role,
            &b.location,
            b.priority,
        ))
}

pub(crate) fn to_bytes(inv: &Inventory) -> Result<Vec<u8>, WriteError> {
    check_duplicates(&inv.entries)?;
    let mut lines = Vec::with_capacity(inv.entries.len());
    // Check every line before compressing anything; report by original index.
    for (index, entry) in inv.entries.iter().enumerate() {
        lines.push((entry, format_line(index, entry)?));
    }
    lines.sort_by(|a, b| sphinx_order(a.0, b.0));

    let header = format!(
        "# Sphinx inventory version 2\n\
         # Project: {}\n\
         # Version: {}\n\
         # The remainder of this file is compressed using zlib.\n",
        collapse_space(&inv.project),
        collapse_space(&inv.version),
    );
    // Sphinx uses zlib.compressobj(9); any level reads back the same.
    let mut z = ZlibEncoder::new(header.into_bytes(), Compression::best());
    for (_, text) in &lines {
        z.write_all(text.as_bytes())?;
        z.write_all(b"\n")?;
    }
    Ok(z.finish()?)
}

fn check_duplicates(entries: &[Entry]) -> Result<(), WriteError> {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (second, e) in entries.iter().enumerate() {
        if let Some(&first) = seen.get(&(e.domain.as_str(), e.role.as_str(), e.name.as_str())) {
            return Err(WriteError::Duplicate {
                first,
                second,
                objtype: e.objtype(),
                name: e.name.clone(),
            });
        }
        seen.insert((&e.domain, &e.role, &e.name), second);
    }
    Ok(())
}

/// The display name as written: `-` when it adds nothing (absent, empty,
/// `-`, or equal to the name). Sphinx never writes an empty one, and a
/// reader would drop the line if it did.
fn written_dispname(e: &Entry) -> &str {
    match e.dispname.as_deref() {
        Some(d) if !d.is_empty() && d != e.name => d,
        _ => "-",
    }
}

/// The location with Sphinx's shorthand: an anchor that ends with the name
/// has that end replaced by `$`.
fn written_location(e: &Entry) -> String {
    if let Some((target, anchor)) = e.location.split_once('#')
        && let Some(prefix) = anchor.strip_suffix(e.name.as_str())
    {
        return format!("{target}#{prefix}$");
    }
    e.location.clone()
}

/// One line, `{name} {domain}:{role} {prio} {location} {dispname}`, after
/// checking that both readers return exactly `e` from it.
fn format_line(index: usize, e: &Entry) -> Result<String, WriteError> {
    let fail = |problem: String| WriteError::Unrepresentable {
        index,
        objtype: e.objtype(),
        name: e.name.clone(),
        problem,
    };
    let dispname = written_dispname(e);
    for (field, value) in [
        ("name", e.name.as_str()),
        ("domain", &e.domain),
        ("role", &e.role),
        ("location", &e.location),
        ("display name", dispname),
    ] {
        if let Some(c) = value.chars().find(|&c| is_line_boundary(c)) {
            return Err(fail(format!(
                "the {field} contains a line break (U+{:04X})",
                u32::from(c)
            )));
        }
    }
    if e.name.is_empty() {
        return Err(fail("the name is empty".into()));
    }
    if e.name.ends_with(is_space) {
        return Err(fail(
            "the name ends with whitespace, which readers strip".into(),
        ));
    }
    if e.domain.is_empty() || e.domain.contains(':') || e.domain.contains(is_space) {
        return Err(fail(
            "the domain must be non-empty, without ':' or whitespace".into(),
        ));
    }
    if e.role.is_empty() || e.role.contains(is_space) {
        return Err(fail(
            "the role must be non-empty, without whitespace".into(),
        ));
    }
    if e.location.contains(is_space) {
        return Err(fail("the location contains whitespace".into()));
    }
    if dispname.starts_with(is_space) || dispname.ends_with(is_space) {
        return Err(fail(
            "the display name starts or ends with whitespace, which readers strip".into(),
        ));
    }
    let location = written_location(e);
    if location == e.location && location.ends_with('$') {
        return Err(fail(
            "the location ends with '$', which readers replace with the name".into(),
        ));
    }
    let text = format!(
        "{} {}:{} {} {} {}",
        e.name, e.domain, e.role, e.priority, location, dispname
    );

    // The checks above are the known ways to go wrong; reading the line
    // back is the guarantee (it catches names like "a x:y 2 b", which the
    // regex splits too early).
    let expected = Entry {
        dispname: (dispname != "-").then(|| dispname.to_owned()),
        ..e.clone()
    };
    let stripped = rstrip(&text);
    let sphinx = line::sphinx(stripped)
        .filter(|f| f.objtype.contains(':'))
        .map(|f| to_entry(f).0);
    if sphinx.as_ref() != Some(&expected) {
        return Err(fail(match sphinx {
            Some(back) => format!(
                "Sphinx would read the line back as name {:?}, type {}, location {:?}, display name {:?}",
                back.name,
                back.objtype(),
                back.location,
                back.display_name()
            ),
            None => "Sphinx would skip the line".into(),
        }));
    }
    let lenient = line::lenient(stripped).map(|f| to_entry(f).0);
    if lenient.as_ref() != Some(&expected) {
        return Err(fail(
            "the lenient reading would not read the line back".into(),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, objtype: &str, location: &str, dispname: Option<&str>) -> Entry {
        let (domain, role) = objtype.split_once(':').expect("domain:role");
        Entry {
            name: name.into(),
            domain: domain.into(),
            role: role.into(),
            priority: -1,
            location: location.into(),
            dispname: dispname.map(Into::into),
        }
    }

    fn line(e: &Entry) -> Result<String, WriteError> {
        format_line(0, e)
    }

    #[test]
    fn dollar_and_dash_shorthands() {
        let e = entry(
            "ha-overview",
            "std:label",
            "intro/overview.html#ha-overview",
            Some("Overview"),
        );
        assert_eq!(
            line(&e).expect("ok"),
            "ha-overview std:label -1 intro/overview.html#$ Overview"
        );
        let e = entry(
            "OS_AUTH_URL",
            "std:envvar",
            "controller.html#envvar-OS_AUTH_URL",
            None,
        );
        assert_eq!(
            line(&e).expect("ok"),
            "OS_AUTH_URL std:envvar -1 controller.html#envvar-$ -"
        );
        // Same as the name, or empty: "-". No anchor: no "$".
        let e = entry("index", "std:doc", "index.html", Some("index"));
        assert_eq!(line(&e).expect("ok"), "index std:doc -1 index.html -");
        let e = entry("index", "std:doc", "index.html", Some(""));
        assert_eq!(line(&e).expect("ok"), "index std:doc -1 index.html -");
        // The anchor differs from the name (underscores become dashes).
        let e = entry(
            "redhat_configure_apache",
            "std:label",
            "a.html#redhat-configure-apache",
            Some("T"),
        );
        assert_eq!(
            line(&e).expect("ok"),
            "redhat_configure_apache std:label -1 a.html#redhat-configure-apache T"
        );
        // dirhtml's root document has an empty location: two spaces.
        let e = entry("index", "std:doc", "", Some("Welcome"));
        assert_eq!(line(&e).expect("ok"), "index std:doc -1  Welcome");
    }

    #[test]
    fn refuses_what_would_not_read_back() {
        let cases = [
            (entry("a\nb", "std:label", "x.html", None), "line break"),
            (entry("a\u{2028}b", "std:label", "x.html", None), "U+2028"),
            (
                entry("a", "std:label", "x.html", Some("t\u{85}u")),
                "line break",
            ),
            (entry("", "std:label", "x.html", None), "empty"),
            (
                entry("a ", "std:label", "x.html", None),
                "ends with whitespace",
            ),
            (entry("a", "std:la bel", "x.html", None), "role"),
            (
                Entry {
                    domain: "s:t".into(),
                    ..entry("a", "std:label", "x.html", None)
                },
                "domain",
            ),
            (
                entry("a", "std:label", "x y.html", None),
                "location contains whitespace",
            ),
            (entry("a", "std:label", "x.html#b$", None), "'$'"),
            (
                entry("a", "std:label", "x.html", Some(" T")),
                "display name starts",
            ),
            (
                entry("a x:y 2 b", "std:label", "x.html", None),
                r#"Sphinx would read the line back as name "a", type x:y, location "b""#,
            ),
        ];
        for (e, want) in cases {
            let err = line(&e).expect_err(&e.name).to_string();
            assert!(err.contains(want), "{err:?} should mention {want:?}");
        }
    }

    #[test]
    fn sorted_by_domain_then_name_then_role() {
        let mut v = [
            entry("search", "std:label", "search.html", Some("Search Page")),
            entry("os", "py:module", "os.html#module-os", None),
            entry("index", "std:doc", "index.html", Some("Home")),
            entry("genindex", "std:label", "genindex.html", Some("Index")),
            entry("Zeta", "std:term", "g.html#term-zeta", None),
            entry("abc", "c:function", "c.html#c.abc", None),
        ];
        v.sort_by(sphinx_order);
        let got: Vec<String> = v
            .iter()
            .map(|e| format!("{}:{} {}", e.domain, e.role, e.name))
            .collect();
        assert_eq!(
            got,
            [
                "c:function abc",
                "py:module os",
                "std:term Zeta",
                "std:label genindex",
                "std:doc index",
                "std:label search"
            ]
        );
    }
}
