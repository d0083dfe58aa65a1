//! Read and write Sphinx `objects.inv` inventories exactly as Sphinx 9.0.4 does.
//!
//! An inventory lists the objects a documentation project offers for
//! cross-references (labels, documents, glossary terms, options, Python
//! objects…) and where they live. Sphinx's intersphinx extension reads it
//! from other projects; this crate lets the HA Guide both consume the
//! OpenStack projects' inventories and publish its own.
//!
//! ```
//! use haguide_inventory::{Entry, Inventory, ParseMode};
//!
//! let inv = Inventory {
//!     project: "HA Guide".into(),
//!     version: "2025.1".into(),
//!     entries: vec![Entry {
//!         name: "ha-overview".into(),
//!         domain: "std".into(),
//!         role: "label".into(),
//!         priority: -1,
//!         location: "intro/overview.html#ha-overview".into(),
//!         dispname: Some("Overview of high availability".into()),
//!     }],
//! };
//! let bytes = inv.to_bytes()?;
//! let (back, notes) = Inventory::parse(&bytes, ParseMode::Sphinx)?;
//! assert_eq!(back, inv);
//! assert!(notes.is_empty());
//! let found = back.find("std", "label", "HA-Overview").expect("case-insensitive for labels");
//! assert_eq!(found.entry().url("https://example.invalid/ha/"),
//!            "https://example.invalid/ha/intro/overview.html#ha-overview");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Two parse modes, on purpose
//!
//! Sphinx's reader silently drops some lines that carry real information:
//! lines without a display name (os-api-ref writes 17 of the 22 lines of
//! swift's `api-ref` inventory that way) and names shaped like "word digits
//! word" (glance's glossary term `QEMU Copy On Write 2 (QCOW2)`, read with
//! type `Write`). A tool that checks links for a Sphinx-built consumer must
//! see what Sphinx sees; a tool that wants the information should get it.
//! So [`ParseMode::Sphinx`] returns exactly what Sphinx loads, drops and
//! misreadings included, and [`ParseMode::Lenient`] reads those lines the
//! way their author meant (anchoring on the `domain:role` token, like
//! sphobjinv, and treating a missing display name as `-`). Both return a
//! [`Note`] for every line Sphinx drops or reads differently, so a caller
//! can warn either way.
//!
//! # Why no regex crate
//!
//! The line grammar is matched by hand in `line.rs`. Sphinx's pattern
//! `(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)` has exactly one way to match
//! the tail for each length of the lazy name, so "the shortest name whose
//! tail fits" *is* Python's backtracking result, and writing it out makes
//! every quirk visible in the code: why `QEMU Copy On Write 2 (QCOW2)` is
//! split at `Write`, why two spaces before the location mean an empty
//! location. It also pins the character classes to Python's, which the
//! `regex` crate's Unicode `\s` does not match (Python counts U+001C..U+001F
//! as whitespace), and the lenient reading becomes a small variation of the
//! same code instead of a second pattern.
//!
//! # Faithfulness
//!
//! * Header: line 1 `rstrip()`ed; project and version drop their first 11
//!   bytes blindly; line 4 only has to contain `zlib` (see `header.rs`).
//! * Body: one zlib stream (bytes after its end are ignored, as by Python's
//!   `zlib.decompress`), strict UTF-8, split like `str.splitlines()`.
//! * Duplicates behave like Sphinx's dict: last wins, except that the first
//!   `py:module` wins; an entry keeps the position of its first line.
//! * Version 1 inventories (`name type location`) are read as Sphinx does.
//! * The writer produces Sphinx's text byte for byte (header, order, `$`
//!   and `-` shorthands) and refuses entries that would not read back
//!   unchanged, so `parse(to_bytes(inv)) == inv` for every inventory it
//!   accepts whose entries are in Sphinx's order (see
//!   [`Inventory::sort_like_sphinx`]), whose display names are canonical
//!   (`None` rather than the name itself or `-`), and whose project and
//!   version have no leading, trailing or repeated whitespace.
//! * Known limit, shared with Sphinx and sphobjinv: a name that itself
//!   contains something shaped like `x:y 2 z` (a colon word, then a number)
//!   is split there by both readings, and no note can tell.
//!
//! # Surprises in Sphinx 9.0.4's reader (all reproduced, all tested)
//!
//! * Two blanks after the priority mean an *empty* location, and all that
//!   follows is the display name; Sphinx's own dirhtml builder writes the
//!   root document that way (`index std:doc -1  Title`).
//! * A line whose regex match has a colon-less type is dropped, not retried,
//!   so "word digits word" names vanish.
//! * Whitespace and digits are Unicode: U+00A0, U+3000 and U+001F separate
//!   fields, `٣` is a priority, and U+0085, U+2028 and a lone `\r` end lines.
//! * `py:module` duplicates keep the first line, every other type the last.
//! * Version 1 files fail entirely on a blank or two-field line.
//! * The header's project and version lose their first 11 bytes whatever
//!   they are, and the version keeps leading spaces.
//! * The priority is matched but never stored; an out-of-range one is fine.
//!
//! The parity tests (`tests/sphinx_parity.rs`) compare all of this with
//! Sphinx's own loader and writer when `HAGUIDE_SPHINX_PYTHON` is set
//! (`bash ci/inventory-parity.sh` creates the venv and sets it).

#![warn(missing_docs)]

mod entry;
mod error;
mod header;
mod line;
mod lookup;
mod note;
pub mod pystr;
mod read;
mod write;

pub use entry::Entry;
pub use error::{Error, Region, WriteError};
pub use lookup::Found;
pub use note::{Note, NoteReason};

/// How to treat lines that Sphinx drops or misreads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParseMode {
    /// Exactly Sphinx 9.0.4's result: what intersphinx will resolve.
    Sphinx,
    /// Keep lines without a display name (as `-`) and read names like
    /// `Modular Layer 2 (ML2) neutron plug-in` whole, by requiring the type
    /// to be `domain:role`. Version 1 lines with too few fields are skipped
    /// instead of failing the whole inventory.
    Lenient,
}

/// A parsed inventory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inventory {
    /// Project name from the header (`# Project: …`).
    pub project: String,
    /// Project version from the header (`# Version: …`); often empty.
    pub version: String,
    /// The entries, in the order of their first line, one per type and name.
    pub entries: Vec<Entry>,
}

impl Inventory {
    /// Reads an inventory (version 1 or 2). Lines that Sphinx drops or
    /// reads differently come back as notes, in line order.
    pub fn parse(bytes: &[u8], mode: ParseMode) -> Result<(Inventory, Vec<Note>), Error> {
        read::parse(bytes, mode)
    }

    /// Writes a version 2 inventory, byte for byte the text Sphinx writes for
    /// these entries, compressed with zlib at the best level.
    pub fn to_bytes(&self) -> Result<Vec<u8>, WriteError> {
        write::to_bytes(self)
    }

    /// Sorts the entries into the order Sphinx writes them: by domain, then
    /// name, then display name, then role.
    pub fn sort_like_sphinx(&mut self) {
        self.entries.sort_by(write::sphinx_order);
    }
}
