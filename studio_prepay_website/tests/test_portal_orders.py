from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestStorefrontPrepay(StudioWebsiteCase):
    """The prepay shop puts the job's offer in the website cart; Odoo's checkout takes the order."""

    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()
        self.customer_user.partner_id.write(
            {"phone": "+1 555 0101", "country_id": self.env.ref("base.us").id}
        )

    def order_form(self, **subject):
        return self.post(
            f"/studio/job/{self.job.id}/order",
            dict({f"qty_{self.product_print.id}": 2, f"qty_{self.product_class.id}": 1}, **subject),
        )

    def test_guest_orders_with_the_card_code_and_pays_without_a_postal_address(self):
        self.enter_code(self.job.global_code)
        self.assertRedirects(
            self.order_form(subject_code=self.ann.access_code.lower()), "/shop/cart"
        )
        order = self.cart()
        self.assertEqual((order.studio_job_id, order.studio_subject_id), (self.job, self.ann))
        self.assertEqual(sorted(order.order_line.mapped("product_uom_qty")), [1, 2])
        self.assertIn(self.product_print.name, self.url_open("/shop/cart").text)
        # delivered to the school: a name, an e-mail and a phone are enough
        self.assertIn("/shop/checkout", self.give_address()["successUrl"])
        status = self.checkout_and_pay(order)
        self.assertEqual(status["state"], "done")
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            order.carrier_id, self.env.ref("studio_prepay_website.delivery_carrier_organisation")
        )
        self.assertEqual(order.studio_payment_state, "paid")
        self.assertEqual(order.studio_pipeline_state, "collected")
        self.assertEqual(order.partner_id.email, "guest.parent@example.com")
        message = order.message_ids.filtered(lambda m: m.subject and "is confirmed" in m.subject)
        self.assertEqual(len(message), 1)
        for text in (order.name, "Ann Lee", self.ann.access_code, self.job.name):
            self.assertIn(text, message.body)

    def test_direct_shipping_needs_the_postal_address(self):
        self.job.delivery_mode = "direct"
        self.enter_code(self.job.global_code)
        self.order_form(subject_code=self.ann.access_code)
        response = self.post(
            "/shop/address/submit",
            {
                "name": "Guest Parent",
                "email": "guest.parent@example.com",
                "phone": "+1 555 0100",
                "country_id": self.env.ref("base.be").id,
                "address_type": "billing",
                "use_delivery_as_billing": "true",
            },
        )
        self.assertIn("street", response.json().get("invalid_fields", []))
        self.give_address(
            street="1 Main Street",
            city="Brussels",
            zip="1000",
            country_id=self.env.ref("base.be").id,
        )
        self.checkout_and_pay(self.cart())
        self.assertEqual(
            self.cart().carrier_id, self.env.ref("studio_prepay_website.delivery_carrier_home")
        )

    def test_child_card_opens_the_prepay_shop_with_the_child_chosen(self):
        self.assertRedirects(
            self.enter_code(self.bob.access_code),
            f"/studio/job/{self.job.id}?subject={self.bob.id}",
        )
        shop = self.url_open(f"/studio/job/{self.job.id}?subject={self.bob.id}")
        self.assertIn("Bob Ray", shop.text)
        self.assertIn(f'value="{self.bob.access_code}"', shop.text)
        self.assertEqual(
            self.url_open(f"/studio/job/{self.job.id}?subject={self.ann.id}").text.count("Ann Lee"),
            0,
        )

    def test_logged_in_customer_claims_the_code(self):
        self.login(self.customer_user)
        self.enter_code(self.job.global_code)
        self.order_form(subject_code=self.ann.access_code)
        order = self.cart()
        self.assertEqual(order.partner_id, self.customer_user.partner_id)
        self.assertEqual(self.ann.partner_id, self.customer_user.partner_id)
        self.checkout_and_pay(order, state="pending")
        self.assertEqual(order.studio_payment_state, "pending")
        self.assertNotEqual(order.state, "sale")

    def test_name_and_class_need_the_job_to_allow_them(self):
        self.login(self.customer_user)
        self.enter_code(self.job.global_code)
        response = self.order_form(subject_name="Dee New", subject_group="3C")
        self.assertIn("Enter the access code from the card", response.text)
        self.job.prepay_subject_entry = "code_or_name"
        self.order_form(subject_name="Dee New", subject_group="3C")
        subject = self.cart().studio_subject_id
        self.assertEqual(
            (subject.name, subject.group_name, subject.job_id), ("Dee New", "3C", self.job)
        )
        self.assertTrue(subject.access_code)
        self.assertNotEqual(subject, self.ann)
        self.order_form(subject_name="Ann Lee", subject_group="1A")
        self.assertNotEqual(
            self.cart().studio_subject_id, self.ann, "a name never gives a names-list code"
        )

    def test_overlong_name_or_class_is_refused_on_the_form(self):
        self.job.prepay_subject_entry = "code_or_name"
        self.login(self.customer_user)
        self.enter_code(self.job.global_code)
        response = self.order_form(subject_name="x" * 101, subject_group="3C")
        self.assertIn("Names have at most 100 characters, classes 50", response.text)
        response = self.order_form(
            subject_name="Dee New", subject_group="=HYPERLINK(%s)" % ("y" * 60)
        )
        self.assertIn("Names have at most 100 characters, classes 50", response.text)
        self.assertFalse(self.job.subject_ids.filtered(lambda s: s.name == "Dee New"))

    def test_shop_needs_a_product(self):
        self.enter_code(self.job.global_code)
        response = self.post(
            f"/studio/job/{self.job.id}/order", {"subject_code": self.ann.access_code}
        )
        self.assertIn("Choose at least one product", response.text)


