# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextlib
import datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@tagged("post_install", "-at_install")
class TestRateLimitAnswer(TransactionCase):
    """A refused use says which limit and when to come back, so that a
    public page is never a dead end. (Parallel uses: test_concurrency.)"""

    def setUp(self):
        super().setUp()
        # The count runs in a cursor of its own: here, the test's, so that
        # the uses counted are rolled back with it. (Real cursors: see
        # test_concurrency.)
        stack = contextlib.ExitStack()
        stack.enter_context(self.enter_registry_test_mode())
        self.addCleanup(stack.close)
        # The public pages call it as the superuser (their own counter).
        self.RateLimit = self.env["rgpd.rate.limit"].sudo()
        self.start = datetime.datetime(2026, 12, 3, 9, 0)

    def at(self, minutes, limits):
        now = self.start + datetime.timedelta(minutes=minutes)
        with freeze_time(now):
            return self.RateLimit._rgpd_try("test_answer", limits)

    def test_the_first_limit_in_the_list_is_named_with_its_retry_time(self):
        def limits(email):
            return [("email", email, 2, DAY), ("ip", "192.0.2.7", 3, HOUR)]

        self.assertIsNone(self.at(0, limits("a@example.com")))
        self.assertIsNone(self.at(10, limits("a@example.com")))
        refused = self.at(20, limits("a@example.com"))
        self.assertEqual(refused.kind, "email")
        # The oldest of the 2 uses leaves the day's window first.
        self.assertEqual(refused.retry_at, self.start + DAY)
        # Another address on the same network still gets through: a refused
        # use counted for no limit, the network has 3 of its 3 now.
        self.assertIsNone(self.at(30, limits("b@example.com")))
        refused = self.at(40, limits("c@example.com"))
        self.assertEqual(refused.kind, "ip")
        self.assertEqual(refused.retry_at, self.start + HOUR, "the oldest of its 3 uses")
        # An hour after the first use, the network is free again.
        self.assertIsNone(self.at(61, limits("c@example.com")))

    def test_both_reached_the_address_is_named_and_the_later_time_given(self):
        limits = [("email", "d@example.com", 1, DAY), ("ip", "192.0.2.8", 1, HOUR)]
        self.assertIsNone(self.at(0, limits))
        refused = self.at(5, limits)
        self.assertEqual(refused.kind, "email", "the address limit is counted first")
        self.assertEqual(refused.retry_at, self.start + DAY, "free only once both are")
        self.assertTrue(
            self.RateLimit._rgpd_allow("test_answer", [("email", "e@example.com", 1, DAY)])
        )
