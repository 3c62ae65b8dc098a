from odoo import models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def _studio_orders(self):
        """The photo orders this payment paid (through its payment transaction)."""
        return self.payment_transaction_id.sudo().sale_order_ids.filtered("studio_job_id")

    def action_refund_wizard(self):
        """The payment's *Refund* button on a photo order opens the order's *Refund & restock*
        (restock, lab note, customer e-mail, credit note) instead of refunding the card alone."""
        orders = self._studio_orders()
        if len(self) != 1 or len(orders) != 1:
            return super().action_refund_wizard()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "studio_prepay.action_studio_refund_wizard"
        )
        action["context"] = {"active_id": orders.id, "active_model": "sale.order"}
        return action
