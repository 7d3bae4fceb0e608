# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "RGPD Consent",
    "summary": "Processing purposes with their lawful basis, and provable, "
    "withdrawable consent (GDPR Art. 6 and 7)",
    "version": "19.0.1.2.0",
    "development_status": "Beta",
    "category": "Privacy",
    "website": "https://github.com/rgpd-odoo/rgpd-odoo",
    "author": "RGPD Odoo contributors",
    "license": "AGPL-3",
    "application": True,
    "depends": ["mail", "portal", "crm", "mass_mailing"],
    "data": [
        "security/rgpd_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/ir_actions_server_data.xml",
        "views/rgpd_menus.xml",
        "wizard/rgpd_consent_record_wizard_views.xml",
        "views/rgpd_purpose_views.xml",
        "views/rgpd_consent_views.xml",
        "views/rgpd_consent_event_views.xml",
        "views/rgpd_consent_campaign_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/mailing_mailing_views.xml",
        "views/res_config_settings_views.xml",
        "views/mail_template_views.xml",
        "views/portal_templates.xml",
        "views/subscribe_templates.xml",
        "wizard/mail_compose_message_views.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/rgpd_purpose_demo.xml",
        "demo/rgpd_consent_demo.xml",
        "demo/crm_mailing_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "rgpd_consent/static/tests/tours/**/*",
        ],
    },
}
