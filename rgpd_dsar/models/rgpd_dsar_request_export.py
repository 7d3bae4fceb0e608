# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import datetime
import io
import json
import zipfile

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from odoo.addons.rgpd_consent.signed_links import read_signed_ids, sign

from .rgpd_dsar_request import EXPORT_LINK_DAYS


# One file per concern of the request (workflow, intake, export, erasure),
# each guard beside its code: the split is on purpose.
class RgpdDsarRequest(models.Model):
    """Access and portability (Art. 15 and 20): the export of the
    person's data and its download links."""

    _inherit = "rgpd.dsar.request"  # pylint: disable=consider-merging-classes-inherited

    # The form offers the export as a download button (the binary field), not
    # the attachment's own form with its delete icon.
    export_filename = fields.Char(string="Export File Name", compute="_compute_export_filename")

    @api.depends("export_attachment_id")
    def _compute_export_filename(self):
        for request in self:
            # sudo: the name of the request's own export, readable by those
            # who read the request; the file itself stays the Officer's.
            request.export_filename = request.export_attachment_id.sudo().name or False

    # ------------------------------------------------------------------
    # Signed download links
    # ------------------------------------------------------------------

    def _rgpd_export_token(self):
        """Signed token of this request's export, valid 7 days."""
        self.ensure_one()
        return sign(
            self.env,
            "rgpd_dsar.export",
            [self.id, self.export_attachment_id.id],
            datetime.timedelta(days=EXPORT_LINK_DAYS),
        )

    def _rgpd_export_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/rgpd/export/{self._rgpd_export_token()}"

    def _rgpd_export_mail_url(self):
        """What the answer mail shows in place of the signed link: a
        placeholder, turned into the link when the mail leaves for the
        request's own person only (see mail.mail), so that the link never
        sits in the chatter nor reaches another address."""
        self.ensure_one()
        return self._rgpd_link_placeholder("export", self.id)

    @api.model
    def _rgpd_from_export_token(self, token):
        """The request (sudo'ed) a valid export token was signed for, whose
        export is still the one signed; None otherwise."""
        values = read_signed_ids(self.env, "rgpd_dsar.export", token, 2)
        if not values:
            return None
        # sudo: the signature proves the link was made for this request's export.
        request = self.sudo().browse(values[0]).exists()
        if not request or not request._rgpd_export_available():
            return None
        if request.export_attachment_id.id != values[1]:
            return None
        return request

    def _rgpd_export_attachment(self):
        """The export file (sudo'ed) that action_generate_export made for
        this request, or an empty recordset: the attachment must be bound to
        this request's export field and hold the very content whose checksum
        was recorded when it was made; the field alone is not trusted."""
        self.ensure_one()
        # sudo: reading the request's own export and its recorded checksum to
        # check them; nothing is served from here.
        request_sudo = self.sudo()
        attachment_sudo = request_sudo.export_attachment_id
        if not (
            attachment_sudo
            and request_sudo.export_checksum
            and attachment_sudo.res_model == self._name
            and attachment_sudo.res_id == self.id
            and attachment_sudo.res_field == "export_file"
            and attachment_sudo.checksum == request_sudo.export_checksum
        ):
            return self.env["ir.attachment"].sudo()
        return attachment_sudo

    def _rgpd_export_available(self):
        """Whether the person may download the export: once the answer is sent."""
        self.ensure_one()
        return self.state == "done" and bool(self._rgpd_export_attachment())

    def _rgpd_store_export(self, content, filename):
        """Keep `content` as this request's export, in place of the previous
        one, and record its checksum. Only action_generate_export calls it,
        after checking the Officer's role."""
        self.ensure_one()
        old = self.export_attachment_id
        # sudo: the export is the request's own file, bound to its export
        # field, which only Officers may read (ir.attachment checks the
        # field's groups); the person gets it through the checked routes.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "raw": content,
                    "mimetype": "application/zip",
                    "res_model": self._name,
                    "res_id": self.id,
                    "res_field": "export_file",
                }
            )
        )
        self._rgpd_write(
            {
                "export_attachment_id": attachment.id,
                "export_checksum": attachment.checksum,
                "date_processed": fields.Datetime.now(),
            }
        )
        # sudo: the previous export of this request, replaced above.
        old.sudo().unlink()
        return attachment

    def _rgpd_log_download(self, via, ip_address):
        """Log a download of the export in the request's chatter."""
        self.ensure_one()
        labels = {
            "portal": self.env._("from the customer portal"),
            "link": self.env._("from the signed link of the mail"),
        }
        self._rgpd_write({"export_download_count": self.export_download_count + 1})
        self.message_post(
            body=self.env._(
                "Export downloaded %(via)s (IP address %(ip)s).",
                via=labels[via],
                ip=ip_address or "-",
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Access and portability (Art. 15 and 20): the export
    # ------------------------------------------------------------------

    def _rgpd_export_data(self):
        """Everything the personal-data map finds about the request's contact,
        model by model: {"models": [{"model", "model_name", "fields":
        {name: label}, "records": [{name: value}]}], ...}, values as JSON
        types, in the person's language."""
        self.ensure_one()
        partner = self.partner_id
        found = self.env["rgpd.data.map"]._rgpd_find(partner)
        by_model = {}
        for entry, records in found.items():
            group = by_model.setdefault(
                entry.model,
                {"entry": entry, "fields": {}, "records": records.browse()},
            )
            group["fields"].setdefault(entry.field_name, entry.field_id)
            group["records"] |= records
        models_data = []
        lang_env = self.with_context(lang=self.lang).env
        for model, group in sorted(by_model.items()):
            records = group["records"].with_context(lang=self.lang, active_test=False)
            fields_map = records._fields
            names = [name for name in group["fields"] if name in fields_map]
            names = [
                name for name in names if not self._rgpd_derived_field(fields_map[name], names)
            ]
            labels = {
                name: fields_map[name].get_description(records.env)["string"] for name in names
            }
            rows = []
            for record in records.sorted("id"):
                row = {"id": record.id, "display_name": record.display_name}
                row.update(
                    (name, self._rgpd_json_value(record, fields_map[name])) for name in names
                )
                rows.append(row)
            models_data.append(
                {
                    "model": model,
                    "model_name": self.env["ir.model"]
                    ._get(model)
                    .with_context(lang=self.lang)
                    .name,
                    "fields": {
                        "id": lang_env._("Record number"),
                        "display_name": lang_env._("Name"),
                        **labels,
                    },
                    "records": rows,
                }
            )
        return {
            "request": self.name,
            "generated_on": fields.Datetime.now().isoformat(),
            "company": self.company_id.name,
            "data_subject": partner.display_name,
            "models": models_data,
        }

    @api.model
    def _rgpd_derived_field(self, field, names):
        """Whether `field` only repeats, in a technical form, fields among
        `names` shown beside it (the normalized email, the sanitized phone
        number): stored, computed from one of them, never typed in (no
        inverse). The person reads the value they gave once; the map still
        erases both."""
        if not (field.store and field.compute) or field.inverse or field.type != "char":
            return False
        sources = {path.split(".")[0] for path in field.get_depends(self.env[field.model_name])[0]}
        return bool(sources & (set(names) - {field.name}))

    @api.model
    def _rgpd_json_value(self, record, field):
        """One field of one record as a JSON value a person can read."""
        if field.type == "properties":
            return self._rgpd_properties_value(record, field)
        value = record[field.name]
        if field.type == "many2one":
            return value.display_name or None
        if field.type in ("one2many", "many2many"):
            return value.mapped("display_name")
        if field.type in ("date", "datetime"):
            return value.isoformat() if value else None
        if field.type == "binary":
            return value.decode() if isinstance(value, bytes) else value or None
        if field.type == "selection" and value:
            return dict(field._description_selection(record.env)).get(value, value)
        if field.type == "html":
            return html2plaintext(value) if value else None
        if value is False and field.type != "boolean":
            return None
        return value

    @api.model
    def _rgpd_properties_value(self, record, field):
        """A properties field as {label: value}, each value as a person
        reads it (a tag's or an option's label, a record's name), the empty
        ones left out; never the Python object the ORM holds."""
        readable = {}
        for prop in field.convert_to_read(record[field.name], record) or []:
            value = prop.get("value")
            kind = prop.get("type")
            empty = value is None or (value is False and kind != "boolean") or value in ("", [])
            if kind == "separator" or empty:
                continue
            if kind == "many2one" and isinstance(value, (list, tuple)):
                value = value[1] if len(value) > 1 else value[0]
            elif kind == "many2many":
                value = [item[1] if isinstance(item, (list, tuple)) else item for item in value]
            elif kind == "selection":
                value = dict(prop.get("selection") or []).get(value, value)
            elif kind == "tags":
                tags = {tag[0]: tag[1] for tag in prop.get("tags") or []}
                value = [tags.get(tag, tag) for tag in value]
            elif kind in ("date", "datetime") and not isinstance(value, str):
                value = value.isoformat()
            readable[prop.get("string") or prop.get("name")] = value
        return readable or None

    def _rgpd_csv(self, model_data):
        """One model's records as CSV, UTF-8 with a BOM so that spreadsheets
        read the accents; lists, properties and yes/no written as words in
        the person's language, not as code."""
        lang_env = self.with_context(lang=self.lang or self.env.lang).env
        yes_no = {True: lang_env._("Yes"), False: lang_env._("No")}

        def cell(value):
            if value is None:
                return ""
            if isinstance(value, bool):
                return yes_no[value]
            if isinstance(value, dict):
                return "; ".join(f"{label}: {cell(item)}" for label, item in value.items())
            if isinstance(value, list):
                return ", ".join(cell(item) for item in value)
            return value

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        names = list(model_data["fields"])
        writer.writerow([model_data["fields"][name] for name in names])
        for row in model_data["records"]:
            writer.writerow([cell(row[name]) for name in names])
        return buffer.getvalue().encode("utf-8-sig")

    def _rgpd_export_zip(self, data):
        """The ZIP the person receives: the JSON, one CSV per model, the PDF."""
        self.ensure_one()
        pdf, _report_type = (
            self.env["ir.actions.report"]
            .with_context(lang=self.lang)
            ._render_qweb_pdf(
                "rgpd_dsar.action_report_dsar_export", self.ids, data={"rgpd_export": data}
            )
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "personal_data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
            )
            for model_data in data["models"]:
                archive.writestr(f"csv/{model_data['model']}.csv", self._rgpd_csv(model_data))
            archive.writestr("personal_data.pdf", pdf)
        return buffer.getvalue()

    def action_generate_export(self):
        """Gather the contact's personal data and attach it to the request as
        one ZIP (JSON, CSV per model, readable PDF with the Art. 15
        information). A new export replaces the previous one."""
        self._rgpd_check_processable(("access", "portability"))
        for request in self:
            data = request._rgpd_export_data()
            if not data["models"]:
                raise UserError(
                    self.env._(
                        "The personal-data map finds no data about %s: nothing to export. "
                        "Answer the person that you hold no data about them.",
                        request.partner_id.display_name,
                    )
                )
            request._rgpd_store_export(
                request._rgpd_export_zip(data),
                f"{request.name.replace('/', '-')}-personal-data.zip",
            )
            count = sum(len(model["records"]) for model in data["models"])
            request.message_post(
                body=self.env._(
                    "Export generated: %(count)s records from %(models)s models.",
                    count=count,
                    models=len(data["models"]),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _rgpd_export_report_values(self, data):
        """What the readable PDF shows besides the data (GDPR Art. 15(1)):
        purposes, lawful bases, consents and their history, categories of
        data, recipients, retention periods, source, rights."""
        self.ensure_one()
        partner = self.partner_id
        # sudo: the purposes, consents and policies concerning the person are
        # what Art. 15 requires to give them.
        purposes = (
            self.env["rgpd.purpose"]
            .sudo()
            .with_context(lang=self.lang, active_test=False)
            .search([("company_id", "in", [self.company_id.id, False])])
        )
        consents = (
            self.env["rgpd.consent"]
            .sudo()
            .with_context(lang=self.lang)
            .search([("partner_id", "=", partner.id)])
        )
        purposes = purposes.filtered("active") | consents.purpose_id
        found = self.env["rgpd.data.map"]._rgpd_find(partner)
        category_labels = dict(
            self.env["rgpd.data.map"]
            ._fields["category"]
            ._description_selection(self.with_context(lang=self.lang).env)
        )
        categories = sorted({category_labels[entry.category] for entry in found})
        channels = sorted(set(consents.event_ids.mapped("channel")) - {False})
        channel_labels = dict(
            self.env["rgpd.consent"]
            ._fields["channel"]
            ._description_selection(self.with_context(lang=self.lang).env)
        )
        return {
            "dsar": self.with_context(lang=self.lang),
            "partner": partner,
            "export": data,
            "purposes": purposes,
            "consents": consents,
            "consent_by_purpose": {consent.purpose_id.id: consent for consent in consents},
            "lawful_bases": dict(
                purposes._fields["lawful_basis"]._description_selection(
                    self.with_context(lang=self.lang).env
                )
            ),
            "consent_states": dict(
                consents._fields["state"]._description_selection(
                    self.with_context(lang=self.lang).env
                )
            ),
            "categories": categories,
            "sources": [channel_labels[channel] for channel in channels],
            "authority": self._rgpd_authority(),
        }
