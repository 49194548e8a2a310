"""Uploaded photos (a signed paper ballot; service logs later): checked, cleaned and kept under PHOTO_DIR.

Shared by the domains that attach photos to their objects; each says who may see them
(``app.photos.access.register_rule``).
"""

from app.domains import Domain
from app.i18n import lazy
from app.settings import get_settings


def photo_limit_mb() -> str:
    """PHOTO_MAX_BYTES in MB, for the forms' hints and the 413 page."""
    return f"{get_settings().photos.max_bytes / (1024 * 1024):g}"


DOMAIN = Domain(
    name="photos",
    order=27,  # above accounts, below every domain that attaches photos
    routers=("app.photos.controllers",),
    tables=("app.photos.tables",),
    audit_fields={"photo": lazy("Photo of the signed paper"), "proxy_photo": lazy("Photo of the proxy's authorisation"),
                  "proxy_reference": lazy("Proxy's authorisation")},
    template_globals={"photo_limit_mb": photo_limit_mb},
)
