# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "RGPD Consent",
    "summary": "Processing purposes with their lawful basis, and provable, "
    "withdrawable consent (GDPR Art. 6 and 7)",
    "version": "19.0.1.0.0",
    "development_status": "Beta",
    "category": "Privacy",
    "website": "https://github.com/rgpd-odoo/rgpd-odoo",
    "author": "RGPD Odoo contributors",
    "license": "AGPL-3",
    "application": True,
    "depends": ["mail", "portal"],
    "data": [
        "security/rgpd_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "views/rgpd_menus.xml",
        "views/rgpd_consent_views.xml",
    ],
    "demo": [],
    "installable": True,
}
