"""Keeping photos: the ``photo`` row in the caller's transaction, the files once it has committed.

A file is written only after the row that names it has committed (``on_commit``), so a refused or
rolled-back change leaves no orphan file; it is written under a temporary name and renamed, so a
reader never sees half a photo. Were the disk to fail right after the commit, the row would name a
missing file, which answers 404 and is logged.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import threading
from pathlib import Path

import anyio

from app import clock
from app.accounts.logic import Principal
from app.db import on_commit
from app.errors import NotFound
from app.photos import access
from app.photos.logic import EXTENSIONS, ProcessedPhoto, process_upload
from app.photos.tables import Photo
from app.settings import get_settings

log = logging.getLogger("changxiao.photos")

KEY = re.compile(r"[A-Za-z0-9_-]{32}")


def _directory() -> Path:
    return get_settings().photos.directory


def path_of(key: str, content_type: str, *, thumbnail: bool = False) -> Path:
    """Where a photo's file lives: PHOTO_DIR/ab/abcd….jpg, its thumbnail beside it as …-thumb.jpg."""
    name = f"{key}-thumb" if thumbnail else key
    return _directory() / key[:2] / f"{name}.{EXTENSIONS[content_type]}"


# Photos decoded at once in this process: each may hold a few hundred MB at PHOTO_MAX_PIXELS, and
# more decoders than cores only share the same CPUs. Others wait their turn in their thread.
_DECODERS = threading.BoundedSemaphore(max(1, min(4, os.cpu_count() or 1)))


def _process_in_turn(data: bytes) -> ProcessedPhoto:
    with _DECODERS:
        return process_upload(data)


async def process(data: bytes) -> ProcessedPhoto:
    """``logic.process_upload`` in a worker thread (decoding a large photo takes about a second);
    raises ``PhotoRefused``."""
    return await anyio.to_thread.run_sync(_process_in_turn, data)


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(content)
    os.replace(partial, path)


def _write_files(key: str, photo: ProcessedPhoto) -> None:
    try:
        _write(path_of(key, photo.content_type), photo.data)
        _write(path_of(key, photo.content_type, thumbnail=True), photo.thumbnail)
    except OSError:
        log.exception("photo %s recorded but its files could not be written under %s", key, _directory())


async def attach(actor: Principal, photo: ProcessedPhoto, *, domain: str, kind: str, object_id: int) -> str:
    """Record ``photo`` as belonging to ``domain``'s ``kind`` object ``object_id``; answers its key.

    Call it inside the transaction that writes the object: the files follow once that commits."""
    key = secrets.token_urlsafe(24)
    await Photo.insert(Photo(
        key=key, content_type=photo.content_type, byte_size=len(photo.data), width=photo.width, height=photo.height,
        thumbnail_size=len(photo.thumbnail), domain=domain, kind=kind, object_id=object_id,
        uploaded_by=actor.id, uploaded_at=clock.utcnow(),
    ))
    on_commit(lambda: _write_files(key, photo))
    return key


async def photo_file(actor: Principal, key: str, *, thumbnail: bool = False) -> tuple[Path, str]:
    """The file to send and its type; ``NotFound`` for an unknown key, a missing file, or anyone the
    owning domain's rule refuses."""
    if not KEY.fullmatch(key):
        raise NotFound(key)
    row = await Photo.select(Photo.key, Photo.content_type, Photo.domain, Photo.kind, Photo.object_id).where(
        Photo.key == key).first()
    if row is None or not await access.may_see(actor, row):
        raise NotFound(key)
    path = path_of(key, row["content_type"], thumbnail=thumbnail)
    if not path.is_file():
        log.error("photo %s has no file at %s", key, path)
        raise NotFound(key)
    return path, row["content_type"]
