//! The EPUB 3 edition: the book's preprocessors run for an `epub` renderer with the edition's
//! selection (so every snippet is a plain labelled code block), each chapter goes through
//! [`super::xhtml`], and epub-builder packages the pages with a nav, an NCX and the stylesheet.
//!
//! Every page is checked to be well-formed XML before packaging: epubcheck would reject it, and
//! a reader would show nothing.

use super::xhtml::{self, PageIndex};
use super::{Edition, Stamp};
use anyhow::{Context, Result, bail};
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};
use mdbook_driver::book::{Book, BookItem};
use std::collections::BTreeSet;
use std::path::Path;

/// The renderer name the preprocessors see. Anything but `html` and `test` gets the snippets
/// as plain labelled code blocks (preprocessors/src/markup.rs `print`).
pub const RENDERER: &str = "epub";

struct EpubRenderer;

impl mdbook_renderer::Renderer for EpubRenderer {
    fn name(&self) -> &str {
        RENDERER
    }
    // Only `preprocess_book` is used: the book is rendered here, not by mdbook.
    fn render(&self, _: &mdbook_renderer::RenderContext) -> Result<()> {
        Ok(())
    }
}

/// One page of the package, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A part title of SUMMARY.md (`# Infrastructure`): a page of its own.
    Part {
        /// The title.
        title: String,
        /// 1 for the first part.
        n: usize,
    },
    /// A chapter.
    Chapter {
        /// `2.1. Pacemaker and Corosync`.
        title: String,
        /// Its Markdown path below src/, `/`-separated.
        path: String,
        /// The preprocessed Markdown.
        content: String,
        /// Its nesting in the table of contents, 1 for the top.
        level: i32,
    },
}

impl Entry {
    /// The page's file in the package.
    pub fn file(&self) -> String {
        match self {
            Entry::Part { n, .. } => format!("part-{n}.xhtml"),
            Entry::Chapter { path, .. } => xhtml::xhtml_path(path),
        }
    }
}

/// The pages of a preprocessed book in reading order. Draft chapters (no file) and separators
/// have no page; chapters after a part title sit one level below it.
pub fn entries(book: &Book) -> Vec<Entry> {
    fn walk(
        items: &[BookItem],
        level: i32,
        in_part: bool,
        parts: &mut usize,
        out: &mut Vec<Entry>,
    ) {
        let mut in_part = in_part;
        for item in items {
            match item {
                BookItem::PartTitle(title) => {
                    *parts += 1;
                    in_part = true;
                    out.push(Entry::Part {
                        title: title.clone(),
                        n: *parts,
                    });
                }
                BookItem::Chapter(ch) => {
                    let depth = level + i32::from(in_part);
                    if let Some(path) = ch.path.as_ref().filter(|p| !p.as_os_str().is_empty()) {
                        let title = match &ch.number {
                            Some(n) => format!("{n} {}", ch.name),
                            None => ch.name.clone(),
                        };
                        out.push(Entry::Chapter {
                            title,
                            path: path.to_string_lossy().replace('\\', "/"),
                            content: ch.content.clone(),
                            level: depth,
                        });
                    }
                    // Sub-chapters nest under their chapter, not under the part again.
                    walk(&ch.sub_items, depth + 1, false, parts, out);
                }
                BookItem::Separator => {}
            }
        }
    }
    let mut all = Vec::new();
    let mut parts = 0;
    walk(&book.items, 1, false, &mut parts, &mut all);
    // A part whose chapters are all drafts would be an empty page in the contents.
    let mut out: Vec<Entry> = Vec::with_capacity(all.len());
    for (i, e) in all.iter().enumerate() {
        let empty_part = matches!(e, Entry::Part { .. })
            && !matches!(all.get(i + 1), Some(Entry::Chapter { .. }));
        if !empty_part {
            out.push(e.clone());
        }
    }
    out
}

/// A converted page ready for the package.
#[derive(Debug)]
pub struct Page {
    /// Its file in the package: `controller/nova.xhtml`.
    pub file: String,
    /// Its title in the table of contents.
    pub title: String,
    /// Its nesting in the table of contents.
    pub level: i32,
    /// A part title's page rather than a chapter.
    pub part: bool,
    /// The whole XHTML document.
    pub document: String,
}

/// Every page of a book, and the files they show.
#[derive(Debug, Default)]
pub struct Package {
    /// The pages in reading order (without the title page).
    pub pages: Vec<Page>,
    /// SVG figures: package path and document.
    pub svgs: Vec<(String, String)>,
    /// Local images, as paths below src/.
    pub images: Vec<String>,
    /// Links changed to keep the package valid (see [`xhtml::rewrite_link`]).
    pub warnings: Vec<String>,
}

