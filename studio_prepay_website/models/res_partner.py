from odoo import models, tools
from odoo.tools import consteq


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _studio_unsubscribe_token(self):
        self.ensure_one()
        return tools.hmac(self.env(su=True), "studio-reminders-unsubscribe", self.id)

    def _studio_unsubscribe_url(self):
        """The link of the studio's e-mails with which the customer stops them (blacklists the
        address)."""
        self.ensure_one()
        return (
            f"{self.get_base_url()}/studio/unsubscribe/{self.id}/{self._studio_unsubscribe_token()}"
        )

    def _studio_check_unsubscribe_token(self, token):
        self.ensure_one()
        return consteq(self._studio_unsubscribe_token(), token or "")
