"""Stripe payouts of photo orders: the studio's orders paid by card (test_refund.StripeCase) with
the fake of Stripe's API and the users of payment_stripe_payout's tests."""

from odoo.tests import new_test_user

from odoo.addons.payment_stripe_payout.tests.common import StripeProviderMixin

from .common_money import StripeCase


class StripePayoutCase(StripeProviderMixin, StripeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_payout_users()
        cls.salesman = new_test_user(
            cls.env, "stripe_salesman", groups="sales_team.group_sale_salesman"
        )
