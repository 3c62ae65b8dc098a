"""The show's tickets on the job's pages and in the website cart beside the photos, and every
route that changes the cart refused a ticket that is not on sale."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import WebsiteTicketCase


@tagged("post_install", "-at_install")
class TestStorefrontTickets(WebsiteTicketCase):
    def refused_json(self, **params):
        return self.rpc_error("/shop/cart/update_json", **params)

    def other_event(self, published=True, product=None):
        """Another event with a ticket of the show's product (or ``product``)."""
        begin = fields.Datetime.now() + timedelta(days=20)
        return self.env["event.event"].create(
            {
                "name": "Staff party",
                "date_begin": begin,
                "date_end": begin + timedelta(hours=2),
                "website_published": published,
                "event_ticket_ids": [
                    (0, 0, {"name": "Guest", "product_id": (product or self.ticket_product).id})
                ],
            }
        )

    # the job's pages

    def test_prepay_shop_and_gallery_offer_the_show_with_its_seats_left(self):
        self.enter_code(self.ann.access_code)
        page = self.url_open(f"/studio/job/{self.job.id}").text
        self.assertIn("End-of-year show", page)
        self.assertIn('action="/shop/cart/update"', page)
        self.assertIn(f'name="event_ticket_id" value="{self.adult.id}"', page)
        self.assertIn(f'name="product_id" value="{self.ticket_product.id}"', page)
        self.assertIn("12.00", page)
        self.assertIn("Only 10 seats left", page)
        self.show.seats_max = 50
        self.assertNotIn("seats left", self.url_open(f"/studio/job/{self.job.id}").text)
        self.fill_seats(48)
        self.assertIn("Only 2 seats left", self.url_open(f"/studio/job/{self.job.id}").text)
        self.fill_seats(2)
        page = self.url_open(f"/studio/job/{self.job.id}").text
        self.assertIn("Sold out", page)
        self.assertNotIn('action="/shop/cart/update"', page, "no form for a sold-out ticket")
        # the gallery once the job sells
        self.start_selling()
        self.show.seats_max = 100
        self.enter_code(self.ann.access_code)
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}").text
        self.assertIn(f'name="event_ticket_id" value="{self.adult.id}"', gallery)
        self.assertNotIn("seats left", gallery)

    def test_pages_offer_only_published_events_whose_sale_is_open(self):
        self.enter_code(self.ann.access_code)
        shop = f"/studio/job/{self.job.id}"
        self.show.website_published = False
        self.assertNotIn("End-of-year show", self.url_open(shop).text)
        self.show.website_published = True
        self.adult.end_sale_datetime = fields.Datetime.now() - timedelta(hours=1)
        self.assertNotIn("End-of-year show", self.url_open(shop).text)
        self.adult.end_sale_datetime = False
        self.job.event_ids = False
        self.assertNotIn("End-of-year show", self.url_open(shop).text)

    # the cart, beside the photos

    def test_guest_adds_tickets_next_to_a_photo_in_the_same_cart(self):
        cart = self.order_photo()
        self.assertRedirects(self.add_ticket_form(qty=2), "/shop/cart")
        self.assertEqual(self.cart(), cart, "the ticket joins the photos' cart")
        line = self.ticket_lines(cart)
        self.assertEqual(
            (line.event_id, line.event_ticket_id, line.product_uom_qty, line.price_unit),
            (self.show, self.adult, 2, 12.0),
        )
        result = self.update_json(
            product_id=self.ticket_product.id, event_ticket_id=self.adult.id, add_qty=1
        )
        self.assertEqual((result["quantity"], line.product_uom_qty), (3, 3))
        self.assertEqual(cart.order_line.product_id, self.product_print | self.ticket_product)
        self.assertEqual(cart._studio_cart_problems(), [])
        page = self.url_open("/shop/cart").text
        self.assertIn("Only 10 seats left", page)
        self.show.seats_max = 30
        self.assertNotIn("seats left", self.url_open("/shop/cart").text)
        self.fill_seats(30)
        self.assertIn(
            "Sold out: remove this ticket to pay your cart", self.url_open("/shop/cart").text
        )

    def test_tickets_first_then_the_photos_one_cart(self):
        self.assertRedirects(self.add_ticket_form(), "/shop/cart")
        cart = self.cart()
        self.assertFalse(cart.studio_job_id)
        self.assertEqual(self.order_photo(), cart, "the photos join the tickets' cart")
        self.assertEqual(cart.studio_job_id, self.job)
        self.assertEqual(len(cart.order_line), 2)

    def test_portal_parent_adds_a_ticket_and_a_photo(self):
        self.login(self.customer_user)
        cart = self.order_photo()
        self.update_json(
            product_id=self.ticket_product.id, event_ticket_id=self.adult.id, add_qty=1
        )
        self.assertEqual(cart.partner_id, self.customer_user.partner_id)
        self.assertEqual(self.ticket_lines(cart).product_uom_qty, 1)

    # refused, whatever the route

    def test_a_ticket_of_an_unpublished_event_is_refused(self):
        self.order_photo()
        hidden = self.other_event(published=False).event_ticket_ids
        message = self.refused_json(
            product_id=self.ticket_product.id, event_ticket_id=hidden.id, add_qty=1
        )
        self.assertIn("Tickets for Staff party are not on sale.", message)
        response = self.add_ticket_form(hidden)
        self.assertNotEqual(response.status_code, 303)
        self.assertFalse(self.ticket_lines(self.cart()))
        self.show.website_published = False
        self.assertIn(
            "not on sale",
            self.refused_json(
                product_id=self.ticket_product.id, event_ticket_id=self.adult.id, add_qty=1
            ),
        )
        self.assertFalse(self.ticket_lines(self.cart()))

    def test_another_ticket_on_a_line_or_with_another_product_is_refused(self):
        self.order_photo()
        self.add_ticket_form()
        line = self.ticket_lines(self.cart())
        other = self.other_event().event_ticket_ids
        message = self.refused_json(
            product_id=self.ticket_product.id,
            line_id=line.id,
            event_ticket_id=other.id,
            set_qty=5,
        )
        self.assertIn("does not match", message)
        self.assertEqual((line.product_uom_qty, line.event_ticket_id), (1, self.adult))
        parking = self.env["product.product"].create(
            {"name": "Parking", "type": "service", "service_tracking": "event", "list_price": 3.0}
        )
        parking_ticket = self.other_event(product=parking).event_ticket_ids
        message = self.refused_json(
            product_id=self.ticket_product.id, event_ticket_id=parking_ticket.id, add_qty=1
        )
        self.assertIn("does not match", message)
        # the ticket product without its ticket: Odoo's "cannot raise" on the ticket's line
        result = self.update_json(product_id=self.ticket_product.id, add_qty=1)
        self.assertIn("cannot raise", result["notification_info"]["warning"])
        self.assertEqual(self.ticket_lines(self.cart()), line)
        self.assertEqual(len(self.cart().order_line), 2)

    def test_the_line_stays_within_the_seats_left(self):
        self.order_photo()
        self.fill_seats(7)
        result = self.update_json(
            product_id=self.ticket_product.id, event_ticket_id=self.adult.id, add_qty=5
        )
        line = self.ticket_lines(self.cart())
        self.assertEqual((result["quantity"], line.product_uom_qty), (3, 3))
        self.assertIn("only 3 seats", result["notification_info"]["warning"])
        # the whole line counts, not only the seats added (Odoo's clamp)
        add = {"product_id": self.ticket_product.id, "event_ticket_id": self.adult.id}
        result = self.update_json(add_qty=2, **add)
        self.assertEqual((result["quantity"], line.product_uom_qty), (3, 3))
        self.assertIn("only 3 seats", result["notification_info"]["warning"])
        result = self.update_json(line_id=line.id, set_qty=9, **add)
        self.assertEqual(line.product_uom_qty, 3)
        # a ticket's own limit
        self.show.seats_max = 50
        child = self.env["event.event.ticket"].create(
            {
                "name": "Child",
                "event_id": self.show.id,
                "product_id": self.ticket_product.id,
                "seats_max": 2,
            }
        )
        result = self.update_json(
            product_id=self.ticket_product.id, event_ticket_id=child.id, add_qty=5
        )
        self.assertEqual(result["quantity"], 2)
        result = self.update_json(
            product_id=self.ticket_product.id, event_ticket_id=child.id, add_qty=1
        )
        self.assertEqual(result["quantity"], 2)
        self.assertIn(
            "only 2 seats are left for the Child tickets", result["notification_info"]["warning"]
        )
        self.assertEqual(self.ticket_lines(self.cart()).mapped("product_uom_qty"), [3, 2])

    def test_set_qty_cannot_raise_a_ticket_line(self):
        self.order_photo()
        self.add_ticket_form(qty=2)
        line = self.ticket_lines(self.cart())
        result = self.update_json(product_id=self.ticket_product.id, line_id=line.id, set_qty=8)
        self.assertEqual(line.product_uom_qty, 2)
        self.assertIn("cannot raise", result["notification_info"]["warning"])
        self.update_json(product_id=self.ticket_product.id, line_id=line.id, set_qty=1)
        self.assertEqual(line.product_uom_qty, 1, "lowering is allowed")

    def test_a_ticket_not_on_sale_is_refused(self):
        self.order_photo()
        self.add_ticket_form(qty=1)
        line = self.ticket_lines(self.cart())
        add = {"product_id": self.ticket_product.id, "event_ticket_id": self.adult.id}
        self.fill_seats(10)
        self.assertIn("are sold out", self.refused_json(add_qty=1, **add))
        self.assertIn("are sold out", self.refused_json(line_id=line.id, set_qty=3, **add))
        self.update_json(line_id=line.id, set_qty=0, **add)
        self.assertFalse(line.exists(), "a sold-out ticket's line can be removed")
        self.show.seats_max = 20
        self.adult.start_sale_datetime = fields.Datetime.now() + timedelta(days=1)
        self.assertIn("has not started yet", self.refused_json(add_qty=1, **add))
        self.adult.start_sale_datetime = False
        self.adult.end_sale_datetime = fields.Datetime.now() - timedelta(hours=1)
        self.assertIn("is over", self.refused_json(add_qty=1, **add))
        self.assertIn("is over", self.add_ticket_form().text)
        self.assertFalse(self.ticket_lines(self.cart()))
