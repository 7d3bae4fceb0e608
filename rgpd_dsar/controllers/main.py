# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Public pages: the request form for people without an account
(`/rgpd/request`), its confirmation link, and the signed download link of an
export (`/rgpd/export/<token>`). A GET only shows a page; a POST acts."""

import datetime

import babel.dates
import pytz
from markupsafe import Markup
from werkzeug.exceptions import NotFound

from odoo import http, tools
from odoo.http import content_disposition, request

from ..models.rgpd_dsar_request import INTAKE_MESSAGE_MAX, REQUEST_TYPES

NAME_MAX = 200
# Public request page: at most this many requests per address, counted
# first: it protects the person an address belongs to from a flood of
# confirmation mails. The IP limit only stops one machine from mailing many
# addresses: it is high, because an office, a school or a mobile operator
# puts many people behind one address, and a refusal is never a dead end (the
# page says when to retry and where to write instead).
LIMIT_PER_EMAIL = (3, datetime.timedelta(days=1))
LIMIT_PER_IP = (50, datetime.timedelta(hours=1))


class RgpdDsarController(http.Controller):
    # ------------------------------------------------------------------
    # Helpers, shared with the portal
    # ------------------------------------------------------------------

    @staticmethod
    def _rgpd_request_types():
        Request = request.env["rgpd.dsar.request"]
        return Request._fields["request_type"]._description_selection(request.env)

    @staticmethod
    def _rgpd_export_response(request_sudo, via):
        """Send the export of `request_sudo` (whose access was checked by the
        caller) and log the download on the request."""
        attachment_sudo = request_sudo._rgpd_export_attachment()
        if not attachment_sudo:
            raise NotFound()
        request_sudo._rgpd_log_download(via, request.httprequest.remote_addr)
        return request.make_response(
            attachment_sudo.raw,
            headers=[
                ("Content-Type", attachment_sudo.mimetype or "application/zip"),
                ("Content-Disposition", content_disposition(attachment_sudo.name)),
                ("Cache-Control", "no-store"),
            ],
        )

    def _rgpd_invalid_link(self):
        return request.render("rgpd_dsar.rgpd_dsar_link_invalid", {}, status=404)

    # ------------------------------------------------------------------
    # Public request form
    # ------------------------------------------------------------------

    @http.route(
        "/rgpd/request",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def rgpd_request_form(self, **post):
        values = {"types": self._rgpd_request_types(), "form": {}, "errors": {}}
        if request.httprequest.method != "POST":
            return request.render("rgpd_dsar.rgpd_request_page", values)
        form = {
            "name": (post.get("name") or "").strip()[:NAME_MAX],
            "email": (post.get("email") or "").strip(),
            "request_type": post.get("request_type") or "",
            "description": (post.get("description") or "").strip(),
        }
        errors = {}
        if not form["name"]:
            errors["name"] = request.env._("Tell us your name.")
        email = tools.email_normalize(form["email"])
        if not email:
            errors["email"] = request.env._("Enter a valid email address: we send the link there.")
        if form["request_type"] not in dict(REQUEST_TYPES):
            errors["request_type"] = request.env._("Choose the type of your request.")
        if len(form["description"]) > INTAKE_MESSAGE_MAX:
            errors["description"] = request.env._(
                "Your message is too long (at most %s characters).", INTAKE_MESSAGE_MAX
            )
        if errors:
            values.update(form=form, errors=errors)
            return request.render("rgpd_dsar.rgpd_request_page", values, status=400)
        # sudo: the public page writes its own rate-limit log, nothing else.
        RateLimit = request.env["rgpd.rate.limit"].sudo()
        limited = RateLimit._rgpd_try(
            "dsar_intake",
            [
                ("email", email, *LIMIT_PER_EMAIL),
                ("ip", request.httprequest.remote_addr, *LIMIT_PER_IP),
            ],
        )
        if limited:
            return self._rgpd_limited_page(limited)
        Request = request.env["rgpd.dsar.request"]
        pending = Request._rgpd_intake_pending(
            {
                "name": form["name"],
                "email": email,
                "request_type": form["request_type"],
                "description": form["description"] or False,
                "lang": request.env.lang or "en_US",
                "company_id": request.env.company.id,
            }
        )
        Request._rgpd_send_intake_confirmation(pending)
        # The same page whether the address is a known contact or not.
        return request.render("rgpd_dsar.rgpd_request_sent", {"email": email})

    def _rgpd_limited_page(self, limited):
        """The page of a refused request: which limit, when to come back, and
        the Data Protection Officer's address, so that the person always has
        a way to exercise a right (HTTP 429 with Retry-After)."""
        env = request.env
        now = datetime.datetime.now().replace(microsecond=0)
        wait = max(limited.retry_at - now, datetime.timedelta(minutes=1))
        # sudo: the Data Protection Officer's contact, the company's postal
        # address and time zone are published (Art. 13(1)(a)-(b), 37(7));
        # nothing else is read.
        company_sudo = env.company.sudo()
        # Shown in the visitor's time zone (the one their browser gives, in
        # the cookie web.layout sets), else the company's; the zone is named,
        # so that no one guesses.
        browser_tz = request.httprequest.cookies.get("tz")
        tz = (
            env.context.get("tz")
            or (browser_tz if browser_tz in pytz.all_timezones_set else None)
            or company_sudo.partner_id.tz
            or "UTC"
        )
        lang_code = env.lang or "en_US"
        values = {
            "limited_kind": limited.kind,
            "retry_at": tools.format_datetime(
                env, limited.retry_at, tz=tz, dt_format="EEEE d MMMM, HH:mm", lang_code=lang_code
            ),
            "retry_tz": tz,
            "retry_in": babel.dates.format_timedelta(
                wait,
                threshold=1,
                add_direction=True,
                locale=tools.babel_locale_parse(lang_code),
            ),
            "dpo_email": company_sudo.rgpd_dpo_email or company_sudo.email,
            "dpo_phone": company_sudo.rgpd_dpo_phone,
            "company_name": company_sudo.name,
            "company_address": company_sudo.partner_id._display_address(without_company=True),
        }
        values["retry_sentence"] = Markup(
            env._(
                "You can send your request again <strong>%(when)s</strong>, from "
                "<strong>%(date)s</strong> (%(zone)s time)."
            )
        ) % {"when": values["retry_in"], "date": values["retry_at"], "zone": tz}
        email, phone = values["dpo_email"], values["dpo_phone"]
        email_link = email and Markup('<a href="mailto:%s">%s</a>') % (email, email)
        phone_link = phone and Markup('<a href="tel:%s">%s</a>') % (phone, phone)
        if email and phone:
            contact = Markup(
                env._(
                    "You need not wait: write to our Data Protection Officer at %(email)s or call "
                    "%(phone)s, saying who you are and what you ask: your request counts from the "
                    "day we receive it."
                )
            ) % {"email": email_link, "phone": phone_link}
        elif email:
            contact = Markup(
                env._(
                    "You need not wait: write to our Data Protection Officer at %(email)s, saying "
                    "who you are and what you ask: your request counts from the day we receive it."
                )
            ) % {"email": email_link}
        elif phone:
            contact = Markup(
                env._(
                    "You need not wait: call our Data Protection Officer on %(phone)s, saying who "
                    "you are and what you ask: your request counts from the day we receive it."
                )
            ) % {"phone": phone_link}
        else:
            contact = env._(
                "You need not wait: write to %(company)s by post, saying who you are and what "
                "you ask: your request counts from the day we receive it.",
                company=values["company_name"],
            )
        values["contact_sentence"] = contact
        response = request.render("rgpd_dsar.rgpd_request_limited", values, status=429)
        response.headers["Retry-After"] = str(int(wait.total_seconds()))
        return response

    # CSRF is checked by hand, after the token: a bad link gets its own page.
    @http.route(
        "/rgpd/request/confirm/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def rgpd_request_confirm(self, token, csrf_token=None, **kwargs):
        Request = request.env["rgpd.dsar.request"]
        # sudo'ed by the check: the signature proves the link was made for
        # this pending request, and it reached the address typed in.
        pending_sudo = Request._rgpd_from_intake_token(token)
        if not pending_sudo:
            return self._rgpd_invalid_link()
        page = {
            "token": token,
            "intake": pending_sudo,
            "type_label": dict(self._rgpd_request_types())[pending_sudo.request_type],
        }
        if request.httprequest.method != "POST":
            return request.render("rgpd_dsar.rgpd_request_confirm_page", page)
        if not request.validate_csrf(csrf_token):
            page["session_expired"] = True
            return request.render("rgpd_dsar.rgpd_request_confirm_page", page, status=400)
        request_sudo = Request._rgpd_create_from_intake(pending_sudo)
        return request.render(
            "rgpd_dsar.rgpd_request_confirmed", {**page, "request_sudo": request_sudo}
        )

    # ------------------------------------------------------------------
    # Signed download link of an export (valid 7 days)
    # ------------------------------------------------------------------

    @http.route(
        "/rgpd/export/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def rgpd_export_link(self, token, csrf_token=None, **kwargs):
        # sudo'ed by the check: the signature proves the link was made for
        # this request's current export.
        request_sudo = request.env["rgpd.dsar.request"]._rgpd_from_export_token(token)
        if not request_sudo:
            return self._rgpd_invalid_link()
        page = {"token": token, "request_sudo": request_sudo}
        if request.httprequest.method != "POST":
            return request.render("rgpd_dsar.rgpd_export_page", page)
        if not request.validate_csrf(csrf_token):
            page["session_expired"] = True
            return request.render("rgpd_dsar.rgpd_export_page", page, status=400)
        return self._rgpd_export_response(request_sudo, "link")
