import re

from odoo.http import Request, root
from odoo.tests import HttpCase, new_test_user

from .common import StudioCase


class StudioPortalCase(StudioCase, HttpCase):
    """The customers' side: a visitor's session, two portal customers, photos in the test job and
    helpers to post forms and pay with the demo payment provider (installed by bin/harness)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann, cls.bob, cls.cy = cls.subjects
        cls.customer_user = new_test_user(
            cls.env,
            "studio_parent",
            groups="base.group_portal",
            password="studio_parent",
            name="Studio Parent",
            email="studio.parent@example.com",
        )
        cls.other_user = new_test_user(
            cls.env,
            "other_parent",
            groups="base.group_portal",
            password="other_parent",
            name="Other Parent",
            email="other.parent@example.com",
        )

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def login(self, user):
        """A fresh session of ``user`` (what the visitor's session held is gone)."""
        self.authenticate(user.login, user.login)

    def login_in_session(self, user):
        """Log in through the login form, as a browser does: the session keeps what it held."""
        response = self.post(
            "/web/login", {"login": user.login, "password": user.login, "redirect": "/my"}
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn("/web/login", response.headers["Location"])
        # the login gave the session a new id: use only that cookie from now on
        sid = response.cookies["session_id"]
        self.opener.cookies.clear()
        self.opener.cookies["session_id"] = sid
        self.session = root.session_store.get(sid)

    def post(self, url, data=None, allow_redirects=False):
        return self.url_open(
            url,
            data=dict(data or {}, csrf_token=Request.csrf_token(self)),
            allow_redirects=allow_redirects,
        )

    def assertRedirects(self, response, path):
        self.assertIn(response.status_code, (302, 303), response.text[:300])
        self.assertTrue(response.headers["Location"].endswith(path), response.headers["Location"])

    def start_selling(self):
        self.job.action_start_selling()
        self.ann_photos = self.add_photos(self.job, 2, code=self.ann.access_code)
        self.bob_photos = self.add_photos(self.job, 1, code=self.bob.access_code)
        self.class_1a = self.add_photos(self.job, 1, group="1A")
        self.class_2b = self.add_photos(self.job, 1, group="2B")

    def demo_provider(self):
        if not self.env.ref("payment_demo.payment_method_demo", raise_if_not_found=False):
            self.skipTest("payment_demo is not installed (bin/harness installs it)")
        provider = self.env.ref("payment.payment_provider_demo")
        provider.write({"state": "test", "is_published": True, "company_id": self.env.company.id})
        return provider

    def _start_payment(self, order, provider, method):
        """What the payment form of the order's portal page posts when the customer pays."""
        page = self.url_open(order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertTrue(
            re.search(rf'data-provider-code="{provider.code}"', page.text),
            f"{provider.code} is offered on the payment form",
        )
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/transaction",
            self.transaction_params(order, provider, method, order.get_portal_url()),
        )

    def transaction_params(self, order, provider, method, landing_route):
        """What a payment form posts to start paying ``order``."""
        return {
            "access_token": order._portal_ensure_token(),
            "provider_id": provider.id,
            "payment_method_id": method.id,
            "token_id": None,
            "amount": order.amount_total,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": landing_route,
        }

    def pay_with_demo(self, order, state="done"):
        """Pay ``order`` from its portal page the way the demo provider's payment form does."""
        provider = self.demo_provider()
        processing = self._start_payment(
            order, provider, self.env.ref("payment_demo.payment_method_demo")
        )
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": processing["reference"],
                "payment_details": "4242",
                "simulated_state": state,
            },
        )
        return self.make_jsonrpc_request("/payment/status/poll")

    def quotation(self, subject, products):
        """A quotation of the customer to pay on its portal page, as the studio sends one:
        ``{product: qty}``."""
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer_user.partner_id.id,
                "studio_job_id": subject.job_id.id,
                "studio_subject_id": subject.id,
                "require_signature": False,
                "require_payment": True,
                "prepayment_percent": 1.0,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in products.items()
                ],
            }
        )

    def pay_by_bank_transfer(self, order):
        """The customer chooses Odoo's wire transfer on the payment form: the transaction waits."""
        provider = self.env.ref("payment.payment_provider_transfer")
        provider.write(
            {"state": "enabled", "is_published": True, "company_id": self.env.company.id}
        )
        processing = self._start_payment(order, provider, provider.payment_method_ids[:1])
        self.url_open("/payment/custom/process", data={"reference": processing["reference"]})
        self.make_jsonrpc_request("/payment/status/poll")
        return self.env["payment.transaction"].search([("reference", "=", processing["reference"])])
