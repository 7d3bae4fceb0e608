from . import (
    test_deadline,
    test_export,
    test_install,
    test_portal,
    test_request,
    test_restriction_mail,
    test_tour,
)
