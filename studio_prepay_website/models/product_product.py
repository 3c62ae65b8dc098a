from odoo import fields, models

from ..tools import cart_proof


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _is_add_to_cart_allowed(self):
        """Photo products are sold through their jobs only (prepay shop, proof gallery), not listed
        in the shop: the studio's pages put the offer of the job in the context's cart proof."""
        proof = cart_proof.from_context(self.env)
        return super()._is_add_to_cart_allowed() or (
            bool(proof) and self.id in proof.product_ids and self.active and self.sale_ok
        )

    def _studio_display_prices(self):
        """{product: {"price": unit price, "extras": {option value: its extra price}}} as the
        current website shows prices (its pricelist, with or without taxes per its setting), so that
        the gallery, the cart and the payment page show the same amounts. One pricelist computation
        for all the products (what website_sale's grid does), not one combination info per
        product."""
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
            untaxed = [pricelist_prices[product.id][0]] + [
                currency.round(
                    value.currency_id._convert(value.price_extra, currency, self.env.company, today)
                )
                for value in values
            ]
            shown = [
                Template._apply_taxes_to_price(
                    amount, currency, product_taxes, taxes, product, website=website
                )
                if amount and product_taxes
                else amount
                for amount in untaxed
            ]
            prices[product] = {
                "price": shown[0],
                "extras": dict(zip(values, shown[1:], strict=True)),
            }
        return prices
