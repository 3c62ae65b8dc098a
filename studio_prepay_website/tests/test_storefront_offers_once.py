from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.sale_loyalty.models.sale_order import SaleOrder as LoyaltySaleOrder

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestStorefrontOffersOnce(StudioWebsiteCase):
    """A change of the cart recomputes its offers once, after all its lines: not once per line
    added (the prepay shop's products, a print and the late fee it brings)."""

    def setUp(self):
        super().setUp()
        self.fee = self._product("Late fee", False, list_price=4.0)
        self.env["loyalty.program"].create(
            {
                "name": "Ten percent",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [Command.create({"minimum_qty": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )

    def counting_recomputations(self):
        original = LoyaltySaleOrder._update_programs_and_rewards
        return patch.object(
            LoyaltySaleOrder, "_update_programs_and_rewards", autospec=True, side_effect=original
        )

    def discount(self):
        return sum(self.cart().order_line.filtered("reward_id").mapped("price_subtotal"))

    def test_prepay_order_of_two_products_recomputes_the_offers_once(self):
        self.job.action_start_prepay()
        self.enter_code(self.job.global_code)
        with self.counting_recomputations() as recompute:
            self.post(
                f"/studio/job/{self.job.id}/order",
                {
                    "subject_code": self.ann.access_code,
                    f"qty_{self.product_print.id}": 2,
                    f"qty_{self.product_class.id}": 1,
                },
            )
        self.assertEqual(recompute.call_count, 1, "once for the two products, not once each")
        self.assertEqual(
            sorted(
                self.cart()
                .order_line.filtered("product_id.studio_photo_kind")
                .mapped("product_uom_qty")
            ),
            [1, 2],
        )
        self.assertAlmostEqual(self.discount(), -3.0, msg="10% of the three products of 10.00")

    def test_print_bringing_the_late_fee_recomputes_the_offers_once(self):
        self.start_selling()
        self.job.write(
            {"order_deadline": "2020-01-01 00:00:00", "late_fee_product_id": self.fee.id}
        )
        self.enter_code(self.ann.access_code)
        with self.counting_recomputations() as recompute:
            self.post(
                f"/studio/gallery/{self.ann.id}/add",
                {
                    "photo_id": self.ann_photos[0].id,
                    "product_id": self.product_print.id,
                    "quantity": 1,
                },
            )
        self.assertEqual(recompute.call_count, 1, "once for the print and its late fee")
        self.assertIn(self.fee, self.cart().order_line.product_id)
        self.assertAlmostEqual(
            self.discount(), -1.4, msg="10% of the print and of the late fee it brought"
        )
