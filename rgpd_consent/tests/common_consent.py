# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo.http import Request
from odoo.tests import HttpCase, TransactionCase, new_test_user

PRIVACY_USER_GROUPS = "rgpd_consent.group_rgpd_user,sales_team.group_sale_salesman"


class RolesMixin:
    """The users who take the paths under test, none of them the superuser:
    a Privacy User (a sales user in the Privacy / User group), a second
    salesperson, an Officer, and, for the mailing lists, a marketing user
    who is also a Privacy User."""

    @classmethod
    def make_roles(cls):
        cls.privacy_user = new_test_user(
            cls.env,
            "rgpd_role_user",
            groups=PRIVACY_USER_GROUPS,
            email="privacy.user@example.com",
        )
        cls.salesperson = new_test_user(
            cls.env,
            "rgpd_role_sales",
            groups=PRIVACY_USER_GROUPS,
            email="sales.attacker@example.com",
        )
        cls.officer = new_test_user(
            cls.env,
            "rgpd_role_officer",
            groups="rgpd_consent.group_rgpd_officer,sales_team.group_sale_salesman",
            email="officer@example.com",
        )
        cls.employees = (cls.privacy_user, cls.salesperson, cls.officer)

    @classmethod
    def make_marketer(cls):
        cls.marketer = new_test_user(
            cls.env,
            "rgpd_role_marketer",
            groups=f"{PRIVACY_USER_GROUPS},mass_mailing.group_mass_mailing_user",
            email="marketer@example.com",
        )


class PersonLinksMixin:
    """The person's own acts, over HTTP (an HttpCase): the links of the mails
    as they carry them when they leave for the contact's own address."""

    def confirm_link(self, partner, purpose):
        token = partner.sudo()._rgpd_consent_token(purpose, "confirm")
        return f"/rgpd/consent/{token}"

    def withdraw_link(self, partner, purpose):
        return partner.sudo()._rgpd_consent_url(purpose, "withdraw")

    def post(self, url, headers=None, **data):
        """POST a form of the page, with the visitor's CSRF token."""
        return self.url_open(
            url, data={"csrf_token": Request.csrf_token(self), **data}, headers=headers
        )


class RgpdConsentCase(TransactionCase):
    """Purposes and contacts shared by the ledger, access and wizard tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Purpose = cls.env["rgpd.purpose"]
        newsletter_vals = {
            "name": "Newsletter",
            "description": "<p>Our monthly newsletter, by mail.</p>",
            "lawful_basis": "consent",
            "double_optin": False,
            "consent_validity_months": 0,
            "reask_on_expiry": False,
            "active": True,
        }
        # The audience domain names the code "newsletter": reuse the demo's
        # purpose when there is one (the code is unique per company).
        candidates = Purpose.with_context(active_test=False).search(
            [("code", "=", "newsletter"), ("company_id", "in", [cls.env.company.id, False])]
        )
        cls.newsletter = candidates.sorted(lambda p: not p.company_id)[:1]
        if cls.newsletter:
            cls.newsletter.write(newsletter_vals)
        else:
            cls.newsletter = Purpose.create({**newsletter_vals, "code": "newsletter"})
        cls.events = Purpose.create(
            {
                "name": "Event Invitations",
                "code": "test_bo_events",
                "description": "<p>Invitations to our events.</p>",
            }
        )
        cls.yearly = Purpose.create(
            {
                "name": "Yearly Offers",
                "code": "test_bo_yearly",
                "consent_validity_months": 12,
            }
        )
        cls.yearly_reask = Purpose.create(
            {
                "name": "Yearly Offers, Asked Again",
                "code": "test_bo_yearly_reask",
                "consent_validity_months": 12,
                "reask_on_expiry": True,
            }
        )
        cls.analytics = Purpose.create(
            {
                "name": "Usage Analytics",
                "code": "test_bo_analytics",
                "lawful_basis": "legitimate_interest",
            }
        )
        cls.archived = Purpose.create(
            {
                "name": "Old Purpose",
                "code": "test_bo_archived",
                "active": False,
            }
        )
        Partner = cls.env["res.partner"]
        cls.alice, cls.bob, cls.carol, cls.dan = Partner.create(
            [
                {"name": "Alice Test", "email": "alice.test@example.com"},
                {"name": "Bob Test", "email": "bob.test@example.com"},
                {"name": "Carol Test", "email": "carol.test@example.com"},
                {"name": "Dan Test (no email)"},
            ]
        )

    def consent(self, partner, purpose):
        return self.env["rgpd.consent"].search(
            [("partner_id", "=", partner.id), ("purpose_id", "=", purpose.id)]
        )

    def last_event(self, consent):
        """The latest event recorded (the history is ordered by the date
        the change happened, which may be earlier for a paper form)."""
        return consent.event_ids.sorted("id")[-1:]

    def mails_to(self, partner):
        return self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )

    @contextmanager
    def assertNothingWritten(self, partners):
        """No consent, event or mail appears for `partners`."""
        Consent, Event = self.env["rgpd.consent"], self.env["rgpd.consent.event"]
        domain = [("partner_id", "in", partners.ids)]
        mail_domain = [("model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        before = (
            Consent.search(domain),
            Event.search(domain),
            self.env["mail.mail"].search(mail_domain),
        )
        yield
        self.env.invalidate_all()
        after = (
            Consent.search(domain),
            Event.search(domain),
            self.env["mail.mail"].search(mail_domain),
        )
        self.assertEqual(after, before, "nothing may be written")

    def run_cron(self, xmlid):
        """Run a scheduled action: the system's path, as the cron's own user."""
        cron = self.env.ref(xmlid)
        if isinstance(self, HttpCase):
            # An HttpCase is in test mode for its whole run already.
            cron.method_direct_trigger()
        else:
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
        self.env.invalidate_all()
