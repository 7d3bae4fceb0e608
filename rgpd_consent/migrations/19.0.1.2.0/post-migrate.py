# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A consent by email now holds for the address that confirmed it
(`rgpd.consent.confirmed_email`). The consents given by email before knew
no address: bind them to the contact's address of today, so that a later
change of address does not carry them to the new one."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
        UPDATE rgpd_consent consent
           SET confirmed_email = partner.email_normalized
          FROM res_partner partner
         WHERE partner.id = consent.partner_id
           AND consent.state = 'given'
           AND consent.channel = 'email'
           AND consent.confirmed_email IS NULL
           AND partner.email_normalized IS NOT NULL
            """
        )
    )
