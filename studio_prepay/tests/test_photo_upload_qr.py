import base64
import io

from PIL import Image

from ..tools import photo_image
from .common_upload import PhotoUploadCase


class TestPhotoUploadByQrCard(PhotoUploadCase):
    """Photographers shoot each subject's QR card, then the subject: the upload sorts the photos by
    capture time and sends each to the subject of the card before it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann, cls.bob, cls.cy = cls.subjects
        cls.spare = cls.job._create_spare_subjects(1)
        other_job = cls.env["studio.job"].create({"name": "Other School 2026"})
        cls.other_kid = cls.env["studio.subject"].create(
            {"job_id": other_job.id, "name": "Dee Other"}
        )

    def _upload_shots(self, shots, **vals):
        """Upload ``shots`` [(file name, photo)] in a zip archive, matched by QR card."""
        return self._upload([("camera.zip", self._zip(dict(shots)))], match_by="qr_card", **vals)

    def _names(self, subject_or_gallery):
        gallery = subject_or_gallery
        if subject_or_gallery._name == "studio.subject":
            gallery = self.env["studio.gallery"].search(
                [("subject_id", "=", subject_or_gallery.id)]
            )
        return gallery.photo_ids.sorted("sequence").mapped("name")

    def _unmatched(self):
        return self.job.gallery_ids.filtered("is_unmatched")

    def test_photos_go_to_the_subject_of_the_card_shot_before_them_in_capture_order(self):
        shots = [  # file names shuffled, capture times in shooting order
            ("DSC_0007.jpg", self.camera_photo(0, card=self.ann)),
            ("DSC_0003.jpg", self.camera_photo(1)),
            ("DSC_0001.jpg", self.camera_photo(2, orientation=6)),
            ("DSC_0009.jpg", self.camera_photo(10, card=self.bob)),
            ("DSC_0002.jpg", self.camera_photo(11)),
            ("DSC_0005.jpg", self.camera_photo(20, card=self.spare)),
            ("DSC_0004.jpg", self.camera_photo(21)),
            ("DSC_0008.jpg", self.camera_photo(22)),
        ]
        wizard = self._upload_shots(list(reversed(shots)))
        self.assertEqual(
            self._names(self.ann),
            ["DSC_0003.jpg", "DSC_0001.jpg"],
            "the first photo is the first pose",
        )
        self.assertEqual(self._names(self.bob), ["DSC_0002.jpg"])
        self.assertEqual(
            self._names(self.spare), ["DSC_0004.jpg", "DSC_0008.jpg"], "spare cards are cards too"
        )
        self.assertFalse(self._unmatched())
        self.assertFalse(
            self.job.gallery_ids.photo_ids.filtered(
                lambda photo: photo.name in ("DSC_0007.jpg", "DSC_0009.jpg", "DSC_0005.jpg")
            ),
            "card shots are never poses",
        )
        cards = wizard.upload_id.file_ids.filtered(lambda file: file.state == "card")
        self.assertEqual(cards.card_subject_id, self.ann | self.bob | self.spare)
        self.assertEqual(len(cards.attachment_id), 3, "card shots are kept aside with the upload")
        report = self._report_text(wizard)
        self.assertIn("5 photos imported into 3 galleries.", report)
        self.assertIn("3 QR cards read.", report)
        # class 1A has all its photos; Cy Fox's class 2B was not shot in this upload
        self.assertEqual(self._report_list(wizard, "o_studio_upload_without_photos"), {})
        self.assertIn("1 other classes were not in this upload", report)
        turned = self.env["studio.photo"].search([("name", "=", "DSC_0001.jpg")])
        with Image.open(io.BytesIO(base64.b64decode(turned.image_256))) as thumbnail:
            self.assertEqual(
                thumbnail.size, (171, 256), "the thumbnail is upright, as the camera held it"
            )

    def test_photos_before_the_first_card_go_to_an_unmatched_gallery(self):
        wizard = self._upload_shots(
            [
                ("IMG_0101.jpg", self.camera_photo(0)),
                ("IMG_0102.jpg", self.camera_photo(1)),
                ("IMG_0103.jpg", self.camera_photo(2, card=self.ann)),
                ("IMG_0104.jpg", self.camera_photo(3)),
            ]
        )
        self.assertEqual(self._names(self.ann), ["IMG_0104.jpg"])
        unmatched = self._unmatched()
        self.assertEqual(self._names(unmatched), ["IMG_0101.jpg", "IMG_0102.jpg"])
        self.assertFalse(unmatched.access_code)
        self.assertIn("before the first QR card", unmatched.note)
        self.assertIn("2 photos are in 1 unmatched galleries", self._report_text(wizard))

    def test_photos_after_a_card_of_another_job_go_to_an_unmatched_gallery_tagged_with_its_code(
        self,
    ):
        wizard = self._upload_shots(
            [
                ("IMG_0201.jpg", self.camera_photo(0, card=self.ann)),
                ("IMG_0202.jpg", self.camera_photo(1)),
                ("IMG_0203.jpg", self.camera_photo(2, card=self.other_kid)),
                ("IMG_0204.jpg", self.camera_photo(3)),
                ("IMG_0205.jpg", self.camera_photo(4)),
                ("IMG_0206.jpg", self.camera_photo(5, card=self.bob)),
                ("IMG_0207.jpg", self.camera_photo(6)),
            ]
        )
        self.assertEqual(self._names(self.ann), ["IMG_0202.jpg"])
        self.assertEqual(self._names(self.bob), ["IMG_0207.jpg"])
        tagged = self._gallery(self.other_kid.access_code)
        self.assertEqual(self._names(tagged), ["IMG_0204.jpg", "IMG_0205.jpg"])
        self.assertTrue(tagged.is_unmatched)
        self.assertEqual(
            self._report_list(wizard, "o_studio_upload_other_job"),
            {"camera.zip/IMG_0203.jpg": self.other_kid.access_code},
        )
        self.assertIn("3 QR cards read.", self._report_text(wizard))

        tagged.with_user(self.studio_user).access_code = self.cy.access_code
        self.assertEqual(
            self._names(self.cy), ["IMG_0204.jpg", "IMG_0205.jpg"], "staff retag the gallery"
        )

    def test_photos_after_an_unreadable_card_go_to_a_new_unmatched_gallery(self):
        wizard = self._upload_shots(
            [
                ("IMG_0301.jpg", self.camera_photo(0, card=self.ann)),
                ("IMG_0302.jpg", self.camera_photo(1)),
                ("IMG_0303.jpg", self.camera_photo(2, card=self.bob, damaged=True)),
                ("IMG_0304.jpg", self.camera_photo(3)),
                ("IMG_0305.jpg", self.camera_photo(4)),
                ("IMG_0306.jpg", self.camera_photo(5, card="https://example.com/school-menu")),
                ("IMG_0307.jpg", self.camera_photo(6)),
                ("IMG_0308.jpg", self.camera_photo(7, card=self.cy)),
                ("IMG_0309.jpg", self.camera_photo(8)),
            ]
        )
        self.assertEqual(self._names(self.ann), ["IMG_0302.jpg"])
        self.assertEqual(self._names(self.cy), ["IMG_0309.jpg"])
        unmatched = self._unmatched().sorted("id")
        self.assertEqual(
            [self._names(gallery) for gallery in unmatched],
            [["IMG_0304.jpg", "IMG_0305.jpg"], ["IMG_0307.jpg"]],
            "one gallery per unreadable card: the photos of one subject each",
        )
        self.assertIn("IMG_0303.jpg", unmatched[0].note)
        unreadable = self._report_list(wizard, "o_studio_upload_unreadable")
        self.assertEqual(set(unreadable), {"camera.zip/IMG_0303.jpg", "camera.zip/IMG_0306.jpg"})
        self.assertIn("cannot be decoded", unreadable["camera.zip/IMG_0303.jpg"])
        self.assertIn("https://example.com/school-menu", unreadable["camera.zip/IMG_0306.jpg"])
        self.assertIn("2 QR cards read.", self._report_text(wizard))
        self.assertEqual(
            set(self._report_list(wizard, "o_studio_upload_without_photos")), {"Bob Ray"}
        )

    def test_a_small_blurred_card_zxing_cannot_see_starts_an_unmatched_gallery(self):
        blurred_card = self.camera_photo(2, card=self.bob, card_size=120, blur=2)
        examined = photo_image.examine(blurred_card, read_cards=True)
        self.assertEqual(
            (examined.qr_texts, examined.qr_unreadable), ([], 0), "zxing sees no code at all"
        )
        wizard = self._upload_shots(
            [
                ("IMG_0401.jpg", self.camera_photo(0, card=self.ann)),
                ("IMG_0402.jpg", self.camera_photo(1)),
                ("IMG_0403.jpg", blurred_card),
                ("IMG_0404.jpg", self.camera_photo(3)),
                ("IMG_0405.jpg", self.camera_photo(4)),
            ]
        )
        self.assertEqual(
            self._names(self.ann), ["IMG_0402.jpg"], "Bob's photos are not given to Ann"
        )
        unmatched = self._unmatched()
        self.assertEqual(self._names(unmatched), ["IMG_0404.jpg", "IMG_0405.jpg"])
        self.assertIn("IMG_0403.jpg", unmatched.note)
        self.assertIn("unreadable card?", unmatched.note)
        unreadable = self._report_list(wizard, "o_studio_upload_unreadable")
        self.assertEqual(set(unreadable), {"camera.zip/IMG_0403.jpg"})
        self.assertIn("Unreadable card?", unreadable["camera.zip/IMG_0403.jpg"])
        self.assertFalse(
            self.job.gallery_ids.photo_ids.filtered(lambda photo: photo.name == "IMG_0403.jpg")
        )

    def test_photos_without_capture_time_are_taken_in_file_name_order(self):
        wizard = self._upload(
            [
                ("IMG_10.jpg", self.camera_photo()),
                ("IMG_3.jpg", self.camera_photo(card=self.bob)),
                ("IMG_2.jpg", self.camera_photo()),
                ("IMG_1.jpg", self.camera_photo(card=self.ann)),
            ],
            match_by="qr_card",
        )
        self.assertEqual(self._names(self.ann), ["IMG_2.jpg"])
        self.assertEqual(self._names(self.bob), ["IMG_10.jpg"])
        self.assertIn("Some photos have no capture time", self._report_text(wizard))

    def test_uploading_the_same_shots_again_adds_nothing(self):
        shots = [
            ("IMG_0401.jpg", self.camera_photo(0, card=self.ann)),
            ("IMG_0402.jpg", self.camera_photo(1)),
            ("IMG_0403.jpg", self.camera_photo(2)),
        ]
        self._upload_shots(shots)
        wizard = self._upload_shots(shots)
        self.assertEqual(self._names(self.ann), ["IMG_0402.jpg", "IMG_0403.jpg"])
        report = self._report_text(wizard)
        self.assertIn("0 photos imported", report)
        self.assertIn("2 photos skipped: their gallery already has them.", report)

    def test_matching_by_file_name_reads_no_card(self):
        self._upload([(f"{self.bob.access_code}_1.jpg", self.camera_photo(0, card=self.ann))])
        self.assertEqual(len(self._gallery(self.bob.access_code).photo_ids), 1)
        self.assertFalse(self._gallery(self.ann.access_code))