@tagged("post_install", "-at_install")
class TestStorefrontGallery(StudioWebsiteCase):
    def setUp(self):
        super().setUp()
        self.start_selling()
        self.enter_code(self.ann.access_code)
        self.crop = self.product_print.product_tmpl_id.attribute_line_ids.filtered(
            lambda line: line.attribute_id == self.env.ref("studio_prepay.product_attribute_crop")
        )
        self.retouch = self.product_print.product_tmpl_id.attribute_line_ids.filtered(
            lambda line: (
                line.attribute_id == self.env.ref("studio_prepay.product_attribute_retouch")
            )
        )

    def value(self, line, xmlid):
        return line.product_template_value_ids.filtered(
            lambda v: v.product_attribute_value_id == self.env.ref(f"studio_prepay.{xmlid}")
        )

    def add(self, subject, photo, product, **options):
        return self.post(
            f"/studio/gallery/{subject.id}/add",
            dict({"photo_id": photo.id, "product_id": product.id, "quantity": 1}, **options),
        )

    def test_visitor_sees_prices_and_orders_without_an_account(self):
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}")
        self.assertIn(f"/studio/gallery/{self.ann.id}/add", gallery.text)
        self.assertIn("Ann Lee, pose 2", gallery.text, "alt texts say what the photo is")
        self.assertIn("Class photo 1A", gallery.text)
        self.assertIn("10.00", gallery.text)
        self.assertRedirects(self.add(self.ann, self.ann_photos[0], self.product_print), "?added=1")

    def test_gallery_script_adds_to_the_cart_without_a_new_page(self):
        close_up = self.value(self.crop, "product_attribute_value_crop_close_up")
        route = f"/studio/gallery/{self.ann.id}/add_json"
        result = self.make_jsonrpc_request(
            route,
            {
                "photo_id": str(self.ann_photos[1].id),
                "product_id": str(self.product_print.id),
                "quantity": "2",
                f"option_{self.crop.id}": str(close_up.id),
            },
        )
        self.assertEqual(result, {"added": 2, "warning": "", "cart_quantity": 2})
        result = self.make_jsonrpc_request(
            route,
            {"photo_id": self.class_1a.id, "product_id": self.product_class.id, "quantity": 1},
        )
        self.assertEqual(result["cart_quantity"], 3)
        line = self.cart().order_line.filtered(
            lambda line: line.studio_photo_id == self.ann_photos[1]
        )
        self.assertEqual((line.product_uom_qty, line.studio_crop), (2, "close_up"))
        with self.assertRaises(
            JsonRpcException, msg="another child's photo is not in this gallery"
        ):
            self.make_jsonrpc_request(
                route,
                {
                    "photo_id": self.bob_photos.id,
                    "product_id": self.product_print.id,
                    "quantity": 1,
                },
            )
        self.assertEqual(self.cart().cart_quantity, 3)

    def test_cart_lines_carry_photo_crop_and_retouch_for_two_siblings(self):
        close_up, retouched = (
            self.value(self.crop, "product_attribute_value_crop_close_up"),
            self.value(self.retouch, "product_attribute_value_retouch_yes"),
        )
        retouched.price_extra = 5.0
        self.add(
            self.ann,
            self.ann_photos[1],
            self.product_print,
            quantity=2,
            **{f"option_{self.crop.id}": close_up.id, f"option_{self.retouch.id}": retouched.id},
        )
        self.add(
            self.ann,
            self.ann_photos[1],
            self.product_print,
            **{f"option_{self.crop.id}": close_up.id, f"option_{self.retouch.id}": retouched.id},
        )
        self.add(self.ann, self.class_1a, self.product_class)
        self.enter_code(self.bob.access_code)
        self.add(
            self.bob, self.bob_photos, self.product_print, **{f"option_{self.crop.id}": "999999"}
        )
        cart = self.cart()
        self.assertEqual(
            (cart.studio_job_id, cart.studio_subject_id, cart.state), (self.job, self.ann, "draft")
        )
        lines = cart.order_line.filtered(lambda line: not line.is_delivery)
        self.assertEqual(len(lines), 3, "the same photo and options add to the same line")
        first = lines.filtered(lambda line: line.studio_photo_id == self.ann_photos[1])
        self.assertEqual(
            (first.product_uom_qty, first.studio_crop, first.studio_retouch), (3, "close_up", True)
        )
        self.assertEqual(first.price_unit, 15.0, "retouching has its extra price")
        self.assertIn("Ann Lee, pose 2", first.name)
        self.assertIn("Close-up", first.name)
        bob_line = lines.filtered(lambda line: line.studio_photo_id == self.bob_photos)
        self.assertEqual((bob_line.studio_crop, bob_line.studio_retouch), ("full", False))
        page = self.url_open("/shop/cart")
        self.assertIn(f"/studio/proof/{self.bob_photos.id}", page.text)

    def test_gallery_and_cart_show_the_same_prices_with_taxes_per_the_website(self):
        tax = self.env["account.tax"].create(
            {"name": "VAT 20", "amount": 20, "type_tax_use": "sale"}
        )
        self.product_print.taxes_id = tax
        website = self.env["website"].get_current_website()
        for setting, shown in (("tax_included", "12.00"), ("tax_excluded", "10.00")):
            website.show_line_subtotals_tax_selection = setting
            self.assertIn(shown, self.url_open(f"/studio/gallery/{self.ann.id}").text)
        website.show_line_subtotals_tax_selection = "tax_included"
        self.add(self.ann, self.ann_photos[0], self.product_print)
        self.assertIn("12.00", self.url_open("/shop/cart").text)

    def test_cart_quantity_is_editable_and_the_paid_cart_is_confirmed(self):
        self.add(self.ann, self.ann_photos[0], self.product_print)
        cart = self.cart()
        line = cart.order_line
        self.make_jsonrpc_request(
            "/shop/cart/update_json",
            {"product_id": line.product_id.id, "line_id": line.id, "set_qty": 3},
        )
        self.assertEqual(line.product_uom_qty, 3)
        self.give_address()
        self.checkout_and_pay(cart)
        self.assertEqual(cart.state, "sale")
        self.assertEqual(
            cart.order_line.filtered("studio_photo_id").studio_photo_id, self.ann_photos[0]
        )
        self.add(self.ann, self.ann_photos[1], self.product_print)
        self.assertNotEqual(self.cart(), cart, "the next photo starts a new cart")

    def test_late_orders_carry_the_late_fee_and_go_home(self):
        fee = self._product("Late fee", False, list_price=4.0)
        self.job.write({"order_deadline": "2020-01-01 00:00:00", "late_fee_product_id": fee.id})
        self.add(self.ann, self.ann_photos[0], self.product_print)
        self.assertIn(fee, self.cart().order_line.product_id)
        self.assertIn(
            "The order deadline has passed", self.url_open(f"/studio/gallery/{self.ann.id}").text
        )
        self.assertTrue(self.cart()._studio_needs_address())


