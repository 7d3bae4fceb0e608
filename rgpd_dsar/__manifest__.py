# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "RGPD Data-Subject Requests",
    "summary": "Data-subject requests with their legal deadlines, and the accountability registers",
    "version": "19.0.1.1.1",
    "development_status": "Beta",
    "category": "Privacy",
    "website": "https://github.com/rgpd-odoo/rgpd-odoo",
    "author": "RGPD Odoo contributors",
    "license": "AGPL-3",
    "depends": ["rgpd_retention"],
    "data": [
        "security/rgpd_dsar_security.xml",
        "security/ir.model.access.csv",
        "security/rgpd_breach_security.xml",
        "data/rgpd_dsar_data.xml",
        "data/mail_template_data.xml",
        "data/mail_alias_data.xml",
        "data/rgpd_data_map_data.xml",
        "data/rgpd_breach_data.xml",
        "data/rgpd_breach_mail_template_data.xml",
        "views/rgpd_menus.xml",
        "views/rgpd_dsar_request_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "report/rgpd_dsar_export_report.xml",
        "wizard/rgpd_dsar_wizard_views.xml",
        "views/res_company_views.xml",
        "views/rgpd_breach_views.xml",
        "views/rgpd_register_views.xml",
        "report/rgpd_register_report.xml",
        "report/rgpd_breach_register_report.xml",
        "views/rgpd_dashboard_views.xml",
    ],
    "demo": [
        "demo/rgpd_dsar_request_demo.xml",
        "demo/rgpd_register_demo.xml",
        "demo/rgpd_breach_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "rgpd_dsar/static/src/dashboard/**/*",
        ],
        "web.assets_tests": [
            "rgpd_dsar/static/tests/tours/**/*",
        ],
    },
}
