//! `mdbook-haguide`: the guide's preprocessors as a command for stock mdbook 0.5.
//!
//! book.toml runs it as `mdbook-haguide <NAME>`; mdbook appends `supports <renderer>` for the
//! handshake, or sends `[context, book]` as JSON on stdin and reads the book back on stdout.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    version,
    about = "The OpenStack HA Guide's mdbook preprocessors, for stock `mdbook`"
)]
struct Cli {
    /// Which preprocessor to run, as named in book.toml (`haguide-snippets`).
    name: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// mdbook's handshake: exit 0 if the renderer is supported.
    Supports {
        /// The renderer's name (`html`, `test`, ...).
        renderer: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let all = haguide_preprocessors::all();
    let Some(pre) = all.iter().find(|p| p.name() == cli.name) else {
        let names: Vec<&str> = all.iter().map(|p| p.name()).collect();
        bail!(
            "unknown preprocessor `{}`; expected one of {}",
            cli.name,
            names.join(", ")
        );
    };
    if let Some(Command::Supports { renderer }) = &cli.command {
        return Ok(if pre.supports_renderer(renderer)? {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin().lock())?;
    let book = pre.run(&ctx, book)?;
    serde_json::to_writer(std::io::stdout().lock(), &book).context("writing the book to stdout")?;
    Ok(ExitCode::SUCCESS)
}
