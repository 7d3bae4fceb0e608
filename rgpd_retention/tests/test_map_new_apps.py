# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user, tagged

CALENDAR_MODELS = ("calendar.event", "calendar.attendee")


@tagged("post_install", "-at_install")
class TestMapNewApps(TransactionCase):
    """Installing an app after the suite maps its personal data by itself
    and tells the Officers, without the "Load Defaults" button."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["rgpd_retention"], ["fr_FR"], overwrite=True
        )
        officer_groups = "base.group_user,rgpd_consent.group_rgpd_officer"
        cls.officer_fr = new_test_user(
            cls.env, "rgpd_map_officer_fr", groups=officer_groups, lang="fr_FR"
        )
        cls.officer_en = new_test_user(
            cls.env, "rgpd_map_officer_en", groups=officer_groups, lang="en_US"
        )
        cls.seller = new_test_user(
            cls.env, "rgpd_map_seller", groups="base.group_user,rgpd_consent.group_rgpd_user"
        )
        Map = cls.env["rgpd.data.map"].with_context(active_test=False)
        # The database as it was before Calendar was installed: none of its entries.
        cls.calendar_entries = Map.search([("model", "in", CALENDAR_MODELS)])
        cls.calendar_count = len(cls.calendar_entries)
        cls.calendar_entries.unlink()
        cls.archived = Map.search([("model", "=", "res.partner"), ("field_name", "=", "function")])
        cls.archived.active = False

    def install_hook(self):
        """What Odoo runs once modules are installed, every model loaded.
        (Given a module name that owns no record here: given "calendar" it
        would also delete Calendar's records this test never loaded.)"""
        self.env["ir.model.data"]._process_end(["rgpd_test_just_installed"])

    def notifications(self, user):
        return (
            self.env["mail.message"]
            .with_user(user)
            .search(
                [
                    ("partner_ids", "in", user.partner_id.ids),
                    ("message_type", "=", "user_notification"),
                    ("model", "=", False),
                ]
            )
        )

    def test_entries_added_and_officers_told_in_their_language(self):
        Map = self.env["rgpd.data.map"].with_user(self.officer_en)
        self.assertFalse(Map.search([("model", "in", CALENDAR_MODELS)]))
        self.install_hook()
        added = Map.search([("model", "in", CALENDAR_MODELS)])
        self.assertEqual(len(added), self.calendar_count)
        self.assertIn(
            ("calendar.attendee", "common_name", "pseudonym"),
            [(entry.model, entry.field_name, entry.rule) for entry in added],
        )
        self.assertFalse(self.archived.active, "an entry the Officer archived stays archived")
        self.assertEqual(
            Map.with_context(active_test=False).search_count(
                [("model", "=", "res.partner"), ("field_name", "=", "function")]
            ),
            1,
        )

        english = self.notifications(self.officer_en)
        self.assertEqual(len(english), 1)
        self.assertEqual(english.subject, "Personal-data map: new entries")
        self.assertIn("The apps installed since the last update (Calendar)", english.body)
        self.assertIn(f"{self.calendar_count} entries were added", english.body)
        self.assertIn(
            "Calendar Attendee Information / Common name (Field pointing to the partner)",
            english.body,
        )
        french = self.notifications(self.officer_fr)
        self.assertEqual(len(french), 1)
        self.assertEqual(
            french.subject, "Cartographie des données personnelles : nouvelles entrées"
        )
        self.assertIn("Les applications installées depuis la dernière mise à jour", french.body)
        self.assertFalse(self.notifications(self.seller), "the Privacy User is not told")

        # Installing another app later adds nothing twice and says nothing.
        self.install_hook()
        self.assertEqual(len(Map.search([("model", "in", CALENDAR_MODELS)])), self.calendar_count)
        self.assertEqual(len(self.notifications(self.officer_en)), 1)
