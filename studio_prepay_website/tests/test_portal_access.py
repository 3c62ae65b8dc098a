import base64

from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestPortalAccess(StudioWebsiteCase):
    def setUp(self):
        super().setUp()
        self.start_selling()
        # Studio Parent bought a prepay package for Ann: Ann's gallery is theirs
        self.mine = self.prepay_order(self.ann, partner_id=self.customer_user.partner_id.id)

    def test_record_rules_show_customers_their_subjects_and_photos_only(self):
        Subject = self.env["studio.subject"].with_user(self.customer_user)
        Photo = self.env["studio.photo"].with_user(self.customer_user)
        self.assertEqual(Subject.search([]), self.ann)
        self.assertEqual(Photo.search([]), self.ann_photos | self.class_1a)
        self.assertFalse(self.env["studio.subject"].with_user(self.other_user).search([]))
        self.assertFalse(self.env["studio.photo"].with_user(self.other_user).search([]))
        self.assertFalse(self.bob.with_user(self.customer_user).has_access("read"))
        self.assertFalse(self.bob_photos.with_user(self.customer_user).has_access("read"))
        self.assertTrue(self.class_1a.with_user(self.customer_user).has_access("read"))

    def test_customers_never_get_the_original_images(self):
        self.login(self.customer_user)
        photo = self.ann_photos[0]
        original = base64.b64decode(photo.image)
        for field in ("image", "image_256"):
            for route in ("/web/image", "/web/content"):
                response = self.url_open(f"{route}/studio.photo/{photo.id}/{field}")
                self.assertNotEqual(response.content, original, f"{route} {field}")
                self.assertNotEqual(
                    response.headers.get("Content-Type"), "image/jpeg", f"{route} {field}"
                )
        self.assertEqual(
            self.url_open(f"/studio/proof/{photo.id}").headers["Content-Type"], "image/jpeg"
        )

    def test_claimed_subject_is_visible_to_its_customer(self):
        self.cy._claim(self.other_user.partner_id)
        self.assertEqual(self.env["studio.subject"].with_user(self.other_user).search([]), self.cy)
        self.assertEqual(
            self.env["studio.photo"].with_user(self.other_user).search([]), self.class_2b
        )

    def test_customer_reaches_their_gallery_without_the_code(self):
        self.login(self.customer_user)
        self.assertEqual(self.url_open(f"/studio/gallery/{self.ann.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/studio/proof/{self.ann_photos[0].id}").status_code, 200)

    def test_another_customer_gets_nothing_whatever_the_id(self):
        self.login(self.other_user)
        self.assertEqual(self.url_open(f"/studio/gallery/{self.ann.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/studio/proof/{self.ann_photos[0].id}").status_code, 404)
        self.assertEqual(self.url_open(f"/studio/proof/{self.class_1a.id}").status_code, 404)
        response = self.post(
            f"/studio/gallery/{self.ann.id}/add",
            {"photo_id": self.ann_photos[0].id, "product_id": self.product_print.id, "quantity": 1},
        )
        self.assertEqual(response.status_code, 404)

    def test_another_customers_cart_is_not_theirs(self):
        self.login(self.customer_user)
        self.post(
            f"/studio/gallery/{self.ann.id}/add",
            {"photo_id": self.ann_photos[0].id, "product_id": self.product_print.id, "quantity": 1},
        )
        cart = self.cart()
        self.assertEqual(cart.partner_id, self.customer_user.partner_id)
        self.login(self.other_user)
        self.assertIn(
            self.url_open(f"/my/orders/{cart.id}", allow_redirects=False).status_code, (302, 303)
        )
        self.assertNotIn(f"/studio/proof/{self.ann_photos[0].id}", self.url_open("/shop/cart").text)

    def test_photo_of_another_subject_cannot_be_put_in_the_cart(self):
        self.login(self.customer_user)
        response = self.post(
            f"/studio/gallery/{self.ann.id}/add",
            {"photo_id": self.bob_photos.id, "product_id": self.product_print.id, "quantity": 1},
        )
        self.assertEqual(response.status_code, 404)
        response = self.post(
            f"/studio/gallery/{self.ann.id}/add",
            {"photo_id": self.class_1a.id, "product_id": self.product_print.id, "quantity": 1},
        )
        self.assertEqual(
            response.status_code, 404, "an individual product is not made from the class photo"
        )
