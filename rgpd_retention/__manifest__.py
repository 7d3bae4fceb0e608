# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "RGPD Retention",
    "summary": "Where personal data lives, one anonymization engine, "
    "legal holds and retention policies",
    "version": "19.0.1.0.0",
    "development_status": "Beta",
    "category": "Privacy",
    "website": "https://github.com/rgpd-odoo/rgpd-odoo",
    "author": "RGPD Odoo contributors",
    "license": "AGPL-3",
    "depends": ["rgpd_consent"],
    "data": [
        "security/ir.model.access.csv",
        "data/rgpd_data_map_data.xml",
        "views/rgpd_menus.xml",
    ],
}
