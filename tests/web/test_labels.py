"""A template's fixed labels are translated once per language, when it is compiled, and read exactly
as the same label translated at render time would."""

from __future__ import annotations

from jinja2 import DictLoader, Environment, select_autoescape

from app import i18n
from app.i18n import set_locale
from app.web.labels import TranslatedTemplates
from app.web.rendering import template_config

SOURCE = (
    '<h1>{{ _("Households") }}</h1>'
    '<td data-label="{{ _(\'Unit number\') }}">{{ unit }}</td>'
    '<p>{{ _("Enter the community\'s name.") }}</p>'
    '<p>{{ _("%(num)s per page", num=n) }}</p>'
    '<p>{{ _("Households") | upper }}</p>'
    "<p>{{ gettext('Households') }}{{ x._('Households') }}</p>"
)


def _engine(templates: dict[str, str]) -> TranslatedTemplates:
    environment = Environment(loader=DictLoader(templates), autoescape=select_autoescape(["html"]),
                              extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    return TranslatedTemplates.from_environment(environment)


class _Labels:
    def _(self, text: str) -> str:
        return "[" + text + "]"


def _render(engine: TranslatedTemplates, locale: str, name: str = "page.html", **context) -> str:
    set_locale(locale)
    try:
        return engine.get_template(name).render(unit="1-101", n=3, x=_Labels(), **context)
    finally:
        set_locale("zh_CN")


def test_a_fixed_label_is_compiled_as_text_in_each_language():
    engine = _engine({"page.html": SOURCE})
    chinese = _render(engine, "zh_CN")
    assert "<h1>户数</h1>" in chinese and 'data-label="房号"' in chinese
    english = _render(engine, "en")
    assert "<h1>Households</h1>" in english and 'data-label="Unit number"' in english
    fixed = engine.by_locale["zh_CN"]
    compiled = fixed.compile('<h1>{{ _("Households") }}</h1><td data-label="{{ _(\'Unit number\') }}">', raw=True)
    assert "<h1>户数</h1>" in compiled and "Households" not in compiled and "Unit number" not in compiled


def test_what_is_not_a_fixed_label_still_translates_at_render_time():
    engine = _engine({"page.html": SOURCE})
    english = _render(engine, "en")
    assert "<p>3 per page</p>" in english and "<p>HOUSEHOLDS</p>" in english
    assert "<p>Households[Households]</p>" in english  # gettext() itself, and a method that happens to be called _
    set_locale("zh_CN")
    assert i18n.gettext("%(num)s per page", num=3) in _render(engine, "zh_CN")


def test_the_app_renders_the_same_as_translating_at_render_time():
    """Jinja's new-style gettext marks a translation as markup: an apostrophe stays as it is, "%%" is "%"."""
    plain = Environment(loader=DictLoader({"page.html": SOURCE}), autoescape=select_autoescape(["html"]),
                        extensions=["jinja2.ext.i18n"])
    plain.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    folded = _engine({"page.html": SOURCE})
    for locale in ("zh_CN", "en"):
        set_locale(locale)
        expected = plain.get_template("page.html").render(unit="1-101", n=3, x=_Labels())
        assert _render(folded, locale) == expected
    assert "Enter the community's name." in _render(folded, "en")


def test_the_app_uses_the_translating_engine():
    assert isinstance(template_config().engine_instance, TranslatedTemplates)
