from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.http import Request
from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.studio_prepay.models.studio_code_attempt import (
    MAX_FAILURES,
    MAX_FAILURES_PER_ADDRESS,
)

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestPortalRateLimit(StudioWebsiteCase):
    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()

    def test_too_many_wrong_codes_from_one_session_answer_429(self):
        for i in range(MAX_FAILURES):
            self.assertEqual(self.enter_code(f"WRONG-CODE{i}").status_code, 200)
        response = self.enter_code(self.job.global_code)  # even the right code waits now
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many attempts, try again in", response.text)
        self.assertIn("10", response.text.split("try again in")[1][:40])
        self.assertEqual(response.headers["Retry-After"], "600")
        self.assertEqual(self.url_open(f"/studio/job/{self.job.id}").status_code, 404)

    def test_too_many_tries_of_one_code_answer_429_from_any_address(self):
        target = "QQQQQ-QQQQQ"
        Attempt = self.env["studio.code.attempt"]
        for i in range(MAX_FAILURES):
            self.assertFalse(Attempt._count_attempt(f"10.0.0.{i}", target))
        response = self.enter_code(target.lower().replace("-", " "))
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many attempts", response.text)
        self.assertRedirects(self.enter_code(self.job.global_code), f"/studio/job/{self.job.id}")

    def test_families_behind_one_address_do_not_lock_each_other_out(self):
        """A school's Wi-Fi: 40 families, one address, each mistypes twice then enters the right
        code."""
        for family in range(40):
            self.authenticate(None, None)  # a new browser session
            for wrong in (f"WRONG-A{family}", f"WRONG-B{family}"):
                self.assertEqual(self.enter_code(wrong).status_code, 200)
            self.assertRedirects(
                self.enter_code(self.job.global_code), f"/studio/job/{self.job.id}"
            )
        self.assertEqual(
            self.env["studio.code.attempt"].search([("key", "=", "ip:127.0.0.1")]).failures, 80
        )

    def test_one_address_is_stopped_after_its_higher_limit_whatever_its_sessions(self):
        """A guesser who drops its cookie each time is still counted by its address."""
        Attempt = self.env["studio.code.attempt"]
        for i in range(MAX_FAILURES_PER_ADDRESS):
            self.assertFalse(Attempt._count_attempt("192.0.2.9", f"GUESS{i}", f"session-{i}"))
        self.assertEqual(Attempt._count_attempt("192.0.2.9", "GUESS-LAST", "a-new-session"), 10)

    def test_right_codes_do_not_count_as_failures(self):
        for _i in range(MAX_FAILURES + 2):
            self.assertRedirects(
                self.enter_code(self.job.global_code), f"/studio/job/{self.job.id}"
            )

    def test_old_failures_no_longer_count_and_are_purged(self):
        Attempt = self.env["studio.code.attempt"]
        old = Attempt.create(
            {
                "key": "ip:127.0.0.1",
                "failures": MAX_FAILURES,
                "window_start": fields.Datetime.now() - timedelta(minutes=11),
            }
        )
        self.assertRedirects(self.enter_code(self.job.global_code), f"/studio/job/{self.job.id}")
        self.assertEqual(old.failures, 0, "a new window started")
        stale = Attempt.create(
            {
                "key": "code:OLD",
                "failures": 3,
                "window_start": fields.Datetime.now() - timedelta(minutes=11),
            }
        )
        Attempt._gc_old_attempts()
        self.assertFalse(stale.exists())
        self.assertTrue(old.exists())

    def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(self):
        """proxy_mode: the proxy appends the address it saw to X-Forwarded-For; what a client puts
        before it (a rotated address) changes nothing."""
        with patch.dict(config.options, {"proxy_mode": True}):
            for i in range(MAX_FAILURES):
                response = self.url_open(
                    "/studio/code",
                    data={"code": f"WRONG-CODE{i}", "csrf_token": Request.csrf_token(self)},
                    headers={
                        "X-Forwarded-Host": "photos.example.com",
                        "X-Forwarded-For": f"198.51.100.{i}, 203.0.113.7",
                    },
                )
                self.assertEqual(response.status_code, 200)
            response = self.url_open(
                "/studio/code",
                data={"code": "WRONG-CODE", "csrf_token": Request.csrf_token(self)},
                headers={
                    "X-Forwarded-Host": "photos.example.com",
                    "X-Forwarded-For": "198.51.100.99, 203.0.113.7",
                },
            )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(
            self.env["studio.code.attempt"].search([("key", "=", "ip:203.0.113.7")]).failures,
            MAX_FAILURES + 1,
        )

    def test_without_proxy_mode_forwarded_headers_are_ignored(self):
        self.url_open(
            "/studio/code",
            data={"code": "WRONG-CODE", "csrf_token": Request.csrf_token(self)},
            headers={"X-Forwarded-Host": "photos.example.com", "X-Forwarded-For": "198.51.100.1"},
        )
        keys = self.env["studio.code.attempt"].search([("key", "like", "ip:%")]).mapped("key")
        self.assertEqual(keys, ["ip:127.0.0.1"])

    def test_wrong_subject_codes_in_the_shop_count_too(self):
        self.enter_code(self.job.global_code)
        for i in range(MAX_FAILURES):
            response = self.post(
                f"/studio/job/{self.job.id}/order",
                {f"qty_{self.product_print.id}": 1, "subject_code": f"WRONG-CODE{i}"},
            )
            self.assertIn("not one of the cards of this job", response.text)
        response = self.post(
            f"/studio/job/{self.job.id}/order",
            {f"qty_{self.product_print.id}": 1, "subject_code": self.ann.access_code},
        )
        self.assertEqual(response.status_code, 429)

    def test_attempts_are_for_sudo_only(self):
        for user in (self.customer_user, self.studio_manager):
            self.assertFalse(self.env["studio.code.attempt"].with_user(user).has_access("read"))
