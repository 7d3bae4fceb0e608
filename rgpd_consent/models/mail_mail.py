# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from markupsafe import Markup, escape

from odoo import fields, models, tools
from odoo.tools import SQL

from .res_partner import DEAD_LINK, LINK_PLACEHOLDER

# A placeholder of `res.partner._rgpd_link_placeholder`, with its base URL.
LINK_PLACEHOLDER_RE = re.compile(
    r"(?:https?://[^/\s\"'<>]+)?" + re.escape(LINK_PLACEHOLDER) + r"([a-z_]+)/(\d+)"
)


class MailMail(models.Model):
    _inherit = "mail.mail"

    rgpd_purpose_id = fields.Many2one(
        "rgpd.purpose",
        string="Processing Purpose",
        ondelete="set null",
        help="The purpose this mail is sent for: each recipient gets a link "
        "to withdraw their consent (or object), added when the mail leaves.",
    )

    def _rgpd_recipient_partner(self, email_values):
        """The contact an outgoing email goes to, and to nobody else: its
        recipient partner; for a mass mailing sent to one address, the
        contact of that address; or, for a mail about a contact sent only to
        that contact's own address (no other address, no copy), the contact.
        Signed links are made for this contact only: a mail redirected to
        another address carries none, nor does an email copied to others."""
        if email_values.get("email_cc"):
            return self.env["res.partner"]
        if email_values.get("partner_id"):
            return email_values["partner_id"]
        addresses = set(email_values.get("email_to_normalized") or ())
        if self.mailing_id and self.rgpd_purpose_id and len(addresses) == 1:
            # A mass mailing to mailing contacts or leads: the contact of
            # that address the purpose may mail (the mailing sent only those).
            [address] = addresses
            known = self.env.context.get("rgpd_mailing_partners")
            if known is not None and (self.rgpd_purpose_id.id, address) in known:
                return (
                    self.env["res.partner"].sudo().browse(known[self.rgpd_purpose_id.id, address])
                )
            return self._rgpd_mailing_partners(self.rgpd_purpose_id, [address]).get(
                address, self.env["res.partner"]
            )
        if self.model == "res.partner" and self.res_id and addresses:
            # sudo: only the contact's own address is compared.
            partner = self.env["res.partner"].sudo().browse(self.res_id).exists()
            if partner.email_normalized and addresses == {partner.email_normalized}:
                return partner
        return self.env["res.partner"]

    def _rgpd_mailing_partners(self, purpose, addresses):
        """{address: contact} for the recipients of a mass mailing: the
        contact of each address that `purpose` may mail, else its first
        contact. One query whatever the number of addresses (the SQL form
        of the recipient rule, `rgpd.purpose._rgpd_reason_sql`)."""
        # sudo: only the contacts of the recipients' own addresses are read.
        Partner = self.env["res.partner"].sudo()
        join, reason = purpose.sudo()._rgpd_reason_sql("p")
        rows = self.env.execute_query(
            SQL(
                "SELECT %s, p.id, %s IS NULL FROM res_partner p %s"
                " WHERE p.email_normalized = ANY(%s) AND p.active ORDER BY p.id",
                Partner._field_to_sql("p", "email_normalized"),
                reason,
                join,
                list(addresses),
            )
        )
        allowed, first = {}, {}
        for address, partner_id, may_mail in rows:
            first.setdefault(address, partner_id)
            if may_mail:
                allowed.setdefault(address, partner_id)
        return {
            address: Partner.browse(allowed.get(address, pid)) for address, pid in first.items()
        }

    def _rgpd_fill_links(self, email_values):
        """Turn the link placeholders of an email (`res.partner.
        _rgpd_link_placeholder`) into signed links made now, for this email's
        recipient only (`_rgpd_signed_link`); an email that goes to anyone
        else, to several addresses or with a copy gets dead links."""
        body = email_values.get("body") or ""
        if LINK_PLACEHOLDER not in body:
            return
        partner = self._rgpd_recipient_partner(email_values)
        addresses = frozenset(email_values.get("email_to_normalized") or ())
        if len(addresses) != 1 or email_values.get("email_cc"):
            addresses = frozenset()
        base_url = self.get_base_url()

        def link(match):
            if match.group(1) == "invalid":
                return base_url + DEAD_LINK
            url = self._rgpd_signed_link(match.group(1), int(match.group(2)), partner, addresses)
            return url or base_url + DEAD_LINK

        email_values["body"] = LINK_PLACEHOLDER_RE.sub(link, body)
        email_values["body_alternative"] = tools.html2plaintext(email_values["body"])

    def _rgpd_signed_link(self, kind, res_id, partner, addresses):
        """The signed link of `kind` about record `res_id` for an email that
        goes to `partner` alone (a contact, or empty) at `addresses` (the one
        normalized address it is written to, or empty when it goes to several
        or with a copy): a full URL, or None when this email may not carry it.
        Addons add their kinds by extending this method."""
        Purpose = self.env["rgpd.purpose"].sudo()
        # The links that act for the person hold for the one address they
        # are sent to (`res.partner._rgpd_consent_token`).
        [address] = addresses or [None]
        if kind in ("confirm", "withdraw") and partner:
            # sudo: the link is made for the recipient contact alone.
            purpose = Purpose.browse(res_id).exists()
            if not purpose or (kind == "withdraw" and not purpose.withdrawable):
                return None
            if kind == "confirm":
                if not address:
                    return None
                token = partner.sudo()._rgpd_consent_token(purpose, "confirm", email=address)
                return f"{partner.get_base_url()}/rgpd/consent/{token}"
            return partner.sudo()._rgpd_consent_url(purpose, "withdraw")
        if kind == "preferences" and partner and address and partner.id == res_id:
            return partner.sudo()._rgpd_preferences_url(
                email=address, company=self._rgpd_mail_company()
            )
        return None

    def _rgpd_mail_company(self):
        """The company this mail speaks for: its purpose's, else its
        document's, else the sender's. The preference centre it links to
        shows that company's purposes only."""
        # sudo: only the companies of the mail being sent are read.
        mail_sudo = self[:1].sudo()
        return (
            mail_sudo.rgpd_purpose_id.company_id
            or mail_sudo.mail_message_id.record_company_id
            or self.env.company
        )

    def _rgpd_addressed_contact(self):
        """For a mail about a contact, that contact when its own address is
        among the addresses the mail is written to."""
        self.ensure_one()
        if self.model != "res.partner" or not self.res_id or not self.email_to:
            return self.env["res.partner"]
        # sudo: only the contact's own address is compared.
        partner = self.env["res.partner"].sudo().browse(self.res_id).exists()
        if partner.email_normalized in tools.email_normalize_all(self.email_to):
            return partner
        return self.env["res.partner"]

    def _rgpd_leave_out_excluded(self):
        """The last gate of a mail sent for a purpose, whatever path made it
        (template, composer, chatter, queue): recipients the purpose may not
        reach (`rgpd.purpose._rgpd_split_recipients`) are removed, and a mail
        left with nobody is cancelled as opted out. Returns the cancelled mails."""
        cancelled = self.browse()
        # sudo: the purpose and the recipients of mails being sent are read
        # to apply the recipient rule, by whoever triggers the queue.
        mails_sudo = self.sudo().filtered(lambda m: m.rgpd_purpose_id and m.state == "outgoing")
        for purpose, mails in mails_sudo.grouped("rgpd_purpose_id").items():
            addressed = {mail: mail._rgpd_addressed_contact() for mail in mails}
            everyone = mails.recipient_ids.union(*addressed.values())
            _allowed, excluded = purpose._rgpd_split_recipients(everyone)
            left_out = everyone.browse().union(*excluded.values())
            for mail in mails:
                blocked = mail.recipient_ids & left_out
                if blocked:
                    mail.recipient_ids -= blocked
                    mail.notification_ids.filtered(
                        lambda n, b=blocked: n.res_partner_id in b
                    ).write({"notification_status": "canceled", "failure_type": "mail_optout"})
                contact = addressed[mail] & left_out
                if contact:
                    # Only the contact's own address goes: the others stay.
                    mail.email_to = (
                        ", ".join(
                            address
                            for address in tools.mail.email_split_and_format(mail.email_to)
                            if tools.email_normalize(address) != contact.email_normalized
                        )
                        or False
                    )
                if (blocked or contact) and not (
                    mail.recipient_ids or mail.email_to or mail.email_cc
                ):
                    mail.write({"state": "cancel", "failure_type": "mail_optout"})
                    cancelled |= mail
        return self.browse(cancelled.ids)

    def _rgpd_with_mailing_partners(self):
        """These mails, with the contacts of the recipients of mass mailings
        sent for a purpose found once for the whole batch, not once per mail
        (read by `_rgpd_recipient_partner`)."""
        known = {}
        for purpose, mails in self.filtered("mailing_id").grouped("rgpd_purpose_id").items():
            if not purpose:
                continue
            addresses = list(
                {a for mail in mails for a in tools.mail.email_normalize_all(mail.email_to)}
            )
            for address, partner in self._rgpd_mailing_partners(purpose, addresses).items():
                known[purpose.id, address] = partner.id
        return self.with_context(rgpd_mailing_partners=known) if known else self

    def _send(
        self,
        auto_commit=False,
        raise_exception=False,
        smtp_session=None,
        alias_domain_id=False,
        mail_server=False,
        post_send_callback=None,
    ):
        cancelled = self._rgpd_leave_out_excluded()
        mails = (self - cancelled)._rgpd_with_mailing_partners()
        return super(MailMail, mails)._send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            smtp_session=smtp_session,
            alias_domain_id=alias_domain_id,
            mail_server=mail_server,
            post_send_callback=post_send_callback,
        )

    def _rgpd_withdraw_footer(self, partner, purpose, url):
        """The withdrawal link for the body, in the recipient's language,
        with the link to their preference centre. Without `url` (the mail
        already has its own unsubscribe link, a mass mailing's), only the
        purpose and the preference centre: one unsubscribe link per mail."""
        env_lang = self.with_context(lang=partner.lang).env
        purpose_lang = purpose.with_context(lang=partner.lang)
        if purpose.lawful_basis == "consent":
            label = env_lang._("Withdraw my consent")
        else:
            label = env_lang._("Object to this use of my data")
        intro = env_lang._("You receive this email for: %(purpose)s.", purpose=purpose_lang.name)
        company = self._rgpd_mail_company()
        preferences = Markup('<a href="%s" style="color: #6c757d;">%s</a>') % (
            partner.sudo()._rgpd_preferences_url(company=company),
            env_lang._("Manage my preferences"),
        )
        notice = Markup(' · <a href="%s" style="color: #6c757d;">%s</a>') % (
            # sudo: the notice's public address only.
            company.sudo()._rgpd_notice_url(),
            env_lang._("Privacy notice"),
        )
        withdraw = (
            Markup('<a href="%s" style="color: #6c757d;">%s</a> · ') % (url, label) if url else ""
        )
        return Markup(
            '<div class="o_rgpd_withdraw_footer" '
            'style="margin-top: 16px; font-size: 12px; color: #6c757d;">%s %s%s%s</div>'
        ) % (escape(intro), withdraw, preferences, notice)

    def _rgpd_place_footer(self, body, footer, unsubscribe_url=None):
        """`body` with `footer` inside the mail's layout, not after it: right
        after the message itself in a notification layout; just above the
        mass mailing's own unsubscribe link (`unsubscribe_url`); at the end
        only for a mail without layout."""
        # Plain strings here, the body's own type back: adding text to a
        # Markup would escape it.
        wrap, text, footer = type(body), str(body), str(footer)
        if unsubscribe_url and unsubscribe_url in text:
            at = text.index(unsubscribe_url)
            # Above the paragraph of the link (no block inside a <p>).
            start = text.rfind("<p", 0, at)
            if start < 0 or "</p>" in text[start:at]:
                start = text.rfind("<a", 0, at)
            if start >= 0:
                return wrap(text[:start] + footer + text[start:])
        message_body = str(self.mail_message_id.body or "")
        if message_body and len(text) > len(message_body) and text.count(message_body) == 1:
            end = text.index(message_body) + len(message_body)
            return wrap(text[:end] + footer + text[end:])
        return tools.mail.append_content_to_html(body, Markup(footer), plaintext=False)

    def _prepare_outgoing_list(self, mail_server=False, doc_to_followers=None):
        """Add to each email sent for a purpose its recipient's signed
        withdrawal link and the RFC 8058 one-click headers, and fill the
        link placeholders of the body (`_rgpd_fill_links`). The links are made here,
        per recipient and only for the recipient's own address, so that they
        never sit in the stored mail, the chatter or a redirected copy."""
        email_list = super()._prepare_outgoing_list(
            mail_server=mail_server, doc_to_followers=doc_to_followers
        )
        for email_values in email_list:
            self._rgpd_fill_links(email_values)
        # sudo: the mail may be sent by a user outside the Privacy groups
        # (or by the mail queue); only the purpose's name and basis are read.
        purpose = self.rgpd_purpose_id.sudo()
        if not (purpose.active and purpose.withdrawable):
            return email_list
        for email_values in email_list:
            partner = self._rgpd_recipient_partner(email_values)
            if not partner:
                continue
            url = partner.sudo()._rgpd_consent_url(purpose, "withdraw")
            if not tools.is_html_empty(email_values["body"]):
                # A mass mailing's own unsubscribe link withdraws too
                # (controllers/mailing.py): the footer adds no second one.
                unsubscribe_url = (
                    f"/mailing/{self.mailing_id.id}/confirm_unsubscribe"
                    if self.mailing_id
                    else None
                )
                own_link = bool(unsubscribe_url and unsubscribe_url in email_values["body"])
                email_values["body"] = self._rgpd_place_footer(
                    email_values["body"],
                    self._rgpd_withdraw_footer(partner, purpose, None if own_link else url),
                    unsubscribe_url,
                )
                email_values["body_alternative"] = tools.html2plaintext(email_values["body"])
            # The headers dict is shared by all the emails of the mail: copy it.
            email_values["headers"] = {
                **email_values["headers"],
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        return email_list
