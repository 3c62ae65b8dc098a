from odoo import models

from odoo.addons.studio_prepay.tools.locking import touch_lock


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _init_registrations(self):
        """Odoo's registrations of the ticket lines (at confirmation), taken one buyer at a time."""
        self.filtered("event_ticket_id")._studio_lock_seats()
        return super()._init_registrations()

    def _studio_lock_seats(self):
        """Buyers of the same tickets wait for each other (then Odoo retries the later one with the
        seats the first one took): the last seats are never sold twice."""
        touch_lock(self.event_ticket_id.sudo())
        touch_lock(self.event_id.sudo())

    def _studio_check_seats(self):
        """Refuse (ValidationError) when the lines' tickets or events have fewer seats than
        taken."""
        self.env.flush_all()
        self.event_ticket_id.sudo()._check_seats_availability()
        self.event_id.sudo()._check_seats_availability()
