"""Fill the English catalog: every msgstr is its own msgid.

The source strings are English, so the ``en`` catalog only mirrors them. Run it after
``make messages`` has extracted and merged new strings:

    .venv/bin/python app/locale/fill_en.py

It rewrites ``app/locale/en/LC_MESSAGES/messages.po`` in the layout ``make messages``
produces (no locations, sorted, width 76), so re-running it changes nothing.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO_FILE = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "messages.po"


def fill(catalog) -> int:
    """Set every message's translation to its source text; return how many changed."""
    changed = 0
    for message in catalog:
        if not message.id:  # the header
            continue
        if message.pluralizable:
            singular, plural = message.id[0], message.id[1]
            forms = [singular] + [plural] * (catalog.num_plurals - 1)
            wanted = tuple(forms)
        else:
            wanted = message.id
        if message.string != wanted or message.fuzzy:
            message.string = wanted
            message.flags.discard("fuzzy")
            changed += 1
    return changed


def main(path: Path = PO_FILE) -> int:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    changed = fill(catalog)
    buffer = io.BytesIO()
    write_po(buffer, catalog, no_location=True, sort_output=True, width=76)
    if buffer.getvalue() != path.read_bytes():
        path.write_bytes(buffer.getvalue())
    print(f"{path}: {changed} message(s) filled, {sum(1 for m in catalog if m.id)} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else PO_FILE))
