"""Making an upload safe to keep and to show: no I/O, no database (``services`` stores the result).

The type is read from the content by Pillow, never from the file name or the browser's word; only
JPEG, PNG and WebP are accepted. The byte size is checked before anything is decoded, the pixel
count from the header before the pixels are (a decompression bomb: a small file that decodes to
gigabytes). The photo is turned upright by its EXIF orientation, then rebuilt from its pixels alone,
so no metadata survives (EXIF with the phone's GPS position, XMP, comments, ICC profiles), scaled to
at most ``MAX_SIDE`` pixels on its long side, and given a ``THUMBNAIL_SIDE`` thumbnail.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageOps

from app.i18n import gettext as _

log = logging.getLogger("changxiao.photos")

MAX_SIDE = 3000
THUMBNAIL_SIDE = 320
# Pillow's format name → what we store and serve; anything else Pillow can read is refused.
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
JPEG_QUALITY = 85


class PhotoRefused(ValueError):
    """The upload is not a photo we keep; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProcessedPhoto:
    content_type: str
    data: bytes
    width: int
    height: int
    thumbnail: bytes
    thumbnail_width: int
    thumbnail_height: int


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _encode(image: Image.Image, pillow_format: str) -> bytes:
    out = io.BytesIO()
    if pillow_format == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif pillow_format == "WEBP":
        image.save(out, "WEBP", quality=JPEG_QUALITY)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _pixels_only(image: Image.Image, pillow_format: str) -> Image.Image:
    """A new image holding only the pixels: ``info`` (EXIF, XMP, ICC, comments, text chunks) left behind."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha and pillow_format != "JPEG" else ("L" if image.mode in ("L", "1") else "RGB")
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def process_upload(data: bytes, *, max_bytes: int | None = None, max_pixels: int | None = None) -> ProcessedPhoto:
    """The photo as we keep it, or ``PhotoRefused``. Limits default to the settings (PHOTO_MAX_BYTES,
    PHOTO_MAX_PIXELS). CPU-bound (a second for a large photo): call it off the event loop."""
    if max_bytes is None or max_pixels is None:
        from app.settings import get_settings

        limits = get_settings().photos
        max_bytes = limits.max_bytes if max_bytes is None else max_bytes
        max_pixels = limits.max_pixels if max_pixels is None else max_pixels
    if not data:
        raise PhotoRefused(_("The file is empty."))
    if len(data) > max_bytes:
        raise PhotoRefused(_("The file is %(size)s MB; a photo may be at most %(limit)s MB.",
                             size=_megabytes(len(data)), limit=_megabytes(max_bytes)))
    not_a_photo = _("This file is not a photo: choose a JPEG, PNG or WebP picture.")
    try:
        # Pillow only warns between its own limit and twice that; ours is checked from the header below.
        # (No warnings.catch_warnings here: it is not thread-safe, and this runs in worker threads.)
        image = Image.open(io.BytesIO(data), formats=list(FORMATS))
    except Image.DecompressionBombError:
        raise PhotoRefused(_("The picture is too large to open.")) from None
    except Exception:  # whatever a hostile file makes a decoder raise is a refusal, never a 500
        raise PhotoRefused(not_a_photo) from None
    if image.format not in FORMATS:
        raise PhotoRefused(not_a_photo)
    width, height = image.size
    if width * height > max_pixels:
        raise PhotoRefused(_("The picture has %(pixels)s million pixels; at most %(limit)s million are accepted.",
                             pixels=f"{width * height / 1e6:.0f}", limit=f"{max_pixels / 1e6:g}"))
    pillow_format = image.format
    try:
        if pillow_format == "JPEG":
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at a reduced scale when that is still big enough
        image.load()
        upright = ImageOps.exif_transpose(image)
        photo = _pixels_only(upright, pillow_format)
    except Exception as exc:
        log.info("photo refused while decoding: %s", exc)
        raise PhotoRefused(_("The picture is damaged or incomplete: take or choose it again.")) from None
    photo.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = photo.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        content_type=FORMATS[pillow_format], data=_encode(photo, pillow_format), width=photo.width,
        height=photo.height, thumbnail=_encode(thumbnail, pillow_format), thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
    )
