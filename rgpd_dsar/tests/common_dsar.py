# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class RgpdDsarCase(TransactionCase):
    """An Officer, a sales user, contacts, and a way to make requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.fr")
        cls.officer = new_test_user(
            cls.env,
            login="dsar_officer",
            name="Olivia Officer",
            email="olivia.officer@example.com",
            groups="base.group_user,base.group_partner_manager,rgpd_consent.group_rgpd_officer",
        )
        cls.seller = new_test_user(
            cls.env,
            login="dsar_seller",
            name="Sam Seller",
            groups="base.group_user,rgpd_consent.group_rgpd_user",
        )
        Partner = cls.env["res.partner"]
        cls.alice, cls.bob = Partner.create(
            [
                {
                    "name": "Alice Dsar",
                    "email": "alice.dsar@example.com",
                    "phone": "+33 6 11 22 33 44",
                },
                {"name": "Bob Dsar", "email": "bob.dsar@example.com", "lang": "en_US"},
            ]
        )
        cls.Request = cls.env["rgpd.dsar.request"].with_user(cls.officer)

    def make_request(self, request_type="access", partner=None, **values):
        partner = self.alice if partner is None else partner
        return self.Request.create(
            {
                "request_type": request_type,
                "partner_id": partner.id,
                "channel": "email",
                **values,
            }
        )

    def verified(self, request):
        request.identity_method = "known_contact"
        request.action_verify_identity()
        return request

    def days_ago(self, days):
        return fields.Date.context_today(self.env.user) - datetime.timedelta(days=days)

    def last_mail(self, request):
        return request.message_ids.filtered(lambda m: m.message_type == "comment" and m.subject)[:1]

    def run_cron(self, xmlid):
        cron = self.env.ref(xmlid)
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
