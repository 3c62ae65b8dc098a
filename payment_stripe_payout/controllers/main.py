import logging

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .. import const

_logger = logging.getLogger(__name__)


class StripePayoutWebhook(http.Controller):
    """The payout events of Stripe: a payout was paid, or Stripe finished itemising it. Only a call
    signed with the signing secret of a Stripe account's payout endpoint is trusted."""

    @http.route(
        const.WEBHOOK_ROUTE,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def stripe_payout_webhook(self):
        try:
            provider_sudo, event = (
                request.env["payment.provider"]
                .sudo()
                ._stripe_payout_verify_event(
                    request.httprequest.get_data(),
                    request.httprequest.headers.get(const.SIGNATURE_HEADER),
                )
            )
        except ValidationError as error:
            _logger.warning(
                "Stripe payout webhook refused (from %s): %s",
                request.httprequest.remote_addr,
                error.args[0],
            )
            return request.make_json_response({"error": "invalid signature"}, status=400)
        if event.type in const.WEBHOOK_EVENTS:
            try:
                provider_sudo._stripe_payout_import([event.data.object.to_dict()])
            except (
                UserError
            ) as error:  # e.g. another import holds the account: Stripe sends the event again
                _logger.warning(
                    "Stripe payout event %s not imported, Stripe will send it again: %s",
                    event.id,
                    error.args[0],
                )
                return request.make_json_response({"error": error.args[0]}, status=503)
        return request.make_json_response({"received": True})
