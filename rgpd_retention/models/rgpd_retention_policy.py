# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RgpdRetentionPolicy(models.Model):
    """How long the data of a purpose is kept, and what happens after."""

    _name = "rgpd.retention.policy"
    _description = "Retention Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
