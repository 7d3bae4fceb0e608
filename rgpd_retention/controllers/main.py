# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""`/rgpd/keep/<token>`: the link of the retention notice. A GET shows a
page, a POST records that the person wants their data kept (it counts as
activity, so the retention period starts again)."""

from odoo import http
from odoo.http import request


class RgpdRetentionController(http.Controller):
    # CSRF is checked by hand, after the token, so that a bad link gets its
    # own page whatever the session.
    @http.route(
        "/rgpd/keep/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def rgpd_keep(self, token, csrf_token=None, **kwargs):
        partner_sudo = request.env["res.partner"]._rgpd_from_keep_token(token)
        if not partner_sudo:
            return request.render("rgpd_retention.rgpd_keep_invalid", {}, status=404)
        lang = partner_sudo.lang and request.env["res.lang"]._get_code(partner_sudo.lang)
        if lang:
            request.update_context(lang=lang)
        values = {"token": token, "partner": partner_sudo}
        if request.httprequest.method != "POST":
            return request.render("rgpd_retention.rgpd_keep_page", values)
        if not request.validate_csrf(csrf_token):
            return request.render(
                "rgpd_retention.rgpd_keep_page", {**values, "session_expired": True}, status=400
            )
        partner_sudo._rgpd_keep_data()
        return request.render("rgpd_retention.rgpd_keep_done", values)
