//! The `haguide-snippets` preprocessor: replaces `{{#snippet ID [axis=value…]}}`,
//! `{{#profile PATH}}` and `{{#profile-table}}` with rendered, validated content.
//!
//! For the `test` renderer (stock `mdbook test`) it renders and validates every variant of every
//! snippet of the chapter and emits only `text` blocks, so rustdoc has nothing to compile.

use crate::deployment::{self, Sizes};
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
    "lab-results",
    "lab-chart",
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
        // The deployment panel exists only in the HTML book; other renderers show the profile.
        let sizes = (ctx.renderer == "html").then(|| {
            let (sizes, warnings) = Sizes::new(&profile);
            for w in warnings {
                eprintln!("warning: {w}");
            }
            sizes
        });
        let job = Job {
            strategy: &strategy,
            engine: &engine,
            profile: &profile,
            renderer: &ctx.renderer,
            select: &config.select,
            src_dir: &src_dir,
            figures: &ctx.root.join(&config.figures),
            report: &ctx.root.join(&config.verification_report),
            sizes: sizes.as_ref(),
            lines: Default::default(),
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
    /// The cluster sizes the HTML deployment panel offers; `None` for other renderers.
    sizes: Option<&'a Sizes>,
    /// The current page's line table for the deployment panel's data (see `deployment`).
    lines: std::cell::RefCell<deployment::LineTable>,
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
        // Every page carries the panel's profile data, so the panel works on any page a reader
        // opens first; it is small next to mdbook's own page furniture.
        if let Some(sizes) = self.sizes {
            let axes = self.engine.axes_for(self.profile);
            let table = self.lines.take();
            chapter
                .content
                .push_str(&deployment::page_island(sizes, self.profile, &axes, &table));
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
            "lab-results" | "lab-chart" => {
                crate::lab_results::expand(&d.name, &d.args, self.src_dir, self.renderer)
            }
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
        let chosen = self.choose(&all, &wanted);
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
                let island = self.sized_island(id, &wanted, &rendered);
                markup::html(&panels, &anchor, &axes_of_snippet, island.as_deref())
            }
            "test" => markup::print(&panels, Some("text")),
            _ => markup::print(&panels, None),
        })
    }

    /// The variants a directive shows: those agreeing with what it asks for and with the
    /// edition's selection.
    fn choose<'v>(&self, all: &'v [Variant], wanted: &Variant) -> Vec<&'v Variant> {
        all.iter()
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
            .collect()
    }

    /// The deployment panel's data for one directive: its variants rendered and validated at
    /// every offered cluster size. `at_default` is what the page already shows. A size that
    /// fails is reported as a warning and left out for this snippet only: the page still shows
    /// the book profile's validated text, and says so when the reader picks that size.
    fn sized_island(
        &self,
        id: &str,
        wanted: &Variant,
        at_default: &[haguide_snippets::Rendered],
    ) -> Option<String> {
        let sizes = self.sizes?;
        let mut renders = Vec::new();
        for (n, profile) in &sizes.profiles {
            if *n == sizes.default {
                renders.push((*n, Ok(at_default.to_vec()), self.engine.axes_for(profile)));
                continue;
            }
            let result = self.render_sized(id, wanted, profile).map_err(|e| {
                eprintln!(
                    "warning: snippet `{id}` is not offered for {n} controllers in the deployment panel: {e}"
                );
                format!("it does not render or validate for {n} controllers")
            });
            renders.push((*n, result, self.engine.axes_for(profile)));
        }
        let per_size: Vec<deployment::SizedPanels<'_>> = renders
            .iter()
            .map(|(n, result, axes)| {
                (
                    *n,
                    result
                        .as_ref()
                        .map(|r| markup::panels(r, axes))
                        .map_err(Clone::clone),
                )
            })
            .collect();
        deployment::figure_island(sizes, &per_size, &mut self.lines.borrow_mut())
    }

    /// The variants a directive shows, rendered and validated with a resized profile.
    fn render_sized(
        &self,
        id: &str,
        wanted: &Variant,
        profile: &Profile,
    ) -> Result<Vec<haguide_snippets::Rendered>, String> {
        let all = self
            .engine
            .variants(id, profile)
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        for v in self.choose(&all, wanted) {
            out.push(
                self.engine
                    .render(id, v, profile)
                    .map_err(|e| e.to_string())?,
            );
        }
        Ok(out)
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
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => return Err((format!("`{path}` is a table, not a value"), None)),
        };
        // A value the reader may change in the deployment panel is marked in HTML, so the
        // panel's script can show the reader's value in prose too, as text.
        let editable = self
            .profile
            .editable_values()
            .iter()
            .any(|(k, _)| k == path);
        Ok(if self.renderer == "html" && editable {
            format!(
                "<span class=\"hg-prose-value\" data-key=\"{}\">{}</span>",
                markup::escape(path),
                markup::escape(&text)
            )
        } else {
            text
        })
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
