from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestGalleryOrdersGoToTheLab(StudioWebsiteCase):
    def add(self, subject, photo, product):
        return self.post(
            f"/studio/gallery/{subject.id}/add",
            {"photo_id": photo.id, "product_id": product.id, "quantity": 1, "crop": "square"},
        )

    def test_paid_gallery_cart_joins_the_collection_and_keeps_the_chosen_photos(self):
        self.job.action_start_prepay()
        self.start_selling()
        self.login(self.customer_user)
        self.enter_code(self.ann.access_code)
        self.add(self.ann, self.ann_photos[1], self.product_print)
        self.enter_code(self.bob.access_code)
        self.add(self.bob, self.bob_photos, self.product_print)
        cart = self.env["sale.order"].search(
            [("partner_id", "=", self.customer_user.partner_id.id)]
        )
        self.pay_with_demo(cart)
        self.assertEqual((cart.state, cart.studio_pipeline_state), ("sale", "collected"))
        collection = cart.studio_collection_id.with_user(self.studio_user)
        self.assertEqual((collection.job_id, collection.state), (self.job, "open"))
        chosen = {line.id: line.studio_photo_id for line in cart.order_line}
        collection.action_populate_photos()
        self.assertEqual({line.id: line.studio_photo_id for line in cart.order_line}, chosen)
        self.assertFalse(cart.studio_populate_error)
        collection.action_place_orders()
        batch = cart.studio_batch_id.with_user(self.studio_user)
        self.assertEqual(cart.studio_pipeline_state, "batched")
        batch.action_release()
        sheet = batch.sheet_attachment_id.raw.decode()
        self.assertIn(f"Bob Ray,1A,{self.bob.access_code}", sheet)
        self.assertIn(self.bob_photos._lab_file_name(), sheet)
        self.assertIn(self.ann_photos[1]._lab_file_name(), sheet)
