from odoo import _

from odoo.addons.website_sale.controllers.main import WebsiteSale


class StudioWebsiteSaleTickets(WebsiteSale):
    def _get_shop_payment_errors(self, order):
        """The payment step says why a cart's tickets cannot be paid (no payment form then)."""
        errors = super()._get_shop_payment_errors(order)
        if order and (problems := order._studio_ticket_problems()):
            errors.append(
                (_("Your tickets are no longer available as they are."), " ".join(problems))
            )
        return errors
