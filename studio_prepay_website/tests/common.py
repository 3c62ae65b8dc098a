import re

from odoo.http import root

from odoo.addons.studio_prepay.tests.common_portal import StudioPortalCase

# the addons whose French the storefront's pages and e-mails speak
FRENCH_MODULES = ("studio_prepay", "studio_prepay_website")


class StudioWebsiteCase(StudioPortalCase):
    """The families' side on the website: code entry, the website cart of the visitor's session and
    Odoo's checkout, paid with the demo payment provider."""

    def enter_code(self, code):
        return self.post("/studio/code", {"code": code})

    def cart(self):
        """The website cart of the visitor's session."""
        sid = [cookie.value for cookie in self.opener.cookies if cookie.name == "session_id"][-1]
        session = root.session_store.get(sid)
        return self.env["sale.order"].browse(session.get("sale_order_id"))

    def give_address(self, address_type="billing", **values):
        """Fill in the checkout's address form as a customer does; returns the URL it leads to."""
        country = self.env.ref("base.us")
        response = self.post(
            "/shop/address/submit",
            dict(
                {
                    "name": "Guest Parent",
                    "email": "guest.parent@example.com",
                    "phone": "+1 555 0100",
                    "country_id": country.id,
                    "address_type": address_type,
                    "use_delivery_as_billing": "true",
                },
                **values,
            ),
        )
        self.assertEqual(response.status_code, 200, response.text[:300])
        return response.json()

    def checkout_and_pay(self, order, state="done"):
        """Odoo's checkout of the website cart: the checkout page (delivery method), the payment
        page, then the demo provider's payment form, as the browser does."""
        provider = self.demo_provider()
        self.assertEqual(self.url_open("/shop/checkout").status_code, 200)
        page = self.url_open("/shop/payment")
        self.assertEqual(page.status_code, 200)
        self.assertTrue(re.search(rf'data-provider-code="{provider.code}"', page.text))
        processing = self.website_transaction(order)
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": processing["reference"],
                "payment_details": "4242",
                "simulated_state": state,
            },
        )
        return self.make_jsonrpc_request("/payment/status/poll")

    def website_transaction(self, order):
        """What the website's payment form posts to start paying the cart with the demo provider."""
        return self.make_jsonrpc_request(
            f"/shop/payment/transaction/{order.id}",
            {
                "access_token": order._portal_ensure_token(),
                "provider_id": self.demo_provider().id,
                "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
                "token_id": None,
                "amount": order.amount_total,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": "/shop/payment/validate",
            },
        )
