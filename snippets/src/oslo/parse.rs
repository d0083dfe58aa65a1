//! Reads an oslo.config file into sections and options, the way oslo.config's own parser does.
//!
//! It is lenient on purpose: `validate::ini` reports every syntax problem (unclosed headers,
//! keys outside a section, stray indentation...), so this parser only needs to recover the
//! options that oslo.config would see and skips what it cannot read.

use super::schema::lower_group;

/// A `[name]` header.
pub(super) struct Section<'a> {
    pub(super) line: usize,
    pub(super) text: &'a str,
    /// As written, blanks trimmed.
    pub(super) name: &'a str,
    /// As oslo.config looks it up: lower case, except `DEFAULT`.
    pub(super) group: String,
}

/// One `key = value` option, with continuation lines joined by `\n` as oslo.config joins them.
pub(super) struct Entry<'a> {
    pub(super) line: usize,
    pub(super) text: &'a str,
    /// Index into `Doc::sections`.
    pub(super) section: usize,
    pub(super) key: &'a str,
    /// With one pair of surrounding quotes removed, as oslo.config removes them.
    pub(super) value: String,
}

pub(super) struct Doc<'a> {
    pub(super) sections: Vec<Section<'a>>,
    pub(super) entries: Vec<Entry<'a>>,
}

impl Doc<'_> {
    /// The last value of `key` in every section named `section`: the one oslo.config uses.
    pub(super) fn value(&self, section: &str, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key == key && self.sections[e.section].group == section)
            .map(|e| e.value.as_str())
    }

    /// The entry that sets `key` in `section` last.
    pub(super) fn entry(&self, section: &str, key: &str) -> Option<&Entry<'_>> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key == key && self.sections[e.section].group == section)
    }
}

pub(super) fn parse(text: &str) -> Doc<'_> {
    let mut doc = Doc {
        sections: Vec::new(),
        entries: Vec::new(),
    };
    // The entry an indented line right below continues; a blank line or a new key ends it.
    let mut open: Option<usize> = None;
    for (i, text) in text.lines().enumerate() {
        let line = i + 1;
        let body = text.trim();
        if body.is_empty() {
            open = None;
            continue;
        }
        if text.starts_with([' ', '\t']) {
            if let Some(entry) = open.and_then(|e| doc.entries.get_mut(e)) {
                entry.value.push('\n');
                entry.value.push_str(body);
            }
            continue;
        }
        open = None;
        if body.starts_with(['#', ';']) {
            continue;
        }
        if let Some(rest) = body.strip_prefix('[') {
            let name = rest.split(']').next().unwrap_or_default().trim();
            doc.sections.push(Section {
                line,
                text,
                name,
                group: lower_group(name),
            });
            continue;
        }
        // Options before the first header are an error oslo.config stops at; ini reports it.
        let (Some(section), Some(pos)) = (doc.sections.len().checked_sub(1), body.find(['=', ':']))
        else {
            continue;
        };
        let key = body[..pos].trim();
        if key.is_empty() {
            continue;
        }
        doc.entries.push(Entry {
            line,
            text,
            section,
            key,
            value: unquote(body[pos + 1..].trim()).to_string(),
        });
        open = Some(doc.entries.len() - 1);
    }
    doc
}

/// oslo.config drops one pair of matching quotes around a value.
fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_entries_and_continuations() {
        let doc = parse(
            "# c\n[DEFAULT]\ndebug = true\n\n[pci]\nalias = {\"a\": 1,\n  \"b\": 2}\n; x\n[ Cache ]\nbackend: 'dogpile.cache.null'\n",
        );
        let names: Vec<_> = doc.sections.iter().map(|s| s.name).collect();
        assert_eq!(names, ["DEFAULT", "pci", "Cache"]);
        assert_eq!(doc.value("pci", "alias"), Some("{\"a\": 1,\n\"b\": 2}"));
        assert_eq!(doc.value("cache", "backend"), Some("dogpile.cache.null"));
        assert_eq!(doc.sections[2].group, "cache");
        assert_eq!(doc.entry("DEFAULT", "debug").map(|e| e.line), Some(3));
    }

    #[test]
    fn last_value_wins_and_keys_before_sections_are_skipped() {
        let doc = parse("stray = 1\n[DEFAULT]\na = 1\n[x]\na = 3\n[DEFAULT]\na = 2\n");
        assert_eq!(doc.entries.len(), 3);
        assert_eq!(doc.value("DEFAULT", "a"), Some("2"));
    }
}
