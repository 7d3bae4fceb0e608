# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from .rgpd_dsar_request import OPEN_STATES

RESTRICTION_FIELDS = {"rgpd_restricted", "rgpd_restricted_date", "rgpd_restricted_reason"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    rgpd_restricted = fields.Boolean(
        string="Processing Restricted",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="GDPR Art. 18: the data is kept but no longer processed; the contact "
        "is left out of mass mailings and of the mail composer's recipients.",
    )
    rgpd_restricted_date = fields.Datetime(string="Restricted On", readonly=True, copy=False)
    rgpd_restricted_reason = fields.Char(string="Restriction Reason", readonly=True, copy=False)
    rgpd_dsar_request_ids = fields.One2many(
        "rgpd.dsar.request", "partner_id", string="Data-Subject Requests"
    )
    rgpd_dsar_count = fields.Integer(compute="_compute_rgpd_dsar_count")
    rgpd_dsar_open_ids = fields.Many2many(
        "rgpd.dsar.request",
        string="Open Requests",
        compute="_compute_rgpd_dsar_count",
    )

    @api.model
    def _rgpd_system_fields(self):
        """The restriction is set and lifted by the Officer's acts only."""
        return super()._rgpd_system_fields() | RESTRICTION_FIELDS

    def _compute_rgpd_dsar_count(self):
        Request = self.env["rgpd.dsar.request"]
        if not Request.has_access("read"):
            self.rgpd_dsar_count = 0
            self.rgpd_dsar_open_ids = Request
            return
        counts = dict(
            Request._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        open_requests = Request.search(
            [("partner_id", "in", self.ids), ("state", "in", OPEN_STATES)]
        ).grouped("partner_id")
        for partner in self:
            partner.rgpd_dsar_count = counts.get(partner, 0)
            partner.rgpd_dsar_open_ids = open_requests.get(partner, Request)

    def action_view_rgpd_dsar_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rgpd_dsar.rgpd_dsar_request_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _rgpd_check_officer(self):
        if not self.env.user.has_group("rgpd_consent.group_rgpd_officer"):
            raise AccessError(
                self.env._("Only a Privacy Officer restricts or lifts the processing of a contact.")
            )

    def _rgpd_restrict(self, reason, origin=None):
        """Restrict the processing of these contacts (GDPR Art. 18)."""
        self._rgpd_check_officer()
        # sudo: the flag is written by this method only (see write()), after
        # the Officer check above.
        self.sudo().write(
            {
                "rgpd_restricted": True,
                "rgpd_restricted_date": fields.Datetime.now(),
                "rgpd_restricted_reason": reason,
            }
        )
        # sudo: the Officer may lack the right to edit contacts; the note
        # records the restriction in the contact's history, as its author.
        for partner in self.sudo():
            partner.message_post(
                body=self.env._("Processing restricted (GDPR Art. 18): %s", reason),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def action_rgpd_lift_restriction(self):
        """Lift the restriction: the contact may be processed again."""
        self._rgpd_check_officer()
        restricted = self.filtered("rgpd_restricted")
        # sudo: see _rgpd_restrict.
        restricted.sudo().write(
            {
                "rgpd_restricted": False,
                "rgpd_restricted_date": False,
                "rgpd_restricted_reason": False,
            }
        )
        # sudo: see _rgpd_restrict.
        for partner in restricted.sudo():
            partner.message_post(
                body=self.env._("Restriction of processing lifted."),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
