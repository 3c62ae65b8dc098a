from odoo import fields, models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    studio_attach_tickets = fields.Boolean(
        string="Attach the e-tickets",
        help="For an order's e-mail: attach the PDF of the order's e-tickets that are issued (paid "
        "orders), in the customer's language.",
    )
