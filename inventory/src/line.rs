//! Splitting one inventory line into its five fields.
//!
//! Sphinx 9.0.4 reads a line with
//! `re.match(r'(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)', line.rstrip())`.
//! The matcher here reproduces what Python's backtracking engine returns,
//! without a regex engine. For one candidate end of the lazy name `(.+?)`
//! the rest of the pattern can match in at most one way, because every
//! quantifier there is followed by a token of the opposite class:
//!
//! * `\s+` then `\S+`: giving back whitespace would leave `\S+` facing
//!   whitespace, so the whole run is taken or the candidate fails;
//! * `\S+` then `\s+`, and `\d+` then `\s+?`: likewise for the run of
//!   non-whitespace or digits;
//! * `-?` then `\d+`: without the `-`, `\d+` would face the `-`;
//! * `\s+?(\S*)\s+`: the lazy `\s+?` takes exactly one whitespace character.
//!   If the next character is whitespace too, `(\S*)` matches empty and the
//!   location is empty (Sphinx's dirhtml builder writes `index std:doc -1  Title`
//!   this way); otherwise the location is the following run of
//!   non-whitespace, which must be followed by whitespace. Taking a second
//!   character in `\s+?` could only help if the first `\S*` attempt failed
//!   while the next character is whitespace, and that attempt never fails.
//!
//! So the first match Python finds is: the shortest name for which that
//! unique tail fits. [`sphinx`] tries each name end in order, which is
//! exactly the order of Python's backtracking. The price is quadratic time
//! in the worst case, on lines that are a few hundred characters long.
//!
//! Sphinx checks that the type contains `:` only *after* the match, so a
//! name such as `QEMU Copy On Write 2 (QCOW2)` (type `Write`, priority `2`)
//! is dropped rather than retried. [`lenient`] applies the colon rule while
//! matching, the way sphobjinv's `[^\s:]+:[^\s]+` does, so it finds the
//! `std:term` further on; it also accepts a line that ends after the
//! location (no display name).
//!
//! Whitespace and digits are Python's, from [`crate::pystr`]; the caller
//! passes a line that has already been through `str.rstrip()`.

use crate::pystr::{decimal_value, is_space};

/// The five fields of a line, as slices of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fields<'a> {
    pub(crate) name: &'a str,
    pub(crate) objtype: &'a str,
    pub(crate) priority: &'a str,
    pub(crate) location: &'a str,
    /// Empty only from [`lenient`], for a line without a display name.
    pub(crate) dispname: &'a str,
}

/// The line as characters with their byte offsets, plus helpers that
/// measure runs of one class of character.
struct Chars<'a> {
    line: &'a str,
    chars: Vec<(usize, char)>,
}

impl<'a> Chars<'a> {
    fn new(line: &'a str) -> Self {
        Chars {
            line,
            chars: line.char_indices().collect(),
        }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// Byte offset of character `i` (the line's length past the end).
    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.line.len(), |&(b, _)| b)
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        &self.line[self.byte(from)..self.byte(to)]
    }

    /// End of the run of characters satisfying `class` that starts at `i`.
    fn run(&self, i: usize, class: impl Fn(char) -> bool) -> usize {
        let mut j = i;
        while self.at(j).is_some_and(&class) {
            j += 1;
        }
        j
    }

    fn space_run(&self, i: usize) -> usize {
        self.run(i, is_space)
    }

    fn word_run(&self, i: usize) -> usize {
        self.run(i, |c| !is_space(c))
    }
}

/// Where the type token of a candidate starts and ends, and the priority.
struct Head {
    type_from: usize,
    type_to: usize,
    prio_from: usize,
    prio_to: usize,
}

/// `\s+(\S+)\s+(-?\d+)` starting right after a name that ends at `name_end`,
/// with the priority followed by at least one character (the `\s+?`, which
/// the caller checks is whitespace).
fn head(c: &Chars<'_>, name_end: usize) -> Option<Head> {
    let type_from = c.space_run(name_end);
    if type_from == name_end {
        return None;
    }
    let type_to = c.word_run(type_from);
    if type_to == type_from {
        return None;
    }
    let prio_from = c.space_run(type_to);
    if prio_from == type_to {
        return None;
    }
    let digits_from = if c.at(prio_from) == Some('-') {
        prio_from + 1
    } else {
        prio_from
    };
    let prio_to = c.run(digits_from, |ch| decimal_value(ch).is_some());
    if prio_to == digits_from {
        return None;
    }
    Some(Head {
        type_from,
        type_to,
        prio_from,
        prio_to,
    })
}

