# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportRgpdRegister(models.AbstractModel):
    """The record of processing activities (GDPR Art. 30) of a company."""

    _name = "report.rgpd_dsar.report_rgpd_register"
    _description = "Record of Processing Activities"

    @api.model
    def _get_report_values(self, docids, data=None):
        companies = self.env["res.company"].browse(docids)
        companies._rgpd_check_identity()
        Purpose = self.env["rgpd.purpose"]
        return {
            "doc_ids": docids,
            "doc_model": "res.company",
            "docs": companies,
            "columns": Purpose._rgpd_register_columns(),
            "identity": {
                company: Purpose._rgpd_register_identity(company) for company in companies
            },
            "rows": {company: Purpose._rgpd_register_rows(company) for company in companies},
        }
