//! The `haguide` command: builds, previews and tests the guide with mdbook embedded, and gives
//! outside tools the rendered configs as files.

pub mod book;
pub mod book_inventory;
pub mod editions;
pub mod lab;
pub mod linkcheck;
pub mod lint_cmd;
pub mod progress;
pub mod serve;
pub mod snippet_cmd;
pub mod upstream_cmd;
pub mod upstream_report;
pub mod xref_cmd;
