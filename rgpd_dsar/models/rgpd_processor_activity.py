# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from odoo.addons.rgpd_consent.field_values import check_values

from .register_xlsx import register_workbook

# The facts of the processor's register (Art. 30(2)) an entry cannot do without.
PROCESSOR_FACTS = ("description", "security_measures")

COLUMN_WIDTHS = {
    "ref": 6,
    "controller": 24,
    "controller_contact": 32,
    "controller_representative": 24,
    "controller_dpo": 24,
    "name": 28,
    "description": 40,
    "sub_processors": 28,
    "transfer": 12,
    "transfer_safeguards": 28,
    "security_measures": 36,
    "contract": 24,
    "create_date": 12,
    "write_date": 12,
}


class RgpdProcessorActivity(models.Model):
    """A category of processing the company carries out on behalf of a
    controller (its customer): one entry of the processor's register (GDPR
    Art. 30(2)), printed and exported beside the controller's register."""

    _name = "rgpd.processor.activity"
    _description = "Processing Carried Out for a Controller"
    _inherit = ["mail.thread"]
    _order = "sequence, controller_id, name, id"

    name = fields.Char(
        string="Category of Processing",
        required=True,
        tracking=True,
        help="E.g. hosting of the customer's CRM, sending of its newsletters, payroll.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Processor",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    controller_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        help="The customer on whose behalf and instructions the data is processed.",
    )
    controller_representative = fields.Char(
        string="Controller's Representative",
        help="Its representative in the EU, when the controller is established outside.",
    )
    controller_dpo = fields.Char(
        string="Controller's Data Protection Officer",
        help="Name and contact details of the controller's DPO, if it has one.",
    )
    description = fields.Text(
        string="Processing Carried Out",
        help="What the company does with the data on the controller's instructions.",
    )
    subject_categories = fields.Text(string="Categories of Data Subjects")
    data_categories = fields.Text(string="Categories of Personal Data")
    sub_processors = fields.Text(
        string="Sub-processors",
        help="The other processors the company engages for this processing, "
        "with the controller's authorization (Art. 28(2)).",
    )
    transfer_outside_eu = fields.Boolean(string="Transfers Outside the EU", tracking=True)
    transfer_safeguards = fields.Text(
        string="Transfers and Their Safeguards",
        help="The countries or international organisations, and the safeguards: adequacy "
        "decision, standard contractual clauses, binding corporate rules...",
    )
    security_measures = fields.Text()
    contract_ref = fields.Char(
        string="Data Processing Agreement",
        help="The contract binding the company to the controller (Art. 28(3)).",
    )
    date_start = fields.Date(string="Since")
    register_missing = fields.Char(
        string="Missing for the Register",
        compute="_compute_register_missing",
        search="_search_register_missing",
    )

    @api.constrains("transfer_outside_eu", "transfer_safeguards")
    def _check_transfer_safeguards(self):
        for activity in self:
            if activity.transfer_outside_eu and not (activity.transfer_safeguards or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(activity)s transfers data outside the EU: say where and "
                        "under which safeguards.",
                        activity=activity.display_name,
                    )
                )

    @api.depends(*PROCESSOR_FACTS)
    def _compute_register_missing(self):
        for activity in self:
            activity.register_missing = ", ".join(
                self._fields[name].get_description(self.env)["string"]
                for name in PROCESSOR_FACTS
                if not (activity[name] or "").strip()
            )

    def _search_register_missing(self, operator, value):
        if operator not in ("in", "not in") or value != {False}:
            return NotImplemented
        incomplete = Domain.OR(Domain(name, "=", False) for name in PROCESSOR_FACTS)
        return ~incomplete if operator == "in" else incomplete

    @api.depends("name", "controller_id")
    def _compute_display_name(self):
        for activity in self:
            activity.display_name = (
                f"{activity.controller_id.name} - {activity.name}"
                if activity.controller_id
                else activity.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # The register
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_register_columns(self):
        """(key, translated heading, width) of the processor's register."""
        labels = {
            "ref": self.env._("Ref."),
            "controller": self.env._("Controller"),
            "controller_contact": self.env._("Controller's Contact Details"),
            "controller_representative": self.env._("Controller's Representative"),
            "controller_dpo": self.env._("Controller's Data Protection Officer"),
            "name": self.env._("Category of Processing"),
            "description": self.env._("Processing Carried Out"),
            "sub_processors": self.env._("Sub-processors"),
            "transfer": self.env._("Transfers Outside the EU"),
            "transfer_safeguards": self.env._("Transfers and Their Safeguards"),
            "security_measures": self.env._("Security Measures"),
            "contract": self.env._("Data Processing Agreement"),
            "create_date": self.env._("Created On"),
            "write_date": self.env._("Last Updated"),
        }
        return [(key, labels[key], width) for key, width in COLUMN_WIDTHS.items()]

    @api.model
    def _rgpd_register_rows(self, company):
        """One dict per category of processing carried out by `company`, in
        the current language: the one source of the PDF and the XLSX."""
        yes, no = self.env._("Yes"), self.env._("No")
        activities = self.search([("company_id", "=", company.id)])
        rows = []
        for index, activity in enumerate(activities, start=1):
            # sudo: the controller's name and address, printed in the register
            # of an activity the caller reads (a customer's company card).
            controller = activity.controller_id.sudo()
            contact = ", ".join(
                part
                for part in (
                    controller.street,
                    controller.zip,
                    controller.city,
                    controller.country_id.name,
                    controller.email,
                    controller.phone,
                )
                if part
            )
            contract = " - ".join(
                part
                for part in (
                    activity.contract_ref,
                    activity.date_start
                    and self.env._("since %s", format_date(self.env, activity.date_start)),
                )
                if part
            )
            rows.append(
                {
                    "record": activity,
                    "ref": f"S{index:02d}",
                    "controller": controller.name or "",
                    "controller_contact": contact,
                    "controller_representative": activity.controller_representative or "",
                    "controller_dpo": activity.controller_dpo or "",
                    "name": activity.name,
                    "description": activity.description or "",
                    "sub_processors": activity.sub_processors or "",
                    "transfer": yes if activity.transfer_outside_eu else no,
                    "transfer_safeguards": activity.transfer_safeguards or "",
                    "security_measures": activity.security_measures or "",
                    "contract": contract,
                    "create_date": fields.Date.to_date(activity.create_date),
                    "write_date": fields.Date.to_date(activity.write_date),
                }
            )
        return rows

    @api.model
    def _rgpd_register_identity(self, company):
        """(translated label, value) pairs of the processor's identity: the
        controller's identity lines, the company acting as processor."""
        identity = self.env["rgpd.purpose"]._rgpd_register_identity(company)
        return [(self.env._("Processor"), company.name), *identity[1:]]

    @api.model
    def _rgpd_register_xlsx(self, company):
        """The processor's register of `company` as an XLSX file (bytes):
        a summary sheet, then one sheet per category of processing."""
        company._rgpd_check_identity()
        return register_workbook(
            self.env,
            self.env._("Record of Processing Carried Out as a Processor (GDPR Art. 30(2))"),
            self._rgpd_register_identity(company),
            self._rgpd_register_columns(),
            self._rgpd_register_rows(company),
        )

    def action_print_register(self):
        """Print the current company's processor register."""
        company = self.env.company
        company._rgpd_check_identity()
        # config=False: print at once, without first asking to set up the document layout.
        return self.env.ref("rgpd_dsar.action_report_rgpd_processor_register").report_action(
            company, config=False
        )

    def action_export_register(self):
        """Download the current company's processor register as an XLSX file."""
        self.env.company._rgpd_check_identity()
        return {
            "type": "ir.actions.act_url",
            "url": f"/rgpd_dsar/register.xlsx?company_id={self.env.company.id}&processor=1",
            "target": "download",
        }
