"""The job's show on its storefront: the website cart of a visitor's session with photos and
tickets."""

import json

from odoo.addons.studio_prepay_event.tests.common import TicketMixin
from odoo.addons.studio_prepay_website.tests.common import StudioWebsiteCase


class WebsiteTicketCase(TicketMixin, StudioWebsiteCase):
    """The job (in prepay) sells the published show (10 seats, its *Adult* ticket at 12.00) with
    its photos."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.action_start_prepay()
        cls.setup_show()
        cls.show.website_published = True
        cls.job.event_ids = cls.show

    def order_photo(self, subject=None):
        """The prepay shop's form: a print for ``subject``'s card, into the website cart."""
        subject = subject or self.ann
        self.enter_code(subject.access_code)
        response = self.post(
            f"/studio/job/{self.job.id}/order",
            {f"qty_{self.product_print.id}": 1, "subject_code": subject.access_code},
        )
        self.assertRedirects(response, "/shop/cart")
        return self.cart()

    def add_ticket_form(self, ticket=None, qty=1, **extra):
        """The ticket's form of the job's pages, posted to Odoo's /shop/cart/update."""
        ticket = ticket or self.adult
        return self.post(
            "/shop/cart/update",
            dict(
                {"product_id": ticket.product_id.id, "event_ticket_id": ticket.id, "add_qty": qty},
                **extra,
            ),
        )

    def update_json(self, **params):
        """Odoo's /shop/cart/update_json, with whatever parameters a client sends."""
        return self.make_jsonrpc_request("/shop/cart/update_json", params)

    def ticket_lines(self, order):
        return order.order_line.filtered("event_ticket_id")

    def fill_seats(self, count, ticket=None):
        """``count`` seats of the show sold to others (confirmed registrations)."""
        ticket = ticket or self.adult
        self.env["event.registration"].create(
            [
                {"event_id": ticket.event_id.id, "event_ticket_id": ticket.id, "name": f"R{n}"}
                for n in range(count)
            ]
        )

    def rpc_error(self, route, **params):
        """A JSON-RPC call that must be refused: the error message, as the browser shows it."""
        response = self.url_open(
            route,
            json.dumps({"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}).encode(),
            headers={"Content-Type": "application/json"},
        )
        body = response.json()
        self.assertIn("error", body, f"{route} refused {params}")
        return body["error"]["data"]["message"]

    def transaction_params(self, order, provider, method, landing_route="/shop/payment/validate"):
        """What the website's payment form posts to start paying the cart."""
        return super().transaction_params(order, provider, method, landing_route)

    def checkout_by_bank_transfer(self, order):
        """Odoo's checkout of the website cart paid by wire transfer: the transaction waits."""
        provider = self.env.ref("payment.payment_provider_transfer")
        provider.write(
            {"state": "enabled", "is_published": True, "company_id": self.env.company.id}
        )
        self.assertEqual(self.url_open("/shop/checkout").status_code, 200)
        self.assertEqual(self.url_open("/shop/payment").status_code, 200)
        processing = self.make_jsonrpc_request(
            f"/shop/payment/transaction/{order.id}",
            self.transaction_params(order, provider, provider.payment_method_ids[:1]),
        )
        self.url_open("/payment/custom/process", data={"reference": processing["reference"]})
        return self.make_jsonrpc_request("/payment/status/poll")
