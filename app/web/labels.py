"""Templates compiled once per language, with their fixed labels already translated.

``{{ _("Households") }}`` went through three calls of Jinja's ``Context.call`` and a catalog look-up
on every render: about 9% of every page, 14% of one with a table whose cells carry a translated
``data-label``. A label with no variables says the same in a language for the life of the process
(``i18n.translations`` reads each catalog once), so each language gets its own compiled copy of a
template in which such a label is plain text. Everything else (a label with variables, ``ngettext``,
``| t`` on a variable, ``_()`` inside an expression) still translates at render time, through the
same catalog.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from jinja2 import Environment, TemplateNotFound
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from litestar.exceptions import TemplateNotFoundException
from litestar.plugins.jinja import JinjaTemplateEngine

from app import i18n
from app.settings import LOCALES

# {{ _("…") }} as the lexer gives it: the whole expression is replaced, so it must hold nothing but the label.
_LABEL = ("variable_begin", "name", "lparen", "string", "rparen", "variable_end")


class FixedLabels(Extension):
    """Replaces ``{{ _("literal") }}`` with its translation in the environment's ``labels_locale``
    while a template is compiled. As at render time (Jinja's new-style gettext) the translation is
    markup, not escaped, and ``%%`` becomes ``%``."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        locale = getattr(self.environment, "labels_locale", None)
        if locale is None:
            return stream
        return self._folded(stream, i18n.translations(locale))

    @staticmethod
    def _folded(stream: TokenStream, catalog) -> Iterator[Token]:
        tokens = list(stream)  # one template's, once per process and language
        i = 0
        while i < len(tokens):
            window = tokens[i : i + len(_LABEL)]
            if tuple(token.type for token in window) == _LABEL and window[1].value == "_":
                yield Token(window[0].lineno, "data", catalog.gettext(window[3].value) % {})
                i += len(_LABEL)
            else:
                yield tokens[i]
                i += 1


class TranslatedTemplates(JinjaTemplateEngine):
    """Litestar's Jinja engine with one overlay of the environment per language: each overlay shares
    the loader, filters and globals, and keeps its own compiled templates."""

    def __init__(self, directory: Path | list[Path] | None = None, engine_instance: Environment | None = None) -> None:
        super().__init__(directory=directory, engine_instance=engine_instance)
        self.by_locale: dict[str, Environment] = {}
        for locale in LOCALES:
            overlay = self.engine.overlay(extensions=[FixedLabels])
            overlay.labels_locale = locale
            self.by_locale[locale] = overlay

    def get_template(self, template_name: str):
        environment = self.by_locale.get(i18n.get_locale(), self.engine)
        try:
            return environment.get_template(name=template_name)
        except TemplateNotFound as exc:
            raise TemplateNotFoundException(template_name=template_name) from exc
