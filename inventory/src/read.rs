//! Reading a whole inventory: decompressing, splitting into lines, reading
//! each line in the chosen mode, and merging duplicates the way Sphinx's
//! dict does.

use std::collections::HashMap;

use flate2::{Decompress, FlushDecompress, Status};

use crate::error::{Error, Region};
use crate::header::{self, Header};
use crate::line::{self, Fields};
use crate::note::{Note, NoteReason};
use crate::pystr::{is_space, rstrip, splitlines};
use crate::{Entry, Inventory, ParseMode};

/// Version 1 has no priorities; this is Sphinx's default search priority.
const V1_PRIORITY: i32 = 1;

/// Number of header lines before the first entry of a version 2 inventory.
const V2_HEADER_LINES: usize = 4;

pub(crate) fn parse(bytes: &[u8], mode: ParseMode) -> Result<(Inventory, Vec<Note>), Error> {
    match header::read(bytes)? {
        Header::V2 {
            project,
            version,
            compressed,
            compressed_offset,
        } => {
            let body = inflate(compressed, compressed_offset)?;
            let text = std::str::from_utf8(&body).map_err(|e| {
                let valid = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default();
                Error::NotUtf8 {
                    line: V2_HEADER_LINES + 1 + header::line_breaks(valid),
                    offset: e.valid_up_to(),
                    region: Region::DecompressedBody,
                }
            })?;
            let mut merger = Merger::new(true);
            for (i, text) in splitlines(text).enumerate() {
                read_v2_line(&mut merger, mode, V2_HEADER_LINES + 1 + i, text);
            }
            Ok(merger.finish(project, version))
        }
        Header::V1 { text } => {
            let lines: Vec<&str> = splitlines(text).collect();
            let (project, version) = header::v1_project_version(&lines)?;
            // Version 1 predates the py:module rule: plain dict assignment.
            let mut merger = Merger::new(false);
            // `lines[0]` is file line 2.
            for (i, &text) in lines.iter().enumerate().skip(2) {
                read_v1_line(&mut merger, mode, i + 2, text)?;
            }
            Ok(merger.finish(project, version))
        }
    }
}

/// Decompresses one zlib stream as Python's `zlib.decompress` does: the
/// checksum is verified and anything after the end of the stream is ignored.
fn inflate(data: &[u8], file_offset: usize) -> Result<Vec<u8>, Error> {
    let mut z = Decompress::new(true);
    // Inventories compress about 3 to 5 times; start there and grow.
    let mut out = Vec::with_capacity(data.len().saturating_mul(4).max(1024));
    loop {
        let consumed = byte_count(z.total_in());
        let produced = byte_count(z.total_out());
        let input = data.get(consumed..).unwrap_or_default();
        let status = z
            .decompress_vec(input, &mut out, FlushDecompress::None)
            .map_err(|e| Error::CorruptZlib {
                offset: file_offset + byte_count(z.total_in()),
                detail: e.to_string(),
            })?;
        if status == Status::StreamEnd {
            return Ok(out);
        }
        if out.len() == out.capacity() {
            out.reserve(out.capacity());
            continue;
        }
        // Room to write, yet no progress: the input ran out mid-stream.
        let stuck = byte_count(z.total_in()) == consumed && byte_count(z.total_out()) == produced;
        if stuck {
            return Err(Error::TruncatedZlib {
                offset: file_offset + data.len(),
            });
        }
    }
}

