# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextlib
import datetime
import re

from odoo.http import Request
from odoo.tests import new_test_user, tagged
from odoo.tools import hash_sign, mute_logger

from odoo.addons.base.tests.common import HttpCaseWithUserPortal

from .common import IDENTITY


class DsarHttpCase(HttpCaseWithUserPortal):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_user = new_test_user(
            cls.env,
            "dsar_portal_other",
            groups="base.group_portal",
            name="Other Customer",
            email="other.dsar@example.com",
        )
        cls.Request = cls.env["rgpd.dsar.request"]

    def _post(self, url, **data):
        return self.url_open(url, data={"csrf_token": Request.csrf_token(self), **data})

    def answered_with_export(self, partner):
        """A request of `partner` answered with an export (a stand-in file)."""
        request = self.Request.create(
            {"request_type": "access", "partner_id": partner.id, "channel": "portal"}
        )
        # The workflow's own writes: the steps are tested in test_request.
        request._rgpd_store_export(b"PK export of " + partner.name.encode(), f"{request.name}.zip")
        request._rgpd_write({"state": "done", "identity_verified": True})
        return request


@tagged("post_install", "-at_install")
class TestPortalRequests(DsarHttpCase):
    """/my/privacy: a customer files and follows their own requests only."""

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_portal.login, self.user_portal.login)

    def test_file_a_request_from_the_portal(self):
        html = self.url_open("/my/privacy").text
        self.assertIn("Make a request", html)
        response = self._post(
            "/my/privacy/requests/new", request_type="access", description="All my data"
        )
        self.assertEqual(response.status_code, 200)
        request = self.Request.search([("partner_id", "=", self.partner_portal.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(
            (request.channel, request.identity_verified, request.identity_method),
            ("portal", True, "account"),
        )
        self.assertEqual(request.description, "All my data")
        self.assertIn(f"/my/privacy/requests/{request.id}", response.url)
        self.assertIn(request.name, response.text)
        self.assertIn("Your request is registered", response.text)
        self.assertIn(request.name, self.url_open("/my/privacy").text)

    def test_request_page_holds_the_answer_and_the_conversation(self):
        """As on /my/orders: the customer reads our answers on the request's
        page and writes back in its chatter; internal notes stay internal."""
        officer = new_test_user(
            self.env,
            login="dsar_portal_officer",
            groups="base.group_user,rgpd_consent.group_rgpd_officer",
        )
        self._post("/my/privacy/requests/new", request_type="access", description="All my data")
        request = self.Request.search([("partner_id", "=", self.partner_portal.id)])
        as_officer = request.with_user(officer)
        as_officer.message_post(
            body="We found your data in our CRM.",
            partner_ids=self.partner_portal.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        as_officer.message_post(
            body="Internal: check the old invoices too.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        html = self.url_open(f"/my/privacy/requests/{request.id}").text
        self.assertIn("Communication history", html)
        pid = int(re.search(r'data-pid="(\d+)"', html).group(1))
        signature = re.search(r'data-hash="(\w+)"', html).group(1)
        self.assertEqual(pid, self.partner_portal.id)
        self.assertNotIn('data-token="', html.split('id="discussion"')[1].split(">")[0])
        access = {"thread_model": request._name, "thread_id": request.id}
        result = self.make_jsonrpc_request(
            "/mail/thread/messages", {**access, "hash": signature, "pid": pid}
        )
        bodies = str(result["data"].get("mail.message"))
        self.assertIn("We found your data in our CRM.", bodies)
        self.assertNotIn("old invoices", bodies)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                **access,
                "hash": signature,
                "pid": pid,
                "post_data": {"body": "Thank you, please also look at my quotes."},
            },
        )
        reply = request.message_ids.filtered(lambda m: "my quotes" in str(m.body))
        self.assertEqual(reply.author_id, self.partner_portal)
        # Another customer reads nothing of it, neither with a guessed key
        # nor with this customer's, and cannot write in it.
        self.authenticate(self.other_user.login, self.other_user.login)
        other = self.other_user.partner_id.id
        for label, keys in (
            ("no key", {}),
            ("guessed", {"hash": "0" * 64, "pid": other}),
            ("the owner's key as another", {"hash": signature, "pid": other}),
        ):
            with self.subTest(label), mute_logger("odoo.http"):
                try:
                    answer = str(
                        self.make_jsonrpc_request("/mail/thread/messages", {**access, **keys})
                    )
                except Exception as error:  # noqa: BLE001 - refused is what we want
                    answer = str(error)
                self.assertNotIn("We found your data", answer)
                with contextlib.suppress(Exception):
                    self.make_jsonrpc_request(
                        "/mail/message/post",
                        {**access, **keys, "post_data": {"body": "Intruder"}},
                    )
        self.assertFalse(request.message_ids.filtered(lambda m: "Intruder" in str(m.body)))

    def test_bad_type_is_refused_without_a_request(self):
        response = self._post("/my/privacy/requests/new", request_type="everything")
        self.assertIn("Choose the type of your request.", response.text)
        self.assertFalse(self.Request.search([("partner_id", "=", self.partner_portal.id)]))

    def test_the_partner_comes_from_the_session(self):
        self._post(
            "/my/privacy/requests/new",
            request_type="erasure",
            partner_id=self.other_user.partner_id.id,
        )
        self.assertFalse(self.Request.search([("partner_id", "=", self.other_user.partner_id.id)]))
        self.assertTrue(self.Request.search([("partner_id", "=", self.partner_portal.id)]))

    def test_another_customers_request_and_export_answer_404(self):
        theirs = self.answered_with_export(self.other_user.partner_id)
        mine = self.answered_with_export(self.partner_portal)
        missing = theirs.id + 1000
        with mute_logger("odoo.http"):
            for url in (
                f"/my/privacy/requests/{theirs.id}",
                f"/my/privacy/requests/{theirs.id}/export",
                f"/my/privacy/requests/{missing}",
                f"/my/privacy/requests/{missing}/export",
            ):
                with self.subTest(url=url):
                    response = self.url_open(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn(theirs.name, response.text)
        self.assertEqual(theirs.export_download_count, 0)
        self.assertNotIn(theirs.name, self.url_open("/my/privacy").text)
        response = self.url_open(f"/my/privacy/requests/{mine.id}/export")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"PK export of " + self.partner_portal.name.encode())
        self.assertEqual(mine.export_download_count, 1)
        self.assertIn("from the customer portal", mine.message_ids[0].body)

    def test_export_is_offered_once_the_answer_is_sent(self):
        request = self.answered_with_export(self.partner_portal)
        request._rgpd_write({"state": "in_progress"})
        with mute_logger("odoo.http"):
            response = self.url_open(f"/my/privacy/requests/{request.id}/export")
        self.assertEqual(response.status_code, 404)

    def test_portal_user_reads_only_their_own_requests(self):
        theirs = self.answered_with_export(self.other_user.partner_id)
        mine = self.answered_with_export(self.partner_portal)
        Request = self.Request.with_user(self.user_portal)
        self.assertEqual(Request.search([("partner_id", "!=", False)]), mine)
        self.assertFalse(Request.search([("id", "=", theirs.id)]))


@tagged("post_install", "-at_install")
class TestExportLink(DsarHttpCase):
    """The signed 7-day link of the answer mail."""

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def test_get_shows_a_page_post_downloads(self):
        request = self.answered_with_export(self.partner_portal)
        url = f"/rgpd/export/{request._rgpd_export_token()}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Download my data", response.text)
        self.assertEqual(
            request.export_download_count, 0, "a GET (a mail scanner) downloads nothing"
        )
        response = self.url_open(url, data={"csrf_token": "forged"})
        self.assertEqual(response.status_code, 400)
        response = self._post(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        self.assertEqual(request.export_download_count, 1)
        self.assertIn("from the signed link", request.message_ids[0].body)

    def test_forged_expired_and_stale_links_answer_404(self):
        request = self.answered_with_export(self.partner_portal)
        other = self.answered_with_export(self.other_user.partner_id)
        good = request._rgpd_export_token()
        stale = request._rgpd_export_token()
        # sudo env: hash_sign reads the database secret
        expired = hash_sign(
            self.env(su=True),
            "rgpd_dsar.export",
            [request.id, request.export_attachment_id.id],
            expiration=datetime.datetime.now() - datetime.timedelta(days=1),
        )
        other_attachment = hash_sign(
            self.env(su=True),
            "rgpd_dsar.export",
            [request.id, other.export_attachment_id.id],
            expiration=datetime.timedelta(days=7),
        )
        request._rgpd_write({"export_attachment_id": request.export_attachment_id.copy().id})
        middle = len(good) // 2
        altered = good[:middle] + ("A" if good[middle] != "A" else "B") + good[middle + 1 :]
        for label, token in [
            ("expired", expired),
            ("altered", altered),
            ("malformed", "not-a-token"),
            ("replaced export", stale),
            ("another request's export", other_attachment),
        ]:
            with self.subTest(label):
                for method in ("GET", "POST"):
                    url = f"/rgpd/export/{token}"
                    response = self.url_open(url) if method == "GET" else self._post(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertIn("This link is not valid or has expired", response.text)
        self.assertEqual((request.export_download_count, other.export_download_count), (0, 0))

    def test_answer_mail_holds_the_link_only_when_it_leaves(self):
        request = self.Request.create(
            {"request_type": "access", "partner_id": self.partner_portal.id}
        )
        request._rgpd_store_export(b"PK", "x.zip")
        request._rgpd_write({"identity_verified": True, "state": "in_progress"})
        request.action_done()
        message = request.message_ids.filtered(lambda m: m.subject and "answer" in m.subject)[:1]
        self.assertIn(f"/rgpd/link/export/{request.id}", message.body, "no token in the chatter")
        self.assertNotIn("/rgpd/export/", message.body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        email = mail._prepare_outgoing_list()[0]
        token = re.search(r"/rgpd/export/([^\"'<\s]+)", email["body"]).group(1)
        self.assertEqual(self.Request._rgpd_from_export_token(token), request)

    def test_answer_mail_sent_to_another_address_holds_a_dead_link(self):
        """A Privacy User sends the answer mail to her own address: the link
        she receives is dead; the person's own mail has the working one."""
        privacy_user = new_test_user(
            self.env,
            "dsar_link_privacy_user",
            email="pia.link@example.com",
            groups="base.group_user,sales_team.group_sale_salesman,rgpd_consent.group_rgpd_user",
        )
        request = self.Request.create(
            {"request_type": "access", "partner_id": self.partner_portal.id}
        )
        request._rgpd_store_export(b"PK", "x.zip")
        request._rgpd_write({"identity_verified": True, "state": "done"})
        template = self.env.ref("rgpd_dsar.mail_template_dsar_done").with_user(privacy_user)
        mail_id = template.send_mail(
            request.id,
            email_values={"email_to": privacy_user.email, "recipient_ids": []},
        )
        mail = self.env["mail.mail"].browse(mail_id)
        self.assertNotIn("/rgpd/export/", mail.body_html)
        [email] = mail._prepare_outgoing_list()
        self.assertNotIn("/rgpd/export/", email["body"])
        self.assertIn("/rgpd/link/invalid", email["body"])


@tagged("post_install", "-at_install")
class TestPublicRequest(DsarHttpCase):
    """/rgpd/request: a request from a confirmed address only, rate-limited."""

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def _mails_to(self, email):
        return self.env["mail.mail"].search([("email_to", "ilike", email)])

    def _confirm_url(self, email):
        """The confirmation link of the mail sent to `email`, as it leaves."""
        mail = self._mails_to(email)
        self.assertNotIn("/rgpd/request/confirm/", mail.body_html, "no token in the stored mail")
        [email_values] = mail._prepare_outgoing_list()
        return re.search(r'href="[^"]*(/rgpd/request/confirm/[^"]+)"', email_values["body"]).group(
            1
        )

    def _submit(self, email, name="Jane Public", request_type="erasure", **extra):
        return self._post(
            "/rgpd/request", name=name, email=email, request_type=request_type, **extra
        )

    def test_confirmation_before_the_queue(self):
        self.assertEqual(self.url_open("/rgpd/request").status_code, 200)
        response = self._submit(self.partner_portal.email, description="Erase me")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Check your mailbox", response.text)
        self.assertFalse(self.Request.search([("requester_email", "=", self.partner_portal.email)]))
        mail = self._mails_to(self.partner_portal.email)
        self.assertEqual(len(mail), 1)
        self.assertNotIn("Erase me", mail.body_html + self._confirm_url(self.partner_portal.email))
        url = self._confirm_url(self.partner_portal.email)
        page = self.url_open(url)
        self.assertIn("Confirm my request", page.text)
        self.assertIn("Erase me", page.text)
        self.assertFalse(self.Request.search([("requester_email", "=", self.partner_portal.email)]))
        response = self._post(url)
        self.assertIn("Your request is registered", response.text)
        request = self.Request.search([("requester_email", "=", self.partner_portal.email)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.partner_id, self.partner_portal)
        self.assertEqual(
            (request.channel, request.request_type, request.identity_method),
            ("web_form", "erasure", "email_link"),
        )
        self.assertIn(request.name, response.text)
        # The same link again gives the same request, not a second one.
        self.assertIn(request.name, self._post(url).text)
        self.assertEqual(
            len(self.Request.search([("requester_email", "=", self.partner_portal.email)])), 1
        )

    def test_same_answer_whether_the_address_is_known_or_not(self):
        known = self._submit(self.partner_portal.email).text
        unknown = self._submit("nobody.known@example.com").text

        def page(html, email):
            return re.sub(r'csrf_token: "\w+"', "", html.replace(email, "X"))

        self.assertEqual(
            page(known, self.partner_portal.email), page(unknown, "nobody.known@example.com")
        )
        url = self._confirm_url("nobody.known@example.com")
        self._post(url)
        request = self.Request.search([("requester_email", "=", "nobody.known@example.com")])
        self.assertFalse(request.partner_id, "no contact is created for an unknown address")
        self.assertFalse(request.identity_verified)

    def test_bad_input(self):
        response = self._submit("not an email", name="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Enter a valid email address", response.text)
        self.assertIn("Tell us your name.", response.text)
        response = self._submit("ok@example.com", description="x" * 2001)
        self.assertEqual(response.status_code, 400)
        self.assertIn("too long", response.text)
        self.assertFalse(self._mails_to("ok@example.com"))

    def test_odd_values_of_the_form_get_the_form_again(self):
        for label, data in (
            ("unknown type", {"request_type": "everything"}),
            ("a date as type", {"request_type": "2026-02-30"}),
            ("huge name", {"name": "N" * 100_000, "request_type": "nothing"}),
        ):
            with self.subTest(label):
                response = self._submit("odd@example.com", **data)
                self.assertEqual(response.status_code, 400)
                self.assertIn("Choose the type of your request.", response.text)
        # A repeated field: its first value counts, the request goes on.
        response = self.url_open(
            "/rgpd/request",
            data=[
                ("csrf_token", Request.csrf_token(self)),
                ("name", "Jane"),
                ("name", "Joe"),
                ("email", "odd@example.com"),
                ("request_type", "access"),
                ("request_type", "erasure"),
            ],
        )
        self.assertEqual(response.status_code, 200)
        pending = self.env["rgpd.dsar.intake"].search([("email", "=", "odd@example.com")])
        self.assertEqual((pending.name, pending.request_type), ("Jane", "access"))

    def test_forged_and_expired_confirmation_links(self):
        self._submit("jane@example.com", request_type="access")
        pending = self.env["rgpd.dsar.intake"].search([("email", "=", "jane@example.com")])
        # sudo env: hash_sign reads the database secret
        expired = hash_sign(
            self.env(su=True),
            "rgpd_dsar.intake",
            [pending.id],
            expiration=datetime.datetime.now() - datetime.timedelta(hours=1),
        )
        wrong_scope = hash_sign(
            self.env(su=True),
            "rgpd_dsar.export",
            [pending.id],
            expiration=datetime.timedelta(days=1),
        )
        # The former links carried the request itself: never accepted now.
        old_style = hash_sign(
            self.env(su=True),
            "rgpd_dsar.intake",
            {"name": "Jane", "email": "jane@example.com", "request_type": "access"},
            expiration=datetime.timedelta(days=1),
        )
        for token in (expired, wrong_scope, old_style, "forged"):
            with self.subTest(token=token[:20]):
                for method in ("GET", "POST"):
                    url = f"/rgpd/request/confirm/{token}"
                    response = self.url_open(url) if method == "GET" else self._post(url)
                    self.assertEqual(response.status_code, 404)
        self.assertFalse(self.Request.search([("requester_email", "=", "jane@example.com")]))

    def test_one_link_one_request_whatever_its_spelling(self):
        self._submit("spelling@example.com", description="Only once")
        url = self._confirm_url("spelling@example.com")
        self.assertNotIn("spelling", url, "the link carries nothing of the person")
        for suffix in ("", ".", "~", "==", "", "."):
            with self.subTest(suffix=suffix):
                self._post(url + suffix)
        requests = self.Request.search([("requester_email", "=", "spelling@example.com")])
        self.assertEqual(len(requests), 1)

    def test_confirmation_mail_redirected_holds_a_dead_link(self):
        self._submit("owner@example.com")
        mail = self._mails_to("owner@example.com")
        mail.email_to = "someone.else@example.com"
        [email_values] = mail._prepare_outgoing_list()
        self.assertNotIn("/rgpd/request/confirm/", email_values["body"])
        self.assertIn("/rgpd/link/invalid", email_values["body"])

    def test_an_address_is_limited_first_and_told_when_and_where_else(self):
        """A flood to one address stops at 3 mails a day; the page says when
        to come back and gives the DPO's address; a neighbour on the same
        network still gets through."""
        self.env.company.write(IDENTITY)
        for _attempt in range(3):
            self.assertEqual(self._submit("flood@example.com").status_code, 200)
        response = self._submit("flood@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertIn("3 confirmation emails a day", response.text)
        self.assertNotIn("your network", response.text)
        self.assertIn('href="mailto:dpo@example.com"', response.text)
        # Back after a day (less the seconds the test took), said in words too.
        wait = int(response.headers["Retry-After"])
        self.assertTrue(23 * 3600 < wait <= 24 * 3600, wait)
        self.assertRegex(response.text, r"again <strong>in (1 day|2[34] hours)</strong>")
        self.assertIn('href="/rgpd/request"', response.text, "a way back to the form")
        self.assertEqual(len(self._mails_to("flood@example.com")), 3)
        # The refused attempt counted for no limit: the network goes on.
        self.assertEqual(self._submit("neighbour@example.com").status_code, 200)
        self.assertEqual(len(self._mails_to("neighbour@example.com")), 1)
        logs = self.env["rgpd.rate.limit"].search([])
        self.assertNotIn("flood@example.com", str(logs.mapped("key")))

    def test_a_shared_network_gets_through_then_is_told_when(self):
        """One office or mobile operator: 10 people file from one IP and the
        11th gets through; only a machine mailing 50 addresses in an hour is
        stopped, and told when to retry and where to write meanwhile."""
        self.env.company.write(IDENTITY)
        for n in range(10):
            self.assertEqual(self._submit(f"colleague{n}@example.com").status_code, 200)
        self.assertEqual(self._submit("eleventh@example.com").status_code, 200)
        self.assertEqual(len(self._mails_to("eleventh@example.com")), 1)
        for n in range(10, 49):
            self.assertEqual(self._submit(f"colleague{n}@example.com").status_code, 200, n)
        response = self._submit("one.more@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Many requests came from your network", response.text)
        self.assertIn('href="mailto:dpo@example.com"', response.text)
        wait = int(response.headers["Retry-After"])
        self.assertTrue(0 < wait <= 3600, wait)
        self.assertRegex(response.text, r"again <strong>in \d+ minutes</strong>")
        self.assertFalse(self._mails_to("one.more@example.com"))

    def test_the_french_visitor_reads_when_and_where_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["rgpd_dsar"], ["fr_FR"], overwrite=True)
        self.env.company.write({**IDENTITY, "rgpd_dpo_phone": "+33 1 23 45 67 89"})
        self.opener.cookies.set("frontend_lang", "fr_FR")
        # The time zone the browser of the visitor gives (web.layout sets it).
        self.opener.cookies.set("tz", "Europe/Paris")
        for _attempt in range(3):
            self._submit("francais@example.com")
        response = self._submit("francais@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Votre demande n'a pas encore pu être envoyée", response.text)
        self.assertIn("3 courriels de confirmation par jour", response.text)
        self.assertRegex(
            response.text, r"à nouveau votre demande <strong>dans (1 jour|2[34] heures)</strong>"
        )
        self.assertIn("(heure de Europe/Paris)", response.text)
        self.assertIn(
            "écrivez à notre délégué à la protection des données à "
            '<a href="mailto:dpo@example.com">',
            response.text,
        )
        self.assertIn('ou appelez le <a href="tel:+33 1 23 45 67 89">', response.text)

    def test_no_dpo_email_the_company_address_instead(self):
        self.env.company.write(
            {**IDENTITY, "rgpd_dpo_email": False, "rgpd_dpo_phone": "+33 1 23 45 67 89"}
        )
        for _attempt in range(3):
            self._submit("phone@example.com")
        response = self._submit("phone@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertIn('href="tel:+33 1 23 45 67 89"', response.text)
        self.env.company.write({"rgpd_dpo_phone": False, "email": False})
        response = self._submit("phone@example.com")
        self.assertIn("by post", response.text)
        self.assertIn("12 rue des Lilas", response.text)
