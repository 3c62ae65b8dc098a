from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _studio_few_seats_left(self):
        """For a ticket line of a cart: the seats left for its ticket when few are, else None."""
        self.ensure_one()
        ticket = self.sudo().event_ticket_id
        return ticket._studio_few_seats_left() if ticket else None

    def _studio_registered_seats(self):
        """The seats this ticket line's registrations already take: issued, or held for a bank
        transfer (a cart has none)."""
        self.ensure_one()
        return len(
            self.sudo().registration_ids.filtered(
                lambda reg: (
                    reg.state in ("open", "done")
                    or (reg.state == "draft" and reg.studio_reserved_until)
                )
            )
        )
