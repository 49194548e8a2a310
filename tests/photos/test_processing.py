"""An upload is kept only as a clean photo: type read from the content, size and pixel limits checked
before decoding, turned upright, every piece of metadata gone, long side capped, a thumbnail made."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from app.i18n import set_locale
from app.photos.logic import MAX_SIDE, THUMBNAIL_SIDE, PhotoRefused, process_upload
from tests.photos.images import SCRIPT_NAMED_JPG, bomb, noisy_jpeg, phone_photo, picture


@pytest.fixture(autouse=True)
def english():
    set_locale("en")
    yield
    set_locale("zh_CN")


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def _refusal(data: bytes, **limits) -> str:
    with pytest.raises(PhotoRefused) as refused:
        process_upload(data, **limits)
    return refused.value.message


def test_a_script_named_jpg_is_not_a_photo():
    assert "not a photo" in _refusal(SCRIPT_NAMED_JPG)


def test_a_real_picture_of_another_type_is_refused():
    assert "JPEG, PNG or WebP" in _refusal(picture(50, 50, "GIF", mode="P"))
    assert "JPEG, PNG or WebP" in _refusal(picture(50, 50, "BMP"))


def test_an_empty_file_is_refused():
    assert "empty" in _refusal(b"")


def test_a_file_over_the_byte_limit_is_refused_before_decoding():
    fifty_megabytes = b"\xff\xd8\xff\xe0" + b"\0" * (50 * 1024 * 1024)
    assert _refusal(fifty_megabytes) == "The file is 50 MB; a photo may be at most 10 MB."
    photo = phone_photo()
    assert "at most" in _refusal(photo, max_bytes=len(photo) - 1)
    process_upload(photo, max_bytes=len(photo))  # exactly at the limit is accepted


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_decompression_bomb_is_refused_with_a_message():
    assert _refusal(bomb(10_000)) == "The picture has 100 million pixels; at most 50 million are accepted."


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_bomb_past_pillows_own_limit_is_still_a_message_not_an_exception():
    assert "too large" in _refusal(bomb(15_000)) or "million pixels" in _refusal(bomb(15_000))
    assert "too large" in _refusal(bomb(15_000), max_pixels=10**9)  # our limit raised: Pillow's guard answers


def test_the_pixel_limit_is_inclusive():
    exactly = picture(100, 50, "PNG")
    process_upload(exactly, max_pixels=5000)
    assert "million pixels" in _refusal(exactly, max_pixels=4999)


def test_a_truncated_jpeg_is_refused():
    whole = noisy_jpeg()
    process_upload(whole)
    assert "damaged or incomplete" in _refusal(whole[: len(whole) // 2])


def test_exif_orientation_is_applied():
    result = process_upload(phone_photo(200, 100))
    assert (result.width, result.height) == (100, 200)  # stood upright
    image = _open(result.data)
    # Rotated clockwise: the left (red) half is now on top.
    top, bottom = image.getpixel((50, 20)), image.getpixel((50, 180))
    assert top[0] > 180 and top[2] < 60
    assert bottom[2] > 180 and bottom[0] < 60


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "PNG"])
def test_all_metadata_is_stripped_location_included(fmt):
    original = phone_photo(fmt=fmt)
    assert _open(original).getexif().get_ifd(0x8825)  # the test photo does carry a position
    result = process_upload(original)
    image = _open(result.data)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "icc_profile" not in image.info and "xmp" not in image.info
    assert b"PhoneMaker" not in result.data and b"Exif" not in result.data
    assert b"PhoneMaker" not in result.thumbnail and b"Exif" not in result.thumbnail
    assert result.content_type == {"JPEG": "image/jpeg", "WEBP": "image/webp", "PNG": "image/png"}[fmt]


def test_png_text_chunks_are_stripped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret address: 1-101")
    out = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(out, "PNG", pnginfo=info)
    assert b"secret address" not in process_upload(out.getvalue()).data


def test_the_long_side_is_capped_and_the_thumbnail_is_320_px():
    result = process_upload(picture(4000, 3000))
    assert (result.width, result.height) == (MAX_SIDE, 2250)
    assert _open(result.data).size == (3000, 2250)
    assert (result.thumbnail_width, result.thumbnail_height) == (THUMBNAIL_SIDE, 240)
    assert _open(result.thumbnail).size == (320, 240)


def test_a_small_photo_keeps_its_size_and_a_portrait_thumbnail_is_320_high():
    result = process_upload(picture(300, 1000, "PNG"))
    assert (result.width, result.height) == (300, 1000)
    assert (result.thumbnail_width, result.thumbnail_height) == (96, 320)


def test_messages_are_in_the_users_language():
    set_locale("zh_CN")
    message = _refusal(SCRIPT_NAMED_JPG)
    assert message != "This file is not a photo: choose a JPEG, PNG or WebP picture."


_SMALL_JPEG = phone_photo(64, 48)
_SMALL_PNG = picture(64, 48, "PNG")


@pytest.mark.filterwarnings("ignore::UserWarning:PIL.TiffImagePlugin")
@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=4096))
def test_any_bytes_are_a_photo_or_a_refusal_never_an_error(data):
    try:
        process_upload(data)
    except PhotoRefused as refused:
        assert refused.message


@pytest.mark.filterwarnings("ignore::UserWarning:PIL.TiffImagePlugin")  # Pillow on a damaged EXIF block we drop anyway
@settings(max_examples=150, deadline=None)
@given(original=st.sampled_from([_SMALL_JPEG, _SMALL_PNG]), flips=st.lists(
    st.tuples(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=255)), max_size=8),
    cut=st.integers(min_value=0, max_value=10**6))
def test_a_damaged_photo_is_a_photo_or_a_refusal_never_an_error(original, flips, cut):
    data = bytearray(original)
    for position, value in flips:
        data[position % len(data)] = value
    data = bytes(data[: max(1, len(data) - cut % len(data))])
    try:
        result = process_upload(data)
    except PhotoRefused as refused:
        assert refused.message
    else:
        assert _open(result.data).size == (result.width, result.height)