/// zlib's counters are `u64`; they count bytes of an in-memory slice, so
/// they always fit.
fn byte_count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Reads one version 2 line in `mode` and records notes on how Sphinx sees it.
fn read_v2_line<'t>(merger: &mut Merger<'t>, mode: ParseMode, line_no: usize, text: &'t str) {
    let stripped = rstrip(text);
    if stripped.is_empty() {
        merger.note(line_no, text, NoteReason::Blank);
        return;
    }
    let sphinx = line::sphinx(stripped);
    let lenient = line::lenient(stripped);
    // Sphinx drops a match whose type has no colon (checked after the regex).
    let sphinx_kept = sphinx.filter(|f| f.objtype.contains(':'));

    let reason = match (sphinx, lenient) {
        (None, None) => Some(NoteReason::NoMatch),
        // Every lenient match with a display name is also a Sphinx match
        // (at the same or an earlier name end), so this is the only case.
        (None, Some(_)) => Some(NoteReason::EmptyDisplayName),
        (Some(s), l) if sphinx_kept.is_none() => Some(NoteReason::TypeWithoutColon {
            sphinx_type: s.objtype.to_owned(),
            recovered: l.is_some(),
        }),
        (Some(s), Some(l)) if s != l => Some(NoteReason::Misparsed {
            sphinx: Box::new(to_entry(s).0),
            lenient: Box::new(to_entry(l).0),
        }),
        _ => None,
    };
    if let Some(reason) = reason {
        merger.note(line_no, text, reason);
    }

    let chosen = match mode {
        ParseMode::Sphinx => sphinx_kept,
        // Where the lenient reading finds nothing (a type like ":b"), what
        // Sphinx loads is still the best reading there is.
        ParseMode::Lenient => lenient.or(sphinx_kept),
    };
    if let Some(fields) = chosen {
        let (entry, priority_fits) = to_entry(fields);
        if !priority_fits {
            merger.note(line_no, text, NoteReason::PriorityOutOfRange);
        }
        merger.insert(line_no, text, entry);
    }
}

/// Builds an entry from matched fields: `$` expanded, `-` and an empty
/// display name turned into `None`, the priority clamped to `i32`. The
/// boolean is false when clamping was needed.
pub(crate) fn to_entry(f: Fields<'_>) -> (Entry, bool) {
    // Without a colon (never passed here by the readers) all is domain.
    let (domain, role) = f.objtype.split_once(':').unwrap_or((f.objtype, ""));
    let location = match f.location.strip_suffix('$') {
        Some(prefix) => format!("{prefix}{}", f.name),
        None => f.location.to_owned(),
    };
    let dispname = match f.dispname {
        "-" | "" => None,
        other => Some(other.to_owned()),
    };
    let parsed = line::priority_value(f.priority);
    let priority = parsed.unwrap_or(if f.priority.starts_with('-') {
        i32::MIN
    } else {
        i32::MAX
    });
    let entry = Entry {
        name: f.name.to_owned(),
        domain: domain.to_owned(),
        role: role.to_owned(),
        priority,
        location,
        dispname,
    };
    (entry, parsed.is_some())
}

/// Reads one version 1 line: `name, type, location = line.rstrip().split(None, 2)`.
fn read_v1_line<'t>(
    merger: &mut Merger<'t>,
    mode: ParseMode,
    line_no: usize,
    text: &'t str,
) -> Result<(), Error> {
    let Some((name, objtype, location)) = split3(rstrip(text)) else {
        // Sphinx's tuple unpacking raises, blank lines included.
        return match mode {
            ParseMode::Sphinx => Err(Error::V1TooFewFields {
                line_no,
                text: text.to_owned(),
            }),
            ParseMode::Lenient => {
                let reason = if rstrip(text).is_empty() {
                    NoteReason::Blank
                } else {
                    NoteReason::V1TooFewFields
                };
                merger.note(line_no, text, reason);
                Ok(())
            }
        };
    };
    // Version 1 locations had no anchors; Sphinx adds them.
    let (role, location) = if objtype == "mod" {
        ("module", format!("{location}#module-{name}"))
    } else {
        (objtype, format!("{location}#{name}"))
    };
    let entry = Entry {
        name: name.to_owned(),
        domain: "py".to_owned(),
        role: role.to_owned(),
        priority: V1_PRIORITY,
        location,
        dispname: None,
    };
    merger.insert(line_no, text, entry);
    Ok(())
}

