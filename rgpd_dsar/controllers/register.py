# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import content_disposition, request


class RgpdRegisterController(http.Controller):
    @http.route("/rgpd_dsar/register.xlsx", type="http", auth="user", readonly=True)
    def register_xlsx(self, company_id=None, processor=None):
        """The record of processing activities of one of the Officer's
        companies, as an XLSX file; with processor=1, the register of the
        processing it carries out for its customers (Art. 30(2))."""
        env = request.env
        if not env.user.has_group("rgpd_consent.group_rgpd_officer"):
            raise Forbidden()
        try:
            company = env["res.company"].browse(int(company_id or env.company.id))
        except ValueError as error:
            raise NotFound() from error
        if company not in env.user.company_ids:
            raise NotFound()
        if processor:
            model = env["rgpd.processor.activity"]
            filename = env._("Processor Register - %s.xlsx", company.name)
        else:
            model = env["rgpd.purpose"]
            filename = env._("Record of Processing Activities - %s.xlsx", company.name)
        content = model.with_company(company)._rgpd_register_xlsx(company)
        return request.make_response(
            content,
            [
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
