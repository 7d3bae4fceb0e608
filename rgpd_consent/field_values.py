# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Values a form cannot offer (an RPC call, a script) checked before the ORM
stores them as they are or fails with a server error: one translated error
for every model of the suite."""

from odoo import fields
from odoo.exceptions import ValidationError


def check_values(records, vals):
    """Refuse, with a clear error, a value out of a selection's list (a
    language that is not installed), text that is not a string, a date that
    does not exist."""
    env = records.env
    for name, value in vals.items():
        field = records._fields.get(name)
        if field is None or value is False or value is None:
            continue
        label = field._description_string(env)
        if field.type == "selection":
            options = dict(field._description_selection(env))
            if not isinstance(value, str) or value not in options:
                raise ValidationError(
                    env._(
                        "%(value)s is not a valid %(field)s: choose one of %(options)s.",
                        value=str(value)[:64],
                        field=label,
                        options=", ".join(options.values()),
                    )
                )
        elif field.type in ("char", "text", "html"):
            if not isinstance(value, str):
                raise ValidationError(env._("%s must be a text.", label))
        elif field.type in ("date", "datetime"):
            convert = fields.Date.to_date if field.type == "date" else fields.Datetime.to_datetime
            try:
                convert(value)
            except (TypeError, ValueError):
                raise ValidationError(
                    env._(
                        "%(value)s is not a valid date for %(field)s.",
                        value=str(value)[:64],
                        field=label,
                    )
                ) from None
