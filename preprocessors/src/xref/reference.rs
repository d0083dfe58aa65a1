//! Parsing MyST-style inventory references: `inv:KEY:DOMAIN:ROLE#NAME` and its shorter forms.
//!
//! | written                         | inventory | type                 |
//! |---------------------------------|-----------|----------------------|
//! | `inv:keystone:std:label#x`      | keystone  | `std:label`          |
//! | `inv:keystone:label#x`          | keystone  | `std:label`          |
//! | `inv:keystone#x`                | keystone  | any (labels first)   |
//! | `inv:#x`                        | any       | any                  |
//!
//! `*` in a field matches anything. The name is percent-decoded, so a term with spaces can be
//! written `inv:glance:std:term#Virtual%20IP`.

use std::fmt;

/// A parsed reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The inventory key, or `None` for any.
    pub key: Option<String>,
    /// The domain (`std`, `py`, `oslo.config`), or `None` for any.
    pub domain: Option<String>,
    /// The role (`label`, `doc`, `term`), or `None` for any.
    pub role: Option<String>,
    /// The object's name.
    pub name: String,
}

impl Reference {
    /// Parses the destination of a link, which must start with `inv:`.
    pub fn parse(dest: &str) -> Result<Reference, String> {
        let Some(rest) = dest.strip_prefix("inv:") else {
            return Err(format!(
                "`{dest}` is not an inventory reference (they start with `inv:`)"
            ));
        };
        let Some((head, name)) = rest.split_once('#') else {
            return Err(format!(
                "`{dest}` has no `#name`: write `inv:KEY#name` or `inv:KEY:DOMAIN:ROLE#name`"
            ));
        };
        let name = percent_decode(name)?;
        if name.trim().is_empty() {
            return Err(format!("`{dest}` names no object after `#`"));
        }
        let field = |s: &str| (!s.is_empty() && s != "*").then(|| s.to_string());
        let parts: Vec<&str> = if head.is_empty() {
            Vec::new()
        } else {
            head.split(':').collect()
        };
        let (key, domain, role) = match parts.as_slice() {
            [] => (None, None, None),
            [key] => (field(key), None, None),
            [key, role] => (field(key), Some("std".to_string()), field(role)),
            [key, domain, role] => (field(key), field(domain), field(role)),
            _ => {
                // Domains may contain dots but not colons; roles may contain colons in a few
                // extensions (`http:get` is domain `http`, role `get`), so only 4+ parts are wrong.
                return Err(format!(
                    "`{dest}` has too many `:` fields: expected `inv:KEY:DOMAIN:ROLE#name`"
                ));
            }
        };
        Ok(Reference {
            key,
            domain,
            role,
            name,
        })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "*".to_string());
        write!(
            f,
            "inv:{}:{}:{}#{}",
            opt(&self.key),
            opt(&self.domain),
            opt(&self.role),
            self.name
        )
    }
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .ok_or_else(|| format!("bad percent escape in `{s}`"))?;
            let b = u8::from_str_radix(hex, 16)
                .map_err(|_| format!("bad percent escape `%{hex}` in `{s}`"))?;
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{s}` does not decode to UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_short_forms() {
        let r = Reference::parse("inv:keystone:std:label#keystone-install-configure-ubuntu")
            .expect("full");
        assert_eq!(
            (r.key.as_deref(), r.domain.as_deref(), r.role.as_deref()),
            (Some("keystone"), Some("std"), Some("label"))
        );
        let r = Reference::parse("inv:keystone#x").expect("short");
        assert_eq!(
            (r.key.as_deref(), r.domain, r.role),
            (Some("keystone"), None, None)
        );
        let r = Reference::parse("inv:#x").expect("any");
        assert_eq!(r.key, None);
        let r = Reference::parse("inv:install-guide:doc#environment-ntp").expect("role only");
        assert_eq!(
            (r.domain.as_deref(), r.role.as_deref()),
            (Some("std"), Some("doc"))
        );
        let r = Reference::parse("inv:glance:std:term#Virtual%20IP").expect("decoded");
        assert_eq!(r.name, "Virtual IP");
        let r = Reference::parse("inv:nova:oslo.config:option#DEFAULT.transport_url")
            .expect("ext domain");
        assert_eq!(r.domain.as_deref(), Some("oslo.config"));
    }

    #[test]
    fn malformed_references_are_explained() {
        assert!(
            Reference::parse("inv:keystone")
                .expect_err("no #")
                .contains("no `#name`")
        );
        assert!(
            Reference::parse("inv:a:b:c:d#x")
                .expect_err("4 parts")
                .contains("too many")
        );
        assert!(
            Reference::parse("inv:a#")
                .expect_err("empty")
                .contains("names no object")
        );
        assert!(Reference::parse("inv:a#%zz").is_err());
    }
}