@tagged("post_install", "-at_install")
class TestPrepayPlusPoses(StudioWebsiteCase):
    """Prepay+: who prepaid a package chooses its poses in the gallery once the job sells."""

    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()
        self.order = self.prepay_order(
            self.ann, self.product_print, partner_id=self.customer_user.partner_id.id, confirm=False
        )
        self.order.action_confirm()
        self.start_selling()

    def pay(self):
        journal = self.env["account.journal"].search([("type", "=", "bank")], limit=1)
        self.order.with_user(self.accountant)._studio_mark_paid(journal, "2026-01-01")

    def test_customer_chooses_the_pose_and_populate_keeps_it(self):
        self.pay()
        self.login(self.customer_user)
        line = self.order.order_line
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}")
        self.assertIn("Choose the poses of your package", gallery.text)
        response = self.post(
            f"/studio/gallery/{self.ann.id}/pose",
            {"line_id": line.id, "photo_id": self.ann_photos[1].id},
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual((line.studio_photo_id, line.studio_pose), (self.ann_photos[1], 2))
        self.order.studio_collection_id.with_user(self.studio_user).action_populate_photos()
        self.assertEqual(line.studio_photo_id, self.ann_photos[1])

    def test_no_choice_for_unpaid_orders_other_customers_or_after_the_deadline(self):
        self.login(self.customer_user)
        self.assertNotIn("Choose the poses", self.url_open(f"/studio/gallery/{self.ann.id}").text)
        self.pay()
        self.login(self.other_user)
        self.enter_code(self.ann.access_code)
        response = self.post(
            f"/studio/gallery/{self.ann.id}/pose",
            {"line_id": self.order.order_line.id, "photo_id": self.ann_photos[1].id},
        )
        self.assertEqual(response.status_code, 404)
        self.job.order_deadline = "2020-01-01 00:00:00"
        self.login(self.customer_user)
        self.assertNotIn("Choose the poses", self.url_open(f"/studio/gallery/{self.ann.id}").text)
