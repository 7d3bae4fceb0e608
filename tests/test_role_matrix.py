# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may do what, as the table of rgpd_dsar/README.rst says: every act of
the suite tried as a portal customer, a Privacy User (a sales user), a
salesperson outside the Privacy groups and a Privacy Officer, none of them
the superuser. Each cell is tried in a savepoint that is rolled back, so the
cells do not depend on each other."""

from contextlib import closing

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

PORTAL, USER, SALES, OFFICER = "portal", "privacy user", "salesperson", "officer"
ROLES = (PORTAL, USER, SALES, OFFICER)
REFUSED = (AccessError, UserError, ValidationError)


@tagged("post_install", "-at_install")
class TestRoleMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            PORTAL: new_test_user(cls.env, "matrix_portal", groups="base.group_portal"),
            USER: new_test_user(
                cls.env,
                "matrix_user",
                groups="rgpd_consent.group_rgpd_user,sales_team.group_sale_salesman",
            ),
            SALES: new_test_user(
                cls.env,
                "matrix_sales",
                groups="sales_team.group_sale_salesman,base.group_partner_manager",
            ),
            OFFICER: new_test_user(
                cls.env,
                "matrix_officer",
                groups="base.group_partner_manager,rgpd_consent.group_rgpd_officer",
            ),
        }
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Matrix Newsletter",
                "code": "matrix_news",
                "description": "<p>Our monthly news.</p>",
                "lawful_basis": "consent",
                "company_id": False,
            }
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Mathilde Matrix",
                "email": "mathilde.matrix@example.com",
                "phone": "0611223344",
            }
        )
        # A consent history: what the Officer's erasure must get through.
        cls.person.rgpd_give_consent("matrix_news", "phone", note="Said yes on the phone.")
        cls.policy = cls.env["rgpd.retention.policy"].search([], limit=1)
        cls.breach = cls.env["rgpd.breach"].search([], limit=1)

    def request(self, request_type="access", verified=True):
        """A request about the person, verified when asked (as the Officer
        would have done it: the superuser only sets the scene)."""
        request = (
            self.env["rgpd.dsar.request"]
            .with_context(rgpd_dsar_no_mail=True)
            .create(
                {"request_type": request_type, "partner_id": self.person.id, "channel": "email"}
            )
        )
        if verified:
            request.identity_method = "known_contact"
            request.action_verify_identity()
        return request

    def as_role(self, role, records):
        return records.with_user(self.users[role])

    def assert_matrix(self, act, allowed, attempt):
        """Try `attempt(role)` as every role: it works for the roles in
        `allowed`, and is refused with a clear error for the others."""
        for role in ROLES:
            with self.subTest(act=act, role=role), closing(self.env.cr.savepoint()):
                if role in allowed:
                    attempt(role)
                else:
                    try:
                        with mute_logger("odoo.models"):
                            attempt(role)
                    except REFUSED:
                        continue
                    self.fail(f"{role} could {act}")

    # ------------------------------------------------------------------
    # Consents
    # ------------------------------------------------------------------

    def test_record_ask_withdraw_a_consent(self):
        person = self.person
        self.assert_matrix(
            "record a consent",
            {USER, OFFICER},
            lambda role: self.as_role(role, person).rgpd_give_consent(
                "matrix_news", "phone", note="Said yes again."
            ),
        )
        self.assert_matrix(
            "ask for a consent",
            {USER, OFFICER},
            lambda role: self.as_role(role, person).rgpd_request_consent(["matrix_news"]),
        )
        self.assert_matrix(
            "withdraw for someone",
            {USER, OFFICER},
            lambda role: self.as_role(role, person).rgpd_withdraw_consent(
                "matrix_news", "phone", note="Said no on the phone."
            ),
        )

    def test_nobody_speaks_for_the_person(self):
        """The channels of the person (portal, email confirmation, web form)
        and the proof fields are refused from every role, the Officer included."""
        person = self.person
        consent = person.rgpd_consent_ids
        for channel in ("portal", "email", "form"):
            self.assert_matrix(
                f"record an act of the person ({channel})",
                set(),
                lambda role, channel=channel: (
                    self.as_role(role, person)
                    .with_context(rgpd_subject_acts=True)
                    .rgpd_give_consent("matrix_news", channel)
                ),
            )
        for values in (
            {"state": "given"},
            {"channel": "email"},
            {"date_given": fields.Datetime.now()},
            {"date_withdrawn": fields.Datetime.now()},
        ):
            self.assert_matrix(
                f"write a consent's {next(iter(values))}",
                set(),
                lambda role, values=values: self.as_role(role, consent).write(values),
            )
            self.assert_matrix(
                f"create a consent with its {next(iter(values))}",
                set(),
                lambda role, values=values: self.as_role(role, self.env["rgpd.consent"]).create(
                    {
                        "partner_id": self.env["res.partner"].create({"name": "Someone Else"}).id,
                        "purpose_id": self.purpose.id,
                        **values,
                    }
                ),
            )

    def test_demo_sales_user_records_a_consent(self):
        """The demo's sales user (camille, as the README says) records a
        consent given on the phone through the wizard, with her own rights."""
        camille = self.env.ref("rgpd_consent.user_camille")
        self.assertTrue(camille.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(camille.has_group("rgpd_consent.group_rgpd_officer"))
        contact = self.env.ref("rgpd_consent.partner_camille_durand")
        caller = self.env["res.partner"].create(
            {"name": "Paul Caller", "email": "paul.caller@example.com"}
        )
        wizard = Form(
            self.env["rgpd.consent.record.wizard"]
            .with_user(camille)
            .with_context(default_partner_ids=caller.ids)
        )
        wizard.purpose_id = self.purpose
        wizard.channel = "phone"
        wizard.note = "Called her back; she said yes."
        wizard.save().action_record()
        consent = caller.rgpd_consent_ids
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.event_ids.user_id, camille)
        self.assertTrue(contact.with_user(camille).read(["name"]))

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    def test_file_a_request(self):
        self.assert_matrix(
            "file a request",
            {USER, OFFICER},
            lambda role: self.as_role(role, self.env["rgpd.dsar.request"]).create(
                {"request_type": "access", "partner_id": self.person.id, "channel": "phone"}
            ),
        )

    def test_request_system_fields_on_create_and_write(self):
        attachment = self.env["ir.attachment"].create({"name": "secret.txt", "raw": b"secret"})
        request = self.request(verified=False)
        for values in (
            {"state": "done"},
            {"identity_verified": True},
            {"export_attachment_id": attachment.id},
            {"date_deadline": "2099-12-31"},
            {"date_first_deadline": "2099-12-31"},
            {"date_processed": fields.Datetime.now()},
            {"date_closed": fields.Datetime.now()},
            {"extension_months": 2},
            {"refusal_reason": "No."},
        ):
            name = next(iter(values))
            self.assert_matrix(
                f"write a request's {name}",
                set(),
                lambda role, values=values: self.as_role(role, request).write(values),
            )
            self.assert_matrix(
                f"create a request with its {name}",
                set(),
                lambda role, values=values: (
                    self.as_role(role, self.env["rgpd.dsar.request"])
                    .with_context(rgpd_dsar_no_mail=True)
                    .create(
                        {
                            "request_type": "access",
                            "partner_id": self.person.id,
                            "channel": "phone",
                            **values,
                        }
                    )
                ),
            )
        self.assert_matrix(
            "move a request's date of receipt",
            set(),
            lambda role: self.as_role(role, request).write({"date_received": "2099-12-31"}),
        )

    def test_request_workflow(self):
        def verify(role):
            request = self.request(verified=False)
            request.identity_method = "known_contact"
            self.as_role(role, request).action_verify_identity()

        self.assert_matrix("verify identity", {OFFICER}, verify)
        self.assert_matrix(
            "extend",
            {OFFICER},
            lambda role: self.as_role(role, self.request())._rgpd_extend(2, "Complex request."),
        )
        self.assert_matrix(
            "refuse",
            {OFFICER},
            lambda role: self.as_role(role, self.request())._rgpd_refuse("Manifestly unfounded."),
        )
        self.assert_matrix(
            "cancel", {OFFICER}, lambda role: self.as_role(role, self.request()).action_cancel()
        )

    def test_carry_out_each_request_type(self):
        self.assert_matrix(
            "export (access)",
            {OFFICER},
            lambda role: self.as_role(role, self.request("access")).action_generate_export(),
        )
        self.assert_matrix(
            "erase a person with a consent history",
            {OFFICER},
            lambda role: self.as_role(role, self.request("erasure")).action_erase(),
        )
        self.assert_matrix(
            "restrict",
            {OFFICER},
            lambda role: self.as_role(role, self.request("restriction")).action_restrict(),
        )
        self.assert_matrix(
            "object",
            {OFFICER},
            lambda role: self.as_role(role, self.request("objection")).action_object(),
        )

        def close(role):
            request = self.request("access")
            request.action_generate_export()
            self.as_role(role, request).action_done()

        self.assert_matrix("close", {OFFICER}, close)

    def test_officer_erases_end_to_end(self):
        """The Officer, with her own account, erases a person with consents:
        the contact is anonymized and its ledger scrubbed."""
        request = self.request("erasure")
        self.as_role(OFFICER, request).action_erase()
        self.assertTrue(self.person.rgpd_anonymized)
        self.assertNotIn("Mathilde", self.person.name)
        self.assertTrue(request.erasure_log_ids)

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    def test_engine_and_officer_fields_of_contacts(self):
        for values in (
            {"rgpd_anonymized": True},
            {"rgpd_previously_erased": True},
            {"rgpd_keep_date": fields.Datetime.now()},
            {"rgpd_notice_date": fields.Datetime.now()},
            {"rgpd_legal_hold": True},
            {"rgpd_restricted": True},
        ):
            name = next(iter(values))
            self.assert_matrix(
                f"write a contact's {name}",
                set(),
                lambda role, values=values: self.as_role(role, self.person).write(values),
            )
            self.assert_matrix(
                f"create a contact with its {name}",
                set(),
                lambda role, values=values: self.as_role(role, self.env["res.partner"]).create(
                    {"name": "New Contact", **values}
                ),
            )

    def test_no_context_default_sets_a_system_field(self):
        """A `default_<field>` key sent by RPC with a create sets nothing."""
        forged = {
            "rgpd.consent": {
                "state": "given",
                "date_given": "2020-01-01 10:00:00",
                "evidence_note": "She said yes, trust me.",
            },
            "res.partner": {
                "rgpd_legal_hold": True,
                "rgpd_anonymized": True,
                "rgpd_restricted": True,
            },
            "rgpd.dsar.request": {
                "state": "done",
                "identity_verified": True,
                "date_deadline": "2099-12-31",
            },
        }

        def values(model):
            if model == "rgpd.consent":
                person = self.env["res.partner"].create({"name": "Asked Person"})
                return {"partner_id": person.id, "purpose_id": self.purpose.id}
            if model == "res.partner":
                return {"name": "Contact Made By RPC"}
            return {"request_type": "access", "partner_id": self.person.id, "channel": "phone"}

        for role in (USER, OFFICER):
            for model, fields_values in forged.items():
                for fname, value in fields_values.items():
                    with self.subTest(role=role, model=model, field=fname):
                        record = (
                            self.env[model]
                            .with_user(self.users[role])
                            .with_context(**{f"default_{fname}": value})
                            .create(values(model))
                        )
                        field = record._fields[fname]
                        self.assertNotEqual(record[fname], field.convert_to_cache(value, record))

    def test_anonymize_and_run_a_policy(self):
        self.assert_matrix(
            "anonymize",
            {OFFICER},
            lambda role: self.as_role(role, self.person).rgpd_anonymize("Officer's decision."),
        )
        if self.policy:
            self.assert_matrix(
                "run a policy", {OFFICER}, lambda role: self.as_role(role, self.policy).action_run()
            )

    # ------------------------------------------------------------------
    # Registers and exports
    # ------------------------------------------------------------------

    def test_read_a_breach_and_an_export(self):
        if self.breach:
            self.assert_matrix(
                "read a breach",
                {OFFICER},
                lambda role: self.as_role(role, self.breach).read(["name"]),
            )
        request = self.request("access")
        request.action_generate_export()
        export = request.sudo().export_attachment_id
        self.assertTrue(export)
        self.assert_matrix(
            "read an export file",
            {OFFICER},
            lambda role: self.as_role(role, export).read(["datas"]),
        )

    def test_command_link_is_not_a_door(self):
        """A many2many command sent by RPC does not reach the erasure logs."""
        request = self.request("erasure")
        log = self.env["rgpd.retention.log"].search([], limit=1)
        if log:
            self.assert_matrix(
                "link erasure logs",
                set(),
                lambda role: self.as_role(role, request).write(
                    {"erasure_log_ids": [Command.link(log.id)]}
                ),
            )

    def test_every_privacy_menu_opens_for_who_sees_it(self):
        """No dead end: each menu of the Privacy app that a Privacy User or
        an Officer sees opens the suite's views and reads the fields they show
        (list, form, kanban) with her own rights."""
        root = self.env.ref("rgpd_consent.menu_rgpd_root")
        for role in (USER, OFFICER):
            user = self.users[role]
            Menu = self.env["ir.ui.menu"].with_user(user)
            menus = Menu.browse(Menu._visible_menu_ids()).filtered_domain(
                [("id", "child_of", root.id), ("action", "!=", False)]
            )
            self.assertTrue(menus)
            for menu in menus:
                action = menu.sudo().action
                if action._name != "ir.actions.act_window" or not action.res_model.startswith(
                    "rgpd."
                ):
                    continue
                with self.subTest(role=role, menu=menu.complete_name):
                    context = safe_eval(action.context or "{}", {"uid": user.id})
                    Model = self.env[action.res_model].with_user(user).with_context(**context)
                    views = {mode: False for mode in action.view_mode.split(",")}
                    views.update({view.view_mode: view.view_id.id for view in action.view_ids})
                    views["search"] = action.search_view_id.id
                    result = Model.get_views([(view, mode) for mode, view in views.items()])
                    shown = result["models"][action.res_model]["fields"]
                    domain = safe_eval(action.domain or "[]", {"uid": user.id})
                    Model.web_search_read(domain, {name: {} for name in shown}, limit=5)
        retention = self.env.ref("rgpd_retention.menu_rgpd_retention")
        self.assertNotIn(
            retention.id, self.env["ir.ui.menu"].with_user(self.users[USER])._visible_menu_ids()
        )
