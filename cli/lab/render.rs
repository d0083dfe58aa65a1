//! The guide's snippets, rendered with the lab profile, and the record of every change the lab
//! makes to them before they run. A change is a literal text replacement that must match: if a
//! snippet is edited so that the text is gone, the lab fails instead of running something else.

use anyhow::{Context, Result, bail};
use haguide_preprocessors::lab_results::Rewrite;
use haguide_snippets::{Engine, Profile, Variant};

/// The engine and profile the lab renders with, plus the rewrites of the current scenario.
pub struct Snippets {
    pub engine: Engine,
    pub profile: Profile,
    pub rewrites: Vec<Rewrite>,
}

/// The distro the lab runs (Debian packages on this machine).
pub const DISTRO: &str = "debian";

impl Snippets {
    /// Renders `id` for `variant` (`distro=debian,node=controller1`; axes the snippet lacks are
    /// ignored, missing ones take their first value).
    pub fn rendered(&self, id: &str, variant: &str) -> Result<haguide_snippets::Rendered> {
        let meta = &self.engine.catalog().get(id)?.meta;
        let wanted: Vec<String> = variant
            .split(',')
            .filter(|kv| {
                kv.split_once('=')
                    .is_some_and(|(k, _)| meta.axes.iter().any(|a| a == k))
            })
            .map(str::to_string)
            .collect();
        let v = Variant::parse(&wanted.join(",")).map_err(anyhow::Error::msg)?;
        let v = self.engine.resolve_variant(id, &v, &self.profile)?;
        self.engine
            .render(id, &v, &self.profile)
            .with_context(|| format!("rendering {id} [{v}] with the lab profile"))
    }

    /// The rendered text of `id` for `variant`.
    pub fn render(&self, id: &str, variant: &str) -> Result<String> {
        Ok(self.rendered(id, variant)?.text)
    }

    /// The file a snippet represents for `variant` (`/etc/haproxy/haproxy.cfg`).
    pub fn target(&self, id: &str, variant: &str) -> Result<String> {
        self.rendered(id, variant)?
            .file
            .with_context(|| format!("{id} is a command sequence, not a file"))
    }

    /// Replaces `from` with `to` in `text` (every occurrence) and records it; an error if `from`
    /// does not occur.
    pub fn rewrite(
        &mut self,
        id: &str,
        text: &str,
        from: &str,
        to: &str,
        reason: &str,
    ) -> Result<String> {
        if !text.contains(from) {
            bail!(
                "{id}: the lab expected `{from}` in the rendered snippet to {reason}, and it is not there"
            );
        }
        let change = if to.is_empty() {
            format!("`{}` removed", from.trim())
        } else {
            format!("`{}` → `{}`", from.trim(), to.trim())
        };
        if !self
            .rewrites
            .iter()
            .any(|r| r.snippet == id && r.change == change)
        {
            self.rewrites.push(Rewrite {
                snippet: id.to_string(),
                change,
                reason: reason.to_string(),
            });
        }
        Ok(text.replace(from, to))
    }

    /// Records a change that is not a text replacement (how a command is run).
    pub fn note_rewrite(&mut self, id: &str, change: &str, reason: &str) {
        if !self
            .rewrites
            .iter()
            .any(|r| r.snippet == id && r.change == change)
        {
            self.rewrites.push(Rewrite {
                snippet: id.to_string(),
                change: change.to_string(),
                reason: reason.to_string(),
            });
        }
    }
}

/// The commands of a console snippet: the lines after the `# ` prompt, in order. The other lines
/// are the example output the page shows.
pub fn console_commands(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# "))
        .map(str::to_string)
        .collect()
}

/// The lines of a shell snippet that are not comments, for the progress log.
pub fn shell_summary(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .take(2)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A shell snippet with the lines matching `drop` taken out (each recorded by the caller).
pub fn without_lines(text: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut out: String = text
        .lines()
        .filter(|l| !drop(l))
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_lines() {
        let text = "# echo a\noutput\n# for n in 1 2; do echo $n; done\n1\n2\n";
        assert_eq!(
            console_commands(text),
            vec!["echo a", "for n in 1 2; do echo $n; done"]
        );
    }

    #[test]
    fn rewrites_must_match() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (engine, profile) =
            crate::snippet_cmd::load(root, Some(&root.join("snippets/profiles/lab.toml")))
                .expect("load");
        let mut s = Snippets {
            engine,
            profile,
            rewrites: Vec::new(),
        };
        let text = s
            .render(
                "keepalived/keepalived-conf",
                "distro=debian,node=controller2",
            )
            .expect("render");
        assert!(text.contains("unicast_src_ip 198.18.0.12"), "{text}");
        let changed = s
            .rewrite(
                "keepalived/keepalived-conf",
                &text,
                "virtual_router_id 51",
                "virtual_router_id 61",
                "test",
            )
            .expect("rewrite");
        assert!(changed.contains("virtual_router_id 61"));
        assert_eq!(s.rewrites.len(), 1);
        assert!(
            s.rewrite(
                "keepalived/keepalived-conf",
                &text,
                "no such text",
                "x",
                "test"
            )
            .is_err()
        );
    }
}
