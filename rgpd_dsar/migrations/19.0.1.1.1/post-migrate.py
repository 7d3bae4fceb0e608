# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Before 19.0.1.1.1 one "Authority Website" served persons who complain and
the Officer who notifies a breach, and the demo set it to the CNIL's breach
page, so persons were sent there to complain. The setting now means the
complaint page; a company whose website was a breach notification page has
it moved to the new breach setting and gets the complaint page back."""

from odoo import SUPERUSER_ID, api

BREACH_PAGES = ("notifier-une-violation", "notifications.cnil.fr")
COMPLAINT_PAGE = "https://www.cnil.fr/fr/plaintes"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].with_context(active_test=False).search([])
    for company in companies:
        url = company.rgpd_authority_url or ""
        if any(part in url for part in BREACH_PAGES):
            company.write({"rgpd_authority_breach_url": url, "rgpd_authority_url": COMPLAINT_PAGE})
