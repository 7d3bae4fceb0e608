# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, models

_logger = logging.getLogger(__name__)


class IrModelData(models.Model):
    _inherit = "ir.model.data"

    @api.model
    def _process_end(self, modules):
        """Once modules are installed or updated, and every model of the
        database is loaded, map the personal data of the apps just
        installed (their default entries) and tell the Officers."""
        result = super()._process_end(modules)
        if modules:
            try:
                # A savepoint: a map entry that cannot be made must not undo
                # the installation of an app; it is logged, and "Load
                # Defaults" on the map tries again.
                with self.env.cr.savepoint():
                    self.env["rgpd.data.map"]._rgpd_map_installed_apps()
            except Exception:
                _logger.exception("The personal-data map could not take the new apps' entries")
        return result
