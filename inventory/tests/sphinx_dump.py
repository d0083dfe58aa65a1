"""Sphinx's own view of inventories, for the parity tests in sphinx_parity.rs.

Run with the Python of a venv that has Sphinx (see ci/sphinx-venv.sh):

  sphinx_dump.py load FILE [URI]  one JSON array per entry, as intersphinx loads
                                  FILE: [domain:role, name, project, version,
                                  location joined to URI, dispname]; on a load
                                  error, one JSON object {"error": ...} and exit 3
  sphinx_dump.py dump             read {"project", "version", "entries":
                                  [[domain, role, name, dispname|null,
                                  location, priority], ...]} on stdin and write
                                  the inventory Sphinx's writer makes to stdout
  sphinx_dump.py unicode          Python's whitespace, decimal digits and
                                  splitlines() breaks, as one JSON object
  sphinx_dump.py version          the Sphinx version
"""

import json
import os
import posixpath
import sys
import tempfile
import types
import unicodedata

import sphinx
from sphinx.util.inventory import InventoryFile


def load(path, uri):
    with open(path, 'rb') as f:
        raw = f.read()
    try:
        if hasattr(InventoryFile, 'loads'):
            # Sphinx >= 8.2: what intersphinx's _load_inventory calls.
            data = InventoryFile.loads(raw, uri=uri).data
        else:
            import io

            data = InventoryFile.load(io.BytesIO(raw), uri, posixpath.join)
    except Exception as exc:  # noqa: BLE001 - any failure is a refusal to load
        print(json.dumps({'error': f'{type(exc).__name__}: {exc}'}))
        return 3
    out = sys.stdout
    # dict order: types by first appearance, names by first appearance.
    for objtype, entries in data.items():
        for name, item in entries.items():
            if isinstance(item, tuple):  # Sphinx < 8.2
                project, version, location, dispname = item
            else:
                project = item.project_name
                version = item.project_version
                location = item.uri
                dispname = item.display_name
            row = [objtype, name, project, version, location, dispname]
            out.write(json.dumps(row, ensure_ascii=True) + '\n')
    return 0


class _Domain:
    def __init__(self, name):
        self.name = name
        self.objects = []

    def get_objects(self):
        return iter(self.objects)


class _Domains:
    """Stands in for env.domains: sorted() yields domains by name, as
    sphinx.domains._domains_container._DomainsContainer.sorted() does."""

    def __init__(self):
        self.by_name = {}

    def add(self, domain, obj):
        self.by_name.setdefault(domain, _Domain(domain)).objects.append(obj)

    def sorted(self):
        for _name, domain in sorted(self.by_name.items()):
            yield domain


def dump():
    spec = json.load(sys.stdin)
    domains = _Domains()
    for domain, role, name, dispname, location, prio in spec['entries']:
        # get_objects() yields (name, dispname, type, docname, anchor, prio);
        # the stub builder maps a docname to itself, so the location's part
        # before '#' plays the docname.
        docname, _, anchor = location.partition('#')
        dispname = name if dispname is None else dispname
        domains.add(domain, (name, dispname, role, docname, anchor, prio))
    env = types.SimpleNamespace(
        config=types.SimpleNamespace(project=spec['project'], version=spec['version']),
        domains=domains,
    )
    builder = types.SimpleNamespace(get_target_uri=lambda docname: docname)
    fd, path = tempfile.mkstemp(suffix='.inv')
    os.close(fd)
    try:
        InventoryFile.dump(path, env, builder)
        with open(path, 'rb') as f:
            sys.stdout.buffer.write(f.read())
    finally:
        os.unlink(path)
    return 0


def unicode_tables():
    chars = [chr(cp) for cp in range(0x110000)]
    tables = {
        'python': sys.version.split()[0],
        'unidata': unicodedata.unidata_version,
        'space': [ord(c) for c in chars if c.isspace()],
        'decimal': [[ord(c), unicodedata.decimal(c)] for c in chars if c.isdecimal()],
        'line_boundaries': [
            ord(c) for c in chars if len(('a' + c + 'b').splitlines()) == 2
        ],
    }
    print(json.dumps(tables))
    return 0


def main(argv):
    if argv[:1] == ['load'] and len(argv) in (2, 3):
        return load(argv[1], argv[2] if len(argv) == 3 else '')
    if argv == ['dump']:
        return dump()
    if argv == ['unicode']:
        return unicode_tables()
    if argv == ['version']:
        print(sphinx.__version__)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
