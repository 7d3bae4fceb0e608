# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportRgpdProcessorRegister(models.AbstractModel):
    """The record of the processing a company carries out as a processor
    (GDPR Art. 30(2))."""

    _name = "report.rgpd_dsar.report_rgpd_processor_register"
    _description = "Processor Register"

    @api.model
    def _get_report_values(self, docids, data=None):
        companies = self.env["res.company"].browse(docids)
        companies._rgpd_check_identity()
        Activity = self.env["rgpd.processor.activity"]
        return {
            "doc_ids": docids,
            "doc_model": "res.company",
            "docs": companies,
            "columns": Activity._rgpd_register_columns(),
            "identity": {
                company: Activity._rgpd_register_identity(company) for company in companies
            },
            "rows": {company: Activity._rgpd_register_rows(company) for company in companies},
        }
