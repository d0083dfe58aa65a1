//! mdbook 0.5 preprocessors of the OpenStack HA Guide.
//!
//! - [`SnippetPreprocessor`] (`haguide-snippets`) puts rendered, validated configs into pages.
//!
//! They run in-process inside the `haguide` CLI and as the `mdbook-haguide` command for stock
//! `mdbook build`, `serve` and `test`.

pub mod directive;
pub mod markup;
mod profile_table;
pub mod report;
mod snippet_pp;

pub use snippet_pp::{NAME as SNIPPETS, SnippetPreprocessor};

/// Every preprocessor of this crate, for in-process registration.
pub fn all() -> Vec<Box<dyn mdbook_preprocessor::Preprocessor>> {
    vec![Box::new(SnippetPreprocessor)]
}
