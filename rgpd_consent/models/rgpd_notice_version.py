# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
from operator import itemgetter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class RgpdNoticeVersion(models.Model):
    """A published version of a company's information notice (GDPR Art. 13
    and 14) in one language: the exact text shown, its date and its SHA-256.

    The notice is written from the purposes (`rgpd.purpose._rgpd_notice_facts`)
    and the company (`res.company._rgpd_notice_identity` and
    `_rgpd_notice_rights`), which each addon of the suite extends. Whenever
    the written text differs from the latest version, a new version is
    kept before it is shown (`_rgpd_current`), so that the suite can say
    which notice a person saw when they signed up (the `notice_version_id`
    of the sign-up's consent event). Append-only, like the consent events.
    """

    _name = "rgpd.notice.version"
    _description = "Information Notice Version"
    _order = "date desc, id desc"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Language",
        required=True,
        readonly=True,
    )
    date = fields.Datetime(
        string="Published On", required=True, readonly=True, default=fields.Datetime.now
    )
    content = fields.Html(string="Text Shown", readonly=True, sanitize=False)
    sha256 = fields.Char(string="SHA-256", required=True, readonly=True)

    @api.depends("company_id", "lang", "date")
    def _compute_display_name(self):
        langs = dict(self._fields["lang"]._description_selection(self.env))
        for version in self:
            version.display_name = self.env._(
                "Privacy notice of %(company)s (%(lang)s), %(date)s",
                company=version.company_id.name,
                lang=langs.get(version.lang, version.lang),
                date=fields.Datetime.to_string(version.date),
            )

    @api.model
    def _rgpd_digest(self, content):
        return hashlib.sha256(str(content or "").encode()).hexdigest()

    @api.model
    def _rgpd_render(self, company, lang):
        """The notice of `company` in `lang`, as HTML: the same input always
        gives the same text (no date in it), so that its digest tells a
        change of the processing from a second reading."""
        # sudo: the notice is public; it reads the company's active purposes
        # and their facts only, never a person's data.
        env = self.sudo().with_context(lang=lang).env
        company = company.with_env(env)
        purposes = env["rgpd.purpose"]._rgpd_notice_purposes(company)
        values = {
            "company": company,
            "identity": company._rgpd_notice_identity(),
            "purposes": [
                (purpose, sorted(purpose._rgpd_notice_facts(), key=itemgetter("sequence")))
                for purpose in purposes
            ],
            "rights": sorted(company._rgpd_notice_rights(), key=itemgetter("sequence")),
        }
        return str(env["ir.qweb"]._render("rgpd_consent.rgpd_notice_body", values)).strip()

    @api.model
    def _rgpd_current(self, company, lang=None):
        """The version of the notice of `company` in `lang` (default: the
        current language) that is shown now, kept first when its text
        differs from the latest one. Safe for the public pages: it only
        writes a new version of a public text."""
        lang = self.env["res.lang"]._get_code(lang or self.env.lang) or "en_US"
        content = self._rgpd_render(company, lang)
        digest = self._rgpd_digest(content)
        # sudo: a version is only ever created here, from the text just
        # written; nobody may create or change one (no ACL grants it).
        # Two first readers at the same instant may both keep the new text:
        # two versions with the same digest, which tell the same thing.
        Version = self.sudo()
        latest = Version.search([("company_id", "=", company.id), ("lang", "=", lang)], limit=1)
        if latest.sha256 == digest:
            return latest.with_env(self.env)
        version = Version.create(
            {"company_id": company.id, "lang": lang, "content": content, "sha256": digest}
        )
        return version.with_env(self.env)

    def write(self, vals):  # pylint: disable=method-required-super
        if not self:
            return True
        raise UserError(
            self.env._("A published notice is proof of what people read: it cannot be changed.")
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        raise UserError(
            self.env._("A published notice is proof of what people read: it cannot be deleted.")
        )

    @api.model
    def action_publish(self):
        """Keep the current notice of the current company in each installed
        language, before it is read online (to print it for paper forms),
        and list the versions."""
        if not self.env.user.has_group("rgpd_consent.group_rgpd_officer"):
            raise AccessError(self.env._("Only a Privacy Officer publishes the privacy notice."))
        for lang, _name in self.env["res.lang"].get_installed():
            self._rgpd_current(self.env.company, lang)
        return self.env["ir.actions.act_window"]._for_xml_id(
            "rgpd_consent.rgpd_notice_version_action"
        )

    def action_print(self):
        """Print this version of the notice, for paper forms."""
        return self.env.ref("rgpd_consent.action_report_rgpd_notice").report_action(
            self, config=False
        )
