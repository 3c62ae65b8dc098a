from odoo import http

from odoo.addons.payment_stripe_payout import const
from odoo.addons.payment_stripe_payout.controllers.main import StripePayoutWebhook

# The address of the payout webhook before payment_stripe_payout took the payouts over: the Stripe
# endpoints made for it keep working.
LEGACY_WEBHOOK_ROUTE = "/studio_prepay/stripe/webhook"


class StudioStripePayoutWebhook(StripePayoutWebhook):
    @http.route(
        [const.WEBHOOK_ROUTE, LEGACY_WEBHOOK_ROUTE],
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def stripe_payout_webhook(self):
        return super().stripe_payout_webhook()
