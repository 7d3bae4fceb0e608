# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The recipient rule has two forms: `rgpd.purpose._rgpd_split_recipients`
(Python, for the composer and the chatter) and its SQL form
(`_rgpd_exclusion_sql`, joined by the mailing's recipient query). Each addon
adds its reasons to both: consent (no consent, withdrawn, expired, objected,
address not the one that confirmed), retention (erased before) and dsar
(restricted). On a mixed population made by the acts of each role, both
forms give the same recipients and the same reasons, for the Privacy User
who sends the mailing."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user, tagged

PRIVACY_MAILER_GROUPS = (
    "rgpd_consent.group_rgpd_user,sales_team.group_sale_salesman,"
    "mass_mailing.group_mass_mailing_user"
)


@tagged("post_install", "-at_install")
class TestRecipientRuleSql(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = new_test_user(
            cls.env, "rule_sql_sender", groups=PRIVACY_MAILER_GROUPS, email="sender@example.com"
        )
        cls.officer = new_test_user(
            cls.env,
            "rule_sql_officer",
            groups="rgpd_consent.group_rgpd_officer,sales_team.group_sale_salesman,"
            "base.group_partner_manager",
            email="officer@example.com",
        )
        Purpose = cls.env["rgpd.purpose"].with_user(cls.officer)
        cls.letter, cls.analytics, cls.orders, cls.prospecting = Purpose.create(
            [
                {
                    "name": "Rule Letter",
                    "code": "test_rule_letter",
                    "lawful_basis": "consent",
                    "double_optin": False,
                    "consent_validity_months": 12,
                    "company_id": False,
                },
                {
                    "name": "Rule Analytics",
                    "code": "test_rule_analytics",
                    "lawful_basis": "legitimate_interest",
                    "company_id": False,
                },
                {
                    "name": "Rule Orders",
                    "code": "test_rule_orders",
                    "lawful_basis": "contract",
                    "company_id": False,
                },
                {
                    "name": "Rule Prospecting",
                    "code": "test_rule_prospecting",
                    "lawful_basis": "consent",
                    "double_optin": False,
                    "consent_validity_months": 12,
                    "prospecting_b2b": True,
                    "company_id": False,
                },
            ]
        )
        cls.people = cls._make_population()

    @classmethod
    def _make_population(cls):
        """About sixty contacts, in the situations a real base holds."""
        Partner = cls.env["res.partner"].with_user(cls.sender)
        people = {}

        def make(key, count, **values):
            people[key] = Partner.create(
                [
                    {"name": f"{key} {n}", "email": f"{key}.{n}@example.com", **values}
                    for n in range(count)
                ]
            )
            return people[key]

        letter, analytics = cls.letter.code, cls.analytics.code
        make("given", 8).rgpd_give_consent(letter, "phone", note="call")
        make("withdrawn", 4).rgpd_give_consent(letter, "phone", note="call")
        people["withdrawn"].rgpd_withdraw_consent(letter, "phone", note="call back")
        # Given two years ago for twelve months: expired by the expiry cron's
        # own step (the ledger's), or past the date, the cron not run yet.
        long_ago = fields.Datetime.now() - timedelta(days=800)
        for key in ("expired", "outdated"):
            make(key, 3).rgpd_give_consent(letter, "paper", note="form", date=long_ago)
        people["expired"].sudo()._rgpd_consents(cls.letter)._rgpd_record("expired", False)
        make("pending", 3).rgpd_request_consent([letter])
        refused = make("refused", 2)
        cls.env["rgpd.consent"].with_user(cls.sender).create(
            [
                {
                    "partner_id": partner.id,
                    "purpose_id": cls.letter.id,
                    "channel": "import",
                    "state": "refused",
                    "date_given": long_ago,
                    "evidence_note": "Trade fair 2024, sheet 3",
                }
                for partner in refused
            ]
        )
        make("never", 6)
        make("no_email", 2, email=False)
        # Confirmed from the link of a mail (the person's own act, as the
        # controller records it once the token was checked): at their
        # address, at an address since changed, then removed.
        for key, count in (("confirmed", 3), ("moved", 2), ("unmailable", 1)):
            for partner in make(key, count):
                partner.sudo()._rgpd_subject_act(
                    cls.letter, "given", "email", email=partner.email_normalized
                )
        for partner in people["moved"]:
            partner.email = partner.email.replace("@", ".new@")
        people["unmailable"].email = False
        # Two contacts of one address, one of them withdrew.
        twins = Partner.create(
            [
                {"name": "Twin A", "email": "twin@example.com"},
                {"name": "Twin B", "email": "Twin <TWIN@example.com>"},
            ]
        )
        twins.rgpd_give_consent(letter, "phone", note="call")
        twins[1].rgpd_withdraw_consent(letter, "phone", note="call")
        people["twins"] = twins
        # Objections to the processing on legitimate interest.
        make("objected", 3).rgpd_withdraw_consent(analytics, "phone", note="objects")
        people["given"][:2].rgpd_withdraw_consent(analytics, "phone", note="objects")
        # Erased by the Officer, then back under the same address.
        gone = make("gone", 3)
        gone.with_user(cls.officer).rgpd_anonymize("Erasure request")
        people["erased"] = Partner.create(
            [{"name": f"Back {n}", "email": f"gone.{n}@example.com"} for n in range(3)]
        )
        # Restricted by the Officer (Art. 18): consenting, withdrawn, none.
        restricted = make("restricted", 3)
        restricted[0].rgpd_give_consent(letter, "phone", note="call")
        restricted[1].rgpd_withdraw_consent(letter, "phone", note="call")
        restricted.with_user(cls.officer)._rgpd_restrict("Contests the accuracy")
        # Prospecting: a company, its staff and individuals.
        prospecting = cls.prospecting.code
        acme = Partner.create({"name": "Acme", "is_company": True, "email": "info@acme.example"})
        people["acme"] = acme
        people["staff"] = staff = Partner.create(
            [
                {"name": f"Staff {n}", "email": f"staff.{n}@acme.example", "parent_id": acme.id}
                for n in range(5)
            ]
        )
        staff[1].rgpd_withdraw_consent(prospecting, "phone", note="no more mails")
        staff[2].rgpd_give_consent(prospecting, "paper", note="form", date=long_ago)
        cls.env["rgpd.consent"].with_user(cls.sender).create(
            {
                "partner_id": staff[3].id,
                "purpose_id": cls.prospecting.id,
                "channel": "import",
                "state": "refused",
                "date_given": long_ago,
                "evidence_note": "Trade fair 2024, sheet 4",
            }
        )
        staff[4].rgpd_give_consent(prospecting, "phone", note="call")
        people["given"][:3].rgpd_give_consent(prospecting, "phone", note="call")
        # Archived: one consenting, one restricted.
        archived = make("archived", 2)
        archived.rgpd_give_consent(letter, "phone", note="call")
        archived[1].with_user(cls.officer)._rgpd_restrict("Objects")
        archived.with_user(cls.officer).action_archive()
        return people

    def everyone(self):
        partners = self.env["res.partner"]
        for key, records in self.people.items():
            if key != "gone":
                partners |= records
        return partners.with_user(self.sender).with_context(active_test=False)

    def test_both_forms_agree_on_every_purpose(self):
        everyone = self.everyone()
        self.assertGreaterEqual(len(everyone), 50)
        seen = set()
        purposes = self.letter | self.analytics | self.orders | self.prospecting
        for purpose in purposes.with_user(self.sender):
            with self.subTest(purpose=purpose.code):
                allowed, excluded = purpose._rgpd_split_recipients(everyone)
                sql_allowed, sql_excluded = purpose._rgpd_split_recipients_sql(everyone)
                self.assertEqual(sql_allowed.ids, allowed.ids)
                self.assertEqual(
                    {reason: sorted(p.ids) for reason, p in sql_excluded.items()},
                    {reason: sorted(p.ids) for reason, p in excluded.items()},
                )
                seen |= set(excluded)
        # The population holds every reason of the three addons.
        self.assertEqual(
            seen,
            {
                "no_consent",
                "withdrawn",
                "expired",
                "objected",
                "address_changed",
                "erased",
                "restricted",
            },
        )

    def test_what_the_sender_would_see(self):
        """The reasons themselves, not only their agreement."""
        everyone = self.everyone()
        people = self.people
        allowed, excluded = self.letter.with_user(self.sender)._rgpd_split_recipients_sql(everyone)
        self.assertEqual(
            allowed,
            people["given"] | people["confirmed"] | people["twins"][0] | people["archived"][0],
        )
        self.assertEqual(excluded["withdrawn"], people["withdrawn"] | people["twins"][1])
        self.assertEqual(excluded["expired"], people["expired"] | people["outdated"])
        self.assertEqual(excluded["address_changed"], people["moved"] | people["unmailable"])
        self.assertEqual(
            excluded["restricted"], people["restricted"] | people["archived"][1], "listed once"
        )
        self.assertEqual(
            excluded["no_consent"],
            people["pending"]
            | people["refused"]
            | people["never"]
            | people["no_email"]
            | people["erased"]
            | people["objected"]
            | people["acme"]
            | people["staff"],
        )
        allowed, excluded = self.analytics.with_user(self.sender)._rgpd_split_recipients_sql(
            everyone
        )
        self.assertEqual(excluded["objected"], people["objected"] | people["given"][:2])
        self.assertEqual(excluded["erased"], people["erased"])
        # A contract reaches everyone but the restricted.
        allowed, excluded = self.orders.with_user(self.sender)._rgpd_split_recipients_sql(everyone)
        self.assertEqual(list(excluded), ["restricted"])
        self.assertEqual(allowed, everyone - excluded["restricted"])

    def test_mailing_matches_the_rule(self):
        """The mailing's one query gives each record the reason of the
        Python rule: contacts directly, mailing contacts through the
        contacts of their address (a withdrawal on one contact of the
        address beats a consent on another)."""
        everyone = self.everyone()
        Mailing = self.env["mailing.mailing"].with_user(self.sender)
        for purpose in (self.letter, self.analytics):
            mailing = Mailing.create(
                {
                    "subject": "Rule check",
                    "body_html": "<p>News</p>",
                    "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "mailing_domain": str([("id", "in", everyone.ids)]),
                    "rgpd_purpose_id": purpose.id,
                }
            )
            allowed, excluded = purpose.with_user(self.sender)._rgpd_split_recipients(everyone)
            with self.subTest(purpose=purpose.code):
                sql_allowed, sql_excluded = mailing._rgpd_split_records(everyone.ids)
                self.assertEqual(sql_allowed, set(allowed.ids))
                self.assertEqual(sql_excluded, {r: set(p.ids) for r, p in excluded.items()})
                # Archived contacts are not in the mailing's own search.
                active = everyone.filtered("active")
                counts = mailing._rgpd_exclusion_counts()
                self.assertEqual(
                    counts,
                    {
                        reason: len(partners & active)
                        for reason, partners in excluded.items()
                        if partners & active
                    },
                )
                self.assertEqual(mailing.rgpd_excluded_count, sum(counts.values()))
                self.assertEqual(sorted(mailing._get_recipients()), sorted((allowed & active).ids))

        addresses = [p.email_normalized for p in everyone if p.email_normalized]
        addresses += ["stranger@example.com"]
        mailing_list = (
            self.env["mailing.list"]
            .with_user(self.sender)
            .create(
                {
                    "name": "Rule check list",
                    "contact_ids": [
                        Command.create({"name": email, "email": email})
                        for email in dict.fromkeys(addresses)
                    ],
                }
            )
        )
        mailing = Mailing.create(
            {
                "subject": "Rule check",
                "body_html": "<p>News</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("mailing.list"),
                "contact_list_ids": [Command.set(mailing_list.ids)],
                "rgpd_purpose_id": self.letter.id,
            }
        )
        allowed, excluded = self.letter.with_user(self.sender)._rgpd_split_recipients(everyone)
        reason_of = {p.id: reason for reason, ps in excluded.items() for p in ps}
        expected = {}
        for contact in mailing_list.contact_ids:
            partners = everyone.filtered(
                lambda p, c=contact: p.email_normalized == c.email_normalized
            ).sorted("id")
            reasons = [reason_of[p.id] for p in partners if p.id in reason_of]
            strong = [r for r in reasons if r not in ("no_consent", "expired")]
            if strong:
                expected[contact.id] = strong[0]
            elif partners & allowed:
                expected[contact.id] = None
            else:
                expected[contact.id] = reasons[0] if reasons else "no_contact"
        sql_allowed, sql_excluded = mailing._rgpd_split_records(mailing_list.contact_ids.ids)
        got = {res_id: None for res_id in sql_allowed}
        for reason, ids in sql_excluded.items():
            got.update(dict.fromkeys(ids, reason))
        self.assertEqual(got, expected)
        twin = mailing_list.contact_ids.filtered(lambda c: c.email == "twin@example.com")
        self.assertEqual(got[twin.id], "withdrawn")
        self.assertEqual(
            sorted(mailing.with_user(self.sender)._get_recipients()),
            sorted(res_id for res_id, reason in got.items() if reason is None),
        )

    def test_b2b_prospecting(self):
        """CPCE L34-5: a professional address is mailed on legitimate
        interest unless the person withdrew or refused; an individual only
        with consent."""
        people = self.people
        everyone = self.everyone()
        purpose = self.prospecting.with_user(self.sender)
        allowed, excluded = purpose._rgpd_split_recipients_sql(everyone)
        staff = people["staff"]
        self.assertEqual(
            allowed & (staff | people["acme"]), people["acme"] | staff[0] | staff[2] | staff[4]
        )
        self.assertEqual(excluded["withdrawn"] & staff, staff[1])
        self.assertEqual(excluded["no_consent"] & staff, staff[3], "refused: not mailed")
        # The individuals: consent only.
        self.assertEqual(allowed & people["never"], people["never"].browse())
        self.assertEqual(allowed & people["given"], people["given"][:3])
        self.assertEqual(purpose._rgpd_split_recipients(everyone)[0], allowed)
        # The sender's mailing form says how many go on which basis.
        audience = people["acme"] | staff | people["given"][:3] | people["never"]
        mailing = (
            self.env["mailing.mailing"]
            .with_user(self.sender)
            .create(
                {
                    "subject": "Our offer",
                    "body_html": "<p>Offer</p>",
                    "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "mailing_domain": str([("id", "in", audience.ids)]),
                    "rgpd_purpose_id": self.prospecting.id,
                }
            )
        )
        self.assertEqual(
            mailing.rgpd_basis_summary,
            "4 on their consent, 3 on legitimate interest (professional addresses)",
        )
        self.assertEqual(
            sorted(mailing._get_recipients()),
            sorted((people["acme"] | staff[0] | staff[2] | staff[4] | people["given"][:3]).ids),
        )
        # Without the B2B basis, the staff without consent is left out.
        self.prospecting.with_user(self.officer).prospecting_b2b = False
        allowed, _excluded = purpose._rgpd_split_recipients_sql(everyone)
        self.assertEqual(allowed & staff, staff[4])

    def test_soft_opt_in_for_existing_customers(self):
        """CPCE L34-5, the soft opt-in: a customer who bought from the
        company (a posted customer invoice) is mailed about similar products
        without consent, unless she refused or withdrew; a supplier, or a
        person who never bought, only with consent. Both forms of the rule
        agree, and the register and the notice say it."""
        Partner = self.env["res.partner"].with_user(self.sender)
        buyer, refuser, supplier, stranger = Partner.create(
            [
                {"name": f"Soft {key}", "email": f"soft.{key}@example.com"}
                for key in ("buyer", "refuser", "supplier", "stranger")
            ]
        )
        purpose = self.prospecting.with_user(self.officer)
        purpose.write({"prospecting_b2b": False, "prospecting_customers": True})
        refuser.with_user(self.sender).rgpd_withdraw_consent(purpose.code, "phone")
        Move = self.env["account.move"]
        for partner, move_type in (
            (buyer, "out_invoice"),
            (refuser, "out_invoice"),
            (supplier, "in_invoice"),
        ):
            Move.create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": "2026-11-02",
                    "invoice_line_ids": [
                        Command.create({"name": "Coffee beans", "quantity": 1, "price_unit": 12})
                    ],
                }
            ).action_post()
        everyone = buyer | refuser | supplier | stranger
        as_sender = purpose.with_user(self.sender)
        allowed, excluded = as_sender._rgpd_split_recipients(everyone)
        self.assertEqual(allowed, buyer)
        self.assertEqual(excluded["withdrawn"], refuser)
        self.assertEqual(excluded["no_consent"], supplier | stranger)
        sql_allowed, sql_excluded = as_sender._rgpd_split_recipients_sql(everyone)
        self.assertEqual(sql_allowed, allowed)
        self.assertEqual(
            {reason: set(ids.ids) for reason, ids in sql_excluded.items()},
            {reason: set(ids.ids) for reason, ids in excluded.items()},
        )
        mailing = (
            self.env["mailing.mailing"]
            .with_user(self.sender)
            .create(
                {
                    "subject": "Our new roasts",
                    "body_html": "<p>Offer</p>",
                    "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "mailing_domain": str([("id", "in", everyone.ids)]),
                    "rgpd_purpose_id": purpose.id,
                }
            )
        )
        self.assertEqual(mailing._get_recipients(), buyer.ids)
        self.assertEqual(
            mailing.rgpd_basis_summary,
            "0 on their consent, 1 on legitimate interest "
            "(existing customers, about similar products)",
        )
        said = "legitimate interest for existing customers, about similar products"
        self.assertIn(said, purpose._rgpd_basis_description())
        facts = {fact["key"]: fact["value"] for fact in purpose._rgpd_notice_facts()}
        self.assertIn(said, facts["lawful_basis"])
        [row] = [
            row
            for row in self.env["rgpd.purpose"]
            .with_user(self.officer)
            ._rgpd_register_rows(self.env.company)
            if row["purpose"] == purpose
        ]
        self.assertIn(said, row["lawful_basis"])
