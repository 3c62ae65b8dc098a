"""A bank transfer that never arrives: a reminder the day before, then the seats go back on sale."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import TicketCase


@tagged("post_install", "-at_install")
class TestTicketLapse(TicketCase):
    def _run_cron(self):
        self.env["sale.order"]._cron_studio_lapse_transfers()

    def _emails(self, order, subject):
        return order.message_ids.filtered(lambda m: m.partner_ids and subject in (m.subject or ""))

    def test_reminded_the_day_before_then_released(self):
        order = self.ticket_order(qty=2)
        self._bank_transfer(order)
        held_until = order.studio_seats_reserved_until
        with freeze_time(held_until - timedelta(days=2)):
            self._run_cron()
        self.assertFalse(self._emails(order, "held until tomorrow"), "too early to remind")
        with freeze_time(held_until - timedelta(hours=20)):
            self._run_cron()
            self._run_cron()
        self.assertEqual(len(self._emails(order, "held until tomorrow")), 1, "reminded once")
        self.assertNotEqual(order.state, "cancel")
        self.assertEqual(self.seats_left(), 8)
        with freeze_time(held_until + timedelta(minutes=5)):
            self._run_cron()
        self.assertEqual(order.state, "cancel")
        self.assertTickets(order, {"cancel": 2})
        self.assertEqual(self.seats_left(), 10, "the seats are back on sale")
        self.assertEqual(len(self._emails(order, "were released")), 1)
        self.assertIn("lapsed", " ".join(order.message_ids.mapped("body")))
        self.assertEqual(order.studio_cancel_reason, "the payment did not arrive in time")
        self.assertEqual(
            order.transaction_ids.state, "cancel", "the awaited transfer is no longer awaited"
        )

    def test_paid_in_time_is_never_released(self):
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        self._mark_paid(order)
        with freeze_time(fields.Datetime.now() + timedelta(days=30)):
            self._run_cron()
        self.assertEqual(order.state, "sale")
        self.assertTickets(order, {"open": 1})

    def test_the_setting_is_per_event(self):
        self.show.studio_transfer_hold_days = 2
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        expected = fields.Datetime.now() + timedelta(days=2)
        self.assertLess(abs((order.studio_seats_reserved_until - expected).total_seconds()), 60)
        with freeze_time(expected + timedelta(hours=1)):
            self._run_cron()
        self.assertEqual(order.state, "cancel")

    def test_tickets_added_to_a_paid_order_lapse_alone(self):
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        self._mark_paid(order)
        wizard = (
            self.env["studio.add.products.wizard"]
            .with_user(self.studio_user)
            .with_context(active_id=order.id)
            .create(
                {
                    "notify": False,
                    "line_ids": [(0, 0, {"product_id": self.ticket_product.id, "quantity": 2})],
                }
            )
        )
        self.assertEqual(wizard.line_ids.event_ticket_id, self.adult, "the product's only ticket")
        wizard.action_add()
        self.assertTickets(order, {"open": 1, "draft": 2})
        self.assertEqual(self.seats_left(), 7, "the added tickets hold their seats")
        with freeze_time(order.studio_seats_reserved_until + timedelta(minutes=1)):
            self._run_cron()
        self.assertEqual(order.state, "sale", "the paid part of the order stays")
        self.assertTickets(order, {"open": 1, "cancel": 2})
        self.assertEqual(self.seats_left(), 9)
