"""QR codes as inline SVG, made here by segno (pure Python, no network): printed slips carry them."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(text: str) -> Markup:
    """An SVG drawing of ``text`` as a QR code (error correction M, the standard quiet zone of four
    modules), sized by its container: the slip's CSS gives it its width on paper."""
    code = segno.make(text, error="m", micro=False)
    return Markup(code.svg_inline(scale=1, omitsize=True, svgclass="qr", lineclass=None, border=4))
