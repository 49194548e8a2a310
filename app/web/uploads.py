"""Reading an uploaded file from a multipart form: its bytes, or None when nothing was chosen."""

from __future__ import annotations

from litestar.datastructures import UploadFile


async def read_upload(value: object) -> bytes | None:
    """A file input left empty still sends a part with no name and no bytes: that is no file. Text in
    the field's place (a hand-made request) is no file either. The request's own size limit
    (``request_max_body_size``) has already bounded what can arrive here."""
    if not isinstance(value, UploadFile):
        return None
    data = await value.read()
    await value.close()
    return data or None
