from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestPoseChoiceLines(StudioWebsiteCase):
    """The choice of poses concerns only the portraits of a package whose photo the parent did not
    pick: never a print ordered from a photo of the gallery (it carries the photo the parent
    picked), nor a digital download (issue 24, point 1)."""

    def setUp(self):
        super().setUp()
        self.product_digital = self._product("Digital download", "digital", list_price=19.0)
        self.job.product_ids = [(4, self.product_digital.id)]
        self.job.action_start_prepay()

    def gallery_order(self):
        """A logged-in parent orders a print of Ann's second pose and its digital download in the
        gallery, and pays: the paid order."""
        self.start_selling()
        self.customer_user.partner_id.write(
            {"phone": "+1 555 0101", "country_id": self.env.ref("base.us").id}
        )
        self.login(self.customer_user)
        self.enter_code(self.ann.access_code)
        for product in (self.product_print, self.product_digital):
            self.assertRedirects(
                self.post(
                    f"/studio/gallery/{self.ann.id}/add",
                    {"photo_id": self.ann_photos[1].id, "product_id": product.id, "quantity": 1},
                ),
                "?added=1",
            )
        order = self.cart()
        self.assertEqual(self.checkout_and_pay(order)["state"], "done")
        self.assertEqual((order.state, order.studio_payment_state), ("sale", "paid"))
        return order

    def test_a_gallery_order_asks_for_no_pose(self):
        order = self.gallery_order()
        self.assertTrue(
            all(order.order_line.filtered("studio_photo_id").mapped("studio_photo_picked"))
        )
        self.assertFalse(self.ann._studio_pose_lines(self.customer_user.partner_id, order))
        self.assertFalse(order._studio_pose_children())
        self.assertEqual(
            order._studio_selling_news(), "lab", "the selling e-mail asks for no pose either"
        )
        page = self.url_open(order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("studio_pose_links", page.text)
        self.assertNotIn("Without a choice we print the first pose", page.text)
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}")
        self.assertNotIn("Choose the poses of your package", gallery.text)
        self.assertNotIn('name="line_id"', gallery.text)
        for line in order.order_line.filtered("studio_photo_id"):
            response = self.post(
                f"/studio/gallery/{self.ann.id}/pose",
                {"line_id": line.id, "photo_id": self.ann_photos[0].id},
            )
            self.assertEqual(
                response.status_code, 404, "no pose to choose on a line the parent picked"
            )
            self.assertEqual(line.studio_photo_id, self.ann_photos[1])

    def test_a_package_keeps_its_pose_choice_even_once_populated_but_not_its_download(self):
        order = self.prepay_order(
            self.ann,
            self.product_print | self.product_digital,
            partner_id=self.customer_user.partner_id.id,
            paid=True,
        )
        self.start_selling()
        package_line = order.order_line.filtered(lambda line: line.product_id == self.product_print)
        self.assertEqual(
            self.ann._studio_pose_lines(self.customer_user.partner_id),
            package_line,
            "the portrait of the package, not the download",
        )
        order.studio_collection_id.with_user(self.studio_user).action_populate_photos()
        self.assertEqual(
            package_line.studio_photo_id, self.ann_photos[0], "populate put the first pose"
        )
        self.assertEqual(order.studio_pipeline_state, "collected")
        self.assertEqual(
            self.ann._studio_pose_lines(self.customer_user.partner_id),
            package_line,
            "a photo populate put there is still the parent's to choose",
        )
        self.login(self.customer_user)
        page = self.url_open(order.get_portal_url())
        self.assertIn("studio_pose_links", page.text)
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}")
        self.assertIn(f'name="line_id" value="{package_line.id}"', gallery.text)
        self.assertEqual(
            gallery.text.count('name="line_id"'), 1, "one pose form: the download has none"
        )
