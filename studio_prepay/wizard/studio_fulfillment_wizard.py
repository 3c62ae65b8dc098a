from odoo import fields, models

from ..const import FULFILLMENT_STATES


class StudioFulfillmentWizard(models.TransientModel):
    _name = "studio.fulfillment.wizard"
    _description = "Change the fulfillment state of orders"

    order_ids = fields.Many2many(
        "sale.order", required=True, default=lambda self: self.env.context.get("active_ids")
    )
    state = fields.Selection(FULFILLMENT_STATES, string="New state", required=True)
    note = fields.Html(
        string="Notes", help="Shown to the customer on the order page and in the e-mail."
    )
    notify = fields.Boolean(string="E-mail the customer", default=True)

    def action_apply(self):
        self.ensure_one()
        self.order_ids._studio_set_fulfillment(self.state, self.note, self.notify)
        return True
