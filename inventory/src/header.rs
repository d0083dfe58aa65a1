//! The header lines, read with the same byte-level rules as Sphinx 9.0.4's
//! `InventoryFile.loads`:
//!
//! * line 1 is cut at the first `\n` and `bytes.rstrip()`ed, so `\r\n` and
//!   trailing blanks are fine, and must then equal
//!   `# Sphinx inventory version 1` or `… 2`;
//! * version 2: the next three lines are cut at `\n` only (`split(b'\n', 3)`);
//!   project and version are `line.rstrip()[11:]` on *bytes*, which drops
//!   the first 11 bytes whatever they are, so `# Project:foo` reads as `oo`;
//!   line 4 only has to contain `zlib`;
//! * version 1: the rest of the file is decoded and split with
//!   `str.splitlines()`, and project and version are `line.rstrip()[11:]` on
//!   *characters* (see [`v1_project_version`]).

use crate::error::{Error, Region};
use crate::pystr::{bytes_rstrip, is_line_boundary, rstrip};

/// What the header says the rest of the file is.
#[derive(Debug)]
pub(crate) enum Header<'a> {
    /// Version 1: plain text after line 1 (header lines 2 and 3 included).
    V1 {
        /// Everything after line 1, decoded.
        text: &'a str,
    },
    /// Version 2: project and version, then one zlib stream.
    V2 {
        project: String,
        version: String,
        compressed: &'a [u8],
        /// Offset of `compressed` in the file, for error messages.
        compressed_offset: usize,
    },
}

const FORMAT_PREFIX: &[u8] = b"# Sphinx inventory version ";

/// Reads line 1 and, for version 2, lines 2 to 4.
pub(crate) fn read(bytes: &[u8]) -> Result<Header<'_>, Error> {
    let (first, rest) = split_line(bytes);
    let rest_offset = bytes.len() - rest.len();
    let first = bytes_rstrip(first);
    match first.strip_prefix(FORMAT_PREFIX) {
        Some(b"2") => read_v2(rest, rest_offset),
        Some(b"1") => {
            let text = std::str::from_utf8(rest).map_err(|e| {
                let valid = &rest[..e.valid_up_to()];
                Error::NotUtf8 {
                    // Lines 2.. are in `rest`; the valid prefix is UTF-8.
                    line: 2 + line_breaks(std::str::from_utf8(valid).unwrap_or_default()),
                    offset: rest_offset + e.valid_up_to(),
                    region: Region::File,
                }
            })?;
            Ok(Header::V1 { text })
        }
        Some(other) => Err(Error::UnsupportedVersion {
            version: String::from_utf8_lossy(other).into_owned(),
        }),
        None => Err(Error::NotAnInventory {
            first_line: String::from_utf8_lossy(first).into_owned(),
        }),
    }
}

/// Lines 2 to 4 of a version 2 header, then the compressed rest.
fn read_v2(rest: &[u8], rest_offset: usize) -> Result<Header<'_>, Error> {
    let mut lines = [&rest[..0]; 3];
    let mut remaining = rest;
    for (i, slot) in lines.iter_mut().enumerate() {
        let Some(end) = remaining.iter().position(|&b| b == b'\n') else {
            return Err(Error::TruncatedHeader { line: i + 2 });
        };
        *slot = &remaining[..end];
        remaining = &remaining[end + 1..];
    }
    let [project_line, version_line, check_line] = lines;
    let project = header_value(project_line, 2)?;
    let version = header_value(version_line, 3)?;
    // Sphinx checks only for the word, so pydoctor's "# The rest of this
    // file is compressed with zlib." is accepted too.
    if !check_line.windows(4).any(|w| w == b"zlib") {
        return Err(Error::NotCompressed {
            text: String::from_utf8_lossy(check_line).into_owned(),
        });
    }
    Ok(Header::V2 {
        project,
        version,
        compressed: remaining,
        compressed_offset: rest_offset + (rest.len() - remaining.len()),
    })
}

/// `line.rstrip()[11:].decode()`: the 11 bytes of `# Project: ` or
/// `# Version: ` are dropped without being checked.
fn header_value(line: &[u8], line_no: usize) -> Result<String, Error> {
    let value = bytes_rstrip(line).get(11..).unwrap_or_default();
    String::from_utf8(value.to_vec()).map_err(|_| Error::HeaderNotUtf8 { line: line_no })
}

