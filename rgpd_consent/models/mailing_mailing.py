# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

# Exclusion reasons that speak for the person, whichever of their contacts
# carries them: a "no" on one contact of an email stops the email.
WEAK_REASONS = ("no_consent", "expired")


def _ids_sql(ids):
    """A condition on `r.id` that holds for `ids`, passed as one array
    literal: PostgreSQL plans one constant, hashed, instead of one per id
    (50,000 ids took 0.4 s to plan)."""
    return SQL("r.id = ANY(%s::int[])", "{%s}" % ",".join(str(int(i)) for i in ids))


class MailingMailing(models.Model):
    """A mailing sent for a processing purpose reaches only the recipients
    the purpose may mail (`rgpd.purpose._rgpd_split_recipients`, the one
    rule of the composer too); each mail carries the withdrawal link."""

    _inherit = "mailing.mailing"

    rgpd_purpose_id = fields.Many2one(
        "rgpd.purpose",
        string="Processing Purpose",
        domain="[('lawful_basis', 'in', ('consent', 'legitimate_interest', 'public_task')), "
        "('company_id', 'in', [False, current_company_id])]",
        tracking=True,
        help="The mailing reaches only the recipients whose consent to this "
        "purpose counts (or who did not object, for a purpose on legitimate "
        "interest); each mail carries a link to withdraw it.",
    )
    rgpd_excluded_count = fields.Integer(
        string="Left Out",
        compute="_compute_rgpd_exclusion",
        help="Recipients this purpose may not mail: they will not receive it.",
    )
    rgpd_exclusion_summary = fields.Text(
        string="Left Out Because",
        compute="_compute_rgpd_exclusion",
    )
    rgpd_basis_summary = fields.Char(
        string="Mailed On",
        compute="_compute_rgpd_exclusion",
        help="For a prospecting purpose open to professionals: how many "
        "recipients are mailed on their consent, and how many on legitimate "
        "interest (a professional address).",
    )

    @api.constrains("rgpd_purpose_id")
    def _check_rgpd_purpose(self):
        for mailing in self.filtered("rgpd_purpose_id"):
            mailing._rgpd_check_purpose()

    def _rgpd_check_purpose(self):
        """Refuse an archived purpose, or one the person cannot withdraw
        from: a purpose on contract, legal obligation or vital interest is
        not for marketing."""
        self.ensure_one()
        purpose = self.rgpd_purpose_id
        if not purpose.active:
            raise ValidationError(
                self.env._(
                    "The purpose %(purpose)s is archived: no mailing can be sent for it.",
                    purpose=purpose.display_name,
                )
            )
        if not purpose.withdrawable:
            raise ValidationError(
                self.env._(
                    "The purpose %(purpose)s rests on a contract, a legal obligation or "
                    "a vital interest: it is not for marketing, and a mailing cannot be "
                    "sent for it.",
                    purpose=purpose.display_name,
                )
            )

    @api.model
    def _rgpd_exclusion_labels(self):
        """The reasons of `rgpd.purpose._rgpd_exclusion_labels`, and the
        recipients whose email belongs to no contact (no proof possible)."""
        return {
            **self.env["rgpd.purpose"]._rgpd_exclusion_labels(),
            "no_contact": self.env._("No contact with this email"),
        }

    def _rgpd_records_reason_sql(self, records):
        """The recipient rule over this mailing's records, as one query of
        `(res_id, reason)`, reason NULL for a record the purpose may mail;
        `records` is an SQL condition on the records' table, aliased `r`.

        Contacts are judged by the SQL form of the rule (`rgpd.purpose.
        _rgpd_reason_sql`); mailing contacts and leads through the contacts
        their normalized email belongs to: allowed when one of them is and
        none withdrew, objected or is otherwise barred (a reason of the
        person, on any of their contacts, beats a missing consent on another;
        between two, the contact created first); a record whose email belongs
        to no contact is left out ("no_contact")."""
        self.ensure_one()
        purpose = self.rgpd_purpose_id
        # sudo: the rule reads the consents and contacts behind the
        # recipients the mailing already targets; it returns only reasons.
        Records = self.env[self.mailing_model_real].sudo()
        if Records._name == "res.partner":
            join, reason = purpose._rgpd_reason_sql("r")
            return SQL(
                "SELECT r.id AS res_id, %s AS reason FROM res_partner r %s WHERE %s",
                reason,
                join,
                records,
            )
        join, reason = purpose._rgpd_reason_sql("p")
        if "email_normalized" in Records._fields:
            link = SQL(
                "p.email_normalized = %s",
                Records._field_to_sql("r", "email_normalized"),
                to_flush=self.env["res.partner"]._fields["email_normalized"],
            )
        elif "partner_id" in Records._fields:
            link = SQL("p.id = %s", Records._field_to_sql("r", "partner_id"))
        else:
            raise self._rgpd_unmatched_model_error()
        # The record takes the reason of the contact that ranks first: a
        # reason of the person (0), else a contact it may mail (1), else a
        # missing or expired consent (2), the contact created first within
        # a rank; no contact at all (3) is "no_contact". One text key per
        # row, so that PostgreSQL aggregates by hashing, without a sort.
        rank = SQL(
            "CASE WHEN p.id IS NULL THEN '3' WHEN %(reason)s IS NULL THEN '1'"
            " WHEN %(reason)s IN %(weak)s THEN '2' ELSE '0' END",
            reason=reason,
            weak=WEAK_REASONS,
        )
        return SQL(
            """SELECT res_id, NULLIF(substr(min(rule_key), 14), '') AS reason
                 FROM (SELECT r.id AS res_id,
                              %(rank)s || lpad(COALESCE(p.id, 0)::text, 12, '0')
                              || CASE WHEN p.id IS NULL THEN 'no_contact'
                                      ELSE COALESCE(%(reason)s, '') END
                              AS rule_key
                         FROM %(table)s AS r
                    LEFT JOIN res_partner AS p ON %(link)s
                              %(join)s
                        WHERE %(records)s) AS by_contact
             GROUP BY res_id""",
            rank=rank,
            reason=reason,
            table=SQL.identifier(Records._table),
            link=link,
            join=join,
            records=records,
        )

    def _rgpd_unmatched_model_error(self):
        return UserError(
            self.env._(
                "A mailing for a processing purpose is sent to contacts, mailing "
                "lists or leads: %(model)s records cannot be matched to a contact.",
                model=self.env[self.mailing_model_real]._description,
            )
        )

    def _rgpd_split_records(self, res_ids):
        """Split the ids of this mailing's records into those the purpose may
        mail and those left out: `(allowed_ids, {reason: ids})`, by one query
        (`_rgpd_records_reason_sql`) whatever their number."""
        self.ensure_one()
        reason_of = dict(self.env.execute_query(self._rgpd_records_reason_sql(_ids_sql(res_ids))))
        allowed_ids, excluded_ids = set(), {}
        for res_id in res_ids:
            reason = reason_of.get(res_id, "no_contact")
            if reason is None:
                allowed_ids.add(res_id)
            else:
                excluded_ids.setdefault(reason, set()).add(res_id)
        return allowed_ids, excluded_ids

    def _rgpd_recipients_query(self):
        """The query of the ids the mailing targets now, before the purpose's
        rule, as the user who prepares the mailing may read them."""
        self.ensure_one()
        return self.env[self.mailing_model_real]._search(self._get_recipients_domain())

    def _rgpd_exclusion_counts(self):
        """{reason: number of recipients left out for it}, from one
        aggregate query over the mailing's recipients."""
        self.ensure_one()
        reasons = self._rgpd_records_reason_sql(
            SQL("r.id IN (%s)", self._rgpd_recipients_query().subselect())
        )
        return dict(
            self.env.execute_query(
                SQL(
                    "SELECT reason, count(*) FROM (%s) AS rule"
                    " WHERE reason IS NOT NULL GROUP BY reason",
                    reasons,
                )
            )
        )

    def _rgpd_basis_counts(self):
        """`(on consent, on legitimate interest)`: the recipients the purpose
        may mail, by the basis they are mailed on (one query). A recipient is
        mailed on consent when one of the contacts that allow it has a valid
        consent, else on legitimate interest (`rgpd.purpose._rgpd_interest_sql`)."""
        self.ensure_one()
        purpose = self.rgpd_purpose_id
        Records = self.env[self.mailing_model_real]
        allowed = Records._search(self._get_recipients_domain() & self._rgpd_allowed_domain())
        # sudo: only counts are read, of the recipients the mailing targets.
        Consent = self.env["rgpd.consent"].sudo()
        partner = "r" if Records._name == "res.partner" else "p"
        join, reason = purpose._rgpd_reason_sql(partner)
        consent = f"{partner}__rgpd_consent"
        valid = SQL(
            "(%s = 'given' AND (%s IS NULL OR %s > %s) AND %s IS NULL)",
            Consent._field_to_sql(consent, "state"),
            Consent._field_to_sql(consent, "date_expiry"),
            Consent._field_to_sql(consent, "date_expiry"),
            fields.Date.context_today(self),
            reason,
        )
        if Records._name == "res.partner":
            contacts = SQL("res_partner AS r %s", join)
        else:
            link = (
                SQL("p.email_normalized = r.email_normalized")
                if "email_normalized" in Records._fields
                else SQL("p.id = r.partner_id")
            )
            contacts = SQL(
                "%s AS r LEFT JOIN res_partner AS p ON %s %s",
                SQL.identifier(Records._table),
                link,
                join,
            )
        [(on_consent, on_interest)] = self.env.execute_query(
            SQL(
                "SELECT count(*) FILTER (WHERE has_consent),"
                " count(*) FILTER (WHERE NOT has_consent)"
                " FROM (SELECT bool_or(COALESCE(%s, FALSE)) AS has_consent FROM %s"
                " WHERE r.id IN (%s) GROUP BY r.id) AS basis",
                valid,
                contacts,
                allowed.subselect(),
            )
        )
        return on_consent, on_interest

    @api.depends(
        "rgpd_purpose_id", "mailing_model_id", "mailing_domain", "contact_list_ids", "state"
    )
    def _compute_rgpd_exclusion(self):
        labels = self._rgpd_exclusion_labels()
        for mailing in self:
            mailing.rgpd_excluded_count = 0
            mailing.rgpd_exclusion_summary = False
            mailing.rgpd_basis_summary = False
            purpose = mailing.rgpd_purpose_id
            if not (purpose and purpose.withdrawable and mailing.mailing_model_real):
                continue
            if mailing.state not in ("draft", "in_queue"):
                continue
            counts = mailing._rgpd_exclusion_counts()
            mailing.rgpd_excluded_count = sum(counts.values())
            mailing.rgpd_exclusion_summary = "\n".join(
                self.env._("%(count)s: %(reason)s", count=count, reason=labels[reason])
                for reason, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            )
            if purpose.lawful_basis == "consent" and (
                purpose.prospecting_b2b or purpose.prospecting_customers
            ):
                on_consent, on_interest = mailing._rgpd_basis_counts()
                mailing.rgpd_basis_summary = self.env._(
                    "%(consent)s on their consent, %(interest)s on legitimate interest (%(who)s)",
                    consent=on_consent,
                    interest=on_interest,
                    who=purpose._rgpd_interest_label(),
                )

    def action_rgpd_view_excluded(self):
        """List the recipients this mailing leaves out, and why: one line per
        recipient (`rgpd.mailing.excluded`), written by one query, grouped by
        reason."""
        self.ensure_one()
        self.env["rgpd.mailing.excluded"].check_access("read")
        Records = self.env[self.mailing_model_real]
        reasons = self._rgpd_records_reason_sql(
            SQL("r.id IN (%s)", self._rgpd_recipients_query().subselect())
        )
        email = (
            Records._field_to_sql("r", "email_normalized")
            if "email_normalized" in Records._fields
            else SQL("NULL")
        )
        uid = self.env.uid
        # The user's earlier lines of this mailing give way to the new ones.
        self.env.execute_query(
            SQL(
                "DELETE FROM rgpd_mailing_excluded WHERE mailing_id = %s AND create_uid = %s",
                self.id,
                uid,
            )
        )
        self.env.execute_query(
            SQL(
                """INSERT INTO rgpd_mailing_excluded
                          (mailing_id, res_model, res_id, email, reason,
                           create_uid, create_date, write_uid, write_date)
                   SELECT %(mailing)s, %(model)s, rule.res_id, %(email)s, rule.reason,
                          %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                     FROM (%(reasons)s) AS rule
                     JOIN %(table)s AS r ON r.id = rule.res_id
                    WHERE rule.reason IS NOT NULL""",
                mailing=self.id,
                model=Records._name,
                email=email,
                uid=uid,
                reasons=reasons,
                table=SQL.identifier(Records._table),
            )
        )
        self.env["rgpd.mailing.excluded"].invalidate_model()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Left Out of %(mailing)s", mailing=self.subject),
            "res_model": "rgpd.mailing.excluded",
            "views": [[False, "list"]],
            "domain": [("mailing_id", "=", self.id)],
            "context": {"create": False},
        }

    def _rgpd_allowed_domain(self):
        """The recipient rule as a condition of the mailing's own search: the
        records the purpose may mail, as `_rgpd_records_reason_sql` ranks
        them (a contact it may mail, and none with a reason of the person),
        so that one query picks the recipients."""
        self.ensure_one()
        purpose = self.rgpd_purpose_id
        # sudo: as in _rgpd_records_reason_sql, only which records may be
        # mailed is read.
        Records = self.env[self.mailing_model_real].sudo()
        join, reason = purpose._rgpd_reason_sql("p")
        allowed_partners = SQL("SELECT p.id FROM res_partner p %s WHERE %s IS NULL", join, reason)
        if Records._name == "res.partner":
            field, allowed = "id", allowed_partners
        elif "email_normalized" in Records._fields:
            email = self.env["res.partner"].sudo()._field_to_sql("p", "email_normalized")
            field, allowed = (
                "email_normalized",
                # The contacts with a missing or expired consent change
                # nothing: an address is mailed when all its other contacts
                # may be mailed. Leaving them out first spares most of the
                # aggregation.
                SQL(
                    "SELECT %(email)s FROM res_partner p %(join)s WHERE %(email)s IS NOT NULL"
                    " AND (%(reason)s IS NULL OR %(reason)s NOT IN %(weak)s)"
                    " GROUP BY %(email)s HAVING bool_and(%(reason)s IS NULL)",
                    email=email,
                    join=join,
                    reason=reason,
                    weak=WEAK_REASONS,
                ),
            )
        elif "partner_id" in Records._fields:
            field, allowed = "partner_id", allowed_partners
        else:
            raise self._rgpd_unmatched_model_error()

        def to_sql(model, alias, query):
            return SQL("%s IN (%s)", model._field_to_sql(alias, field, query), allowed)

        return Domain.custom(to_sql=to_sql)

    def _get_recipients_domain(self):
        domain = super()._get_recipients_domain()
        if self.env.context.get("rgpd_recipient_rule") and self.rgpd_purpose_id:
            domain &= self._rgpd_allowed_domain()
        return domain

    def _get_recipients(self):
        """Only the recipients the purpose may mail: the rule joins the
        mailing's own search (`_rgpd_allowed_domain`)."""
        if not self.rgpd_purpose_id or self.env.context.get("rgpd_recipient_rule"):
            return super()._get_recipients()
        self._rgpd_check_purpose()
        return self.with_context(rgpd_recipient_rule=True)._get_recipients()

    def _action_send_mail(self, res_ids=None):
        """Explicit recipients (a resend, a marketing activity) pass through
        the same rule; the purpose goes down to every mail."""
        for mailing in self.filtered("rgpd_purpose_id"):
            mailing._rgpd_check_purpose()
        if res_ids is None or not self.rgpd_purpose_id:
            return super()._action_send_mail(res_ids)
        for mailing in self:
            mailing_ids = res_ids
            if mailing.rgpd_purpose_id:
                allowed, _excluded = mailing._rgpd_split_records(res_ids)
                mailing_ids = [res_id for res_id in res_ids if res_id in allowed]
                if not mailing_ids:
                    raise UserError(
                        self.env._(
                            "None of these recipients may receive a mailing for %(purpose)s.",
                            purpose=mailing.rgpd_purpose_id.display_name,
                        )
                    )
            super(MailingMailing, mailing)._action_send_mail(mailing_ids)
        return True

    def _get_mass_mailing_context(self):
        context = super()._get_mass_mailing_context()
        if self.rgpd_purpose_id:
            # The composer and its mails carry the purpose: mail.mail adds
            # the withdrawal link and the one-click headers when they leave.
            context["default_rgpd_purpose_id"] = self.rgpd_purpose_id.id
        return context

    def _rgpd_withdraw_email(self, email, **proof):
        """Record a withdrawal (or an objection) for this mailing's purpose
        for every contact of `email`: the person unsubscribed or blacklisted
        themself from Odoo's own unsubscribe page of this mailing."""
        self.ensure_one()
        purpose = self.rgpd_purpose_id
        if not (purpose and purpose.withdrawable):
            return self.env["rgpd.consent"]
        # sudo: the unsubscribe page checked the mailing's signed token for
        # this email; the withdrawal concerns only the contacts of that email.
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(Domain("email_normalized", "=", email))
        )
        if not partners:
            return self.env["rgpd.consent"]
        # The person acted: the withdrawal and its chatter note are theirs.
        return partners._rgpd_apply(purpose.sudo(), "withdrawn", "email", by_subject=True, **proof)
