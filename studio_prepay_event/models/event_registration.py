from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime


class EventRegistration(models.Model):
    _inherit = "event.registration"

    studio_reserved_until = fields.Datetime(
        string="Reserved until",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="An unconfirmed registration of an order waiting for its bank transfer holds its seat "
        "until then; unpaid, it is cancelled and the seat goes back on sale.",
    )
    studio_cancel_reason = fields.Char(
        string="Cancelled because",
        readonly=True,
        copy=False,
        help="Told at the door when the ticket is scanned.",
    )

    # === COMPUTE METHODS === #

    @api.depends("sale_order_id.studio_payment_state")
    def _compute_registration_status(self):
        """E-tickets only when paid: a registration of an order that is confirmed but not paid (a
        quotation confirmed by hand, tickets added after the payment) stays unconfirmed until the
        order is paid; tickets already issued stay valid."""
        issued = self.filtered(lambda reg: reg.state in ("open", "done"))
        super()._compute_registration_status()
        for registration in self - issued:
            if (
                registration.state == "open"
                and registration.sale_status == "sold"
                and not registration.sale_order_id._studio_tickets_paid()
            ):
                registration.state = "draft"
                registration.sale_status = "to_pay"

    @api.model
    def _studio_add_held_seats(self, records, field_name):
        """Count the seats held for bank transfers in the seats of ``records`` (events or
        tickets), ``field_name`` being the registration's field that points to them."""
        if not records._origin:
            return
        held = dict(
            self.sudo()._read_group(
                [
                    (field_name, "in", records._origin.ids),
                    ("state", "=", "draft"),
                    ("studio_reserved_until", "!=", False),
                ],
                [field_name],
                ["__count"],
            )
        )
        for record in records:
            count = held.get(record._origin, 0)
            if count:
                record.seats_reserved += count
                record.seats_taken += count
                if record.seats_max > 0:
                    record.seats_available -= count

    # === BUSINESS METHODS === #

    def _studio_ticket_issued(self):
        """Whether the customer may hold this registration's e-ticket: registrations sold on an
        order are issued once confirmed (paid, or free); others are Odoo's."""
        self.ensure_one()
        return not self.sale_order_id or self.state in ("open", "done")

    def _studio_check_tickets_issued(self):
        """Refuse to print the e-ticket (its barcode opens the door) of an unpaid registration."""
        unissued = self.filtered(lambda reg: not reg._studio_ticket_issued())
        if unissued:
            raise UserError(
                _(
                    "No e-ticket for %s: it is issued when the order is paid.",
                    ", ".join(unissued.mapped("display_name")),
                )
            )

    def _studio_cancel(self, reason):
        """Cancel these registrations (their seats go back on sale), with the reason told at the
        door."""
        self.sudo().write({"state": "cancel", "studio_cancel_reason": reason})

    def _studio_door_refusal(self):
        """Why the door refuses this ticket, or False."""
        self.ensure_one()
        order = self.sudo().sale_order_id
        if self.state == "cancel":
            reason = (
                self.studio_cancel_reason
                or order.studio_cancel_reason
                or (order.state == "cancel" and _("order %s cancelled", order.name))
                or _("cancelled")
            )
            return _("Cancelled: %s", reason)
        if self.state == "draft" and order and self.sale_status == "to_pay":
            return _("Not paid: order %s has not been paid.", order.name)
        return False

    @api.model
    def register_attendee(self, barcode, event_id):
        """Odoo's registration desk, with the studio's answers: an unpaid ticket is refused (Odoo
        would check it in as unconfirmed), a cancelled or refunded one says why, a second scan
        says when it was checked in."""
        attendee = self.search([("barcode", "=", barcode)], limit=1)
        refusal = attendee and attendee._studio_door_refusal()
        if refusal:
            result = attendee._get_registration_summary()
            result.update(
                status="canceled_registration" if attendee.state == "cancel" else "studio_unpaid",
                studio_refusal=refusal,
            )
            return result
        result = super().register_attendee(barcode, event_id)
        if result.get("status") == "already_registered":
            result["studio_refusal"] = _(
                "Already checked in on %s.",
                format_datetime(self.env, attendee.date_closed, dt_format="medium"),
            )
        return result
