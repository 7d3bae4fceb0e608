# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

# Exclusion reasons that speak for the person, whichever of their contacts
# carries them: a "no" on one contact of an email stops the email.
WEAK_REASONS = ("no_consent", "expired")


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

    def _rgpd_split_records(self, res_ids):
        """Split the ids of this mailing's records into those the purpose may
        mail and those left out: `(allowed_ids, {reason: ids})`.

        Contacts are judged by the recipient rule; mailing contacts and leads
        through the contacts their normalized email belongs to (allowed when
        one of them is, and none withdrew, objected or is otherwise barred);
        a record whose email belongs to no contact is left out ("no_contact").
        One query matches the records to their contacts, whatever their number.
        """
        self.ensure_one()
        purpose = self.rgpd_purpose_id
        Records = self.env[self.mailing_model_real]
        # sudo: the rule reads the consents and contacts behind the
        # recipients the mailing already targets; it returns only ids.
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        if Records._name == "res.partner":
            contacts_of = {res_id: [res_id] for res_id in res_ids}
        elif "email_normalized" in Records._fields or "partner_id" in Records._fields:
            link = "email_normalized" if "email_normalized" in Records._fields else "partner_id"
            Records.flush_model([link])
            Partner.flush_model(["email_normalized"])
            join = (
                SQL("p.email_normalized = r.email_normalized")
                if link == "email_normalized"
                else SQL("p.id = r.partner_id")
            )
            contacts_of = {res_id: [] for res_id in res_ids}
            for res_id, partner_id in self.env.execute_query(
                SQL(
                    "SELECT r.id, p.id FROM %s r JOIN res_partner p ON %s WHERE r.id = ANY(%s)",
                    SQL.identifier(Records._table),
                    join,
                    list(res_ids),
                )
            ):
                contacts_of[res_id].append(partner_id)
        else:
            raise UserError(
                self.env._(
                    "A mailing for a processing purpose is sent to contacts, mailing "
                    "lists or leads: %(model)s records cannot be matched to a contact.",
                    model=Records._description,
                )
            )
        partner_ids = {pid for pids in contacts_of.values() for pid in pids}
        allowed, excluded = purpose._rgpd_split_recipients(Partner.browse(sorted(partner_ids)))
        allowed_partners = set(allowed.ids)
        reason_of = {}
        for reason, partners in excluded.items():
            for partner_id in partners.ids:
                reason_of[partner_id] = reason
        allowed_ids, excluded_ids = set(), {}
        for res_id in res_ids:
            reasons = [reason_of[pid] for pid in contacts_of.get(res_id, ()) if pid in reason_of]
            # A reason of the person (withdrawn, objected...) on any of their
            # contacts beats a missing consent on another one.
            strong = [reason for reason in reasons if reason not in WEAK_REASONS]
            if strong:
                excluded_ids.setdefault(strong[0], set()).add(res_id)
            elif any(pid in allowed_partners for pid in contacts_of.get(res_id, ())):
                allowed_ids.add(res_id)
            else:
                reason = reasons[0] if reasons else "no_contact"
                excluded_ids.setdefault(reason, set()).add(res_id)
        return allowed_ids, excluded_ids

    def _rgpd_recipients_before_sending(self):
        """The ids the mailing targets now, before the purpose's rule."""
        self.ensure_one()
        return self.env[self.mailing_model_real].search(self._get_recipients_domain()).ids

    @api.depends(
        "rgpd_purpose_id", "mailing_model_id", "mailing_domain", "contact_list_ids", "state"
    )
    def _compute_rgpd_exclusion(self):
        labels = self._rgpd_exclusion_labels()
        for mailing in self:
            mailing.rgpd_excluded_count = 0
            mailing.rgpd_exclusion_summary = False
            purpose = mailing.rgpd_purpose_id
            if not (purpose and purpose.withdrawable and mailing.mailing_model_real):
                continue
            if mailing.state not in ("draft", "in_queue"):
                continue
            _allowed, excluded = mailing._rgpd_split_records(
                mailing._rgpd_recipients_before_sending()
            )
            mailing.rgpd_excluded_count = sum(len(ids) for ids in excluded.values())
            mailing.rgpd_exclusion_summary = "\n".join(
                self.env._("%(count)s: %(reason)s", count=len(ids), reason=labels[reason])
                for reason, ids in sorted(excluded.items(), key=lambda item: -len(item[1]))
            )

    def action_rgpd_view_excluded(self):
        """List the recipients this mailing leaves out."""
        self.ensure_one()
        _allowed, excluded = self._rgpd_split_records(self._rgpd_recipients_before_sending())
        ids = sorted(set().union(*excluded.values()))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Left Out of %(mailing)s", mailing=self.subject),
            "res_model": self.mailing_model_real,
            "views": [[False, "list"], [False, "form"]],
            "domain": [("id", "in", ids)],
            "context": {"create": False},
        }

    def _get_recipients(self):
        """Only the recipients the purpose may mail."""
        res_ids = super()._get_recipients()
        if not self.rgpd_purpose_id:
            return res_ids
        self._rgpd_check_purpose()
        allowed, _excluded = self._rgpd_split_records(res_ids)
        return [res_id for res_id in res_ids if res_id in allowed]

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
