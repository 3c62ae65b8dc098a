from odoo import _, fields, models

from ..tools.notification import CLOSE, notification


class StudioDeleteRestockWizard(models.TransientModel):
    _name = "studio.delete.restock.wizard"
    _description = "Delete unpaid orders and restock"

    order_ids = fields.Many2many(
        "sale.order", required=True, default=lambda self: self.env.context.get("active_ids")
    )
    reason = fields.Char(required=True, help="Kept on the cancelled order, which stays findable.")

    def action_delete_restock(self):
        self.ensure_one()
        self.order_ids._studio_delete_and_restock(self.reason)
        return notification(
            _(
                "%(count)s orders deleted and restocked: %(orders)s.",
                count=len(self.order_ids),
                orders=", ".join(self.order_ids.mapped("name")),
            ),
            CLOSE,
        )
