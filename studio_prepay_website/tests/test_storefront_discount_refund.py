import re

from odoo.tools import html2plaintext

from odoo.addons.studio_prepay.tests.common_money import StripeCase


class TestRefundOfADiscountedOrder(StripeCase):
    def test_the_refund_email_adds_up_when_the_cancelled_order_loses_its_discount(self):
        """Odoo drops an order's promotion lines when it is cancelled: the e-mail speaks of what was
        paid."""
        program = self.env["loyalty.program"].create(
            {
                "name": "Early bird",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [(0, 0, {"product_ids": [(6, 0, self.frame.ids)]})],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        },
                    )
                ],
            }
        )
        order = self.prepay_order(self.subjects[0], products=self.frame, confirm=False)
        order._update_programs_and_rewards()
        order._apply_program_reward(program.reward_ids, order.coupon_point_ids.coupon_id)
        self.assertTrue(order.order_line.filtered("reward_id"))
        order.action_confirm()
        self._bank_transfer(order)
        self._mark_paid(order, notify=False)
        paid = order.amount_total
        self.assertAlmostEqual(order.studio_amount_received, paid)
        self._refund(order, manual=True)
        self.assertAlmostEqual(
            order.studio_amount_received, paid, msg=f"total now {order.amount_total}"
        )
        self.assertEqual(order.state, "cancel")
        body = (
            self.env["mail.mail"]
            .search(
                [("model", "=", "sale.order"), ("res_id", "=", order.id)], order="id desc", limit=1
            )
            .body_html
        )
        text = html2plaintext(body)
        sentence = text[text.index("We refunded") : text.index("statement")]
        self.assertEqual(re.findall(r"\d+\.\d{2}", sentence), [f"{paid:.2f}"] * 2, sentence)