/// Name end positions that `(.+?)` may try, in Python's order. `.` does not
/// match `\n`, which a line from `splitlines()` never contains anyway.
fn name_ends(c: &Chars<'_>) -> impl Iterator<Item = usize> {
    let stop = c
        .chars
        .iter()
        .position(|&(_, ch)| ch == '\n')
        .unwrap_or(c.len());
    1..=stop
}

/// `(.*)`: the rest of the line up to a `\n`, which `.` does not match.
fn rest_of_line(c: &Chars<'_>, from: usize) -> usize {
    c.run(from, |ch| ch != '\n')
}

/// Exactly what Sphinx 9.0.4's regex returns for `line` (already
/// `rstrip()`ed), or `None` where it does not match. The type may lack a
/// colon; Sphinx drops such lines after matching.
pub(crate) fn sphinx(line: &str) -> Option<Fields<'_>> {
    let c = Chars::new(line);
    name_ends(&c).find_map(|name_end| sphinx_tail(&c, name_end))
}

fn sphinx_tail<'a>(c: &Chars<'a>, name_end: usize) -> Option<Fields<'a>> {
    let h = head(c, name_end)?;
    // `\s+?` takes one whitespace character.
    if !c.at(h.prio_to).is_some_and(is_space) {
        return None;
    }
    let loc_from = h.prio_to + 1;
    let loc_to = c.word_run(loc_from);
    // `\s+` must follow the location, possibly an empty one.
    let disp_from = c.space_run(loc_to);
    if disp_from == loc_to {
        return None;
    }
    let disp_to = rest_of_line(c, disp_from);
    Some(Fields {
        name: c.slice(0, name_end),
        objtype: c.slice(h.type_from, h.type_to),
        priority: c.slice(h.prio_from, h.prio_to),
        location: c.slice(loc_from, loc_to),
        dispname: c.slice(disp_from, disp_to),
    })
}

/// The lenient reading: like [`sphinx`], except that the type must look
/// like `domain:role` (`[^\s:]+:\S+`) for a name end to be accepted, and a
/// line may stop after its location (the display name is then empty).
pub(crate) fn lenient(line: &str) -> Option<Fields<'_>> {
    let c = Chars::new(line);
    name_ends(&c).find_map(|name_end| lenient_tail(&c, name_end))
}

fn lenient_tail<'a>(c: &Chars<'a>, name_end: usize) -> Option<Fields<'a>> {
    let h = head(c, name_end)?;
    let objtype = c.slice(h.type_from, h.type_to);
    if !is_domain_role(objtype) {
        return None;
    }
    // The location follows exactly one whitespace character, as in Sphinx,
    // so an empty location (dirhtml's root document) reads the same way.
    if !c.at(h.prio_to).is_some_and(is_space) {
        return None;
    }
    let loc_from = h.prio_to + 1;
    let loc_to = c.word_run(loc_from);
    let disp_from = c.space_run(loc_to);
    let dispname = if disp_from == loc_to {
        // Nothing after the location: the display name is missing.
        if loc_to == loc_from {
            return None;
        }
        ""
    } else {
        c.slice(disp_from, rest_of_line(c, disp_from))
    };
    Some(Fields {
        name: c.slice(0, name_end),
        objtype,
        priority: c.slice(h.prio_from, h.prio_to),
        location: c.slice(loc_from, loc_to),
        dispname,
    })
}

/// sphobjinv's `[^\s:]+:[^\s]+` (the token has no whitespace already).
fn is_domain_role(objtype: &str) -> bool {
    objtype
        .split_once(':')
        .is_some_and(|(domain, role)| !domain.is_empty() && !role.is_empty())
}

