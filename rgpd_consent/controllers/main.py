# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Public pages of the signed links sent by mail.

`/rgpd/consent/<token>` confirms a consent (double opt-in), `/rgpd/withdraw/<token>`
withdraws it (or records an objection). Both work without a login: the
signed token is the credential. A GET only shows a page, because mail
scanners open every link; only a POST changes anything.
"""

from odoo import http
from odoo.http import Response, request

from ..models.rgpd_consent import USER_AGENT_MAX


class RgpdConsentController(http.Controller):
    # ------------------------------------------------------------------
    # Helpers, shared with the portal
    # ------------------------------------------------------------------

    @staticmethod
    def _rgpd_proof():
        """The proof of a web act: who asked, from where."""
        httprequest = request.httprequest
        return {
            "ip_address": httprequest.remote_addr,
            "user_agent": (httprequest.user_agent.string or "")[:USER_AGENT_MAX] or False,
        }

    @staticmethod
    def _rgpd_record(partner_sudo, purpose_sudo, new_state, channel, **proof):
        """Record `new_state` for this exact partner and purpose, as the
        person's own act: the caller checked the signed token or the session
        that proves the person is the one acting. A link or a portal button
        names the purpose record itself (not a code of the current company).
        """
        return partner_sudo._rgpd_subject_act(purpose_sudo, new_state, channel, **proof)

    @staticmethod
    def _rgpd_use_partner_lang(partner_sudo):
        """Render the page in the language of the person the link was made for."""
        lang = partner_sudo.lang and request.env["res.lang"]._get_code(partner_sudo.lang)
        if lang:
            request.update_context(lang=lang)

    def _rgpd_check_token(self, token, action):
        """Return the (partner_sudo, purpose_sudo) a valid token was signed for,
        or None for a malformed, altered or expired token."""
        return request.env["res.partner"]._rgpd_from_token(token, action)

    def _rgpd_invalid_link(self):
        return request.render("rgpd_consent.rgpd_link_invalid", {}, status=404)

    # A link placeholder of a stored mail or preview, or a link the sending
    # made dead: never a credential (`mail.mail._rgpd_fill_links`).
    @http.route("/rgpd/link/<path:rest>", type="http", auth="public", website=True, sitemap=False)
    def rgpd_link_placeholder(self, rest=None, **kwargs):
        return self._rgpd_invalid_link()

    def _rgpd_page_values(self, token, partner_sudo, purpose_sudo, **values):
        consent_sudo = partner_sudo._rgpd_consents(purpose_sudo)
        return {
            "token": token,
            "partner": partner_sudo,
            "purpose": purpose_sudo.with_context(lang=partner_sudo.lang),
            "consent": consent_sudo,
            "is_consent_basis": purpose_sudo.lawful_basis == "consent",
            **values,
        }

    # ------------------------------------------------------------------
    # Double opt-in confirmation
    # ------------------------------------------------------------------

    # CSRF is checked by hand, after the token: a bad link must get its own
    # page whatever the session, and the check happens before anything else.
    @http.route(
        "/rgpd/consent/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def rgpd_consent_confirm(self, token, csrf_token=None, **kwargs):
        found = self._rgpd_check_token(token, "confirm")
        if not found:
            return self._rgpd_invalid_link()
        # sudo: the signature proves the link was made for this partner and purpose.
        partner_sudo, purpose_sudo = found
        if not purpose_sudo.active or purpose_sudo.lawful_basis != "consent":
            return self._rgpd_invalid_link()
        self._rgpd_use_partner_lang(partner_sudo)
        if partner_sudo._rgpd_consents(purpose_sudo).state == "given":
            # A replayed link: the consent stands, no second event.
            return request.render(
                "rgpd_consent.rgpd_consent_done",
                self._rgpd_page_values(token, partner_sudo, purpose_sudo, already=True),
            )
        if request.httprequest.method != "POST":
            return request.render(
                "rgpd_consent.rgpd_consent_confirm_page",
                self._rgpd_page_values(token, partner_sudo, purpose_sudo),
            )
        if not request.validate_csrf(csrf_token):
            return request.render(
                "rgpd_consent.rgpd_consent_confirm_page",
                self._rgpd_page_values(token, partner_sudo, purpose_sudo, session_expired=True),
                status=400,
            )
        # The token was made for the contact's current address: the consent
        # holds for that address only (the recipient rule checks it).
        self._rgpd_record(
            partner_sudo,
            purpose_sudo,
            "given",
            "email",
            email=partner_sudo.email_normalized,
            **self._rgpd_proof(),
        )
        return request.render(
            "rgpd_consent.rgpd_consent_done",
            self._rgpd_page_values(token, partner_sudo, purpose_sudo, already=False),
        )

    # ------------------------------------------------------------------
    # Withdrawal (and RFC 8058 one-click unsubscribe)
    # ------------------------------------------------------------------

    # CSRF is off: mail clients post the one-click unsubscribe (RFC 8058)
    # without any session. A CSRF token would add nothing anyway: the signed
    # link is the only credential, and whoever holds it may post the
    # one-click body. Withdrawing is idempotent, so a replay does no harm.
    @http.route(
        "/rgpd/withdraw/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def rgpd_consent_withdraw(self, token, **kwargs):
        found = self._rgpd_check_token(token, "withdraw")
        if not found or not found[1].withdrawable:
            return self._rgpd_invalid_link()
        # sudo: the signature proves the link was made for this partner and purpose.
        partner_sudo, purpose_sudo = found
        one_click = kwargs.get("List-Unsubscribe") == "One-Click"
        if request.httprequest.method != "POST":
            self._rgpd_use_partner_lang(partner_sudo)
            return request.render(
                "rgpd_consent.rgpd_withdraw_page",
                self._rgpd_page_values(token, partner_sudo, purpose_sudo),
            )
        proof = self._rgpd_proof()
        if one_click:
            # For the company's team: in its language, not the visitor's.
            env = request.env(
                context=dict(request.env.context, lang=request.env.company._rgpd_lang())
            )
            proof["note"] = env._("One-click unsubscribe from the mail client (RFC 8058)")
        # A withdrawal is recorded even on an archived purpose: should the
        # purpose come back, the person's choice must stand.
        self._rgpd_record(partner_sudo, purpose_sudo, "withdrawn", "email", **proof)
        if one_click:
            return Response(status=200)
        self._rgpd_use_partner_lang(partner_sudo)
        return request.render(
            "rgpd_consent.rgpd_withdraw_done",
            self._rgpd_page_values(token, partner_sudo, purpose_sudo),
        )

    # ------------------------------------------------------------------
    # Preference centre (no login): every purpose as a switch
    # ------------------------------------------------------------------

    @staticmethod
    def _rgpd_is_on(purpose_sudo, consent_sudo):
        """A switch is on when the purpose may process the person: a given
        consent, or, on another basis, no objection."""
        if purpose_sudo.lawful_basis == "consent":
            return consent_sudo.state == "given"
        return consent_sudo.state != "withdrawn"

    def _rgpd_preferences_render(self, token, partner_sudo, status=200, **values):
        purposes_sudo = partner_sudo._rgpd_preference_purposes()
        consents_sudo = partner_sudo.env["rgpd.consent"].search(
            [("partner_id", "=", partner_sudo.id), ("purpose_id", "in", purposes_sudo.ids)]
        )
        by_purpose = {consent.purpose_id: consent for consent in consents_sudo}
        Consent = partner_sudo.env["rgpd.consent"]
        rows = [
            {
                "purpose": purpose.with_context(lang=partner_sudo.lang),
                "on": self._rgpd_is_on(purpose, by_purpose.get(purpose, Consent)),
                "on_consent": purpose.lawful_basis == "consent",
                # Asked, not yet confirmed: not the same as "off".
                "pending": purpose.lawful_basis == "consent"
                and by_purpose.get(purpose, Consent).state == "pending",
            }
            for purpose in purposes_sudo
        ]
        return request.render(
            "rgpd_consent.rgpd_preferences_page",
            {"token": token, "partner": partner_sudo, "rows": rows, **values},
            status=status,
        )

    # CSRF is checked by hand, after the token, as on the confirmation page.
    @http.route(
        "/rgpd/preferences/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def rgpd_preferences(self, token, csrf_token=None, **kwargs):
        """GET shows every purpose as a switch; POST saves the switches,
        withdraws from all (`withdraw_all`) or undoes a withdrawal (`undo`)."""
        # sudo: the signature proves the link was made for this partner.
        partner_sudo = request.env["res.partner"]._rgpd_from_preferences_token(token)
        if not partner_sudo:
            return self._rgpd_invalid_link()
        self._rgpd_use_partner_lang(partner_sudo)
        if request.httprequest.method != "POST":
            return self._rgpd_preferences_render(token, partner_sudo)
        if not request.validate_csrf(csrf_token):
            return self._rgpd_preferences_render(
                token, partner_sudo, status=400, session_expired=True
            )
        form = request.httprequest.form
        purposes_sudo = partner_sudo._rgpd_preference_purposes().filtered("withdrawable")
        consents_sudo = {
            consent.purpose_id: consent
            for consent in partner_sudo.env["rgpd.consent"].search(
                [("partner_id", "=", partner_sudo.id), ("purpose_id", "in", purposes_sudo.ids)]
            )
        }
        checked = set(form.getlist("purpose_ids"))
        undo = set(form.getlist("undo_ids"))
        action = form.get("action", "save")
        withdrawn = []
        proof = self._rgpd_proof()
        for purpose in purposes_sudo:
            is_on = self._rgpd_is_on(
                purpose, consents_sudo.get(purpose, partner_sudo.env["rgpd.consent"])
            )
            if action == "withdraw_all":
                wanted = False
            elif action == "undo":
                wanted = is_on or str(purpose.id) in undo
            else:
                wanted = str(purpose.id) in checked
            if wanted and not is_on:
                # The token holds for the contact's current address only.
                self._rgpd_record(
                    partner_sudo,
                    purpose,
                    "given",
                    "email",
                    email=partner_sudo.email_normalized,
                    **proof,
                )
            elif is_on and not wanted:
                self._rgpd_record(partner_sudo, purpose, "withdrawn", "email", **proof)
                withdrawn.append(purpose.id)
        return self._rgpd_preferences_render(token, partner_sudo, saved=action, undo_ids=withdrawn)