/// Converts every entry: a first pass collects each page's ids, the second writes the pages
/// with their links checked against them.
pub fn convert_all(entries: &[Entry], lang: &str) -> Result<Package> {
    let mut index = PageIndex::default();
    for e in entries {
        if let Entry::Chapter { path, content, .. } = e {
            let first = xhtml::convert(content, path, None)
                .with_context(|| format!("converting {path} to XHTML"))?;
            index.pages.insert(path.clone(), first.ids);
        }
    }
    let mut package = Package::default();
    let mut images = BTreeSet::new();
    for e in entries {
        let file = e.file();
        let root = xhtml::to_root(&file);
        let css = format!("{root}stylesheet.css");
        let (title, level, document) = match e {
            Entry::Part { title, .. } => (
                title.clone(),
                1,
                xhtml::document(
                    title,
                    lang,
                    &css,
                    &format!(
                        "<section class=\"part-title\" epub:type=\"part\">\n<h1>{}</h1>\n</section>",
                        xhtml::escape_text(title)
                    ),
                ),
            ),
            Entry::Chapter {
                title,
                path,
                content,
                level,
            } => {
                let c = xhtml::convert(content, path, Some(&index))
                    .with_context(|| format!("converting {path} to XHTML"))?;
                package.svgs.extend(c.svgs);
                images.extend(c.images);
                package.warnings.extend(c.warnings);
                (
                    title.clone(),
                    *level,
                    xhtml::document(title, lang, &css, &c.body),
                )
            }
        };
        xhtml::check_well_formed(&document, &file)?;
        package.pages.push(Page {
            file,
            title,
            level,
            part: matches!(e, Entry::Part { .. }),
            document,
        });
    }
    for (file, svg) in &package.svgs {
        xhtml::check_well_formed(svg, file)?;
    }
    package.images = images.into_iter().collect();
    Ok(package)
}

/// A book converted for one edition, ready to be packaged.
#[derive(Debug)]
pub struct Prepared {
    /// The pages and what they show.
    pub package: Package,
    /// Title, authors, date and version.
    pub stamp: Stamp,
    /// book.toml's description.
    pub description: Option<String>,
    /// The book's src/ directory (local images are read from there).
    pub src: std::path::PathBuf,
}

/// Preprocesses the book at `root` with the edition's selection and converts every page.
pub fn prepare(root: &Path, edition: &Edition) -> Result<Prepared> {
    let md = super::load_edition(root, edition)?;
    let stamp = Stamp::of(&md, root);
    let (book, _) = md
        .preprocess_book(&EpubRenderer)
        .context("preprocessing the book for the EPUB (rendering the edition's snippets)")?;
    let entries = entries(&book);
    if entries.is_empty() {
        bail!("the book has no chapter to put into an EPUB");
    }
    let package = convert_all(&entries, &stamp.language)?;
    Ok(Prepared {
        package,
        stamp,
        description: md.config.book.description.clone(),
        src: md.source_dir(),
    })
}

/// Builds the EPUB of `edition` into `out`; returns the number of pages (title page included)
/// and the links that had to change.
pub fn build(root: &Path, edition: &Edition, out: &Path) -> Result<(usize, Vec<String>)> {
    let Prepared {
        package,
        stamp,
        description,
        src,
    } = prepare(root, edition)?;
    let mut epub = EpubBuilder::new(ZipLibrary::new().context("starting the EPUB archive")?)
        .context("starting the EPUB")?;
    epub.epub_version(EpubVersion::V30);
    epub.set_title(format!("{} — {}", stamp.title, edition.name()));
    // Not `add_author`: epub-builder 0.8.3 gives the first author and the first language the
    // same id (`epub-creator-0`), which epubcheck rejects as a duplicate. EPUB 3 also names a
    // creator with the `dcterms:creator` property.
    for a in &stamp.authors {
        epub.add_metadata_opf(Box::new(epub_builder::MetadataOpfV3::new(
            "dcterms:creator".to_string(),
            a.clone(),
        )));
    }
    epub.set_languages(vec![stamp.language.clone()]);
    epub.set_generator(stamp.version.clone());
    epub.set_toc_name("Contents");
    if let Some(d) = description {
        epub.add_description(d);
    }
    epub.add_description(format!(
        "{} for {}: cluster tool {}, OpenStack {}.",
        edition.name(),
        edition.family,
        edition.tool,
        edition.release_label
    ));
    epub.stylesheet(include_str!("epub.css").as_bytes())
        .context("adding the stylesheet")?;

    let title_page = xhtml::document(
        &stamp.title,
        &stamp.language,
        "stylesheet.css",
        &format!(
            "<section epub:type=\"titlepage\">\n{}</section>",
            super::title_page(&stamp, edition)
        ),
    );
    xhtml::check_well_formed(&title_page, "title.xhtml")?;
    epub.add_content(
        EpubContent::new("title.xhtml", title_page.as_bytes())
            .title("Title page")
            .reftype(ReferenceType::TitlePage),
    )
    .context("adding the title page")?;

    let mut first_chapter = true;
    for p in &package.pages {
        let mut content = EpubContent::new(p.file.as_str(), p.document.as_bytes())
            .title(p.title.as_str())
            .level(p.level);
        // The reading system opens the book at its first chapter (the `bodymatter` landmark).
        if first_chapter && !p.part {
            content = content.reftype(ReferenceType::Text);
            first_chapter = false;
        }
        epub.add_content(content)
            .with_context(|| format!("adding {}", p.file))?;
    }
    for (file, svg) in &package.svgs {
        epub.add_resource(file.as_str(), svg.as_bytes(), "image/svg+xml")
            .with_context(|| format!("adding {file}"))?;
    }
    for image in &package.images {
        let path = src.join(image);
        let bytes =
            std::fs::read(&path).with_context(|| format!("reading image {}", path.display()))?;
        epub.add_resource(image.as_str(), bytes.as_slice(), image_mime(image)?)
            .with_context(|| format!("adding {image}"))?;
    }

    // Written next to the target and renamed, so a failed run leaves no half EPUB behind.
    let dir = out.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    epub.generate(tmp.as_file())
        .context("writing the EPUB archive")?;
    super::publish(tmp, out)?;
    Ok((package.pages.len() + 1, package.warnings))
}

/// The media type of an image the package holds (EPUB core media types only).
fn image_mime(path: &str) -> Result<&'static str> {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => bail!("image {path}: an EPUB holds PNG, JPEG, GIF, WebP or SVG images"),
    })
}
