from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    studio_photo_kind = fields.Selection(
        [
            ("individual", "Individual photo"),
            ("group", "Group photo"),
            ("memory_mate", "Memory mate"),
            ("digital", "Digital download"),
            ("ticket", "Ticket"),
        ],
        string="Photo kind",
        help="How studio orders fill this product: individual products get the subject's photo, group "
             "products the photo of the subject's class, memory mates go to manual revision.",
    )
    studio_manual_revision = fields.Boolean(
        string="Needs manual revision",
        compute="_compute_studio_manual_revision", store=True, readonly=False,
        help="Orders with this product go to the manual-revision queue before the batch, so staff can "
             "replace the populated photo (composites such as memory mates).",
    )

    @api.depends("studio_photo_kind")
    def _compute_studio_manual_revision(self):
        for template in self:
            template.studio_manual_revision = template.studio_photo_kind == "memory_mate"
