# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The double opt-in template (noupdate) rendered working confirmation links
into the stored mail and the chatter: reload it from the source file, where
it writes placeholders that become links only when the mail leaves."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("rgpd_consent.mail_template_consent_request", raise_if_not_found=False)
    if template:
        template.reset_template()
