//! Finding an entry the way intersphinx resolves a reference
//! (`sphinx/ext/intersphinx/_resolve.py`, `_resolve_reference_in_domain_by_target`).

use crate::{Entry, Inventory};

/// Types that intersphinx also matches case-insensitively (Sphinx issues
/// 9291 for terms and 12008 for labels).
const CASE_INSENSITIVE_TYPES: &[(&str, &str)] = &[("std", "label"), ("std", "term")];

/// The result of [`Inventory::find`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<'a> {
    /// An entry with exactly this type and name.
    Exact(&'a Entry),
    /// No exact match, but names that equal it when lower-cased
    /// (`std:label` and `std:term` only).
    CaseInsensitive {
        /// The entry Sphinx links to: the first candidate in inventory order.
        chosen: &'a Entry,
        /// Every candidate, in inventory order, `chosen` first.
        candidates: Vec<&'a Entry>,
    },
}

impl<'a> Found<'a> {
    /// The entry a reference resolves to.
    pub fn entry(&self) -> &'a Entry {
        match self {
            Found::Exact(e) => e,
            Found::CaseInsensitive { chosen, .. } => chosen,
        }
    }

    /// True when the candidates point to different places or show different
    /// text; Sphinx then warns "multiple matches found" and takes the first.
    /// Candidates that agree are mere duplicates (Sphinx logs them at debug
    /// level only).
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Found::Exact(_) => false,
            Found::CaseInsensitive { chosen, candidates } => candidates
                .iter()
                .any(|c| c.location != chosen.location || c.dispname != chosen.dispname),
        }
    }
}

impl Inventory {
    /// Finds `name` among the entries of type `domain:role`: the exact name
    /// first, then, for `std:label` and `std:term` only, names equal to it
    /// after lower-casing (Python's `str.lower()`; Rust's `to_lowercase`
    /// implements the same full Unicode mapping, Final_Sigma included).
    ///
    /// Role aliases that intersphinx adds on top (a `:option:` reference
    /// also searching `std:option`, `:attr:` also `py:method`) are the
    /// caller's business: call `find` once per type.
    pub fn find(&self, domain: &str, role: &str, name: &str) -> Option<Found<'_>> {
        let of_type = || {
            self.entries
                .iter()
                .filter(move |e| e.domain == domain && e.role == role)
        };
        if let Some(e) = of_type().find(|e| e.name == name) {
            return Some(Found::Exact(e));
        }
        if !CASE_INSENSITIVE_TYPES.contains(&(domain, role)) {
            return None;
        }
        let lower = name.to_lowercase();
        let candidates: Vec<&Entry> = of_type()
            .filter(|e| e.name.to_lowercase() == lower)
            .collect();
        let chosen = *candidates.first()?;
        Some(Found::CaseInsensitive { chosen, candidates })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, objtype: &str, location: &str) -> Entry {
        let (domain, role) = objtype.split_once(':').expect("domain:role");
        Entry {
            name: name.into(),
            domain: domain.into(),
            role: role.into(),
            priority: -1,
            location: location.into(),
            dispname: None,
        }
    }

    fn inv() -> Inventory {
        Inventory {
            project: "p".into(),
            version: String::new(),
            entries: vec![
                entry("Verify", "std:label", "a.html#verify"),
                entry("VERIFY", "std:label", "b.html#verify"),
                entry("verify-ok", "std:label", "c.html#verify-ok"),
                entry("Verify-OK", "std:label", "c.html#verify-ok"),
                entry("Virtual IP", "std:term", "g.html#term-virtual-ip"),
                entry("Keystone", "py:module", "k.html#module-Keystone"),
                entry("verify", "std:doc", "verify.html"),
            ],
        }
    }

    #[test]
    fn exact_match_wins() {
        let inv = inv();
        let found = inv.find("std", "label", "VERIFY").expect("found");
        assert_eq!(found, Found::Exact(&inv.entries[1]));
        assert!(!found.is_ambiguous());
    }

    #[test]
    fn case_insensitive_with_ambiguity() {
        let inv = inv();
        let found = inv.find("std", "label", "verify").expect("found");
        assert_eq!(
            found.entry().location,
            "a.html#verify",
            "first in inventory order"
        );
        assert!(found.is_ambiguous());
        let Found::CaseInsensitive { candidates, .. } = &found else {
            panic!("expected a case-insensitive match");
        };
        assert_eq!(candidates.len(), 2);

        // Two spellings, same target: duplicates, not an ambiguity.
        let found = inv.find("std", "label", "VERIFY-ok").expect("found");
        assert!(!found.is_ambiguous());
        assert_eq!(found.entry().name, "verify-ok");

        assert_eq!(
            inv.find("std", "term", "virtual ip")
                .map(|f| f.entry().location.clone()),
            Some("g.html#term-virtual-ip".into())
        );
    }

    #[test]
    fn other_types_are_case_sensitive() {
        let inv = inv();
        assert!(inv.find("py", "module", "keystone").is_none());
        assert!(inv.find("std", "doc", "Verify").is_none());
        assert!(inv.find("std", "doc", "verify").is_some());
        assert!(inv.find("std", "label", "nothing").is_none());
    }
}
