from odoo import models
from odoo.http import request
from odoo.tools import hmac


class PaymentLinkWizard(models.TransientModel):
    _inherit = "payment.link.wizard"

    def _prepare_access_token(self):
        """Payment links of orders also made outside an HTTP request (XML-RPC, scheduled actions):
        the token ``payment.utils.generate_access_token`` signs, with this wizard's environment
        instead of the request's."""
        if request or self.res_model != "sale.order":
            return super()._prepare_access_token()
        values = (self.partner_id.id, self.amount, self.currency_id.id)
        return hmac(
            self.env(su=True), "generate_access_token", "|".join(str(value) for value in values)
        )
