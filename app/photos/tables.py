from piccolo.columns import ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account


class Photo(Table):
    """An uploaded photo (a signed paper ballot, later a service log), stored as files under PHOTO_DIR.

    The files are named by ``key``, a random token that is also the URL: nothing guessable. Who may
    see it is the owning domain's rule for its object (``app.photos.access``), looked up by
    ``domain`` and ``kind``; ``object_id`` is that object's id.
    """

    key = Varchar(length=32, unique=True)
    content_type = Varchar(length=16)  # image/jpeg · image/png · image/webp, read from the content
    byte_size = Integer()
    width = Integer()
    height = Integer()
    thumbnail_size = Integer()  # bytes
    domain = Varchar(length=24)  # the owning domain ("decisions")…
    kind = Varchar(length=24)  # …and the kind of object ("ballot")
    object_id = Integer(index=True)
    uploaded_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    uploaded_at = Timestamptz(default=TimestamptzNow())
