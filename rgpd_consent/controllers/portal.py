# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""`/my/privacy`: the logged-in person sees and changes their own choices."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers import portal

from .main import RgpdConsentController


class RgpdCustomerPortal(portal.CustomerPortal):
    def _rgpd_portal_purposes(self):
        """The active purposes that may process the current user's data:
        those of their companies and the shared ones."""
        # sudo: purposes and their texts are what every data subject is shown
        # before agreeing; the domain keeps the user's companies, and the
        # internal users outside the Privacy groups need them too.
        return (
            request.env["rgpd.purpose"]
            .sudo()
            .search([("company_id", "in", [*request.env.user.company_ids.ids, False])])
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "rgpd_purpose_count" in counters:
            values["rgpd_purpose_count"] = len(self._rgpd_portal_purposes())
        return values

    @http.route("/my/privacy", type="http", auth="user", website=True)
    def rgpd_my_privacy(self, saved=None, minor=None, age=None, **kwargs):
        # env.user is sudo'ed: its partner is the current person, always.
        partner_sudo = request.env.user.partner_id
        purposes_sudo = self._rgpd_portal_purposes()
        # sudo: only the current user's own consents and events are read.
        consents_sudo = (
            request.env["rgpd.consent"]
            .sudo()
            .search([("partner_id", "=", partner_sudo.id), ("purpose_id", "in", purposes_sudo.ids)])
        )
        Purpose = request.env["rgpd.purpose"]
        Consent = request.env["rgpd.consent"]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "rgpd_privacy",
                "purposes": purposes_sudo,
                "consents": {consent.purpose_id.id: consent for consent in consents_sudo},
                "lawful_bases": dict(
                    Purpose._fields["lawful_basis"]._description_selection(request.env)
                ),
                "states": dict(Consent._fields["state"]._description_selection(request.env)),
                "channels": dict(Consent._fields["channel"]._description_selection(request.env)),
                "saved": saved,
                "minor": minor,
                "age_missing": age,
                "age_texts": request.env.company._rgpd_age_texts(),
                "notice_company": request.env.company,
            }
        )
        return request.render("rgpd_consent.portal_my_privacy", values)

    def _rgpd_portal_act(self, purpose_id, new_state):
        purpose_sudo = self._rgpd_portal_purposes().filtered(lambda p: p.id == purpose_id)
        if not purpose_sudo:
            raise NotFound()
        # The partner is never taken from the request: it is the logged-in
        # person's own. sudo: portal users may not write consents themselves,
        # the ledger records the act with them as author.
        partner_sudo = request.env.user.partner_id
        RgpdConsentController._rgpd_record(
            partner_sudo, purpose_sudo, new_state, "portal", **RgpdConsentController._rgpd_proof()
        )
        return request.redirect(
            f"/my/privacy?saved={purpose_sudo.id}#rgpd_purpose_{purpose_sudo.id}"
        )

    @http.route(
        "/my/privacy/<int:purpose_id>/give",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def rgpd_my_privacy_give(self, purpose_id, age=None, **kwargs):
        """Give consent (or lift an objection). The person is logged in, so
        this counts at once, double opt-in or not. A consent needs the
        person to say they are of the age of digital consent (GDPR Art. 8):
        "no", or no answer, records nothing and the page says why."""
        purpose_sudo = self._rgpd_portal_purposes().filtered(lambda p: p.id == purpose_id)
        if purpose_sudo.lawful_basis == "consent" and age != "over":
            answer = "minor" if age == "under" else "age"
            return request.redirect(
                f"/my/privacy?{answer}={purpose_sudo.id}#rgpd_purpose_{purpose_sudo.id}"
            )
        return self._rgpd_portal_act(purpose_id, "given")

    @http.route(
        "/my/privacy/<int:purpose_id>/withdraw",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def rgpd_my_privacy_withdraw(self, purpose_id, **kwargs):
        """Withdraw consent, or object for a purpose on another lawful basis."""
        return self._rgpd_portal_act(purpose_id, "withdrawn")
