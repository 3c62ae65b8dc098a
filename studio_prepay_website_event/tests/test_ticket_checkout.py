"""The website checkout of a cart with photos and tickets: paid, the e-tickets are issued and
downloadable from the order page; paid by bank transfer, the seats are held without e-ticket; the
payment is refused when the tickets' seats are gone."""

import re

from werkzeug.urls import url_encode

from odoo.tests import tagged

from .common import WebsiteTicketCase


@tagged("post_install", "-at_install")
class TestTicketCheckout(WebsiteTicketCase):
    def photo_and_tickets_cart(self, qty=2):
        """A print and ``qty`` show tickets in the website cart, and the checkout's address (a
        logged-in parent completes their own)."""
        cart = self.order_photo()
        self.add_ticket_form(qty=qty)
        partner = cart.partner_id
        values = {}
        if partner != self.env.ref("base.public_partner"):
            values = {
                "partner_id": partner.id,
                "address_type": "delivery",
                "name": partner.name,
                "email": partner.email,
            }
        self.assertIn("/shop/checkout", self.give_address(**values)["successUrl"])
        return cart

    def ticket_link(self, page):
        """The order page's *Download your e-tickets* link."""
        match = re.search(
            r'href="([^"]*/tickets\?[^"]*)"[^>]*>\s*<i[^>]*></i>\s*Download your e-tickets', page
        )
        return match and match.group(1).replace("&amp;", "&")

    def assertTicketsPdf(self, url, registrations):
        """``url`` answers the registrations' e-tickets as Odoo's PDF download (Odoo's tests render
        reports as HTML: the tickets' barcodes are checked in it)."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        for registration in registrations:
            self.assertIn(registration.barcode, response.text)

    def demo_params(self, order):
        return self.transaction_params(
            order, self.demo_provider(), self.env.ref("payment_demo.payment_method_demo")
        )

    def test_guest_pays_photo_and_tickets_and_downloads_the_e_tickets(self):
        order = self.photo_and_tickets_cart()
        self.assertEqual(self.checkout_and_pay(order)["state"], "done")
        self.assertEqual((order.state, order.studio_payment_state), ("sale", "paid"))
        self.assertEqual(
            order.order_line.filtered(lambda line: not line.is_delivery).product_id,
            self.product_print | self.ticket_product,
        )
        self.assertTickets(order, {"open": 2})
        self.assertEqual(self.seats_left(), 8)
        page = self.url_open(order.get_portal_url()).text
        link = self.ticket_link(page)
        self.assertTrue(link, "the order page has the e-tickets' link")
        self.assertIn("2 e-ticket(s) issued", page)
        self.assertTicketsPdf(link, order.order_line.registration_ids)

    def test_portal_parent_pays_and_finds_the_e_tickets_in_my_orders(self):
        self.login(self.customer_user)
        order = self.photo_and_tickets_cart(qty=1)
        self.checkout_and_pay(order)
        self.assertEqual(order.partner_id, self.customer_user.partner_id)
        self.assertTickets(order, {"open": 1})
        self.assertIn(order.name, self.url_open("/my/orders").text)
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertTicketsPdf(self.ticket_link(page), order.order_line.registration_ids)

    def test_bank_transfer_holds_the_seats_without_e_ticket(self):
        order = self.photo_and_tickets_cart()
        self.checkout_by_bank_transfer(order)
        self.assertEqual(order.studio_payment_state, "pending")
        self.assertNotEqual(order.state, "sale")
        self.assertTickets(order, {"draft": 2})
        self.assertEqual(self.seats_left(), 8, "the transfer holds the two seats")
        page = self.url_open(order.get_portal_url()).text
        self.assertIn("reserved until", page)
        self.assertNotIn("Download your e-tickets", page)
        self.assertEqual(
            self.url_open(order.get_portal_url(suffix="/tickets")).status_code,
            404,
            "no e-ticket to download",
        )
        # nor through Odoo's signed link to these registrations' tickets
        held = order.order_line.registration_ids
        query = url_encode(
            {
                "registration_ids": str(held.ids),
                "tickets_hash": self.show._get_tickets_access_hash(held.ids),
            }
        )
        response = self.url_open(f"/event/{self.show.id}/my_tickets?{query}")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("pdf", response.headers.get("Content-Type", ""))
        for registration in held:
            self.assertNotIn(registration.barcode, response.text)

    def test_payment_refused_when_the_seats_are_gone(self):
        order = self.photo_and_tickets_cart(qty=3)
        self.fill_seats(8)
        self.url_open("/shop/checkout")
        page = self.url_open("/shop/payment").text
        self.assertIn("Your tickets are no longer available as they are.", page)
        self.assertIn("only 2 seats are left for the Adult tickets for End-of-year show", page)
        self.assertNotIn('data-provider-code="demo"', page, "no payment form")
        message = self.rpc_error(f"/shop/payment/transaction/{order.id}", **self.demo_params(order))
        self.assertIn("only 2 seats are left for the Adult tickets", message)
        self.assertFalse(order.transaction_ids)
        self.assertTickets(order, {})

    def test_payment_counts_the_seats_of_all_the_event_tickets(self):
        """Two tickets of the show, each within the seats left, together beyond them."""
        child = self.env["event.event.ticket"].create(
            {"name": "Child", "event_id": self.show.id, "product_id": self.ticket_product.id}
        )
        order = self.photo_and_tickets_cart(qty=2)
        self.add_ticket_form(child, qty=2)
        self.fill_seats(7)
        message = self.rpc_error(f"/shop/payment/transaction/{order.id}", **self.demo_params(order))
        self.assertIn("only 3 seats are left for End-of-year show, your cart needs 4", message)
        self.ticket_lines(order).filtered(lambda line: line.event_ticket_id == child).unlink()
        self.assertEqual(self.checkout_and_pay(order)["state"], "done")
        self.assertTickets(order, {"open": 2})
        self.assertEqual(self.seats_left(), 1)

    def test_payment_refused_when_the_ticket_is_no_longer_on_sale(self):
        order = self.photo_and_tickets_cart(qty=1)
        self.show.website_published = False
        message = self.rpc_error(f"/shop/payment/transaction/{order.id}", **self.demo_params(order))
        self.assertIn("Tickets for End-of-year show are not on sale.", message)
        self.url_open("/shop/checkout")
        self.assertIn("not on sale", self.url_open("/shop/payment").text)
