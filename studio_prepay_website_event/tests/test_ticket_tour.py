"""A parent on a phone buys a print and a show ticket in one cart and finds the e-ticket on the
order page (static/tests/tours/studio_event_tour.js)."""

from PIL import Image

from odoo.tests import tagged

from odoo.addons.studio_prepay_website.tests.common_tour import PhoneTourMixin, phone_browser

from .common import WebsiteTicketCase

SHOTS = ["11-shop-tickets", "12-cart-photo-ticket", "13-order-e-tickets"]


@tagged("post_install", "-at_install")
class TestTicketTour(PhoneTourMixin, WebsiteTicketCase):
    """With STUDIO_SCREENSHOTS set (``bin/harness screenshots``), the tour saves its screenshots."""

    def test_tour_a_print_and_a_show_ticket_in_one_cart_then_the_e_ticket_on_a_phone(self):
        taken = []
        with phone_browser(taken) as directory:
            self.start_tour(
                f"/studio/code?code={self.ann.access_code}",
                "studio_prepay_event_tour",
                login=self.customer_user.login,
            )
        self.assertEqual(taken, SHOTS, "the tour went through every screenshot step")
        for name in SHOTS if directory else ():
            with Image.open(directory / f"{name}.png") as image:
                self.assertEqual(image.size, (390, 844), f"{name}.png: a phone's screen")
        order = self.env["sale.order"].search([("studio_job_id", "=", self.job.id)])
        self.assertEqual(len(order), 1, "one order for the print and the ticket")
        self.assertEqual(
            (order.partner_id, order.state, order.studio_payment_state),
            (self.customer_user.partner_id, "sale", "paid"),
        )
        photo_line = order.order_line.filtered(lambda line: line.product_id == self.product_print)
        ticket_line = order.order_line.filtered("event_ticket_id")
        self.assertEqual((photo_line.product_uom_qty, photo_line._studio_subject()), (1, self.ann))
        self.assertEqual(
            (ticket_line.event_ticket_id, ticket_line.product_uom_qty), (self.adult, 1)
        )
        self.assertEqual(ticket_line.registration_ids.mapped("state"), ["open"])
        self.assertEqual(self.seats_left(), 9)
