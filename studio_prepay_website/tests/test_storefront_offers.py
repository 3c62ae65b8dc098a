from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestStorefrontOffers(StudioWebsiteCase):
    """Offers are Odoo promotion programs on the website cart; "one per child" products."""

    def setUp(self):
        super().setUp()
        self.start_selling()
        self.enter_code(self.ann.access_code)

    def program(self, name, discount, **rule):
        return self.env["loyalty.program"].create(
            {
                "name": name,
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [
                    Command.create(
                        dict({"product_ids": [Command.set(self.product_print.ids)]}, **rule)
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": discount,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )

    def add(self, subject, photo, product=None):
        return self.post(
            f"/studio/gallery/{subject.id}/add",
            {"photo_id": photo.id, "product_id": (product or self.product_print).id, "quantity": 1},
        )

    def discounts(self):
        return self.cart().order_line.filtered("reward_id")

    def test_sibling_discount_needs_two_children_in_the_cart(self):
        sibling = self.program("Siblings", 10, studio_min_subjects=2)
        self.add(self.ann, self.ann_photos[0])
        self.add(self.ann, self.ann_photos[1])
        self.assertFalse(self.discounts(), "two photos of one child are no siblings")
        self.enter_code(self.bob.access_code)
        self.add(self.bob, self.bob_photos)
        self.assertEqual(self.discounts().reward_id.program_id, sibling)
        self.assertAlmostEqual(
            sum(self.discounts().mapped("price_subtotal")), -3.0, msg="10% of three prints of 10.00"
        )
        self.assertIn("10% on your order", self.url_open("/shop/cart").text)

    def test_early_bird_applies_until_its_date(self):
        early = self.program("Early bird", 5, studio_min_subjects=0)
        early.date_to = fields.Date.today() + timedelta(days=3)
        self.add(self.ann, self.ann_photos[0])
        self.assertEqual(self.discounts().reward_id.program_id, early)
        self.cart().order_line.unlink()
        with freeze_time(fields.Date.today() + timedelta(days=4)):
            self.add(self.ann, self.ann_photos[1])
            self.assertFalse(self.discounts(), "no early bird after its date")

    def test_one_per_child_product_is_refused_in_the_cart(self):
        self.product_print.studio_one_per_subject = True
        self.assertRedirects(self.add(self.ann, self.ann_photos[0]), "?added=1")
        refused = self.add(self.ann, self.ann_photos[1])
        self.assertRedirects(refused, "/shop/cart")
        self.assertEqual(
            len(
                self.cart().order_line.filtered(lambda line: line.product_id == self.product_print)
            ),
            1,
        )
        self.assertIn("one per child only", self.url_open("/shop/cart").text)
        self.enter_code(self.bob.access_code)
        self.assertRedirects(self.add(self.bob, self.bob_photos), "?added=1")
        line = self.cart().order_line.filtered(
            lambda line: line.studio_photo_id == self.ann_photos[0]
        )
        response = self.make_jsonrpc_request(
            "/shop/cart/update_json",
            {"line_id": line.id, "product_id": self.product_print.id, "set_qty": 2},
        )
        self.assertEqual(line.product_uom_qty, 1)
        self.assertIn("one per child only", response["notification_info"]["warning"])
