from . import res_company
from . import res_config_settings
from . import rgpd_breach
from . import rgpd_dashboard
from . import rgpd_purpose
