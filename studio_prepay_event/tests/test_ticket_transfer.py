"""A bank transfer holds the seats, issues no e-ticket, and Mark as paid sends the tickets."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TicketCase


@tagged("post_install", "-at_install")
class TestTicketTransfer(TicketCase):
    def test_a_pending_transfer_holds_its_seats_and_issues_no_ticket(self):
        order = self.ticket_order(qty=2)
        self.assertEqual(self.seats_left(), 10)
        self._bank_transfer(order)
        self.assertEqual(order.studio_payment_state, "pending")
        self.assertTickets(order, {"draft": 2})
        self.assertEqual(self.seats_left(), 8, "the transfer holds its two seats")
        self.assertEqual(self.show.seats_reserved, 2)
        until = order.studio_seats_reserved_until
        expected = fields.Datetime.now() + timedelta(days=7)
        self.assertLess(abs((until - expected).total_seconds()), 60)
        with self.assertRaisesRegex(UserError, "issued when the order is paid"):
            self.env["ir.actions.report"]._render_qweb_pdf(
                "event.action_report_event_registration_full_page_ticket",
                order.order_line.registration_ids.ids,
            )

    def test_mark_as_paid_issues_the_tickets_with_the_note(self):
        order = self.ticket_order(qty=2)
        self._bank_transfer(order)
        self._mark_paid(order, note="<p>Your transfer arrived, see you at the show</p>")
        self.assertEqual(order.studio_payment_state, "paid")
        self.assertTickets(order, {"open": 2})
        self.assertEqual(self.seats_left(), 8, "held seats became sold seats, not two more")
        self.assertFalse(order.studio_seats_reserved_until)
        message = order.message_ids.filtered(
            lambda m: "Your transfer arrived" in (m.body or "") and m.partner_ids
        )
        self.assertEqual(len(message), 1, "the payment e-mail carries the studio's note")
        self.assertIn(f"Tickets {order.name}.pdf", message.attachment_ids.mapped("name"))

    def test_seats_never_held_twice(self):
        self.show.seats_max = 3
        first = self.ticket_order(qty=2)
        self._bank_transfer(first)
        second = self.ticket_order(qty=2)
        with self.assertRaisesRegex(ValidationError, "not enough seats"):
            self._bank_transfer(second)

    def test_a_confirmed_unpaid_order_issues_no_ticket(self):
        order = self.ticket_order(qty=1, confirm=True)
        self.assertEqual(order.state, "sale")
        self.assertTickets(order, {"draft": 1})
        self._mark_paid(order)
        self.assertTickets(order, {"open": 1})
