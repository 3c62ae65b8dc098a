from odoo import _, api, fields, models
from odoo.exceptions import UserError


class StudioAddProductsLine(models.TransientModel):
    _inherit = "studio.add.products.line"

    product_is_ticket = fields.Boolean(compute="_compute_product_is_ticket")
    event_ticket_id = fields.Many2one(
        "event.event.ticket",
        string="Ticket",
        compute="_compute_event_ticket_id",
        store=True,
        readonly=False,
        domain="[('product_id', '=', product_id)]",
    )

    @api.depends("product_id")
    def _compute_product_is_ticket(self):
        for line in self:
            line.product_is_ticket = line.product_id.service_tracking == "event"

    @api.depends("product_id")
    def _compute_event_ticket_id(self):
        for line in self:
            on_sale = line.product_id.event_ticket_ids.filtered("sale_available")
            if line.event_ticket_id.product_id != line.product_id:
                line.event_ticket_id = len(on_sale) == 1 and on_sale

    def _prepare_order_line_values(self):
        """A ticket product is added as a ticket of an event."""
        values = super()._prepare_order_line_values()
        if self.product_is_ticket:
            if not self.event_ticket_id:
                raise UserError(_("Choose which ticket of %s to add.", self.product_id.name))
            if not self.event_ticket_id.sale_available:
                raise UserError(
                    _("%s is not on sale (sold out, or its sale ended).", self.event_ticket_id.name)
                )
            values.update(
                event_id=self.event_ticket_id.event_id.id,
                event_ticket_id=self.event_ticket_id.id,
            )
        return values
