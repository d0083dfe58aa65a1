//! One object of an inventory.

use std::fmt;

/// One line of an inventory: an object that other projects can link to.
///
/// Domains and roles are open strings (`std:label`, `py:function`,
/// `oslo.config:option`, `http:get`, `c:function`, …): any extension can
/// add a domain, so a closed enum would reject real inventories.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The object's name, for example a label (`keystone-install-configure-ubuntu`),
    /// a glossary term (`Virtual IP`) or a dotted Python name. May contain spaces.
    pub name: String,
    /// The domain: the part of the type before its first `:` (`std`, `py`,
    /// `oslo.config`).
    pub domain: String,
    /// The object type within the domain: the part after the first `:`
    /// (`label`, `doc`, `term`, `option`, `get`).
    pub role: String,
    /// Search priority: 0 important, 1 default, 2 unimportant, -1 never shown
    /// in search. Sphinx 9 reads but does not keep it; version 1 inventories
    /// have none and get 1.
    pub priority: i32,
    /// The location relative to the inventory's base URL, with a trailing
    /// `$` already replaced by the name (`install/keystone-install-ubuntu.html#keystone-install-configure-ubuntu`).
    /// May be empty: Sphinx's dirhtml builder writes the root document that way.
    pub location: String,
    /// The display name, or `None` where the inventory says `-` ("same as the
    /// name"; for `:ref:` and friends Sphinx then shows the link text).
    pub dispname: Option<String>,
}

impl Entry {
    /// The text to show for this object: the display name, or the name when
    /// the inventory says `-`.
    pub fn display_name(&self) -> &str {
        self.dispname.as_deref().unwrap_or(&self.name)
    }

    /// The type as written in the inventory, `domain:role`.
    pub fn objtype(&self) -> String {
        format!("{}:{}", self.domain, self.role)
    }

    /// The full URL of the object, joined to `base` the way intersphinx does
    /// it (`posixpath.join(base, location)`): a location starting with `/`
    /// replaces the base, otherwise a `/` is inserted unless `base` is empty
    /// or already ends with one.
    pub fn url(&self, base: &str) -> String {
        posix_join(base, &self.location)
    }
}

impl fmt::Display for Entry {
    /// The line as Sphinx would write it, without the `$` and `-` shorthands.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}:{} {} {} {}",
            self.name,
            self.domain,
            self.role,
            self.priority,
            self.location,
            self.dispname.as_deref().unwrap_or("-")
        )
    }
}

/// Python's `posixpath.join(a, b)` for two arguments.
pub(crate) fn posix_join(a: &str, b: &str) -> String {
    if b.starts_with('/') {
        b.to_owned()
    } else if a.is_empty() || a.ends_with('/') {
        format!("{a}{b}")
    } else {
        format!("{a}/{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(location: &str, dispname: Option<&str>) -> Entry {
        Entry {
            name: "lbl".into(),
            domain: "std".into(),
            role: "label".into(),
            priority: -1,
            location: location.into(),
            dispname: dispname.map(Into::into),
        }
    }

    #[test]
    fn url_joins_like_posixpath() {
        let e = entry("install/a.html#lbl", None);
        assert_eq!(
            e.url("https://x.invalid/keystone/latest/"),
            "https://x.invalid/keystone/latest/install/a.html#lbl"
        );
        assert_eq!(
            e.url("https://x.invalid/keystone"),
            "https://x.invalid/keystone/install/a.html#lbl"
        );
        assert_eq!(e.url(""), "install/a.html#lbl");
        assert_eq!(
            entry("/abs/a.html", None).url("https://x.invalid/k/"),
            "/abs/a.html"
        );
        assert_eq!(
            entry("", None).url("https://x.invalid/k"),
            "https://x.invalid/k/"
        );
    }

    #[test]
    fn display_name_falls_back_to_name() {
        assert_eq!(entry("a.html", None).display_name(), "lbl");
        assert_eq!(entry("a.html", Some("Title")).display_name(), "Title");
        assert_eq!(entry("a.html", Some("Title")).objtype(), "std:label");
    }
}
