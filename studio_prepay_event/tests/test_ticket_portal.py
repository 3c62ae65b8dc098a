"""The customer's order page (portal, no website): the e-tickets of a paid order to download,
"reserved until" and no ticket while a bank transfer is awaited, nothing for another parent."""

from odoo.tests import tagged

from .common import TicketPortalCase


@tagged("post_install", "-at_install")
class TestTicketPortal(TicketPortalCase):
    def _quotation(self, qty=2):
        order = self.ticket_order(qty=qty, partner=self.customer_user.partner_id)
        order.action_quotation_sent()
        return order

    def _tickets_url(self, order, token=True):
        url = f"/my/orders/{order.id}/tickets"
        return f"{url}?access_token={order._portal_ensure_token()}" if token else url

    def test_a_transfer_reserves_the_seats_and_shows_no_ticket(self):
        order = self._quotation()
        self.login(self.customer_user)
        self.pay_by_bank_transfer(order)
        self.assertEqual(order.studio_payment_state, "pending")
        page = self.url_open(order.get_portal_url()).text
        self.assertIn("End-of-year show", page)
        self.assertIn("2 seat(s)", page)
        self.assertIn("reserved until", page)
        self.assertNotIn("Download your e-tickets", page)
        response = self.url_open(self._tickets_url(order))
        self.assertEqual(response.status_code, 404, "no e-ticket before the payment")
        barcodes = order.order_line.registration_ids.mapped("barcode")
        self.assertFalse(any(barcode in response.text for barcode in barcodes))

    def test_a_paid_order_page_gives_its_tickets_to_its_customer_only(self):
        order = self._quotation()
        self.login(self.customer_user)
        self.pay_with_demo(order)
        self.assertEqual(order.studio_payment_state, "paid")
        self.assertTickets(order, {"open": 2})
        confirmation = order.message_ids.filtered(lambda m: "is confirmed" in (m.body or ""))
        self.assertEqual(
            confirmation.attachment_ids.filtered(lambda a: a.name.startswith("Tickets")).name,
            f"Tickets {order.name}.pdf",
            "the confirmation of the paid order carries the e-tickets",
        )
        page = self.url_open(order.get_portal_url()).text
        self.assertIn("2 e-ticket(s) issued", page)
        self.assertIn("Download your e-tickets", page)
        response = self.url_open(self._tickets_url(order, token=False))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        for barcode in order.order_line.registration_ids.mapped("barcode"):
            self.assertIn(barcode, response.text)  # Odoo's tests render reports as HTML
        self.login(self.other_user)
        response = self.url_open(self._tickets_url(order, token=False), allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn(order.order_line.registration_ids[:1].barcode, response.text)
        self.authenticate(None, None)
        response = self.url_open(self._tickets_url(order), allow_redirects=False)
        self.assertEqual(response.status_code, 200, "the e-mail's link (with its token) works")
