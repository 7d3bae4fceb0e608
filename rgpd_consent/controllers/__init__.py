# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import main
from . import portal
from . import subscribe
from . import mailing
from . import notice
