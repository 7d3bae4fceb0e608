# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "RGPD Data-Subject Requests",
    "summary": "Data-subject requests with their legal deadlines, and the accountability registers",
    "version": "19.0.1.0.0",
    "development_status": "Beta",
    "category": "Privacy",
    "website": "https://github.com/rgpd-odoo/rgpd-odoo",
    "author": "RGPD Odoo contributors",
    "license": "AGPL-3",
    "depends": ["rgpd_retention"],
    "data": [
        "views/rgpd_menus.xml",
    ],
}
