from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.notification import CLOSE, notification


class StudioChangeRequestWizard(models.TransientModel):
    _name = "studio.change.request.wizard"
    _description = "Send an order back to the customer to change"

    order_id = fields.Many2one(
        "sale.order", required=True, default=lambda self: self.env.context.get("active_id")
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    line_ids = fields.Many2many(
        "sale.order.line",
        string="Lines to change",
        required=True,
        domain="[('order_id', '=', order_id), ('display_type', '=', False)]",
        help="The lines (products, photos or files) the customer must change.",
    )
    message = fields.Html(string="Message to the customer", required=True)
    no_wait = fields.Boolean(
        string="I do not wait for the response of the customer",
        help="The order goes on through populate, place and batch now; it keeps its open "
        "change request.",
    )
    refundable = fields.Monetary(compute="_compute_refundable", string="Paid")
    done = fields.Boolean(readonly=True)

    @api.model
    def default_get(self, fields_list):
        """Refuse at once, before the message is written, what sending the order back would
        refuse."""
        defaults = super().default_get(fields_list)
        if defaults.get("order_id"):
            self.env["sale.order"].browse(defaults["order_id"])._studio_check_can_request_change()
        return defaults

    @api.depends("order_id")
    def _compute_refundable(self):
        for wizard in self:
            wizard.refundable = wizard.order_id._studio_refundable()

    def action_send(self):
        """OK: refunds a paid order through the payment provider."""
        return self._send("auto")

    def action_send_refund_manually(self):
        """The admin pays the customer back by hand; recorded as a manual refund."""
        return self._send("manual")

    def _send(self, refund):
        self.ensure_one()
        if self.done:
            raise UserError(_("This request for change was already sent."))
        self.done = True
        refunded = self.order_id._studio_request_change(
            self.line_ids, self.message, refund=refund, no_wait=self.no_wait
        )
        return notification(
            _("Request for change sent to the customer.")
            if refunded
            else _(
                "Request for change sent, but the automatic refund failed: %s. Refund manually.",
                self.order_id.studio_refund_error,
            ),
            CLOSE,
            kind="success" if refunded else "danger",
            sticky=not refunded,
        )
