"""Confirmations after a change ("Manager assigned."), shown once on the page a change redirects to.

A change redirects with ``?done=<key>``; ``base.html`` shows the message registered under that key in
a ``role="status"`` region. Keys, not text, travel in the URL: nobody can make the page say something
we did not write, and the message comes out in the reader's language. Any domain registers its own
keys (``messages({...})`` at import of its controllers) and redirects with ``flash``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request, Response

from app.i18n import gettext

PARAM = "done"
_MESSAGES: dict[str, object] = {}


def messages(entries: dict[str, object]) -> None:
    """Register confirmation messages (lazy strings) by key, e.g. ``{"arrangement.assigned": lazy(...)}``."""
    _MESSAGES.update(entries)


def flashed_path(path: str, key: str) -> str:
    if key not in _MESSAGES:
        raise KeyError(key)  # a typo in a key would silently show nothing
    return path + ("&" if "?" in path else "?") + urlencode({PARAM: key})


def flash(request: Request, path: str, key: str) -> Response:
    """Redirect to ``path`` (303, or HX-Redirect for htmx) and confirm the change there."""
    from app.web.rendering import redirect

    return redirect(request, flashed_path(path, key))


def flash_message(request: Request | None) -> str | None:
    """The confirmation this page should show, if its URL carries a known key (template global)."""
    if request is None:
        return None
    message = _MESSAGES.get(request.query_params.get(PARAM, ""))
    return gettext(message) if message is not None else None
