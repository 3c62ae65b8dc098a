from odoo import fields, models

from ..const import STUDIO_CROPS


class ProductAttributeValue(models.Model):
    _inherit = "product.attribute.value"

    studio_crop = fields.Selection(
        STUDIO_CROPS,
        string="Photo crop",
        help="The framing this value orders for a photo (the studio's Crop attribute).",
    )
    studio_retouch = fields.Boolean(
        string="Photo retouching",
        help="This value orders the retouching of the photo (the studio's Retouching "
        "attribute); its extra price is the price of retouching.",
    )
