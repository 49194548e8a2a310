"""Deny by default: every route is either public on purpose or guarded by a role rule."""

import inspect

from app.asgi import create_app

PUBLIC_PATHS = {"/login", "/language", "/health", "/static", "/activate",  # /activate: an owner with a slip
                "/communities"}  # a community's rating page (/communities/{id}/feedback): its QR code is on the notice board


def _handlers():
    app = create_app(scheduler=False)
    for route in app.routes:
        for handler in getattr(route, "route_handlers", [getattr(route, "route_handler", None)]):
            if handler is not None:
                yield route.path, handler


def test_every_route_has_an_access_rule():
    unruled = []
    for path, handler in _handlers():
        if handler.opt.get("public") or set(getattr(handler, "http_methods", ())) == {"OPTIONS"}:
            continue  # public on purpose, or Litestar's automatic OPTIONS answer (no data)
        if not any(hasattr(getattr(guard, "func", guard), "access_roles") for guard in handler.resolve_guards()):
            unruled.append(f"{path} {sorted(handler.http_methods) if hasattr(handler, 'http_methods') else ''}")
    assert unruled == [], f"routes without an access rule: {unruled}"


def test_no_guard_waits_for_the_thread_pool():
    """A guard that is a plain function runs in Litestar's thread pool: every request of the route
    waits for a thread and back (measured: a tenth of a list page's time under load)."""
    blocking = sorted({
        f"{path}: {getattr(guard, '__qualname__', guard)}"
        for path, handler in _handlers()
        for guard in handler.guards or ()
        if not inspect.iscoroutinefunction(guard)
    } | {f"app-wide: {guard.__qualname__}" for guard in create_app(scheduler=False).guards
         if not inspect.iscoroutinefunction(guard)})
    assert blocking == []


def test_only_the_known_routes_are_public():
    public = {
        path.split("/{")[0]
        for path, handler in _handlers()
        if handler.opt.get("public") and set(getattr(handler, "http_methods", ())) != {"OPTIONS"}
    }
    assert public == PUBLIC_PATHS


async def test_an_anonymous_visitor_is_sent_to_login(client):
    for path in ("/", "/regions", "/communities", "/communities/1", "/audit", "/jobs/1"):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


async def test_an_anonymous_htmx_request_redirects_the_whole_page(client):
    response = await client.get("/communities", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.headers["HX-Redirect"].startswith("/login")
