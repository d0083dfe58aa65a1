//! The heading ids mdbook gives a chapter, so a preprocessor can check an anchor before the HTML
//! exists.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;

/// The ids of every heading: an explicit `{#id}`, or the id mdbook derives from the text (the
/// rule of mdbook-html's `normalize_id`: alphanumerics, `_` and `-` lowercased, whitespace to
/// `-`, the rest dropped). Duplicates get mdbook's `-1`, `-2` suffixes.
pub(crate) fn ids(markdown: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut text: Option<(String, Option<String>)> = None;
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                text = Some((String::new(), id.map(|i| i.to_string())));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((buf, _)) = text.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((buf, explicit)) = text.take() {
                    let base = explicit.unwrap_or_else(|| normalize(&buf));
                    let mut id = base.clone();
                    let mut n = 0;
                    while out.contains(&id) {
                        n += 1;
                        id = format!("{base}-{n}");
                    }
                    out.insert(id);
                }
            }
            _ => {}
        }
    }
    out
}

fn normalize(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_and_derived_ids() {
        let ids = ids(
            "# Title\n\n## Architecture B: VIPs in keepalived\n\n## Verify {#nova-verify}\n\n## Verify\n\n## Verify\n",
        );
        assert!(ids.contains("title"));
        assert!(ids.contains("architecture-b-vips-in-keepalived"));
        assert!(ids.contains("nova-verify"));
        assert!(
            ids.contains("verify") && ids.contains("verify-1"),
            "{ids:?}"
        );
    }
}
