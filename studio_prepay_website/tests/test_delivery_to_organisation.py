import re

from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestDeliveryToOrganisation(StudioWebsiteCase):
    """A job delivered to the school: the checkout asks a name, an e-mail and a phone, no postal
    address; the confirmation page and e-mail say where the photos go and what comes next (issue 24,
    point 3)."""

    def setUp(self):
        super().setUp()
        self.env.company.country_id = self.env.ref("base.be")
        self.job.action_start_prepay()
        self.start_selling()
        self.enter_code(self.ann.access_code)
        self.assertRedirects(
            self.post(
                f"/studio/gallery/{self.ann.id}/add",
                {
                    "photo_id": self.ann_photos[0].id,
                    "product_id": self.product_print.id,
                    "quantity": 1,
                },
            ),
            "?added=1",
        )

    def field_div(self, page, div_id):
        match = re.search(rf'<div[^>]*id="{div_id}"[^>]*>', page)
        self.assertTrue(match, div_id)
        return match.group(0)

    def test_the_address_step_asks_only_name_email_and_phone(self):
        page = self.url_open("/shop/address").text
        self.assertIn('id="studio_address_organisation"', page)
        self.assertIn("Your photos are delivered to <strong>Test School</strong>", page)
        for div_id in ("div_street", "div_street2", "div_zip", "div_city", "div_country"):
            self.assertIn("d-none", self.field_div(page, div_id), f"{div_id} is hidden")
        for div_id in ("div_name", "div_phone", "div_email_public"):
            self.assertNotIn("d-none", self.field_div(page, div_id), f"{div_id} is asked")
        self.assertNotIn('name="vat"', page, "nor a VAT number")
        self.assertNotIn('name="company_name"', page, "nor a company")
        self.assertIn("Your contact details", page)
        self.assertNotIn("Fill in your address", page)
        belgium = self.env.ref("base.be")
        self.assertTrue(
            re.search(rf'<option value="{belgium.id}" selected=', page),
            "the country defaults to the company's",
        )
        # what the form sends: no postal field at all
        self.assertNotIn("invalid_fields", self.give_address(country_id=belgium.id))
        order = self.cart()
        self.assertEqual(order.partner_id.country_id, belgium)
        self.assertFalse(order.partner_id.street)

    def test_the_confirmation_says_the_school_and_the_next_step(self):
        order = self.cart()
        self.give_address(country_id=self.env.ref("base.be").id)
        self.assertEqual(self.checkout_and_pay(order)["state"], "done")
        self.assertEqual(order.carrier_id.studio_delivery, "organisation")
        page = self.url_open("/shop/confirmation").text
        self.assertIn('id="studio_delivery_note"', page)
        self.assertIn("Delivered to Test School with the class photos of Ann Lee.", page)
        self.assertIn(
            "Next: your photos go to the lab after the order deadline, then to Test School", page
        )
        self.assertNotIn("Billing &amp; Delivery", page)
        self.assertNotIn("Billing & Delivery", page)
        mail = self.env.ref("studio_prepay.mail_template_studio_order_confirmation")._render_field(
            "body_html", order.ids
        )[order.id]
        self.assertIn("Delivered to Test School with the class photos of Ann Lee.", mail)

    def test_the_payment_page_shows_the_school_and_the_contact_not_an_address(self):
        self.give_address(country_id=self.env.ref("base.be").id)
        self.assertEqual(self.url_open("/shop/checkout").status_code, 200)
        page = self.url_open("/shop/payment").text
        self.assertIn('id="studio_delivery_on_payment"', page)
        self.assertIn("Delivered to Test School with the class photos of Ann Lee.", page)
        self.assertIn("guest.parent@example.com", page)
        self.assertNotIn("Delivery &amp; </t>Billing", page)
        self.assertNotRegex(page, r"<b>\s*Delivery &amp; \s*Billing: </b>")
        self.assertNotIn("Billing: </b>", page)

    def test_home_delivery_keeps_the_address(self):
        self.job.delivery_mode = "direct"
        page = self.url_open("/shop/address").text
        self.assertNotIn('id="studio_address_organisation"', page)
        self.assertNotIn("d-none", self.field_div(page, "div_street"))
        self.assertIn("Fill in your address", page)
        self.assertFalse(self.cart()._studio_delivery_note())
