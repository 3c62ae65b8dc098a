"""The back office as each role: Add products adds tickets (issued once the difference is paid),
the Billing-only accountant opens and refunds a ticket order, the studio user sees the job's
events, the desk user checks in over JSON-RPC as the registration desk does."""

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from .common import TicketCase


@tagged("post_install", "-at_install")
class TestTicketBackoffice(TicketCase, HttpCase):
    def _add(self, order, product, quantity=1, **line):
        wizard = Form(
            self.env["studio.add.products.wizard"]
            .with_user(self.studio_user)
            .with_context(active_id=order.id)
        )
        wizard.notify = False
        with wizard.line_ids.new() as new_line:
            new_line.product_id = product
            new_line.quantity = quantity
            for name, value in line.items():
                setattr(new_line, name, value)
        return wizard.save().action_add()

    def test_added_tickets_are_issued_once_the_difference_is_paid(self):
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        self._mark_paid(order)
        self._add(order, self.ticket_product, 2)
        self.assertEqual(order.studio_payment_state, "partially_paid")
        self.assertTickets(order, {"open": 1, "draft": 2})
        self.assertTrue(order.studio_seats_reserved_until)
        self._mark_paid(order, note="<p>Difference received</p>")
        self.assertEqual(order.studio_payment_state, "paid")
        self.assertTickets(order, {"open": 3})
        mail = order.message_ids.filtered(
            lambda m: "Difference received" in (m.body or "") and m.partner_ids
        )
        self.assertIn(f"Tickets {order.name}.pdf", mail.attachment_ids.mapped("name"))

    def test_a_ticket_must_be_chosen_and_on_sale(self):
        order = self.ticket_order(qty=1, confirm=True)
        self.env["event.event.ticket"].create(
            {"name": "Child", "event_id": self.show.id, "product_id": self.ticket_product.id}
        )
        # the form requires the ticket; a call without it is refused by the model
        wizard = (
            self.env["studio.add.products.wizard"]
            .with_user(self.studio_user)
            .with_context(active_id=order.id)
            .create({"line_ids": [(0, 0, {"product_id": self.ticket_product.id})]})
        )
        self.assertFalse(wizard.line_ids.event_ticket_id, "two tickets use the product")
        with self.assertRaisesRegex(UserError, "Choose which ticket of Show ticket"):
            wizard.action_add()
        self.adult.end_sale_datetime = "2020-01-01 00:00:00"
        with self.assertRaisesRegex(UserError, "Adult is not on sale"):
            self._add(order, self.ticket_product, event_ticket_id=self.adult)

    def test_billing_only_accountant_opens_and_refunds_a_ticket_order(self):
        order = self.ticket_order(qty=2)
        self._bank_transfer(order)
        self._mark_paid(order)
        form = Form(order.with_user(self.accountant))
        self.assertEqual(form.attendee_count, 2)
        self.assertEqual(
            order.order_line.with_user(self.accountant).event_ticket_id.display_name, "Adult"
        )
        wizard = Form(
            self.env["studio.refund.wizard"]
            .with_user(self.accountant)
            .with_context(active_id=order.id)
        )
        self.assertTrue(wizard.order_has_tickets)
        wizard.registration_ids.add(order.order_line.registration_ids[:1])
        wizard.manual = True
        wizard.reason = "Cannot come"
        self.assertEqual(wizard.amount, 12.0)
        wizard.save().action_refund()
        self.assertTickets(order, {"open": 1, "cancel": 1})

    def test_studio_user_sees_the_jobs_events(self):
        self.job.event_ids = self.show
        form = Form(self.job.with_user(self.studio_user))
        self.assertEqual(form.event_ids[:1].name, "End-of-year show")

    def test_the_registration_desk_over_json_rpc(self):
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        ticket = order.order_line.registration_ids
        self.authenticate(self.door_user.login, self.door_user.login)

        def scan():
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw/event.registration/register_attendee",
                {
                    "model": "event.registration",
                    "method": "register_attendee",
                    "args": [],
                    "kwargs": {"barcode": ticket.barcode, "event_id": self.show.id},
                },
            )

        self.assertEqual(scan()["status"], "studio_unpaid")
        self._mark_paid(order)
        self.assertEqual(scan()["status"], "confirmed_registration")
        self.assertIn("Already checked in on", scan()["studio_refusal"])
