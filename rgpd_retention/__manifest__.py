# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "RGPD Retention",
    "summary": "Where personal data lives, one anonymization engine, "
    "legal holds and retention policies",
    "version": "19.0.1.1.0",
    "development_status": "Beta",
    "category": "Privacy",
    "website": "https://github.com/rgpd-odoo/rgpd-odoo",
    "author": "RGPD Odoo contributors",
    "license": "AGPL-3",
    "depends": ["rgpd_consent"],
    "data": [
        "security/ir.model.access.csv",
        "security/rgpd_retention_security.xml",
        "data/rgpd_data_map_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/rgpd_retention_policy_data.xml",
        "wizard/rgpd_anonymize_wizard_views.xml",
        "wizard/rgpd_legal_hold_wizard_views.xml",
        "views/rgpd_retention_policy_views.xml",
        "views/rgpd_purpose_views.xml",
        "views/rgpd_data_map_views.xml",
        "views/rgpd_retention_log_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "views/rgpd_menus.xml",
    ],
    "demo": [
        "demo/rgpd_retention_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "rgpd_retention/static/tests/tours/**/*",
        ],
    },
}
