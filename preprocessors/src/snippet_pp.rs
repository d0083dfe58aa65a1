//! The `haguide-snippets` preprocessor: replaces `{{#snippet ID [axis=value…]}}`,
//! `{{#profile PATH}}` and `{{#profile-table}}` with rendered, validated content.
//!
//! For the `test` renderer (stock `mdbook test`) it renders and validates every variant of every
//! snippet of the chapter and emits only `text` blocks, so rustdoc has nothing to compile.

use crate::directive::{self, Directive};
use crate::markup;
use crate::report::{BookErrors, Location};
use anyhow::Context as _;
use haguide_snippets::{Engine, Profile, SnippetConfig, Variant};
use mdbook_preprocessor::book::{Book, Chapter};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::collections::BTreeMap;
use std::path::Path;

/// The name in book.toml: `[preprocessor.haguide-snippets]`.
pub const NAME: &str = "haguide-snippets";

const DIRECTIVES: &[&str] = &[
    "snippet",
    "profile",
    "profile-table",
    "profile-secrets",
    "figure",
    "verification-report",
    "ha-strategy",
];

/// The snippet preprocessor.
#[derive(Debug, Default)]
pub struct SnippetPreprocessor;

impl Preprocessor for SnippetPreprocessor {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let config: SnippetConfig = ctx
            .config
            .get(&format!("preprocessor.{NAME}"))
            .with_context(|| format!("reading [preprocessor.{NAME}] in book.toml"))?
            .unwrap_or_default();
        config.check_keys(&format!("preprocessor.{NAME}"))?;
        let (engine, profile) = config.load(&ctx.root)?;
        let src_dir = ctx.root.join(&ctx.config.book.src);
        let strategy =
            haguide_snippets::strategy::Strategy::load(&ctx.root.join(&config.services))?;
        check_strategy_pages(&strategy, &book)?;
        let job = Job {
            strategy: &strategy,
            engine: &engine,
            profile: &profile,
            renderer: &ctx.renderer,
            select: &config.select,
            src_dir: &src_dir,
            figures: &ctx.root.join(&config.figures),
            report: &ctx.root.join(&config.verification_report),
        };
        let mut errors = BookErrors::default();
        book.for_each_chapter_mut(|chapter| job.chapter(chapter, &mut errors));
        errors.into_result()?;
        Ok(book)
    }
}

struct Job<'a> {
    strategy: &'a haguide_snippets::strategy::Strategy,
    engine: &'a Engine,
    profile: &'a Profile,
    renderer: &'a str,
    select: &'a BTreeMap<String, String>,
    src_dir: &'a Path,
    figures: &'a Path,
    report: &'a Path,
}

