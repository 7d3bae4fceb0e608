from . import test_deadline, test_install, test_portal, test_request
