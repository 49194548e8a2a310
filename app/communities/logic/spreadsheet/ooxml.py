"""An Office Open XML package (what an .xlsx is) read without trusting it.

A zip of a few hundred kilobytes can declare a row of millions of cells, one cell of 100 MB of text,
a hundred thousand members, or XML entities that expand without end. So the end record is read
before zipfile builds an object per member; each part is inflated chunk by chunk against one byte
budget for the whole package, whatever its headers declare; expat gets the chunks with no DOCTYPE
allowed (so no entity of any kind), every element and attribute is counted, and a handler gathers
text only where it asks to (expat passes over the rest without calling back into Python).
"""

from __future__ import annotations

import io
import posixpath
import pyexpat
import struct
import zipfile
import zlib
from collections.abc import Iterator

from app.communities.logic.spreadsheet.limits import MAX_UNZIPPED_BYTES, SpreadsheetError

CHUNK = 64 * 1024
MAX_MEMBERS = 1_000  # a workbook from Excel has a few dozen parts
MAX_ITEMS = 3_000_000  # elements and attributes in the parts read: two full register sheets have ~1,500,000
MAX_TAG_BYTES = CHUNK  # bytes without a ">": no tag, and no text outside a cell, comes near this
_END = struct.Struct("<4s4xHHI")  # end record: signature, (disk numbers), members here, members in all, directory size
_UNZIPPED_MB = MAX_UNZIPPED_BYTES // (1024 * 1024)


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, once its end record says it has few members: zipfile builds an object for each
    entry of the central directory, and 5 MB of directory makes a hundred thousand of them."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))  # the record, then its comment
    if end < 0 or end + 22 > len(data) or data[max(0, end - 20) : end].startswith(b"PK\x06\x07"):
        raise SpreadsheetError("unreadable")  # not a zip, or a zip64, which no small workbook needs
    _, here, members, directory = _END.unpack_from(data, end)
    if max(here, members) > MAX_MEMBERS or directory > MAX_MEMBERS * 1024:
        raise SpreadsheetError("too_many_parts", max=MAX_MEMBERS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise SpreadsheetError("unreadable") from None
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise SpreadsheetError("too_many_parts", max=MAX_MEMBERS)
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:  # as declared: refused unread
        raise SpreadsheetError("unzipped_too_big", mb=_UNZIPPED_MB)
    return archive


def _no_doctype(*_args) -> None:
    raise SpreadsheetError("unreadable")  # an OOXML part never has one; entities come only through it


class Stop(Exception):
    """Raised by a handler once its part has given all that is needed of it."""


class Part:
    """The callbacks for one XML part. Subclasses get element names without their prefix and
    ``gather`` text between two calls of ``take``; ``too_long`` is told each time that text grows."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.parser = None
        self.text: list[str] = []
        self.length = 0

    def bind(self, parser) -> None:
        self.parser = parser
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end

    def _start(self, name: str, attrs: dict) -> None:  # called for every element: kept lean
        package = self.package
        package.items += 1 + len(attrs)
        if package.items > MAX_ITEMS:
            package.count(0)
        self.start(name.rpartition(":")[2] if ":" in name else name, attrs)

    def _end(self, name: str) -> None:
        self.end(name.rpartition(":")[2] if ":" in name else name)

    def gather(self, on: bool) -> None:
        self.parser.CharacterDataHandler = self._text if on else None

    def _text(self, data: str) -> None:
        self.text.append(data)
        self.length += len(data)
        self.too_long(self.length)

    def take(self) -> str:
        text = "".join(self.text)
        self.text.clear()
        self.length = 0
        return text

    def start(self, name: str, attrs: dict) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def too_long(self, length: int) -> None:
        pass


class _Relationships(Part):
    def __init__(self, package: Package) -> None:
        super().__init__(package)
        self.found: dict[str, tuple[str, str]] = {}  # id → (type, target)

    def start(self, name: str, attrs: dict) -> None:
        if name == "Relationship":
            self.found[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))


class Package:
    """The parts of one package, read through one budget of bytes and of XML items."""

    def __init__(self, data: bytes) -> None:
        self.archive = open_zip(data)
        self.inflated = 0
        self.items = 0

    def has(self, name: str) -> bool:
        return name in self.archive.NameToInfo

    def count(self, items: int) -> None:
        self.items += items
        if self.items > MAX_ITEMS:
            raise SpreadsheetError("too_complex", max=MAX_ITEMS)

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Part ``part``'s relationships ("" for the package's own): id → (type, target as a name
        in the archive; a target is relative to the folder of the part it belongs to)."""
        folder, base = posixpath.split(part)
        found = _Relationships(self)
        self.feed(posixpath.join(folder, "_rels", base + ".rels"), found)
        return {rid: (kind, posixpath.normpath(posixpath.join("/" + folder, target)).lstrip("/"))
                for rid, (kind, target) in found.found.items()}

    def feed(self, name: str, part: Part) -> None:
        for _ in self.parse(name, part):
            pass

    def parse(self, name: str, part: Part) -> Iterator[None]:
        """Feeds part ``name`` to ``part``'s callbacks, yielding after each chunk, so that a caller
        can take what the chunk completed."""
        parser = pyexpat.ParserCreate()
        parser.StartDoctypeDeclHandler = _no_doctype
        parser.EntityDeclHandler = _no_doctype
        part.bind(parser)
        try:
            for chunk in self._chunks(name):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
        except Stop:
            return
        except pyexpat.ExpatError:
            raise SpreadsheetError("unreadable") from None

    def _chunks(self, name: str) -> Iterator[bytes]:
        """Part ``name`` inflated a chunk at a time, every byte counted against the budget (whatever
        the zip declares), and no stretch without a ">" longer than MAX_TAG_BYTES: expat holds a
        whole tag, attribute or comment in memory before it reports it."""
        info = self.archive.NameToInfo.get(name)
        if info is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise SpreadsheetError("unreadable")
        run = 0
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    self.inflated += len(chunk)
                    if self.inflated > MAX_UNZIPPED_BYTES:
                        raise SpreadsheetError("unzipped_too_big", mb=_UNZIPPED_MB)
                    last = chunk.rfind(b">")
                    if last >= 0:
                        run, gap = len(chunk) - last - 1, run + chunk.find(b">")
                    else:
                        run = gap = run + len(chunk)
                    if gap > MAX_TAG_BYTES:
                        raise SpreadsheetError("unreadable")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
            raise SpreadsheetError("unreadable") from None  # a damaged, encrypted or lying member
