from urllib.parse import urlparse

from odoo.tests import tagged

from .common_portal import StudioPortalCase


@tagged("post_install", "-at_install")
class TestPortalPrepayOrder(StudioPortalCase):

    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()
        self.login(self.customer_user)
        self.enter_code(self.job.global_code)

    def order_form(self, **subject):
        return self.post(f"/studio/job/{self.job.id}/order", dict({
            f"qty_{self.product_print.id}": 2, f"qty_{self.product_class.id}": 1}, **subject))

    def checkout(self):
        """Follow the shop's checkout to the order page; returns the order."""
        response = self.url_open(f"/studio/job/{self.job.id}/checkout", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        path = urlparse(response.headers["Location"]).path
        self.assertTrue(path.startswith("/my/orders/"), path)
        return self.env["sale.order"].browse(int(path.split("/")[3]))

    def test_visitor_logs_in_before_the_order_is_created(self):
        self.authenticate(None, None)
        self.enter_code(self.job.global_code)
        self.assertRedirects(self.order_form(subject_code=self.ann.access_code.lower()),
                             f"/studio/job/{self.job.id}/checkout")
        response = self.url_open(f"/studio/job/{self.job.id}/checkout", allow_redirects=False)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertIn(f"/studio/job/{self.job.id}/checkout", response.headers["Location"].replace("%2F", "/"))
        self.login_in_session(self.customer_user)  # the session keeps the codes and the form
        order = self.checkout()
        self.assertEqual(order.partner_id, self.customer_user.partner_id)
        self.assertEqual((order.studio_job_id, order.studio_subject_id), (self.job, self.ann))
        self.assertEqual(order.studio_access_code, self.ann.access_code)
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.require_payment)
        self.assertEqual(sorted(order.order_line.mapped("product_uom_qty")), [1, 2])
        self.assertEqual(self.ann.partner_id, self.customer_user.partner_id, "the code is claimed")
        page = self.url_open(order.get_portal_url())
        self.assertIn(self.ann.access_code, page.text)

    def test_paid_prepay_order_is_confirmed_in_the_job_collection_with_its_email(self):
        self.order_form(subject_code=self.ann.access_code)
        order = self.checkout()
        status = self.pay_with_demo(order)
        self.assertEqual(status["state"], "done")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.studio_payment_state, "paid")
        self.assertEqual(order.studio_collection_id, self.job._get_open_collection())
        self.assertEqual(order.studio_pipeline_state, "collected")
        message = order.message_ids.filtered(lambda m: m.subject and "is confirmed" in m.subject)
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer_user.partner_id, message.partner_ids)
        for text in (order.name, "Ann Lee", self.ann.access_code, self.job.name):
            self.assertIn(text, message.body)

    def test_bank_transfer_like_pending_payment_leaves_the_order_to_confirm(self):
        self.order_form(subject_code=self.ann.access_code)
        order = self.checkout()
        self.pay_with_demo(order, state="pending")
        self.assertEqual(order.studio_payment_state, "pending")
        self.assertNotEqual(order.state, "sale")

    def test_name_and_class_need_the_job_to_allow_them(self):
        response = self.order_form(subject_name="Dee New", subject_group="3C")
        self.assertIn("Enter the access code from the card", response.text)
        self.job.prepay_subject_entry = "code_or_name"
        self.order_form(subject_name="Dee New", subject_group="3C")
        order = self.checkout()
        subject = order.studio_subject_id
        self.assertEqual((subject.name, subject.group_name, subject.job_id), ("Dee New", "3C", self.job))
        self.assertTrue(subject.access_code)
        self.assertEqual(subject.partner_id, self.customer_user.partner_id)
        self.order_form(subject_name="dee new", subject_group="3c")
        self.assertEqual(self.checkout().studio_subject_id, subject, "the same child again")

    def test_overlong_name_or_class_is_refused_on_the_form(self):
        self.job.prepay_subject_entry = "code_or_name"
        response = self.order_form(subject_name="x" * 101, subject_group="3C")
        self.assertIn("Names have at most 100 characters, classes 50", response.text)
        response = self.order_form(subject_name="Dee New", subject_group="=HYPERLINK(%s)" % ("y" * 60))
        self.assertIn("Names have at most 100 characters, classes 50", response.text)
        self.assertFalse(self.job.subject_ids.filtered(lambda s: s.name == "Dee New"))

    def test_name_of_a_names_list_subject_does_not_give_its_code(self):
        self.job.prepay_subject_entry = "code_or_name"
        self.order_form(subject_name="Ann Lee", subject_group="1A")
        order = self.checkout()
        self.assertNotEqual(order.studio_subject_id, self.ann)
        self.assertNotEqual(order.studio_access_code, self.ann.access_code)

    def test_shop_needs_a_product(self):
        response = self.post(f"/studio/job/{self.job.id}/order", {"subject_code": self.ann.access_code})
        self.assertIn("Choose at least one product", response.text)


