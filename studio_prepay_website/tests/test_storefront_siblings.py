from markupsafe import escape

from odoo import Command
from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestStorefrontSiblings(StudioWebsiteCase):
    """Siblings in one prepay cart: a parent enters each child's card code (or picks the child in
    the prepay shop of the global code), puts packages for both children in one website cart and
    pays once; each line carries its child, from the order sheet to Populate and the Prepay+ pose
    choice."""

    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()

    def order_for(self, subject, quantities=None):
        """The prepay shop's form: ``{product: quantity}`` for ``subject``'s card code."""
        quantities = quantities or {self.product_print: 1}
        return self.post(
            f"/studio/job/{self.job.id}/order",
            dict(
                {f"qty_{product.id}": qty for product, qty in quantities.items()},
                subject_code=subject.access_code,
            ),
        )

    def lines_of(self, order, subject):
        return order.order_line.filtered(
            lambda line: line._studio_subject() == subject and line._studio_child_lines()
        )

    def test_two_children_one_cart_paid_once_and_populated_child_by_child(self):
        self.assertRedirects(
            self.enter_code(self.ann.access_code),
            f"/studio/job/{self.job.id}?subject={self.ann.id}",
        )
        self.assertRedirects(
            self.order_for(self.ann, {self.product_print: 1, self.product_class: 1}), "/shop/cart"
        )
        cart = self.cart()
        self.assertRedirects(
            self.enter_code(self.bob.access_code),
            f"/studio/job/{self.job.id}?subject={self.bob.id}",
        )
        shop = self.url_open(f"/studio/job/{self.job.id}?subject={self.bob.id}").text
        self.assertIn("Your cart has packages for", shop)
        self.assertIn(
            f'href="/studio/job/{self.job.id}?subject={self.ann.id}"',
            shop,
            "the other child is one tap away",
        )
        self.assertRedirects(self.order_for(self.bob), "/shop/cart")
        self.assertEqual(self.cart(), cart, "the sibling's package goes in the same cart")
        self.assertEqual((cart.studio_job_id, cart.studio_subject_id), (self.job, self.ann))
        self.assertEqual(cart._studio_children(), self.ann | self.bob)
        ann_lines, bob_lines = self.lines_of(cart, self.ann), self.lines_of(cart, self.bob)
        self.assertEqual(ann_lines.product_id, self.product_print | self.product_class)
        self.assertFalse(ann_lines.studio_subject_id, "the order's child needs no line subject")
        self.assertEqual(
            (bob_lines.product_id, bob_lines.studio_subject_id), (self.product_print, self.bob)
        )
        page = self.url_open("/shop/cart").text
        self.assertIn("For <strong>Ann Lee</strong>", page)
        self.assertIn("For <strong>Bob Ray</strong>", page)
        self.assertIn(
            f'href="/studio/job/{self.job.id}"',
            page,
            "the cart leads back to the shop for another child",
        )

        self.give_address()
        self.assertEqual(self.checkout_and_pay(cart)["state"], "done")
        self.assertEqual((cart.state, cart.studio_payment_state), ("sale", "paid"))
        self.assertEqual(
            self.env["sale.order"].search_count([("studio_job_id", "=", self.job.id)]),
            1,
            "one order for both children",
        )
        self.assertEqual(
            cart.amount_untaxed, 30.0, "two prints and a class photo, delivered to the school"
        )

        self.start_selling()
        cart.studio_collection_id.with_user(self.studio_user).action_populate_photos()
        self.assertFalse(cart.studio_populate_error)
        self.assertEqual(
            ann_lines.filtered(lambda line: line.product_id == self.product_print).studio_photo_id,
            self.ann_photos[0],
        )
        self.assertEqual(
            ann_lines.filtered(lambda line: line.product_id == self.product_class).studio_photo_id,
            self.class_1a,
        )
        self.assertEqual(
            bob_lines.studio_photo_id,
            self.bob_photos,
            "the sibling's line gets the sibling's photo",
        )
        row = bob_lines._studio_lab_row()
        self.assertEqual((row["subject"], row["access code"]), ("Bob Ray", self.bob.access_code))

    def test_global_code_shop_takes_each_childs_code_into_one_cart(self):
        self.enter_code(self.job.global_code)
        self.order_for(self.ann)
        cart = self.cart()
        self.order_for(self.cy, {self.product_class: 1})
        self.assertEqual(self.cart(), cart)
        self.assertEqual(cart._studio_children(), self.ann | self.cy)
        self.assertEqual(self.lines_of(cart, self.cy).product_id, self.product_class)
        self.order_for(self.ann)
        self.assertEqual(
            self.lines_of(cart, self.ann).product_uom_qty, 2, "the same child adds to its own line"
        )

    def test_one_per_child_allows_one_for_each_child(self):
        self.product_print.studio_one_per_subject = True
        self.enter_code(self.job.global_code)
        self.order_for(self.ann, {self.product_print: 2})
        cart = self.cart()
        self.assertEqual(self.lines_of(cart, self.ann).product_uom_qty, 1)
        self.assertIn("one per child only", self.url_open("/shop/cart").text)
        self.order_for(self.bob)
        self.assertEqual(
            self.lines_of(cart, self.bob).product_uom_qty, 1, "one for the sibling too"
        )
        self.order_for(self.ann)
        self.assertEqual(self.lines_of(cart, self.ann).product_uom_qty, 1)
        self.assertEqual(
            len(cart.order_line.filtered(lambda line: line.product_id == self.product_print)), 2
        )

    def test_sibling_discount_counts_both_children_of_a_prepay_cart(self):
        sibling = self.env["loyalty.program"].create(
            {
                "name": "Siblings",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [
                    Command.create(
                        {
                            "product_ids": [Command.set(self.product_print.ids)],
                            "studio_min_subjects": 2,
                        }
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        self.enter_code(self.ann.access_code)
        self.order_for(self.ann, {self.product_print: 2})
        self.assertFalse(
            self.cart().order_line.filtered("reward_id"),
            "two packages of one child are no siblings",
        )
        self.enter_code(self.bob.access_code)
        self.order_for(self.bob)
        discounts = self.cart().order_line.filtered("reward_id")
        self.assertEqual(discounts.reward_id.program_id, sibling)
        self.assertAlmostEqual(
            sum(discounts.mapped("price_subtotal")), -3.0, msg="10% of three prints of 10.00"
        )

    def test_carts_of_other_jobs_are_replaced_and_never_mixed(self):
        other_job = self.env["studio.job"].create(
            {
                "name": "Other School 2026",
                "partner_id": self.partner_school.id,
                "product_ids": [Command.set(self.product_print.ids)],
            }
        )
        dee = self.env["studio.subject"].create(
            {"job_id": other_job.id, "name": "Dee Sun", "group_name": "3C"}
        )
        other_job.action_start_prepay()
        other_job.action_start_selling()
        dee_photo = self.add_photos(other_job, 1, code=dee.access_code)
        self.enter_code(self.ann.access_code)
        self.order_for(self.ann)
        prepay_cart = self.cart()
        self.enter_code(dee.access_code)
        self.post(
            f"/studio/gallery/{dee.id}/add",
            {"photo_id": dee_photo.id, "product_id": self.product_print.id, "quantity": 1},
        )
        selling_cart = self.cart()
        self.assertNotEqual(
            selling_cart, prepay_cart, "a gallery cart of another job starts a new cart"
        )
        self.assertEqual(selling_cart.order_line.studio_photo_id, dee_photo)
        self.order_for(self.bob)
        self.assertNotIn(
            self.cart(), prepay_cart | selling_cart, "the prepay shop starts its own cart again"
        )
        for cart in (prepay_cart, selling_cart, self.cart()):
            self.assertEqual(
                len(cart.order_line._studio_child_lines().mapped("order_id.studio_job_id")), 1
            )
        self.assertEqual(self.cart()._studio_children(), self.bob)
        self.assertEqual(prepay_cart._studio_children(), self.ann, "the left cart keeps its lines")

    def test_gallery_cart_takes_a_siblings_class_photo_of_another_class(self):
        self.start_selling()
        self.enter_code(self.ann.access_code)
        self.post(
            f"/studio/gallery/{self.ann.id}/add",
            {"photo_id": self.class_1a.id, "product_id": self.product_class.id, "quantity": 1},
        )
        self.enter_code(self.cy.access_code)
        response = self.post(
            f"/studio/gallery/{self.cy.id}/add",
            {"photo_id": self.class_2b.id, "product_id": self.product_class.id, "quantity": 1},
        )
        self.assertRedirects(response, "?added=1")
        cart = self.cart()
        self.assertEqual(
            cart.order_line.filtered(
                lambda line: line.studio_photo_id == self.class_2b
            ).studio_subject_id,
            self.cy,
            "the class photo of Cy's class is Cy's line",
        )
        self.assertEqual(cart._studio_children(), self.ann | self.cy)
        self.assertIn("For <strong>Cy Fox</strong>", self.url_open("/shop/cart").text)

    def test_poses_are_chosen_child_by_child_after_the_switch_to_selling(self):
        self.customer_user.partner_id.write(
            {"phone": "+1 555 0101", "country_id": self.env.ref("base.us").id}
        )
        self.login(self.customer_user)
        self.enter_code(self.ann.access_code)
        self.order_for(self.ann)
        self.enter_code(self.bob.access_code)
        self.order_for(self.bob)
        order = self.cart()
        self.assertEqual(self.checkout_and_pay(order)["state"], "done")
        self.assertEqual(order.studio_payment_state, "paid")
        self.start_selling()
        bob_second = self.add_photos(self.job, 1, code=self.bob.access_code, names=["bob_2.jpg"])
        ann_line, bob_line = self.lines_of(order, self.ann), self.lines_of(order, self.bob)
        self.login(
            self.customer_user
        )  # a new visit once the photos are online: no code in the session
        order_page = self.url_open(order.get_portal_url()).text
        self.assertIn(
            f'href="{escape(order._studio_gallery_url(self.bob))}#studio_poses"', order_page
        )
        self.assertIn(
            f'href="{escape(order._studio_gallery_url(self.ann))}#studio_poses"', order_page
        )
        self.assertIn("Bob Ray", order_page, "the order page names the sibling")
        self.assertEqual(self.ann._studio_pose_lines(self.customer_user.partner_id), ann_line)
        self.assertEqual(self.bob._studio_pose_lines(self.customer_user.partner_id), bob_line)
        gallery = self.url_open(f"/studio/gallery/{self.bob.id}")
        self.assertEqual(gallery.status_code, 200)
        self.assertIn(f'name="line_id" value="{bob_line.id}"', gallery.text)
        self.assertNotIn(
            f'name="line_id" value="{ann_line.id}"',
            gallery.text,
            "Ann's package is chosen in her gallery",
        )
        refused = self.post(
            f"/studio/gallery/{self.ann.id}/pose",
            {"line_id": bob_line.id, "photo_id": self.ann_photos[1].id},
        )
        self.assertEqual(
            refused.status_code, 404, "a line is chosen with its own child's photos only"
        )
        response = self.post(
            f"/studio/gallery/{self.bob.id}/pose",
            {"line_id": bob_line.id, "photo_id": bob_second.id},
        )
        self.assertRedirects(response, "?pose_chosen=1#studio_poses")
        self.assertEqual((bob_line.studio_photo_id, bob_line.studio_pose), (bob_second, 2))
        order.studio_collection_id.with_user(self.studio_user).action_populate_photos()
        self.assertEqual(
            bob_line.studio_photo_id, bob_second, "populate keeps the sibling's chosen pose"
        )
        self.assertEqual(
            ann_line.studio_photo_id,
            self.ann_photos[0],
            "and takes the first pose without a choice",
        )

    def test_emails_name_every_child_of_the_order(self):
        order = self.prepay_order(
            self.ann,
            order_line=[
                Command.create({"product_id": self.product_print.id}),
                Command.create(
                    {"product_id": self.product_print.id, "studio_subject_id": self.bob.id}
                ),
            ],
            paid=True,
        )
        self.assertEqual(order._studio_children(), self.ann | self.bob)
        confirmation = self.env.ref(
            "studio_prepay.mail_template_studio_order_confirmation"
        )._render_field("body_html", order.ids)[order.id]
        for child in (self.ann, self.bob):
            self.assertIn(child.name, confirmation)
            self.assertIn(child.access_code, confirmation)
        self.assertIn("Keep these access codes", confirmation)
        self.job.action_start_selling()
        selling = self.env.ref("studio_prepay.mail_template_job_selling")._render_field(
            "body_html", order.ids
        )[order.id]
        for child in (self.ann, self.bob):
            self.assertIn(f"Open the gallery of {child.name}", selling)
            self.assertIn(child.access_code, selling)
            self.assertIn(f'href="{escape(order._studio_gallery_url(child))}"', selling)
        self.assertIn(
            f"/studio/gallery/{self.bob.id}?order_id={order.id}&amp;access_token=", selling
        )
        self.assertIn("Choose the poses of your pre-ordered package", selling)
