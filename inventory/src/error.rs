//! What can go wrong reading or writing an inventory.

use std::fmt;

/// Why an inventory could not be read at all. Lines that Sphinx skips are
/// not errors: they come back as [`crate::Note`]s.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Line 1 is not `# Sphinx inventory version N`.
    #[error("not an inventory: first line is {first_line:?}")]
    NotAnInventory {
        /// Line 1 (after `rstrip()`), invalid UTF-8 replaced.
        first_line: String,
    },
    /// Line 1 names a version other than 1 or 2.
    #[error("unsupported inventory version {version:?} on line 1 (only versions 1 and 2 exist)")]
    UnsupportedVersion {
        /// What follows `# Sphinx inventory version `.
        version: String,
    },
    /// The header stops before all its lines are there.
    #[error("truncated header: line {line} is missing or does not end with a newline")]
    TruncatedHeader {
        /// 1-based number of the first missing header line.
        line: usize,
    },
    /// The project name or version is not UTF-8.
    #[error("header line {line} is not valid UTF-8")]
    HeaderNotUtf8 {
        /// 1-based header line number (2 or 3).
        line: usize,
    },
    /// Version 2 requires line 4 to mention zlib.
    #[error(
        "header line 4 does not mention zlib, so the rest is not a compressed inventory: {text:?}"
    )]
    NotCompressed {
        /// Line 4, invalid UTF-8 replaced.
        text: String,
    },
    /// The compressed body does not decompress.
    #[error("zlib stream is corrupt at byte {offset}: {detail}")]
    CorruptZlib {
        /// Byte offset in the file where the decompressor gave up.
        offset: usize,
        /// The decompressor's message.
        detail: String,
    },
    /// The compressed body stops before the end of its zlib stream.
    #[error("zlib stream is truncated: the file ends at byte {offset} before the stream does")]
    TruncatedZlib {
        /// Length of the file.
        offset: usize,
    },
    /// The entries are not UTF-8 text.
    #[error("line {line} is not valid UTF-8 (byte {offset} of the {region})")]
    NotUtf8 {
        /// 1-based line number of the bad byte.
        line: usize,
        /// Offset of the bad byte in `region`.
        offset: usize,
        /// What `offset` counts in.
        region: Region,
    },
    /// A version 1 line with fewer than three fields; Sphinx aborts the
    /// whole load on it (`ValueError: not enough values to unpack`).
    /// Only [`crate::ParseMode::Sphinx`] returns this.
    #[error(
        "line {line_no}: a version 1 entry needs three fields (name, type, location): {text:?}"
    )]
    V1TooFewFields {
        /// 1-based line number.
        line_no: usize,
        /// The line.
        text: String,
    },
}

/// The byte sequence an [`Error::NotUtf8`] offset counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// The decompressed body of a version 2 inventory.
    DecompressedBody,
    /// The file itself (version 1 inventories are not compressed).
    File,
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Region::DecompressedBody => "decompressed body",
            Region::File => "file",
        })
    }
}

/// Why an inventory could not be written so that Sphinx reads it back as it is.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// An entry that no line can express (Sphinx would misread or drop it).
    #[error("entry {index} ({objtype} {name:?}): {problem}")]
    Unrepresentable {
        /// Index in [`crate::Inventory::entries`].
        index: usize,
        /// The entry's type, `domain:role`.
        objtype: String,
        /// The entry's name.
        name: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Two entries with the same type and name; Sphinx would keep only one.
    #[error("entries {first} and {second} are both {objtype} {name:?}")]
    Duplicate {
        /// Index of the first of them.
        first: usize,
        /// Index of the second.
        second: usize,
        /// Their type.
        objtype: String,
        /// Their name.
        name: String,
    },
    /// The compressor failed (it writes to memory, so this is not expected).
    #[error("compressing the inventory failed: {0}")]
    Compress(#[from] std::io::Error),
}
