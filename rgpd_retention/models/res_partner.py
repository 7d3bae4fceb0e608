# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.rgpd_consent import system_fields
from odoo.addons.rgpd_consent.signed_links import read_signed_ids, sign

# The English form of the pseudonym; the engine writes it in the company's
# language (see _rgpd_pseudonym).
PSEUDONYM = "Anonymized contact #"
KEEP_SCOPE = "rgpd_retention.keep"
KEEP_TOKEN_DAYS = 60
ANONYMIZED_LOGIN = "anonymized-user-%s"
# Code de commerce L123-22: accounting documents are kept 10 years.
INVOICE_RETENTION_YEARS = 10
INVOICE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund")
DUE_SOON_DAYS = 30
HOLD_FIELDS = {"rgpd_legal_hold", "rgpd_legal_hold_reason", "rgpd_legal_hold_until"}
# System fields (CONTRACT): the engine's and the suppression list's flags and
# dates, and the Officer's legal hold. `create` and `write` refuse them
# unless env.su: the engine, `_rgpd_keep_data`, the notices and the hold
# actions write them through sudo() after their own checks.
ENGINE_FIELDS = {
    "rgpd_anonymized",
    "rgpd_anonymized_date",
    "rgpd_previously_erased",
    "rgpd_keep_date",
    "rgpd_notice_date",
}
SYSTEM_FIELDS = ENGINE_FIELDS | HOLD_FIELDS
# Channels where the person acts themself.
SELF_SERVICE_CHANNELS = ("portal", "form")


OFFICER_GROUP = "rgpd_consent.group_rgpd_officer"


def check_officer(env, message):
    """Raise AccessError(message) unless the caller is a Privacy Officer or
    the system (env.su: the scheduled actions, the engine's own calls)."""
    if not (env.su or env.user.has_group(OFFICER_GROUP)):
        raise AccessError(message)


