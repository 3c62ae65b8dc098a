import base64
import io

from PIL import Image

from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestPortalProofs(StudioWebsiteCase):
    def setUp(self):
        super().setUp()
        self.start_selling()
        self.big = self.env["studio.photo"].create(
            {
                "gallery_id": self.ann_photos.gallery_id.id,
                "name": "big.jpg",
                "sequence": 5,
                "image": base64.b64encode(self.photo_like_bytes((2400, 1600))),
            }
        )
        self.enter_code(self.ann.access_code)

    @staticmethod
    def photo_like_bytes(size):
        """A JPEG with the detail of a real photo (noise), which does not compress to nothing."""
        buffer = io.BytesIO()
        Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=92)
        return buffer.getvalue()

    def test_proof_is_watermarked_and_downscaled(self):
        response = self.url_open(f"/studio/proof/{self.big.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/jpeg")
        original = base64.b64decode(self.big.image)
        self.assertNotEqual(response.content, original)
        self.assertLess(len(response.content), len(original))
        proof = Image.open(io.BytesIO(response.content))
        self.assertEqual(proof.size, (800, 533))

    def test_proof_carries_a_visible_watermark(self):
        grey = self.env["studio.photo"].create(
            {
                "gallery_id": self.ann_photos.gallery_id.id,
                "name": "grey.jpg",
                "image": base64.b64encode(self.image_bytes((128, 128, 128), size=(1200, 900))),
            }
        )
        proof = Image.open(io.BytesIO(self.url_open(f"/studio/proof/{grey.id}").content)).convert(
            "L"
        )
        self.assertEqual(proof.size, (800, 600))
        marked = sum(1 for value in proof.getdata() if abs(value - 128) > 25)
        self.assertGreater(
            marked, proof.size[0] * proof.size[1] // 20, "the tiled text covers the proof"
        )

    def test_proof_is_made_once_and_cached_by_the_browser(self):
        response = self.url_open(f"/studio/proof/{self.big.id}")
        self.assertIn("private", response.headers["Cache-Control"])
        self.assertTrue(self.big.proof)
        again = self.url_open(
            f"/studio/proof/{self.big.id}", headers={"If-None-Match": response.headers["ETag"]}
        )
        self.assertEqual(again.status_code, 304)
        self.big.image = base64.b64encode(self.image_bytes("blue", size=(1000, 1000)))
        self.assertFalse(self.big.proof, "a new photo makes a new proof")

    def test_proofs_are_made_in_the_background_after_the_upload(self):
        cron = self.env.ref("studio_prepay.ir_cron_studio_proofs")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            "new photos trigger the scheduled action",
        )
        self.assertFalse(self.big.proof)
        self.env["studio.photo"]._cron_make_proofs()  # one step: the test's few photos
        self.assertFalse(self.env["studio.photo"].search_count([("proof", "=", False)]))
        self.assertTrue(self.big.proof and self.big.proof_small)
        proof = self.big.proof
        response = self.url_open(f"/studio/proof/{self.big.id}")
        self.assertEqual(
            base64.b64encode(response.content), proof, "the page serves the proof made before"
        )

    def test_grid_shows_a_smaller_proof_the_browser_keeps(self):
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}").text
        self.assertIn(f'src="/studio/proof/{self.big.id}/small"', gallery)
        self.assertIn(f'src="/studio/proof/{self.big.id}"', gallery, "the lightbox shows the proof")
        small = self.url_open(f"/studio/proof/{self.big.id}/small")
        self.assertEqual(Image.open(io.BytesIO(small.content)).width, 400)
        self.assertLess(
            len(small.content), len(self.url_open(f"/studio/proof/{self.big.id}").content)
        )
        self.assertEqual(small.headers["Cache-Control"], "private, max-age=86400")
        again = self.url_open(
            f"/studio/proof/{self.big.id}/small", headers={"If-None-Match": small.headers["ETag"]}
        )
        self.assertEqual(again.status_code, 304)
        self.assertEqual(
            self.url_open(f"/studio/proof/{self.bob_photos.id}/small").status_code, 404
        )

    def test_group_photo_of_the_subject_group_only(self):
        self.assertEqual(self.url_open(f"/studio/proof/{self.class_1a.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/studio/proof/{self.class_2b.id}").status_code, 404)

    def test_photos_of_other_subjects_are_refused(self):
        self.assertEqual(self.url_open(f"/studio/proof/{self.bob_photos.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/studio/proof/{self.big.id + 1000}").status_code, 404)

    def test_the_original_is_not_reachable_through_the_web_client_routes(self):
        for url in (
            f"/web/image/studio.photo/{self.big.id}/image",
            f"/web/content/studio.photo/{self.big.id}/image",
            f"/web/image/studio.photo/{self.big.id}/proof",
        ):
            response = self.url_open(url)
            self.assertNotEqual(response.content, base64.b64decode(self.big.image), url)
