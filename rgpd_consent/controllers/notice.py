# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public information notice (GDPR Art. 13 and 14): `/privacy` for the
current company, `/privacy/<company id>` for one of several, and its PDF.

No login: anyone may read how a company uses personal data. The page is in
the reader's language (their account's, else their browser's, else the
`/fr/privacy` prefix) and shows the version of the notice kept for it, with
its date and SHA-256 (`rgpd.notice.version._rgpd_current`)."""

from odoo import http
from odoo.http import request


class RgpdNoticeController(http.Controller):
    @staticmethod
    def _rgpd_notice_company(company_id=None):
        """The company whose notice is asked, sudo'ed, or an empty record."""
        if company_id is None:
            # sudo: the company's name and address are what the notice shows.
            return request.env.company.sudo()
        # sudo: a company's notice is public; only its existence is checked.
        return request.env["res.company"].sudo().browse(company_id).exists()

    @staticmethod
    def _rgpd_notice_version(company_sudo):
        """The version of the notice shown now in the reader's language."""
        # sudo: the page keeps the version of the public text it shows, nothing else.
        return (
            request.env["rgpd.notice.version"].sudo()._rgpd_current(company_sudo, request.env.lang)
        )

    @http.route(
        ["/privacy", "/privacy/<int:company_id>"],
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def rgpd_notice(self, company_id=None, **kwargs):
        company_sudo = self._rgpd_notice_company(company_id)
        if not company_sudo:
            return request.render("rgpd_consent.rgpd_notice_unknown", {}, status=404)
        version_sudo = self._rgpd_notice_version(company_sudo)
        return request.render(
            "rgpd_consent.rgpd_notice_page",
            {"company": company_sudo, "version": version_sudo},
        )

    @http.route(
        "/privacy/<int:company_id>/notice.pdf",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def rgpd_notice_pdf(self, company_id, **kwargs):
        company_sudo = self._rgpd_notice_company(company_id)
        if not company_sudo:
            return request.render("rgpd_consent.rgpd_notice_unknown", {}, status=404)
        version_sudo = self._rgpd_notice_version(company_sudo)
        # sudo: printing the public notice, which the public user may read
        # but not render as a report.
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("rgpd_consent.action_report_rgpd_notice", version_sudo.ids)
        )
        filename = request.env._("privacy-notice-%(lang)s.pdf", lang=version_sudo.lang)
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
