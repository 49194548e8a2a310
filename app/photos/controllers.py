"""A photo and its thumbnail, for whoever the owning domain's rule admits (404 for everyone else)."""

from __future__ import annotations

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import File

from app.photos import services
from app.web.auth import ANY_ROLE, allow, principal_of

SIGNED_IN = allow(*ANY_ROLE)
# The browser may keep a photo it was allowed to see (a register shows dozens of thumbnails), a shared
# cache may not; Vary: Cookie makes the browser ask again after another user logs in on it.
# app/web/headers.py keeps a ``private`` Cache-Control rather than putting no-store in its place.
CACHE_HEADERS = {"Cache-Control": "private, max-age=3600", "Vary": "Cookie"}


def _send(path, content_type: str) -> File:
    return File(path=path, media_type=content_type, content_disposition_type="inline", headers=CACHE_HEADERS)


@get("/photos/{key:str}", name="show_photo", guards=[SIGNED_IN])
async def show_photo(request: Request, key: FromPath[str]) -> File:
    return _send(*await services.photo_file(principal_of(request), key))


@get("/photos/{key:str}/thumbnail", name="show_photo_thumbnail", guards=[SIGNED_IN])
async def show_photo_thumbnail(request: Request, key: FromPath[str]) -> File:
    return _send(*await services.photo_file(principal_of(request), key, thumbnail=True))


ROUTES = [show_photo, show_photo_thumbnail]