/// `lines[i].rstrip()[11:]` on a `str`: for version 1 the 11 dropped units
/// are characters, not bytes.
pub(crate) fn v1_header_value(line: &str) -> String {
    rstrip(line).chars().skip(11).collect()
}

/// Project and version of a version 1 inventory from its first two text
/// lines (file lines 2 and 3).
pub(crate) fn v1_project_version(lines: &[&str]) -> Result<(String, String), Error> {
    match lines {
        [project, version, ..] => Ok((v1_header_value(project), v1_header_value(version))),
        _ => Err(Error::TruncatedHeader {
            line: lines.len() + 2,
        }),
    }
}

/// `bytes.partition(b'\n')` without the separator.
fn split_line(bytes: &[u8]) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(end) => (&bytes[..end], &bytes[end + 1..]),
        None => (bytes, &bytes[bytes.len()..]),
    }
}

/// How many line breaks `str.splitlines()` sees in `text` (`\r\n` is one).
pub(crate) fn line_breaks(text: &str) -> usize {
    text.chars().filter(|&c| is_line_boundary(c)).count() - text.matches("\r\n").count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v2(bytes: &[u8]) -> (String, String, usize) {
        match read(bytes).expect("valid header") {
            Header::V2 {
                project,
                version,
                compressed_offset,
                ..
            } => (project, version, compressed_offset),
            Header::V1 { .. } => panic!("expected version 2"),
        }
    }

    #[test]
    fn crlf_and_trailing_blanks_on_line_one() {
        let (p, v, off) =
            v2(b"# Sphinx inventory version 2 \r\n# Project: keystone\r\n# Version: \n# zlib\nZ");
        // bytes.rstrip() removes the \r of line 2 as well.
        assert_eq!((p.as_str(), v.as_str(), off), ("keystone", "", 71));
    }

    #[test]
    fn project_prefix_is_cut_blindly() {
        let (p, v, _) =
            v2(b"# Sphinx inventory version 2\n# Project:keystone\n#Version: 1.0 \n zlib \n");
        assert_eq!(p, "eystone");
        assert_eq!(v, ".0");
        let (p, _, _) = v2(b"# Sphinx inventory version 2\n# Project\n# Version: 1\nzlib\n");
        assert_eq!(p, "", "a line shorter than 11 bytes gives an empty project");
    }

    #[test]
    fn header_errors() {
        assert!(matches!(
            read(b"<html>\n"),
            Err(Error::NotAnInventory { first_line }) if first_line == "<html>"
        ));
        assert!(matches!(
            read(b"# Sphinx inventory version 3\n"),
            Err(Error::UnsupportedVersion { version }) if version == "3"
        ));
        assert!(matches!(
            read(b"# Sphinx inventory version 2\n# Project: x\n# Version: 1"),
            Err(Error::TruncatedHeader { line: 3 })
        ));
        assert!(matches!(
            read(b"# Sphinx inventory version 2"),
            Err(Error::TruncatedHeader { line: 2 })
        ));
        assert!(matches!(
            read(b"# Sphinx inventory version 2\n# Project: x\n# Version: 1\n# The remainder is gzip.\n"),
            Err(Error::NotCompressed { .. })
        ));
        assert!(matches!(
            read(b"# Sphinx inventory version 2\n# Project: \xff\n# Version: 1\nzlib\n"),
            Err(Error::HeaderNotUtf8 { line: 2 })
        ));
        let err = read(b"# Sphinx inventory version 1\n# Project: x\n\xff").expect_err("not UTF-8");
        assert_eq!(
            err.to_string(),
            "line 3 is not valid UTF-8 (byte 42 of the file)"
        );
    }

    #[test]
    fn v1_values_count_characters() {
        assert_eq!(v1_header_value("# Project: é x \u{85}"), "é x");
        assert_eq!(
            v1_header_value("# Projét: xy"),
            "y",
            "11 characters, 12 bytes"
        );
        assert!(matches!(
            v1_project_version(&["# Project: x"]),
            Err(Error::TruncatedHeader { line: 3 })
        ));
    }
}
