from odoo.tests import tagged

from .common import StudioWebsiteCase

NEUTRAL = "This code does not open anything at the moment"


@tagged("post_install", "-at_install")
class TestPortalCodeEntry(StudioWebsiteCase):
    def test_qr_card_url_opens_the_page_with_the_code_filled_in(self):
        response = self.url_open(self.ann.code_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'value="{self.ann.access_code}"', response.text)

    def test_global_code_opens_the_prepay_shop_however_it_is_typed(self):
        self.job.action_start_prepay()
        code = self.job.global_code
        for typed in (
            code,
            code.lower(),
            code.replace("-", ""),
            " %s  %s " % (code[:5].lower(), code[6:]),
        ):
            self.assertRedirects(self.enter_code(typed), f"/studio/job/{self.job.id}")
        shop = self.url_open(f"/studio/job/{self.job.id}")
        self.assertEqual(shop.status_code, 200)
        self.assertIn(self.product_print.name, shop.text)
        self.assertIn(self.product_class.name, shop.text)

    def test_subject_code_opens_its_gallery_while_selling(self):
        self.start_selling()
        self.assertRedirects(
            self.enter_code(self.ann.access_code.lower().replace("-", " ")),
            f"/studio/gallery/{self.ann.id}",
        )
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}")
        self.assertEqual(gallery.status_code, 200)
        self.assertIn("Ann Lee", gallery.text)
        for photo in self.ann_photos | self.class_1a:
            self.assertIn(f"/studio/proof/{photo.id}", gallery.text)
        for photo in self.bob_photos | self.class_2b:
            self.assertNotIn(f'/studio/proof/{photo.id}"', gallery.text)

    def test_wrong_code_and_wrong_phase_get_one_neutral_answer(self):
        answers = []
        response = self.enter_code(self.ann.access_code)  # a draft job opens nothing
        answers.append(response.text.split(NEUTRAL)[1][:120] if NEUTRAL in response.text else None)
        self.job.action_start_prepay()
        for code in ("ABCDE-FGHJK", "not a code"):
            response = self.enter_code(code)
            self.assertEqual(response.status_code, 200)
            answers.append(
                response.text.split(NEUTRAL)[1][:120] if NEUTRAL in response.text else None
            )
        self.job.action_start_selling()
        response = self.enter_code(self.job.global_code)  # the prepay shop is closed
        answers.append(response.text.split(NEUTRAL)[1][:120] if NEUTRAL in response.text else None)
        self.assertTrue(answers[0])
        self.assertEqual(len(set(answers)), 1, "the same message whatever exists")

    def test_shop_and_gallery_need_a_code_entered_in_this_session(self):
        self.job.action_start_prepay()
        self.assertEqual(self.url_open(f"/studio/job/{self.job.id}").status_code, 404)
        self.job.action_start_selling()
        self.assertEqual(self.url_open(f"/studio/gallery/{self.ann.id}").status_code, 404)
        self.enter_code(self.ann.access_code)
        self.assertEqual(self.url_open(f"/studio/gallery/{self.ann.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/studio/gallery/{self.bob.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/studio/job/{self.job.id}").status_code, 404)
        other_job = self.env["studio.job"].create(
            {"name": "Other school", "product_ids": self.product_print.ids}
        )
        other_job.action_start_prepay()
        self.assertEqual(self.url_open(f"/studio/job/{other_job.id}").status_code, 404)

    def test_sibling_code_adds_a_second_gallery_to_the_session(self):
        self.start_selling()
        self.enter_code(self.ann.access_code)
        self.assertRedirects(
            self.enter_code(self.bob.access_code), f"/studio/gallery/{self.bob.id}"
        )
        self.assertEqual(self.url_open(f"/studio/gallery/{self.ann.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/studio/gallery/{self.bob.id}").status_code, 200)

    def test_portal_home_links_to_the_code_page(self):
        self.login(self.customer_user)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn('href="/studio/code"', response.text)
