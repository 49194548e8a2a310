"""The two ways a service says no, shared by every domain (no web imports: the web layer maps them).

- ``NotFound``: the object does not exist, or lies outside the actor's scope, or the actor may not act
  on it. One answer for all three (a 404), so existence never leaks.
- ``FieldError``: input the rules refuse; ``field`` names the form field the message belongs to.
"""

from __future__ import annotations


class NotFound(Exception):
    """Nothing the actor may see or change answers to this; the web layer turns it into a 404."""


class FieldError(ValueError):
    """A refusal tied to one form field; the form re-renders with ``message`` next to ``field``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
