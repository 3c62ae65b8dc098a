from odoo import Command, api, fields, models

PHOTO_OPTION_ATTRIBUTES = (
    "studio_prepay.product_attribute_crop",
    "studio_prepay.product_attribute_retouch",
)


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
        help="How studio orders fill this product: individual products get the subject's "
        "photo, group "
        "products the photo of the subject's class, memory mates go to manual revision.",
    )
    studio_manual_revision = fields.Boolean(
        string="Needs manual revision",
        compute="_compute_studio_manual_revision",
        store=True,
        readonly=False,
        help="Orders with this product go to the manual-revision queue before the batch, so "
        "staff can "
        "replace the populated photo (composites such as memory mates).",
    )

    studio_one_per_subject = fields.Boolean(
        string="One per child",
        help="A cart or order holds at most one of this product per child (per class for a "
        "class photo); "
        "the website cart refuses more with a message.",
    )

    @api.depends("studio_photo_kind")
    def _compute_studio_manual_revision(self):
        for template in self:
            template.studio_manual_revision = template.studio_photo_kind == "memory_mate"

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        if self.env.context.get(
            "create_product_product", True
        ):  # else product.product's create adds them
            templates._studio_add_photo_options()
        return templates

    def write(self, vals):
        result = super().write(vals)
        if vals.get("studio_photo_kind"):
            self._studio_add_photo_options()
        return result

    def get_single_product_variant(self):
        """Staff entering a paper order (context ``studio_no_configurator``) pick photo products
        without the product configurator: crop and retouching are options customers choose, the line
        takes the defaults (change them on the line afterwards)."""
        result = super().get_single_product_variant()
        if (
            not result.get("product_id")
            and self.env.context.get("studio_no_configurator")
            and self.studio_photo_kind
            and self.product_variant_count == 1
        ):
            result.update(
                product_id=self.product_variant_id.id,
                product_name=self.product_variant_id.display_name,
                has_optional_products=False,
                is_combo=False,
            )
        return result

    def _studio_add_photo_options(self):
        """Photo products get the studio's Crop and Retouching attributes: options of the order line
        (no variants), retouching with its extra price, chosen by customers in the proof gallery."""
        attributes = self.env["product.attribute"]
        for xmlid in PHOTO_OPTION_ATTRIBUTES:
            attributes |= self.env.ref(xmlid, raise_if_not_found=False) or attributes
        for template in self.filtered(
            lambda t: t.studio_photo_kind and t.studio_photo_kind != "ticket"
        ):
            missing = attributes - template.attribute_line_ids.attribute_id
            if missing:
                template.sudo().with_context(create_product_product=True).attribute_line_ids = [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                    for attribute in missing
                ]
