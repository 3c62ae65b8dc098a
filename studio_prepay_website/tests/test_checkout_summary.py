import re

from odoo import Command
from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestCheckoutSummary(StudioWebsiteCase):
    """The checkout's summary of a job's cart says what the total counts: a free-shipping offer
    makes the *Delivery* row free (with the offer's name) rather than a delivery price beside a
    separate free-shipping line, and a discount is named after its offer (issue 24, point 6)."""

    def setUp(self):
        super().setUp()
        self.env["loyalty.program"].create(
            {
                "name": "Free delivery from 40.00",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [
                    Command.create(
                        {"minimum_amount": 40, "product_ids": [Command.set(self.product_print.ids)]}
                    )
                ],
                "reward_ids": [Command.create({"reward_type": "shipping"})],
            }
        )
        self.discount_on_the_order("Picture day offer", 10)
        self.job.delivery_mode = "direct"  # home delivery, at a price
        self.job.action_start_prepay()
        self.start_selling()
        self.enter_code(self.ann.access_code)

    def discount_on_the_order(self, name, percent):
        """An offer of the studio: ``percent`` off the whole order with a print in the cart."""
        self.env["loyalty.program"].create(
            {
                "name": name,
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [
                    Command.create({"product_ids": [Command.set(self.product_print.ids)]})
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": percent,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )

    def summary(self, quantity):
        self.post(
            f"/studio/gallery/{self.ann.id}/add",
            {
                "photo_id": self.ann_photos[0].id,
                "product_id": self.product_print.id,
                "quantity": quantity,
            },
        )
        self.give_address(
            street="1 Main St",
            city="Springfield",
            zip="12345",
            state_id=self.env.ref("base.state_us_5").id,
        )
        self.url_open("/shop/checkout")
        page = self.url_open("/shop/payment").text
        return self.cart(), page

    def delivery_row(self, page):
        match = re.search(r'<tr[^>]*id="order_delivery".*?</tr>', page, re.S)
        self.assertTrue(match, "the summary has a Delivery row")
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))

    def test_free_delivery_is_said_on_the_delivery_row_and_discounts_carry_their_offer(self):
        order, page = self.summary(1)
        self.assertFalse(
            order._get_free_shipping_lines(), "one print: under the free delivery's minimum"
        )
        self.assertEqual(order.amount_delivery, 6.0, "a paid delivery stays as it is")
        self.assertNotIn("Free:", self.delivery_row(page))

        order, page = self.summary(4)
        self.assertTrue(order._get_free_shipping_lines(), "five prints: the offer applies")
        self.assertEqual(order.amount_delivery, 0.0, "the delivery the total counts")
        row = self.delivery_row(page)
        self.assertIn("Free: Free delivery from 40.00", row)
        self.assertIn("0.00", row)
        self.assertNotIn("Free Shipping", page, "no separate free-shipping line")
        self.assertIn(
            "Picture day offer: 10% on your order",
            page,
            "the discount line carries its offer's name",
        )
        # what the summary lists and its Delivery row add up to the total
        field = (
            "price_subtotal"
            if order.website_id.show_line_subtotals_tax_selection == "tax_excluded"
            else "price_total"
        )
        total = order.amount_untaxed if field == "price_subtotal" else order.amount_total
        self.assertAlmostEqual(
            sum(order.website_order_line.mapped(field)) + order.amount_delivery, total
        )

    def test_the_summary_says_when_two_discounts_on_the_order_do_not_add_up(self):
        order, page = self.summary(1)
        self.assertNotIn("studio_offers_not_added", page, "one discount: nothing to explain")
        self.discount_on_the_order("Early bird", 5)
        order, page = self.summary(1)
        discounts = order.order_line.filtered("reward_id")
        self.assertEqual(
            discounts.reward_id.program_id.mapped("name"),
            ["Picture day offer"],
            "Odoo applies the best discount on the order, not both",
        )
        match = re.search(r'<tr[^>]*id="studio_offers_not_added".*?</tr>', page, re.S)
        self.assertTrue(match, "the summary explains it")
        note = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))
        self.assertIn("Discounts on the whole order do not add up: Picture day offer applies", note)
        self.assertIn("instead of Early bird", note)
        self.assertIn(
            "studio_offers_not_added", self.url_open("/shop/cart").text, "the cart says it too"
        )
