import json
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from odoo.addons.payment_stripe_payout import const
from odoo.addons.payment_stripe_payout.tests.common import (
    STRIPE_HTTP,
    charge,
    refund,
    stripe_payout,
)

from ..controllers.stripe_webhook import LEGACY_WEBHOOK_ROUTE
from .common_stripe import StripePayoutCase


class TestStripePayoutJobs(StripePayoutCase):
    """The photo side of payment_stripe_payout: each payout line of an order's card payment or
    refund names the order and its photo job, and the order shows what Stripe kept on it."""

    def test_payout_lines_name_the_order_and_its_job(self):
        order_a, tx_a = self._card_paid_order(payment_intent="pi_a")
        order_b, tx_b = self._card_paid_order(payment_intent="pi_b")
        a, b = self.cents(order_a.amount_total), self.cents(order_b.amount_total)
        payout = self.stripe_http.add_payout(
            stripe_payout("po_two", a + b - 180 - 150),
            [
                charge("txn_a", "pi_a", a, fee=180, fee_tax=30),
                charge("txn_b", "pi_b", b, fee=150),
                charge("txn_u", "pi_not_odoo", 2000, fee=88),
            ],
        )
        payout["amount"] += 2000 - 88
        self.sync_as(self.accountant)
        lines = self.payout_of(payout).line_ids.sorted("stripe_id")
        self.assertRecordValues(
            lines,
            [
                {
                    "stripe_id": "txn_a",
                    "sale_order_id": order_a.id,
                    "job_id": self.job.id,
                    "transaction_id": tx_a.id,
                },
                {
                    "stripe_id": "txn_b",
                    "sale_order_id": order_b.id,
                    "job_id": self.job.id,
                    "transaction_id": tx_b.id,
                },
                {
                    "stripe_id": "txn_u",
                    "sale_order_id": False,
                    "job_id": False,
                    "transaction_id": False,
                },
            ],
        )
        self.assertEqual(order_a.with_user(self.accountant).studio_stripe_fee, 1.8)
        fees = (
            self.env["payment.stripe.payout.line"]
            .with_user(self.accountant)
            ._read_group([("job_id", "=", self.job.id)], ["job_id"], ["fee:sum"])
        )
        self.assertEqual(fees, [(self.job, 3.0)])

    def test_refund_line_names_the_order(self):
        order, tx = self._card_paid_order(qty=2)
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(1500)):
            wizard = (
                self.env["studio.refund.wizard"]
                .with_context(active_id=order.id)
                .create({"reason": "Too many"})
            )
            wizard.amount = 15.0
            wizard.action_refund()
        total = self.cents(order.amount_total)
        payout = self.stripe_http.add_payout(
            stripe_payout("po_refund", total - 200 - 1500),
            [
                charge("txn_c", "pi_studio_1", total, fee=200),
                refund("txn_r", "re_studio_1", "pi_studio_1", 1500),
            ],
        )
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        self.assertEqual(record.state, "reconciled")
        self.assertEqual(record.line_ids.mapped("sale_order_id"), order)
        self.assertEqual(record.line_ids.mapped("job_id"), self.job)


@tagged("post_install", "-at_install")
class TestLegacyPayoutWebhookRoute(HttpCase):
    """The Stripe endpoints made for the payout webhook before payment_stripe_payout keep
    working."""

    def test_legacy_and_new_routes_reach_the_payout_webhook(self):
        for route in (LEGACY_WEBHOOK_ROUTE, const.WEBHOOK_ROUTE):
            with self.assertLogs(
                "odoo.addons.payment_stripe_payout.controllers.main", "WARNING"
            ) as logs:
                response = self.url_open(
                    route,
                    data=json.dumps({"type": "payout.paid"}),
                    headers={"Content-Type": "application/json"},
                )
            self.assertEqual(
                (response.status_code, response.json()),
                (400, {"error": "invalid signature"}),
                route,
            )
            self.assertIn("Stripe payout webhook refused", logs.output[0])
