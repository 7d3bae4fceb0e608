# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.base.tests.common import HttpCaseWithUserPortal

from ..controllers.main import LIMIT_PER_IP
from .common import IDENTITY


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCaseWithUserPortal):
    def test_customer_files_an_access_request_and_downloads_the_export(self):
        """In a browser: the customer files the request; the Officer verifies
        it and answers with the export; the customer downloads it."""
        self.start_tour("/my/privacy", "rgpd_dsar_portal_request", login=self.user_portal.login)
        request = self.env["rgpd.dsar.request"].search(
            [("partner_id", "=", self.partner_portal.id)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(
            (request.request_type, request.channel, request.identity_verified),
            ("access", "portal", True),
        )
        self.assertEqual(request.description, "I want a copy of all my data")

        officer = new_test_user(
            self.env,
            login="dsar_tour_officer",
            groups="base.group_user,rgpd_consent.group_rgpd_officer",
        )
        request = request.with_user(officer)
        request.action_start()
        request.action_generate_export()
        request.action_done()

        self.start_tour("/my/privacy", "rgpd_dsar_portal_download", login=self.user_portal.login)
        self.assertEqual(request.export_download_count, 1)


@tagged("post_install", "-at_install")
class TestBackendTour(HttpCaseWithUserPortal):
    def test_request_kanban_and_overdue_filter(self):
        """The Officer's kanban shows the days left and finds the overdue requests."""
        partner = self.env["res.partner"].create(
            {"name": "Tour Overdue", "email": "to@example.com"}
        )
        request = self.env["rgpd.dsar.request"].create(
            {
                "partner_id": partner.id,
                "request_type": "access",
                "date_received": "2020-01-15",
                "state": "in_progress",
            }
        )
        self.assertTrue(request.is_overdue)
        self.start_tour(
            "/odoo/action-rgpd_dsar.rgpd_dsar_request_action",
            "rgpd_dsar_backend_kanban",
            login="admin",
        )


@tagged("post_install", "-at_install")
class TestOfficerErasureTour(HttpCaseWithUserPortal):
    def test_officer_carries_an_erasure_from_new_to_done(self):
        """In a browser, the Officer with her own account (not the
        superuser) erases a person who has a consent history."""
        officer = new_test_user(
            self.env,
            login="dsar_tour_erasure_officer",
            name="Odile Officer",
            email="odile.officer@example.com",
            groups="base.group_user,base.group_partner_manager,rgpd_consent.group_rgpd_officer",
        )
        self.assertFalse(officer._is_superuser() or officer._is_admin())
        person = self.env["res.partner"].create(
            {"name": "Erin Erasure", "email": "erin.erasure@example.com", "phone": "0611223399"}
        )
        purpose = self.env["rgpd.purpose"].create({"name": "Tour Letters", "code": "tour_letters"})
        # Setting the scene: a consent the person gave from the portal, with
        # its IP address and browser in the ledger.
        person._rgpd_apply(
            purpose, "given", "portal", ip_address="198.51.100.7", user_agent="Firefox/140"
        )
        events = person.rgpd_consent_ids.event_ids
        request = (
            self.env["rgpd.dsar.request"]
            .with_user(officer)
            .create({"partner_id": person.id, "request_type": "erasure", "channel": "email"})
        )
        self.start_tour(
            f"/odoo/action-rgpd_dsar.rgpd_dsar_request_action/{request.id}",
            "rgpd_dsar_officer_erasure",
            login=officer.login,
        )
        self.assertEqual(request.state, "done")
        self.assertEqual(request.identity_method, "document")
        self.assertTrue(person.rgpd_anonymized)
        self.assertNotIn("Erin", person.name)
        self.assertEqual(request.erasure_log_ids.user_id, officer)
        self.assertEqual(events.mapped("ip_address"), [False])


@tagged("post_install", "-at_install")
class TestOfficerFrenchTour(HttpCaseWithUserPortal):
    def test_officer_day_in_french(self):
        """In a browser, in French, the Officer with her own account carries
        an access request and an erasure request from New to Done (identity
        verified on the phone, export downloaded, certificate printed, the
        person told), extends one, and reads the dashboard's figures."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "rgpd_consent", "rgpd_retention", "rgpd_dsar"],
            ["fr_FR"],
            overwrite=True,
        )
        self.env.company.partner_id.lang = "fr_FR"
        officer = new_test_user(
            self.env,
            login="dsar_tour_fr_officer",
            name="Odile Officier",
            email="odile.officier@example.com",
            lang="fr_FR",
            groups="base.group_user,base.group_partner_manager,rgpd_consent.group_rgpd_officer",
        )
        self.assertFalse(officer._is_superuser() or officer._is_admin())
        Partner = self.env["res.partner"]
        anne, bruno, victor = Partner.create(
            [
                {"name": "Anne Accès", "email": "anne@example.fr", "lang": "fr_FR"},
                {
                    "name": "Bruno Effacé",
                    "email": "bruno@example.fr",
                    "phone": "+33 6 98 76 54 32",
                    "lang": "fr_FR",
                },
                {"name": "Victor Retard", "email": "victor@example.fr", "lang": "fr_FR"},
            ]
        )
        Request = self.env["rgpd.dsar.request"].with_user(officer).with_context(lang="fr_FR")
        access, erasure = Request.create(
            [
                {"partner_id": anne.id, "request_type": "access", "channel": "phone"},
                {"partner_id": bruno.id, "request_type": "erasure", "channel": "phone"},
            ]
        )
        # A consent given this year, for the dashboard's chart.
        purpose = self.env["rgpd.purpose"].create({"name": "Lettre", "code": "tour_fr_lettre"})
        anne.rgpd_give_consent(purpose.code, "back_office")
        # A request received long ago, for the dashboard's overdue figure.
        self.env["rgpd.dsar.request"].create(
            {"partner_id": victor.id, "request_type": "access", "date_received": "2020-01-15"}
        )
        action = "/odoo/action-rgpd_dsar.rgpd_dsar_request_action"
        self.start_tour(f"{action}/{access.id}", "rgpd_dsar_officer_fr_access", login=officer.login)
        self.assertEqual(
            (
                access.state,
                access.identity_method,
                access.identity_user_id,
                access.extension_months,
            ),
            ("done", "known_contact", officer, 1),
        )
        self.assertTrue(access.export_attachment_id)

        sent = []
        mail_model = type(self.env["mail.mail"])
        original = mail_model._rgpd_send_without_copy

        def spy(model, email_to, subject, body, email_from=False):
            sent.append(email_to)
            return original(model, email_to, subject, body, email_from=email_from)

        self.patch(mail_model, "_rgpd_send_without_copy", spy)
        self.start_tour(
            f"{action}/{erasure.id}", "rgpd_dsar_officer_fr_erasure", login=officer.login
        )
        self.assertEqual(erasure.state, "done")
        self.assertTrue(bruno.rgpd_anonymized)
        self.assertEqual(len(sent), 1, "the person is told")
        self.assertIn("bruno@example.fr", sent[0])
        self.assertFalse(erasure.sudo().erasure_answer_email, "then the address is not kept")

        self.start_tour(
            "/odoo/action-rgpd_dsar.rgpd_dashboard_action",
            "rgpd_dsar_officer_fr_dashboard",
            login=officer.login,
        )


@tagged("post_install", "-at_install")
class TestPublicRequestTour(HttpCase):
    """The visitor of /rgpd/request, in a browser, signed in as no one."""

    def _others_of_the_network(self, count):
        """`count` other people of the visitor's network file a request (the
        browser and these posts leave from one address, 127.0.0.1)."""
        self.authenticate(None, None)
        for n in range(count):
            response = self.url_open(
                "/rgpd/request",
                data={
                    "csrf_token": Request.csrf_token(self),
                    "name": f"Colleague {n}",
                    "email": f"colleague{n}@example.com",
                    "request_type": "erasure",
                },
            )
            self.assertEqual(response.status_code, 200, n)

    def test_visitor_from_a_shared_ip_after_ten_others_gets_through(self):
        self._others_of_the_network(10)
        self.start_tour("/rgpd/request", "rgpd_dsar_public_request_shared_ip")
        [pending] = self.env["rgpd.dsar.intake"].search([("email", "=", "lea.visitor@example.com")])
        self.assertEqual((pending.name, pending.request_type), ("Léa Visitor", "access"))
        mail = self.env["mail.mail"].search([("email_to", "ilike", "lea.visitor@example.com")])
        self.assertEqual(len(mail), 1, "the confirmation link is on its way")

    def test_visitor_past_the_network_limit_is_told_when_and_where(self):
        self.env.company.write(IDENTITY)
        self._others_of_the_network(LIMIT_PER_IP[0])
        self.start_tour("/rgpd/request", "rgpd_dsar_public_request_limited")
        self.assertFalse(
            self.env["rgpd.dsar.intake"].search([("email", "=", "late.visitor@example.com")])
        )


@tagged("post_install", "-at_install")
class TestPortalConversationTour(HttpCaseWithUserPortal):
    def test_customer_reads_the_answer_and_writes_back(self):
        """In a browser: the request's page shows our acknowledgement in its
        conversation, and the customer's reply reaches the request."""
        self.authenticate(self.user_portal.login, self.user_portal.login)
        self.url_open(
            "/my/privacy/requests/new",
            data={"csrf_token": Request.csrf_token(self), "request_type": "access"},
        )
        request = self.env["rgpd.dsar.request"].search(
            [("partner_id", "=", self.partner_portal.id)]
        )
        self.start_tour(
            "/my/privacy", "rgpd_dsar_portal_conversation", login=self.user_portal.login
        )
        reply = request.message_ids.filtered(lambda m: "invoices too" in str(m.body))
        self.assertEqual(reply.author_id, self.partner_portal)
        self.assertEqual(reply.message_type, "comment")
