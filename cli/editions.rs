//! `haguide editions`: the offline editions of the guide, one per distro family, as PDF and EPUB.
//!
//! Offline there is no variant switcher, so an edition is a build of the book whose
//! `[preprocessor.haguide-snippets] select` keeps one distro family, its usual cluster tool (the
//! `usual_tool` fact in snippets/axes.toml) and the current release (the first value of the
//! release axis). The editions come from the axes, so a distro an overlay adds gets its own.
//!
//! - PDF ([`pdf`]): the HTML book's print page, printed by headless Chromium.
//! - EPUB ([`epub`]): our own renderer, from the preprocessed chapters through [`xhtml`].

pub mod epub;
pub mod pdf;
pub mod xhtml;

use anyhow::{Context, Result, bail};
use haguide_snippets::Axes;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One offline edition: the variant selection every snippet of the book is restricted to.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// File-name part: `ubuntu-debian`, `rhel`.
    pub slug: String,
    /// The distro axis value: `debian`, `rhel`.
    pub distro: String,
    /// The distro's label: `Ubuntu / Debian`.
    pub distro_label: String,
    /// The releases of the family (the `family` fact), for the title page.
    pub family: String,
    /// The cluster tool: the distro's `usual_tool`.
    pub tool: String,
    /// The release axis value: `2026.2`.
    pub release: String,
    /// The release label: `2026.2 Hibiscus`.
    pub release_label: String,
}

impl Edition {
    /// The `select` table of `[preprocessor.haguide-snippets]` for this edition.
    pub fn select(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("distro".to_string(), self.distro.clone()),
            ("tool".to_string(), self.tool.clone()),
            ("release".to_string(), self.release.clone()),
        ])
    }

    /// `haguide-ubuntu-debian.pdf`.
    pub fn file_name(&self, format: Format) -> String {
        format!("haguide-{}.{}", self.slug, format.extension())
    }

    /// `Ubuntu / Debian edition`, for the title page and the EPUB title.
    pub fn name(&self) -> String {
        format!("{} edition", self.distro_label)
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The print page through headless Chromium.
    Pdf,
    /// Our own EPUB 3 renderer.
    Epub,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Epub => "epub",
        }
    }
}

/// The editions of a book with these axes, in the order of the distro axis.
pub fn editions(axes: &Axes) -> Result<Vec<Edition>> {
    let distros = axes
        .get("distro")
        .context("snippets/axes.toml has no `distro` axis, so there is no edition to build")?;
    let release = axes.get("release").and_then(|a| a.values.first()).context(
        "snippets/axes.toml has no `release` axis value (its first value is the current release)",
    )?;
    let mut out = Vec::new();
    for d in &distros.values {
        let tool = d
            .facts
            .get("usual_tool")
            .and_then(toml::Value::as_str)
            .with_context(|| {
                format!(
                    "distro `{}` has no `usual_tool` fact in snippets/axes.toml; its edition needs one",
                    d.id
                )
            })?;
        axes.check("tool", tool)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("the `usual_tool` of distro `{}`", d.id))?;
        let family = d
            .facts
            .get("family")
            .and_then(toml::Value::as_str)
            .unwrap_or(&d.label)
            .to_string();
        out.push(Edition {
            slug: slug(&d.label),
            distro: d.id.clone(),
            distro_label: d.label.clone(),
            family,
            tool: tool.to_string(),
            release: release.id.clone(),
            release_label: release.label.clone(),
        });
    }
    if out.is_empty() {
        bail!("the distro axis has no value, so there is no edition to build");
    }
    Ok(out)
}

/// A file-name slug from a distro label: `Ubuntu / Debian` → `ubuntu-debian`. A trailing
/// "family" is dropped (`RHEL family` → `rhel`): every edition is one family.
pub fn slug(label: &str) -> String {
    let lower = label.to_lowercase();
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let end = match words.last() {
        Some(w) if w == "family" && words.len() > 1 => words.len() - 1,
        _ => words.len(),
    };
    words[..end].join("-")
}

/// What `haguide editions` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output directory.
    pub out: PathBuf,
    /// Only this format (both when `None`).
    pub only: Option<Format>,
    /// Replace existing output files.
    pub force: bool,
}

