import base64

from PIL import Image

from odoo.tests import tagged
from odoo.tools import file_open

from .common import StudioWebsiteCase
from .common_tour import PhoneTourMixin, phone_browser


@tagged("post_install", "-at_install")
class TestPortalTour(PhoneTourMixin, StudioWebsiteCase):
    """The parent's whole path in a browser on a phone (390 x 844, touch), the tours of
    static/tests/tours/studio_prepay_tour.js. With STUDIO_SCREENSHOTS set to a directory they save
    the README's screenshots there:

        bin/harness screenshots  (= STUDIO_SCREENSHOTS=docs/screenshots bin/harness test --reuse
        studio_prepay_website/tests/test_portal_tour.py)
    """

    def add_demo_photos(self, files, code=None, group=None):
        """Photos of the demo data (portraits, a class photo) in the job's gallery for an access
        code or a class, in the order of ``files``."""
        Gallery = self.env["studio.gallery"]
        kind = "group" if group else "individual"
        domain = [("job_id", "=", self.job.id), ("kind", "=", kind)]
        domain += [("group_name", "=", group)] if group else [("access_code", "=", code)]
        gallery = Gallery.search(domain) or Gallery.create(
            {"job_id": self.job.id, "kind": kind, "group_name": group, "access_code": code}
        )
        photos = self.env["studio.photo"]
        for sequence, file_name in enumerate(files):
            with file_open(f"studio_prepay/demo/photos/{file_name}", "rb") as image:
                photos |= photos.create(
                    {
                        "gallery_id": gallery.id,
                        "name": file_name,
                        "sequence": sequence,
                        "image": base64.b64encode(image.read()),
                    }
                )
        return photos

    def run_tour(self, url, tour, shots=(), **kwargs):
        taken = []
        with phone_browser(taken) as directory:
            self.start_tour(url, tour, **kwargs)
        self.assertEqual(taken, list(shots), "the tour went through every screenshot step")
        for name in shots if directory else ():
            with Image.open(directory / f"{name}.png") as image:
                self.assertEqual(image.size, (390, 844), f"{name}.png: a phone's screen")

    def test_tour_from_the_card_code_to_a_paid_gallery_order_on_a_phone(self):
        # first in the lightbox's list, and the dearest: never chosen for the parent
        self.job.product_ids = [
            (4, self._product("Digital download", "digital", list_price=19.0).id)
        ]
        self.job.action_start_prepay()
        self.job.action_start_selling()
        ann_photos = self.add_demo_photos(
            ["portrait_1.jpg", "portrait_2.jpg"], code=self.ann.access_code
        )
        self.add_demo_photos(["class_photo.jpg"], group="1A")
        self.run_tour(
            f"/studio/code?code={self.ann.access_code}",
            "studio_prepay_tour",
            shots=[
                "01-code",
                "02-gallery",
                "03-lightbox",
                "04-cart",
                "05-checkout",
                "06-payment",
                "07-confirmation",
            ],
        )
        order = self.env["sale.order"].search([("studio_job_id", "=", self.job.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id.email, "tour.parent@example.com")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.studio_payment_state, "paid")
        line = order.order_line.filtered("studio_photo_id")
        self.assertEqual(
            (line.product_id, line.studio_photo_id, line.studio_crop),
            (self.product_print, ann_photos[1], "close_up"),
        )
        # the order page of the confirmation e-mail's link: no pose asked for the print the parent
        # picked
        self.run_tour(order.get_portal_url(), "studio_prepay_gallery_order_page_tour")

    def test_tour_prepay_for_two_children_then_the_pose_choice_on_a_phone(self):
        package = self._product(
            "Portrait package",
            "individual",
            list_price=29.0,
            description_sale="Two 5x7 prints and eight wallets of the pose you choose.",
        )
        self.job.product_ids = [(4, package.id)]
        self.job.action_start_prepay()
        parent = self.customer_user
        self.run_tour(
            f"/studio/code?code={self.ann.access_code}&sibling={self.bob.access_code}",
            "studio_prepay_siblings_tour",
            shots=["09-prepay-shop", "10-siblings-cart"],
            login=parent.login,
        )
        order = self.env["sale.order"].search([("studio_job_id", "=", self.job.id)])
        self.assertEqual(len(order), 1, "one order for both children")
        self.assertEqual(
            (order.partner_id, order.state, order.studio_payment_state),
            (parent.partner_id, "sale", "paid"),
        )
        ann_line = order.order_line.filtered(
            lambda line: line.product_id == package and not line.studio_subject_id
        )
        bob_line = order.order_line.filtered(lambda line: line.studio_subject_id == self.bob)
        self.assertEqual((order.studio_subject_id, ann_line.product_uom_qty), (self.ann, 1))
        self.assertEqual((bob_line.product_id, bob_line.product_uom_qty), (package, 1))

        # after picture day: the job sells, the photos are online, the parent chooses
        self.job.action_start_selling()
        self.add_demo_photos(["portrait_1.jpg", "portrait_2.jpg"], code=self.ann.access_code)
        bob_photos = self.add_demo_photos(
            ["portrait_3.jpg", "portrait_4.jpg"], code=self.bob.access_code
        )
        self.run_tour(
            "/my/orders", "studio_prepay_pose_tour", shots=["08-pose-choice"], login=parent.login
        )
        self.assertEqual((bob_line.studio_photo_id, bob_line.studio_pose), (bob_photos[1], 2))
        order.studio_collection_id.with_user(self.studio_user).action_populate_photos()
        self.assertEqual(bob_line.studio_photo_id, bob_photos[1], "populate keeps the chosen pose")
        self.assertEqual(
            ann_line.studio_photo_id.name,
            "portrait_1.jpg",
            "and takes the first pose without a choice",
        )

    def test_tour_order_pages_with_a_request_for_change_and_downloads_on_a_phone(self):
        """The customer's order page of a refunded request for change (the form, the paused
        download) and of a paid order (the download link) pass axe, their controls 44 px tap
        targets."""
        self.job.action_start_prepay()
        self.job.action_start_selling()
        digital = self._product("Digital download", "digital", list_price=19.0)
        self.job.product_ids = [(4, digital.id)]
        photos = self.add_demo_photos(
            ["portrait_1.jpg", "portrait_2.jpg"], code=self.ann.access_code
        )
        partner = self.customer_user.partner_id
        changed, paid = (
            self.prepay_order(
                self.ann, products=self.product_print | digital, partner_id=partner.id, paid=True
            )
            for _i in range(2)
        )
        for order in changed | paid:
            order.order_line.filtered(
                lambda line: line.product_id == digital
            ).studio_photo_id = photos[0]
        self.assertTrue(
            changed._studio_request_change(
                changed.order_line.filtered(lambda line: line.product_id == self.product_print),
                "<p>Please choose another pose for the print.</p>",
                refund="manual",
            )
        )
        self.assertEqual(
            (changed.studio_change_state, changed.studio_payment_state), ("requested", "refunded")
        )
        self.assertEqual(paid.studio_payment_state, "paid")
        self.run_tour(
            f"/my/orders/{changed.id}",
            "studio_prepay_change_form_tour",
            login=self.customer_user.login,
        )
        self.run_tour(
            f"/my/orders/{paid.id}", "studio_prepay_downloads_tour", login=self.customer_user.login
        )
