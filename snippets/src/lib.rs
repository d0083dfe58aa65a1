//! The verified snippet catalog of the OpenStack HA Guide.
//!
//! A snippet is a handlebars template with metadata (id, title, format, target file or place to
//! run, variant axes). [`Engine`] renders a snippet for a variant and a [`Profile`] and validates
//! the result with the native validator of its format; nothing leaves this crate unvalidated.
//!
//! ```no_run
//! use haguide_snippets::{Catalog, Engine, Profile, Variant};
//! let engine = Engine::new(Catalog::load("snippets/catalog".as_ref(), &[])?);
//! let profile = Profile::default_profile()?;
//! let r = engine.render("haproxy/api-endpoints", &Variant::default(), &profile)?;
//! println!("{}", r.text);
//! # Ok::<(), haguide_snippets::Error>(())
//! ```

// Errors carry the rendered text and its diagnostics so a report can show them; they are rare
// and never on a hot path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod catalog;
pub mod config;
pub mod diag;
mod error;
pub mod figure;
pub mod format;
mod helpers;
pub mod oslo;
pub mod profile;
mod render;
pub mod segments;
pub mod strategy;
pub mod validate;
pub mod variant;
pub mod verification;

pub use catalog::{Catalog, Snippet, SnippetMeta};
pub use config::SnippetConfig;
pub use diag::{Diagnostic, Severity};
pub use error::Error;
pub use format::Format;
pub use profile::Profile;
pub use render::{Engine, Rendered};
pub use variant::{Axes, Variant};
