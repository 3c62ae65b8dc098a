from odoo import api, models


class EventEventTicket(models.Model):
    _inherit = "event.event.ticket"

    @api.depends("registration_ids.studio_reserved_until")
    def _compute_seats(self):
        """Seats held for a bank transfer are taken (see event.event)."""
        super()._compute_seats()
        self.env["event.registration"]._studio_add_held_seats(self, "event_ticket_id")
