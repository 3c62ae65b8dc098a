from odoo import _, models
from odoo.exceptions import UserError


class PaymentRefundWizard(models.TransientModel):
    _inherit = "payment.refund.wizard"

    def action_refund(self):
        """A photo order is refunded with *Refund & restock*, never by its card payment alone."""
        if orders := self.payment_id._studio_orders():
            raise UserError(
                _(
                    "%(orders)s: refund photo orders with Refund & restock on the order "
                    "(it restocks, "
                    "tells the lab and the customer, and makes the credit note).",
                    orders=", ".join(orders.mapped("name")),
                )
            )
        return super().action_refund()
