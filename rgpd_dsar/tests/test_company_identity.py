# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .test_roles import RgpdRolesCase


@tagged("post_install", "-at_install")
class TestCompanyIdentity(RgpdRolesCase):
    """The controller identity, as the roles that fill it in and read it:
    Settings > Privacy is Odoo's Settings screen, open to its administrators
    only (the menu and `execute` ask for them), so it is filled in by a
    Privacy Officer who administers Settings; the Officer checks it before
    printing a register. Neither is the superuser. The companies are the
    scene, created as the superuser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings_officer = new_test_user(
            cls.env,
            login="dsar_settings_officer",
            name="Sandra Settings",
            groups="base.group_user,base.group_system,rgpd_consent.group_rgpd_officer",
        )

    def company_of(self, *users, **values):
        company = self.env["res.company"].create(values)
        for user in users:
            user.company_ids |= company
        return company

    def test_defaults_and_settings(self):
        company = self.company_of(self.settings_officer, self.officer, name="New Co")
        as_officer = company.with_user(self.officer)
        self.assertEqual(as_officer.rgpd_authority, "CNIL")
        # Persons complain on one page, the Officer notifies on another.
        self.assertEqual(as_officer.rgpd_authority_url, "https://www.cnil.fr/fr/plaintes")
        self.assertEqual(
            as_officer.rgpd_authority_breach_url,
            "https://notifications.cnil.fr/notifications/index",
        )
        settings = (
            self.env["res.config.settings"]
            .with_user(self.settings_officer)
            .with_company(company)
            .create({})
        )
        settings.rgpd_dpo_name = "Paul Durand"
        settings.rgpd_authority_url = "https://www.cnil.fr/en/plaintes"
        settings.rgpd_authority_breach_url = "https://notifications.cnil.fr/en"
        settings.execute()
        self.assertEqual(as_officer.rgpd_dpo_name, "Paul Durand")
        self.assertEqual(
            (as_officer.rgpd_authority_url, as_officer.rgpd_authority_breach_url),
            ("https://www.cnil.fr/en/plaintes", "https://notifications.cnil.fr/en"),
        )
        # The breach shows where to notify; the person reads where to complain.
        breach = (
            self.env["rgpd.breach"]
            .with_user(self.officer)
            .with_company(company)
            .create(
                {
                    "title": "Stolen laptop",
                    "date_aware": "2026-11-30 09:00:00",
                    "company_id": company.id,
                }
            )
        )
        self.assertEqual(breach.authority_url, "https://notifications.cnil.fr/en")
        partner = self.env["res.partner"].create({"name": "Complainer", "email": "c@example.com"})
        request = (
            self.env["rgpd.dsar.request"]
            .with_user(self.officer)
            .with_company(company)
            .create(
                {
                    "request_type": "access",
                    "partner_id": partner.id,
                    "channel": "email",
                    "company_id": company.id,
                }
            )
        )
        self.assertEqual(request._rgpd_authority(), ("CNIL", "https://www.cnil.fr/en/plaintes"))

    def test_missing_identity_says_what_to_fill_in(self):
        company = self.company_of(
            self.settings_officer, self.officer, name="Empty Co", rgpd_authority=False
        )
        as_officer = company.with_user(self.officer)
        with self.assertRaisesRegex(
            UserError,
            "Street.*City.*Representative.*Data Protection Officer.*"
            "Supervisory Authority.*DPO Email or Phone",
        ):
            as_officer._rgpd_check_identity()
        company.with_user(self.settings_officer).write(
            {
                "street": "1 rue de la Paix",
                "city": "Paris",
                "rgpd_representative": "Jane Martin",
                "rgpd_dpo_name": "Paul Durand",
                "rgpd_dpo_phone": "+33 1 23 45 67 89",
                "rgpd_authority": "CNIL",
            }
        )
        as_officer._rgpd_check_identity()

    def test_request_mailbox_is_set_in_settings(self):
        """Settings > Privacy names the request mailbox, as Odoo's apps do;
        no menu opens the alias' technical form any more."""
        self.assertFalse(self.env.ref("rgpd_dsar.menu_rgpd_dsar_alias", raise_if_not_found=False))
        Settings = self.env["res.config.settings"].with_user(self.settings_officer)
        arch = Settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="rgpd_dsar_alias_prefix"', arch)
        settings = Settings.create({})
        self.assertEqual(settings.rgpd_dsar_alias_prefix, "privacy-requests")
        settings.rgpd_dsar_alias_prefix = "gdpr"
        settings.execute()
        alias = self.env.ref("rgpd_dsar.mail_alias_dsar_request")
        self.assertEqual(alias.alias_name, "gdpr")
        self.assertEqual(alias.alias_model_id.model, "rgpd.dsar.request")
        self.assertEqual(Settings.create({}).rgpd_dsar_alias_prefix, "gdpr")
        domain = self.env["mail.alias.domain"].create({"name": "privacy.example.com"})
        self.env.company.alias_domain_id = domain
        settings = Settings.create({"rgpd_dsar_alias_domain_id": domain.id})
        settings.execute()
        self.assertEqual(alias.alias_full_name, "gdpr@privacy.example.com")
        # A mail to the new address opens a request (the mail gateway runs
        # as the system).
        self.env["mail.thread"].message_process(
            False,
            "From: Mail Person <mail.person@example.com>\r\n"
            "To: gdpr@privacy.example.com\r\n"
            "Subject: Erase my data\r\n"
            "Message-ID: <rgpd-mailbox-test@example.com>\r\n"
            "Content-Type: text/plain\r\n\r\nPlease erase everything you hold about me.\r\n",
        )
        self.assertTrue(
            self.env["rgpd.dsar.request"].search(
                [("requester_email", "=", "mail.person@example.com")]
            )
        )
