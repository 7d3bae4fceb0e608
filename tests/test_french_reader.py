# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No record of the suite stores an English sentence for a French reader.

A French company, a French Officer (not the superuser) and a French person
go through the suite's day: requests received, verified, extended, exported,
erased, answered and refused; the overdue scheduled action; a contact
anonymized and a retention policy run. Then every text the suite stored
(chatter lines, activities, retention logs, pseudonyms) is searched for the
English sentences of the suite, taken from the source strings of the three
addons' fr.po files: a stored English sentence cannot be translated any more
when a French user reads it. The export holds no Python object
representation either."""

import io
import re
import zipfile
from pathlib import Path

import polib

from odoo.tests import TransactionCase, new_test_user, tagged

REPO = Path(__file__).resolve().parent.parent
SUITE = ("rgpd_consent", "rgpd_retention", "rgpd_dsar")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
# A run of English words long enough to be a sentence, not a name.
MIN_CHUNK = 14


def english_sentences():
    """{chunk: msgid}: the literal parts of the suite's Python strings
    (those written into records) whose French translation differs."""
    chunks = {}
    for addon in SUITE:
        for entry in polib.pofile(str(REPO / addon / "i18n" / "fr.po")):
            if not entry.msgstr or entry.msgstr == entry.msgid:
                continue
            if not any(path.startswith("code:") for path, _line in entry.occurrences):
                continue
            for part in PLACEHOLDER.split(entry.msgid):
                chunk = part.strip(" .,:;()\n")
                if len(chunk) >= MIN_CHUNK and " " in chunk and chunk not in entry.msgstr:
                    chunks[chunk] = entry.msgid
    return chunks


@tagged("post_install", "-at_install")
class TestFrenchReader(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["mail", *SUITE], ["fr_FR"], overwrite=True)
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.fr")
        cls.company.partner_id.lang = "fr_FR"
        cls.officer = new_test_user(
            cls.env,
            login="french_reader_officer",
            name="Odile Officier",
            email="odile@example.com",
            lang="fr_FR",
            groups="base.group_user,base.group_partner_manager,rgpd_consent.group_rgpd_officer",
        )
        Partner = cls.env["res.partner"].with_context(lang="fr_FR")
        cls.people = Partner.create(
            [
                {
                    "name": f"Personne {n}",
                    "email": f"personne{n}@example.fr",
                    "phone": f"+33 6 12 34 56 0{n}",
                    "lang": "fr_FR",
                }
                for n in range(5)
            ]
        )

    def officer_env(self, model):
        return self.env[model].with_user(self.officer).with_context(lang="fr_FR")

    def request(self, request_type, person, **values):
        return self.officer_env("rgpd.dsar.request").create(
            {"request_type": request_type, "partner_id": person.id, "channel": "phone", **values}
        )

    def verified(self, request):
        request.identity_method = "known_contact"
        request.action_verify_identity()
        return request

    def test_nothing_stored_in_english_for_a_french_reader(self):
        self.assertFalse(self.officer._is_superuser() or self.officer._is_admin())
        # What the demo data stored before is not this test's business.
        last_log = self.env["rgpd.retention.log"].sudo().search([], order="id desc", limit=1).id
        access = self.verified(self.request("access", self.people[0]))
        access._rgpd_extend(1, "Trois logiciels à interroger")
        access.action_generate_export()
        access.action_done()
        erasure = self.verified(self.request("erasure", self.people[1]))
        erasure.action_erase()
        erasure.action_done()
        refused = self.request("objection", self.people[2])
        refused._rgpd_refuse("Demande manifestement excessive")
        overdue = self.env["rgpd.dsar.request"].create(
            {
                "request_type": "access",
                "partner_id": self.people[3].id,
                "date_received": "2020-01-15",
            }
        )
        # The scheduled actions run with no French reader in their context.
        cron = self.env.ref("rgpd_dsar.ir_cron_dsar_overdue").with_context(lang="en_US")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        anonymized = self.people[4]
        anonymized.with_user(self.officer).with_context(lang="fr_FR").rgpd_anonymize(
            "Demande orale"
        )
        policy = self.env["rgpd.retention.policy"].create(
            {
                "name": "Prospects",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "duration_value": 1,
                "duration_unit": "days",
                "action": "anonymize",
            }
        )
        stale = self.env["res.partner"].create({"name": "Ancien Prospect", "lang": "fr_FR"})
        policy.with_context(lang="en_US")._rgpd_apply_action(stale)

        requests = access | erasure | refused | overdue
        self.env.flush_all()
        stored = {}
        for message in (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "rgpd.dsar.request"), ("res_id", "in", requests.ids)])
        ):
            stored[f"chatter line of {message.record_name or message.res_id}"] = (
                f"{message.subject or ''} {message.body or ''}"
            )
        for activity in (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", "rgpd.dsar.request"), ("res_id", "in", requests.ids)])
        ):
            stored[f"activity {activity.id}"] = f"{activity.summary or ''} {activity.note or ''}"
        for log in self.env["rgpd.retention.log"].sudo().search([("id", ">", last_log)]):
            stored[f"retention log {log.id}"] = f"{log.reason} {log.kept_summary or ''}"
        gone = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("rgpd_anonymized", "=", True), ("id", ">=", self.people[0].id)])
        )
        for partner in gone:
            stored[f"pseudonym {partner.id}"] = partner.name
        self.assertTrue(stored)
        self.assertIn("Contact anonymisé", anonymized.with_context(active_test=False).name)

        english = english_sentences()
        self.assertIn("Only a Privacy Officer may carry out a data-subject request", english)
        found = [
            f"{where}: {chunk!r}"
            for where, text in stored.items()
            for chunk in english
            if chunk in text
        ]
        generic = ("Anonymized contact", "Data-Subject Request", " created", "Answer due on")
        found += [
            f"{where}: {word!r}"
            for where, text in stored.items()
            for word in generic
            if word in text
        ]
        self.assertFalse(found, "English stored for a French reader:\n" + "\n".join(found))

    def test_the_export_holds_no_python_object(self):
        person = self.people[0]
        person.with_context(lang="fr_FR").message_post(body="Appel du lundi")
        access = self.verified(self.request("access", person))
        access.action_generate_export()
        archive = zipfile.ZipFile(io.BytesIO(access.sudo().export_attachment_id.raw))
        for name in archive.namelist():
            if name.endswith((".json", ".csv")):
                content = archive.read(name).decode()
                with self.subTest(file=name):
                    self.assertNotRegex(content, r"<[\w.]+ object at 0x[0-9a-f]+>")
                    self.assertNotIn("odoo.orm", content)
