"""Activation codes and phone numbers: the pure rules of owners' self-service activation. No I/O."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from app.forms import clean_text, fold_width

# Easy to read off paper and type on a phone: no 0/O, 1/I/L look-alikes. 31 symbols, 10 of them:
# 31**10 ≈ 8.2·10**14 (49.5 bits), against at most a few hundred throttled guesses an hour per address.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
CODE_GROUP = 5  # printed and shown as two groups of five: K7M2P-9XQ4R
# What people type for a look-alike that is not in the alphabet: read as the symbol it resembles
# would be wrong (0 and O are both absent), so these are simply refused by ``normalise_code``.
_SEPARATORS = str.maketrans("", "", " -_.·—")

CODE_STATES = ("none", "issued", "activated", "revoked")


def new_code() -> str:
    """A fresh code from the operating system's random source, without separators."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def grouped(code: str) -> str:
    """The code as printed: groups of five joined by a hyphen."""
    return "-".join(code[i:i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def normalise_code(raw: object) -> str | None:
    """The code as typed → its ten symbols, or None when it cannot be a code. Full-width characters,
    lower case, spaces and hyphens are forgiven; a symbol outside the alphabet is not guessed at."""
    text = fold_width(clean_text(raw))[:64].upper().translate(_SEPARATORS)
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        return None
    return text


def code_hash(code: str, secret_key: str) -> str:
    """What is stored of a code, like a password-reset token: its HMAC under the site's secret key, so
    a copy of the database alone cannot be searched for codes (50 bits would fall to a plain hash)."""
    return hmac.new(secret_key.encode(), b"owner-activation:" + code.encode(), hashlib.sha256).hexdigest()


def phone_digits(raw: object) -> str:
    """A phone number reduced to its digits for comparing, with China's country code (+86, 0086, 86
    before an eleven-digit mobile) dropped: "+86 138-1234-5678" and "13812345678" are the same phone."""
    text = fold_width(clean_text(raw))
    digits = "".join(ch for ch in text if ch.isascii() and ch.isdigit())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11 and digits[len(prefix)] == "1":
            return digits[len(prefix):]
    return digits


def same_phone(typed: object, registered: object) -> bool:
    """Whether the phone typed is the one the register holds (digits compared; an empty one matches nothing)."""
    a, b = phone_digits(typed), phone_digits(registered)
    return bool(a) and len(a) >= 7 and hmac.compare_digest(a, b)


def code_state(issued: bool, used: bool, revoked: bool) -> str:
    """A household's code status from its latest code: none · issued · activated · revoked."""
    if not issued:
        return "none"
    if used:
        return "activated"
    if revoked:
        return "revoked"
    return "issued"