/// One file written.
#[derive(Debug, Clone)]
pub struct Built {
    /// Where it is.
    pub path: PathBuf,
    /// Which edition.
    pub edition: Edition,
    /// Which format.
    pub format: Format,
    /// Its size in bytes.
    pub bytes: u64,
    /// Pages: of the PDF, or XHTML documents in the EPUB.
    pub pages: usize,
    /// How long it took, book build included.
    pub elapsed: Duration,
}

/// The edition metadata a title page shows.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// The book's title (book.toml).
    pub title: String,
    /// Its authors (book.toml).
    pub authors: Vec<String>,
    /// Its language (book.toml), `en` when absent.
    pub language: String,
    /// `YYYY-MM-DD`: SOURCE_DATE_EPOCH when set (reproducible builds), otherwise today (UTC).
    pub date: String,
    /// The haguide version, and the commit when the book is a git checkout.
    pub version: String,
}

impl Stamp {
    /// Reads the stamp of the book at `root`.
    pub fn of(md: &mdbook_driver::MDBook, root: &Path) -> Stamp {
        let book = &md.config.book;
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0)
            });
        let mut version = format!("haguide {}", env!("CARGO_PKG_VERSION"));
        // The commit tells two printed copies apart; a source tarball simply has none.
        if let Ok(out) = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "--short", "HEAD"])
            .output()
            && out.status.success()
        {
            let commit = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !commit.is_empty() {
                version.push_str(&format!(", commit {commit}"));
            }
        }
        Stamp {
            title: book
                .title
                .clone()
                .unwrap_or_else(|| "OpenStack High Availability Guide".to_string()),
            authors: book.authors.clone(),
            language: book.language.clone().unwrap_or_else(|| "en".to_string()),
            date: iso_date(secs),
            version,
        }
    }
}

/// The title page of an edition, as markup that is both HTML (the PDF's print page) and
/// well-formed XHTML (the EPUB's first page). Not a heading, so the PDF outline and the EPUB
/// table of contents begin with the book's own chapters.
pub fn title_page(stamp: &Stamp, edition: &Edition) -> String {
    use xhtml::escape_text as esc;
    let mut out = String::from("<div class=\"hg-edition-title-page\">\n");
    out.push_str(&format!(
        "<p class=\"hg-edition-book\">{}</p>\n",
        esc(&stamp.title)
    ));
    out.push_str(&format!(
        "<p class=\"hg-edition-name\">{}</p>\n",
        esc(&edition.name())
    ));
    out.push_str(&format!(
        "<p class=\"hg-edition-family\">{}</p>\n",
        esc(&edition.family)
    ));
    out.push_str(&format!(
        "<p class=\"hg-edition-variant\">Cluster tool: {} · OpenStack {}</p>\n",
        esc(&edition.tool),
        esc(&edition.release_label)
    ));
    out.push_str(
        "<p class=\"hg-edition-note\">Every configuration in this edition is the variant for this distribution family, its usual cluster tool and the current release, rendered from the guide's catalog and checked by its validators. The web edition shows the other variants.</p>\n",
    );
    if !stamp.authors.is_empty() {
        out.push_str(&format!(
            "<p class=\"hg-edition-authors\">{}</p>\n",
            esc(&stamp.authors.join(", "))
        ));
    }
    out.push_str(&format!(
        "<p class=\"hg-edition-stamp\">{} · {}</p>\n</div>\n",
        esc(&stamp.date),
        esc(&stamp.version)
    ));
    out
}

