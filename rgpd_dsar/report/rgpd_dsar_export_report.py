# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportRgpdDsarExport(models.AbstractModel):
    """The readable part of an export: the Art. 15 information and a summary
    of the data found, for one request."""

    _name = "report.rgpd_dsar.report_dsar_export"
    _description = "Data-Subject Export Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        request = self.env["rgpd.dsar.request"].browse(docids[:1])
        # The export gathers the data once and hands it over; printed from
        # the form, the report gathers it itself.
        export = (data or {}).get("rgpd_export") or request._rgpd_export_data()
        return {
            "doc_ids": request.ids,
            "doc_model": request._name,
            "docs": request,
            **request._rgpd_export_report_values(export),
        }
