# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, html2plaintext

from .register_xlsx import register_workbook

# The facts of a processing activity the Art. 30 register cannot do without.
REGISTER_FACTS = (
    "subject_categories",
    "data_categories",
    "rgpd_data_map_ids",
    "recipients",
    "rgpd_retention_policy_ids",
    "security_measures",
)

# The register's columns, in the order of the CNIL's template, with their widths in the XLSX.
COLUMN_WIDTHS = {
    "ref": 6,
    "name": 28,
    "description": 40,
    "lawful_basis": 24,
    "subject_categories": 28,
    "data_categories": 32,
    "data_map": 36,
    "recipients": 28,
    "transfer": 12,
    "transfer_safeguards": 28,
    "retention": 32,
    "security_measures": 36,
    "create_date": 12,
    "write_date": 12,
    "dpia": 36,
}


class RgpdPurpose(models.Model):
    """A purpose is one processing activity of the Art. 30 register: the
    register is read from the purposes, never typed twice. Restricted
    contacts (Art. 18) are left out by the one recipient rule."""

    _inherit = "rgpd.purpose"

    rgpd_data_map_ids = fields.Many2many(
        "rgpd.data.map",
        string="Personal Data Used",
        domain=[("active", "=", True)],
        groups="rgpd_consent.group_rgpd_user",
        help="The fields of the personal-data map this processing uses, "
        "listed in the record of processing activities.",
    )
    register_missing = fields.Char(
        string="Missing for the Register",
        compute="_compute_register_missing",
        search="_search_register_missing",
        help="The facts the record of processing activities (Art. 30) needs "
        "and this purpose lacks.",
    )

    @api.depends(*REGISTER_FACTS)
    def _compute_register_missing(self):
        for purpose in self:
            purpose.register_missing = ", ".join(purpose._rgpd_register_missing())

    def _search_register_missing(self, operator, value):
        if operator not in ("in", "not in") or value != {False}:
            return NotImplemented
        incomplete = Domain.OR(Domain(name, "=", False) for name in REGISTER_FACTS)
        # "missing = False" lists the complete purposes, "!= False" the others.
        return ~incomplete if operator == "in" else incomplete

    def _rgpd_register_missing(self):
        """The translated labels of the register facts this purpose lacks."""
        self.ensure_one()
        return [
            self._fields[name].get_description(self.env)["string"]
            for name in REGISTER_FACTS
            if not (self[name].strip() if isinstance(self[name], str) else self[name])
        ]

    @api.model
    def _rgpd_register_purposes(self, company):
        """The processing activities of `company`: its active purposes and
        the shared ones."""
        return self.search([("company_id", "in", [company.id, False])])

    @api.model
    def _rgpd_register_rows(self, company):
        """One dict per processing activity of `company`, in the current
        language: the one source of the PDF and the XLSX register."""
        yes = self.env._("Yes")
        no = self.env._("No")
        rows = []
        for index, purpose in enumerate(self._rgpd_register_purposes(company), start=1):
            rows.append(
                {
                    "purpose": purpose,
                    "ref": f"{index:02d}",
                    "name": purpose.name,
                    "description": html2plaintext(purpose.description or "").strip(),
                    "lawful_basis": purpose._rgpd_basis_description(),
                    "subject_categories": purpose.subject_categories or "",
                    "data_categories": purpose.data_categories or "",
                    # sudo: the labels of the entries (their model and field
                    # names, from ir.model) of a purpose the caller reads.
                    "data_map": "\n".join(purpose.rgpd_data_map_ids.sudo().mapped("display_name")),
                    "recipients": purpose.recipients or "",
                    "transfer": yes if purpose.transfer_outside_eu else no,
                    "transfer_safeguards": purpose.transfer_safeguards or "",
                    # sudo: the label names the reference date field (ir.model.fields).
                    "retention": "\n".join(
                        f"{policy.name}: {policy.retention_label}"
                        for policy in purpose.rgpd_retention_policy_ids.sudo()
                    ),
                    "security_measures": purpose.security_measures or "",
                    "create_date": fields.Date.to_date(purpose.create_date),
                    "write_date": fields.Date.to_date(purpose.write_date),
                    "dpia": purpose._rgpd_dpia_summary(),
                    "missing": purpose._rgpd_register_missing(),
                }
            )
        return rows

    @api.model
    def _rgpd_register_columns(self):
        """(key, translated heading, width) of the register's columns, in
        the order of the CNIL's template."""
        labels = {
            "ref": self.env._("Ref."),
            "name": self.env._("Processing Activity"),
            "description": self.env._("Purpose of the Processing"),
            "lawful_basis": self.env._("Lawful Basis"),
            "subject_categories": self.env._("Categories of Data Subjects"),
            "data_categories": self.env._("Categories of Personal Data"),
            "data_map": self.env._("Personal Data Used (Map)"),
            "recipients": self.env._("Recipients"),
            "transfer": self.env._("Transfers Outside the EU"),
            "transfer_safeguards": self.env._("Safeguards for the Transfers"),
            "retention": self.env._("Retention Periods"),
            "security_measures": self.env._("Security Measures"),
            "create_date": self.env._("Created On"),
            "write_date": self.env._("Last Updated"),
            "dpia": self.env._("Impact Assessment (Art. 35)"),
        }
        return [(key, labels[key], width) for key, width in COLUMN_WIDTHS.items()]

    @api.model
    def _rgpd_register_identity(self, company):
        """(translated label, value) pairs of the controller's identity."""
        address = ", ".join(
            part
            for part in (
                company.street,
                company.street2,
                company.zip,
                company.city,
                company.country_id.name,
            )
            if part
        )
        dpo_contact = " / ".join(
            part for part in (company.rgpd_dpo_email, company.rgpd_dpo_phone) if part
        )
        return [
            (self.env._("Controller"), company.name),
            (self.env._("Address"), address),
            (self.env._("Representative"), company.rgpd_representative or ""),
            (self.env._("Data Protection Officer"), company.rgpd_dpo_name or ""),
            (self.env._("DPO Contact"), dpo_contact),
            (self.env._("Supervisory Authority"), company.rgpd_authority or ""),
        ]

    @api.model
    def _rgpd_register_xlsx(self, company):
        """The record of processing activities of `company` as an XLSX file
        (bytes), laid out like the CNIL's model: a summary sheet with the
        controller's identity on top and one row per processing activity,
        then one sheet per processing activity."""
        company._rgpd_check_identity()
        return register_workbook(
            self.env,
            self.env._("Record of Processing Activities (GDPR Art. 30)"),
            self._rgpd_register_identity(company),
            self._rgpd_register_columns(),
            self._rgpd_register_rows(company),
        )

    def action_print_register(self):
        """Print the current company's record of processing activities."""
        company = self.env.company
        company._rgpd_check_identity()
        # config=False: print at once, without first asking to set up the document layout.
        return self.env.ref("rgpd_dsar.action_report_rgpd_register").report_action(
            company, config=False
        )

    def action_export_register(self):
        """Download the current company's register as an XLSX file."""
        self.env.company._rgpd_check_identity()
        return {
            "type": "ir.actions.act_url",
            "url": f"/rgpd_dsar/register.xlsx?company_id={self.env.company.id}",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # The information notice: what the register knows of the processing
    # ------------------------------------------------------------------

    def _rgpd_notice_facts(self):
        """The notice tells the categories of data, the recipients and the
        transfers outside the EU with their safeguards (Art. 13(1)(e)-(f),
        14(1)(d))."""
        facts = super()._rgpd_notice_facts()
        for sequence, key, label, value in (
            (30, "data_categories", self.env._("Data we use"), self.data_categories),
            (40, "recipients", self.env._("Who receives the data"), self.recipients),
        ):
            if value:
                facts.append({"sequence": sequence, "key": key, "label": label, "value": value})
        facts.append(
            {
                "sequence": 50,
                "key": "transfer",
                "label": self.env._("Transfers outside the European Union"),
                "value": (
                    self.env._(
                        "Yes, with these safeguards: %(safeguards)s",
                        safeguards=self.transfer_safeguards or "",
                    )
                    if self.transfer_outside_eu
                    else self.env._("None: the data stays in the European Union.")
                ),
            }
        )
        return facts

    def _rgpd_notice_missing(self):
        missing = super()._rgpd_notice_missing()
        missing += [
            self._fields[name].get_description(self.env)["string"]
            for name in ("data_categories", "recipients")
            if not (self[name] or "").strip()
        ]
        return missing

    def _rgpd_exclusion_labels(self):
        return {
            **super()._rgpd_exclusion_labels(),
            "restricted": self.env._("Processing restricted (GDPR Art. 18)"),
        }

    def _rgpd_split_recipients(self, partners):
        """Leave out the contacts whose processing is restricted (Art. 18),
        whatever the purpose's basis: their data is only stored. A restricted
        contact is listed under "restricted" only. One more query."""
        allowed, excluded = super()._rgpd_split_recipients(partners)
        if not partners:
            return allowed, excluded
        # sudo: only tells which of the partners the caller gave are restricted
        # (archived ones too: their restriction holds all the same).
        restricted_ids = set(
            partners.sudo()
            .with_context(active_test=False)
            ._search([("id", "in", partners.ids), ("rgpd_restricted", "=", True)])
        )
        if not restricted_ids:
            return allowed, excluded
        excluded = {
            reason: remaining
            for reason, group in excluded.items()
            if (remaining := group.filtered(lambda p: p.id not in restricted_ids))
        }
        excluded["restricted"] = partners.filtered(lambda p: p.id in restricted_ids)
        return allowed.filtered(lambda p: p.id not in restricted_ids), excluded

    def _rgpd_exclusion_sql(self, partner, consent):
        """The SQL form of the rule above: first, whatever the basis."""
        restricted = self.env["res.partner"].sudo()._field_to_sql(partner, "rgpd_restricted")
        return [("restricted", SQL("%s IS TRUE", restricted))] + super()._rgpd_exclusion_sql(
            partner, consent
        )
