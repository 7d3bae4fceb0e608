# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's own unsubscribe page of a mailing sent for a purpose records a
withdrawal in the ledger, with the request's proof.

Only a POST acts: mail scanners open every link of a mail, so a GET of
`/mailing/<id>/unsubscribe` shows Odoo's confirmation page, whose button
posts to `/mailing/confirm_unsubscribe`. The RFC 8058 one-click POST of the
mail client (`/mailing/<id>/unsubscribe_oneclick`) still acts at once."""

from werkzeug.exceptions import BadRequest

from odoo import http
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.mass_mailing.controllers.main import MassMailController

from .main import RgpdConsentController

# The largest id PostgreSQL's integer column holds.
ID_MAX = 2**31 - 1
# Longer than any address or token Odoo writes in its links.
TEXT_MAX = 1024


class RgpdMassMailController(MassMailController):
    @staticmethod
    def _rgpd_is_id(value, required=False):
        """Whether `value` is a record id as the links write it (a whole
        number, or its digits), or empty when not `required`."""
        if value in (None, "", False) and not required:
            return True
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= ID_MAX

    @staticmethod
    def _rgpd_is_text(value):
        return value is None or (
            isinstance(value, str) and len(value) <= TEXT_MAX and "\x00" not in value
        )

    @classmethod
    def _rgpd_well_formed(cls, mailing_id, document_id, email, hash_token, mailing_required=True):
        """Whether the values of an unsubscribe link have the shape Odoo
        gives them: checked before Odoo's own code parses them, so that a
        list, an object, a word or a 5 MB value gets a 400, not an error."""
        return (
            cls._rgpd_is_id(mailing_id, required=mailing_required)
            and cls._rgpd_is_id(document_id)
            and cls._rgpd_is_text(email)
            and cls._rgpd_is_text(hash_token)
        )

    @staticmethod
    def _rgpd_company_env():
        """The notes of a withdrawal are read by the company's team, not by
        the person: written in the company's language (the request's is the
        visitor's)."""
        return request.env(context=dict(request.env.context, lang=request.env.company._rgpd_lang()))

    def _rgpd_record_withdrawal(self, mailing_sudo, email, note):
        email = email_normalize(email or "")
        if mailing_sudo and email:
            mailing_sudo._rgpd_withdraw_email(
                email, note=note, **RgpdConsentController._rgpd_proof()
            )

    # Both run once the mailing's signed token was checked for this email.
    def _mailing_unsubscribe_from_list(self, mailing, document_id, email, hash_token):
        self._rgpd_record_withdrawal(
            mailing,
            email,
            self._rgpd_company_env()._(
                "Unsubscribed from the mailing %(mailing)s", mailing=mailing.subject
            ),
        )
        return super()._mailing_unsubscribe_from_list(mailing, document_id, email, hash_token)

    def _mailing_unsubscribe_from_document(self, mailing, document_id, email, hash_token):
        self._rgpd_record_withdrawal(
            mailing,
            email,
            self._rgpd_company_env()._(
                "Blocklisted from the mailing %(mailing)s", mailing=mailing.subject
            ),
        )
        return super()._mailing_unsubscribe_from_document(mailing, document_id, email, hash_token)

    @http.route()
    def mailing_unsubscribe(self, mailing_id, document_id=None, email=None, hash_token=None):
        if not self._rgpd_well_formed(mailing_id, document_id, email, hash_token):
            raise BadRequest()
        if request.httprequest.method != "POST":
            return self.mailing_confirm_unsubscribe(
                mailing_id, document_id=document_id, email=email, hash_token=hash_token
            )
        # Odoo's one-click route calls this method from its own POST.
        return super().mailing_unsubscribe(
            mailing_id, document_id=document_id, email=email, hash_token=hash_token
        )

    @http.route()
    def mailing_confirm_unsubscribe(
        self, mailing_id, document_id=None, email=None, hash_token=None
    ):
        if not self._rgpd_well_formed(mailing_id, document_id, email, hash_token):
            raise BadRequest()
        return super().mailing_confirm_unsubscribe(
            mailing_id, document_id=document_id, email=email, hash_token=hash_token
        )

    @http.route()
    def mailing_confirm_unsubscribe_post(
        self, mailing_id=None, document_id=None, email=None, hash_token=None
    ):
        if not self._rgpd_well_formed(mailing_id, document_id, email, hash_token):
            raise BadRequest()
        return super().mailing_confirm_unsubscribe_post(
            int(mailing_id), document_id=document_id, email=email, hash_token=hash_token
        )

    @http.route()
    def mail_blocklist_add(self, mailing_id=None, document_id=None, email=None, hash_token=None):
        if not self._rgpd_well_formed(
            mailing_id, document_id, email, hash_token, mailing_required=False
        ):
            return "error"  # What Odoo answers a malformed request.
        result = super().mail_blocklist_add(
            mailing_id=mailing_id, document_id=document_id, email=email, hash_token=hash_token
        )
        # True only once the token was checked for this mailing and email.
        if result is True and mailing_id:
            email_found, _token = self._fetch_user_information(email, hash_token)
            # sudo: the token of this mailing was checked by the call above.
            mailing_sudo = request.env["mailing.mailing"].sudo().browse(int(mailing_id)).exists()
            self._rgpd_record_withdrawal(
                mailing_sudo,
                email_found,
                self._rgpd_company_env()._(
                    "Blocklisted from the mailing %(mailing)s", mailing=mailing_sudo.subject
                ),
            )
        return result
