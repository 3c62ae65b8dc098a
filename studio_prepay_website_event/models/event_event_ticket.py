from odoo import _, models
from odoo.exceptions import UserError

# the storefront and the cart say how many seats are left when there are at most this many
FEW_SEATS = 10


class EventEventTicket(models.Model):
    _inherit = "event.event.ticket"

    def _studio_seats_left(self):
        """The seats left for this ticket, its own limit and its event's; None when unlimited."""
        self.ensure_one()
        limits = [
            record.seats_available for record in (self, self.event_id) if record.seats_limited
        ]
        return max(min(limits), 0) if limits else None

    def _studio_few_seats_left(self):
        """The seats left when few are (at most FEW_SEATS, none included), else None."""
        self.ensure_one()
        left = self._studio_seats_left()
        return left if left is not None and left <= FEW_SEATS else None

    def _studio_on_website(self):
        """Whether the storefront offers this ticket: its event is published and open, and its
        sale has started and is not over (sold out, it is shown as such)."""
        self.ensure_one()
        event = self.event_id
        return (
            event.website_published
            and not event.is_finished
            and self.is_launched
            and not self.is_expired
        )

    def _studio_sale_refusal(self, seats=1):
        """Why ``seats`` more seats of this ticket cannot be sold on the website now, or False: its
        event is not published or is over, its sale has not started or has ended, fewer seats are
        left."""
        self.ensure_one()
        event = self.event_id
        names = {"ticket": self.name, "event": event.name}
        if not event.website_published:
            return _("Tickets for %(event)s are not on sale.", **names)
        if not self.is_launched:
            return _(
                "The sale of the %(ticket)s tickets for %(event)s has not started yet.", **names
            )
        if self.is_expired or event.is_finished:
            return _("The sale of the %(ticket)s tickets for %(event)s is over.", **names)
        left = self._studio_seats_left()
        if left is not None and left < seats:
            if not left:
                return _("Sorry, the %(ticket)s tickets for %(event)s are sold out.", **names)
            return _(
                "Sorry, only %(left)s seats are left for the %(ticket)s tickets for %(event)s.",
                left=left,
                **names,
            )
        return False

    def _studio_check_sale(self):
        """Refuse (UserError, with the reason) to sell a seat of this ticket on the website now."""
        if refusal := self._studio_sale_refusal():
            raise UserError(refusal)