@tagged("post_install", "-at_install")
class TestPortalGalleryCart(StudioPortalCase):

    def setUp(self):
        super().setUp()
        self.start_selling()
        self.login(self.customer_user)
        self.enter_code(self.ann.access_code)

    def add(self, subject, photo, product, **options):
        return self.post(f"/studio/gallery/{subject.id}/add",
                         dict({"photo_id": photo.id, "product_id": product.id, "quantity": 1}, **options))

    def test_visitor_sees_proofs_but_logs_in_to_order(self):
        self.authenticate(None, None)
        self.enter_code(self.ann.access_code)
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}")
        self.assertIn("log in or create an account", gallery.text)
        self.assertNotIn(f"/studio/gallery/{self.ann.id}/add", gallery.text)

    def test_cart_lines_carry_photo_crop_and_retouch_for_two_siblings(self):
        self.assertRedirects(self.add(self.ann, self.ann_photos[1], self.product_print, quantity=2,
                                      crop="close_up", retouch="1"), "/studio/cart")
        self.add(self.ann, self.class_1a, self.product_class)
        self.enter_code(self.bob.access_code)
        self.add(self.bob, self.bob_photos, self.product_print, crop="bogus")
        cart = self.env["sale.order"].search([("partner_id", "=", self.customer_user.partner_id.id)])
        self.assertEqual(len(cart), 1, "one cart for both children")
        self.assertEqual((cart.studio_job_id, cart.studio_subject_id, cart.state), (self.job, self.ann, "draft"))
        lines = cart.order_line
        self.assertEqual(lines.mapped("studio_photo_id"), self.ann_photos[1] | self.class_1a | self.bob_photos)
        first = lines.filtered(lambda l: l.studio_photo_id == self.ann_photos[1])
        self.assertEqual((first.product_uom_qty, first.studio_crop, first.studio_retouch), (2, "close_up", True))
        self.assertIn("Close-up", first.name)
        self.assertEqual(lines.filtered(lambda l: l.studio_photo_id == self.bob_photos).studio_crop, "full")
        page = self.url_open("/studio/cart")
        self.assertIn(cart.get_portal_url(), page.text.replace("&amp;", "&"))
        self.assertIn(f"/studio/proof/{self.bob_photos.id}", page.text)

    def test_paid_cart_is_confirmed_and_the_next_add_starts_a_new_cart(self):
        self.add(self.ann, self.ann_photos[0], self.product_print)
        cart = self.env["sale.order"].search([("partner_id", "=", self.customer_user.partner_id.id)])
        self.pay_with_demo(cart)
        self.assertEqual(cart.state, "sale")
        self.assertEqual(cart.order_line.studio_photo_id, self.ann_photos[0])
        self.add(self.ann, self.ann_photos[1], self.product_print)
        new_cart = self.env["sale.order"].search([("partner_id", "=", self.customer_user.partner_id.id)]) - cart
        self.assertEqual(new_cart.order_line.studio_photo_id, self.ann_photos[1])

    def test_remove_a_line(self):
        self.add(self.ann, self.ann_photos[0], self.product_print)
        cart = self.env["sale.order"].search([("partner_id", "=", self.customer_user.partner_id.id)])
        self.post("/studio/cart/remove", {"line_id": cart.order_line.id})
        self.assertFalse(cart.order_line)
