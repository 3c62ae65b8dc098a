from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.http import request


class StudioUnsubscribe(http.Controller):
    """The link at the bottom of the deadline reminders: the customer stops the studio's reminders.
    Opening the link asks for a confirmation (mail scanners open links); confirming blacklists the
    address, which every reminder respects."""

    def _partner(self, partner_id, token):
        """The partner of a genuine unsubscribe link (signed with the database secret), else 404."""
        partner_sudo = request.env["res.partner"].sudo().browse(partner_id).exists()
        if (
            not partner_sudo
            or not partner_sudo.email
            or not partner_sudo._studio_check_unsubscribe_token(token)
        ):
            raise NotFound()
        return partner_sudo

    @http.route(
        "/studio/unsubscribe/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def studio_unsubscribe(self, partner_id, token, **kwargs):
        partner_sudo = self._partner(partner_id, token)
        done = request.httprequest.method == "POST"
        if done:
            request.env["mail.blacklist"].sudo()._add(
                partner_sudo.email, message=_("Unsubscribed from the order deadline reminders.")
            )
        return request.render(
            "studio_prepay_website.studio_unsubscribe_page",
            {"email": partner_sudo.email, "done": done or partner_sudo.is_blacklisted},
        )
