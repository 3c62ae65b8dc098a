from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class StudioCustomerPortal(CustomerPortal):

    @http.route("/my/orders/<int:order_id>/download/<int:line_id>", type="http", auth="public")
    def studio_download(self, order_id, line_id, access_token=None, **kwargs):
        """The full-resolution photo of a digital product, for its customer, once the order is paid."""
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound()
        line = order_sudo.order_line.filtered(lambda l: l.id == line_id and l.studio_photo_kind == "digital")
        if not line.studio_photo_id:
            raise NotFound()
        if not order_sudo.studio_is_paid:
            raise Forbidden(_("This download is available once the order is paid."))
        photo = line.studio_photo_id
        return request.env["ir.binary"]._get_stream_from(photo, "image", filename=photo.name).get_response(
            as_attachment=True)
