# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""System fields: the fields that only the suite's code writes (a state, a
date set by law, an engine flag, a proof, an export). `create` and `write`
refuse them, and drop their context defaults, for every caller but the suite
itself (env.su): the method that owns a field checks the caller's role, then
writes through sudo() with its reason. RPC callers never have env.su, the
administrator included, so nothing they send reaches those fields."""

from odoo.exceptions import UserError


def refuse(model, fname):
    """Raise the translated error naming the system field `fname`."""
    raise UserError(
        model.env._(
            "%(field)s (%(name)s) is set by the privacy steps themselves (their buttons, "
            "links and scheduled actions), so that each change is checked and recorded: "
            "it cannot be written by hand.",
            field=model._fields[fname]._description_string(model.env),
            name=fname,
        )
    )


def check_create(model, vals_list, guarded):
    """Refuse a value for a field of `guarded` in `vals_list` unless env.su
    (an empty value is the default, which a form sends with the rest), and
    return `model` without the context defaults of those fields
    (`default_state`...), to create with: no context key sets one either."""
    if model.env.su:
        return model
    for vals in vals_list:
        for fname in sorted(guarded & set(vals)):
            if vals[fname]:
                refuse(model, fname)
    context = {
        key: value
        for key, value in model.env.context.items()
        if not (key.startswith("default_") and key[len("default_") :] in guarded)
    }
    if len(context) == len(model.env.context):
        return model
    return model.with_env(model.env(context=context))


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