class ResPartner(models.Model):
    _inherit = "res.partner"

    rgpd_anonymized = fields.Boolean(string="Anonymized", readonly=True, copy=False, index=True)
    rgpd_anonymized_date = fields.Datetime(string="Anonymized On", readonly=True, copy=False)
    rgpd_legal_hold = fields.Boolean(
        string="Legal Hold",
        readonly=True,
        copy=False,
        tracking=True,
        help="Keep this contact's data whatever the retention policies say "
        "(litigation, legal obligation). Only the Privacy Officer sets it.",
    )
    rgpd_legal_hold_reason = fields.Char(
        string="Hold Reason", readonly=True, copy=False, tracking=True
    )
    rgpd_legal_hold_until = fields.Date(
        string="Hold Until",
        readonly=True,
        copy=False,
        tracking=True,
        help="Empty: until the Officer lifts the hold.",
    )
    rgpd_hold_summary = fields.Char(
        string="Why Kept",
        compute="_compute_rgpd_hold_summary",
        help="The legal hold, or the accounting documents, that keep this contact's data.",
    )
    rgpd_due_summary = fields.Char(
        string="Retention Due",
        compute="_compute_rgpd_due_summary",
        help="The retention policy that will process this contact within 30 days.",
    )
    rgpd_previously_erased = fields.Boolean(
        string="Previously Erased",
        readonly=True,
        copy=False,
        index=True,
        help="A person with this email or phone was erased before: they are "
        "not asked for consent again until they give it themself.",
    )

    rgpd_last_activity_date = fields.Datetime(
        string="Last Activity",
        compute="_compute_rgpd_last_activity_date",
        search="_search_rgpd_last_activity_date",
        help="The latest of: creation, messages written, consent events, leads, "
        "sales orders, invoices, portal logins, clicks in mailings, and the "
        "person's request to keep their data.",
    )
    rgpd_is_customer = fields.Boolean(
        string="Customer",
        compute="_compute_rgpd_is_customer",
        search="_search_rgpd_is_customer",
        help="Has a confirmed sales order or a posted invoice: a customer rather than a prospect.",
    )
    rgpd_keep_date = fields.Datetime(
        string="Asked to Keep Data On",
        readonly=True,
        copy=False,
        help="The person followed the link of the retention notice to keep their data.",
    )
    rgpd_notice_date = fields.Datetime(
        string="Retention Notice Sent On",
        readonly=True,
        copy=False,
    )

    # ------------------------------------------------------------------
    # Last activity
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_activity_query(self):
        """SELECT partner id, last activity date of every partner, in SQL: the
        one definition of a person's last activity."""
        sources = [
            SQL("SELECT author_id, max(date) FROM mail_message GROUP BY author_id"),
            SQL("SELECT partner_id, max(date) FROM rgpd_consent_event GROUP BY partner_id"),
            SQL(
                """SELECT partner_id,
                          max(GREATEST(create_date, date_closed, date_last_stage_update))
                     FROM crm_lead WHERE partner_id IS NOT NULL GROUP BY partner_id"""
            ),
            SQL(
                """SELECT u.partner_id, max(l.create_date) FROM res_users_log l
                     JOIN res_users u ON u.id = l.create_uid GROUP BY u.partner_id"""
            ),
        ]
        if "sale.order" in self.env:
            sources.append(
                SQL(
                    """SELECT partner_id, max(date_order) FROM sale_order
                        WHERE state = 'sale' GROUP BY partner_id"""
                )
            )
        if "account.move" in self.env:
            sources.append(
                SQL(
                    """SELECT partner_id, max(invoice_date)::timestamp FROM account_move
                        WHERE state = 'posted' AND move_type IN %s GROUP BY partner_id""",
                    INVOICE_TYPES,
                )
            )
        if "mailing.trace" in self.env:
            # A click counts, an opened mail does not (CNIL, délibération 2021-131).
            sources.append(
                SQL(
                    """SELECT t.res_id, max(t.links_click_datetime) FROM mailing_trace t
                        WHERE t.model = 'res.partner' AND t.links_click_datetime IS NOT NULL
                        GROUP BY t.res_id"""
                )
            )
        return SQL(
            """
            SELECT p.id AS partner_id,
                   GREATEST(p.create_date, p.rgpd_keep_date, a.last_date) AS last_date
              FROM res_partner p
              LEFT JOIN (
                  SELECT partner_id, max(last_date) AS last_date
                    FROM (%s) AS s(partner_id, last_date)
                   GROUP BY partner_id
              ) a ON a.partner_id = p.id
            """,
            SQL(" UNION ALL ").join(sources),
        )

    @api.model
    def _compute_rgpd_is_customer(self):
        self.env.flush_all()
        customers = {
            row[0] for row in self.env.execute_query(self._rgpd_customer_query(INVOICE_TYPES))
        }
        for partner in self:
            partner.rgpd_is_customer = partner.id in customers

    def _search_rgpd_is_customer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        self.env.flush_all()
        positive = (operator == "=") == value
        return Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "%s %s (SELECT * FROM (%s) c WHERE c IS NOT NULL)",
                SQL.identifier(alias, "id"),
                SQL("IN") if positive else SQL("NOT IN"),
                self._rgpd_customer_query(INVOICE_TYPES),
            )
        )

    def _compute_rgpd_last_activity_date(self):
        self.env.flush_all()
        dates = dict(
            self.env.execute_query(
                SQL(
                    "SELECT partner_id, last_date FROM (%s) q WHERE partner_id = ANY(%s)",
                    self._rgpd_activity_query(),
                    self.ids,
                )
            )
        )
        for partner in self:
            partner.rgpd_last_activity_date = dates.get(partner.id)

    def _search_rgpd_last_activity_date(self, operator, value):
        if operator in ("in", "not in") and not any(value):
            # ('rgpd_last_activity_date', '!=', False) arrives as "not in [False]".
            condition = SQL("last_date IS NULL" if operator == "in" else "last_date IS NOT NULL")
        elif operator in ("=", "!=") and not value:
            condition = SQL("last_date IS NULL" if operator == "=" else "last_date IS NOT NULL")
        elif operator in ("<", "<=", ">", ">=", "=", "!="):
            condition = SQL("last_date %s %s", SQL(operator), fields.Datetime.to_datetime(value))
        else:
            return NotImplemented
        self.env.flush_all()
        return Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "%s IN (SELECT partner_id FROM (%s) q WHERE %s)",
                SQL.identifier(alias, "id"),
                self._rgpd_activity_query(),
                condition,
            )
        )

    # ------------------------------------------------------------------
    # Legal holds
    # ------------------------------------------------------------------

    def _rgpd_manual_hold(self):
        """The partners of this recordset under a legal hold set by the Officer."""
        today = fields.Date.context_today(self)
        return self.filtered(
            lambda p: (
                p.rgpd_legal_hold
                and (not p.rgpd_legal_hold_until or p.rgpd_legal_hold_until >= today)
            )
        )

    def _rgpd_invoice_hold(self, tree=None):
        """{partner id: (date until which the name and address are kept, number
        of documents)} for these partners (and child contacts) named on posted
        invoices or credit notes younger than their legal retention period."""
        if "account.move" not in self.env or not self:
            return {}
        Move = self.env["account.move"]
        Move.flush_model(
            ["partner_id", "commercial_partner_id", "state", "move_type", "invoice_date"]
        )
        limit = fields.Date.context_today(self) - relativedelta(years=INVOICE_RETENTION_YEARS)
        if tree is None:
            tree = self.env["rgpd.data.map"]._rgpd_tree(self.ids)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT t.root, max(m.invoice_date), count(DISTINCT m.id)
                  FROM unnest(%s::int[], %s::int[]) AS t(id, root)
                  JOIN account_move m ON t.id IN (m.partner_id, m.commercial_partner_id)
                 WHERE m.state = 'posted' AND m.move_type IN %s AND m.invoice_date >= %s
                 GROUP BY t.root
                """,
                list(tree),
                list(tree.values()),
                INVOICE_TYPES,
                limit,
            )
        )
        return {
            pid: (date + relativedelta(years=INVOICE_RETENTION_YEARS), count)
            for pid, date, count in rows
        }

    @api.depends("rgpd_legal_hold", "rgpd_legal_hold_reason", "rgpd_legal_hold_until")
    def _compute_rgpd_hold_summary(self):
        manual = self._rgpd_manual_hold()
        invoices = self._origin._rgpd_invoice_hold() if self._origin else {}
        for partner in self:
            parts = []
            if partner in manual:
                until = partner.rgpd_legal_hold_until
                parts.append(
                    self.env._(
                        "Legal hold until %(date)s: %(reason)s",
                        date=until,
                        reason=partner.rgpd_legal_hold_reason or "",
                    )
                    if until
                    else self.env._(
                        "Legal hold: %(reason)s", reason=partner.rgpd_legal_hold_reason or ""
                    )
                )
            if partner._origin.id in invoices:
                until, count = invoices[partner._origin.id]
                parts.append(
                    self.env._(
                        "Name and address kept until %(date)s for %(count)s posted invoices "
                        "or credit notes "
                        "(accounting documents are kept 10 years).",
                        date=until,
                        count=count,
                    )
                )
            partner.rgpd_hold_summary = " ".join(parts)

    def _compute_rgpd_due_summary(self):
        self.rgpd_due_summary = False
        partners = self._origin.filtered(lambda p: p.id and not p.rgpd_anonymized)
        if not partners:
            return
        # sudo: which policy will process a contact is shown on its form.
        policies = (
            self.env["rgpd.retention.policy"]
            .sudo()
            .search([("active", "=", True), ("model", "=", "res.partner")])
        )
        for policy in policies:
            due = partners.with_context(active_test=False).search(
                policy._rgpd_due_domain(DUE_SOON_DAYS, noticed=False)
                & Domain("id", "in", partners.ids)
            )
            for partner in self.filtered(
                lambda p, due=due: p._origin in due and not p.rgpd_due_summary
            ):
                partner.rgpd_due_summary = self.env._(
                    "%(action)s within 30 days by the retention policy %(policy)s.",
                    action=dict(policy._fields["action"]._description_selection(self.env))[
                        policy.action
                    ],
                    policy=policy.name,
                )

    # ------------------------------------------------------------------
    # Suppression list
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_system_fields(self):
        """The fields of contacts that only the suite's code writes (other
        addons of the suite add theirs)."""
        return SYSTEM_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        model = system_fields.check_create(self, vals_list, self._rgpd_system_fields())
        partners = super(ResPartner, model).create(vals_list)
        partners._rgpd_flag_previously_erased()
        return partners

    def write(self, vals):
        system_fields.check_write(self, vals, self._rgpd_system_fields())
        result = super().write(vals)
        if {"email", "phone"} & set(vals):
            self._rgpd_flag_previously_erased()
        return result

    def _rgpd_flag_previously_erased(self):
        """Flag the partners whose email or phone is on the suppression list."""
        Suppression = self.env["rgpd.suppression"]
        candidates = self.filtered(lambda p: (p.email or p.phone) and not p.rgpd_anonymized)
        if not candidates:
            return
        listed = Suppression._rgpd_listed(
            candidates.mapped("email"),
            candidates.mapped("phone_sanitized") + candidates.mapped("phone"),
        )
        if not listed:
            return
        flagged = candidates.filtered(
            lambda p: (
                {
                    Suppression._rgpd_digest("email", p.email),
                    Suppression._rgpd_digest("phone", p.phone_sanitized),
                    Suppression._rgpd_digest("phone", p.phone),
                }
                & listed
            )
        )
        # sudo: a system field, set from the suppression list whoever adds
        # the email or phone.
        flagged.filtered(
            lambda p: not p.rgpd_previously_erased
        ).sudo().rgpd_previously_erased = True

    # ------------------------------------------------------------------
    # The anonymization engine
    # ------------------------------------------------------------------

    def action_rgpd_anonymize(self):
        """Open the confirmation wizard: what will change and what is kept."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Anonymize"),
            "res_model": "rgpd.anonymize.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def _rgpd_check_erasable(self, members):
        """Refuse the partners that must never be anonymized: the current
        user's, a company's, an internal user's."""
        # sudo: which partners belong to companies and internal users is
        # needed to refuse them; nothing is returned to the caller.
        companies = (
            self.env["res.company"].sudo().with_context(active_test=False).search([("id", "!=", 0)])
        )
        internal = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("share", "=", False)])
        )
        protected = members & (
            self.env.user.partner_id | companies.partner_id | internal.partner_id
        )
        if protected:
            raise UserError(
                self.env._(
                    "These contacts belong to the current user, a company or an internal user, "
                    "and cannot be anonymized: %s. Archive the user first, or remove the contact "
                    "from the company.",
                    ", ".join(protected.mapped("display_name")),
                )
            )

    def rgpd_anonymize(self, reason, policy=None, origin=None):
        """Anonymize these partners and their child contacts everywhere the
        personal-data map finds their data, and return the
        `rgpd.retention.log` written, one per partner.

        Set-based SQL for the bulk (no tracking values), the ORM for what has
        side effects (users archived with their login freed, attachments and
        their files, consent events through the ledger). Partners already
        anonymized are left alone; partners under a legal hold are skipped
        (and logged); partners on recent invoices keep their name and
        address only."""
        check_officer(self.env, self.env._("Only the Privacy Officer may anonymize contacts."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why these contacts are anonymized."))
        # sudo: the caller is an Officer or the system (checked above). The
        # engine rewrites what no role may write by hand (the consent
        # ledger's proof, users' logins, other people's mail, the logs); it
        # still refuses the contacts of companies and internal users.
        # In the company's language: the logs' summaries and the pseudonym
        # are stored text, read by every Officer of the company.
        lang = self.env.company._rgpd_lang()
        return (
            self.sudo().with_context(lang=lang)._rgpd_anonymize(reason, policy, origin)
        ).with_env(self.env)

    def _rgpd_pseudonym(self):
        """The pseudonym's prefix ("Anonymized contact #", followed by the
        id), in the language of the environment (the company's, see
        rgpd_anonymize): stored in the records, so written once in the
        language its readers share."""
        return self.env._("Anonymized contact #")

    def _rgpd_anonymize(self, reason, policy, origin):
        """`rgpd_anonymize` once the caller was checked: run as the superuser."""
        Log = self.env["rgpd.retention.log"]
        partners = self.with_context(active_test=False).filtered(lambda p: not p.rgpd_anonymized)
        if not partners:
            return Log
        Map = self.env["rgpd.data.map"]
        roots = Map._rgpd_tree(partners.ids)
        members = self.browse(list(roots)).with_context(active_test=False)
        self._rgpd_check_erasable(members)
        log_vals = {
            "reason": reason,
            "policy_id": policy.id if policy else False,
            "date": fields.Datetime.now(),
            "user_id": self.env.uid,
            "company_id": self.env.company.id,
        }
        if origin:
            log_vals["origin_ref"] = f"{origin._name},{origin.id}"
        held = partners._rgpd_manual_hold()
        logs_vals = [
            {
                **log_vals,
                "partner_id": partner.id,
                "partner_ref": partner.id,
                "outcome": "held",
                "kept_summary": partner.rgpd_hold_summary,
            }
            for partner in held
        ]
        partners -= held
        if partners:
            tree = {pid: root for pid, root in roots.items() if root in partners.ids}
            logs_vals += partners._rgpd_erase(log_vals, tree)
        # The log is written only by the engine (sudo, see rgpd_anonymize),
        # for an anonymization the caller was allowed to run; in one INSERT.
        return Log._rgpd_insert(logs_vals)

    def _rgpd_erase(self, log_vals, tree):
        """The engine's work on partners that are not on hold, with their
        child contacts (`tree`, see `rgpd.data.map._rgpd_tree`): returns the
        values of their logs."""
        Map = self.env["rgpd.data.map"]
        identities = Map._rgpd_identities(self, tree)
        roots, emails = identities
        members = self.browse(list(roots)).with_context(active_test=False)
        invoice_hold = self._rgpd_invoice_hold(tree)
        mentions = Map._rgpd_mentions(roots, emails)
        matches = Map._rgpd_match(self, identities, mentions)
        # The suppression list, before the values are gone.
        self.env["rgpd.suppression"]._rgpd_add(
            emails=list(emails),
            phones=members.mapped("phone") + members.mapped("phone_sanitized"),
            normalized_emails=True,
        )
        counts, kept = Map._rgpd_apply(
            matches, self._rgpd_pseudonym(), "res.partner", set(invoice_hold), mentions
        )
        # The partners themselves: archived, marked. Their users: archived,
        # their login freed for somebody else.
        self.env.execute_query(
            SQL(
                """UPDATE res_partner
                      SET active = FALSE, rgpd_anonymized = TRUE, rgpd_anonymized_date = %s,
                          rgpd_previously_erased = FALSE
                    WHERE id = ANY(%s)""",
                fields.Datetime.now(),
                members.ids,
            )
        )
        self.env.invalidate_all()
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False, tracking_disable=True)
            .search([("partner_id", "in", members.ids)])
        )
        for user in users:
            user.write({"login": ANONYMIZED_LOGIN % user.id, "active": False})
        self.env.flush_all()
        logs = []
        for partner in self:
            summary = []
            if partner.id in invoice_hold:
                until, count = invoice_hold[partner.id]
                summary.append(
                    self.env._(
                        "Name and address kept until %(date)s: %(count)s posted invoices "
                        "or credit notes "
                        "(Code de commerce L123-22, GDPR Art. 17(3)(b)).",
                        date=until,
                        count=count,
                    )
                )
            for model_name, ids in sorted(kept[partner.id].items()):
                summary.append(
                    self.env._("%(model)s: %(count)s kept", model=model_name, count=len(ids))
                )
            logs.append(
                {
                    **log_vals,
                    "partner_id": partner.id,
                    "partner_ref": partner.id,
                    "outcome": "partial" if partner.id in invoice_hold else "anonymized",
                    "counts": {name: len(ids) for name, ids in counts[partner.id].items()},
                    "kept_summary": "\n".join(summary),
                }
            )
        return logs

    def _rgpd_undeletable(self):
        """{partner id: why it cannot be deleted} for the partners that
        consents (proof) or accounting documents point to."""
        reasons = {}
        # sudo: only whether such records exist is read, to refuse deleting.
        consents = (
            self.env["rgpd.consent"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner, _count in consents:
            reasons[partner.id] = self.env._("consents are proof and point to this contact")
        if "account.move" in self.env:
            moves = (
                self.env["account.move"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", self.ids), ("state", "=", "posted")],
                    ["partner_id"],
                    ["__count"],
                )
            )
            for partner, _count in moves:
                reasons[partner.id] = self.env._(
                    "posted accounting documents point to this contact"
                )
        return reasons

    @api.ondelete(at_uninstall=False)
    def _unlink_except_rgpd_proof(self):
        undeletable = self._rgpd_undeletable()
        if undeletable:
            partners = self.browse(list(undeletable))
            raise UserError(
                self.env._(
                    "These contacts cannot be deleted (%(why)s): %(names)s. "
                    "Anonymize them instead.",
                    why=", ".join(sorted(set(undeletable.values()))),
                    names=", ".join(partners.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # The retention notice: a signed link to keep one's data
    # ------------------------------------------------------------------

    def _rgpd_keep_token(self):
        """Signed token of the link "keep my data", valid 60 days."""
        self.ensure_one()
        return sign(self.env, KEEP_SCOPE, [self.id], timedelta(days=KEEP_TOKEN_DAYS))

    def _rgpd_keep_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/rgpd/keep/{self._rgpd_keep_token()}"

    def _rgpd_from_keep_token(self, token):
        """The partner (sudo) a valid keep token was made for, or None."""
        values = read_signed_ids(self.env, KEEP_SCOPE, token, 1)
        if not values:
            return None
        # sudo: the signature proves the link was made for this partner.
        partner = self.sudo().with_context(active_test=False).browse(values[0]).exists()
        return partner if partner and not partner.rgpd_anonymized else None

    def _rgpd_keep_data(self):
        """The person asked to keep their data: it counts as activity. Called
        by the controller of the signed link only; an anonymized contact
        has nothing left to keep."""
        # sudo: the signed link proved the person (see the controller);
        # rgpd_keep_date is a system field.
        self.sudo().filtered(lambda p: not p.rgpd_anonymized).rgpd_keep_date = fields.Datetime.now()

    # ------------------------------------------------------------------
    # The Officer's legal hold
    # ------------------------------------------------------------------

    def _rgpd_check_hold_officer(self):
        check_officer(
            self.env, self.env._("Only the Privacy Officer may set or lift a legal hold.")
        )

    def rgpd_set_legal_hold(self, reason, until=False):
        """Keep these contacts' data whatever the retention policies say,
        until `until` (a date) or until the Officer lifts the hold."""
        self._rgpd_check_hold_officer()
        if not (reason or "").strip():
            raise UserError(
                self.env._("Say why these contacts are kept (the legal hold's reason).")
            )
        # sudo: the caller is an Officer (checked above); the hold fields are
        # system fields, tracked in the contact's chatter under her name.
        self.sudo().write(
            {
                "rgpd_legal_hold": True,
                "rgpd_legal_hold_reason": reason.strip(),
                "rgpd_legal_hold_until": until or False,
            }
        )
        return True

    def action_rgpd_lift_legal_hold(self):
        """Lift the legal hold: the retention policies apply again."""
        self._rgpd_check_hold_officer()
        # sudo: see rgpd_set_legal_hold.
        self.sudo().filtered("rgpd_legal_hold").write(
            {
                "rgpd_legal_hold": False,
                "rgpd_legal_hold_reason": False,
                "rgpd_legal_hold_until": False,
            }
        )
        return True

    def action_rgpd_legal_hold(self):
        """Open the wizard that sets a legal hold, with its reason."""
        self._rgpd_check_hold_officer()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Legal Hold"),
            "res_model": "rgpd.legal.hold.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Consent of a person erased before
    # ------------------------------------------------------------------

    def rgpd_request_consent(self, purpose_codes):
        """Contacts flagged as previously erased are not asked: the person
        asked to be forgotten, so only they can come back (portal, form)."""
        flagged = self.filtered("rgpd_previously_erased")
        if flagged and flagged == self:
            raise UserError(
                self.env._(
                    "These contacts have the email or phone of a person who was erased "
                    "before: they are not asked for consent until they give it "
                    "themself (portal, web form): %s",
                    ", ".join(flagged.mapped("display_name")),
                )
            )
        return super(ResPartner, self - flagged).rgpd_request_consent(purpose_codes)

    def _rgpd_subject_act(self, purpose, new_state, channel, **proof):
        """A person who gives consent themself (the portal, a web form)
        lifts the previously-erased flag."""
        if new_state == "given" and channel in SELF_SERVICE_CHANNELS:
            # sudo: the person's own act, checked by the controller (token or
            # session), lifts the flag the engine set.
            self.filtered("rgpd_previously_erased").sudo().rgpd_previously_erased = False
        return super()._rgpd_subject_act(purpose, new_state, channel, **proof)
