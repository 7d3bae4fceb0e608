# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportRgpdBreachRegister(models.AbstractModel):
    """The register of personal data breaches (GDPR Art. 33(5)): the chosen
    breaches under their company's controller identity."""

    _name = "report.rgpd_dsar.report_rgpd_breach_register"
    _description = "Breach Register"

    @api.model
    def _get_report_values(self, docids, data=None):
        breaches = self.env["rgpd.breach"].browse(docids).sorted("date_aware")
        companies = breaches.company_id
        companies._rgpd_check_identity()
        Purpose = self.env["rgpd.purpose"]
        return {
            "doc_ids": docids,
            "doc_model": "rgpd.breach",
            "docs": companies,
            "breaches": breaches.grouped("company_id"),
            "identity": {
                company: Purpose._rgpd_register_identity(company) for company in companies
            },
        }
