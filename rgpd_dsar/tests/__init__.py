from . import (
    test_accountability_demo,
    test_breach,
    test_company_identity,
    test_concurrency,
    test_dashboard,
    test_deadline,
    test_export,
    test_install,
    test_portal,
    test_register,
    test_request,
    test_restriction_mail,
    test_roles,
    test_tour,
)
from . import test_notice
