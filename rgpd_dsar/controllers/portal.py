# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""`/my/privacy` gains the customer's own data-subject requests: make one,
follow it, download its export."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.rgpd_consent.controllers.portal import RgpdCustomerPortal

from .main import RgpdDsarController


class RgpdDsarCustomerPortal(RgpdCustomerPortal):
    @staticmethod
    def _rgpd_own_requests(domain=()):
        """The current person's own requests. The partner comes from the
        session, never from the request parameters."""
        partner = request.env.user.partner_id
        # sudo: restricted to the caller's own partner by the domain; internal
        # users see their own requests here like customers do.
        return (
            request.env["rgpd.dsar.request"]
            .sudo()
            .search([("partner_id", "=", partner.id), *domain], order="date_received desc, id desc")
        )

    def _rgpd_own_request(self, request_id):
        """The caller's request `request_id`, or 404: another person's
        request answers as if it did not exist."""
        request_sudo = self._rgpd_own_requests([("id", "=", request_id)])
        if not request_sudo:
            raise NotFound()
        return request_sudo

    @http.route()
    def rgpd_my_privacy(self, saved=None, **kwargs):
        response = super().rgpd_my_privacy(saved=saved, **kwargs)
        response.qcontext.update(
            {
                "dsar_requests": self._rgpd_own_requests(),
                "dsar_types": RgpdDsarController._rgpd_request_types(),
                "dsar_error": kwargs.get("dsar_error"),
            }
        )
        return response

    @http.route(
        "/my/privacy/requests/new",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def rgpd_my_request_new(self, request_type=None, description=None, **kwargs):
        partner = request.env.user.partner_id
        try:
            request_sudo = request.env["rgpd.dsar.request"]._rgpd_create_from_portal(
                partner, request_type, description
            )
        except UserError:
            return request.redirect("/my/privacy?dsar_error=1#rgpd_dsar_new")
        return request.redirect(f"/my/privacy/requests/{request_sudo.id}?created=1")

    @http.route(
        "/my/privacy/requests/<int:request_id>",
        type="http",
        auth="user",
        website=True,
    )
    def rgpd_my_request(self, request_id, created=None, **kwargs):
        request_sudo = self._rgpd_own_request(request_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "rgpd_dsar_request",
                "dsar": request_sudo,
                "created": created,
                **request_sudo._rgpd_portal_chatter_values(request.env.user.partner_id),
            }
        )
        return request.render("rgpd_dsar.portal_my_dsar_request", values)

    @http.route(
        "/my/privacy/requests/<int:request_id>/export",
        type="http",
        auth="user",
        website=True,
    )
    def rgpd_my_request_export(self, request_id, **kwargs):
        request_sudo = self._rgpd_own_request(request_id)
        if not request_sudo._rgpd_export_available():
            raise NotFound()
        return RgpdDsarController._rgpd_export_response(request_sudo, "portal")