impl Job<'_> {
    fn chapter(&self, chapter: &mut Chapter, errors: &mut BookErrors) {
        let file = crate::report::chapter_file(chapter, self.src_dir);
        for fence in directive::unlabelled_fences(&chapter.content) {
            errors.push(
                Location { file: file.clone(), line: fence.line, column: 1 },
                "code block without a language".to_string(),
                Some("`mdbook test` compiles unlabelled code blocks as Rust; add `console`, `text` or the config's language after the backticks".to_string()),
            );
        }
        let found = directive::find(&chapter.content, DIRECTIVES);
        let mut anchors: BTreeMap<String, usize> = BTreeMap::new();
        let mut replacements = Vec::new();
        for d in found.iter().rev() {
            let at = Location {
                file: file.clone(),
                line: d.line,
                column: d.column,
            };
            match self.expand(d, &mut anchors, chapter.path.as_deref()) {
                Ok(text) => replacements.push((d.span.clone(), text)),
                Err((message, help)) => errors.push(at, message, help),
            }
        }
        for (span, text) in replacements {
            chapter.content.replace_range(span, &text);
        }
    }

    fn expand(
        &self,
        d: &Directive,
        anchors: &mut BTreeMap<String, usize>,
        chapter: Option<&Path>,
    ) -> Result<String, (String, Option<String>)> {
        match d.name.as_str() {
            "ha-strategy" => self.ha_strategy(d, chapter),
            "snippet" => self.snippet(d, anchors),
            "profile" => self.profile_value(d),
            "profile-table" => Ok(crate::profile_table::render(self.profile)),
            "profile-secrets" => crate::profile_table::secrets(self.profile, self.engine.catalog())
                .map_err(|m| (m, None)),
            "figure" => self.figure(d),
            "verification-report" => self.verification_report(),
            other => Err((format!("unknown directive `{other}`"), None)),
        }
    }

    fn snippet(
        &self,
        d: &Directive,
        anchors: &mut BTreeMap<String, usize>,
    ) -> Result<String, (String, Option<String>)> {
        let Some(id) = d.args.first() else {
            return Err((
                "`{{#snippet}}` needs a snippet id".into(),
                Some("write `{{#snippet haproxy/api-endpoints}}`".into()),
            ));
        };
        let wanted = Variant::parse(&d.args[1..].join(","))
            .map_err(|m| (format!("snippet `{id}`: {m}"), None))?;
        let all = self
            .engine
            .variants(id, self.profile)
            .map_err(split_error)?;
        if !wanted.0.is_empty() {
            // Fail early on an unknown axis or value, with suggestions.
            self.engine
                .resolve_variant(id, &wanted, self.profile)
                .map_err(split_error)?;
        }
        let chosen: Vec<&Variant> = all
            .iter()
            .filter(|v| {
                wanted
                    .0
                    .iter()
                    .all(|(k, val)| v.get(k).is_none_or(|x| x == val))
            })
            .filter(|v| {
                self.select
                    .iter()
                    .all(|(k, val)| v.get(k).is_none_or(|x| x == val))
            })
            .collect();
        if chosen.is_empty() {
            return Err((
                format!(
                    "snippet `{id}`: no variant matches `{wanted}` within this edition's selection {:?}",
                    self.select
                ),
                None,
            ));
        }
        // `mdbook test` validates every variant, not only the ones this page shows.
        let to_render: Vec<&Variant> = if self.renderer == "test" {
            all.iter().collect()
        } else {
            chosen.clone()
        };
        let mut rendered = Vec::new();
        for v in to_render {
            rendered.push(
                self.engine
                    .render(id, v, self.profile)
                    .map_err(split_error)?,
            );
        }
        for r in &rendered {
            if !r.warnings.is_empty() {
                let origin = format!("{} [{} {}]", r.target(), r.id, r.variant);
                eprint!(
                    "{}",
                    haguide_snippets::diag::render_report(&origin, &r.text, &r.warnings)
                );
            }
        }
        rendered.retain(|r| chosen.contains(&&r.variant));
        let axes = self.engine.axes_for(self.profile);
        let panels = markup::panels(&rendered, &axes);
        let axes_of_snippet = self
            .engine
            .catalog()
            .get(id)
            .map(|s| s.meta.axes.clone())
            .unwrap_or_default();
        Ok(match self.renderer {
            "html" => {
                let base = format!("snippet-{}", id.replace('/', "-"));
                let n = anchors.entry(base.clone()).or_insert(0);
                *n += 1;
                let anchor = if *n == 1 { base } else { format!("{base}-{n}") };
                markup::html(&panels, &anchor, &axes_of_snippet)
            }
            "test" => markup::print(&panels, Some("text")),
            _ => markup::print(&panels, None),
        })
    }

    /// `{{#figure ID}}`: the SVG inline in a figure element; `mdbook test` gets nothing to compile.
    fn figure(&self, d: &Directive) -> Result<String, (String, Option<String>)> {
        let [id] = d.args.as_slice() else {
            return Err((
                "`{{#figure}}` takes one figure id".into(),
                Some("write `{{#figure architecture}}`".into()),
            ));
        };
        let svg = haguide_snippets::figure::render(self.figures, id, self.profile)
            .map_err(split_error)?;
        // One line, so Markdown treats the whole SVG as a single HTML block.
        let inline: String = svg.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        Ok(match self.renderer {
            "test" => String::new(),
            _ => format!(
                "\n<figure class=\"hg-figure\" id=\"figure-{}\">{inline}</figure>\n",
                id.replace('/', "-")
            ),
        })
    }

    /// `{{#ha-strategy}}`: every service's processes as one table; `{{#ha-strategy ID}}`: one
    /// service's rows on its own page.
    fn ha_strategy(
        &self,
        d: &Directive,
        chapter: Option<&Path>,
    ) -> Result<String, (String, Option<String>)> {
        use haguide_snippets::strategy;
        match d.args.as_slice() {
            [] => Ok(strategy::table_markdown(
                self.strategy,
                chapter.unwrap_or(Path::new("")),
            )),
            [id] => {
                let service = self.strategy.service(id).map_err(|m| {
                    (
                        m,
                        Some("the files are in snippets/services/, one per service".to_string()),
                    )
                })?;
                Ok(strategy::service_markdown(service))
            }
            _ => Err((
                "`{{#ha-strategy}}` takes at most one service id".into(),
                Some("write `{{#ha-strategy nova}}`, or no id for the whole table".into()),
            )),
        }
    }

    /// `{{#verification-report}}`: the committed record of the last upstream check as tables.
    fn verification_report(&self) -> Result<String, (String, Option<String>)> {
        let text = std::fs::read_to_string(self.report).map_err(|e| {
            (
                format!(
                    "cannot read the verification record {}: {e}",
                    self.report.display()
                ),
                Some(
                    "run `bash ci/upstream-check.sh` (it writes the record) and commit it"
                        .to_string(),
                ),
            )
        })?;
        let report: haguide_snippets::verification::BookReport = serde_json::from_str(&text)
            .map_err(|e| {
                (
                    format!(
                        "{} is not a verification record: {e}",
                        self.report.display()
                    ),
                    None,
                )
            })?;
        Ok(report.to_markdown())
    }

    fn profile_value(&self, d: &Directive) -> Result<String, (String, Option<String>)> {
        let [path] = d.args.as_slice() else {
            return Err((
                "`{{#profile}}` takes one profile path".into(),
                Some("write `{{#profile vips.internal.address}}`".into()),
            ));
        };
        let ctx = self.profile.context();
        let mut v = &ctx;
        for part in path.split('.') {
            let next = match part.parse::<usize>() {
                Ok(i) => v.get(i),
                Err(_) => v.get(part),
            };
            v = match next {
                Some(n) => n,
                None => {
                    let known: Vec<String> = leaf_paths(&ctx);
                    let hint = haguide_snippets::diag::did_you_mean(
                        path,
                        known.iter().map(String::as_str),
                    );
                    return Err((format!("`{path}` is not in the deployment profile"), hint));
                }
            };
        }
        match v {
            serde_json::Value::String(s) => Ok(s.clone()),
            serde_json::Value::Number(n) => Ok(n.to_string()),
            serde_json::Value::Bool(b) => Ok(b.to_string()),
            _ => Err((format!("`{path}` is a table, not a value"), None)),
        }
    }
}

