//! Shared helpers for the integration tests: the repository root and throwaway copies of books.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

/// The repository root (the guide's own book).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `tests/fixtures/<name>` in a temporary directory.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo_root().join("tests/fixtures").join(name), dir.path());
    dir
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// The HTML text of a code block as mdbook's renderer escapes it (quotes stay as they are).
pub fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Builds a book and returns the error text, which must exist.
pub fn build_error(root: &Path) -> String {
    let out = tempfile::tempdir().expect("tempdir");
    match haguide::book::build(root, Some(out.path())) {
        Ok(_) => panic!("the build of {} should have failed", root.display()),
        Err(e) => format!("{e:#}"),
    }
}
