//! mdbook 0.5 preprocessors of the OpenStack HA Guide.
//!
//! - [`SnippetPreprocessor`] (`haguide-snippets`) puts rendered, validated configs into pages.
//! - [`XrefPreprocessor`] (`haguide-xref`) resolves `inv:` links through Sphinx inventories.
//!
//! They run in-process inside the `haguide` CLI and as the `mdbook-haguide` command for stock
//! `mdbook build`, `serve` and `test`.

pub mod deployment;
pub mod directive;
mod headings;
pub mod lab_results;
pub mod markup;
mod profile_table;
pub mod report;
mod snippet_pp;
pub mod xref;

pub use snippet_pp::{NAME as SNIPPETS, SnippetPreprocessor};
pub use xref::{NAME as XREF, XrefPreprocessor};

/// Every preprocessor of this crate, for in-process registration.
pub fn all() -> Vec<Box<dyn mdbook_preprocessor::Preprocessor>> {
    vec![Box::new(XrefPreprocessor), Box::new(SnippetPreprocessor)]
}
