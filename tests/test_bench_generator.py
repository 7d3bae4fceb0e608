# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The benchmark data generator makes rows the ORM would have made."""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, email_normalize

_SPEC = importlib.util.spec_from_file_location(
    "rgpd_bench_generate", Path(__file__).parent / "bench" / "generate.py"
)
generate = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(generate)

PARTNERS = 300


@tagged("post_install", "-at_install")
class TestBenchGenerator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners, cls.counts = generate.generate(cls.env, PARTNERS, seed=7)

    def _row(self, table, record_id):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT * FROM %s WHERE id = %s", SQL.identifier(table), record_id))
        return self.env.cr.dictfetchone()

    def test_counts(self):
        self.assertEqual(
            self.counts,
            {"partners": PARTNERS, "messages": 2 * PARTNERS, "attachments": PARTNERS // 10},
        )
        self.assertEqual(len(self.partners.exists()), PARTNERS)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.partners.ids)]
        )
        self.assertEqual(len(attachments), PARTNERS // 10)

    def test_two_notes_mentioning_the_email(self):
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "in", self.partners.ids)]
        )
        by_partner = messages.grouped("res_id")
        note = self.env.ref("mail.mt_note")
        for partner in self.partners:
            notes = by_partner[partner.id]
            self.assertEqual(len(notes), 2)
            for message in notes:
                self.assertEqual((message.message_type, message.subtype_id), ("comment", note))
                self.assertIn(partner.email, message.body)
        self.assertEqual(self.partners[0].message_ids, by_partner[self.partners[0].id])

    def test_emails_unique_normalized_and_searchable(self):
        emails = self.partners.mapped("email")
        self.assertEqual(len(set(emails)), PARTNERS)
        for partner in self.partners:
            self.assertEqual(partner.email_normalized, email_normalize(partner.email))
        for partner in self.partners[::50]:
            found = self.env["res.partner"].search([("email_normalized", "=", partner.email)])
            self.assertEqual(found, partner)
        self.assertTrue(all(email.endswith(generate.EMAIL_DOMAINS) for email in emails))

    def test_attachments_readable(self):
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.partners.ids)], limit=1
        )
        partner = self.partners.browse(attachment.res_id)
        self.assertIn(partner.email, attachment.raw.decode())
        self.assertEqual(attachment.file_size, len(attachment.raw))
        self.assertEqual(attachment.checksum, attachment._compute_checksum(attachment.raw))
        self.assertEqual(attachment.mimetype, "text/plain")

    def test_rows_match_orm_rows(self):
        """A generated partner has the columns the ORM writes for the same input."""
        generated = self.partners[0]
        same = self.env["res.partner"].create(
            {
                fname: generated[fname]
                for fname in ("name", "email", "phone", "street", "zip", "city", "lang")
            }
            | {"country_id": generated.country_id.id}
        )
        generated_row = self._row("res_partner", generated.id)
        orm_row = self._row("res_partner", same.id)
        self.assertEqual(generated_row["commercial_partner_id"], generated.id)
        # Timestamps differ by nature; the calendar's acknowledgement stamp
        # (CRM installs the calendar) is the creation time.
        if "calendar_last_notif_ack" in generated_row:
            self.assertEqual(generated_row["calendar_last_notif_ack"], generated_row["create_date"])
        for column in (
            "id",
            "commercial_partner_id",
            "create_date",
            "write_date",
            "calendar_last_notif_ack",
        ):
            generated_row.pop(column, None)
            orm_row.pop(column, None)
        self.assertEqual(generated_row, orm_row)

    def test_same_seed_same_people(self):
        again, _counts = generate.generate(self.env, 20, seed=7)

        def people(partners):
            return partners.mapped(lambda p: (p.name, p.street, p.zip, p.city, p.phone))

        self.assertEqual(people(again), people(self.partners[:20]))
