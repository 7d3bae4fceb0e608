# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase

NAME = "Zéphyrine Quatremains"
OLD_EMAIL = "zephyrine.old@example.org"
EMAIL = "zephyrine.quatremains@example.org"
PHONE = "+33 6 41 52 63 74"
PHONE_SANITIZED = "+33641526374"
STREET = "12 rue des Glycines"


class RgpdRetentionCase(TransactionCase):
    """A person as a company holds them: a contact whose email changed, a note
    and a mail quoting them, a portal login, a lead with its chatter, a
    mailing contact, an attachment and consents given on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Retention Newsletter",
                "code": "test_ret_newsletter",
                "description": "<p>News.</p>",
            }
        )
        cls.letters = cls.env["rgpd.purpose"].create(
            {
                "name": "Retention Letters",
                "code": "test_ret_letters",
                "description": "<p>Letters.</p>",
            }
        )

    @classmethod
    def make_person(cls, name=NAME, email=EMAIL, old_email=OLD_EMAIL, phone=PHONE):
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "email": old_email,
                "phone": phone,
                "street": STREET,
                "zip": "44000",
                "city": "Nantes",
                "comment": f"<p>{name} prefers calls in the morning.</p>",
            }
        )
        # The tracking of the former email is written at commit time, and not
        # for a record created in the same transaction.
        cls.env.flush_all()
        cls.env.cr.flush()
        partner.email = email
        cls.env.flush_all()
        cls.env.cr.flush()
        partner.message_post(
            body=f"<p>Call with {name} ({email}, {phone}): wants the catalogue.</p>",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        partner.message_post(
            body=f"<p>Dear {name}, here is the catalogue you asked for at {email}.</p>",
            subject=f"Catalogue for {name}",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=partner.ids,
        )
        user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": email,
                    "partner_id": partner.id,
                    "group_ids": [Command.set(cls.env.ref("base.group_portal").ids)],
                }
            )
        )
        lead = cls.env["crm.lead"].create(
            {
                "name": f"Quote for {name}",
                "contact_name": name,
                "email_from": f'"{name}" <{email}>',
                "phone": phone,
                "description": f"<p>{name} called from {phone}.</p>",
            }
        )
        lead.message_post(body=f"<p>Sent the quote to {email}.</p>", message_type="comment")
        contact = cls.env["mailing.contact"].create({"name": name, "email": email})
        attachment = cls.env["ir.attachment"].create(
            {
                "name": f"{name} order form.txt",
                "raw": f"Order form of {name}\nEmail: {email}\nPhone: {phone}\n".encode(),
                "res_model": "res.partner",
                "res_id": partner.id,
            }
        )
        # The person's own act on the portal, as the portal records it.
        partner._rgpd_subject_act(
            cls.purpose,
            "given",
            "portal",
            ip_address="203.0.113.7",
            user_agent="Mozilla/5.0 (X11; Linux)",
        )
        # And from the confirmation link of a mail sent to their address.
        partner._rgpd_subject_act(
            cls.letters,
            "given",
            "email",
            email=partner.email_normalized,
            ip_address="203.0.113.7",
            user_agent="Mozilla/5.0 (X11; Linux)",
        )
        return partner, user, lead, contact, attachment

    @classmethod
    def make_person_everywhere(cls, name=NAME, email=EMAIL, phone=PHONE):
        """`make_person`, and the person in the apps around the suite too: a
        meeting with its invitation (.ics), text messages, the SMS
        blacklist, a reply-to address and a note on somebody else's record."""
        found = cls.make_person(name=name, email=email, phone=phone)
        partner = found[0]
        employee = cls.env.ref("base.partner_admin")
        start = datetime.now().replace(microsecond=0) + timedelta(days=3)
        event = cls.env["calendar.event"].create(
            {
                "name": f"Demo for {name}",
                "description": f"<p>{name} ({email}, {phone}) wants a demo.</p>",
                "location": f"At {name}'s office",
                "start": start,
                "stop": start + timedelta(hours=1),
                "partner_ids": [Command.set((partner | employee).ids)],
            }
        )
        event.attendee_ids._send_invitation_emails()
        cls.env["sms.sms"].create(
            {
                "number": phone,
                "body": f"Hello {name}, your order is ready.",
                "partner_id": partner.id,
            }
        )
        cls.env["sms.sms"].create({"number": PHONE_SANITIZED, "body": "Your code: 1234"})
        partner._message_sms(f"Dear {name}, we called you.", partner_ids=partner.ids)
        cls.env["phone.blacklist"].add(phone)
        other = cls.env["res.partner"].create({"name": "Acme Nantes", "is_company": True})
        other.message_post(
            body=f"<p>Met {name} at the fair; write to {email} or call {phone}.</p>",
            subject=f"Lead from the fair: {name}",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.env["mail.message"].create(
            {
                "model": "res.partner",
                "res_id": other.id,
                "body": "<p>Forwarded.</p>",
                "message_type": "comment",
                "author_id": employee.id,
                "email_from": employee.email_formatted,
                "reply_to": f'"{name}" <{email}>',
            }
        )
        return (*found, event)
