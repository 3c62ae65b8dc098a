from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..models.studio_code_attempt import MAX_FAILURES
from .common_portal import StudioPortalCase


@tagged("post_install", "-at_install")
class TestPortalRateLimit(StudioPortalCase):

    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()

    def test_too_many_wrong_codes_from_one_address_answer_429(self):
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
        self.env["studio.code.attempt"].create(
            [{"ip": f"10.0.0.{i}", "code": target} for i in range(MAX_FAILURES)])
        response = self.enter_code(target.lower().replace("-", " "))
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many attempts", response.text)
        self.assertRedirects(self.enter_code(self.job.global_code), f"/studio/job/{self.job.id}")

    def test_old_failures_no_longer_count_and_are_purged(self):
        Attempt = self.env["studio.code.attempt"]
        old = Attempt.create([{"ip": "127.0.0.1", "code": f"OLD{i}",
                               "create_date": fields.Datetime.now() - timedelta(minutes=11)}
                              for i in range(MAX_FAILURES)])
        self.assertRedirects(self.enter_code(self.job.global_code), f"/studio/job/{self.job.id}")
        recent = Attempt.create({"ip": "127.0.0.1", "code": "NEW"})
        Attempt._gc_old_attempts()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())

    def test_wrong_subject_codes_in_the_shop_count_too(self):
        self.enter_code(self.job.global_code)
        for i in range(MAX_FAILURES):
            response = self.post(f"/studio/job/{self.job.id}/order", {
                f"qty_{self.product_print.id}": 1, "subject_code": f"WRONG-CODE{i}"})
            self.assertIn("not one of the cards of this job", response.text)
        response = self.post(f"/studio/job/{self.job.id}/order", {
            f"qty_{self.product_print.id}": 1, "subject_code": self.ann.access_code})
        self.assertEqual(response.status_code, 429)

    def test_attempts_are_for_sudo_only(self):
        for user in (self.customer_user, self.studio_manager):
            self.assertFalse(self.env["studio.code.attempt"].with_user(user).has_access("read"))
