from odoo import _, fields, models

from ..tools.notification import CLOSE, notification


class StudioMarkPaidWizard(models.TransientModel):
    _name = "studio.mark.paid.wizard"
    _description = "Mark orders as paid"

    order_ids = fields.Many2many(
        "sale.order", required=True, default=lambda self: self.env.context.get("active_ids")
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Paid into",
        required=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "in", self.env.companies.ids)], limit=1
        ),
    )
    date = fields.Date(string="Payment date", required=True, default=fields.Date.context_today)
    note = fields.Html(help="Included in the e-mail to the customer.")
    notify = fields.Boolean(string="E-mail the customer", default=True)

    def action_mark_paid(self):
        self.ensure_one()
        self.order_ids._studio_mark_paid(self.journal_id, self.date, self.note, self.notify)
        message = _(
            "%(count)s orders marked as paid into %(journal)s.",
            count=len(self.order_ids),
            journal=self.journal_id.name,
        )
        if self.notify:
            message = _("%(paid)s Their customers were e-mailed.", paid=message)
        return notification(message, CLOSE)
