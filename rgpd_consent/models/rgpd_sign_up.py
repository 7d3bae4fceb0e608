# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# Sign-ups allowed per hour from one IP address, and to one email address.
SIGN_UPS_PER_IP = 10
SIGN_UPS_PER_EMAIL = 3
RATE_WINDOW = datetime.timedelta(hours=1)
SIGN_UP_BATCH_SIZE = 100


class RgpdSignUp(models.Model):
    """A sign-up of the public page, waiting for the queue to process it.

    The page only queues: finding or creating the contact and writing the
    confirmation mail happen in the cron, so that the page answers in the
    same time whether the address belongs to a customer or not (a timing
    would otherwise tell who is one). A row lives until the next run of the
    queue, a minute or so, then is deleted."""

    _name = "rgpd.sign.up"
    _description = "Sign-up Awaiting Processing"
    _order = "id"
    _log_access = False

    purpose_id = fields.Many2one("rgpd.purpose", required=True, ondelete="cascade")
    name = fields.Char(required=True)
    email = fields.Char(required=True)
    lang = fields.Char(string="Language")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    ip_address = fields.Char(string="IP Address")
    user_agent = fields.Char()
    note = fields.Char(string="Evidence")
    notice_version_id = fields.Many2one(
        "rgpd.notice.version", string="Privacy Notice Shown", ondelete="set null"
    )

    @api.model
    def _rgpd_queue(self, purpose, name, email, lang=None, note=None, notice_version=None, **proof):
        """Queue the sign-up of `name` <`email`> (normalized) for `purpose`
        with the page's proof (ip_address, user_agent) and the version of
        the privacy notice the page showed (`notice_version`), unless the rate
        limits of the page are reached: False then, True once queued. The
        same work whoever the address belongs to."""
        # sudo: the public page counts its own uses, nothing else.
        allowed = (
            self.env["rgpd.rate.limit"]
            .sudo()
            ._rgpd_allow(
                "subscribe",
                [
                    ("ip", proof.get("ip_address"), SIGN_UPS_PER_IP, RATE_WINDOW),
                    ("email", email, SIGN_UPS_PER_EMAIL, RATE_WINDOW),
                ],
            )
        )
        if not allowed:
            return False
        # sudo: the page queues this one sign-up; only the cron reads it.
        self.sudo().create(
            {
                "purpose_id": purpose.id,
                "name": name,
                "email": email,
                "lang": lang or False,
                "ip_address": proof.get("ip_address") or False,
                "user_agent": proof.get("user_agent") or False,
                "note": note or False,
                "notice_version_id": notice_version.id if notice_version else False,
            }
        )
        # sudo: waking the queue up is the page's only other write.
        self.env.ref("rgpd_consent.ir_cron_sign_up").sudo()._trigger()
        return True

    def _rgpd_process(self):
        """Start the double opt-in of these sign-ups, then delete them. A
        sign-up the ledger refuses (its purpose archived since) is dropped."""
        for sign_up in self:
            proof = {
                "ip_address": sign_up.ip_address,
                "user_agent": sign_up.user_agent,
                "note": sign_up.note,
                "date": sign_up.date,
                "notice_version_id": sign_up.notice_version_id.id,
            }
            try:
                with self.env.cr.savepoint():
                    sign_up.purpose_id._rgpd_subscribe(
                        sign_up.name,
                        sign_up.email,
                        lang=sign_up.lang,
                        **{key: value for key, value in proof.items() if value},
                    )
            except (UserError, ValidationError) as error:
                _logger.info("Sign-up %s dropped: %s", sign_up.id, error)
        self.unlink()

    @api.model
    def _cron_process(self, batch_size=SIGN_UP_BATCH_SIZE):
        """Process the queued sign-ups, a batch at a time."""
        # sudo: the queue works for every company and the public page.
        SignUp = self.sudo()
        cron = self.env["ir.cron"]
        remaining = SignUp.search_count([])
        while batch := SignUp.search([], limit=batch_size).try_lock_for_update():
            batch._rgpd_process()
            remaining = max(remaining - len(batch), 0)
            if not cron._commit_progress(len(batch), remaining=remaining):
                return
