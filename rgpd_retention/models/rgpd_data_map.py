# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
import re
from collections import defaultdict
from urllib.parse import quote, quote_plus

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize, hmac
from odoo.tools.safe_eval import safe_eval

LINK_TYPES = [
    ("self", "The partner and its child contacts"),
    ("many2one", "Field pointing to the partner"),
    ("email", "Email address"),
    ("document", "Attached to the person's records"),
    ("phone", "Phone number"),
    ("mention", "Mentioned in the text"),
]
CATEGORIES = [
    ("identity", "Identity"),
    ("contact", "Contact"),
    ("address", "Address"),
    ("financial", "Financial"),
    ("online", "Online Identifier"),
    ("free_text", "Free Text"),
    ("special", "Special Category"),
]
RULES = [
    ("pseudonym", "Pseudonym"),
    ("clear", "Clear"),
    ("hash", "Hash"),
    ("keep", "Keep"),
    ("delete", "Delete the Record"),
    ("mention", "Replace the Mentions"),
]
# An email address inside a free-form field ("Name <a@b.example>").
EMAIL_PATTERN = r"[^\s<>,;\"']+@[^\s<>,;\"']+"
# The records whose chatter, attachments, followers and activities belong to
# the person (the "document" link of the default entries).
PERSON_DOCUMENT_MODELS = ["res.partner", "res.users", "crm.lead", "mailing.contact"]
TEXT_COLUMN_TYPES = ("text", "character varying", "json", "jsonb")
# What the engine changes through the ORM, for its side effects: users
# (archived, login freed: res.partner.rgpd_anonymize), attachments (their
# files), consent events (the ledger's own scrub).
ORM_MODELS = ("ir.attachment", "rgpd.consent.event")
ORM_FIELDS = {("res.users", "login")}
# Mentions of a person in other records' text (a note on another record
# naming them) are found by one scan of each mapped column per call, whose
# cost grows with the number of people: the engine searches them when it
# anonymizes up to this many contacts at once (an erasure request, the
# Officer's wizard), not in the retention policies' batches of 500, which
# keep their figures (see README, Figures).
MENTION_MAX_PARTNERS = 10
# A name is searched as a mention only when it has at least two words (a
# first and a last name): a lone word would match other people's text.
MENTION_NAME_WORDS = 2


def _entries(model, link_type, link_path, category, rule, fnames, keep_on_hold=False, **extra):
    return [
        {
            "model": model,
            "field_name": fname,
            "link_type": link_type,
            "link_path": link_path,
            "category": category,
            "rule": rule,
            "keep_on_hold": keep_on_hold,
            **extra,
        }
        for fname in fnames
    ]


def _document_domain(model_field):
    return repr([(model_field, "in", PERSON_DOCUMENT_MODELS)])


