from odoo import fields, models


class StudioAddProductsWizard(models.TransientModel):
    _name = "studio.add.products.wizard"
    _description = "Add products to an order"

    order_id = fields.Many2one(
        "sale.order", required=True, default=lambda self: self.env.context.get("active_id")
    )
    line_ids = fields.One2many("studio.add.products.line", "wizard_id", string="Products")
    notify = fields.Boolean(string="Send the customer a payment link", default=True)

    def action_add(self):
        self.ensure_one()
        self.order_id._studio_add_products(
            [line._prepare_order_line_values() for line in self.line_ids], self.notify
        )
        return {"type": "ir.actions.act_window_close"}
