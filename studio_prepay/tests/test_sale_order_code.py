from unittest.mock import patch

from odoo.exceptions import ValidationError

from .common import StudioCase


class TestSaleOrderAccessCode(StudioCase):
    def _order(self, **vals):
        return self.env["sale.order"].create(dict({"partner_id": self.customer.id}, **vals))

    def test_order_given_a_typed_code_gets_its_subject_and_job(self):
        subject = self.subjects[1]
        typed = " " + subject.access_code.replace("-", "").lower()
        order = self._order(studio_access_code=typed)
        self.assertEqual(order.studio_subject_id, subject)
        self.assertEqual(order.studio_job_id, self.job)
        self.assertEqual(order.studio_access_code, subject.access_code)

    def test_order_given_a_subject_carries_its_code(self):
        order = self._order(studio_job_id=self.job.id, studio_subject_id=self.subjects[0].id)
        self.assertEqual(order.studio_access_code, self.subjects[0].access_code)
        order.studio_subject_id = self.subjects[2]
        self.assertEqual(order.studio_access_code, self.subjects[2].access_code)

    def test_code_of_another_job_is_refused(self):
        other_job = self.env["studio.job"].create({"name": "Other school"})
        other_subject = self.env["studio.subject"].create({"job_id": other_job.id, "name": "Eve"})
        with self.assertRaisesRegex(ValidationError, "belongs to job Other school"):
            self._order(studio_job_id=self.job.id, studio_access_code=other_subject.access_code)

    def test_unknown_code_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "is not a code of job"):
            self._order(studio_job_id=self.job.id, studio_access_code="ZZZZZ-ZZZZZ")
        order = self._order(studio_job_id=self.job.id, studio_subject_id=self.subjects[0].id)
        with self.assertRaisesRegex(ValidationError, "is not a code of job"):
            order.studio_access_code = self.job.global_code

    def test_many_orders_by_code_search_their_subjects_once(self):
        vals = [
            {"partner_id": self.customer.id, "studio_access_code": subject.access_code.lower()}
            for subject in self.subjects
        ] * 2
        with patch.object(
            type(self.env["studio.subject"]),
            "search",
            autospec=True,
            side_effect=type(self.env["studio.subject"]).search,
        ) as search:
            orders = self.env["sale.order"].create(vals)
        self.assertEqual(search.call_count, 1)
        self.assertEqual(orders.studio_subject_id, self.subjects)
        self.assertEqual(orders[3].studio_subject_id, self.subjects[0])
