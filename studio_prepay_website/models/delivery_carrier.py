from odoo import fields, models


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    studio_delivery = fields.Selection(
        [("organisation", "To the organisation"), ("home", "Home delivery")],
        string="Photo orders",
        help="Offered on the checkout of photo orders: delivery to the organisation for jobs "
        "delivered "
        "in batch (until the job's order deadline), home delivery for direct-shipping jobs and "
        "for late orders. Methods left empty are not offered on photo orders.",
    )