# What Odoo 19 Community holds about a person once its modules are
# installed. `_rgpd_install_defaults` creates the entries whose model and
# field exist; the Officer edits them afterwards (noupdate).
DEFAULT_ENTRIES = [
    *_entries(
        "res.partner", "self", False, "identity", "pseudonym", ["name", "complete_name"], True
    ),
    *_entries(
        "res.partner",
        "self",
        False,
        "identity",
        "clear",
        ["company_name", "commercial_company_name", "company_registry", "ref", "vat"],
        True,
    ),
    *_entries("res.partner", "self", False, "identity", "clear", ["function", "barcode"]),
    *_entries(
        "res.partner",
        "self",
        False,
        "contact",
        "clear",
        ["email", "email_normalized", "phone", "phone_sanitized"],
    ),
    *_entries(
        "res.partner",
        "self",
        False,
        "address",
        "clear",
        ["street", "street2", "zip", "city", "state_id", "country_id"],
        True,
    ),
    *_entries("res.partner", "self", False, "online", "clear", ["website"]),
    *_entries("res.partner", "self", False, "free_text", "clear", ["comment", "properties"]),
    *_entries("res.partner.bank", "many2one", "partner_id", "financial", "hash", ["acc_number"]),
    *_entries(
        "res.partner.bank", "many2one", "partner_id", "financial", "clear", ["acc_holder_name"]
    ),
    *_entries("res.users", "many2one", "partner_id", "online", "pseudonym", ["login"]),
    *_entries("res.users", "many2one", "partner_id", "free_text", "clear", ["signature"]),
    *_entries(
        "mail.message",
        "document",
        "model,res_id",
        "free_text",
        "delete",
        ["body"],
        link_domain=_document_domain("model"),
    ),
    *_entries(
        "mail.message",
        "many2one",
        "author_id",
        "free_text",
        "clear",
        ["body", "subject", "email_from"],
    ),
    *_entries("mail.message", "many2one", "partner_ids", "free_text", "clear", ["body"]),
    # Mails received from the person's address without a known author (the
    # messages they wrote are found through author_id).
    *_entries(
        "mail.message",
        "email",
        "email_from",
        "free_text",
        "clear",
        ["body", "subject", "email_from"],
        link_domain="[('author_id', '=', False)]",
    ),
    # The address replies go to, on the person's messages and anywhere else.
    *_entries("mail.message", "many2one", "author_id", "contact", "clear", ["reply_to"]),
    *_entries("mail.message", "email", "reply_to", "contact", "clear", ["reply_to"]),
    *_entries(
        "mail.message",
        "email",
        "email_from",
        "contact",
        "clear",
        ["reply_to"],
        link_domain="[('author_id', '=', False)]",
    ),
    # The person named, or their address or phone written, in other records'
    # messages, tracked values and meetings (see MENTION_MAX_PARTNERS).
    *[
        entry
        for fname in ("body", "subject")
        for entry in _entries("mail.message", "mention", fname, "free_text", "mention", [fname])
    ],
    *[
        entry
        for fname in ("old_value_char", "new_value_char")
        for entry in _entries(
            "mail.tracking.value", "mention", fname, "free_text", "mention", [fname]
        )
    ],
    *[
        entry
        for fname in ("name", "description", "location")
        for entry in _entries("calendar.event", "mention", fname, "free_text", "mention", [fname])
    ],
    *_entries("mail.mail", "mention", "body_html", "free_text", "mention", ["body_html"]),
    # Meetings the person attends: their name in the subject and the
    # description, their attendee record; the invitation (.ics) holds both.
    *_entries(
        "calendar.event",
        "many2one",
        "partner_ids",
        "free_text",
        "mention",
        ["name", "description", "location"],
    ),
    *_entries(
        "calendar.attendee", "many2one", "partner_id", "identity", "pseudonym", ["common_name"]
    ),
    *_entries("calendar.attendee", "many2one", "partner_id", "online", "clear", ["access_token"]),
    *_entries(
        "ir.attachment",
        "mention",
        "index_content",
        "free_text",
        "delete",
        ["index_content"],
        link_domain="[('mimetype', '=', 'text/calendar')]",
    ),
    # Text messages: the queue and its notifications; the number is searched
    # as the person's phone too. The SMS blacklist keeps the number in clear:
    # the suppression list keeps its digest instead.
    *_entries("sms.sms", "many2one", "partner_id", "contact", "delete", ["number"]),
    *_entries("sms.sms", "phone", "number", "contact", "delete", ["number"]),
    *_entries("mail.notification", "phone", "sms_number", "contact", "delete", ["sms_number"]),
    *_entries("phone.blacklist", "phone", "number", "contact", "delete", ["number"]),
    *_entries(
        "mail.tracking.value",
        "many2one",
        "old_value_integer",
        "identity",
        "pseudonym",
        ["old_value_char"],
        link_domain="[('field_id.relation', '=', 'res.partner')]",
    ),
    *_entries(
        "mail.tracking.value",
        "many2one",
        "new_value_integer",
        "identity",
        "pseudonym",
        ["new_value_char"],
        link_domain="[('field_id.relation', '=', 'res.partner')]",
    ),
    *_entries("mail.mail", "many2one", "recipient_ids", "free_text", "delete", ["body_html"]),
    *_entries("mail.mail", "email", "email_to", "contact", "delete", ["email_to"]),
    *_entries(
        "mail.notification",
        "many2one",
        "res_partner_id",
        "contact",
        "delete",
        ["mail_email_address"],
    ),
    *_entries("mail.followers", "many2one", "partner_id", "contact", "delete", ["partner_id"]),
    *_entries(
        "mail.followers",
        "document",
        "res_model,res_id",
        "contact",
        "delete",
        ["partner_id"],
        link_domain=_document_domain("res_model"),
    ),
    *_entries(
        "mail.activity",
        "document",
        "res_model,res_id",
        "free_text",
        "delete",
        ["note"],
        link_domain=_document_domain("res_model"),
    ),
    *_entries(
        "ir.attachment",
        "document",
        "res_model,res_id",
        "free_text",
        "delete",
        ["name", "index_content"],
        link_domain=_document_domain("res_model"),
    ),
    *_entries("mail.blacklist", "email", "email", "contact", "delete", ["email"]),
    *_entries("bus.bus", "email", "message", "free_text", "delete", ["message"]),
    *_entries(
        "rgpd.consent.event",
        "many2one",
        "partner_id",
        "online",
        "clear",
        ["ip_address", "user_agent", "purpose_text"],
    ),
    *_entries("rgpd.consent", "many2one", "partner_id", "free_text", "clear", ["evidence_note"]),
    *_entries("crm.lead", "many2one", "partner_id", "identity", "pseudonym", ["name"]),
    *_entries("crm.lead", "email", "email_normalized", "identity", "pseudonym", ["name"]),
    *[
        entry
        for link, path in (("many2one", "partner_id"), ("email", "email_normalized"))
        for entry in [
            *_entries(
                "crm.lead",
                link,
                path,
                "identity",
                "clear",
                ["contact_name", "partner_name", "function"],
            ),
            *_entries(
                "crm.lead",
                link,
                path,
                "contact",
                "clear",
                ["email_from", "email_normalized", "email_cc", "phone", "phone_sanitized"],
            ),
            *_entries(
                "crm.lead", link, path, "address", "clear", ["street", "street2", "zip", "city"]
            ),
            *_entries("crm.lead", link, path, "online", "clear", ["website"]),
            *_entries("crm.lead", link, path, "free_text", "clear", ["description"]),
        ]
    ],
    *_entries("mailing.contact", "email", "email_normalized", "contact", "delete", ["email"]),
    *_entries("mailing.trace", "email", "email", "contact", "clear", ["email", "failure_reason"]),
    *_entries("website.visitor", "many2one", "partner_id", "online", "delete", ["access_token"]),
    *_entries("sale.order", "many2one", "partner_id", "identity", "keep", ["partner_id"]),
    *_entries("account.move", "many2one", "partner_id", "identity", "keep", ["partner_id"]),
    *_entries(
        "account.move",
        "many2one",
        "partner_id",
        "identity",
        "pseudonym",
        ["invoice_partner_display_name"],
        True,
    ),
    # Events: the attendee, booked by the partner or registered with their email.
    *[
        entry
        for link, path in (("many2one", "partner_id"), ("email", "email"))
        for entry in [
            *_entries("event.registration", link, path, "identity", "pseudonym", ["name"]),
            *_entries("event.registration", link, path, "identity", "clear", ["company_name"]),
            *_entries("event.registration", link, path, "contact", "clear", ["email", "phone"]),
        ]
    ],
    # Surveys: the participant's answers sheet.
    *[
        entry
        for link, path in (("many2one", "partner_id"), ("email", "email"))
        for entry in _entries("survey.user_input", link, path, "contact", "clear", ["email"])
    ],
    *_entries("survey.user_input", "many2one", "partner_id", "identity", "clear", ["nickname"]),
]


