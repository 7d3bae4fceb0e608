# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may do what with a data-subject request (the table of README.rst),
each path taken as the role: a Privacy Officer who is not the superuser, a
Privacy User (who sells as well), a portal customer. Never the superuser."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import Request
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import HttpCaseWithUserPortal

from .common_dsar import RgpdDsarCase

# A value for each system field of a request, as an RPC caller would pass it.
SYSTEM_VALUES = {
    "state": "done",
    "identity_verified": True,
    "identity_user_id": 2,
    "identity_date": "2026-01-01 00:00:00",
    "date_deadline": "2099-12-31",
    "date_first_deadline": "2099-12-31",
    "extension_months": 2,
    "extension_reason": "Complex",
    "extension_date": "2026-01-02",
    "date_processed": "2026-01-01 00:00:00",
    "date_closed": "2026-01-01 00:00:00",
    "export_download_count": 3,
    "erasure_residue": "nothing",
    "erasure_scanned_values": 4,
    "erasure_kept": "nothing",
    "refusal_reason": "No",
    "cancel_reason": "Silenced",
    "intake_key": "x",
    "overdue_notified": True,
}


class RgpdRolesCase(RgpdDsarCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.privacy_user = new_test_user(
            cls.env,
            login="dsar_privacy_user",
            name="Pia Privacy User",
            email="pia@example.com",
            groups="base.group_user,sales_team.group_sale_salesman,rgpd_consent.group_rgpd_user",
        )
        cls.portal = new_test_user(
            cls.env,
            login="dsar_roles_portal",
            name="Paula Portal",
            email="paula.portal@example.com",
            groups="base.group_portal",
        )
        cls.other_file = cls.env["ir.attachment"].create(
            {"name": "payroll.pdf", "raw": b"%PDF secret payroll"}
        )

    def request_as(self, user, request_type="erasure", **values):
        return (
            self.env["rgpd.dsar.request"]
            .with_user(user)
            .create(
                {
                    "request_type": request_type,
                    "partner_id": self.alice.id,
                    "channel": "email",
                    **values,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestSystemFields(RgpdRolesCase):
    """The system fields of a request are set by its workflow only, on
    create as on write, whoever calls through RPC."""

    def test_create_refuses_each_system_field(self):
        values = {**SYSTEM_VALUES, "export_attachment_id": self.other_file.id}
        for user in (self.privacy_user, self.officer):
            for name, value in values.items():
                with self.subTest(user=user.login, field=name), self.assertRaises(UserError):
                    self.request_as(user, **{name: value})
        self.assertFalse(self.env["rgpd.dsar.request"].search([("partner_id", "=", self.alice.id)]))

    def test_write_refuses_each_system_field(self):
        request = self.request_as(self.privacy_user)
        values = {**SYSTEM_VALUES, "export_attachment_id": self.other_file.id}
        for user in (self.privacy_user, self.officer):
            for name, value in values.items():
                with self.subTest(user=user.login, field=name), self.assertRaises(UserError):
                    request.with_user(user).write({name: value})
        self.assertEqual((request.state, request.identity_verified), ("new", False))
        self.assertEqual(
            request.date_deadline, self.env.company._rgpd_legal_deadline(request.date_received)
        )

    def test_no_context_key_sets_a_system_field(self):
        request = (
            self.env["rgpd.dsar.request"]
            .with_user(self.privacy_user)
            .with_context(default_state="done", default_identity_verified=True)
            .create({"request_type": "access", "partner_id": self.alice.id})
        )
        self.assertEqual((request.state, request.identity_verified), ("new", False))

    def test_date_received_on_create_only_within_bounds(self):
        yesterday = self.days_ago(1)
        request = self.request_as(self.privacy_user, date_received=yesterday)
        self.assertEqual(request.date_received, yesterday)
        for day in (self.days_ago(-1), self.days_ago(400)):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                self.request_as(self.privacy_user, date_received=day)
        for user in (self.privacy_user, self.officer):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                request.with_user(user).date_received = self.days_ago(20)
        self.assertEqual(request.date_received, yesterday)

    def test_how_identity_was_checked_is_frozen_once_verified(self):
        request = self.request_as(self.officer, identity_method="document")
        request.with_user(self.officer).action_verify_identity()
        self.assertEqual(request.identity_user_id, self.officer)
        self.assertTrue(request.identity_date)
        with self.assertRaises(UserError):
            request.with_user(self.officer).identity_method = "other"
        self.assertEqual(request.identity_method, "document")

    def test_no_contact_is_created_restricted(self):
        Partner = self.env["res.partner"]
        for user in (self.privacy_user, self.officer):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                Partner.with_user(user).create({"name": "Rex", "rgpd_restricted": True})
        partner = (
            Partner.with_user(self.privacy_user)
            .with_context(default_rgpd_restricted=True)
            .create({"name": "Rex"})
        )
        self.assertFalse(partner.rgpd_restricted)

    def test_bad_values_give_clear_errors(self):
        for values in (
            {"lang": "xx_XX"},
            {"request_type": "everything"},
            {"channel": ["email"]},
            {"requester_name": ["Alice", "Bob"]},
            {"date_received": "2026-02-30"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.request_as(self.privacy_user, **values)
        request = self.request_as(self.privacy_user)
        with self.assertRaises(ValidationError):
            request.with_user(self.privacy_user).lang = "xx_XX"


@tagged("post_install", "-at_install")
class TestWorkflowRoles(RgpdRolesCase):
    """Each step of the workflow as the role that may, or may not, take it."""

    def test_privacy_user_files_and_asks_for_identity_only(self):
        request = self.request_as(self.privacy_user, identity_method="document")
        as_user = request.with_user(self.privacy_user)
        as_user.action_ask_identity()
        self.assertEqual(request.state, "identity_check")
        for step in (
            as_user.action_verify_identity,
            as_user.action_extend,
            as_user.action_refuse,
            as_user.action_cancel,
            lambda: as_user._rgpd_extend(1, "Complex"),
            lambda: as_user._rgpd_refuse("No"),
            lambda: as_user._rgpd_cancel("Silenced"),
        ):
            with self.subTest(step=step), self.assertRaises(AccessError):
                step()
        self.verified(request.with_user(self.officer))
        for step in (
            as_user.action_erase,
            as_user.action_generate_export,
            as_user.action_restrict,
            as_user.action_object,
            as_user.action_rectify,
            as_user.action_done,
        ):
            with self.subTest(step=step), self.assertRaises(AccessError):
                step()
        self.assertEqual((request.state, request.extension_months), ("in_progress", 0))
        self.assertFalse(self.alice.rgpd_anonymized)

    def test_portal_customer_takes_no_step(self):
        request = self.request_as(self.officer)
        as_portal = request.with_user(self.portal)
        for step in (as_portal.action_ask_identity, as_portal.action_start):
            with self.subTest(step=step), self.assertRaises(AccessError):
                step()

    def test_cancel_is_the_officers_with_a_reason_told_to_the_person(self):
        request = self.request_as(self.privacy_user)
        action = request.with_user(self.officer).action_cancel()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({"reason": "You withdrew it by phone on Monday"})
        )
        with self.assertRaises(UserError):
            request.with_user(self.officer)._rgpd_cancel(" ")
        wizard.action_confirm()
        self.assertEqual(request.state, "cancelled")
        mail = self.last_mail(request)
        self.assertEqual(mail.partner_ids, self.alice)
        self.assertIn("You withdrew it by phone on Monday", mail.body)

    def test_officer_erases_a_person_with_consent_history(self):
        purpose = self.env["rgpd.purpose"].create({"name": "Roles News", "code": "roles_news"})
        # Setup data, not a user's path: a consent given from the portal,
        # with its IP address and browser in the ledger.
        self.alice._rgpd_apply(
            purpose, "given", "portal", ip_address="203.0.113.9", user_agent="Firefox/140"
        )
        events = self.alice.rgpd_consent_ids.event_ids
        self.assertEqual(events.mapped("ip_address"), ["203.0.113.9"])
        request = self.verified(self.request_as(self.privacy_user).with_user(self.officer))
        request.action_erase()
        self.assertTrue(self.alice.rgpd_anonymized)
        self.assertTrue(request.date_processed)
        self.assertEqual(request.erasure_log_ids.user_id, self.officer)
        self.assertEqual(events.mapped("ip_address"), [False], "the ledger's proof is scrubbed")
        self.assertEqual(events.mapped("user_agent"), [False])
        request.action_done()
        self.assertEqual(request.state, "done")

    def test_rectification_refuses_a_huge_name(self):
        request = self.verified(self.request_as(self.officer, request_type="rectification"))
        Wizard = self.env["rgpd.dsar.rectify.wizard"].with_user(self.officer)
        with self.assertRaises(ValidationError):
            Wizard.create({"request_id": request.id, "name": "A" * (5 * 1024 * 1024)})
        self.assertEqual(self.alice.name, "Alice Dsar")


@tagged("post_install", "-at_install")
class TestExportIsThePersonsAlone(HttpCaseWithUserPortal):
    """The export file: the Officer and the person only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="dsar_http_officer",
            groups="base.group_user,base.group_partner_manager,rgpd_consent.group_rgpd_officer",
        )
        cls.privacy_user = new_test_user(
            cls.env,
            login="dsar_http_privacy_user",
            groups="base.group_user,sales_team.group_sale_salesman,rgpd_consent.group_rgpd_user",
        )
        cls.other_file = cls.env["ir.attachment"].create(
            {
                "name": "payroll.pdf",
                "raw": b"%PDF secret payroll",
                "res_model": "res.partner",
                "res_id": cls.partner_portal.id,
            }
        )

    def answered_export(self):
        request = (
            self.env["rgpd.dsar.request"]
            .with_user(self.officer)
            .create(
                {
                    "request_type": "access",
                    "partner_id": self.partner_portal.id,
                    "identity_method": "account",
                }
            )
        )
        request.action_verify_identity()
        request._rgpd_store_export(b"PK the person's export", "export.zip")
        request.action_done()
        return request

    def test_privacy_user_cannot_forge_an_answered_request(self):
        with self.assertRaises(UserError):
            self.env["rgpd.dsar.request"].with_user(self.privacy_user).create(
                {
                    "request_type": "access",
                    "partner_id": self.partner_portal.id,
                    "state": "done",
                    "export_attachment_id": self.other_file.id,
                }
            )

    def test_the_portal_route_serves_the_requests_own_export_only(self):
        request = self.answered_export()
        self.authenticate(self.user_portal.login, self.user_portal.login)
        url = f"/my/privacy/requests/{request.id}/export"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"PK the person's export")
        # Whatever the field comes to point to, the route serves only the
        # file the export made (the superuser stands for a forged write).
        request.sudo().export_attachment_id = self.other_file
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"payroll", response.content)

    def test_the_signed_link_serves_the_requests_own_export_only(self):
        request = self.answered_export()
        self.authenticate(None, None)
        # Even a link the server signed for the field's new value (the
        # superuser stands for a forged write) serves nothing.
        request.sudo().export_attachment_id = self.other_file
        url = f"/rgpd/export/{request._rgpd_export_token()}"
        for response in (
            self.url_open(url),
            self.url_open(url, data={"csrf_token": Request.csrf_token(self)}),
        ):
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(b"payroll", response.content)

    def test_export_files_are_not_for_every_privacy_user(self):
        request = self.answered_export()
        attachment = request.export_attachment_id
        self.authenticate(self.privacy_user.login, self.privacy_user.login)
        with mute_logger("odoo.http"):
            response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"the person's export", response.content)
        self.authenticate(self.officer.login, self.officer.login)
        response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"PK the person's export")
