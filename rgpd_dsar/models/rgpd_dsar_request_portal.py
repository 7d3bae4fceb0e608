# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo import fields, models


# One file per concern of the request: the split is on purpose.
class RgpdDsarRequest(models.Model):
    """The person's page of a request in the portal: its answer and its
    conversation, with Odoo's portal chatter as on /my/orders."""

    _inherit = "rgpd.dsar.request"  # pylint: disable=consider-merging-classes-inherited

    # The key the portal chatter signs the person with (mail.thread's
    # _sign_token). Not portal.mixin: its notifications put an access link in
    # every mail, while the suite's links are signed at send time for the
    # request's own address only (mail.mail._rgpd_signed_link).
    access_token = fields.Char(copy=False, groups="base.group_system")

    def _rgpd_portal_chatter_values(self, partner):
        """What portal.message_thread needs to show this request's
        conversation to `partner` and let them write in it, once the
        controller checked that the request is theirs."""
        self.ensure_one()
        # sudo: the chatter's key is the suite's own, never shown.
        request_sudo = self.sudo()
        if not request_sudo.access_token:
            request_sudo.access_token = str(uuid.uuid4())
        return {
            "object": request_sudo,
            "pid": partner.id,
            "hash": request_sudo._sign_token(partner.id),
            "token": None,
            "disable_composer": self.state in ("cancelled",),
        }
