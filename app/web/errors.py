"""Error pages in the user's language; JSON for the API and health; no stack trace outside debug."""

from __future__ import annotations

import logging
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.response import Redirect, Template

from app.errors import FieldError, NotFound
from app.i18n import pick_locale, set_locale
from app.web.csrf import CSRFRefused
from app.web.sessions import LANG_COOKIE

log = logging.getLogger("changxiao.errors")

_TEMPLATES = {403: "errors/403.html", 404: "errors/404.html", 413: "errors/413.html", 429: "errors/429.html"}


def _wants_json(request: Request) -> bool:
    path = request.scope.get("path", "")
    return path.startswith("/api/") or path == "/health"


def _page(request: Request, status_code: int, template: str | None = None) -> Response:
    # The router answers 404 and 405 before our middleware runs: pick the locale here too.
    principal = request.scope.get("user")
    set_locale(pick_locale(request.cookies.get(LANG_COOKIE), principal.locale if principal else None))
    template = template or _TEMPLATES.get(status_code, "errors/500.html" if status_code >= 500 else "errors/400.html")
    return Template(
        template_name=template,
        context={"user": principal, "status_code": status_code},
        status_code=status_code,
        media_type=MediaType.HTML,
    )


def http_exception_handler(request: Request, exc: HTTPException) -> Response:
    if exc.status_code >= 500:
        # Litestar wraps template and configuration errors in a 500 HTTPException: still a bug to see.
        log.error("error %s on %s %s", exc.status_code, request.method, request.url.path, exc_info=exc)
    if isinstance(exc, NotAuthorizedException) and not _wants_json(request):
        return Redirect(path=f"/login?next={quote(request.url.path)}", status_code=303)
    if _wants_json(request):
        return Response({"status_code": exc.status_code, "detail": exc.detail}, status_code=exc.status_code)
    if isinstance(exc, CSRFRefused):
        return _page(request, 403, "errors/csrf.html")
    return _page(request, exc.status_code)


def internal_error_handler(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if _wants_json(request):
        return Response({"status_code": 500, "detail": "Internal Server Error"}, status_code=500)
    return _page(request, 500)


def not_found_handler(request: Request, exc: NotFound) -> Response:
    """A service's NotFound: missing, out of scope, or not the actor's to change: one 404 for all."""
    if _wants_json(request):
        return Response({"status_code": 404, "detail": "Not Found"}, status_code=404)
    return _page(request, 404)


def field_error_handler(request: Request, exc: FieldError) -> Response:
    """A refusal no form caught (a controller re-renders its own form for the ones it expects)."""
    log.warning("uncaught field error on %s %s: %s", request.method, request.url.path, exc.field)
    if _wants_json(request):
        return Response({"status_code": 400, "detail": exc.message, "field": exc.field}, status_code=400)
    return _page(request, 400)


EXCEPTION_HANDLERS = {
    HTTPException: http_exception_handler,
    NotFound: not_found_handler,
    FieldError: field_error_handler,
    Exception: internal_error_handler,
}
