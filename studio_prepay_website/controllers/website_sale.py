from odoo.http import request

from odoo.addons.website_sale.controllers.main import WebsiteSale

# what a postal address adds to a name, an e-mail and a phone
POSTAL_FIELDS = {"street", "city", "zip", "state_id"}


class StudioWebsiteSale(WebsiteSale):
    """Odoo's checkout for photo orders: no postal address when the photos are delivered to the
    organisation (the school hands them out), the full address for home delivery."""

    def _studio_without_address(self):
        order_sudo = request.website.sale_get_order()
        return bool(order_sudo) and not order_sudo._studio_needs_address()

    def _get_mandatory_address_fields(self, country_sudo):
        field_names = super()._get_mandatory_address_fields(country_sudo)
        return field_names - POSTAL_FIELDS if self._studio_without_address() else field_names

    def _get_mandatory_billing_address_fields(self, country_sudo):
        field_names = super()._get_mandatory_billing_address_fields(country_sudo)
        return field_names - POSTAL_FIELDS if self._studio_without_address() else field_names

    def _prepare_address_form_values(self, order_sudo, partner_sudo, *args, **kwargs):
        """Delivered to the organisation: the form asks a name, an e-mail and a phone only; the
        postal fields and the country are hidden, the country defaults to the company's (not the
        visitor's guessed one)."""
        values = super()._prepare_address_form_values(order_sudo, partner_sudo, *args, **kwargs)
        if order_sudo and order_sudo.studio_job_id and not order_sudo._studio_needs_address():
            values["studio_without_address"] = order_sudo.studio_job_id.partner_id
            values["show_vat"] = (
                False  # nor a company name and a VAT number: a parent orders photos of a child
            )
            country_sudo = (order_sudo.company_id or request.website.company_id).country_id
            if country_sudo and not partner_sudo.country_id:  # the partner's own country stays
                values.update(country=country_sudo, country_states=country_sudo.state_ids)
        return values

    def _check_cart(self, order_sudo):
        """Checkout, address and payment pages show a cart of a job with its late fee once the order
        deadline passed, whatever was removed from the cart (paying checks it again)."""
        if order_sudo and order_sudo.state == "draft" and order_sudo.studio_job_id:
            order_sudo._studio_update_late_fee()
        return super()._check_cart(order_sudo)
