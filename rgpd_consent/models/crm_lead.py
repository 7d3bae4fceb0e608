# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import Query


class CrmLead(models.Model):
    """Consent where sales work: a lead shows its contact's consents, or
    holds its own until it gets a contact; they then move to the contact
    with their history (`rgpd.consent._rgpd_move_to`)."""

    _inherit = "crm.lead"

    rgpd_consent_ids = fields.Many2many(
        "rgpd.consent",
        string="Consents",
        compute="_compute_rgpd_consent_ids",
        groups="rgpd_consent.group_rgpd_user",
        help="The consents of the lead's contact; for a lead without contact, "
        "those captured on the lead, which move to its contact once it has one.",
    )
    rgpd_consented_purpose_ids = fields.Many2many(
        "rgpd.purpose",
        string="Consented Purposes",
        compute="_compute_rgpd_consented_purpose_ids",
        search="_search_rgpd_consented_purpose_ids",
        help="Purposes the lead's contact consented to (given and not expired), "
        "or, for a lead without contact, that were given on the lead.",
    )

    rgpd_confirmed_elsewhere = fields.Boolean(
        related="partner_id.rgpd_confirmed_elsewhere",
        string="Confirmed from Another Address",
    )

    def _rgpd_consents(self, purpose):
        """The consents these leads hold themselves (no contact yet) for `purpose`."""
        return self.env["rgpd.consent"].search(
            [
                ("lead_id", "in", self.ids),
                ("partner_id", "=", False),
                ("purpose_id", "=", purpose.id),
            ]
        )

    def _rgpd_apply(self, purpose, new_state, channel, **proof):
        """Record `new_state` for `purpose`: on the contact of the leads that
        have one, on the lead itself otherwise (same ledger, same proof,
        same checks as `res.partner._rgpd_apply`). Returns the consents that
        changed."""
        with_contact = self.filtered("partner_id")
        # The contacts' ledger call, or, with no contact, only its checks
        # (proof keys, archived purpose, withdrawable basis).
        changed = with_contact.partner_id._rgpd_apply(purpose, new_state, channel, **proof)
        own = self - with_contact
        if own:
            existing = own._rgpd_consents(purpose)
            changed |= existing._rgpd_record(new_state, channel, **proof)
            missing = own - existing.lead_id
            changed |= self.env["rgpd.consent"]._rgpd_create_for(
                missing, purpose, new_state, channel, **proof
            )
        return changed

    def rgpd_give_consent(self, purpose_code, channel, **proof):
        """Record that the persons of these leads gave consent to
        `purpose_code`, by the same rule as `res.partner.rgpd_give_consent`:
        an employee's channel only; on a double opt-in purpose, a form or a
        mail asks the lead's contact to confirm by mail (a lead without
        contact has no confirmed address to ask)."""
        purpose = self.env["rgpd.purpose"]._rgpd_get(purpose_code)
        Consent = self.env["rgpd.consent"]
        Consent._rgpd_check_channel(channel)
        if purpose.double_optin and channel in ("form", "email"):
            # (a mapped() of leads without contact is empty, so all() of it
            # was True: each lead is asked.)
            if not all(lead.partner_id for lead in self):
                raise UserError(
                    self.env._(
                        "The purpose %s needs a confirmation by mail: "
                        "give the lead a contact first.",
                        purpose.display_name,
                    )
                )
            return self.partner_id.rgpd_give_consent(purpose_code, channel, **proof)
        Consent._rgpd_check_employee_act(channel, proof)
        return self._rgpd_apply(purpose, "given", channel, **proof)

    def rgpd_withdraw_consent(self, purpose_code, channel, **proof):
        """Record the withdrawal (or the objection) of the persons of these
        leads, as the employee heard it (an employee's channel)."""
        purpose = self.env["rgpd.purpose"]._rgpd_get(purpose_code)
        self.env["rgpd.consent"]._rgpd_check_employee_act(channel, proof)
        return self._rgpd_apply(purpose, "withdrawn", channel, **proof)

    @api.depends("partner_id")
    def _compute_rgpd_consent_ids(self):
        Consent = self.env["rgpd.consent"]
        partner_consents = Consent.search([("partner_id", "in", self.partner_id.ids)]).grouped(
            "partner_id"
        )
        own_consents = Consent.search(
            [("lead_id", "in", self.ids), ("partner_id", "=", False)]
        ).grouped("lead_id")
        for lead in self:
            if lead.partner_id:
                lead.rgpd_consent_ids = partner_consents.get(lead.partner_id, Consent)
            else:
                lead.rgpd_consent_ids = own_consents.get(lead, Consent)

    @api.depends("partner_id")
    def _compute_rgpd_consented_purpose_ids(self):
        # sudo: which purposes a lead's contact consented to is shown to
        # whoever may read the lead, as on the contact form.
        Consent = self.env["rgpd.consent"].sudo()
        valid = Consent.search(
            Consent._rgpd_valid_domain()
            & (
                Domain("partner_id", "in", self.partner_id.ids)
                | (Domain("lead_id", "in", self.ids) & Domain("partner_id", "=", False))
            )
        )
        by_partner = valid.filtered("partner_id").grouped("partner_id")
        by_lead = valid.filtered(lambda c: not c.partner_id).grouped("lead_id")
        for lead in self:
            if lead.partner_id:
                consents = by_partner.get(lead.partner_id, Consent)
            else:
                consents = by_lead.get(lead, Consent)
            lead.rgpd_consented_purpose_ids = consents.purpose_id

    def _search_rgpd_consented_purpose_ids(self, operator, value):
        """Leads whose contact consented (the contact's own search), or,
        without contact, whose own consent is given and not expired.

        `in` (with False: no consented purpose at all) and `any`, as on
        res.partner; Odoo derives the other operators by negation."""
        if operator == "any":
            return self._rgpd_consented_domain(value)
        if operator != "in":
            return NotImplemented
        ids = [v for v in value if v]
        domain = Domain.FALSE
        if ids:
            domain |= self._rgpd_consented_domain(Domain("id", "in", ids))
        if False in value:
            domain |= ~self._rgpd_consented_domain(Domain.TRUE)
        return domain

    def _rgpd_consented_domain(self, purpose_domain):
        """Leads consented to one of the purposes of `purpose_domain`."""
        # sudo: as on res.partner, the audience tells which leads consented,
        # never the consents; the purposes are those the user may read.
        Consent = self.env["rgpd.consent"].sudo()
        Purpose = self.env["rgpd.purpose"].with_context(active_test=False)
        purposes = (
            purpose_domain if isinstance(purpose_domain, Query) else Purpose._search(purpose_domain)
        )
        valid = Consent._rgpd_valid_domain() & Domain("purpose_id", "in", purposes)
        own = Consent._search(
            valid & Domain("partner_id", "=", False) & Domain("lead_id", "!=", False)
        )
        # The contact's consents are read directly, as the contact's own
        # search does, not through a search of the contacts: the consent
        # index alone answers, as a tag's relation table does for a tag.
        of_contact = Consent._search(valid & Domain("partner_id", "!=", False))
        return Domain("partner_id", "in", of_contact.subselect("partner_id")) | Domain(
            "id", "in", own.subselect("lead_id")
        )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("partner_id"):
            self._rgpd_move_consents_to_contact()
        return result

    def _rgpd_move_consents_to_contact(self):
        """Move the consents held by these leads to the contact they now have
        (conversion, "create customer", a contact chosen by hand)."""
        # sudo: the move is part of giving a lead its contact, which any
        # salesperson may do; it changes no state except by the most
        # protective rule of _rgpd_move_to, and keeps every event.
        Consent = self.env["rgpd.consent"].sudo()
        held = Consent.search([("lead_id", "in", self.ids), ("partner_id", "=", False)])
        for lead, consents in held.grouped("lead_id").items():
            if not lead.partner_id:
                continue
            # In the company's language: the note is stored for every reader.
            env = self.with_context(lang=self.env.company._rgpd_lang()).env
            consents._rgpd_move_to(
                lead.partner_id.sudo(),
                env._(
                    "Captured on lead %(lead)s, moved to its contact %(contact)s.",
                    lead=lead.display_name,
                    contact=lead.partner_id.display_name,
                ),
            )

    def _merge_dependences(self, opportunities):
        """Before the merged leads are deleted, their consents go to the lead
        that remains (or to its contact): none is lost."""
        result = super()._merge_dependences(opportunities)
        # sudo: see _rgpd_move_consents_to_contact.
        held = (
            self.env["rgpd.consent"]
            .sudo()
            .search([("lead_id", "in", opportunities.ids), ("partner_id", "=", False)])
        )
        if held:
            holder = self.partner_id or self
            env = self.with_context(lang=self.env.company._rgpd_lang()).env
            held._rgpd_move_to(
                holder.sudo(),
                env._(
                    "Lead merged into %(lead)s.",
                    lead=self.display_name,
                ),
            )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_rgpd_consents(self):
        # sudo: only whether such consents exist is read.
        if (
            self.env["rgpd.consent"]
            .sudo()
            .search_count([("lead_id", "in", self.ids), ("partner_id", "=", False)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "This lead holds consents with their proof: give it a contact "
                    "(the consents move to it) or archive the lead instead of deleting it."
                )
            )

    def action_rgpd_record_consent(self):
        """Open the record wizard for this lead (its contact, or the lead itself)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rgpd_consent.rgpd_consent_record_wizard_action"
        )
        action["context"] = {
            "default_lead_ids": self.ids,
            "default_channel": self.env.context.get("rgpd_channel", "phone"),
        }
        return action

    def action_rgpd_ask_consent(self):
        """Ask the contacts of these leads for their consent (re-permission
        campaign); leads without contact are left out, and said so."""
        return self.partner_id.action_rgpd_ask_consent()
