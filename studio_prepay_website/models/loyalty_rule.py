from odoo import fields, models


class LoyaltyRule(models.Model):
    _inherit = "loyalty.rule"

    studio_min_subjects = fields.Integer(
        string="Children in the cart, at least",
        default=0,
        help="Photo carts: the rule applies only when the cart orders for at least this many "
        "children "
        "(sibling discounts: 2). 0: any cart.",
    )
