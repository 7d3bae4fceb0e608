# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    rgpd_consent_validity_months = fields.Integer(
        string="Default Consent Validity (months)",
        default=0,
        help="Validity proposed for new purposes on consent; 0 means consents never expire.",
    )
    rgpd_double_optin_default = fields.Boolean(
        string="Double Opt-in by Default",
        help="New purposes on consent ask the person to confirm by mail.",
    )
    rgpd_consent_mail_from = fields.Char(
        string="Sender of Consent Mails",
        help="The address consent confirmation mails are sent from; "
        "the company's email when empty.",
    )

    rgpd_minimum_age = fields.Integer(
        string="Age of Digital Consent",
        default=15,
        help="GDPR Art. 8: below this age, consent to an online service needs "
        "the parent's too. 15 in France (loi Informatique et Libertés, art. 45); "
        "between 13 and 16 in the other EU countries.",
    )

    _rgpd_minimum_age_range = models.Constraint(
        "CHECK (rgpd_minimum_age BETWEEN 13 AND 16)",
        "The age of digital consent is between 13 and 16 (GDPR Art. 8).",
    )
    _rgpd_validity_positive = models.Constraint(
        "CHECK (rgpd_consent_validity_months >= 0)",
        "The validity of a consent cannot be negative.",
    )

    # ------------------------------------------------------------------
    # The information notice (Art. 13 and 14): hooks each addon extends
    # ------------------------------------------------------------------

    def _rgpd_notice_url(self):
        """The public page of this company's information notice."""
        self.ensure_one()
        return f"{self.get_base_url()}/privacy/{self.id}"

    def _rgpd_notice_identity(self):
        """(translated label, value) pairs of who is responsible, in the
        current language; rgpd_dsar adds the representative and the DPO."""
        self.ensure_one()
        address = ", ".join(
            part
            for part in (self.street, self.street2, self.zip, self.city, self.country_id.name)
            if part
        )
        return [
            (label, value)
            for label, value in (
                (self.env._("Controller"), self.name),
                (self.env._("Address"), address),
                (self.env._("Email address"), self.email),
                (self.env._("Phone number"), self.phone),
            )
            if value
        ]

    def _rgpd_age_texts(self):
        """The questions and answers about the age of digital consent (GDPR
        Art. 8), in the current language, for the sign-up page and the portal."""
        self.ensure_one()
        age = self.rgpd_minimum_age
        return {
            "question": self.env._("Are you %(age)s or older?", age=age),
            "over": self.env._("Yes, I am %(age)s or older", age=age),
            "under": self.env._("No, I am under %(age)s", age=age),
            "missing": self.env._(
                "Please tell us whether you are %(age)s or older: nothing was recorded.",
                age=age,
            ),
            "refused": self.env._(
                "Nothing was recorded: below %(age)s, a parent or guardian must agree with "
                "you before you give your consent online (GDPR Art. 8).",
                age=age,
            ),
            "refused_sign_up": self.env._(
                "Below %(age)s, the law asks that a parent or guardian agrees with you before "
                "you sign up online (GDPR Art. 8). Your name and address were not kept: ask a "
                "parent to sign up with you.",
                age=age,
            ),
        }

    def _rgpd_notice_rights(self):
        """The person's rights and how to exercise them, in the current
        language: dicts `sequence`, `key`, `title`, `text` and, when there
        is a page for it, `url` and `url_label`. rgpd_dsar adds the request
        page and the complaint to the supervisory authority."""
        self.ensure_one()
        return [
            {
                "sequence": 10,
                "key": "rights",
                "title": self.env._("Your rights"),
                "text": self.env._(
                    "You may ask to access your personal data, to correct it, to erase it, "
                    "to restrict its use, to receive it in a reusable format, and object to "
                    "its use (GDPR Art. 15 to 21). Where we rely on your consent, you may "
                    "withdraw it at any time."
                ),
                "url": "/my/privacy",
                "url_label": self.env._("Your privacy settings (with your account)"),
            },
            {
                "sequence": 40,
                "key": "children",
                "title": self.env._("Children"),
                "text": self.env._(
                    "If you are under %(age)s, a parent or guardian must agree with you "
                    "before you give us your consent online.",
                    age=self.rgpd_minimum_age,
                ),
            },
        ]

    def _rgpd_lang(self):
        """The language the suite writes in for this company's employees
        when the text is stored once for every reader (a chatter note, a
        log line): the company's own language when it is active, else the
        current user's. Never a fixed English sentence for a French team."""
        # sudo: only the language of the company's own contact is read.
        company_sudo = (self[:1] or self.env.company).sudo()
        installed = dict(self.env["res.lang"].get_installed())
        lang = company_sudo.partner_id.lang
        if lang in installed:
            return lang
        return self.env.lang if self.env.lang in installed else "en_US"
