from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .common_money import STRIPE_HTTP, FakeStripeResponse, StripeCase


class TestRefundAndRestock(StripeCase):
    def test_full_card_refund_goes_through_stripe_with_credit_note_and_restock(self):
        order, tx = self._card_paid_order(qty=2)
        self.assertEqual(
            self.frame.with_context(warehouse_id=order.warehouse_id.id).virtual_available, 8
        )
        total = order.amount_total
        cents = round(total * 100)
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(cents)) as stripe:
            self._refund(order)
        self.assertEqual(stripe.call_count, 1)
        method, url = stripe.call_args.args
        self.assertEqual((method, url), ("POST", "https://api.stripe.com/v1/refunds"))
        self.assertEqual(
            stripe.call_args.kwargs["data"], {"payment_intent": "pi_studio_1", "amount": cents}
        )
        refund_tx = tx.child_transaction_ids
        self.assertEqual(
            (refund_tx.operation, refund_tx.state, refund_tx.amount), ("refund", "done", -total)
        )
        self.assertIn(order, refund_tx.sale_order_ids, "the refund is linked to the order")
        credit_note = order.invoice_ids.filtered(lambda move: move.move_type == "out_refund")
        self.assertEqual((credit_note.state, credit_note.amount_total), ("posted", total))
        self.assertIn(credit_note.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.studio_payment_state, "refunded")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(
            self.frame.with_context(warehouse_id=order.warehouse_id.id).virtual_available, 10
        )

    def test_partial_card_refund(self):
        order, tx = self._card_paid_order(qty=2)
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(1500)) as stripe:
            self._refund(order, amount=15.0)
        self.assertEqual(stripe.call_args.kwargs["data"]["amount"], 1500)
        self.assertEqual(order.studio_payment_state, "partially_refunded")
        self.assertEqual(order.studio_amount_refunded, 15.0)
        self.assertEqual(order.state, "sale", "a partial refund keeps the order")
        credit_note = order.invoice_ids.filtered(lambda move: move.move_type == "out_refund")
        self.assertEqual(credit_note.amount_total, 15.0)

    @mute_logger("odoo.addons.payment_stripe.models.payment_provider")
    def test_failed_refund_leaves_a_clear_manual_path(self):
        order, tx = self._card_paid_order()
        answer = FakeStripeResponse(
            {"error": {"message": "Charge ch_1 has already been refunded."}}, 400
        )
        with patch(STRIPE_HTTP, return_value=answer):
            _wizard, action = self._refund(order)
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("already been refunded", order.studio_refund_error)
        self.assertEqual(order.studio_payment_state, "refund_failed")
        self.assertFalse(tx.child_transaction_ids, "no refund transaction was kept")
        self.assertFalse(order.invoice_ids.filtered(lambda move: move.move_type == "out_refund"))
        self.assertEqual(order.state, "sale")
        # the admin refunds by hand from the bank
        self._refund(order, manual=True)
        self.assertFalse(order.studio_refund_error)
        self.assertEqual(order.studio_payment_state, "refunded")

    def test_a_refund_is_never_sent_twice(self):
        order, _tx = self._card_paid_order()
        with patch(
            STRIPE_HTTP, return_value=self._stripe_refund_answer(round(order.amount_total * 100))
        ) as stripe:
            wizard, _action = self._refund(order)
            with self.assertRaisesRegex(UserError, "already sent"):
                wizard.action_refund()
            with self.assertRaisesRegex(UserError, "at most 0"):
                self._refund(order, amount=order.amount_total)
        self.assertEqual(stripe.call_count, 1)

    def test_bank_transfer_order_needs_the_manual_path(self):
        order = self.prepay_order(self.subjects[0], products=self.frame)
        self._bank_transfer(order)
        self._mark_paid(order, notify=False)
        with (
            patch(STRIPE_HTTP) as stripe,
            self.assertRaisesRegex(UserError, "no provider can refund it"),
        ):
            self._refund(order)
        stripe.assert_not_called()
        self._refund(order, manual=True)
        credit_note = order.invoice_ids.filtered(lambda move: move.move_type == "out_refund")
        payment = credit_note._get_reconciled_payments()
        self.assertEqual((payment.payment_type, payment.amount), ("outbound", order.amount_total))
        self.assertEqual(order.studio_payment_state, "refunded")

    def test_service_fee_is_kept_unless_ticked(self):
        order, _tx = self._card_paid_order(products=self.frame | self.fee)
        wizard = (
            self.env["studio.refund.wizard"]
            .with_context(active_id=order.id)
            .create({"reason": "r"})
        )
        fee = order.order_line.filtered(lambda line: line.product_id == self.fee).price_total
        self.assertTrue(fee)
        self.assertEqual((wizard.refundable, wizard.fee), (order.amount_total, fee))
        self.assertAlmostEqual(wizard.amount, order.amount_total - fee)
        wizard.refund_fee = True
        self.assertEqual(wizard.amount, order.amount_total)