/// `YYYY-MM-DD` of a Unix time, UTC (the civil-from-days algorithm; no date crate needed for
/// one line on a title page).
pub fn iso_date(unix_secs: u64) -> String {
    let days = (unix_secs / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `haguide editions --list`: per edition its file stem, its variant as `snippet render
/// --variant` takes it, and its name, tab-separated (for scripts such as ci/editions-test.sh).
pub fn list(root: &Path) -> Result<String> {
    let (engine, _) = crate::snippet_cmd::load(root, None)?;
    let mut out = String::new();
    for e in editions(&engine.catalog().axes)? {
        let variant: Vec<String> = e.select().iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push_str(&format!(
            "haguide-{}\t{}\t{}\n",
            e.slug,
            variant.join(","),
            e.name()
        ));
    }
    Ok(out)
}

/// The files `build_all` would write, in build order.
pub fn planned(editions: &[Edition], opts: &Options) -> Vec<(Edition, Format, PathBuf)> {
    let formats: Vec<Format> = match opts.only {
        Some(f) => vec![f],
        None => vec![Format::Pdf, Format::Epub],
    };
    let mut out = Vec::new();
    for e in editions {
        for &f in &formats {
            out.push((e.clone(), f, opts.out.join(e.file_name(f))));
        }
    }
    out
}

/// Builds every edition in every asked format into `opts.out`. Nothing is overwritten without
/// `force`, and the check comes first, so a refused run writes nothing.
pub fn build_all(root: &Path, opts: &Options) -> Result<Vec<Built>> {
    let (engine, _) = crate::snippet_cmd::load(root, None)?;
    let editions = editions(&engine.catalog().axes)?;
    let plan = planned(&editions, opts);
    if !opts.force {
        let existing: Vec<String> = plan
            .iter()
            .filter(|(_, _, p)| p.exists())
            .map(|(_, _, p)| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            bail!(
                "{} already exist(s); pass --force to replace:\n  {}",
                existing.len(),
                existing.join("\n  ")
            );
        }
    }
    // Fail before the first book build when a PDF is asked for and Chromium is missing.
    let chromium = if plan.iter().any(|(_, f, _)| *f == Format::Pdf) {
        Some(pdf::find_chromium()?)
    } else {
        None
    };
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("creating {}", opts.out.display()))?;
    let bar = crate::progress::bar(plan.len() as u64, "Editions");
    let mut built = Vec::new();
    for (edition, format, path) in plan {
        bar.set_message(format!("{} ({})", path.display(), edition.name()));
        let start = Instant::now();
        let (pages, warnings) = match format {
            Format::Pdf => {
                let chromium = chromium
                    .as_deref()
                    .context("Chromium was not looked up for a PDF")?;
                let pages = pdf::build(root, &edition, chromium, &path)
                    .with_context(|| format!("building {}", path.display()))?;
                (pages, Vec::new())
            }
            Format::Epub => epub::build(root, &edition, &path)
                .with_context(|| format!("building {}", path.display()))?,
        };
        let bytes = std::fs::metadata(&path)
            .with_context(|| format!("reading {}", path.display()))?
            .len();
        bar.inc(1);
        bar.suspend(|| {
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            eprintln!(
                "wrote {} ({}, {pages} pages, {:.1} s)",
                path.display(),
                human_size(bytes),
                start.elapsed().as_secs_f64()
            );
        });
        built.push(Built {
            path,
            edition,
            format,
            bytes,
            pages,
            elapsed: start.elapsed(),
        });
    }
    bar.finish_and_clear();
    Ok(built)
}

/// Prints what was built, a line per file, on stdout.
pub fn report(built: &[Built]) {
    let total: Duration = built.iter().map(|b| b.elapsed).sum();
    for b in built {
        let pages = match b.format {
            Format::Pdf => format!("{} pages", b.pages),
            Format::Epub => format!("{} XHTML pages", b.pages),
        };
        println!(
            "{:<32} {:>9}  {:>16}  {:>6.1} s  {}",
            b.path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            human_size(b.bytes),
            pages,
            b.elapsed.as_secs_f64(),
            b.edition.name()
        );
    }
    println!(
        "{} file(s) in {:.1} s, in {}",
        built.len(),
        total.as_secs_f64(),
        built
            .first()
            .and_then(|b| b.path.parent())
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    );
}

/// `1.4 MB`, `830 kB`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} kB", bytes.div_ceil(1000))
    }
}

/// Moves a finished temporary file to `out`, readable like any other output file (a temporary
/// file is created private to its owner).
pub(crate) fn publish(tmp: tempfile::NamedTempFile, out: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("setting the permissions of {}", tmp.path().display()))?;
    }
    tmp.persist(out)
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

/// Loads the book with the edition's selection in `[preprocessor.haguide-snippets]`.
pub(crate) fn load_edition(root: &Path, edition: &Edition) -> Result<mdbook_driver::MDBook> {
    let mut md = crate::book::load(root)?;
    md.config
        .set(
            format!("preprocessor.{}.select", haguide_preprocessors::SNIPPETS),
            edition.select(),
        )
        .context("setting the edition's snippet selection")?;
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Ubuntu / Debian"), "ubuntu-debian");
        assert_eq!(slug("RHEL family"), "rhel");
        assert_eq!(slug("openSUSE"), "opensuse");
        assert_eq!(slug("Family"), "family");
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_798_761_599), "2026-12-31");
    }
}
