from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _set_pending(self, state_message=None, extra_allowed_states=()):
        """A bank transfer announced for an order holds the order's seats until it lapses."""
        pending = super()._set_pending(
            state_message=state_message, extra_allowed_states=extra_allowed_states
        )
        pending.filtered(lambda tx: tx.operation != "refund").sale_order_ids.filtered(
            lambda order: order.state in ("draft", "sent")
        )._studio_hold_seats()
        return pending
