from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.notification import CLOSE, notification


class StudioRefundWizard(models.TransientModel):
    _name = "studio.refund.wizard"
    _description = "Refund and restock an order"

    order_id = fields.Many2one(
        "sale.order", required=True, default=lambda self: self.env.context.get("active_id")
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    refundable = fields.Monetary(compute="_compute_refundable", string="Can be refunded")
    fee = fields.Monetary(compute="_compute_refundable", string="Service fee")
    refund_fee = fields.Boolean(string="Refund the service fee")
    amount = fields.Monetary(compute="_compute_amount", store=True, readonly=False)
    manual = fields.Boolean(
        string="Refund manually",
        help="Pay the customer back from the studio's bank account; the refund is registered "
        "on the "
        "credit note. Needed for bank transfers and registered payments, which no "
        "provider can refund.",
    )
    reason = fields.Char(
        required=True, help="Kept in the order's chatter; not sent to the customer."
    )
    notify = fields.Boolean(
        string="E-mail the customer", default=True, help="Tell the customer what was refunded."
    )
    done = fields.Boolean(readonly=True)

    @api.depends("order_id")
    def _compute_refundable(self):
        for wizard in self:
            wizard.refundable = wizard.order_id._studio_refundable()
            wizard.fee = wizard.order_id._studio_fee_amount()

    @api.depends("order_id", "refund_fee")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = max(wizard.refundable - (0 if wizard.refund_fee else wizard.fee), 0)

    def action_refund(self):
        self.ensure_one()
        if self.done:
            raise UserError(_("This refund was already sent."))
        self.done = True
        refunded = self.order_id._studio_refund(self.amount, self.reason, manual=self.manual)
        if refunded and self.notify:
            self.order_id._studio_notify("studio_prepay.mail_template_refund")
        return notification(
            _("Refund sent.") if refunded else self.order_id.studio_refund_error,
            CLOSE,
            kind="success" if refunded else "danger",
            sticky=not refunded,
        )
