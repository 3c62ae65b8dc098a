from odoo.http import request

from odoo.addons.studio_prepay_website.controllers.studio_shop import StudioShop


class StudioShopTickets(StudioShop):
    """The job's pages (prepay shop, proof gallery) offer the tickets of its events; their forms
    post to Odoo's ``/shop/cart/update``, into the same website cart as the photos."""

    def _shop_values(self, job_sudo, products_sudo):
        values = super()._shop_values(job_sudo, products_sudo)
        values["studio_tickets"] = job_sudo._studio_website_tickets()
        return values

    def _cart(self, job_sudo, subject_sudo):
        """A cart that holds only tickets of the job's events (bought before the photos) is the
        job's cart: the photos join the tickets instead of starting another cart."""
        cart_sudo = request.website.sale_get_order()
        if (
            cart_sudo
            and not cart_sudo.studio_job_id
            and cart_sudo.order_line
            and cart_sudo.order_line.event_id <= job_sudo.event_ids
            and all(line.event_ticket_id for line in cart_sudo.order_line)
        ):
            cart_sudo._studio_cart_prepare(job_sudo, subject_sudo)
        return super()._cart(job_sudo, subject_sudo)
