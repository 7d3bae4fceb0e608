# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""System fields (see the repository's CONTRACT): fields only the suite's
code writes. `create` and `write` refuse them unless env.su; the method
that owns a field checks the caller's role, then writes through sudo()."""

from odoo.exceptions import UserError


def refuse(model, fname):
    field = model._fields[fname]
    raise UserError(
        model.env._(
            "The field %(field)s (%(name)s) is set by the privacy engine or by the "
            "Privacy Officer's actions, not by hand.",
            field=field._description_string(model.env),
            name=fname,
        )
    )


def check_create(model, vals_list, guarded):
    """Refuse a value for a field of `guarded` in `vals_list` unless env.su;
    an empty value is the default, which a form sends with the rest."""
    if model.env.su:
        return
    for vals in vals_list:
        for fname in sorted(guarded & set(vals)):
            if vals[fname]:
                refuse(model, fname)


def check_write(records, vals, guarded):
    """Refuse a change of a field of `guarded` unless env.su; writing the
    value a field already holds changes nothing and passes (generic tools,
    such as the merge of contacts, write back every field)."""
    if records.env.su:
        return
    for fname in sorted(guarded & set(vals)):
        field = records._fields[fname]
        value = field.convert_to_record(field.convert_to_cache(vals[fname], records), records)
        if any(record[fname] != value for record in records):
            refuse(records, fname)
