from . import test_install
from . import test_anonymize
from . import test_policy
from . import test_concurrency
from . import test_security
from . import test_ui
from . import test_roles
from . import test_map_new_apps
