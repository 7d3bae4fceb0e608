# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Public sign-up page `/rgpd/subscribe/<purpose code>` with double opt-in.

Anyone may ask to receive what a purpose offered publicly sends; nothing
counts until the person confirms from the mail (the confirmation link of
`controllers/main.py`). The page answers the same, in the same time,
whether the address was known or not, so that it tells nobody who is a
customer: it only queues the sign-up (`rgpd.sign.up`), which the queue's
cron then processes.
"""

import datetime
import re

from odoo import http
from odoo.http import request
from odoo.tools import email_normalize

from ..models.rgpd_purpose import CODE_PATTERN
from ..signed_links import read_signed, sign
from .main import RgpdConsentController

FORM_TOKEN_SCOPE = "rgpd_consent.subscribe"
# The version of the privacy notice a form showed, signed in the form.
NOTICE_TOKEN_SCOPE = "rgpd_consent.subscribe_notice"
# A form left open longer than this must be reloaded.
FORM_TOKEN_VALIDITY = datetime.timedelta(hours=12)
NAME_MAX = 128
# No address is longer (RFC 5321); longer input is not parsed.
EMAIL_MAX = 254
# Control characters (NUL included, which PostgreSQL refuses) in a name or
# an address are refused.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class RgpdSubscribeController(http.Controller):
    def _rgpd_public_purpose(self, code):
        """The purpose offered publicly under `code` for the current company, sudo'ed."""
        # sudo: the public user reads the purposes offered publicly only.
        return (
            request.env["rgpd.purpose"]
            .sudo()
            .search(
                [
                    ("code", "=", code),
                    ("offered_publicly", "=", True),
                    ("lawful_basis", "=", "consent"),
                    ("company_id", "in", [request.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )

    def _rgpd_form_token(self, purpose_sudo):
        # No session CSRF token: the page is embedded in other sites' iframes,
        # where the session cookie is not sent. This signed token proves the
        # form came from this page for this purpose, and expires.
        return sign(request.env, FORM_TOKEN_SCOPE, purpose_sudo.id, FORM_TOKEN_VALIDITY)

    def _rgpd_check_form_token(self, purpose_sudo, token):
        return read_signed(request.env, FORM_TOKEN_SCOPE, token) == purpose_sudo.id

    @staticmethod
    def _rgpd_text(value):
        """A posted value as text: anything else (a file) counts as empty."""
        return value if isinstance(value, str) else ""

    @staticmethod
    def _rgpd_notice_company(purpose_sudo):
        return purpose_sudo.company_id or request.env.company.sudo()

    def _rgpd_notice_token(self, purpose_sudo):
        """The version of the privacy notice this form links to, kept now and
        signed in the form: the sign-up's event points at it."""
        # sudo: the page keeps the version of the public notice it links to.
        version_sudo = (
            request.env["rgpd.notice.version"]
            .sudo()
            ._rgpd_current(self._rgpd_notice_company(purpose_sudo), request.env.lang)
        )
        return sign(request.env, NOTICE_TOKEN_SCOPE, version_sudo.id, FORM_TOKEN_VALIDITY)

    def _rgpd_notice_shown(self, purpose_sudo, token):
        """The notice version a posted form showed, or None (a form made
        before versions were kept, or a token not ours)."""
        version_id = read_signed(request.env, NOTICE_TOKEN_SCOPE, token)
        if not isinstance(version_id, int):
            return None
        # sudo: the version's company is checked against the purpose's.
        version_sudo = request.env["rgpd.notice.version"].sudo().browse(version_id).exists()
        if version_sudo.company_id != self._rgpd_notice_company(purpose_sudo):
            return None
        return version_sudo

    def _rgpd_render(self, purpose_sudo, embed, status=200, **values):
        return request.render(
            "rgpd_consent.rgpd_subscribe_page",
            {
                "purpose": purpose_sudo.with_context(lang=request.env.lang),
                "form_token": self._rgpd_form_token(purpose_sudo),
                "notice_token": self._rgpd_notice_token(purpose_sudo),
                "notice_company": self._rgpd_notice_company(purpose_sudo),
                "age_texts": self._rgpd_notice_company(purpose_sudo)._rgpd_age_texts(),
                "embed": embed,
                "errors": {},
                "values": {},
                **values,
            },
            status=status,
        )

    @http.route(
        "/rgpd/subscribe/<string:code>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def rgpd_subscribe(self, code, embed=None, **post):
        purpose_sudo = CODE_PATTERN.fullmatch(code) and self._rgpd_public_purpose(code)
        if not purpose_sudo:
            return request.render("rgpd_consent.rgpd_subscribe_unknown", {}, status=404)
        embed = bool(embed)
        if request.httprequest.method != "POST":
            return self._rgpd_render(purpose_sudo, embed)
        name = self._rgpd_text(post.get("name")).strip()
        typed_email = self._rgpd_text(post.get("email")).strip()
        email = len(typed_email) <= EMAIL_MAX and email_normalize(typed_email)
        # What the page shows back is bounded and printable, whatever was posted.
        values = {
            "name": CONTROL_CHARACTERS.sub("", name[:NAME_MAX]),
            "email": CONTROL_CHARACTERS.sub("", typed_email[:EMAIL_MAX]),
        }
        age = self._rgpd_text(post.get("age"))
        if age == "under":
            # GDPR Art. 8: below the age of digital consent, the parent must
            # agree too. Nothing is recorded, not even the try.
            return request.render(
                "rgpd_consent.rgpd_subscribe_minor",
                {
                    "purpose": purpose_sudo.with_context(lang=request.env.lang),
                    "embed": embed,
                    "age_texts": self._rgpd_notice_company(purpose_sudo)._rgpd_age_texts(),
                    "notice_company": self._rgpd_notice_company(purpose_sudo),
                },
            )
        errors = {}
        if age != "over":
            errors["age"] = self._rgpd_notice_company(purpose_sudo)._rgpd_age_texts()["missing"]
        if not self._rgpd_check_form_token(purpose_sudo, post.get("form_token")):
            errors["form"] = request.env._(
                "This form had expired, so nothing was sent. Please fill it in again."
            )
        if not name:
            errors["name"] = request.env._("Please enter your name.")
        elif len(name) > NAME_MAX:
            errors["name"] = request.env._(
                "Please enter a name of at most %(max)s characters.", max=NAME_MAX
            )
        elif CONTROL_CHARACTERS.search(name):
            errors["name"] = request.env._("Please enter your name without control characters.")
        if not email or CONTROL_CHARACTERS.search(email):
            errors["email"] = request.env._("Please enter a valid email address.")
        if post.get("consent") != "on":
            errors["consent"] = request.env._(
                "Tick the box to agree: without it, we cannot send you anything."
            )
        if errors:
            values["age"] = age
            return self._rgpd_render(purpose_sudo, embed, status=400, errors=errors, values=values)
        # sudo: the page queues this sign-up, within its rate limits; the
        # queue's cron finds or creates the contact and writes the mail.
        queued = (
            request.env["rgpd.sign.up"]
            .sudo()
            ._rgpd_queue(
                purpose_sudo,
                name,
                email,
                lang=request.env.lang,
                note=request.env._("Sign-up page %(url)s", url=request.httprequest.path),
                notice_version=self._rgpd_notice_shown(purpose_sudo, post.get("notice_token")),
                **RgpdConsentController._rgpd_proof(),
            )
        )
        if not queued:
            return self._rgpd_render(
                purpose_sudo,
                embed,
                status=429,
                values=values,
                errors={
                    "form": request.env._(
                        "Too many sign-ups from this address or for this email: "
                        "please try again in an hour."
                    )
                },
            )
        return request.render(
            "rgpd_consent.rgpd_subscribe_done",
            {"purpose": purpose_sudo.with_context(lang=request.env.lang), "embed": embed},
        )
