from odoo import api, fields, models

from ..tools import cart_proof


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model_create_multi
    def create(self, vals_list):
        products = super().create(vals_list)
        products.product_tmpl_id._studio_add_photo_options()
        return products

    def _is_add_to_cart_allowed(self):
        """Photo products are sold through their jobs only (prepay shop, proof gallery), not listed
        in the shop: the studio's pages put the offer of the job in the context's cart proof."""
        proof = cart_proof.from_context(self.env)
        return super()._is_add_to_cart_allowed() or (
            bool(proof) and self.id in proof.product_ids and self.active and self.sale_ok)

    def _studio_products(self):
        """Those of these products sold through photo jobs only: photo products, and products of a job's
        offer or a job's late fee (archived jobs included), found in one query."""
        others = self.filtered(lambda product: not product.studio_photo_kind)
        if not others:
            return self
        jobs = self.env["studio.job"].sudo().with_context(active_test=False).search(
            ["|", ("product_ids", "in", others.ids), ("late_fee_product_id", "in", others.ids)])
        return (self - others) | (others & (jobs.product_ids | jobs.late_fee_product_id))

    def _studio_option_lines(self):
        """The product's Crop and Retouching attribute lines (options of a photo line, no variants)."""
        self.ensure_one()
        return self.product_tmpl_id.valid_product_template_attribute_line_ids.filtered(
            lambda line: line.attribute_id.create_variant == "no_variant"
            and line.product_template_value_ids.product_attribute_value_id.filtered(
                lambda value: value.studio_crop or value.studio_retouch))

    def _studio_photo_options(self, value_ids):
        """The options of a photo line from the values a customer chose (product.template.attribute.value
        ids): per option attribute of the product, the chosen value, else its first one."""
        self.ensure_one()
        options = self.env["product.template.attribute.value"]
        for line in self.product_tmpl_id.valid_product_template_attribute_line_ids.filtered(
                lambda line: line.attribute_id.create_variant == "no_variant"):
            values = line.product_template_value_ids
            options |= values.filtered(lambda value: value.id in value_ids)[:1] or values[:1]
        return options

    def _studio_display_prices(self):
        """{product: {"price": unit price, "extras": {option value: its extra price}}} as the current
        website shows prices (its pricelist, with or without taxes per its setting), so that the gallery,
        the cart and the payment page show the same amounts. One pricelist computation for all the
        products (what website_sale's grid does), not one combination info per product."""
        website = self.env["website"].get_current_website()
        currency = website.currency_id
        today = fields.Date.context_today(self)
        fiscal_position = website.fiscal_position_id.sudo()
        pricelist_prices = website.pricelist_id._compute_price_rule(self, 1.0, currency=currency)
        Template = self.env["product.template"]
        prices = {}
        for product in self:
            product_taxes = product.sudo().taxes_id._filter_taxes_by_company(self.env.company)
            taxes = fiscal_position.map_tax(product_taxes)
            values = product._studio_option_lines().product_template_value_ids
            untaxed = [pricelist_prices[product.id][0]] + [currency.round(value.currency_id._convert(
                value.price_extra, currency, self.env.company, today)) for value in values]
            shown = [Template._apply_taxes_to_price(amount, currency, product_taxes, taxes, product, website=website)
                     if amount and product_taxes else amount for amount in untaxed]
            prices[product] = {"price": shown[0], "extras": dict(zip(values, shown[1:]))}
        return prices
