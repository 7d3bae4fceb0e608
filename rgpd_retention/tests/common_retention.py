# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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
