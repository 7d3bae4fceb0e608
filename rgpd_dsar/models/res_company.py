# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

import pytz
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError

# French public holidays on a fixed date (Code du travail, art. L3133-1).
FR_FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
# Those that follow Easter Sunday: Easter Monday, Ascension, Whit Monday.
FR_EASTER_OFFSETS = (1, 39, 50)


class ResCompany(models.Model):
    """The controller's identity (GDPR Art. 30(1)(a), 37(7)), printed on the
    registers and used in the mails of the suite, and the one legal deadline
    rule of data-subject requests."""

    _inherit = "res.company"

    rgpd_representative = fields.Char(
        string="Controller's Representative",
        help="The person who represents the controller, e.g. the managing director.",
    )
    rgpd_dpo_name = fields.Char(string="Data Protection Officer")
    rgpd_dpo_email = fields.Char(string="DPO Email")
    rgpd_dpo_phone = fields.Char(string="DPO Phone")
    rgpd_authority = fields.Char(
        string="Supervisory Authority",
        default="CNIL",
        help="The authority breaches are notified to and persons may complain to.",
    )
    # Two pages of the authority: persons are sent to the first, the Officer
    # notifies breaches on the second (one setting sent persons to the
    # breach notification page).
    rgpd_authority_url = fields.Char(
        string="Complaint Website",
        default="https://www.cnil.fr/fr/plaintes",
        help="Where a person may lodge a complaint (Art. 77): shown in the answers to requests, "
        "on the portal and in the mails of a breach.",
    )
    rgpd_authority_breach_url = fields.Char(
        string="Breach Notification Website",
        default="https://notifications.cnil.fr/notifications/index",
        help="Where the Officer notifies a personal data breach (Art. 33): shown on the breach.",
    )

    def _rgpd_identity_missing(self):
        """The translated labels of the identity facts this company lacks."""
        self.ensure_one()
        missing = [
            self._fields[name].get_description(self.env)["string"]
            for name in ("street", "city", "rgpd_representative", "rgpd_dpo_name", "rgpd_authority")
            if not self[name]
        ]
        if not (self.rgpd_dpo_email or self.rgpd_dpo_phone):
            missing.append(self.env._("DPO Email or Phone"))
        return missing

    def _rgpd_check_identity(self):
        """Refuse to print a register for a company whose controller
        identity is incomplete, saying what to fill in."""
        for company in self:
            missing = company._rgpd_identity_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "The controller identity of %(company)s is incomplete: fill in "
                        "%(missing)s (Settings > Privacy > Controller Identity) first.",
                        company=company.name,
                        missing=", ".join(missing),
                    )
                )

    def _rgpd_legal_deadline(self, date_received, months=1):
        """The last day to answer a request received on `date_received`
        within `months` months (GDPR Art. 12(3)), by the EU rule for time
        limits (Regulation 1182/71, art. 3): the same date `months` months
        later, or the last day of that month when it has no such date; a
        deadline on a Saturday, a Sunday or a public holiday of this company
        moves to the next working day."""
        self.ensure_one()
        # relativedelta keeps the day of the month, or takes the last day
        # of the month that is too short: exactly art. 3(2)(c).
        deadline = fields.Date.to_date(date_received) + relativedelta(months=months)
        # A fortnight of holidays ahead is more than any calendar holds.
        holidays = self._rgpd_public_holidays(deadline, deadline + datetime.timedelta(days=15))
        while deadline.weekday() >= 5 or deadline in holidays:
            deadline += datetime.timedelta(days=1)
        return deadline

    def _rgpd_public_holidays(self, date_from, date_to):
        """The set of this company's public holidays between `date_from` and
        `date_to` (dates, inclusive): the global time off of its working
        calendar and, for a French company, the French public holidays."""
        self.ensure_one()
        holidays = set()
        if self.country_id.code == "FR":
            for year in range(date_from.year, date_to.year + 1):
                holidays.update(datetime.date(year, m, d) for m, d in FR_FIXED_HOLIDAYS)
                easter_sunday = easter(year)
                holidays.update(
                    easter_sunday + datetime.timedelta(days=offset) for offset in FR_EASTER_OFFSETS
                )
        calendar = self.resource_calendar_id
        if calendar:
            tz = pytz.timezone(calendar.tz or "UTC")
            start = tz.localize(datetime.datetime.combine(date_from, datetime.time.min))
            stop = tz.localize(datetime.datetime.combine(date_to, datetime.time.max))
            # sudo: the company's public holidays are no secret, and a portal
            # customer filing a request needs them for its deadline.
            leaves = (
                self.env["resource.calendar.leaves"]
                .sudo()
                .search(
                    [
                        ("resource_id", "=", False),
                        ("time_type", "=", "leave"),
                        ("company_id", "=", self.id),
                        ("calendar_id", "in", [calendar.id, False]),
                        ("date_from", "<=", stop.astimezone(pytz.utc).replace(tzinfo=None)),
                        ("date_to", ">=", start.astimezone(pytz.utc).replace(tzinfo=None)),
                    ]
                )
            )
            for leave in leaves:
                day = pytz.utc.localize(leave.date_from).astimezone(tz).date()
                last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
                while day <= last:
                    holidays.add(day)
                    day += datetime.timedelta(days=1)
        return {day for day in holidays if date_from <= day <= date_to}

    # ------------------------------------------------------------------
    # The information notice: the DPO, the requests and the complaint
    # ------------------------------------------------------------------

    def _rgpd_notice_identity(self):
        identity = super()._rgpd_notice_identity()
        dpo_contact = " / ".join(
            part for part in (self.rgpd_dpo_email, self.rgpd_dpo_phone) if part
        )
        identity += [
            (label, value)
            for label, value in (
                (self.env._("Representative"), self.rgpd_representative),
                (self.env._("Data Protection Officer"), self.rgpd_dpo_name),
                (self.env._("Contact of the Data Protection Officer"), dpo_contact),
            )
            if value
        ]
        return identity

    def _rgpd_notice_rights(self):
        rights = super()._rgpd_notice_rights()
        rights.append(
            {
                "sequence": 20,
                "key": "request",
                "title": self.env._("Request form"),
                "text": self.env._(
                    "Without an account, use our request form: we answer within one month, "
                    "free of charge."
                ),
                "url": "/rgpd/request",
                "url_label": self.env._("Make a request about your personal data"),
            }
        )
        if self.rgpd_authority:
            right = {
                "sequence": 30,
                "key": "complaint",
                "title": self.env._("Complain to the supervisory authority"),
                "text": self.env._(
                    "If you think we do not respect your rights, you may lodge a complaint "
                    "with %(authority)s (GDPR Art. 77).",
                    authority=self.rgpd_authority,
                ),
            }
            if self.rgpd_authority_url:
                right.update(url=self.rgpd_authority_url, url_label=self.rgpd_authority_url)
            rights.append(right)
        return rights
