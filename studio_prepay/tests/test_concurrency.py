import threading
import time

from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase

from ..models.studio_code_attempt import MAX_FAILURES


class TestConcurrentUsers(TransactionCase):
    """Two transactions on the same committed records: the demo job's collection and orders."""

    def _held_by_another_transaction(self, records):
        other = self.registry.cursor()
        self.addCleanup(other.close)
        self.addCleanup(other.rollback)
        other.execute(
            f"SELECT id FROM {records._table} WHERE id IN %s FOR NO KEY UPDATE",
            [tuple(records.ids)],
        )

    def test_second_user_cannot_populate_a_collection_being_worked_on(self):
        collection = self.env.ref("studio_prepay.demo_order_1").studio_collection_id
        self._held_by_another_transaction(collection)
        with (
            self.assertRaisesRegex(UserError, "Someone else is working on"),
            self.assertNoLogs("odoo.sql_db"),
        ):
            collection.action_populate_photos()
        with self.assertRaisesRegex(UserError, "Someone else is working on"):
            collection.action_place_orders()

    def test_second_user_cannot_refund_an_order_being_refunded(self):
        order = self.env.ref("studio_prepay.demo_order_1")
        refunded = order.studio_amount_refunded
        wizard = (
            self.env["studio.refund.wizard"]
            .with_context(active_id=order.id)
            .create({"reason": "twice", "manual": True})
        )
        self._held_by_another_transaction(order)
        with self.assertRaisesRegex(UserError, "Someone else is working on"):
            wizard.action_refund()
        self.assertEqual(order.studio_amount_refunded, refunded)


class TestConcurrentFirstBatch(TransactionCase):
    """Two transactions placing the first orders of a job at the same instant."""

    def test_the_second_creator_of_an_open_batch_is_retried_not_refused(self):
        job = self.env.ref("studio_prepay.demo_job_maple")
        self.assertFalse(job.batch_ids.filtered(lambda batch: batch.state == "open"))
        first, second = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(second.close)
        self.addCleanup(first.close)

        def cleanup():
            with self.registry.cursor() as cr:
                cr.execute(
                    "DELETE FROM studio_batch WHERE job_id = %s AND state = 'open'", [job.id]
                )

        self.addCleanup(cleanup)

        first_job = job.with_env(job.env(cr=first))
        second_job = job.with_env(job.env(cr=second))
        second.execute(
            "SELECT 1"
        )  # the second transaction's snapshot: before the first batch exists
        first_job._get_open_batch()
        errors = []

        def place_in_second():
            try:
                second_job._get_open_batch()
            except Exception as error:  # noqa: BLE001 - what Odoo's retry loop would see
                errors.append(error)

        thread = threading.Thread(target=place_in_second)
        thread.start()
        time.sleep(0.5)  # the second transaction now waits for the first
        first.commit()
        thread.join(10)
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], PG_CONCURRENCY_EXCEPTIONS_TO_RETRY)


class TestConcurrentCodeAttempts(TransactionCase):
    """Wrong codes sent at the same instant from one browser session: exactly MAX_FAILURES are
    checked."""

    def test_simultaneous_wrong_codes_never_pass_the_limit(self):
        ip, session = "192.0.2.77", "a-session-of-the-concurrency-test"

        def cleanup():
            with self.registry.cursor() as cr:
                cr.execute(
                    "DELETE FROM studio_code_attempt WHERE key LIKE %s OR key LIKE "
                    "'code:WRONG%%' OR key = ANY(%s)",
                    [
                        f"%{ip}%",
                        [
                            key
                            for key, _limit in self.env["studio.code.attempt"]._keys(
                                None, None, session
                            )
                        ],
                    ],
                )

        self.addCleanup(cleanup)
        allowed, start = [], threading.Barrier(30)

        def attempt(number):
            # what one request does, with Odoo's replay of serialization failures
            start.wait()
            for _try in range(20):
                with self.registry.cursor() as cr:
                    env = self.env(cr=cr)
                    cr.execute("SELECT 1")  # the request's snapshot is taken before it counts
                    try:
                        wait = env["studio.code.attempt"]._count_attempt(
                            ip, f"WRONG{number}", session
                        )
                    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                        cr.rollback()
                        time.sleep(0.01 * (number % 7))
                        continue
                    if not wait:
                        allowed.append(number)
                    return

        threads = [threading.Thread(target=attempt, args=(number,)) for number in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(len(allowed), MAX_FAILURES)
