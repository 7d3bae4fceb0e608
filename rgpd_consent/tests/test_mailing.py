# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

BODY = '<p>Hello, our news.</p><p><a href="/unsubscribe_from_list">Unsubscribe</a></p>'


@tagged("post_install", "-at_install")
class TestPurposeMailing(HttpCase):
    """A mailing tied to a purpose reaches exactly the recipients the
    purpose may mail, and Odoo's unsubscribe page withdraws."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Purpose = cls.env["rgpd.purpose"]
        cls.purpose = Purpose.create(
            {
                "name": "Mailing Test Letter",
                "code": "test_mailing_letter",
                "description": "<p>Our letter.</p>",
                "company_id": False,
            }
        )
        cls.contract = Purpose.create(
            {
                "name": "Mailing Test Invoices",
                "code": "test_mailing_invoices",
                "lawful_basis": "contract",
                "company_id": False,
            }
        )
        Partner = cls.env["res.partner"]
        (
            cls.given,
            cls.withdrawn,
            cls.no_consent,
            cls.expired,
            cls.twin_given,
            cls.twin_withdrawn,
        ) = Partner.create(
            [
                {"name": "Given", "email": "given@example.com"},
                {"name": "Withdrawn", "email": "withdrawn@example.com"},
                {"name": "No Consent", "email": "noconsent@example.com"},
                {"name": "Expired", "email": "expired@example.com"},
                {"name": "Twin A", "email": "twin@example.com"},
                {"name": "Twin B", "email": "Twin <TWIN@example.com>"},
            ]
        )
        code = cls.purpose.code
        (cls.given | cls.twin_given).rgpd_give_consent(code, "back_office")
        (cls.withdrawn | cls.twin_withdrawn).rgpd_withdraw_consent(code, "back_office")
        cls.expired.rgpd_give_consent(
            code, "back_office", date=fields.Datetime.now() - timedelta(days=800)
        )
        cls.expired._rgpd_consents(cls.purpose)._rgpd_record("expired", False)
        emails = [
            "given@example.com",
            "withdrawn@example.com",
            "noconsent@example.com",
            "expired@example.com",
            "twin@example.com",
            "stranger@example.com",
        ]
        cls.mailing_list = cls.env["mailing.list"].create(
            {
                "name": "Purpose test list",
                "contact_ids": [
                    Command.create({"name": email.split("@")[0], "email": email})
                    for email in emails
                ],
            }
        )
        cls.contact_of = {c.email: c for c in cls.mailing_list.contact_ids}
        cls.marketing = new_test_user(
            cls.env,
            "rgpd_mailing_user",
            groups="mass_mailing.group_mass_mailing_user,sales_team.group_sale_salesman_all_leads",
        )

    def mailing(self, **values):
        return (
            self.env["mailing.mailing"]
            .with_user(self.marketing)
            .create(
                {
                    "subject": "Purpose mailing",
                    "body_html": BODY,
                    "mailing_model_id": self.env["ir.model"]._get_id("mailing.list"),
                    "contact_list_ids": [Command.set(self.mailing_list.ids)],
                    "rgpd_purpose_id": self.purpose.id,
                    "keep_archives": True,
                    **values,
                }
            )
        )

    def test_form_shows_who_is_left_out_and_why(self):
        mailing = self.mailing()
        self.assertEqual(mailing.rgpd_excluded_count, 5)
        for line in (
            "2: Consent withdrawn",
            "1: No consent given",
            "1: Consent expired",
            "1: No contact with this email",
        ):
            self.assertIn(line, mailing.rgpd_exclusion_summary)
        # "See who": who, and why, one line per recipient left out.
        action = mailing.action_rgpd_view_excluded()
        lines = self.env[action["res_model"]].with_user(self.marketing).search(action["domain"])
        self.assertEqual(
            {(line.email, line.reason) for line in lines},
            {
                ("withdrawn@example.com", "withdrawn"),
                ("twin@example.com", "withdrawn"),
                ("noconsent@example.com", "no_consent"),
                ("expired@example.com", "expired"),
                ("stranger@example.com", "no_contact"),
            },
        )
        self.assertEqual(
            lines.mapped("res_id"),
            [self.contact_of[line.email].id for line in lines],
        )
        withdrawn = lines.filtered(lambda line: line.email == "withdrawn@example.com")
        self.assertEqual(withdrawn.record_name, "withdrawn")
        self.assertEqual(
            dict(withdrawn._fields["reason"]._description_selection(withdrawn.env))["withdrawn"],
            "Consent withdrawn",
        )
        # Asked again, the list is made anew; another user does not see it.
        mailing.action_rgpd_view_excluded()
        self.assertFalse(lines.exists())
        other = new_test_user(
            self.env, "rgpd_mailing_other", groups="mass_mailing.group_mass_mailing_user"
        )
        self.assertFalse(self.env[action["res_model"]].with_user(other).search(action["domain"]))
        no_purpose = self.mailing(rgpd_purpose_id=False)
        self.assertEqual(no_purpose.rgpd_excluded_count, 0)

    def test_purpose_mailing_reaches_exactly_the_consented(self):
        mailing = self.mailing()
        mailing.action_send_mail()
        traces = mailing.mailing_trace_ids
        self.assertEqual(len(traces), 1, "only the consented recipient is mailed")
        self.assertEqual(traces.res_id, self.contact_of["given@example.com"].id)
        mail = traces.mail_mail_id
        self.assertEqual(mail.rgpd_purpose_id, self.purpose)
        # The withdrawal link and the RFC 8058 headers, added when it leaves.
        [email] = mail._prepare_outgoing_list()
        self.assertIn("/rgpd/withdraw/", email["headers"]["List-Unsubscribe"])
        self.assertEqual(email["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn("o_rgpd_withdraw_footer", email["body"])
        token = email["headers"]["List-Unsubscribe"].split("/rgpd/withdraw/")[1].rstrip(">")
        partner, purpose = self.env["res.partner"]._rgpd_from_token(token, "withdraw")
        self.assertEqual((partner, purpose), (self.given, self.purpose))

    def test_same_mailing_without_purpose_reaches_everyone(self):
        mailing = self.mailing(rgpd_purpose_id=False)
        mailing.action_send_mail()
        self.assertEqual(len(mailing.mailing_trace_ids), 6)

    def test_explicit_recipients_pass_the_same_rule(self):
        mailing = self.mailing()
        contacts = self.mailing_list.contact_ids
        mailing.action_send_mail(res_ids=contacts.ids)
        self.assertEqual(mailing.mailing_trace_ids.res_id, self.contact_of["given@example.com"].id)
        other = self.mailing()
        with self.assertRaisesRegex(UserError, "None of these recipients"):
            other.action_send_mail(res_ids=self.contact_of["stranger@example.com"].ids)

    def test_leads_count_through_their_contact(self):
        Lead = self.env["crm.lead"]
        leads = Lead.create(
            [
                {"name": "Lead of given", "email_from": "given@example.com"},
                {"name": "Lead of withdrawn", "email_from": "withdrawn@example.com"},
                {"name": "Lead of nobody", "email_from": "nobody.lead@example.com"},
            ]
        )
        mailing = self.mailing(
            mailing_model_id=self.env["ir.model"]._get_id("crm.lead"),
            contact_list_ids=False,
            mailing_domain=str([("id", "in", leads.ids)]),
        )
        _allowed, excluded = mailing._rgpd_split_records(leads.ids)
        self.assertEqual(excluded, {"withdrawn": {leads[1].id}, "no_contact": {leads[2].id}})
        mailing.action_send_mail()
        self.assertEqual(mailing.mailing_trace_ids.res_id, leads[0].id)

    def test_contacts_mailing(self):
        partners = self.given | self.withdrawn | self.no_consent
        mailing = self.mailing(
            mailing_model_id=self.env["ir.model"]._get_id("res.partner"),
            contact_list_ids=False,
            mailing_domain=str([("id", "in", partners.ids)]),
        )
        self.assertEqual(mailing.rgpd_excluded_count, 2)
        mailing.action_send_mail()
        self.assertEqual(mailing.mailing_trace_ids.res_id, self.given.id)

    def test_archived_or_contract_purpose_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "not for marketing"):
            self.mailing(rgpd_purpose_id=self.contract.id)
        mailing = self.mailing()
        archived = self.env["rgpd.purpose"].create(
            {"name": "Old letter", "code": "test_mailing_old", "company_id": False}
        )
        archived.active = False
        with self.assertRaisesRegex(ValidationError, "archived"):
            mailing.rgpd_purpose_id = archived
        # A purpose archived after the mailing was prepared stops the sending.
        self.purpose.active = False
        with self.assertRaisesRegex(ValidationError, "archived"):
            mailing.action_send_mail()
        self.assertFalse(mailing.mailing_trace_ids)

    def _unsubscribe_params(self, mailing, contact, email=None):
        email = email or contact.email_normalized
        token = mailing._generate_mailing_recipient_token(contact.id, email)
        return {"document_id": contact.id, "email": email, "hash_token": token}

    @mute_logger("odoo.http")
    def test_odoo_unsubscribe_page_records_a_withdrawal(self):
        mailing = self.mailing()
        contact = self.contact_of["given@example.com"]
        params = self._unsubscribe_params(mailing, contact)
        self.authenticate(None, None)
        # A GET (a mail scanner opening the link) only shows Odoo's
        # confirmation page: no withdrawal, no opt-out.
        query = "&".join(f"{key}={value}" for key, value in params.items())
        page = self.url_open(f"/mailing/{mailing.id}/unsubscribe?{query}")
        self.assertEqual(page.status_code, 200)
        consent = self.given._rgpd_consents(self.purpose)
        self.assertEqual((consent.state, len(consent.event_ids)), ("given", 1))
        self.assertFalse(contact.subscription_ids.filtered("opt_out"))
        self.assertIn('action="/mailing/confirm_unsubscribe"', page.text)
        # The page's button posts: now the person withdraws.
        response = self.url_open(
            "/mailing/confirm_unsubscribe",
            data={"mailing_id": mailing.id, "csrf_token": Request.csrf_token(self), **params},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(consent.state, "withdrawn")
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual(
            (event.old_state, event.new_state, event.channel), ("given", "withdrawn", "email")
        )
        self.assertEqual(event.ip_address, "127.0.0.1")
        self.assertTrue(event.user_agent)
        self.assertIn("Purpose mailing", event.note)
        # A forged token changes nothing, on either method.
        self.twin_given.email = "twin.alone@example.com"
        forged = {**params, "email": "twin.alone@example.com"}
        query = "&".join(f"{key}={value}" for key, value in forged.items())
        self.assertEqual(
            self.url_open(f"/mailing/{mailing.id}/unsubscribe?{query}").status_code, 401
        )
        bad = self.url_open(
            "/mailing/confirm_unsubscribe",
            data={"mailing_id": mailing.id, "csrf_token": Request.csrf_token(self), **forged},
        )
        self.assertEqual(bad.status_code, 401)
        self.assertEqual(self.twin_given._rgpd_consents(self.purpose).state, "given")

    def test_one_click_unsubscribe_still_withdraws(self):
        """RFC 8058: the mail client posts, with no session and no CSRF token."""
        mailing = self.mailing()
        contact = self.contact_of["given@example.com"]
        params = self._unsubscribe_params(mailing, contact)
        self.authenticate(None, None)
        query = "&".join(f"{key}={value}" for key, value in params.items())
        response = self.url_open(
            f"/mailing/{mailing.id}/unsubscribe_oneclick?{query}",
            data={"List-Unsubscribe": "One-Click"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.given._rgpd_consents(self.purpose).state, "withdrawn")
        self.assertTrue(contact.subscription_ids.filtered("opt_out"))

    def test_blocklist_from_the_page_records_a_withdrawal(self):
        mailing = self.mailing()
        self.authenticate(None, None)
        token = mailing._generate_mailing_recipient_token(self.given.id, "given@example.com")
        result = self.make_jsonrpc_request(
            "/mailing/blocklist/add",
            {
                "mailing_id": mailing.id,
                "document_id": self.given.id,
                "email": "given@example.com",
                "hash_token": token,
            },
        )
        self.assertTrue(result)
        self.assertEqual(self.given._rgpd_consents(self.purpose).state, "withdrawn")

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_bad_input_on_the_unsubscribe_routes(self):
        """As nobody logged in: malformed values get a 4xx answer (or the
        JSON route's "error"), never a server error, and withdraw nothing."""
        mailing = self.mailing()
        contact = self.contact_of["given@example.com"]
        params = self._unsubscribe_params(mailing, contact)
        self.authenticate(None, None)
        csrf = Request.csrf_token(self)
        big = "a" * 5_000_000
        for label, data in {
            "mailing id not a number": {**params, "mailing_id": "abc"},
            "mailing id too large": {**params, "mailing_id": "9" * 30},
            "no mailing id": params,
            "NUL in the email": {**params, "mailing_id": mailing.id, "email": "given\x00@a.b"},
            "5 MB email": {**params, "mailing_id": mailing.id, "email": big},
            "document id not a number": {**params, "mailing_id": mailing.id, "document_id": "x"},
        }.items():
            with self.subTest(route="confirm_unsubscribe", case=label):
                response = self.url_open(
                    "/mailing/confirm_unsubscribe", data={"csrf_token": csrf, **data}, timeout=60
                )
                self.assertGreaterEqual(response.status_code, 400)
                self.assertLess(response.status_code, 500)
                self.assertNotIn("Traceback", response.text)
        for label, query in {
            "document id not a number": {**params, "document_id": "x"},
            "NUL in the email": {**params, "email": "given\x00@a.b"},
            "no token": {"email": "given@example.com", "document_id": contact.id},
        }.items():
            for path in ("unsubscribe", "confirm_unsubscribe", "unsubscribe_oneclick"):
                with self.subTest(route=path, case=label):
                    url = f"/mailing/{mailing.id}/{path}"
                    if path == "unsubscribe_oneclick":
                        response = self.url_open(
                            url, data={**query, "List-Unsubscribe": "One-Click"}
                        )
                    else:
                        response = self.opener.get(self.base_url() + url, params=query)
                    self.assertGreaterEqual(response.status_code, 400)
                    self.assertLess(response.status_code, 500)
        for label, args in {
            "mailing id as a list": {**params, "mailing_id": [mailing.id]},
            "mailing id as an object": {**params, "mailing_id": {"id": mailing.id}},
            "mailing id as text": {**params, "mailing_id": "abc"},
            "email as a list": {**params, "mailing_id": mailing.id, "email": ["given@example.com"]},
            "document id as an object": {**params, "mailing_id": mailing.id, "document_id": {}},
            "token as a list": {**params, "mailing_id": mailing.id, "hash_token": [1]},
        }.items():
            with self.subTest(route="blocklist/add", case=label):
                self.assertIn(
                    self.make_jsonrpc_request("/mailing/blocklist/add", args),
                    ("error", "unauthorized"),
                )
        self.env.invalidate_all()
        self.assertEqual(self.given._rgpd_consents(self.purpose).state, "given")
        self.assertFalse(self.env["mail.blacklist"].search([("email", "=", "given@example.com")]))
