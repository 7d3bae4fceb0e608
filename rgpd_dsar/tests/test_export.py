# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import re
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_dsar import RgpdDsarCase


@tagged("post_install", "-at_install")
class TestExport(RgpdDsarCase):
    """Access and portability: one ZIP with all the map finds, readable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Export Letters",
                "code": "test_dsar_export_letters",
                "recipients": "Our mailing provider",
            }
        )
        cls.env["rgpd.retention.policy"].create(
            {
                "name": "Letters: 3 years",
                "purpose_id": cls.purpose.id,
                "duration_value": 3,
                "duration_unit": "years",
            }
        )
        cls.alice.rgpd_give_consent("test_dsar_export_letters", "phone", note="Call of Monday")
        cls.alice.message_post(body="Alice called about her order of crème brûlée.")
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Alice's project", "partner_id": cls.alice.id, "description": "Big kitchen"}
        )

    def export(self, request):
        request.action_generate_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        return archive, json.loads(archive.read("personal_data.json"))

    def test_access_export_is_complete_against_the_map(self):
        request = self.verified(self.make_request("access"))
        archive, data = self.export(request)
        self.assertTrue(request.date_processed)
        names = set(archive.namelist())
        self.assertIn("personal_data.pdf", names)
        exported = {model["model"]: model for model in data["models"]}
        # Every model and field the map finds for the person is in the export,
        # but for the technical copies of a value shown beside them.
        technical = {"email_normalized", "phone_sanitized", "complete_name"}
        for line in self.env["rgpd.data.map"]._rgpd_preview(self.alice):
            with self.subTest(model=line["model"], field=line["field"]):
                self.assertIn(line["model"], exported)
                if line["field"] in technical:
                    self.assertNotIn(line["field"], exported[line["model"]]["fields"])
                else:
                    self.assertIn(line["field"], exported[line["model"]]["fields"])
                self.assertIn(f"csv/{line['model']}.csv", names)
        partner_rows = exported["res.partner"]["records"]
        self.assertIn(self.alice.id, [row["id"] for row in partner_rows])
        self.assertEqual(exported["res.partner"]["fields"]["email"], "Email")
        self.assertIn(request.id, [row["id"] for row in exported["rgpd.dsar.request"]["records"]])
        text = json.dumps(data, ensure_ascii=False)
        self.assertIn("crème brûlée", text, "the chatter is exported")
        self.assertIn("Big kitchen", text)
        self.assertNotIn(self.bob.email, text, "nobody else's data")

    def test_export_reads_as_words_not_code(self):
        """The person reads their properties by label, no Python object, no
        technical copy of their email or phone, yes/no as words."""
        definition = self.env["properties.base.definition"]._get_definition_for_property_field(
            "res.partner", "properties"
        )
        definition.properties_definition = [
            {
                "name": "diet",
                "string": "Diet",
                "type": "selection",
                "selection": [["veg", "Vegetarian"], ["any", "Anything"]],
            },
            {"name": "vip", "string": "VIP", "type": "boolean"},
            {"name": "notes", "string": "Notes", "type": "char"},
        ]
        self.alice.properties = {"diet": "veg", "vip": True, "notes": False}
        request = self.verified(self.make_request("access"))
        archive, data = self.export(request)
        [partner] = [model for model in data["models"] if model["model"] == "res.partner"]
        [row] = [row for row in partner["records"] if row["id"] == self.alice.id]
        self.assertEqual(row["properties"], {"Diet": "Vegetarian", "VIP": True})
        self.assertEqual(row["email"], self.alice.email)
        self.assertEqual(row["phone"], self.alice.phone)
        self.assertEqual(partner["fields"]["id"], "Record number")
        for label in ("Normalized Email", "Sanitized Number"):
            self.assertNotIn(label, partner["fields"].values())
        everything = json.dumps(data, ensure_ascii=False) + "".join(
            archive.read(name).decode("utf-8-sig")
            for name in archive.namelist()
            if name.endswith(".csv")
        )
        self.assertNotRegex(everything, r"object at 0x|<odoo\.|Property\(")
        self.assertNotIn("alice.dsar@example.com, alice.dsar@example.com", everything)
        csv_text = archive.read("csv/res.partner.csv").decode("utf-8-sig")
        self.assertIn("Diet: Vegetarian; VIP: Yes", csv_text)
        self.assertNotIn("email_normalized", csv_text)

    def test_export_speaks_the_persons_language(self):
        """A French person's export: the columns, the yes/no and the model
        names in French, whoever the Officer who made it reads."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["base", "rgpd_dsar"], ["fr_FR"], overwrite=True
        )
        self.alice.lang = "fr_FR"
        definition = self.env["properties.base.definition"]._get_definition_for_property_field(
            "res.partner", "properties"
        )
        definition.properties_definition = [{"name": "vip", "string": "VIP", "type": "boolean"}]
        self.alice.properties = {"vip": False}
        request = self.verified(self.make_request("access", lang="fr_FR"))
        self.assertEqual(self.officer.lang, "en_US")
        archive, data = self.export(request)
        [partner] = [model for model in data["models"] if model["model"] == "res.partner"]
        self.assertEqual(partner["model_name"], "Contact")
        self.assertEqual(partner["fields"]["id"], "Numéro d'enregistrement")
        self.assertEqual(partner["fields"]["display_name"], "Nom")
        self.assertEqual(partner["fields"]["phone"], "Téléphone")
        csv_text = archive.read("csv/res.partner.csv").decode("utf-8-sig")
        self.assertIn("VIP: Non", csv_text)

    def test_csv_opens_in_a_spreadsheet(self):
        request = self.verified(self.make_request("portability"))
        archive, _data = self.export(request)
        raw = archive.read("csv/res.partner.csv")
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM")
        header, *rows = raw.decode("utf-8-sig").splitlines()
        self.assertIn("Email", header)
        self.assertTrue(any(self.alice.email in row for row in rows))
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertTrue(request._rgpd_export_available())

    def test_pdf_holds_the_art_15_information(self):
        request = self.verified(self.make_request("access"))
        data = request._rgpd_export_data()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "rgpd_dsar.action_report_dsar_export", request.ids, data={"rgpd_export": data}
            )[0]
            .decode()
        )
        for text in (
            "Export Letters",  # purpose
            "Consent (Art. 6(1)(a))",  # lawful basis
            "Our mailing provider",  # recipients
            "3 years after the last activity",  # retention period
            "Phone",  # source: consent channel
            "CNIL",  # right to complain
            "Contact",  # where the data is
        ):
            self.assertIn(text, html)
        self.assertRegex(html, re.compile(r"Given", re.IGNORECASE), "the consent history")

    def test_export_needs_a_verified_identity_and_an_officer(self):
        request = self.make_request("access")
        request.action_start()
        with self.assertRaises(UserError):
            request.action_generate_export()
        self.verified(request)
        with self.assertRaises(AccessError):
            request.with_user(self.seller).action_generate_export()
        with self.assertRaises(UserError):
            self.verified(self.make_request("erasure")).action_generate_export()
        self.assertFalse(request.export_attachment_id)

    def test_no_data_found_is_a_clear_error(self):
        self.env["rgpd.data.map"].search([]).active = False
        request = self.verified(self.make_request("access"))
        with self.assertRaises(UserError):
            request.action_generate_export()
        self.assertFalse(request.export_attachment_id)

    def test_new_export_replaces_the_previous_one(self):
        request = self.verified(self.make_request("access"))
        request.action_generate_export()
        first = request.export_attachment_id
        request.action_generate_export()
        self.assertNotEqual(request.export_attachment_id, first)
        self.assertFalse(first.exists())

    def test_access_end_to_end(self):
        request = self.verified(self.make_request("access"))
        request.action_generate_export()
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertTrue(request._rgpd_export_available())
        mail = self.last_mail(request)
        self.assertIn("Download my data", mail.body)
        with self.assertRaises(UserError):
            request.action_generate_export()


