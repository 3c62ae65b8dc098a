from odoo import fields, models


class StudioAddProductsLine(models.TransientModel):
    _name = "studio.add.products.line"
    _description = "Product to add to an order"

    wizard_id = fields.Many2one("studio.add.products.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product", required=True, domain="[('sale_ok', '=', True)]"
    )
    quantity = fields.Float(default=1.0, required=True)

    def _prepare_order_line_values(self):
        """The values of the order line this line adds."""
        self.ensure_one()
        return {"product_id": self.product_id.id, "product_uom_qty": self.quantity}
