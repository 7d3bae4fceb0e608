# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The contact details a person most often asks to correct.
RECTIFIABLE_FIELDS = ("name", "email", "phone", "street", "street2", "zip", "city", "country_id")
# Longest detail the wizard accepts (a name, an address line, an email).
RECTIFY_MAX_LENGTH = 256


class RgpdDsarRectifyWizard(models.TransientModel):
    """Apply a rectification (GDPR Art. 16) to the contact of a request."""

    _name = "rgpd.dsar.rectify.wizard"
    _description = "Rectify a Contact"

    request_id = fields.Many2one("rgpd.dsar.request", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="request_id.partner_id")
    name = fields.Char(required=True)
    email = fields.Char()
    phone = fields.Char()
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    country_id = fields.Many2one("res.country")

    @api.constrains(*RECTIFIABLE_FIELDS[:-1])
    def _check_length(self):
        for wizard in self:
            for name in RECTIFIABLE_FIELDS[:-1]:
                if len(wizard[name] or "") > RECTIFY_MAX_LENGTH:
                    raise ValidationError(
                        self.env._(
                            "%(field)s is too long (at most %(max)s characters).",
                            field=self._fields[name].get_description(self.env)["string"],
                            max=RECTIFY_MAX_LENGTH,
                        )
                    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["rgpd.dsar.request"].browse(values.get("request_id"))
        partner = request.partner_id
        for name in RECTIFIABLE_FIELDS:
            if name in fields_list and partner:
                values[name] = partner[name].id if name == "country_id" else partner[name]
        return values

    def action_confirm(self):
        """Write the changes on the contact, record them in its chatter and
        in the request's, and mark the request as carried out."""
        self.ensure_one()
        request = self.request_id
        request._rgpd_check_processable(("rectification",))
        partner = request.partner_id
        changes = {}
        for name in RECTIFIABLE_FIELDS:
            new = self[name].id if name == "country_id" else (self[name] or False)
            old = partner[name].id if name == "country_id" else (partner[name] or False)
            if new != old:
                changes[name] = new
        if not changes:
            raise UserError(self.env._("Nothing was changed on the contact."))
        labels = {
            name: partner._fields[name].get_description(self.env)["string"] for name in changes
        }
        lines = Markup().join(
            Markup("<li>%s: %s &#8594; %s</li>")
            % (
                labels[name],
                escape(partner[name].display_name if name == "country_id" else partner[name] or ""),
                escape(self[name].display_name if name == "country_id" else self[name] or ""),
            )
            for name in changes
        )
        partner.write(changes)
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Rectified at the person's request %s (GDPR Art. 16):", request.name),
            lines,
        )
        partner.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
        request.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
        request._rgpd_write({"date_processed": fields.Datetime.now()})
        return {"type": "ir.actions.act_window_close"}
