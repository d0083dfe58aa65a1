//! Loading the book with the guide's preprocessors registered in-process, so neither mdbook nor
//! `mdbook-haguide` needs to be installed; building it; and testing it like `mdbook test`.

use anyhow::{Context, Result, bail};
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_driver::builtin_renderers::MarkdownRenderer;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Loads the book at `root` with the in-process preprocessors replacing the book.toml commands.
pub fn load(root: &Path) -> Result<MDBook> {
    let mut md =
        MDBook::load(root).with_context(|| format!("loading the book at {}", root.display()))?;
    for pre in haguide_preprocessors::all() {
        md.with_preprocessor(Boxed(pre));
    }
    Ok(md)
}

/// Lets a boxed preprocessor be registered (`with_preprocessor` takes a sized value).
struct Boxed(Box<dyn mdbook_preprocessor::Preprocessor>);

impl mdbook_preprocessor::Preprocessor for Boxed {
    fn name(&self) -> &str {
        self.0.name()
    }
    fn run(
        &self,
        ctx: &mdbook_preprocessor::PreprocessorContext,
        book: mdbook_driver::book::Book,
    ) -> Result<mdbook_driver::book::Book> {
        self.0.run(ctx, book)
    }
    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        self.0.supports_renderer(renderer)
    }
}

/// Builds the HTML book into `dest` (or book.toml's build-dir), writes the book's own
/// objects.inv next to it, and fails on any broken internal link or anchor.
pub fn build(root: &Path, dest: Option<&Path>) -> Result<PathBuf> {
    let mut md = load(root)?;
    if let Some(d) = dest {
        md.config.build.build_dir = d.to_path_buf();
    }
    md.build().context("building the book")?;
    let out = md.build_dir_for("html");
    let written = crate::book_inventory::write(&out, &md)?;
    for d in &written.duplicates {
        eprintln!("warning: {d}");
    }
    let broken = crate::linkcheck::check(&out, &md.source_dir())?;
    if !broken.is_empty() {
        let list: Vec<String> = broken.iter().map(ToString::to_string).collect();
        bail!(
            "{}\n{} broken link(s) in the built book",
            list.join("\n"),
            broken.len()
        );
    }
    Ok(out)
}

/// What `mdbook test` does, chapter by chapter with progress: preprocess for the `test` renderer
/// (which validates every variant of every snippet) and run rustdoc on each chapter.
pub fn test(root: &Path, chapter: Option<&str>) -> Result<usize> {
    let md = load(root)?;
    let (book, _) = md
        .preprocess_book(&TestRenderer)
        .context("preprocessing for `test` (snippet validation)")?;
    let chapters: Vec<_> = book
        .iter()
        .filter_map(|i| match i {
            BookItem::Chapter(ch) => ch
                .path
                .clone()
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| (ch.name.clone(), p, ch.content.clone())),
            _ => None,
        })
        .filter(|(name, path, _)| chapter.is_none_or(|c| c == name || Path::new(c) == path))
        .collect();
    if let Some(c) = chapter
        && chapters.is_empty()
    {
        bail!("chapter not found: {c}");
    }
    let tmp = tempfile_dir()?;
    let bar = crate::progress::bar(chapters.len() as u64, "Testing");
    let mut failed = Vec::new();
    for (name, path, content) in &chapters {
        bar.set_message(name.clone());
        let file = tmp.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, content)?;
        let out = Command::new("rustdoc")
            .current_dir(&tmp)
            .arg(path)
            .arg("--test")
            .args(["--edition", "2024"])
            .output()
            .context("running rustdoc (it comes with the Rust toolchain)")?;
        if !out.status.success() {
            failed.push(format!(
                "{}:\n{}{}",
                path.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let _ = std::fs::remove_dir_all(&tmp);
    if !failed.is_empty() {
        bail!("{} chapter(s) failed:\n{}", failed.len(), failed.join("\n"));
    }
    Ok(chapters.len())
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("haguide-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

struct TestRenderer;

impl mdbook_renderer::Renderer for TestRenderer {
    fn name(&self) -> &str {
        "test"
    }
    fn render(&self, _: &mdbook_renderer::RenderContext) -> Result<()> {
        Ok(())
    }
}

/// Renders the preprocessed Markdown (what a renderer receives) into `dest`, for inspection.
pub fn markdown(root: &Path, dest: &Path) -> Result<()> {
    let mut md = load(root)?;
    md.config.build.build_dir = dest.to_path_buf();
    md.execute_build_process(&MarkdownRenderer::new())
}
