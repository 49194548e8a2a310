"""A domain declares itself once; the shared files only loop over the declarations."""

from __future__ import annotations

import re
import sys

from app import domains
from app.domains import APP_DIR, discover

ROOT = APP_DIR.parent
SHARED = ["app/asgi.py", "app/web/nav.py", "app/web/rendering.py", "app/audit/logic.py", "app/jobs/logic.py",
          "workers/actors.py", "app/piccolo_app.py"]


def test_every_domain_folder_declares_itself():
    folders = {path.parent.name for path in APP_DIR.glob("*/controllers.py")}
    folders |= {path.parent.parent.name for path in APP_DIR.glob("*/controllers/__init__.py")}
    declared = {domain.name for domain in domains.all_domains()}
    assert folders <= declared


def test_the_shared_files_name_no_domain():
    names = [domain.name for domain in domains.all_domains() if domain.name != "jobs"]
    for path in SHARED:
        text = (ROOT / path).read_text()
        mentioned = [name for name in names if re.search(rf"\bapp\.{name}\b|from app import {name}\b", text)]
        assert mentioned == [], f"{path} imports {mentioned}"


def test_a_new_domain_is_found_with_its_routes_labels_and_nav(tmp_path, monkeypatch):
    package = tmp_path / "probe_app"
    (package / "notices").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "notices" / "__init__.py").write_text("")
    (package / "notices" / "domain.py").write_text(
        "from app.domains import Domain, NavEntry\n"
        "DOMAIN = Domain(name='notices', order=60, audit_actions={'notice.post': 'Notice posted'},\n"
        "                nav=(NavEntry('list_notices', 'Notices', ('street',), 45),))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = discover(package, "probe_app")
    assert [domain.name for domain in found] == ["notices"]
    assert found[0].audit_actions == {"notice.post": "Notice posted"}
    sys.modules.pop("probe_app", None)


def test_every_declared_route_module_and_actor_module_exists():
    for domain in domains.all_domains():
        for module in (*domain.routers, *domain.tables, *domain.actors):
            assert domains.resolve(module) is not None
        for section in (domain.community_section, domain.company_section, *domain.community_sections):
            if section and section.load:
                assert callable(domains.resolve(section.load))


def test_each_job_kind_has_an_actor_and_a_label():
    from workers.actors import ACTORS

    assert set(domains.merged("job_kinds")) == set(ACTORS)


def test_no_two_domains_label_one_audit_field_differently():
    """The audit page reads one merged table of field labels: a second domain's label for the same
    name would silently replace the first (a coded field would lose its values' labels). The same
    words with and without codes agree (a value that is no code reads as itself)."""
    from app.domains import all_domains

    seen: dict[str, tuple[str, str, list | None]] = {}
    for domain in all_domains():
        for name, label in domain.audit_fields.items():
            text, codes = (str(label[0]), sorted(label[1])) if isinstance(label, tuple) else (str(label), None)
            if name in seen:
                first, first_text, first_codes = seen[name]
                assert first_text == text, f"{name}: {first} and {domain.name} label it differently"
                assert None in (first_codes, codes) or first_codes == codes, f"{name}: {first} and {domain.name} code it differently"
            seen[name] = (domain.name, text, codes if codes is not None else seen.get(name, (0, 0, None))[2])
