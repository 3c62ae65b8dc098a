from odoo import _, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def button_draft(self):
        """A Stripe payout's entry stays as the payout booked it: its payments are reconciled with
        it and the payout tracks it (*Book again* on the payout re-reads Stripe)."""
        payouts_sudo = (
            self.env["payment.stripe.payout"].sudo().search([("move_id", "in", self.ids)])
        )
        if payouts_sudo:
            raise UserError(
                _(
                    "%(entries)s books the Stripe payout %(payouts)s: it cannot be reset to draft.",
                    entries=", ".join(payouts_sudo.move_id.mapped("name")),
                    payouts=", ".join(payouts_sudo.mapped("stripe_id")),
                )
            )
        return super().button_draft()
