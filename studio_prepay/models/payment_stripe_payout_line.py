from odoo import fields, models


class PaymentStripePayoutLine(models.Model):
    _inherit = "payment.stripe.payout.line"

    sale_order_id = fields.Many2one(
        "sale.order", string="Order", readonly=True, index="btree_not_null"
    )
    job_id = fields.Many2one(related="sale_order_id.studio_job_id", store=True, string="Photo job")

    # === BUSINESS METHODS === #

    def _match(self, kind, odoo_tx, amount, currency):
        """The line of a card payment or refund of an order also names the order (and so its
        job)."""
        vals = super()._match(kind, odoo_tx, amount, currency)
        if odoo_tx:
            vals["sale_order_id"] = (
                odoo_tx.sale_order_ids or odoo_tx.source_transaction_id.sale_order_ids
            )[:1].id
        return vals
