# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signed links of the suite: one way to sign a payload and one way to
read it back, so that every link (consent, preferences, sign-up form,
retention notice, request confirmation, export) is checked alike.

A token is read only in the exact spelling the server minted: base64
decoding skips characters outside its alphabet and surplus padding, so
`token + "."`, `token + "=="` or a changed unused last bit would otherwise
read as the same link. One-use links are keyed by what they carry (the
record a link signs, e.g. the pending public request), never by how the
token is spelt."""

import base64
import re

from odoo.tools import hash_sign, verify_hash_signed

# The alphabet `hash_sign` writes: URL-safe base64 without padding.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
# Longer strings are not decoded: the suite's links sign a few ids, an
# address and a date, far below.
TOKEN_MAX = 65536


def sign(env, scope, payload, expiration=None):
    """A token signing `payload` for `scope`, valid until `expiration`
    (a timedelta; None: as long as it is kept)."""
    # sudo: reading the database secret, nothing else.
    return hash_sign(env(su=True), scope, payload, expiration=expiration)


def is_canonical(token):
    """Whether `token` is spelt exactly as `hash_sign` writes it: URL-safe
    base64, no padding, and the same string once decoded and encoded again
    (which rules out stray characters, padding and unused trailing bits)."""
    if not isinstance(token, str) or len(token) > TOKEN_MAX or not TOKEN_PATTERN.fullmatch(token):
        return False
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:  # binascii.Error: a length no encoding gives
        return False
    return base64.urlsafe_b64encode(raw).decode().rstrip("=") == token


def read_signed(env, scope, token):
    """The payload a valid, unexpired token was signed with for `scope`, or
    None for a malformed, altered, expired or other-scope token, and for any
    string the server did not mint in this exact spelling."""
    if not is_canonical(token):
        return None
    try:
        # sudo: reading the database secret, nothing else.
        return verify_hash_signed(env(su=True), scope, token)
    except (ValueError, TypeError):  # binascii.Error and UnicodeDecodeError included
        return None


def read_signed_ids(env, scope, token, count):
    """The `count` record ids a valid token was signed with, or None."""
    values = read_signed(env, scope, token)
    if (
        isinstance(values, list)
        and len(values) == count
        and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    ):
        return values
    return None