/// Every service file must name a chapter of this book and headings of that chapter, or its
/// links would lead nowhere; checked here so the error names the service file, not the HTML.
fn check_strategy_pages(
    strategy: &haguide_snippets::strategy::Strategy,
    book: &Book,
) -> anyhow::Result<()> {
    let mut pages = BTreeMap::new();
    for item in book.iter() {
        if let mdbook_preprocessor::book::BookItem::Chapter(c) = item
            && let Some(p) = &c.path
        {
            pages.insert(
                p.to_string_lossy().replace('\\', "/"),
                crate::headings::ids(&c.content),
            );
        }
    }
    strategy.check_pages(&pages)?;
    Ok(())
}

fn leaf_paths(v: &serde_json::Value) -> Vec<String> {
    fn walk(v: &serde_json::Value, prefix: String, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, c) in m {
                    walk(
                        c,
                        if prefix.is_empty() {
                            k.clone()
                        } else {
                            format!("{prefix}.{k}")
                        },
                        out,
                    );
                }
            }
            serde_json::Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    walk(c, format!("{prefix}.{i}"), out);
                }
            }
            _ => out.push(prefix),
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

/// Splits a snippet error into message and help so the report can show the help on its own line.
fn split_error(e: haguide_snippets::Error) -> (String, Option<String>) {
    let text = e.to_string();
    match text.split_once("\n  help: ") {
        Some((m, h)) => (m.to_string(), Some(h.to_string())),
        None => (text, None),
    }
}