@tagged("post_install", "-at_install")
class TestErasure(RgpdDsarCase):
    """Erasure: the engine, then the whole-database sweep, as a certificate."""

    def test_erasure_end_to_end(self):
        self.alice.message_post(body="Call back Alice at +33 6 11 22 33 44")
        lead = self.env["crm.lead"].create(
            {"name": "Alice's lead", "partner_id": self.alice.id, "email_from": self.alice.email}
        )
        request = self.verified(self.make_request("erasure"))
        former_email = self.alice.email
        # name, email, phone and the phone as stored for searches (the same
        # text when the phonenumbers library is missing)
        a = self.alice
        former_values = {a.name, a.email, a.phone, a.phone_sanitized}
        request.action_erase()
        self.assertTrue(self.alice.rgpd_anonymized)
        self.assertNotEqual(self.alice.email, former_email)
        self.assertEqual(request.erasure_log_ids.partner_id, self.alice)
        self.assertEqual(request.erasure_log_ids.origin_ref, request)
        self.assertEqual(request.erasure_scanned_values, len(former_values))
        self.assertTrue(request.date_processed)
        residue = (request.erasure_residue or "").splitlines()
        for line in residue:
            self.assertRegex(line, r"^[a-z0-9_]+\.[a-z0-9_]+$", "tables and columns only")
        # The request keeps who asked, the proof of the answer: told under
        # "kept, and why", not counted as found after the erasure.
        self.assertNotIn("rgpd_dsar_request.requester_email", residue)
        self.assertNotIn("res_partner.email", residue)
        self.assertNotIn("crm_lead.email_from", residue)
        self.assertNotIn(former_email, lead.email_from or "")
        self.assertNotIn(former_email, request.erasure_residue or "")
        request.action_done()
        mail = self.env["mail.mail"].search([("email_to", "=", former_email)])
        self.assertEqual(len(mail), 1, "answered at the request's address")
        self.assertIn("has been erased", mail.body_html)
        message = mail.mail_message_id
        self.assertFalse(mail.model, "no copy in the request's chatter")
        self.assertIn("no copy of it is kept", request.message_ids[0].body)
        self.assertNotIn(former_email, str(request.message_ids.mapped("body")))
        self.assertTrue(mail.auto_delete)
        # What the queue does once the mail is sent.
        mail._postprocess_sent_message(success_pids=[], success_emails=[former_email])
        self.assertFalse(mail.exists(), "nothing of the answer is kept once sent")
        self.assertFalse(message.exists())

    def test_legal_hold_erases_nothing(self):
        self.alice.write({"rgpd_legal_hold": True, "rgpd_legal_hold_reason": "Litigation"})
        request = self.verified(self.make_request("erasure"))
        request.action_erase()
        self.assertFalse(self.alice.rgpd_anonymized)
        self.assertFalse(request.date_processed)
        self.assertIn("legal hold", request.message_ids[0].body)
        with self.assertRaises(UserError):
            request.action_done()


