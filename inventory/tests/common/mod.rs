//! Helpers and hand-made inventories shared by the integration tests.

// Each test crate includes this module and uses only part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

use flate2::Compression;
use flate2::write::ZlibEncoder;

/// The committed Debian inventories, `(file stem, path)`, sorted by name.
pub(crate) fn debian_inventories() -> Vec<(String, PathBuf)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/debian");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "inv"))
        .map(|path| {
            let stem = path
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (stem, path)
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no inventories in {}", dir.display());
    found
}

pub(crate) fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    z.write_all(data).expect("in memory");
    z.finish().expect("in memory")
}

/// A version 2 inventory: `header` verbatim, then `body` compressed.
pub(crate) fn raw_v2(header: &[u8], body: &str) -> Vec<u8> {
    let mut out = header.to_vec();
    out.extend(zlib(body.as_bytes()));
    out
}

pub(crate) const HEADER: &[u8] = b"# Sphinx inventory version 2\n# Project: quirks\n# Version: 1.0\n# The remainder of this file is compressed using zlib.\n";

/// A version 2 inventory with a standard header.
pub(crate) fn v2(body: &str) -> Vec<u8> {
    raw_v2(HEADER, body)
}

/// Lines that exercise every quirk of Sphinx 9.0.4's reader, one per line
/// unless a comment says otherwise.
pub(crate) const QUIRK_BODY: &str = concat!(
    "plain std:label -1 a.html#$ Plain title\n",
    // No display name at all, or only a trailing blank: Sphinx drops both.
    "no-disp std:label -1 a.html#$\n",
    "blank-disp std:label -1 a.html#$ \n",
    "Virtual IP std:term -1 glossary.html#term-virtual-ip -\n",
    "tabbed\tstd:label\t-1\ttab.html#$\tTabbed  title\n",
    "QEMU Copy On Write 2 (QCOW2) std:term -1 glossary.html#term-QEMU-Copy-On-Write-2-QCOW2 -\n",
    "DEFAULT.debug oslo.config:option 1 config.html#$ -\n",
    "get--v3-users http:get 1 api.html#$ GET /v3/users\n",
    "kmalloc c:function 1 mm.html#c.$ -\n",
    // dirhtml's root document: empty location, two spaces.
    "index std:doc -1  Root of a dirhtml build\n",
    "os py:module 0 os.html#module-$ -\n",
    "os py:module 0 other.html#module-$ -\n",
    "dup std:label -1 first.html#$ First\n",
    "dup std:label -1 second.html#$ Second\n",
    "a :b 1 c std:label -1 loc -\n",
    "foo x:y 2 z std:label -1 a.html -\n",
    // U+0085 and U+2028 end lines in str.splitlines().
    "nel-before\u{85}after-nel std:label -1 nel.html#$ -\n",
    "ls-before std:label -1 ls.html#$ Title\u{2028}continued\n",
    "nbsp\u{a0}std:label\u{3000}-1 nbsp.html#$ -\n",
    "unit\u{1f}sep std:label -1 us.html#$ -\n",
    "big std:label 99999999999 a.html -\n",
    "arabic std:label \u{663} a.html -\n",
    "\u{dc}n\u{ef}code std:label -1 u.html#$ \u{dc}n\u{ef}code title\n",
    "\n",
    "   \t\n",
    "cr-before\rafter-cr std:label -1 cr.html#$ -\r\n",
    "dollar-mid std:label -1 a$b.html#x Mid\n",
    "abs std:label -1 /abs/page.html#$ -\n",
    "last std:label -1 last.html#$ -",
);

pub(crate) const V1: &[u8] = b"# Sphinx inventory version 1\n\
# Project: old\n\
# Version: 0.1\n\
os mod os.html\n\
os.path.join function os.html\n\
os.sep data os.html\n\
os mod again.html\n\
str.split method   builtins.html \n";

