#!/usr/bin/env python3
"""Checks of the offline editions that need a look inside a PDF or a PNG (standard library only).

    editions-check.py config PDF_TEXT CONFIG      every line of CONFIG, in order, in the PDF text;
                                                  prints the 1-based page it starts on
    editions-check.py not-blank PNG               the page image is not (almost) all white
    editions-check.py outline QPDF_JSON           the PDF has bookmarks (qpdf --json outlines)
    editions-check.py links PDF                   internal links exist and all reach a destination

Used by ci/editions-test.sh; exits non-zero with a message on failure.
"""

import json
import re
import struct
import sys
import zlib

# Chromium's page footer ("12 / 141", theme/print-edition.css): not part of any config, and it
# falls between two lines of a block that continues on the next page.
FOOTER = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")


def squeeze(text):
    """No whitespace at all: wrapped lines (pre-wrap may cut inside a word) and pdftotext's
    spacing of monospace text must not matter, while every other character still must."""
    return re.sub(r"\s+", "", text)


def config(pdf_text_path, config_path):
    with open(pdf_text_path, encoding="utf-8") as f:
        pages = f.read().split("\f")
    with open(config_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    # The first line is `haguide snippet render`'s header (`# id [variant] target`).
    lines = [l for l in lines[1:] if l.strip()]
    if len(lines) < 5:
        sys.exit(f"{config_path}: only {len(lines)} line(s); pick a longer config")
    text = ""
    starts = []  # offset in `text` where each page begins
    for page in pages:
        starts.append(len(text))
        kept = [l for l in page.splitlines() if not FOOTER.match(l)]
        text += squeeze("\n".join(kept))
    at = 0
    first = None
    for n, line in enumerate(lines, 1):
        want = squeeze(line)
        found = text.find(want, at)
        if found < 0:
            sys.exit(
                f"line {n} of {len(lines)} of {config_path} is not in the PDF text after the lines before it:\n  {line}"
            )
        if first is None:
            first = found
        at = found + len(want)
    page = max(i for i, s in enumerate(starts) if s <= first) + 1
    print(page)


def png_pixels(path):
    """Decodes an 8-bit, non-interlaced PNG (what pdftoppm writes) to (width, height, channels,
    rows of bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path} is not a PNG")
    pos = 8
    idat = b""
    width = height = channels = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace != 0 or color not in (0, 2, 4, 6):
                sys.exit(f"{path}: PNG depth {depth}, colour type {color}, interlace {interlace} not handled")
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        rows.append(line)
        prev = line
    return width, height, channels, rows


def not_blank(path):
    width, height, channels, rows = png_pixels(path)
    colour = min(channels, 3)
    dark = 0
    for row in rows:
        for x in range(0, len(row), channels):
            if min(row[x : x + colour]) < 200:
                dark += 1
    share = dark / (width * height)
    print(f"{path}: {width}x{height}, {dark} non-white pixels ({share:.2%})")
    # A page of text is several percent ink; a blank or failed render is none.
    if dark < 500 or share < 0.002:
        sys.exit(f"{path} is blank")


def outline(json_path):
    with open(json_path, encoding="utf-8") as f:
        doc = json.load(f)
    items = doc.get("outlines", [])

    def count(nodes, depth=1):
        total, deepest = 0, depth if nodes else depth - 1
        for n in nodes:
            t, d = count(n.get("kids", []), depth + 1)
            total += 1 + t
            deepest = max(deepest, d)
        return total, deepest

    total, depth = count(items)
    if not items:
        sys.exit(f"{json_path}: the PDF has no outline (bookmarks)")
    titles = ", ".join(i.get("title", "?") for i in items[:3])
    print(f"outline: {len(items)} top-level bookmarks, {total} in all, {depth} levels ({titles}, ...)")
    if depth < 2:
        sys.exit("the outline has no nested bookmarks: sections are missing")


def links(pdf_path):
    """Internal links of a Chromium PDF are `/Dest /name` link annotations; the names are the
    keys of the catalog's `/Dests` dictionary. Every one must be there."""
    with open(pdf_path, "rb") as f:
        data = f.read()
    m = re.search(rb"/Type /Catalog[^>]*?/Dests (\d+) 0 R", data, re.S)
    if not m:
        sys.exit(f"{pdf_path}: no /Dests in the catalog: the PDF has no internal link targets")
    obj = re.search(rb"\n" + m.group(1) + rb" 0 obj\s*<<(.*?)>>\s*endobj", data, re.S)
    if not obj:
        sys.exit(f"{pdf_path}: the /Dests object is not where a Chromium PDF keeps it")
    names = set(re.findall(rb"/([^\s/\[\]<>()]+)\s*\[", obj.group(1)))
    used = re.findall(rb"/Subtype /Link[^>]*?/Dest /([^\s/\[\]<>()]+)", data, re.S)
    external = len(re.findall(rb"/Subtype /Link[^>]*?/URI", data, re.S))
    missing = sorted({u for u in used if u not in names})
    print(f"links: {len(used)} internal (to {len(set(used))} targets), {external} external, {len(names)} destinations")
    if not used:
        sys.exit(f"{pdf_path}: no internal links")
    if missing:
        sys.exit(f"{pdf_path}: internal links to missing destinations: {b', '.join(missing[:10]).decode()}")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "config" and len(args) == 2:
        config(*args)
    elif cmd == "not-blank" and len(args) == 1:
        not_blank(*args)
    elif cmd == "outline" and len(args) == 1:
        outline(*args)
    elif cmd == "links" and len(args) == 1:
        links(*args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
