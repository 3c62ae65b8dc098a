from odoo import _, models

from .sale_order_line import STUDIO_CROPS


class SaleOrder(models.Model):
    """Orders placed by customers in the studio portal shop and proof galleries."""
    _inherit = "sale.order"

    def _get_confirmation_template(self):
        """Photo orders are confirmed with an e-mail naming the subject and its access code."""
        if self.studio_job_id:
            template = self.env.ref("studio_prepay.mail_template_studio_order_confirmation", raise_if_not_found=False)
            if template:
                return template
        return super()._get_confirmation_template()

    def _studio_is_cart(self):
        """Whether the customer may still add to this order from a gallery: a draft not being paid."""
        self.ensure_one()
        return self.state == "draft" and not self.transaction_ids

    def _studio_add_photo(self, product, photo, quantity=1, crop="full", retouch=False):
        """Add ``quantity`` of ``product`` made from ``photo`` with the chosen crop and retouching;
        the line's description says which photo and options, for the customer and the lab."""
        self.ensure_one()
        crops = dict(STUDIO_CROPS)
        line = self.env["sale.order.line"].sudo().create({
            "order_id": self.id, "product_id": product.id, "product_uom_qty": quantity,
            "studio_photo_id": photo.id, "studio_crop": crop, "studio_retouch": retouch,
        })
        options = [_("photo %s", photo.name), crops.get(crop, crops["full"])]
        if retouch:
            options.append(_("retouched"))
        line.name = "%s\n%s" % (line.name, ", ".join(options))
        return line
