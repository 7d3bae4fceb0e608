from . import test_install
from . import test_anonymize
from . import test_policy
from . import test_concurrency
