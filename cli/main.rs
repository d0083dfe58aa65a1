//! `haguide`: build, preview and test the OpenStack HA Guide, and render its verified configs.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "haguide",
    version,
    about = "The OpenStack High Availability Guide, with every config rendered and verified"
)]
struct Cli {
    /// The book's root directory (where book.toml is).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the HTML book (mdbook is embedded; nothing else to install).
    Build {
        /// Output directory (default: book.toml's build-dir, `book/`).
        #[arg(long, short = 'd')]
        dest_dir: Option<PathBuf>,
    },
    /// Serve the book on localhost and rebuild it when a source changes.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: String,
    },
    /// What `mdbook test` does: validate every snippet variant and run rustdoc, chapter by chapter.
    Test {
        /// Only this chapter (its name or its path below src/).
        #[arg(long, short = 'c')]
        chapter: Option<String>,
    },
    /// Build the offline editions: one per distro family (its usual cluster tool, the current
    /// release), as PDF (headless Chromium) and EPUB.
    Editions {
        /// Output directory (default: target/editions below --root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only this format.
        #[arg(long, value_enum)]
        only: Option<haguide::editions::Format>,
        /// Replace output files that already exist.
        #[arg(long)]
        force: bool,
        /// Only list the editions (file stem, variant, name), one a line; build nothing.
        #[arg(long, conflicts_with_all = ["out", "only", "force"])]
        list: bool,
    },
    /// The snippet catalog.
    #[command(subcommand)]
    Snippet(SnippetCommand),
    /// The executable lab: the guide's configs on real daemons in network namespaces, failed
    /// on purpose and measured (root only).
    #[command(subcommand)]
    Lab(haguide::lab::LabCommand),
    /// Cross-references into other projects' documentation (Sphinx inventories).
    #[command(subcommand)]
    Xref(XrefCommand),
    /// Check your own files with the guide's validator and the format's upstream tool.
    Lint {
        /// The format (`haproxy`, `keepalived`, `pcs`, `oslo:nova`...); guessed from each
        /// file's name when not given.
        #[arg(long)]
        format: Option<String>,
        /// The OpenStack release, for oslo.config files (default: the guide's current one).
        #[arg(long)]
        release: Option<String>,
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum XrefCommand {
    /// Every `inv:` cross-reference of the book with the URL it resolves to.
    List,
    /// Download an inventory's objects.inv from its URL into the committed file.
    Refresh {
        /// The inventory key in book.toml (`keystone`, `install-guide`...).
        key: String,
        /// Replace the file even if it differs from what was downloaded.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum SnippetCommand {
    /// List every snippet with its format, number of variants and target.
    List,
    /// Render a snippet (every variant unless --variant is given), or all of them with --all.
    Render {
        /// The snippet id, e.g. `haproxy/api-endpoints`.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// A variant such as `distro=rhel,tool=pcs`; missing axes take their first value.
        #[arg(long)]
        variant: Option<String>,
        /// Render every snippet and variant into --out, with an index.json.
        #[arg(long, requires = "out")]
        all: bool,
        /// The directory for --all.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite files that already exist in --out.
        #[arg(long)]
        force: bool,
        /// Render with this deployment profile instead of the book's.
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// Check every snippet variant: natively, and with --upstream by the real tools
    /// (haproxy -c, keepalived -t, corosync -t, pcs/crmsh on an offline CIB...).
    Check {
        /// Only these snippets: an id (`galera/server-cnf`) or a group ending in `/`
        /// (`galera/`). Every snippet when none is given.
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Run each format's upstream tool in private namespaces
        /// (bash ci/install-upstream-tools.sh installs them).
        #[arg(long)]
        upstream: bool,
        /// Checks to run at once (default: the number of cores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Write every result, the summary and the exclusions as JSON to this file.
        #[arg(long, requires = "upstream")]
        report: Option<PathBuf>,
        /// Write the compact record the book's verification appendix shows (committed data).
        #[arg(long, requires = "upstream", conflicts_with = "ids")]
        book_report: Option<PathBuf>,
        /// Replace a --book-report file whose results differ.
        #[arg(long)]
        force: bool,
    },
}

/// Ends the run with a failure exit code after the output has been printed.
#[derive(Debug)]
struct Failed(String);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failed {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let root = cli.root;
    match cli.command {
        Command::Build { dest_dir } => {
            let spinner = haguide::progress::spinner(
                "Building the guide (rendering and validating every snippet)",
            );
            let built = haguide::book::build(&root, dest_dir.as_deref());
            spinner.finish_and_clear();
            let out = built?;
            eprintln!("built the guide into {}", out.display());
        }
        Command::Editions { list: true, .. } => {
            print!("{}", haguide::editions::list(&root)?);
        }
        Command::Editions {
            out, only, force, ..
        } => {
            let out = out.unwrap_or_else(|| root.join("target").join("editions"));
            let opts = haguide::editions::Options { out, only, force };
            haguide::editions::report(&haguide::editions::build_all(&root, &opts)?);
        }
        Command::Serve { addr } => haguide::serve::serve(&root, &addr)?,
        Command::Lab(cmd) => haguide::lab::main(&root, cmd)?,
        Command::Test { chapter } => {
            let n = haguide::book::test(&root, chapter.as_deref())?;
            println!("{n} passed, 0 failed");
        }
        Command::Xref(XrefCommand::List) => {
            let (text, broken) = haguide::xref_cmd::list(&root)?;
            print!("{text}");
            if broken > 0 {
                anyhow::bail!("{broken} cross-reference(s) do not resolve");
            }
        }
        Command::Xref(XrefCommand::Refresh { key, force }) => {
            println!("{}", haguide::xref_cmd::refresh(&root, &key, force)?);
        }
        Command::Lint {
            format,
            release,
            files,
        } => lint(&root, format.as_deref(), release.as_deref(), &files)?,
        Command::Snippet(SnippetCommand::Check {
            ids,
            upstream,
            jobs,
            report,
            book_report,
            force,
        }) => snippet_check(
            &root,
            &ids,
            upstream,
            jobs,
            report.as_deref(),
            book_report.as_deref(),
            force,
        )?,
        Command::Snippet(SnippetCommand::List) => {
            let (engine, profile) = haguide::snippet_cmd::load(&root, None)?;
            print!("{}", haguide::snippet_cmd::list(&engine, &profile)?);
        }
        Command::Snippet(SnippetCommand::Render {
            id,
            variant,
            all,
            out,
            force,
            profile,
        }) => {
            let (engine, profile) = haguide::snippet_cmd::load(&root, profile.as_deref())?;
            if all {
                let out = out.unwrap_or_else(|| PathBuf::from("rendered"));
                let n = haguide::snippet_cmd::render_all(&engine, &profile, &out, force)?;
                eprintln!(
                    "wrote {n} rendered files and index.json into {}",
                    out.display()
                );
            } else if let Some(id) = id {
                for r in haguide::snippet_cmd::render(&engine, &profile, &id, variant.as_deref())? {
                    eprint!("{}", haguide::snippet_cmd::warnings_report(&r));
                    println!("# {} [{}] {}", r.id, r.variant, r.target());
                    print!("{}", r.text);
                    if !r.text.ends_with('\n') {
                        println!();
                    }
                }
            }
        }
    }
    Ok(())
}

fn lint(
    root: &std::path::Path,
    format: Option<&str>,
    release: Option<&str>,
    files: &[PathBuf],
) -> Result<()> {
    let (engine, profile) = haguide::snippet_cmd::load(root, None)?;
    let format = format
        .map(str::parse::<haguide_snippets::Format>)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let axes = &engine.catalog().axes;
    let release = match release {
        Some(r) => {
            axes.check("release", r).map_err(anyhow::Error::msg)?;
            Some(r.to_string())
        }
        None => haguide::lint_cmd::default_release(axes),
    };
    let nodes = haguide::upstream_cmd::nodes(&profile);
    let mut errors = 0;
    for file in files {
        let linted = haguide::lint_cmd::lint(file, format.as_ref(), release.as_deref(), &nodes)?;
        print!("{}", linted.text);
        errors += linted.errors;
    }
    if errors > 0 {
        return Err(Failed(format!("{errors} error(s) in {} file(s)", files.len())).into());
    }
    Ok(())
}

fn snippet_check(
    root: &std::path::Path,
    ids: &[String],
    upstream: bool,
    jobs: Option<usize>,
    report: Option<&std::path::Path>,
    book_report: Option<&std::path::Path>,
    force: bool,
) -> Result<()> {
    use haguide::upstream_report as rep;
    let (engine, profile) = haguide::snippet_cmd::load(root, None)?;
    let all = haguide::upstream_cmd::jobs(&engine, &profile)?;
    let all = haguide::upstream_cmd::only(all, ids, &engine)?;
    if !upstream {
        println!(
            "{} snippet variant(s) render and pass the native validators; add --upstream to run the upstream tools",
            all.len()
        );
        return Ok(());
    }
    let threads = jobs.unwrap_or_else(haguide::upstream_cmd::default_jobs);
    let start = std::time::Instant::now();
    let checked = haguide::upstream_cmd::run(all, &haguide::upstream_cmd::nodes(&profile), threads);
    let elapsed = start.elapsed();
    print!("{}", rep::table(&rep::summary(&checked)));
    let placements = rep::placements(&checked);
    if !placements.is_empty() {
        println!("\nPlacement with every node online (crm_simulate -S):\n{placements}");
    }
    let exclusions = rep::exclusions_text(&checked);
    if !exclusions.is_empty() {
        println!("Not checked as written:\n{exclusions}");
    }
    print!("{}", rep::failures(&checked));
    if let Some(path) = report {
        rep::write_json(path, &checked)?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = book_report {
        rep::write_book_report(path, &rep::book_report(&checked), force)?;
    }
    let failed = rep::count(&checked, |s| {
        matches!(s, haguide_upstream::Status::Fail { .. })
    });
    let missing = rep::count(&checked, |s| {
        matches!(s, haguide_upstream::Status::Missing { .. })
    });
    println!(
        "\n{} checked in {:.1} s on {threads} thread(s): {failed} failed, {missing} missing a tool",
        checked.len(),
        elapsed.as_secs_f64()
    );
    if failed + missing > 0 {
        return Err(Failed(format!(
            "{failed} snippet variant(s) rejected by their upstream tool, {missing} not checked (tool missing)"
        ))
        .into());
    }
    Ok(())
}
