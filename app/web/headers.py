"""Security headers on every response: pages, fragments, exports, error pages, static files.

Added in a ``before_send`` hook, which sees every response the app sends, including the router's
own 404s that no route middleware sees. The Content-Security-Policy admits only our own scripts and
styles: the templates have no inline script, style or event handler, and htmx is told not to inject
its indicator style (``includeIndicatorStyles`` in base.html's htmx-config). Everything but static
files is ``no-store``: pages and exports carry personal data (names, phone numbers, amounts) that
must not stay in a shared computer's cache or a proxy's. The one exception is a response that says
``private`` itself (a photo, which never changes under its key): the browser may keep it, no proxy.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
))

ALWAYS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in ALWAYS.items():
        headers[name] = value
    # A response that chose a ``private`` cache (a photo: app/photos/controllers.py) keeps it.
    if not scope.get("path", "").startswith("/static/") and not headers.get("cache-control", "").startswith("private"):
        headers["cache-control"] = "no-store"
