import re

from odoo.tests import tagged

from .common import StudioWebsiteCase

NEUTRAL = "This code does not open anything at the moment"
CLOSED = "This job is closed: orders are no longer taken."


@tagged("post_install", "-at_install")
class TestStorefrontStates(StudioWebsiteCase):
    """What the parent's pages say in each state (issue 24, point 4): no portrait yet, a closed job,
    after the deadline; the order page's badges, the heart's name and the tap targets."""

    def test_a_closed_job_says_so_to_its_cards_only(self):
        self.job.action_start_prepay()
        self.job.action_close()
        draft_job = self.env["studio.job"].create(
            {"name": "Draft School", "partner_id": self.partner_school.id}
        )
        draft_child = self.env["studio.subject"].create(
            {"job_id": draft_job.id, "name": "Dee Draft"}
        )
        answer = self.enter_code(self.ann.access_code)
        self.assertEqual(answer.status_code, 200)
        self.assertIn(CLOSED, answer.text, "the card of a child of the closed job")
        self.assertNotIn(NEUTRAL, answer.text)
        for code in ("K7QXM4PBZ9", self.job.global_code, draft_child.access_code):
            answer = self.enter_code(code)
            self.assertIn(NEUTRAL, answer.text, f"{code}: one neutral answer")
            self.assertNotIn(
                "closed", answer.text.split("studio_code_error", 1)[1].split("</div>", 1)[0]
            )

    def test_a_child_without_portraits_is_told_they_are_not_online_yet(self):
        self.job.action_start_prepay()
        self.job.action_start_selling()
        self.add_photos(self.job, 1, group="1A")
        self.enter_code(self.ann.access_code)
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}").text
        self.assertIn("The portraits are not online yet", gallery)
        self.assertIn("Class photo 1A", gallery, "the class photo is shown")
        self.add_photos(self.job, 1, code=self.ann.access_code)
        self.assertNotIn(
            "The portraits are not online yet", self.url_open(f"/studio/gallery/{self.ann.id}").text
        )

    def test_after_the_deadline_the_banner_says_the_late_fee(self):
        fee = self._product("Late fee", False, list_price=4.0)
        self.job.action_start_prepay()
        self.start_selling()
        self.job.write({"order_deadline": "2020-01-01 00:00:00", "late_fee_product_id": fee.id})
        self.enter_code(self.ann.access_code)
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}").text
        self.assertRegex(
            gallery,
            r"with a late fee of\s*<span[^>]*>\$\xa0<span[^>]*>4\.00|with a late fee of[^.]*4\.00",
        )

    def test_heart_badges_and_tap_targets(self):
        self.job.action_start_prepay()
        digital = self._product("Digital download", "digital", list_price=19.0)
        self.job.product_ids = [(4, digital.id)]
        self.start_selling()
        self.enter_code(self.ann.access_code)
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}").text
        heart = gallery.split('class="btn o_studio_fav', 1)[1].split("</button>", 1)[0]
        self.assertIn('aria-label="Favourite: Ann Lee, pose 1"', heart)
        self.assertIn('aria-pressed="false"', heart)
        self.assertNotIn('role="img"', heart, "the button has a name, its icon is decoration")
        product_row = gallery.split('class="o_studio_product_choice', 1)[1].split("</label>", 1)[0]
        self.assertIn("o_studio_tap", product_row, "product rows are 44 px tap targets")

        order = self.prepay_order(
            self.ann, digital, partner_id=self.customer_user.partner_id.id, paid=True
        )
        order.order_line.sudo().studio_photo_id = self.ann_photos[0]
        order.sudo().write(
            {"studio_change_state": "requested", "studio_change_message": "Check the photo"}
        )
        order.order_line.sudo().studio_change_state = "requested"
        self.login(self.customer_user)
        page = self.url_open(order.get_portal_url()).text
        self.assertIn("badge o_studio_badge_done", page, "Paid: the badge of 4.5:1")
        self.assertIn("badge o_studio_badge_todo", page, "Request for change")
        self.assertIn(
            "o_studio_tap o_studio_download", page, "the download link is a 44 px tap target"
        )
        self.assertIn("o_studio_tap o_studio_change_photo", page, "so are the change form's photos")

    def test_the_prepay_shop_quantities_start_at_zero_with_a_stepper(self):
        self.job.action_start_prepay()
        self.enter_code(self.job.global_code)
        shop = self.url_open(f"/studio/job/{self.job.id}").text
        for product in self.job.product_ids:
            box = re.search(rf'<input[^>]*name="qty_{product.id}"[^>]*>', shop)
            self.assertTrue(box, product.name)
            self.assertIn('value="0"', box.group(0), "a quantity box is never blank")
            self.assertIn(f'aria-label="One more {product.name}"', shop)
            self.assertIn(f'aria-label="One less {product.name}"', shop)
        self.assertEqual(
            shop.count("o_studio_tap o_studio_qty_plus"),
            len(self.job.product_ids),
            "the steppers are 44 px tap targets",
        )
