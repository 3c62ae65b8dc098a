"""A child without consent to photos online (issue #26): the code opens a page that says the
studio hands the photos over directly, and nothing more; its class photo is not online unless the
job's class photos are covered by the school's agreement."""

from .common import StudioWebsiteCase


class TestPortalConsent(StudioWebsiteCase):
    def setUp(self):
        super().setUp()
        self.start_selling()
        self.ann.online_consent = False

    def test_the_code_opens_only_the_offline_page(self):
        response = self.enter_code(self.ann.access_code)
        self.assertEqual(response.status_code, 200)
        self.assertIn("studio_offline_message", response.text)
        self.assertIn("hands them over to you directly", response.text)
        self.assertNotIn("Ann Lee", response.text)
        self.assertNotIn("/studio/gallery/", response.text)
        self.assertEqual(self.url_open(f"/studio/gallery/{self.ann.id}").status_code, 404)
        for photo in self.ann_photos | self.class_1a:
            self.assertEqual(self.url_open(f"/studio/proof/{photo.id}").status_code, 404)

    def test_a_classmate_sees_the_class_photo_only_when_covered(self):
        self.assertRedirects(
            self.enter_code(self.bob.access_code), f"/studio/gallery/{self.bob.id}"
        )
        page = self.url_open(f"/studio/gallery/{self.bob.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/studio/proof/{self.bob_photos.id}", page.text)
        self.assertNotIn(f"/studio/proof/{self.class_1a.id}", page.text)
        self.assertEqual(self.url_open(f"/studio/proof/{self.class_1a.id}").status_code, 404)
        self.job.class_photos_covered = True
        page = self.url_open(f"/studio/gallery/{self.bob.id}")
        self.assertIn(f"/studio/proof/{self.class_1a.id}", page.text)
        self.assertEqual(self.url_open(f"/studio/proof/{self.class_1a.id}").status_code, 200)

    def test_a_consenting_child_keeps_its_gallery(self):
        self.assertRedirects(self.enter_code(self.cy.access_code), f"/studio/gallery/{self.cy.id}")
        page = self.url_open(f"/studio/gallery/{self.cy.id}")
        self.assertIn(f"/studio/proof/{self.class_2b.id}", page.text)
