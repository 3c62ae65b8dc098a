from odoo import api, fields, models


class StudioRefundWizard(models.TransientModel):
    _inherit = "studio.refund.wizard"

    registration_ids = fields.Many2many(
        "event.registration",
        string="Cancel these tickets",
        domain="[('sale_order_id', '=', order_id), ('state', '!=', 'cancel')]",
        help="A partial refund of tickets cancels the tickets chosen here (their seats go back on "
        "sale); a full refund cancels every ticket of the order.",
    )

    order_has_tickets = fields.Boolean(compute="_compute_order_has_tickets")

    @api.depends("order_id")
    def _compute_order_has_tickets(self):
        for wizard in self:
            wizard.order_has_tickets = bool(wizard.order_id._studio_ticket_lines())

    @api.depends("registration_ids")
    def _compute_amount(self):
        """Refunding tickets proposes what they cost."""
        super()._compute_amount()
        for wizard in self.filtered("registration_ids"):
            price = sum(
                reg.sale_order_line_id.price_total / reg.sale_order_line_id.product_uom_qty
                for reg in wizard.registration_ids
            )
            wizard.amount = min(price, wizard.refundable)

    def action_refund(self):
        result = super().action_refund()
        if self.registration_ids and not self.order_id.studio_refund_error:
            self.registration_ids._studio_cancel(self.reason)
        return result