class RgpdDataMap(models.Model):
    """Where the personal data of a person lives: one entry per (model, field,
    link), with the rule the anonymization engine applies to it.

    The map is read by the anonymization engine, its preview and the export
    of a person's data (rgpd_dsar): one map, several users.
    """

    _name = "rgpd.data.map"
    _description = "Personal Data Map Entry"
    _order = "sequence, model, field_name, id"

    sequence = fields.Integer(default=10)
    model_id = fields.Many2one("ir.model", required=True, ondelete="cascade", index=True)
    model = fields.Char(related="model_id.model", store=True, string="Model Name")
    field_id = fields.Many2one(
        "ir.model.fields",
        required=True,
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('store', '=', True)]",
    )
    field_name = fields.Char(related="field_id.name", store=True)
    link_type = fields.Selection(
        LINK_TYPES,
        required=True,
        default="many2one",
        help="How a record is tied to the person: the partner itself, a field "
        "pointing to the partner, an email field matched on the normalized "
        "email, or a record attached (model and id) to one of the person's records.",
    )
    link_path = fields.Char(
        string="Link",
        help="The field tying the record to the person (partner_id, author_id, "
        "email_normalized...); for records attached to a document, the model "
        "field and the id field, e.g. res_model,res_id.",
    )
    link_domain = fields.Char(
        string="Only Records",
        default="[]",
        help="Restricts the records of the model this entry applies to.",
    )
    category = fields.Selection(CATEGORIES, required=True, default="identity")
    rule = fields.Selection(
        RULES,
        required=True,
        default="clear",
        help="Pseudonym: 'Anonymized contact #<id>'. Clear: emptied. Hash: "
        "replaced by a keyed SHA-256 digest. Keep: left as is (a legal "
        "obligation). Delete the Record: the whole record is deleted. Replace the "
        "Mentions: the person's name, emails and phones inside the text become the "
        "pseudonym.",
    )
    keep_on_hold = fields.Boolean(
        string="Kept Under Legal Obligation",
        help="Kept when accounting documents younger than their legal retention "
        "period need it (name and address on invoices).",
    )
    active = fields.Boolean(default=True)
    note = fields.Char()

    _unique_entry = models.UniqueIndex(
        "(model_id, field_id, link_type, COALESCE(link_path, ''))",
        "This field is already mapped with the same link.",
    )

    @api.depends("model_id", "field_id")
    def _compute_display_name(self):
        for entry in self:
            entry.display_name = f"{entry.model_id.name} / {entry.field_id.field_description}"

    @api.constrains("model_id", "field_id", "link_type", "link_path", "rule", "link_domain")
    def _check_entry(self):
        for entry in self:
            Model = self.env[entry.model]
            field = Model._fields.get(entry.field_name)
            if entry.field_id.model_id != entry.model_id or not field or not field.store:
                raise ValidationError(
                    self.env._(
                        "%(field)s is not a stored field of this model.", field=entry.field_id.name
                    )
                )
            if entry.rule == "clear" and field.required:
                raise ValidationError(
                    self.env._(
                        "%(field)s is required: it cannot be cleared. "
                        "Choose the pseudonym or the hash.",
                        field=field._description_string(self.env),
                    )
                )
            if entry.rule == "mention" and (
                field.type not in ("char", "text", "html")
                or field.translate
                or field.company_dependent
            ):
                raise ValidationError(
                    self.env._(
                        "Only a plain text field can have its mentions replaced: "
                        "clear %(field)s instead.",
                        field=field._description_string(self.env),
                    )
                )
            if entry.rule in ("pseudonym", "hash") and (
                field.type not in ("char", "text") or field.translate or field.company_dependent
            ):
                raise ValidationError(
                    self.env._(
                        "Only a plain text field can take a pseudonym or a hash: "
                        "clear %(field)s instead.",
                        field=field._description_string(self.env),
                    )
                )
            entry._rgpd_check_link(Model)
            try:
                Domain(safe_eval(entry.link_domain or "[]")).validate(Model)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The domain of %(entry)s is not valid: %(error)s",
                        entry=entry.display_name,
                        error=error,
                    )
                ) from error

    def _rgpd_check_link(self, Model):
        self.ensure_one()
        path = self.link_path or ""
        if self.link_type == "self":
            valid = self.model == "res.partner"
        elif self.link_type == "document":
            names = path.split(",")
            valid = len(names) == 2 and all(name in Model._fields for name in names)
        else:
            field = Model._fields.get(path)
            valid = bool(field and field.store) and (
                self.link_type in ("email", "phone")
                and field.type in ("char", "text")
                or self.link_type == "mention"
                and field.type in ("char", "text", "html")
                or self.link_type == "many2one"
                and (field.comodel_name == "res.partner" or field.type == "integer")
            )
        if not valid:
            raise ValidationError(
                self.env._(
                    "The link %(link)s does not tie %(model)s records to a partner.",
                    link=path or self.link_type,
                    model=self.model,
                )
            )

    # ------------------------------------------------------------------
    # Shipped entries
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_install_defaults(self):
        """Create the default entries whose model and field are installed and
        that were never created (an entry the Officer archived stays so).
        Called when this addon is installed or updated, and from the map's
        list once another app is installed."""
        Data = self.env["ir.model.data"].sudo()
        existing = set(
            Data.search([("module", "=", "rgpd_retention"), ("model", "=", self._name)]).mapped(
                "name"
            )
        )
        to_create = []
        for vals in DEFAULT_ENTRIES:
            Model = self.env.get(vals["model"])
            field = Model is not None and Model._fields.get(vals["field_name"])
            if not (field and field.store):
                continue
            if (
                vals["link_type"] in ("many2one", "email", "phone", "mention")
                and vals["link_path"] not in Model._fields
            ):
                continue
            name = "data_map_{}__{}__{}".format(
                vals["model"].replace(".", "_"),
                vals["field_name"],
                (vals["link_path"] or vals["link_type"]).replace(",", "_"),
            )
            if name in existing:
                continue
            field = self.env["ir.model.fields"]._get(vals["model"], vals["field_name"])
            record_vals = {
                key: value for key, value in vals.items() if key not in ("model", "field_name")
            }
            record_vals.update(model_id=field.model_id.id, field_id=field.id)
            to_create.append(
                {"xml_id": f"rgpd_retention.{name}", "values": record_vals, "noupdate": True}
            )
        # sudo: shipped data, created for the Officer at install time.
        return self.sudo()._load_records(to_create)

    @api.model
    def _rgpd_map_installed_apps(self):
        """After apps are installed (or updated): add the default entries of
        their models and tell the Officers what was added, so that the map
        keeps up with the apps without waiting for "Load Defaults". Returns
        the entries created."""
        created = self._rgpd_install_defaults()
        if created:
            created._rgpd_notify_officers()
        return created

    def _rgpd_notify_officers(self):
        """Tell each Officer, in their language, which entries of which apps
        were added to the map (a notification in their inbox)."""
        # sudo: run from the module loader; reads the group's members and the
        # modules' names to address and word the notification.
        officers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("all_group_ids", "in", self.env.ref("rgpd_consent.group_rgpd_officer").ids),
                    ("share", "=", False),
                ]
            )
        )
        if not officers:
            return
        # The apps that brought the models (not the ones extending them).
        module_names = {self.env[model]._original_module for model in set(self.mapped("model"))}
        action = self.env.ref("rgpd_retention.rgpd_data_map_action", raise_if_not_found=False)
        for lang, users in officers.grouped(lambda user: user.lang or "en_US").items():
            env = self.with_context(lang=lang).env
            modules = env["ir.module.module"].sudo().search([("name", "in", sorted(module_names))])
            entries = self.with_env(env).sudo()
            links = dict(self._fields["link_type"]._description_selection(env))
            body = Markup("<p>%s</p><ul>%s</ul>%s") % (
                env._(
                    "The apps installed since the last update (%(apps)s) hold personal data: "
                    "%(count)s entries were added to the personal-data map, with their default "
                    "rules. Check them before the next anonymization.",
                    apps=", ".join(modules.mapped("shortdesc"))
                    or ", ".join(entries.mapped("model")),
                    count=len(entries),
                ),
                Markup().join(
                    Markup("<li>%s (%s)</li>") % (name, link)
                    for name, link in sorted(
                        (entry.display_name, links[entry.link_type]) for entry in entries
                    )
                ),
                Markup('<p><a href="/odoo/action-%s">%s</a></p>')
                % (action.id, env._("Open the personal-data map"))
                if action
                else "",
            )
            # sudo: a notification from the suite itself, not from the user
            # who ran the installation.
            env["mail.thread"].sudo().message_notify(
                partner_ids=users.partner_id.ids,
                subject=env._("Personal-data map: new entries"),
                body=body,
                author_id=self.env.ref("base.partner_root").id,
            )

    def action_load_defaults(self):
        """Add the default entries of the apps installed since (list button)."""
        self._rgpd_install_defaults()
        return {"type": "ir.actions.client", "tag": "reload"}

    # ------------------------------------------------------------------
    # Finding a person's data
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_entries(self):
        """The active entries whose model is installed."""
        # sudo: the map is read by the engine, the preview and the export on
        # behalf of whoever may call them; it holds no personal data.
        entries = self.sudo().search([("active", "=", True)])
        return entries.filtered(
            lambda e: e.model in self.env and e.field_name in self.env[e.model]._fields
        )

    @api.model
    def _rgpd_identities(self, partners, tree=None):
        """The partners and their child contacts, each tied to the partner of
        `partners` it belongs to: {partner id: root partner id}, and the
        emails ({normalized email: root id}) including former emails kept in
        the tracking of the contacts."""
        roots = self._rgpd_tree(partners.ids) if tree is None else tree
        members = self.env["res.partner"].with_context(active_test=False).sudo().browse(list(roots))
        members.fetch(["email_normalized", "email"])
        emails = {}
        for member in members:
            # The address as typed too, when it differs from its normalized form.
            email = member.email_normalized or email_normalize(member.email or "")
            if email:
                emails.setdefault(email, roots[member.id])
        self.env["mail.tracking.value"].flush_model()
        self.env["mail.message"].flush_model(["model", "res_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.res_id, v.old_value_char, v.new_value_char
                  FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                  JOIN ir_model_fields f ON f.id = v.field_id
                 WHERE m.model = 'res.partner' AND m.res_id = ANY(%s)
                   AND f.name IN ('email', 'email_from')
                """,
                list(roots),
            )
        )
        for res_id, *values in rows:
            for value in values:
                email = email_normalize(value or "")
                if email:
                    emails.setdefault(email, roots[res_id])
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .sudo()
            .search_fetch([("partner_id", "in", list(roots))], ["login", "partner_id"])
        )
        for user in users:
            email = email_normalize(user.login or "")
            if email:
                emails.setdefault(email, roots[user.partner_id.id])
        return roots, emails

    @api.model
    def _rgpd_phones(self, roots):
        """{phone key: root id} of the phones of these partners, as written
        and as stored for searches (see `rgpd.suppression._rgpd_phone_key`)."""
        Suppression = self.env["rgpd.suppression"]
        members = self.env["res.partner"].with_context(active_test=False).sudo().browse(list(roots))
        phones = {}
        for member in members:
            for value in (member.phone, member.phone_sanitized):
                key = Suppression._rgpd_phone_key(value)
                if key:
                    phones.setdefault(key, roots[member.id])
        return phones

    @api.model
    def _rgpd_mentions(self, roots, emails):
        """{root id: the texts that name the person}: their names of two
        words or more (also as written in HTML and in links, such as the map
        link of a meeting's place), their emails (former ones included) and
        their phones as written and as stored. Empty beyond
        MENTION_MAX_PARTNERS people: their mentions are not searched."""
        if len(set(roots.values())) > MENTION_MAX_PARTNERS:
            return {}
        members = self.env["res.partner"].with_context(active_test=False).sudo().browse(list(roots))
        found = defaultdict(set)
        for member in members:
            root = roots[member.id]
            name = " ".join((member.name or "").split())
            if len(name.split()) >= MENTION_NAME_WORDS and not member.rgpd_anonymized:
                found[root] |= {name, html.escape(name), quote(name), quote_plus(name)}
            for value in (member.phone, member.phone_sanitized):
                if value and len(value.strip()) >= 6:
                    found[root].add(value.strip())
        for email, root in emails.items():
            found[root].add(email)
        return {root: sorted(values, key=len, reverse=True) for root, values in found.items()}

    @api.model
    def _rgpd_tree(self, partner_ids):
        """{partner id: id of the partner of `partner_ids` it belongs to} for
        these partners and all their child contacts, archived included."""
        self.env["res.partner"].flush_model(["parent_id"])
        rows = self.env.execute_query(
            SQL(
                """
                WITH RECURSIVE tree(id, root) AS (
                    SELECT id, id FROM res_partner WHERE id = ANY(%s)
                    UNION
                    SELECT p.id, tree.root FROM res_partner p JOIN tree ON p.parent_id = tree.id
                     WHERE p.id != ALL(%s)
                ) SELECT id, root FROM tree
                """,
                partner_ids,
                partner_ids,
            )
        )
        return dict(rows)

    def _rgpd_link_key(self):
        return (self.model, self.link_type, self.link_path or "", self.link_domain or "[]")

    @api.model
    def _rgpd_match(self, partners, identities=None, mentions=None):
        """For each active entry, the records of its model tied to `partners`:
        {entry: {record id: partner id of `partners`}}. Set-based: one query
        per distinct link, whatever the number of partners (mentions in
        text: only up to MENTION_MAX_PARTNERS people)."""
        entries = self._rgpd_entries()
        if not partners or not entries:
            return {}
        self.env.flush_all()
        roots, emails = identities or self._rgpd_identities(partners)
        phones = self._rgpd_phones(roots)
        if mentions is None:
            mentions = self._rgpd_mentions(roots, emails)
        links = {}
        for entry in entries.filtered(lambda e: e.link_type != "document"):
            key = entry._rgpd_link_key()
            if key not in links:
                links[key] = entry._rgpd_link_records(roots, emails, phones, mentions)
        # Records attached to the person's records (chatter, attachments...).
        documents = defaultdict(dict)
        for (model, *_rest), records in links.items():
            documents[model].update(records)
        documents["res.partner"].update(roots)
        for entry in entries.filtered(lambda e: e.link_type == "document"):
            key = entry._rgpd_link_key()
            if key not in links:
                links[key] = entry._rgpd_document_records(documents)
        return {entry: links[entry._rgpd_link_key()] for entry in entries}

    def _rgpd_allowed(self, id_column):
        """The condition that `id_column` is a record of the entry's model its
        domain allows, archived records included: TRUE without a domain,
        which spares a semi-join of the whole table on every query."""
        domain = Domain(safe_eval(self.link_domain or "[]"))
        if domain.is_true():
            return SQL("TRUE")
        Model = self.env[self.model].sudo().with_context(active_test=False)
        return SQL("%s IN %s", id_column, Model._search(domain).subselect())

    def _rgpd_link_records(self, roots, emails, phones=None, mentions=None):
        self.ensure_one()
        Model = self.env[self.model]
        table = SQL.identifier(Model._table)
        allowed = self._rgpd_allowed(SQL("t.id"))
        column = SQL.identifier(self.link_path or "id")
        if self.link_type == "self":
            return dict(roots)
        if self.link_type == "phone":
            if not phones:
                return {}
            digits = SQL("regexp_replace(t.%s, '[^0-9+]', '', 'g')", column)
            query = SQL(
                "SELECT t.id, %s FROM %s t WHERE %s = ANY(%s) AND %s",
                digits,
                table,
                digits,
                list(phones),
                allowed,
            )
            return {record_id: phones[key] for record_id, key in self.env.execute_query(query)}
        if self.link_type == "mention":
            # One scan of the column per call: only for a few people.
            if not mentions or len(mentions) > MENTION_MAX_PARTNERS:
                return {}
            needles = [
                ("%" + re.sub(r"([\\%_])", r"\\\1", value.lower()) + "%", root)
                for root, values in mentions.items()
                for value in values
            ]
            # One LIKE ANY per row; the person is told apart on the rows found.
            query = SQL(
                """SELECT t.id, (SELECT v.root FROM unnest(%s::text[], %s::int[]) AS v(needle, root)
                                  WHERE t.lowered LIKE v.needle LIMIT 1)
                     FROM (SELECT id, lower(%s::text) AS lowered FROM %s
                            WHERE lower(%s::text) LIKE ANY(%s) AND %s) t""",
                [needle for needle, _root in needles],
                [root for _needle, root in needles],
                column,
                table,
                column,
                [needle for needle, _root in needles],
                self._rgpd_allowed(SQL("id")),
            )
            return dict(self.env.execute_query(query))
        if self.link_type == "many2one":
            field = Model._fields[self.link_path]
            if field.type == "many2many":
                query = SQL(
                    "SELECT r.%s, r.%s FROM %s r WHERE r.%s = ANY(%s) AND %s",
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column2),
                    list(roots),
                    self._rgpd_allowed(SQL("r.%s", SQL.identifier(field.column1))),
                )
            else:
                query = SQL(
                    "SELECT t.id, t.%s FROM %s t WHERE t.%s = ANY(%s) AND %s",
                    SQL.identifier(self.link_path),
                    table,
                    SQL.identifier(self.link_path),
                    list(roots),
                    allowed,
                )
            return {
                record_id: roots[partner_id]
                for record_id, partner_id in self.env.execute_query(query)
            }
        if not emails:
            return {}
        if self.link_path.endswith("normalized") or self.model in (
            "mailing.trace",
            "mail.blacklist",
        ):
            query = SQL(
                "SELECT t.id, lower(t.%s) FROM %s t WHERE lower(t.%s) = ANY(%s) AND %s",
                column,
                table,
                column,
                list(emails),
                allowed,
            )
        else:
            query = SQL(
                """SELECT t.id, m[1] FROM %s t, regexp_matches(lower(t.%s), %s, 'g') m
                    WHERE m[1] = ANY(%s) AND %s""",
                table,
                column,
                EMAIL_PATTERN,
                list(emails),
                allowed,
            )
        return {record_id: emails[email] for record_id, email in self.env.execute_query(query)}

    def _rgpd_document_records(self, documents):
        self.ensure_one()
        model_field, id_field = self.link_path.split(",")
        table = SQL.identifier(self.env[self.model]._table)
        allowed = self._rgpd_allowed(SQL("t.id"))
        found = {}
        for model, records in documents.items():
            if not records:
                continue
            rows = self.env.execute_query(
                SQL(
                    "SELECT t.id, t.%s FROM %s t WHERE t.%s = %s AND t.%s = ANY(%s) AND %s",
                    SQL.identifier(id_field),
                    table,
                    SQL.identifier(model_field),
                    model,
                    SQL.identifier(id_field),
                    list(records),
                    allowed,
                )
            )
            found.update((record_id, records[res_id]) for record_id, res_id in rows)
        return found

    @api.model
    def _rgpd_match_records(self, records):
        """The entries of the model of `records` applied to these very records
        (a lead processed by a retention policy), and their chatter:
        {entry: {record id: record id}}."""
        own = {record_id: record_id for record_id in records.ids}
        matches = {}
        for entry in self._rgpd_entries():
            if entry.model == records._name and entry.link_type != "document":
                matches[entry] = own
            elif entry.link_type == "document":
                matches[entry] = entry._rgpd_document_records({records._name: own})
        return matches

    @api.model
    def _rgpd_find(self, partners):
        """The records holding the data of `partners`, per active entry of an
        installed model: {entry: recordset (sudo) of the entry's model}.
        Changes nothing."""
        return {
            entry: self.env[entry.model]
            .sudo()
            .with_context(active_test=False)
            .browse(list(records))
            for entry, records in self._rgpd_match(partners).items()
            if records
        }

    @api.model
    def _rgpd_preview(self, partners):
        """What the map finds for `partners`, changing nothing: a list of
        {"model", "model_name", "field", "field_label", "count"}, where count
        is the number of records whose field holds a value (every record
        found for an entry that deletes whole records)."""
        by_field = defaultdict(set)
        entries = {}
        for entry, records in self._rgpd_match(partners).items():
            key = (entry.model, entry.field_name)
            entries.setdefault(key, entry)
            Model = self.env[entry.model]
            field = Model._fields[entry.field_name]
            if entry.rule == "delete" or field.type == "boolean" or not records:
                by_field[key].update(records)
                continue
            by_field[key].update(
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        """SELECT id FROM %s WHERE id = ANY(%s) AND %s IS NOT NULL
                            AND %s::text NOT IN ('', '<p><br></p>')""",
                        SQL.identifier(Model._table),
                        list(records),
                        SQL.identifier(entry.field_name),
                        SQL.identifier(entry.field_name),
                    )
                )
            )
        return [
            {
                "model": model,
                "model_name": entries[model, fname].model_id.name,
                "field": fname,
                "field_label": entries[model, fname].field_id.field_description,
                "count": len(ids),
                "rule": entries[model, fname].rule,
            }
            for (model, fname), ids in by_field.items()
            if ids
        ]

    # ------------------------------------------------------------------
    # Applying the rules
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_apply(self, matches, pseudonym, own_model, kept_roots=(), mentions=None):
        """Apply the rules of the entries to the records they matched
        ({entry: {record id: root id}}, see `_rgpd_match`): one UPDATE per
        model and link, one DELETE per model, all in SQL (no tracking
        value); the ORM for attachments (their files) and consent events
        (the ledger's scrub). Records of `own_model` take their own id in
        the pseudonym, the others their root's. Entries kept under a legal
        obligation spare the records of `kept_roots`. Mentions are replaced
        by the pseudonym with the texts of `mentions` (see `_rgpd_mentions`,
        none: mentions are left). The caller flushed
        nothing: this flushes first and invalidates the cache after.
        Returns ({root: {model name: record ids changed}}, {root: {model name:
        record ids kept}})."""
        self.env.flush_all()
        counts = defaultdict(lambda: defaultdict(set))
        kept = defaultdict(lambda: defaultdict(set))
        deletes = defaultdict(set)
        orm = defaultdict(dict)
        updates = defaultdict(lambda: defaultdict(list))
        for entry, records in matches.items():
            rule, model, label = entry.rule, entry.model, entry.model_id.name
            spared = kept_roots if entry.keep_on_hold else ()
            if rule == "keep":
                spared = None
            targets = {}
            for record_id, root in records.items():
                if rule == "mention" and root not in (mentions or {}):
                    continue
                if spared is None or root in spared:
                    kept[root][label].add(record_id)
                else:
                    counts[root][label].add(record_id)
                    targets[record_id] = root
            if rule == "keep":
                continue
            if rule == "delete":
                deletes[model].update(targets)
            elif model in ORM_MODELS or (model, entry.field_name) in ORM_FIELDS:
                orm[model].update(targets)
            else:
                updates[(model, entry._rgpd_link_key())][entry].extend(targets.items())
        for (model, _key), by_entry in updates.items():
            self._rgpd_sql_update(model, by_entry, pseudonym, own_model, mentions)
        for model, ids in deletes.items():
            if model in ORM_MODELS:
                continue
            self.env.execute_query(
                SQL(
                    "DELETE FROM %s WHERE id = ANY(%s)",
                    SQL.identifier(self.env[model]._table),
                    list(ids),
                )
            )
        self.env.invalidate_all()
        # Attachments: the ORM marks their files for the garbage collector.
        self.env["ir.attachment"].sudo().browse(list(deletes["ir.attachment"])).exists().unlink()
        # Consent events: the ledger blanks the personal parts of the proof.
        self.env["rgpd.consent.event"].browse(
            list(orm["rgpd.consent.event"])
        ).exists()._rgpd_scrub()
        return counts, kept

    def _rgpd_sql_update(self, model, by_entry, pseudonym, own_model, mentions=None):
        """One UPDATE per link of a model: pseudonyms, hashes, mentions
        replaced and cleared fields of the records found."""
        Model = self.env[model]
        table = SQL.identifier(Model._table)
        by_targets = defaultdict(list)
        for entry, targets in by_entry.items():
            by_targets[tuple(sorted(targets))].append(entry)
        # sudo: reading the database secret, the key of the hashes.
        salt = hmac(self.env(su=True), "rgpd_retention.hash", "salt")
        for targets, entries in by_targets.items():
            if not targets:
                continue
            assignments = []
            for entry in entries:
                column = SQL.identifier(entry.field_name)
                if entry.rule == "pseudonym":
                    number = SQL("t.id") if model == own_model else SQL("m.root")
                    assignments.append(SQL("%s = %s || %s", column, pseudonym, number))
                elif entry.rule == "mention":
                    assignments.append(
                        SQL(
                            "%s = regexp_replace(%s, m.pattern, %s || m.root, 'gi')",
                            column,
                            column,
                            pseudonym,
                        )
                    )
                elif entry.rule == "hash":
                    assignments.append(
                        SQL(
                            "%s = encode(sha256(convert_to(%s || t.%s, 'UTF8')), 'hex')",
                            column,
                            salt,
                            column,
                        )
                    )
                else:
                    assignments.append(SQL("%s = NULL", column))
            # The texts naming the person, as one case-insensitive pattern per root.
            patterns = {
                root: "(?:{})".format("|".join(re.escape(value) for value in values))
                for root, values in (mentions or {}).items()
            }
            self.env.execute_query(
                SQL(
                    """UPDATE %s t SET %s
                         FROM unnest(%s::int[], %s::int[], %s::text[]) AS m(id, root, pattern)
                        WHERE t.id = m.id""",
                    table,
                    SQL(", ").join(assignments),
                    [target[0] for target in targets],
                    [target[1] for target in targets],
                    [patterns.get(target[1], "") for target in targets],
                )
            )

    # ------------------------------------------------------------------
    # Proof: scan the whole database
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_scan_database(self, values, ignore=None):
        """Every text, varchar, json and jsonb column of the database where
        one of `values` still appears (case-insensitive), as a sorted list of
        "table.column". One sequential scan per table. `ignore`, {table: ids},
        leaves out rows known to be someone else's (another contact with the
        same phone)."""
        ignore = ignore or {}
        patterns = [
            "%" + re.sub(r"([\\%_])", r"\\\1", value) + "%"
            for value in values
            if value and value.strip()
        ]
        if not patterns:
            return []
        self.env.flush_all()
        columns = defaultdict(list)
        for table, column in self.env.execute_query(
            SQL(
                """
                SELECT c.table_name, c.column_name
                  FROM information_schema.columns c
                  JOIN information_schema.tables t
                    ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                 WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                   AND c.data_type IN %s
                 ORDER BY c.table_name, c.column_name
                """,
                TEXT_COLUMN_TYPES,
            )
        ):
            columns[table].append(column)
        found = []
        for table, names in columns.items():
            tests = [
                SQL("bool_or(%s::text ILIKE ANY(%s))", SQL.identifier(name), patterns)
                for name in names
            ]
            where = SQL("id != ALL(%s)", list(ignore[table])) if ignore.get(table) else SQL("TRUE")
            row = self.env.execute_query(
                SQL(
                    "SELECT %s FROM %s WHERE %s",
                    SQL(", ").join(tests),
                    SQL.identifier(table),
                    where,
                )
            )[0]
            found.extend(f"{table}.{name}" for name, hit in zip(names, row, strict=True) if hit)
        return sorted(found)
