# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The retention notice (noupdate) rendered a working "keep my data" link
into the body, which a redirected copy gave away: reload it from the source
file, where it writes a placeholder that becomes a link only when the mail
leaves for the person's own address."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("rgpd_retention.mail_template_retention_notice", raise_if_not_found=False)
    if template:
        template.reset_template()
