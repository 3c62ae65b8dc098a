from odoo.exceptions import UserError
from odoo.tests import TransactionCase


class TestConcurrentUsers(TransactionCase):
    """Two transactions on the same committed records: the demo job's collection and orders."""

    def _held_by_another_transaction(self, records):
        other = self.registry.cursor()
        self.addCleanup(other.close)
        self.addCleanup(other.rollback)
        other.execute(f"SELECT id FROM {records._table} WHERE id IN %s FOR NO KEY UPDATE", [tuple(records.ids)])

    def test_second_user_cannot_populate_a_collection_being_worked_on(self):
        collection = self.env.ref("studio_prepay.demo_order_1").studio_collection_id
        self._held_by_another_transaction(collection)
        with self.assertRaisesRegex(UserError, "Someone else is working on"):
            collection.action_populate_photos()
        with self.assertRaisesRegex(UserError, "Someone else is working on"):
            collection.action_place_orders()

    def test_second_user_cannot_refund_an_order_being_refunded(self):
        order = self.env.ref("studio_prepay.demo_order_1")
        refunded = order.studio_amount_refunded
        wizard = self.env["studio.refund.wizard"].with_context(active_id=order.id).create(
            {"reason": "twice", "manual": True})
        self._held_by_another_transaction(order)
        with self.assertRaisesRegex(UserError, "Someone else is working on"):
            wizard.action_refund()
        self.assertEqual(order.studio_amount_refunded, refunded)
