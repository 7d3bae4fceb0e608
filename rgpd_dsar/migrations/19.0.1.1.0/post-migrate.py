# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Exports made before 19.0.1.1.0 were plain attachments of their request,
readable by every Privacy User: bind each to the request's Officer-only
export field and record its checksum, so that the download routes, which now
serve only a checked export, still serve them."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    requests = env["rgpd.dsar.request"].search(
        [("export_attachment_id", "!=", False), ("export_checksum", "=", False)]
    )
    for request in requests:
        attachment = request.export_attachment_id
        if attachment.res_model != request._name or attachment.res_id != request.id:
            # Not the request's own file: it is not served any more.
            continue
        attachment.write({"res_field": "export_file"})
        request.write({"export_checksum": attachment.checksum})
