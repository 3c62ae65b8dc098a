import base64

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class TicketPortal(CustomerPortal):
    @http.route("/my/orders/<int:order_id>/tickets", type="http", auth="public")
    def portal_order_tickets(self, order_id, access_token=None, **kwargs):
        """The PDF of the order's issued e-tickets, for whoever may open the order's page."""
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        tickets = order_sudo._studio_tickets_pdf()
        if not tickets:
            raise request.not_found()
        name, content = tickets
        return request.make_response(
            base64.b64decode(content),
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", http.content_disposition(name)),
            ],
        )
