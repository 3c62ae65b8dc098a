"""Delete & restock, refund & restock and a full refund cancel the tickets (seats back on sale); a
partial refund of tickets cancels those tickets only."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import STRIPE_HTTP, TicketStripeCase


@tagged("post_install", "-at_install")
class TestTicketRefund(TicketStripeCase):
    def _card_paid_ticket_order(self, qty=3):
        order = self.ticket_order(qty=qty, photos=False)
        self._pay_by_card(order)
        self.assertTickets(order, {"open": qty})
        return order

    def test_delete_and_restock_cancels_the_held_tickets(self):
        order = self.ticket_order(qty=2)
        self._bank_transfer(order)
        self.assertEqual(self.seats_left(), 8)
        self.env["studio.delete.restock.wizard"].with_user(self.studio_manager).with_context(
            active_ids=order.ids
        ).create({"reason": "Duplicate order"}).action_delete_restock()
        self.assertTickets(order, {"cancel": 2})
        self.assertEqual(self.seats_left(), 10)

    def test_full_refund_cancels_every_ticket(self):
        order = self._card_paid_ticket_order(qty=3)
        self.assertEqual(self.seats_left(), 7)
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(3600)):
            self._refund(order)
        self.assertEqual(order.state, "cancel")
        self.assertTickets(order, {"cancel": 3})
        self.assertEqual(self.seats_left(), 10)

    def test_partial_refund_cancels_the_chosen_tickets_only(self):
        order = self._card_paid_ticket_order(qty=3)
        first = order.order_line.registration_ids[:1]
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(1200)) as stripe:
            wizard, _result = self._refund(order, registration_ids=[(6, 0, first.ids)])
        self.assertEqual(wizard.amount, 12.0, "refunding one ticket proposes its price")
        self.assertEqual(stripe.call_args.kwargs["data"]["amount"], 1200)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.studio_payment_state, "partially_refunded")
        self.assertEqual(first.state, "cancel")
        self.assertEqual(first.studio_cancel_reason, "Customer asked")
        self.assertTickets(order, {"open": 2, "cancel": 1})
        self.assertEqual(self.seats_left(), 8)
