from . import test_breach
from . import test_company_identity
from . import test_dashboard
from . import test_install
from . import test_register
