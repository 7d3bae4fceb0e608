# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every term the suite shows has its French translation."""

import io
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

REPO = Path(__file__).resolve().parent.parent
SUITE = ("rgpd_consent", "rgpd_retention", "rgpd_dsar")


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    def test_every_term_translated_in_french(self):
        for addon in SUITE:
            with self.subTest(addon=addon):
                buffer = io.BytesIO()
                trans_export(None, [addon], buffer, "po", self.env)
                terms = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
                french = polib.pofile(str(REPO / addon / "i18n" / "fr.po"))
                translated = {entry.msgid for entry in french if entry.msgstr}
                missing = sorted(terms - translated)
                self.assertFalse(missing, f"{addon}/i18n/fr.po lacks {len(missing)} terms")
