"""Rendering pages and their htmx fragments, and the template environment."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from litestar import Request, Response
from litestar.response import Redirect, Template
from litestar.template import TemplateConfig
from litestar.template.base import csrf_token
from markupsafe import Markup

from app import i18n
from app.domains import merged
from app.forms import clean_text
from app.settings import BASE_DIR, LOCALES, get_settings
from app.web.flash import flash_message
from app.web.labels import TranslatedTemplates
from app.web.nav import nav_links, section_of
from app.web.urls import make_url_for

TEMPLATE_DIR = BASE_DIR / "templates"
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
_WHOLE = re.compile(r"-?[0-9]{1,12}")  # longer is no number anyone typed for a page or a year: the default


@pass_context
def csrf_field(context: Context) -> Markup:
    return Markup('<input type="hidden" name="_csrf_token" value="%s">') % csrf_token(context)


def public_url(path: str, *, request: Request) -> str:
    """``path`` as an address to print on paper (a QR code, a slip): under ``PUBLIC_BASE_URL`` when
    set, since behind a proxy the request's own address may be one owners cannot reach; else under the
    address the request came in on."""
    base = get_settings().app.public_base_url or str(request.base_url).rstrip("/")
    return base + path


def merge_query(params: dict[str, Any], **overrides: Any) -> str:
    """A query string from ``params`` with ``overrides``, leaving out empty values."""
    merged = {**params, **overrides}
    return urlencode({key: value for key, value in merged.items() if value not in (None, "")})


def _safe(formatter: Callable[..., str]) -> Callable[..., Markup]:
    def formatted(*args: object) -> Markup:
        return Markup(formatter(*args))

    return formatted


def _environment() -> Environment:
    app = get_settings().app
    env = Environment(
        # Checking every template file's time stamp on each render costs a stat() per template per
        # request: only while templates are being edited (development or debug), never in production.
        auto_reload=app.debug or not app.production,
        loader=FileSystemLoader(Path(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    env.filters.update(
        # Digits, separators, "¥" and "—" only: marked safe, so autoescape does not copy every
        # numeric cell of a table again (about a fifth of a table's rendering).
        number=_safe(i18n.fmt_number),
        money=_safe(i18n.fmt_money),
        date=i18n.fmt_date,
        datetime=i18n.fmt_datetime,
        t=i18n.gettext,  # translate a label held in a variable (e.g. from a logic.py table)
        merge_query=merge_query,
        **merged("template_filters"),
    )
    env.globals.update(
        current_locale=i18n.get_locale,
        percent=i18n.fmt_percent,
        locales=LOCALES,
        language_names=LANGUAGE_NAMES,
        nav_links=nav_links,
        section_of=section_of,
        csrf_field=csrf_field,
        flash_message=flash_message,
        policy=lambda: get_settings().policy,
        **merged("template_globals"),
    )
    return env


def template_config() -> TemplateConfig:
    engine = TranslatedTemplates.from_environment(_environment())
    engine.engine.globals["url_for"] = make_url_for()  # in place of Litestar's: each route's path worked out once
    return TemplateConfig(engine=engine)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    fragment: str | None = None,
    target: str | None = None,
    status_code: int = 200,
) -> Template:
    """The full page, or only ``fragment`` when htmx aimed this request at ``target``.

    A boosted navigation is an htmx request too, but wants the whole page; so does one aimed at
    another element. Hence the check on HX-Target, and Vary so caches keep the two apart.
    """
    return Template(
        template_name=fragment if fragment and wants_fragment(request, target) else template,
        context={"user": request.scope.get("user"), **(context or {})},
        status_code=status_code,
        headers={"Vary": "HX-Request, HX-Target"},
    )


def wants_fragment(request: Request, target: str | None) -> bool:
    """Whether htmx aimed this request at the element ``target`` (so only that fragment is wanted, and
    only its queries need run); a boosted navigation wants the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and htmx.target == target


def redirect(request: Request, path: str) -> Response:
    """After a successful change: a 303 for a plain form, an HX-Redirect for htmx (which would
    otherwise swap the next page into the form's place)."""
    if getattr(request, "htmx", None):
        return Response(content=b"", status_code=200, headers={"HX-Redirect": path})
    return Redirect(path=path, status_code=303)


def query_int(request: Request, name: str, default: int = 1, minimum: int = 1, maximum: int = 1_000_000) -> int:
    """A whole-number query parameter of plain ASCII digits (``int()`` alone would also read ``١`` or
    ``1_000``), held between ``minimum`` and ``maximum``; anything else gives the default."""
    text = clean_text(request.query_params.get(name, ""))
    if not _WHOLE.fullmatch(text):
        return default
    return max(minimum, min(maximum, int(text)))


def query_str(request: Request, name: str, max_length: int = 100) -> str:
    """A text query parameter read as forms read text (``clean_text``: no NUL or other control
    characters, which PostgreSQL would refuse), cut at ``max_length``."""
    return clean_text(request.query_params.get(name, ""))[:max_length]
