# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import api, fields, models

from .rgpd_dsar_request import INTAKE_LINK_DAYS, REQUEST_TYPES


class RgpdDsarIntake(models.Model):
    """A request made on the public page, waiting for its address to
    confirm it. The confirmation link signs only its id, so the link carries
    nothing of the person, and it makes one request at most however it is
    spelled. Deleted once its link has expired; read and written only by the
    public page's code (no user has access)."""

    _name = "rgpd.dsar.intake"
    _description = "Public Request Awaiting Confirmation"
    _log_access = True

    name = fields.Char(required=True)
    email = fields.Char(required=True, help="The normalized address the link is sent to.")
    request_type = fields.Selection(REQUEST_TYPES, required=True)
    description = fields.Text()
    lang = fields.Char()
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    request_id = fields.Many2one(
        "rgpd.dsar.request",
        ondelete="set null",
        help="The request its confirmation made: a link confirms one request only.",
    )

    def _rgpd_expired(self):
        self.ensure_one()
        limit = fields.Datetime.now() - datetime.timedelta(days=INTAKE_LINK_DAYS)
        return self.create_date < limit

    @api.autovacuum
    def _gc_expired(self):
        """The pending requests whose link has expired: nobody confirmed
        them, nothing of them is kept."""
        limit = fields.Datetime.now() - datetime.timedelta(days=INTAKE_LINK_DAYS + 1)
        self.sudo().search([("create_date", "<", limit)]).unlink()
