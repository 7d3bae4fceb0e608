# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's own unsubscribe page of a mailing sent for a purpose records a
withdrawal in the ledger, with the request's proof.

Only a POST acts: mail scanners open every link of a mail, so a GET of
`/mailing/<id>/unsubscribe` shows Odoo's confirmation page, whose button
posts to `/mailing/confirm_unsubscribe`. The RFC 8058 one-click POST of the
mail client (`/mailing/<id>/unsubscribe_oneclick`) still acts at once."""

from odoo import http
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.mass_mailing.controllers.main import MassMailController

from .main import RgpdConsentController


class RgpdMassMailController(MassMailController):
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
            request.env._("Unsubscribed from the mailing %(mailing)s", mailing=mailing.subject),
        )
        return super()._mailing_unsubscribe_from_list(mailing, document_id, email, hash_token)

    def _mailing_unsubscribe_from_document(self, mailing, document_id, email, hash_token):
        self._rgpd_record_withdrawal(
            mailing,
            email,
            request.env._("Blocklisted from the mailing %(mailing)s", mailing=mailing.subject),
        )
        return super()._mailing_unsubscribe_from_document(mailing, document_id, email, hash_token)

    @http.route()
    def mailing_unsubscribe(self, mailing_id, document_id=None, email=None, hash_token=None):
        if request.httprequest.method != "POST":
            return self.mailing_confirm_unsubscribe(
                mailing_id, document_id=document_id, email=email, hash_token=hash_token
            )
        # Odoo's one-click route calls this method from its own POST.
        return super().mailing_unsubscribe(
            mailing_id, document_id=document_id, email=email, hash_token=hash_token
        )

    @http.route()
    def mail_blocklist_add(self, mailing_id=None, document_id=None, email=None, hash_token=None):
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
                request.env._(
                    "Blocklisted from the mailing %(mailing)s", mailing=mailing_sudo.subject
                ),
            )
        return result
