# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signed links of the suite: one way to sign a payload and one way to
read it back, so that every link (consent, preferences, sign-up form,
retention notice, request confirmation, export) is checked alike."""

from odoo.tools import hash_sign, verify_hash_signed


def sign(env, scope, payload, expiration=None):
    """A token signing `payload` for `scope`, valid until `expiration`
    (a timedelta; None: as long as it is kept)."""
    # sudo: reading the database secret, nothing else.
    return hash_sign(env(su=True), scope, payload, expiration=expiration)


def read_signed(env, scope, token):
    """The payload a valid, unexpired token was signed with for `scope`, or
    None for a malformed, altered, expired or other-scope token."""
    try:
        # sudo: reading the database secret, nothing else.
        return verify_hash_signed(env(su=True), scope, token or "")
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
