"""One trust boundary (docs/security.md): a line's child and photo, and a customer's right to see a
child, come only from proof, through the studio's routes and Odoo's own (``/shop/cart/update``,
``/shop/cart/update_json``, ``/shop/payment/transaction``, JSON-RPC), and the paid cart is priced
right."""

from odoo import Command
from odoo.tests import JsonRpcException, tagged

from .common import StudioWebsiteCase

# request parameters a hostile visitor adds to Odoo's generic cart routes
HOSTILE = ("studio_photo_id", "studio_subject_id", "studio_class_photo_id")


@tagged("post_install", "-at_install")
class TestTrustBoundary(StudioWebsiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_digital = cls._product("Digital download", "digital", list_price=19.0)
        cls.product_elsewhere = cls._product("Poster (no job)", "individual", list_price=1.0)
        cls.job.product_ids |= cls.product_digital

    def setUp(self):
        super().setUp()
        self.start_selling()
        self.enter_code(self.ann.access_code)  # the guest knows Ann's code only

    def add(self, subject, photo, product=None, **options):
        return self.post(
            f"/studio/gallery/{subject.id}/add",
            dict(
                {
                    "photo_id": photo.id,
                    "product_id": (product or self.product_print).id,
                    "quantity": 1,
                },
                **options,
            ),
        )

    def hostile(self, photo, subject):
        return {
            "studio_photo_id": photo.id,
            "studio_subject_id": subject.id,
            "studio_class_photo_id": photo.id,
        }

    def assertOnlyAnn(self, order):
        lines = order.order_line
        self.assertFalse(
            lines.studio_photo_id - self.ann_photos, "no photo of another child in the cart"
        )
        self.assertFalse(lines.studio_subject_id - self.ann, "no other child in the cart")
        self.assertFalse(lines.studio_class_photo_id)

    # ------------------------------------------------------------ Odoo's cart routes

    def test_update_json_cannot_put_another_childs_download_in_the_cart(self):
        self.add(self.ann, self.ann_photos[0])
        cart = self.cart()
        with self.assertRaises(
            JsonRpcException, msg="a product of the job without the gallery's proof"
        ):
            self.make_jsonrpc_request(
                "/shop/cart/update_json",
                dict(
                    {"product_id": self.product_digital.id, "add_qty": 1},
                    **self.hostile(self.bob_photos, self.bob),
                ),
            )
        self.assertNotIn(self.product_digital, cart.order_line.product_id)
        self.assertOnlyAnn(cart)

    def test_update_json_on_an_own_line_ignores_the_studio_parameters(self):
        self.add(self.ann, self.ann_photos[0])
        line = self.cart().order_line.filtered("studio_photo_id")
        self.make_jsonrpc_request(
            "/shop/cart/update_json",
            dict(
                {"product_id": self.product_print.id, "line_id": line.id, "set_qty": 2},
                **self.hostile(self.bob_photos, self.bob),
            ),
        )
        self.assertEqual(line.product_uom_qty, 2)
        self.assertEqual(line.studio_photo_id, self.ann_photos[0])
        self.assertOnlyAnn(self.cart())

    def test_the_form_route_cannot_add_another_childs_photo_either(self):
        self.add(self.ann, self.ann_photos[0])
        cart = self.cart()
        self.post(
            "/shop/cart/update",
            dict(
                {"product_id": self.product_print.id, "add_qty": 1},
                **self.hostile(self.bob_photos, self.bob),
            ),
        )
        self.assertOnlyAnn(cart)
        self.assertEqual(
            sum(cart.order_line.filtered("studio_photo_id").mapped("product_uom_qty")), 1
        )

    def test_the_quantity_path_cannot_add_a_product_outside_the_offer(self):
        """``line_id`` of an own line with another product: Odoo would create a line of that
        product."""
        self.add(self.ann, self.ann_photos[0])
        cart = self.cart()
        line = cart.order_line.filtered("studio_photo_id")
        for product in (self.product_elsewhere, self.product_digital):
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/shop/cart/update_json",
                    {"product_id": product.id, "line_id": line.id, "set_qty": 1},
                )
            self.assertNotIn(product, cart.order_line.product_id)

    def test_quantities_stop_at_99(self):
        self.add(self.ann, self.ann_photos[0])
        line = self.cart().order_line.filtered("studio_photo_id")
        response = self.make_jsonrpc_request(
            "/shop/cart/update_json",
            {"product_id": self.product_print.id, "line_id": line.id, "set_qty": 100},
        )
        self.assertEqual(line.product_uom_qty, 99)
        self.assertIn("At most 99", response["notification_info"]["warning"])

    def test_options_of_another_product_are_refused_on_any_route(self):
        retouch_print = (
            self.product_print.product_tmpl_id.attribute_line_ids.product_template_value_ids
        )
        retouch_digital = (
            self.product_digital.product_tmpl_id.attribute_line_ids.product_template_value_ids
        )
        self.assertTrue(
            retouch_print and retouch_digital, "photo products get the Crop/Retouching options"
        )
        # the gallery's form: a value of another product is not one of this product's options
        self.add(self.ann, self.ann_photos[0], **{"option_1": retouch_digital[-1].id})
        line = self.cart().order_line.filtered("studio_photo_id")
        self.assertFalse(line._studio_foreign_options())
        # any other route: the line refuses it
        with self.assertRaisesRegex(Exception, "has no option"):
            line.sudo().product_no_variant_attribute_value_ids = [
                Command.link(retouch_digital[-1].id)
            ]

    # ------------------------------------------------------------ price at payment time

    def test_the_late_fee_comes_back_and_is_checked_when_paying(self):
        fee = self._product("Late fee", False, list_price=4.0)
        self.job.write({"order_deadline": "2020-01-01 00:00:00", "late_fee_product_id": fee.id})
        self.add(self.ann, self.ann_photos[0])
        cart = self.cart()
        fee_line = cart.order_line.filtered(lambda line: line.product_id == fee)
        self.assertTrue(fee_line)
        self.make_jsonrpc_request(
            "/shop/cart/update_json", {"product_id": fee.id, "line_id": fee_line.id, "set_qty": 0}
        )
        self.assertIn(
            fee, cart.order_line.product_id, "the cart's remove button does not remove the late fee"
        )
        cart.order_line.filtered(
            lambda line: line.product_id == fee
        ).sudo().unlink()  # whatever else removed it
        self.give_address()
        self.assertEqual(self.url_open("/shop/checkout").status_code, 200)
        self.assertIn(fee, cart.order_line.product_id, "the checkout puts it back")
        cart.order_line.filtered(lambda line: line.product_id == fee).sudo().unlink()
        self.assertIn("the late fee Late fee is missing", cart._studio_cart_problems())
        with self.assertRaises(JsonRpcException):
            self.website_transaction(cart)
        self.assertFalse(cart.transaction_ids)

    def test_a_photo_product_outside_the_offer_is_never_paid(self):
        self.add(self.ann, self.ann_photos[0])
        cart = self.cart()
        self.env["sale.order.line"].sudo().create(
            {"order_id": cart.id, "product_id": self.product_elsewhere.id}
        )
        self.assertIn(
            "Poster (no job) is not in this offer", "; ".join(cart._studio_cart_problems())
        )
        self.give_address()
        self.url_open("/shop/checkout")
        with self.assertRaises(JsonRpcException):
            self.website_transaction(cart)
        self.assertFalse(cart.transaction_ids)

    # ------------------------------------------------------------ what the paid order shows

    def test_the_paid_order_shows_and_sends_only_the_proven_child(self):
        self.add(self.ann, self.ann_photos[0], self.product_digital)
        cart = self.cart()
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/shop/cart/update_json",
                dict(
                    {"product_id": self.product_digital.id, "add_qty": 1},
                    **self.hostile(self.bob_photos, self.bob),
                ),
            )
        spare = self.job._create_spare_subjects(1)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/shop/cart/update_json",
                {"product_id": self.product_print.id, "add_qty": 1, "studio_subject_id": spare.id},
            )
        self.assertNotIn(self.bob.access_code, self.url_open("/shop/cart").text)
        self.assertNotIn(spare.access_code, self.url_open("/shop/cart").text)
        self.give_address()
        self.checkout_and_pay(cart)
        self.assertEqual(cart.state, "sale")
        self.assertOnlyAnn(cart)
        page = self.url_open(cart.get_portal_url()).text
        self.assertIn(self.ann.access_code, page)
        for code in (self.bob.access_code, spare.access_code):
            self.assertNotIn(code, page)
        confirmation = self.env.ref("studio_prepay.mail_template_studio_order_confirmation")
        body = confirmation._render_field("body_html", cart.ids)[cart.id]
        self.assertIn(self.ann.access_code, body)
        for code in (self.bob.access_code, spare.access_code):
            self.assertNotIn(code, body)
        # the order page's downloads: Ann's only
        line = cart.order_line.filtered(lambda line: line.product_id == self.product_digital)
        self.assertEqual(line.studio_photo_id, self.ann_photos[0])

    def test_a_carts_link_opens_no_proof(self):
        self.add(self.ann, self.ann_photos[0])
        cart = self.cart()
        token = cart._portal_ensure_token()
        self.authenticate(None, None)  # a fresh session: no code entered
        for photo in (self.ann_photos[0], self.bob_photos):
            response = self.url_open(
                f"/studio/proof/{photo.id}?order_id={cart.id}&access_token={token}"
            )
            self.assertEqual(response.status_code, 404)

    # ------------------------------------------------------------ portal parents and RPC

    def test_an_order_line_for_a_child_grants_no_access_to_that_child(self):
        order = self.prepay_order(self.ann, partner_id=self.customer_user.partner_id.id)
        self.env["sale.order.line"].create(
            {
                "order_id": order.id,
                "product_id": self.product_print.id,
                "studio_subject_id": self.bob.id,
            }
        )
        Subject = self.env["studio.subject"].with_user(self.customer_user)
        self.assertEqual(Subject.search([("job_id", "=", self.job.id)]), self.ann)
        self.assertFalse(
            self.env["studio.photo"]
            .with_user(self.customer_user)
            .search([("subject_id", "=", self.bob.id)])
        )
        self.login(self.customer_user)
        self.assertEqual(self.url_open(f"/studio/gallery/{self.bob.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/studio/gallery/{self.ann.id}").status_code, 200)

    def test_portal_parent_cannot_write_studio_fields_over_json_rpc(self):
        order = self.prepay_order(self.ann, partner_id=self.customer_user.partner_id.id)
        line = order.order_line.filtered(lambda line: line.product_id == self.product_print)
        self.login(self.customer_user)
        for model, record, vals in (
            ("sale.order.line", line, {"studio_photo_id": self.bob_photos.id}),
            ("sale.order", order, {"studio_subject_id": self.bob.id}),
            ("studio.subject", self.bob, {"partner_id": self.customer_user.partner_id.id}),
        ):
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": model,
                        "method": "web_save",
                        "args": [record.ids, vals],
                        "kwargs": {"specification": {}},
                    },
                )
        self.assertFalse(line.studio_photo_id)
        self.assertEqual(order.studio_subject_id, self.ann)
        self.assertFalse(self.bob.partner_id)

    def test_a_name_typed_in_the_prepay_shop_never_opens_a_listed_child(self):
        """The global code is every family's: a name typed with it makes a new child, never a listed
        one."""
        job = self.env["studio.job"].create(
            {
                "name": "Open day",
                "partner_id": self.partner_school.id,
                "prepay_subject_entry": "code_or_name",
                "product_ids": [Command.set(self.product_print.ids)],
            }
        )
        listed = self.env["studio.subject"].create(
            {"job_id": job.id, "name": "Dee Moss", "group_name": "3C"}
        )
        job.action_start_prepay()
        self.authenticate(None, None)
        self.enter_code(job.global_code)
        self.post(
            f"/studio/job/{job.id}/order",
            {f"qty_{self.product_print.id}": 1, "subject_name": "Dee Moss", "subject_group": "3C"},
        )
        child = self.cart().studio_subject_id
        self.assertTrue(child)
        self.assertNotEqual(child, listed)
        self.assertNotIn(listed.access_code, self.url_open("/shop/cart").text)
        self.assertEqual(
            self.url_open(f"/studio/job/{job.id}?subject={listed.id}").text.count(
                listed.access_code
            ),
            0,
        )

    # ------------------------------------------------------------ messages

    def test_the_order_page_says_nothing_a_link_asks_it_to(self):
        order = self.prepay_order(self.ann, partner_id=self.customer_user.partner_id.id)
        url = order.get_portal_url(query_string="&studio_error=Call+0900+to+unlock+your+photos")
        self.assertNotIn("Call 0900 to unlock your photos", self.url_open(url).text)
        response = self.post(
            f"/my/orders/{order.id}/complaint?access_token={order.access_token}",
            {"description": " "},
        )
        self.assertNotIn("studio_error", response.headers["Location"])
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("Please tell us what happened.", page)
        self.assertNotIn(
            "Please tell us what happened.",
            self.url_open(order.get_portal_url()).text,
            "shown once",
        )

    def test_an_address_abroad_keeps_the_carts_prices_and_currency(self):
        """A French address gives the customer a euro pricelist in Odoo: the photo cart stays as it
        was priced."""
        france = self.env.ref("base.fr")
        group = self.env["res.country.group"].create(
            {"name": "France only", "country_ids": [Command.set(france.ids)]}
        )
        euros = self.env["product.pricelist"].create(
            {
                "name": "Euros",
                "currency_id": self.env.ref("base.EUR").id,
                "country_group_ids": [Command.set(group.ids)],
                "sequence": 100,
                "selectable": True,
                "website_id": self.env["website"].get_current_website().id,
            }
        )
        self.add(self.ann, self.ann_photos[0])
        cart = self.cart()
        currency, total = cart.currency_id, cart.amount_total
        self.assertNotEqual(currency, euros.currency_id)
        self.give_address(
            country_id=france.id, street="1 rue de la Paix", city="Paris", zip="75002"
        )
        self.assertEqual(cart.partner_id.country_id, france)
        self.assertEqual(
            (cart.pricelist_id, cart.currency_id, cart.amount_total),
            (cart.pricelist_id, currency, total),
        )
        self.assertNotEqual(cart.pricelist_id, euros)