/// Named inventories for the parity test, good and bad.
pub(crate) fn quirk_cases() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("quirks", v2(QUIRK_BODY)),
        ("v1", V1.to_vec()),
        ("v1-short-line", [V1, b"lonely\n"].concat()),
        ("v1-blank-line", [V1, b"\nlast mod last.html\n"].concat()),
        ("v1-unicode-header", b"# Sphinx inventory version 1\n# Proj\xc3\xa9ct: xy\n# Version: 1\r\na b c\n".to_vec()),
        ("v1-no-version", b"# Sphinx inventory version 1\n# Project: x\n".to_vec()),
        (
            "crlf-header",
            raw_v2(b"# Sphinx inventory version 2\r\n# Project: crlf\r\n# Version: 2.0\r\n# The remainder of this file is compressed using zlib.\r\n", "a std:label -1 a.html -\r\n"),
        ),
        (
            "project-prefix-spacing",
            raw_v2(b"# Sphinx inventory version 2\n#Project: tight\n# Version:   spaced  \n# zlib\n", "a std:label -1 a.html -\n"),
        ),
        (
            "pydoctor-check-line",
            raw_v2(b"# Sphinx inventory version 2\n# Project: pd\n# Version: 1\n# The rest of this file is compressed with zlib.\n", "m py:module -1 m.html -\n"),
        ),
        ("empty-body", v2("")),
        ("trailing-garbage", [v2("a std:label -1 a.html -\n"), b"garbage".to_vec()].concat()),
        ("truncated-zlib", {
            let full = v2("a std:label -1 a.html -\nb std:label -1 b.html -\n");
            full[..full.len() - 3].to_vec()
        }),
        ("corrupt-zlib", [HEADER, b"this is not zlib"].concat()),
        ("not-compressed", b"# Sphinx inventory version 2\n# Project: x\n# Version: 1\n# plain text\na std:label -1 a.html -\n".to_vec()),
        ("truncated-header", b"# Sphinx inventory version 2\n# Project: x\n".to_vec()),
        ("unknown-version", b"# Sphinx inventory version 3\n".to_vec()),
        ("not-an-inventory", b"<!DOCTYPE html>\n<html></html>\n".to_vec()),
        (
            "bad-utf8-body",
            [HEADER, &zlib(b"a std:label -1 a.html -\nb\xff std:label -1 b.html -\n")].concat(),
        ),
    ]
}

/// A deterministic pseudo-random generator (xorshift64*), so fuzz cases are
/// the same on every run and need no extra crate.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("small")
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Random inventory bodies built from tokens and separators that matter to
/// the line grammar, for comparing the matcher with Python's regex engine.
pub(crate) fn fuzz_body(seed: u64, lines: usize) -> String {
    const TOKENS: &[&str] = &[
        "a",
        "Name",
        "x:y",
        ":b",
        "c:",
        "std:label",
        "std:term",
        "py:module",
        "http:get",
        "oslo.config:option",
        "2",
        "-1",
        "0",
        "-",
        "--",
        "\u{663}",
        "1x",
        "$",
        "p.html#$",
        "q.html#a$",
        "#",
        "\u{e9}t\u{e9}",
        "(QCOW2)",
        "Write",
    ];
    const SEPARATORS: &[&str] = &[
        " ", " ", " ", "  ", "\t", "\u{a0}", "\u{1f}", "\u{3000}", "\u{200b}", "",
    ];
    const BREAKS: &[&str] = &[
        "\n", "\n", "\n", "\r\n", "\r", "\u{85}", "\u{2028}", "\u{c}", "\u{1c}",
    ];
    let mut rng = Rng::new(seed);
    let mut body = String::new();
    for _ in 0..lines {
        if rng.below(3) == 0 {
            // A well-formed line with a random name, so that duplicates and
            // valid entries are common too.
            let name = [rng.pick(TOKENS), rng.pick(SEPARATORS), rng.pick(TOKENS)].concat();
            let objtype = rng.pick(&["std:label", "std:term", "py:module", "x:y"]);
            let disp = rng.pick(&["-", "Title", "", " ", "Two words"]);
            body.push_str(&format!("{name} {objtype} -1 p.html#$ {disp}"));
        } else {
            for _ in 0..rng.below(9) {
                body.push_str(rng.pick(TOKENS));
                body.push_str(rng.pick(SEPARATORS));
            }
        }
        body.push_str(rng.pick(BREAKS));
    }
    body
}