/// Python's `text.split(None, 2)` when it yields three parts.
fn split3(text: &str) -> Option<(&str, &str, &str)> {
    let (first, rest) = text.trim_start_matches(is_space).split_once(is_space)?;
    let (second, rest) = rest.trim_start_matches(is_space).split_once(is_space)?;
    let third = rest.trim_start_matches(is_space);
    (!third.is_empty()).then_some((first, second, third))
}

/// Collects entries with the semantics of Sphinx's `inv[type, name] = item`:
/// a key keeps the position of its first line and the value of its last,
/// except that for `py:module` (in version 2) the first line wins.
struct Merger<'t> {
    module_first_wins: bool,
    entries: Vec<Entry>,
    /// Line number and text each entry came from, parallel to `entries`.
    origins: Vec<(usize, &'t str)>,
    by_key: HashMap<(String, String), usize>,
    notes: Vec<Note>,
}

impl<'t> Merger<'t> {
    fn new(module_first_wins: bool) -> Self {
        Merger {
            module_first_wins,
            entries: Vec::new(),
            origins: Vec::new(),
            by_key: HashMap::new(),
            notes: Vec::new(),
        }
    }

    fn note(&mut self, line_no: usize, text: &str, reason: NoteReason) {
        self.notes.push(Note {
            line_no,
            text: text.to_owned(),
            reason,
        });
    }

    fn insert(&mut self, line_no: usize, text: &'t str, entry: Entry) {
        let key = (entry.objtype(), entry.name.clone());
        let Some(&i) = self.by_key.get(&key) else {
            self.by_key.insert(key, self.entries.len());
            self.entries.push(entry);
            self.origins.push((line_no, text));
            return;
        };
        let (first_line, first_text) = self.origins[i];
        let differs = self.entries[i] != entry;
        if self.module_first_wins && key.0 == "py:module" {
            if differs {
                self.note(line_no, text, NoteReason::DuplicateModule { first_line });
            }
            return;
        }
        if differs {
            self.note(
                first_line,
                first_text,
                NoteReason::Overridden { by_line: line_no },
            );
        }
        self.entries[i] = entry;
        self.origins[i] = (line_no, text);
    }

    fn finish(mut self, project: String, version: String) -> (Inventory, Vec<Note>) {
        // Overridden notes are filed late, against earlier lines.
        self.notes.sort_by_key(|n| n.line_no);
        let inventory = Inventory {
            project,
            version,
            entries: self.entries,
        };
        (inventory, self.notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split3_like_python() {
        assert_eq!(split3("a b c"), Some(("a", "b", "c")));
        assert_eq!(split3("  a\tb  c d "), Some(("a", "b", "c d ")));
        assert_eq!(split3("a b"), None);
        assert_eq!(split3(""), None);
    }

    #[test]
    fn inflate_ignores_trailing_bytes_and_reports_truncation() {
        use std::io::Write;
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(b"hello\n").expect("in memory");
        let z = enc.finish().expect("in memory");
        let mut trailing = z.clone();
        trailing.extend_from_slice(b"garbage");
        assert_eq!(inflate(&trailing, 0).expect("valid"), b"hello\n");
        assert!(matches!(
            inflate(&z[..z.len() - 2], 100),
            Err(Error::TruncatedZlib { offset }) if offset == 100 + z.len() - 2
        ));
        assert!(matches!(
            inflate(b"", 7),
            Err(Error::TruncatedZlib { offset: 7 })
        ));
        let mut corrupt = z.clone();
        corrupt[0] = 0x00;
        let err = inflate(&corrupt, 10).expect_err("corrupt");
        assert!(
            matches!(
                err,
                Error::CorruptZlib {
                    offset: 10..=12,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn large_bodies_grow_the_buffer() {
        use std::io::Write;
        let text = "x".repeat(1 << 20);
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(text.as_bytes()).expect("in memory");
        let z = enc.finish().expect("in memory");
        assert_eq!(inflate(&z, 0).expect("valid").len(), 1 << 20);
    }
}