@tagged("post_install", "-at_install")
class TestExportInTheForm(HttpCase):
    """The Officer downloads the export from the request's form with a
    download button; a Privacy User sees its name, never the file."""

    def test_download_button_for_the_officer_only(self):
        officer = new_test_user(
            self.env,
            login="dsar_form_officer",
            groups="base.group_user,rgpd_consent.group_rgpd_officer",
        )
        seller = new_test_user(
            self.env,
            login="dsar_form_seller",
            groups="base.group_user,rgpd_consent.group_rgpd_user",
        )
        partner = self.env["res.partner"].create(
            {"name": "Form Person", "email": "form.person@example.com"}
        )
        request = (
            self.env["rgpd.dsar.request"]
            .with_user(officer)
            .create({"request_type": "access", "partner_id": partner.id, "channel": "email"})
        )
        request.identity_method = "known_contact"
        request.action_verify_identity()
        request.action_generate_export()
        attachment = request.sudo().export_attachment_id
        self.assertTrue(request.export_filename.endswith("-personal-data.zip"))

        def form_arch(user):
            return (
                self.env["rgpd.dsar.request"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )

        arch = form_arch(officer)
        self.assertRegex(arch, r'<field name="export_file"[^>]*widget="binary"')
        self.assertNotRegex(
            arch, r'<field name="export_attachment_id"(?![^>]*invisible="(True|1)")'
        )
        url = f"/web/content/rgpd.dsar.request/{request.id}/export_file?download=true"
        self.authenticate(officer.login, officer.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, attachment.raw)
        self.assertIn(".zip", response.headers["Content-Disposition"])

        arch = form_arch(seller)
        self.assertNotIn('name="export_file"', arch)
        self.assertIn('name="export_filename"', arch)
        self.authenticate(seller.login, seller.login)
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        self.assertIn(response.status_code, (403, 404))
        self.assertFalse(response.content.startswith(b"PK"))
