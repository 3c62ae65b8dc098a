from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _studio_few_seats_left(self):
        """For a ticket line of a cart: the seats left for its ticket when few are, else None."""
        self.ensure_one()
        ticket = self.sudo().event_ticket_id
        return ticket._studio_few_seats_left() if ticket else None
