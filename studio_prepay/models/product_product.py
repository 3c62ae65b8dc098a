from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model_create_multi
    def create(self, vals_list):
        products = super().create(vals_list)
        products.product_tmpl_id._studio_add_photo_options()
        return products

    def _studio_products(self):
        """Those of these products sold through photo jobs only: photo products, and products of a
        job's offer or a job's late fee (archived jobs included), found in one query."""
        others = self.filtered(lambda product: not product.studio_photo_kind)
        if not others:
            return self
        jobs = (
            self.env["studio.job"]
            .sudo()
            .with_context(active_test=False)
            .search(
                ["|", ("product_ids", "in", others.ids), ("late_fee_product_id", "in", others.ids)]
            )
        )
        return (self - others) | (others & (jobs.product_ids | jobs.late_fee_product_id))

    def _studio_option_lines(self):
        """The product's Crop and Retouching attribute lines (options of a photo line, no
        variants)."""
        self.ensure_one()
        return self.product_tmpl_id.valid_product_template_attribute_line_ids.filtered(
            lambda line: (
                line.attribute_id.create_variant == "no_variant"
                and line.product_template_value_ids.product_attribute_value_id.filtered(
                    lambda value: value.studio_crop or value.studio_retouch
                )
            )
        )

    def _studio_photo_options(self, value_ids):
        """The options of a photo line from the values a customer chose
        (product.template.attribute.value ids): per option attribute of the product, the chosen
        value, else its first one."""
        self.ensure_one()
        options = self.env["product.template.attribute.value"]
        for line in self.product_tmpl_id.valid_product_template_attribute_line_ids.filtered(
            lambda line: line.attribute_id.create_variant == "no_variant"
        ):
            values = line.product_template_value_ids
            options |= values.filtered(lambda value: value.id in value_ids)[:1] or values[:1]
        return options
