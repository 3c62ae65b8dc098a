from odoo import api, fields, models


class EventEvent(models.Model):
    _inherit = "event.event"

    studio_transfer_hold_days = fields.Integer(
        string="Seats held for bank transfers (days)",
        default=7,
        help="An order paid by bank transfer holds its seats this many days; then, unpaid, it is "
        "cancelled and its seats go back on sale (its customer is reminded the day before).",
    )

    _sql_constraints = [
        (
            "studio_transfer_hold_days_positive",
            "CHECK(studio_transfer_hold_days > 0)",
            "Seats are held for bank transfers at least one day.",
        ),
    ]

    @api.depends("registration_ids.studio_reserved_until")
    def _compute_seats(self):
        """Seats held for a bank transfer (unconfirmed registrations reserved until a date) are
        taken, as Odoo's reserved seats are."""
        super()._compute_seats()
        self.env["event.registration"]._studio_add_held_seats(self, "event_id")
