# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

from .rgpd_dsar_request import OPEN_STATES

# Requests due within this many days are shown apart.
DUE_SOON_DAYS = 7
# Anonymizations (and the other retention actions) due within this many days.
RETENTION_DAYS = 30
# Open breaches listed on the dashboard (the figure opens all of them).
BREACHES_SHOWN = 8


class RgpdDashboard(models.AbstractModel):
    """The figures of the Privacy Officer's dashboard. Every figure comes with
    the model and domain of the records behind it, so that a click opens them."""

    _name = "rgpd.dashboard"
    _description = "Privacy Dashboard"

    @api.model
    def _figure(self, label, model, domain, count=None, tone="primary", context=None):
        domain = Domain(domain)
        if count is None:
            count = self.env[model].with_context(**(context or {})).search_count(domain)
        return {
            "label": label,
            "model": model,
            "domain": list(domain),
            "context": context or {},
            "count": count,
            "tone": tone if count else "muted",
        }

    @api.model
    def get_data(self):
        """The dashboard's figures, in a few grouped queries; the retention
        figures come from `get_retention_data`."""
        return {
            "requests": self._request_data(),
            "breaches": self._breach_data(),
            "consents": self._consent_data(),
            "register": self._register_data(),
        }

    @api.model
    def _request_data(self):
        """Open data-subject requests by state and by days left."""
        Request = self.env["rgpd.dsar.request"]
        open_domain = Domain("state", "in", OPEN_STATES)
        states = dict(Request._fields["state"]._description_selection(self.env))
        counts = dict(Request._read_group(open_domain, ["state"], ["__count"]))
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=DUE_SOON_DAYS)
        return {
            "by_state": [
                self._figure(
                    states[state],
                    Request._name,
                    Domain("state", "=", state),
                    count=counts.get(state, 0),
                )
                for state in OPEN_STATES
            ],
            "by_deadline": [
                self._figure(
                    self.env._("Overdue"),
                    Request._name,
                    Domain("is_overdue", "=", True),
                    tone="danger",
                ),
                self._figure(
                    self.env._("Due within %s days", DUE_SOON_DAYS),
                    Request._name,
                    open_domain
                    & Domain([("date_deadline", ">=", today), ("date_deadline", "<=", soon)]),
                    tone="warning",
                ),
                self._figure(
                    self.env._("Due later"),
                    Request._name,
                    open_domain & Domain("date_deadline", ">", soon),
                ),
            ],
        }

    @api.model
    def get_retention_data(self):
        """Per active retention policy, the records it will process within
        RETENTION_DAYS days (the policy's own rule, rgpd_retention). Asked
        apart, after the dashboard is shown: each policy counts its records
        over the whole contact base."""
        actions = dict(
            self.env["rgpd.retention.policy"]._fields["action"]._description_selection(self.env)
        )
        policies = self.env["rgpd.retention.policy"].search(
            [("company_id", "in", [self.env.company.id, False])]
        )
        return [
            dict(
                self._figure(
                    policy.name,
                    policy.model,
                    policy._rgpd_due_domain(RETENTION_DAYS),
                    tone="warning",
                    context={"active_test": policy.action != "anonymize"},
                ),
                action=actions.get(policy.action, ""),
            )
            for policy in policies
            if policy.model in self.env
        ]

    @api.model
    def _breach_data(self):
        Breach = self.env["rgpd.breach"]
        open_domain = Domain("state", "=", "open")
        breaches = Breach.search(open_domain, order="date_deadline, id", limit=BREACHES_SHOWN)
        return {
            "figures": [
                self._figure(self.env._("Open breaches"), "rgpd.breach", open_domain),
                self._figure(
                    self.env._("Breaches overdue"),
                    "rgpd.breach",
                    Domain("is_overdue", "=", True),
                    tone="danger",
                ),
            ],
            "list": [
                {
                    "id": breach.id,
                    "name": breach.name,
                    "title": breach.title,
                    "countdown": breach.countdown,
                    "hours_left": breach.hours_left,
                    "is_overdue": breach.is_overdue,
                    "pending": breach._rgpd_notification_pending(),
                    "risk_level": breach.risk_level,
                }
                for breach in breaches
            ],
        }

    @api.model
    def _consent_data(self):
        """Consents given and withdrawn per purpose over the last 12 months,
        from the consent events (the proof, not the current state)."""
        since = fields.Datetime.now() - relativedelta(months=12)
        domain = Domain([("date", ">=", since), ("new_state", "in", ("given", "withdrawn"))])
        counts = {}
        for purpose, state, count in self.env["rgpd.consent.event"]._read_group(
            domain, ["purpose_id", "new_state"], ["__count"]
        ):
            counts.setdefault(purpose, {})[state] = count
        rows = []
        for purpose in sorted(counts, key=lambda p: (p.sequence, p.name or "", p.id)):
            purpose_domain = domain & Domain("purpose_id", "=", purpose.id)
            rows.append(
                {
                    "purpose": purpose.display_name,
                    "given": self._figure(
                        self.env._("Given"),
                        "rgpd.consent.event",
                        purpose_domain & Domain("new_state", "=", "given"),
                        count=counts[purpose].get("given", 0),
                        tone="success",
                    ),
                    "withdrawn": self._figure(
                        self.env._("Withdrawn"),
                        "rgpd.consent.event",
                        purpose_domain & Domain("new_state", "=", "withdrawn"),
                        count=counts[purpose].get("withdrawn", 0),
                        tone="danger",
                    ),
                }
            )
        return {
            "domain": list(domain),
            "graph_view_id": self.env.ref("rgpd_dsar.rgpd_consent_event_view_graph_dashboard").id,
            "rows": rows,
        }

    @api.model
    def _register_data(self):
        company = self.env.company
        purposes = [("company_id", "in", [company.id, False])]
        return {
            "figures": [
                self._figure(self.env._("Processing activities"), "rgpd.purpose", purposes),
                self._figure(
                    self.env._("Missing a fact for the register"),
                    "rgpd.purpose",
                    Domain(purposes) & Domain("register_missing", "!=", False),
                    tone="warning",
                ),
                self._figure(
                    self.env._("Impact assessments missing"),
                    "rgpd.purpose",
                    Domain(purposes) & Domain("dpia_state", "in", ["missing"]),
                    tone="danger",
                ),
                self._figure(
                    self.env._("Impact assessments due for review"),
                    "rgpd.purpose",
                    Domain(purposes) & Domain("dpia_state", "in", ["review"]),
                    tone="warning",
                ),
                self._figure(
                    self.env._("Processing carried out for customers"),
                    "rgpd.processor.activity",
                    Domain("company_id", "=", company.id),
                ),
            ],
            "identity_missing": company._rgpd_identity_missing(),
        }
