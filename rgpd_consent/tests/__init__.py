from . import test_security
from . import test_ledger
from . import test_access
from . import test_wizard
from . import test_routes
from . import test_portal
from . import test_mail_withdraw
from . import test_tour
