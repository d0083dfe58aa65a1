//! Python's notion of whitespace, decimal digits and line breaks.
//!
//! Sphinx reads an inventory with Python `str` methods and a `str` regex, so
//! "whitespace" means `str.isspace()` (which is also what the regex `\s` and
//! `str.rstrip()` use), "digit" means `str.isdecimal()` (the regex `\d`), and a
//! line ends wherever `str.splitlines()` says. None of these equal Rust's own
//! classes: `char::is_whitespace` misses U+001C..U+001F, `char::is_numeric`
//! takes far more than decimal digits, and `str::lines` splits on `\n` only.
//!
//! The tables were generated from Python 3.11 (Unicode 14.0.0, the oldest
//! Python Sphinx 9 supports); the parity test compares them with the Python
//! that runs Sphinx, code point by code point.

/// Code points for which Python's `str.isspace()` is true (and the regex `\s`
/// matches, and `str.rstrip()` strips).
const PY_SPACE: &[char] = &[
    '\u{9}', '\u{a}', '\u{b}', '\u{c}', '\u{d}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{1f}', '\u{20}',
    '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
    '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}',
    '\u{202f}', '\u{205f}', '\u{3000}',
];

/// Every decimal digit Python knows comes in a run of ten consecutive code
/// points, zero to nine; these are the zeros (66 runs, 660 digits).
const DIGIT_ZEROS: &[u32] = &[
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// Python's `str.isspace()`, which is also the regex class `\s` for `str` patterns.
pub fn is_space(c: char) -> bool {
    // Fast path: nearly every character is ASCII and not a control character.
    if c > ' ' && c < '\u{7f}' {
        return false;
    }
    PY_SPACE.binary_search(&c).is_ok()
}

/// The value of `c` if Python's `str.isdecimal()` is true for it (the regex
/// class `\d` for `str` patterns), so `'٣'` (ARABIC-INDIC DIGIT THREE) is 3.
pub fn decimal_value(c: char) -> Option<u32> {
    let cp = u32::from(c);
    // The last zero at or below `cp` is the only run that can hold it.
    let idx = DIGIT_ZEROS.partition_point(|&zero| zero <= cp);
    let zero = DIGIT_ZEROS[..idx].last()?;
    let value = cp - zero;
    (value < 10).then_some(value)
}

/// True for the characters at which Python's `str.splitlines()` ends a line
/// (`\r\n` counts as one break; that is handled by [`splitlines`]).
pub fn is_line_boundary(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Python's `str.splitlines()` (without `keepends`): the lines of `text`
/// without their terminators, and no empty last line after a final break.
pub fn splitlines(text: &str) -> SplitLines<'_> {
    SplitLines { rest: text }
}

/// Iterator returned by [`splitlines`].
#[derive(Debug, Clone)]
pub struct SplitLines<'a> {
    rest: &'a str,
}

impl<'a> Iterator for SplitLines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        match self.rest.char_indices().find(|&(_, c)| is_line_boundary(c)) {
            Some((at, c)) => {
                let line = &self.rest[..at];
                let mut after = at + c.len_utf8();
                // "\r\n" is a single break, as in Python.
                if c == '\r' && self.rest[after..].starts_with('\n') {
                    after += 1;
                }
                self.rest = &self.rest[after..];
                Some(line)
            }
            None => {
                let line = self.rest;
                self.rest = "";
                Some(line)
            }
        }
    }
}

/// Python's `str.rstrip()` with no argument.
pub fn rstrip(text: &str) -> &str {
    text.trim_end_matches(is_space)
}

/// Python's `bytes.rstrip()` with no argument: only ASCII space, `\t`, `\n`,
/// `\r`, `\x0b` and `\x0c` are stripped (unlike `str.rstrip()`).
pub fn bytes_rstrip(bytes: &[u8]) -> &[u8] {
    let keep = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        .map_or(0, |last| last + 1);
    &bytes[..keep]
}

/// Python's `re.sub(r'\s+', ' ', text)`, which Sphinx's writer applies to the
/// project name and version.
pub fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if is_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(PY_SPACE.windows(2).all(|w| w[0] < w[1]));
        assert!(DIGIT_ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]));
    }

    #[test]
    fn python_whitespace_includes_information_separators() {
        for c in [
            '\u{1c}', '\u{1f}', '\u{85}', '\u{a0}', '\u{3000}', ' ', '\t',
        ] {
            assert!(is_space(c), "{c:?}");
        }
        for c in ['a', '\u{200b}', '\u{feff}', '\u{0}'] {
            assert!(!is_space(c), "{c:?}");
        }
    }

    #[test]
    fn decimal_digits_beyond_ascii() {
        assert_eq!(decimal_value('7'), Some(7));
        assert_eq!(decimal_value('\u{663}'), Some(3));
        assert_eq!(decimal_value('\u{1d7ff}'), Some(9));
        assert_eq!(
            decimal_value('\u{b2}'),
            None,
            "superscript two is not decimal"
        );
        assert_eq!(decimal_value('/'), None);
        assert_eq!(decimal_value(':'), None);
        assert_eq!(decimal_value('\u{65f}'), None, "just below a run of digits");
    }

    #[test]
    fn splitlines_like_python() {
        let lines: Vec<_> =
            splitlines("a\nb\r\nc\rd\u{b}e\u{c}f\u{1c}g\u{1d}h\u{1e}i\u{85}j\u{2028}k\u{2029}l\n")
                .collect();
        assert_eq!(
            lines,
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]
        );
        // \x1f is whitespace but not a line break.
        assert_eq!(splitlines("a\u{1f}b").collect::<Vec<_>>(), ["a\u{1f}b"]);
        assert_eq!(splitlines("").count(), 0);
        assert_eq!(splitlines("\n\n").collect::<Vec<_>>(), ["", ""]);
        assert_eq!(splitlines("\r\r\n").collect::<Vec<_>>(), ["", ""]);
    }

    #[test]
    fn rstrip_variants() {
        assert_eq!(rstrip("a b \u{85}\u{1f}\t"), "a b");
        assert_eq!(bytes_rstrip(b"a \x1c \r\n"), b"a \x1c");
        assert_eq!(bytes_rstrip(b" \t"), b"");
    }

    #[test]
    fn collapse_runs_of_any_whitespace() {
        assert_eq!(collapse_space("a \t\n b\u{2028}c "), "a b c ");
    }
}
