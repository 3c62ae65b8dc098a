from collections import defaultdict

from odoo import _, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === WEBSITE CART === #

    def _cart_update(self, product_id, line_id=None, add_qty=0, set_qty=0, **kwargs):
        """The add-to-cart form of a ticket posts its ticket as text: the cart's hooks (Odoo's
        and ours) get its id as a number. A ticket of an unpublished event is refused with that
        reason (Odoo would answer that the product does not exist)."""
        if kwargs.get("event_ticket_id"):
            try:
                kwargs["event_ticket_id"] = int(kwargs["event_ticket_id"])
            except (TypeError, ValueError) as error:
                raise UserError(_("The provided ticket doesn't exist")) from error
            ticket = self.env["event.event.ticket"].browse(kwargs["event_ticket_id"]).exists()
            if ticket and add_qty and not ticket.event_id.website_published:
                ticket._studio_check_sale()
        return super()._cart_update(
            product_id, line_id=line_id, add_qty=add_qty, set_qty=set_qty, **kwargs
        )

    def _verify_updated_quantity(
        self, order_line, product_id, new_qty, event_ticket_id=False, **kwargs
    ):
        """Whatever route changes the cart, a ticket line grows only while its ticket is on sale
        (event published and not over, sale started and not ended, seats left), only with its own
        ticket, and never beyond the seats left for its ticket and its event (the whole line:
        Odoo's own clamp counts only the seats added)."""
        ticket = order_line.event_ticket_id
        if event_ticket_id:
            asked = self.env["event.event.ticket"].browse(event_ticket_id).exists()
            if not asked or asked.product_id.id != product_id or (ticket and ticket != asked):
                raise UserError(
                    _("This ticket does not match the product or the line of the cart.")
                )
            ticket = asked
        if ticket and new_qty > order_line.product_uom_qty:
            ticket._studio_check_sale()
        new_qty, warning = super()._verify_updated_quantity(
            order_line, product_id, new_qty, event_ticket_id=event_ticket_id, **kwargs
        )
        existing = order_line.product_uom_qty
        if event_ticket_id and new_qty > existing:
            # the whole line, not only what is added (Odoo's clamp): a cart has no registration
            taken = order_line._studio_registered_seats() if order_line else 0
            left = ticket._studio_seats_left()
            if left is not None and new_qty - taken > left:
                new_qty = max(existing, taken + left)
                warning = self.shop_warning = _(
                    "Sorry, only %(left)s seats are left for the %(ticket)s tickets for %(event)s.",
                    left=left,
                    ticket=ticket.name,
                    event=ticket.event_id.name,
                )
        return new_qty, warning

    # === PAYMENT === #

    def _check_cart_is_ready_to_be_paid(self):
        """A cart is paid only when its tickets are still on sale with their seats left: see
        :meth:`_studio_ticket_problems`."""
        if problems := self._studio_ticket_problems():
            raise ValidationError(
                _(
                    "Your cart cannot be paid as it is: %(problems)s Open your cart again and "
                    "change its tickets.",
                    problems=" ".join(problems),
                )
            )
        return super()._check_cart_is_ready_to_be_paid()

    def _studio_ticket_problems(self):
        """Why the ticket lines of this order cannot be paid: a ticket no longer on sale, or more
        seats needed than are left, per ticket and per event. A line needs the seats its
        registrations do not already take (a cart has none; seats held for a transfer are taken)."""
        self.ensure_one()
        per_ticket, per_event = defaultdict(int), defaultdict(int)
        for line in (
            self.sudo()._studio_ticket_lines().filtered(lambda line: line.state != "cancel")
        ):
            needed = int(line.product_uom_qty) - line._studio_registered_seats()
            if needed > 0:
                per_ticket[line.event_ticket_id] += needed
                per_event[line.event_id] += needed
        refusals = {
            ticket: ticket._studio_sale_refusal(seats) for ticket, seats in per_ticket.items()
        }
        problems = [refusal for refusal in refusals.values() if refusal]
        refused_events = {ticket.event_id for ticket, refusal in refusals.items() if refusal}
        problems += [
            _(
                "Sorry, only %(left)s seats are left for %(event)s, your cart needs %(seats)s.",
                left=max(event.seats_available, 0),
                event=event.name,
                seats=seats,
            )
            for event, seats in per_event.items()
            if event not in refused_events and event.seats_limited and event.seats_available < seats
        ]
        return problems
