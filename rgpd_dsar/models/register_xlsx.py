# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The XLSX of a register laid out like the CNIL's model: a summary sheet
(the identity of the company, then one row per processing activity, each
linking to its sheet) and one sheet per processing activity (its record
card, one fact per line). Used by the controller's register (Art. 30(1))
and the processor's (Art. 30(2))."""

import io
import re

import xlsxwriter

from odoo import fields

DATE_KEYS = ("create_date", "write_date")
# Characters a sheet name cannot hold, and its length limit.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
SHEET_MAX = 31


def sheet_name(ref, name, taken):
    """A sheet name for activity `ref` `name`, unique within `taken`."""
    base = SHEET_FORBIDDEN.sub(" ", f"{ref} {name}").strip()[:SHEET_MAX].strip()
    candidate, counter = base, 2
    while candidate.lower() in taken:
        suffix = f" ({counter})"
        candidate = base[: SHEET_MAX - len(suffix)] + suffix
        counter += 1
    taken.add(candidate.lower())
    return candidate


def register_workbook(env, title, identity, columns, rows):
    """The XLSX file (bytes). `identity` is a list of (label, value),
    `columns` of (key, label, width), `rows` of dicts keyed by the columns'
    keys, each with a "ref" and a "name"."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title_format = workbook.add_format({"bold": True, "font_size": 14})
    label = workbook.add_format({"bold": True, "valign": "top"})
    heading = workbook.add_format(
        {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"}
    )
    cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    link = workbook.add_format({"border": 1, "valign": "top", "font_color": "blue", "underline": 1})
    date = workbook.add_format({"border": 1, "valign": "top", "num_format": "yyyy-mm-dd"})

    def write_value(sheet, row, col, key, value):
        if key in DATE_KEYS:
            if value:
                sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), date)
            else:
                sheet.write_blank(row, col, None, cell)
        else:
            sheet.write_string(row, col, value or "", cell)

    summary_name = env._("Register")[:SHEET_MAX]
    taken = {summary_name.lower()}
    names = [sheet_name(row["ref"], row["name"], taken) for row in rows]

    summary = workbook.add_worksheet(summary_name)
    summary.write(0, 0, title, title_format)
    for line, (name, value) in enumerate(identity, start=2):
        summary.write(line, 0, name, label)
        summary.write(line, 2, value)
    first = len(identity) + 3
    for col, (_key, name, width) in enumerate(columns):
        summary.set_column(col, col, width)
        summary.write(first, col, name, heading)
    for line, (values, name) in enumerate(zip(rows, names, strict=True), start=first + 1):
        for col, (key, _label, _width) in enumerate(columns):
            if key == "name":
                summary.write_url(
                    line, col, f"internal:'{name}'!A1", link, string=values[key] or ""
                )
            else:
                write_value(summary, line, col, key, values[key])
    summary.freeze_panes(first + 1, 2)

    for values, name in zip(rows, names, strict=True):
        sheet = workbook.add_worksheet(name)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 80)
        sheet.write(0, 0, values["name"], title_format)
        sheet.write_url(1, 0, f"internal:'{summary_name}'!A1", string=summary_name)
        line = 3
        for name_, value in identity:
            sheet.write(line, 0, name_, label)
            sheet.write_string(line, 1, value or "", cell)
            line += 1
        line += 1
        for key, name_, _width in columns:
            sheet.write(line, 0, name_, label)
            write_value(sheet, line, 1, key, values[key])
            line += 1
    workbook.close()
    return buffer.getvalue()
