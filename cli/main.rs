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
    /// The snippet catalog.
    #[command(subcommand)]
    Snippet(SnippetCommand),
    /// Cross-references into other projects' documentation (Sphinx inventories).
    #[command(subcommand)]
    Xref(XrefCommand),
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
}

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
        Command::Serve { addr } => haguide::serve::serve(&root, &addr)?,
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
