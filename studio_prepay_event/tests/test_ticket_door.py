"""At the door: Odoo's registration desk (``register_attendee``, as the event's desk user) checks a
paid ticket in, refuses an unpaid, cancelled or refunded one with the reason and says when a ticket
was already checked in."""

from odoo.tests import tagged

from .common import TicketCase


@tagged("post_install", "-at_install")
class TestTicketDoor(TicketCase):
    def _scan(self, registration):
        return (
            self.env["event.registration"]
            .with_user(self.door_user)
            .register_attendee(registration.barcode, self.show.id)
        )

    def test_a_paid_ticket_checks_in_once(self):
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        self._mark_paid(order)
        ticket = order.order_line.registration_ids
        result = self._scan(ticket)
        self.assertEqual(result["status"], "confirmed_registration")
        self.assertEqual(ticket.state, "done")
        again = self._scan(ticket)
        self.assertEqual(again["status"], "already_registered")
        self.assertRegex(again["studio_refusal"], r"^Already checked in on .+2\d{3}")

    def test_an_unpaid_ticket_is_refused(self):
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        ticket = order.order_line.registration_ids
        result = self._scan(ticket)
        self.assertEqual(result["status"], "studio_unpaid")
        self.assertIn(f"order {order.name} has not been paid", result["studio_refusal"])
        self.assertEqual(ticket.state, "draft", "not checked in")

    def test_a_cancelled_ticket_says_why(self):
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        order._studio_delete_and_restock("Seats given to the teachers")
        result = self._scan(order.order_line.registration_ids)
        self.assertEqual(result["status"], "canceled_registration")
        self.assertEqual(result["studio_refusal"], "Cancelled: Seats given to the teachers")

    def test_an_unknown_barcode(self):
        result = (
            self.env["event.registration"]
            .with_user(self.door_user)
            .register_attendee("00000000000000000000", self.show.id)
        )
        self.assertEqual(result, {"error": "invalid_ticket"})