/// A priority as Python's `int()` would read it, if it fits in an `i32`.
/// The text is `-?\d+` with Python's (Unicode) decimal digits.
pub(crate) fn priority_value(text: &str) -> Option<i32> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut value: i64 = 0;
    for ch in digits.chars() {
        let digit = i64::from(decimal_value(ch)?);
        value = value.checked_mul(10)?.checked_add(digit)?;
        // Stop early: anything past this cannot fit an i32 either way.
        if value > i64::from(i32::MAX) + 1 {
            return None;
        }
    }
    let value = if negative { -value } else { value };
    i32::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(line: &str) -> Option<[&str; 5]> {
        sphinx(line).map(|f| [f.name, f.objtype, f.priority, f.location, f.dispname])
    }

    fn l(line: &str) -> Option<[&str; 5]> {
        lenient(line).map(|f| [f.name, f.objtype, f.priority, f.location, f.dispname])
    }

    #[test]
    fn plain_line() {
        let line = "keystone-install-configure-ubuntu std:label -1 install/keystone-install-ubuntu.html#$ Install and configure components";
        let want = [
            "keystone-install-configure-ubuntu",
            "std:label",
            "-1",
            "install/keystone-install-ubuntu.html#$",
            "Install and configure components",
        ];
        assert_eq!(s(line), Some(want));
        assert_eq!(l(line), Some(want));
    }

    #[test]
    fn names_with_spaces_and_tabs_as_separators() {
        assert_eq!(
            s("Virtual IP\tstd:term\t-1\tglossary.html#term-virtual-ip\t-"),
            Some([
                "Virtual IP",
                "std:term",
                "-1",
                "glossary.html#term-virtual-ip",
                "-"
            ])
        );
        assert_eq!(
            s("a b c std:label 1 x.html Some Title"),
            Some(["a b c", "std:label", "1", "x.html", "Some Title"])
        );
    }

    #[test]
    fn word_digits_word_misparse() {
        let line = "QEMU Copy On Write 2 (QCOW2) std:term -1 glossary.html#term-qemu-copy-on-write-2-qcow2 -";
        // Python's first match: the type has no colon, so Sphinx drops the line.
        assert_eq!(
            s(line),
            Some([
                "QEMU Copy On",
                "Write",
                "2",
                "(QCOW2)",
                "std:term -1 glossary.html#term-qemu-copy-on-write-2-qcow2 -"
            ])
        );
        assert_eq!(
            l(line),
            Some([
                "QEMU Copy On Write 2 (QCOW2)",
                "std:term",
                "-1",
                "glossary.html#term-qemu-copy-on-write-2-qcow2",
                "-"
            ])
        );
    }

    #[test]
    fn colon_in_a_name_fools_both() {
        // Documented limit: a name that itself looks like "x:y 2 z" is
        // ambiguous, and both readings take the first split.
        let line = "foo x:y 2 z std:label -1 a.html -";
        assert_eq!(
            s(line),
            Some(["foo", "x:y", "2", "z", "std:label -1 a.html -"])
        );
        assert_eq!(l(line), s(line));
    }

    #[test]
    fn empty_display_name() {
        assert_eq!(s("name std:label -1 page.html"), None);
        assert_eq!(
            l("name std:label -1 page.html"),
            Some(["name", "std:label", "-1", "page.html", ""])
        );
        assert_eq!(l("name std:label -1"), None);
    }

    #[test]
    fn empty_location_after_two_spaces() {
        let line = "index std:doc -1  Welcome page";
        let want = Some(["index", "std:doc", "-1", "", "Welcome page"]);
        assert_eq!(s(line), want);
        assert_eq!(l(line), want);
    }

    #[test]
    fn open_domains() {
        for line in [
            "DEFAULT.debug oslo.config:option 1 config.html#DEFAULT.debug -",
            "get--v3-users http:get 1 api.html#$ GET /v3/users",
            "kmalloc c:function 1 mm.html#c.$ -",
        ] {
            let f = sphinx(line).expect("matches");
            assert!(f.objtype.contains(':'));
            assert_eq!(lenient(line), Some(f));
        }
    }

    #[test]
    fn type_with_colon_at_an_edge() {
        // Sphinx accepts ":b" as a type; the lenient reading wants domain:role.
        let line = "a :b 1 c std:label -1 loc -";
        assert_eq!(s(line).map(|f| f[1]), Some(":b"));
        assert_eq!(l(line), Some(["a :b 1 c", "std:label", "-1", "loc", "-"]));
    }

    #[test]
    fn priority_needs_a_following_space_and_digits() {
        assert_eq!(s("a b:c -x d e"), None);
        assert_eq!(s("a b:c 1x d e"), None);
        // "-" alone is not a priority, but a later split makes it the type.
        assert_eq!(s("a b:c - 1 d e"), Some(["a b:c", "-", "1", "d", "e"]));
        assert_eq!(s("a b:c - x d e"), None);
        assert_eq!(
            s("a b:c \u{663}\u{661} d e").map(|f| f[2]),
            Some("\u{663}\u{661}")
        );
    }

    #[test]
    fn unicode_whitespace_separates() {
        assert_eq!(
            s("a\u{a0}b:c\u{3000}1\u{1f}d\u{2003}e f"),
            Some(["a", "b:c", "1", "d", "e f"])
        );
        // Zero-width space is not whitespace for Python.
        assert_eq!(s("a\u{200b}b:c 1 d e"), None);
    }

    #[test]
    fn priority_values() {
        assert_eq!(priority_value("-1"), Some(-1));
        assert_eq!(priority_value("007"), Some(7));
        assert_eq!(priority_value("\u{663}"), Some(3));
        assert_eq!(priority_value("2147483647"), Some(i32::MAX));
        assert_eq!(priority_value("-2147483648"), Some(i32::MIN));
        assert_eq!(priority_value("2147483648"), None);
        assert_eq!(priority_value("99999999999999999999999"), None);
    }
}
