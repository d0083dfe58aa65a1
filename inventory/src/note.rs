//! Lines that Sphinx drops or reads wrongly, reported so a caller can warn.

use std::fmt;

use crate::Entry;

/// A line that Sphinx 9.0.4 drops, misreads, or lets another line replace.
///
/// Both parse modes return the same kinds of notes: each note describes
/// what *Sphinx* does with the line, so a caller in
/// [`crate::ParseMode::Lenient`] learns which of its entries a Sphinx
/// project would not see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line number, counting header lines, with lines split the way
    /// Sphinx splits them (the four header lines at `\n`, the entries with
    /// `str.splitlines()`, which also breaks at `\r`, `\x85`, `\u2028`, …).
    pub line_no: usize,
    /// The line as read.
    pub text: String,
    /// What happens to it.
    pub reason: NoteReason,
}

/// What Sphinx does with a noted line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoteReason {
    /// Empty or whitespace only; nothing to read.
    Blank,
    /// Neither Sphinx's regex nor the lenient reading finds the five fields;
    /// dropped in both modes.
    NoMatch,
    /// The line ends after its location. Sphinx's regex needs a display
    /// name, so it drops the line (os-api-ref writes such lines); the
    /// lenient reading keeps it with display name `-`.
    EmptyDisplayName,
    /// Sphinx's regex split the line so that the type has no `:` (a name
    /// shaped like `QEMU Copy On Write 2 (QCOW2)` gives type `Write`), and
    /// Sphinx then drops the line instead of trying another split.
    TypeWithoutColon {
        /// The token Sphinx took for the type.
        sphinx_type: String,
        /// Whether the lenient reading found a `domain:role` and kept the line.
        recovered: bool,
    },
    /// Sphinx loads the line, but not as the lenient reading does (a type
    /// such as `:b` that is not `domain:role`, earlier in the line).
    Misparsed {
        /// What Sphinx loads (and [`crate::ParseMode::Sphinx`] returns).
        sphinx: Box<Entry>,
        /// What [`crate::ParseMode::Lenient`] returns.
        lenient: Box<Entry>,
    },
    /// The priority does not fit an `i32`; the entry is kept with the
    /// priority clamped (Sphinx does not use priorities when reading).
    PriorityOutOfRange,
    /// A later line with the same type and name replaced this one (Sphinx
    /// stores entries in a dict, so the last one wins). Only reported when
    /// the two lines differ.
    Overridden {
        /// The line that replaced it.
        by_line: usize,
    },
    /// A second `py:module` entry with the same name: for modules Sphinx
    /// keeps the *first* one (old Sphinx wrote two, the first correct).
    /// Only reported when the two lines differ.
    DuplicateModule {
        /// The line that is kept.
        first_line: usize,
    },
    /// A version 1 line with fewer than three fields. Sphinx aborts the load
    /// ([`crate::Error::V1TooFewFields`]); the lenient reading skips the line.
    V1TooFewFields,
}

impl fmt::Display for NoteReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoteReason::Blank => f.write_str("blank line"),
            NoteReason::NoMatch => f.write_str("not an inventory line; Sphinx skips it"),
            NoteReason::EmptyDisplayName => f.write_str("no display name; Sphinx skips the line"),
            NoteReason::TypeWithoutColon {
                sphinx_type,
                recovered,
            } => {
                write!(
                    f,
                    "Sphinx reads the type as {sphinx_type:?}, which has no ':', and skips the line"
                )?;
                if *recovered {
                    f.write_str(" (the lenient reading finds the domain:role further on)")?;
                }
                Ok(())
            }
            NoteReason::Misparsed { sphinx, lenient } => write!(
                f,
                "Sphinx reads name {:?}, type {:?}, location {:?}; the lenient reading: name {:?}, type {:?}, location {:?}",
                sphinx.name,
                sphinx.objtype(),
                sphinx.location,
                lenient.name,
                lenient.objtype(),
                lenient.location
            ),
            NoteReason::PriorityOutOfRange => {
                f.write_str("priority does not fit a 32-bit integer; clamped")
            }
            NoteReason::Overridden { by_line } => write!(
                f,
                "line {by_line} has the same type and name and replaces this one"
            ),
            NoteReason::DuplicateModule { first_line } => write!(
                f,
                "py:module already defined on line {first_line}; Sphinx keeps the first"
            ),
            NoteReason::V1TooFewFields => f.write_str(
                "a version 1 line needs three fields; Sphinx refuses the whole inventory",
            ),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {:?}", self.line_no, self.reason, self.text)
    }
}
