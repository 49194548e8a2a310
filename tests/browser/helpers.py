"""What the browser tests share: the demo logins, the Chinese catalog, and the few moves a user
makes on every page (log in, log out, switch the language)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
ZH_CATALOG = ROOT / "app" / "locale" / "zh_CN" / "LC_MESSAGES" / "messages.po"
DEMO_PASSWORD = "changxiao-demo"  # app/demo.py; spelled out so the tests don't import the app


@cache
def _zh_catalog():
    with ZH_CATALOG.open("rb") as fp:
        return read_po(fp, locale="zh_CN")


def zh(msgid: str) -> tuple[str, ...]:
    """What the Chinese UI may show for ``msgid``: its translation in the zh_CN catalog, or the
    English source while that is still empty. A fuzzy entry may show either way (``make compile``
    uses fuzzy entries, the app's in-memory fallback does not)."""
    message = _zh_catalog().get(msgid)
    translation = message.string if message is not None and isinstance(message.string, str) else ""
    if not translation:
        return (msgid,)
    if message.fuzzy:
        return (translation, msgid)
    return (translation,)


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


def log_out(page) -> None:
    with page.expect_navigation():
        page.locator(".tools form.inline button[type=submit]").click()


def switch_language(page, label: str) -> None:
    """Press a language button in the top bar ("English" or "中文")."""
    with page.expect_navigation():
        page.locator("form.lang-switch").get_by_role("button", name=label, exact=True).click()
