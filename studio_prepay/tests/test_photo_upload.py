import base64
import io
import zipfile
from unittest.mock import patch

from PIL import Image

from ..models import studio_upload
from .common_upload import PhotoUploadCase

UNKNOWN_CODE = "ZZZZZ-22222"  # a well-formed code that is no subject's


class TestPhotoUpload(PhotoUploadCase):
    def test_photos_match_subjects_by_code_in_file_or_folder_name(self):
        ann, bob, cy = self.subjects
        files = [
            (f"{ann.access_code}_1.jpg", self._image()),
            (f"{ann.access_code.replace('-', '_')}_2.jpg", self._image()),
            (f"{bob.access_code.replace('-', '').lower()}.png", self._image("PNG")),
            (f"{cy.access_code}/IMG_001.jpg", self._image()),
        ]
        wizard = self._wizard(files)
        action = wizard.action_upload()
        for subject, names in [
            (ann, [files[0][0], files[1][0]]),
            (bob, [files[2][0]]),
            (cy, ["IMG_001.jpg"]),
        ]:
            gallery = self._gallery(subject.access_code)
            self.assertEqual(gallery.subject_id, subject)
            self.assertEqual(gallery.photo_ids.mapped("name"), names)
            self.assertEqual(gallery.photo_ids.subject_id, subject)
        self.assertFalse(self.job.gallery_ids.filtered("is_unmatched"))
        self.assertEqual(
            (action["res_model"], action["res_id"], wizard.state),
            ("studio.photo.upload", wizard.id, "done"),
        )
        self.assertIn("4 photos imported into 3 galleries.", self._report_text(wizard))
        self.assertFalse(self._refused(wizard))
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "in", [name for name, _content in files])]),
            "the uploaded files are deleted once imported",
        )

    def test_zip_with_a_folder_per_code_fills_each_subject_gallery(self):
        ann, bob, _cy = self.subjects
        archive = self._zip(
            {
                f"{ann.access_code}/": b"",
                f"{ann.access_code}/IMG_001.jpg": self._image(),
                f"{ann.access_code}/IMG_002.jpg": self._image(),
                f"{bob.access_code}/IMG_001.jpg": self._image(),
                f"__MACOSX/{ann.access_code}/._IMG_001.jpg": b"resource fork",
                f"{bob.access_code}/.DS_Store": b"finder junk",
            }
        )
        wizard = self._upload([("picture day.zip", archive)])
        self.assertEqual(
            self._gallery(ann.access_code).photo_ids.mapped("name"), ["IMG_001.jpg", "IMG_002.jpg"]
        )
        self.assertEqual(self._gallery(bob.access_code).photo_ids.mapped("name"), ["IMG_001.jpg"])
        self.assertIn("3 photos imported into 2 galleries.", self._report_text(wizard))
        self.assertFalse(self._refused(wizard), "macOS junk and dot files are skipped silently")

    def test_unknown_code_and_no_code_go_to_unmatched_galleries(self):
        wizard = self._upload(
            [("zzzzz22222_1.jpg", self._image()), ("IMG_9001.jpg", self._image())]
        )
        tagged, untagged = self._gallery(UNKNOWN_CODE), self._gallery(False)
        self.assertEqual(tagged.photo_ids.mapped("name"), ["zzzzz22222_1.jpg"])
        self.assertEqual(untagged.photo_ids.mapped("name"), ["IMG_9001.jpg"])
        self.assertTrue(tagged.is_unmatched and untagged.is_unmatched)
        self.assertFalse(tagged.subject_id | untagged.subject_id)
        self.assertIn("2 photos are in 2 unmatched galleries", self._report_text(wizard))

        self._upload([("IMG_9002.jpg", self._image())])
        self.assertEqual(
            self._gallery(False).photo_ids.mapped("name"),
            ["IMG_9001.jpg", "IMG_9002.jpg"],
            "photos without a code join the job's one gallery without a tag",
        )

    def test_group_photos_go_to_the_gallery_of_their_folder_or_file_name(self):
        archive = self._zip(
            {
                "1a/IMG_001.jpg": self._image(),
                "1A/IMG_002.jpg": self._image(),
                "Picture day/2B/IMG_003.jpg": self._image(),
            }
        )
        wizard = self._upload(
            [("classes.zip", archive), ("2b_1.jpg", self._image()), ("3C_2.jpg", self._image())],
            kind="group",
        )
        galleries = self.job.gallery_ids
        self.assertEqual(set(galleries.mapped("kind")), {"group"})
        self.assertEqual(
            {gallery.group_name: gallery.photo_ids.mapped("name") for gallery in galleries},
            {
                "1A": ["IMG_001.jpg", "IMG_002.jpg"],
                "2B": ["2b_1.jpg", "IMG_003.jpg"],
                "3C": ["3C_2.jpg"],
            },
        )
        self.assertFalse(galleries.filtered("is_unmatched"))
        self.assertIn("5 photos imported into 3 galleries.", self._report_text(wizard))

    def test_group_name_of_the_wizard_overrides_folders_and_file_names(self):
        self._upload(
            [("1A/IMG_001.jpg", self._image()), ("1A_2.jpg", self._image())],
            kind="group",
            group_name=" 2b ",
        )
        self.assertEqual(self.job.gallery_ids.mapped("group_name"), ["2B"])
        self.assertEqual(
            self._gallery("2B", "group").photo_ids.mapped("name"), ["1A_2.jpg", "IMG_001.jpg"]
        )

    def test_poses_follow_file_name_order_after_the_photos_already_there(self):
        code = self.subjects[0].access_code
        self._upload(
            [
                (f"{code}_10.jpg", self._image()),
                (f"{code}_2.jpg", self._image()),
                (f"{code}_1.jpg", self._image()),
            ]
        )
        self._upload([(f"{code}_0.jpg", self._image())])
        photos = self._gallery(code).photo_ids.sorted("sequence")
        self.assertEqual(
            photos.mapped("name"),
            [f"{code}_1.jpg", f"{code}_2.jpg", f"{code}_10.jpg", f"{code}_0.jpg"],
        )
        self.assertEqual(photos.mapped("sequence"), [1, 2, 3, 4])

    def test_reupload_does_not_duplicate_photos_of_a_gallery(self):
        ann, bob, _cy = self.subjects
        first, second, third = self._image(), self._image(), self._image()
        files = [(f"{ann.access_code}_1.jpg", first), (f"{ann.access_code}_2.jpg", second)]
        self._upload(files)
        wizard = self._upload(
            files
            + [
                (f"{ann.access_code}_1 copy.jpg", first),
                (f"{ann.access_code}_3.jpg", third),
                (f"{ann.access_code}_4.jpg", third),
                (f"{bob.access_code}_1.jpg", first),
            ]
        )
        self.assertEqual(
            self._gallery(ann.access_code).photo_ids.mapped("name"),
            [f"{ann.access_code}_1.jpg", f"{ann.access_code}_2.jpg", f"{ann.access_code}_3.jpg"],
        )
        self.assertEqual(
            len(self._gallery(bob.access_code).photo_ids),
            1,
            "the same photo in another gallery is no duplicate",
        )
        report = self._report_text(wizard)
        self.assertIn("2 photos imported into 2 galleries.", report)
        self.assertIn("4 photos skipped", report)

    def test_thumbnail_is_generated_and_smaller_than_the_original(self):
        code = self.subjects[0].access_code
        original = self._image(size=(1200, 900))
        self._upload([(f"{code}_1.jpg", original)])
        photo = self._gallery(code).photo_ids
        self.assertEqual(
            base64.b64decode(photo.image), original, "the original is kept as uploaded"
        )
        thumbnail = base64.b64decode(photo.image_256)
        self.assertLess(len(thumbnail), len(original))
        with Image.open(io.BytesIO(thumbnail)) as image:
            self.assertEqual(image.size, (256, 192))

    def test_retagging_an_unmatched_gallery_moves_its_photos_to_the_subject(self):
        cy = self.subjects[2]
        self._upload(
            [(f"{UNKNOWN_CODE}_1.jpg", self._image()), (f"{UNKNOWN_CODE}_2.jpg", self._image())]
        )
        gallery = self._gallery(UNKNOWN_CODE).with_user(self.studio_user)
        gallery.access_code = cy.access_code.replace("-", " ").lower()
        self.assertEqual(gallery.access_code, cy.access_code)
        self.assertEqual(gallery.subject_id, cy)
        self.assertFalse(gallery.is_unmatched)
        self.assertEqual(len(gallery.photo_ids), 2)
        self.assertEqual(gallery.photo_ids.subject_id, cy)

    def test_retagging_to_a_code_that_has_a_gallery_merges_the_photos_into_it(self):
        ann = self.subjects[0]
        self._upload([(f"{ann.access_code}_1.jpg", self._image()), ("IMG_0001.jpg", self._image())])
        untagged = self._gallery(False).with_user(self.studio_user)
        tagged = self._gallery(ann.access_code)
        untagged.access_code = ann.access_code
        self.assertFalse(
            tagged.exists(), "the gallery that had the code merged into the retagged one"
        )
        gallery = self._gallery(ann.access_code)
        self.assertEqual(gallery, untagged)
        self.assertCountEqual(
            gallery.photo_ids.mapped("name"), [f"{ann.access_code}_1.jpg", "IMG_0001.jpg"]
        )
        self.assertEqual(gallery.photo_ids.subject_id, ann)

    def test_bad_image_files_are_refused_with_their_reason_and_the_others_imported(self):
        code = self.subjects[0].access_code
        jpeg, png = self._image(size=(800, 600)), self._image("PNG", size=(800, 600))
        huge = io.BytesIO()
        Image.new("1", (10000, 5001)).save(huge, "PNG")
        wizard = self._upload(
            [
                (f"{code}_1.jpg", self._image()),
                ("notes.jpg", b"The photographer's notes, not a photo."),
                ("broken.jpg", jpeg[: len(jpeg) // 2]),
                ("broken.png", png[: len(png) // 2]),
                ("empty.jpg", b""),
                ("panorama.zip", self._zip({f"{code}_2.png": huge.getvalue()})),
            ]
        )
        self.assertEqual(self.job.gallery_ids.photo_ids.mapped("name"), [f"{code}_1.jpg"])
        self.assertRefused(
            wizard,
            {
                "notes.jpg": "This is not a JPEG or PNG image.",
                "broken.jpg": "The image is damaged",
                "broken.png": "The image is damaged",
                "empty.jpg": "The file is empty.",
                f"panorama.zip/{code}_2.png": "50.0 million pixels",
            },
        )
        self.assertIn("5 files refused", self._report_text(wizard))

    def test_bad_zip_archives_are_refused_with_their_reason_and_the_others_imported(self):
        code = self.subjects[0].access_code
        wizard = self._upload(
            [
                ("good.zip", self._zip({f"{code}/IMG_001.jpg": self._image()})),
                ("empty.zip", self._zip({})),
                ("only junk.zip", self._zip({"__MACOSX/._IMG_001.jpg": b"resource fork"})),
                ("fake.zip", b"PK but not really a zip archive"),
            ]
        )
        self.assertEqual(self._gallery(code).photo_ids.mapped("name"), ["IMG_001.jpg"])
        self.assertRefused(
            wizard,
            {
                "empty.zip": "The zip archive contains no files.",
                "only junk.zip": "The zip archive contains no files.",
                "fake.zip": "This is not a valid zip archive.",
            },
        )

    def test_zip_archives_over_the_size_or_count_limit_are_refused(self):
        code = self.subjects[0].access_code
        photos = {f"{code}/IMG_00{number}.jpg": self._image() for number in range(3)}
        size = sum(len(photo) for photo in photos.values())
        with (
            patch.object(studio_upload, "MAX_ZIP_MEMBERS", 2),
            patch.object(studio_upload, "MAX_ZIP_SIZE", size - 1),
        ):
            wizard = self._upload(
                [
                    ("many.zip", self._zip(photos)),
                    ("large.zip", self._zip({f"{code}/IMG_big.jpg": b"\xff" * size})),
                    ("fine.zip", self._zip({f"{code}/IMG_009.jpg": self._image()})),
                ]
            )
        self.assertEqual(self._gallery(code).photo_ids.mapped("name"), ["IMG_009.jpg"])
        self.assertRefused(
            wizard,
            {
                "many.zip": "The zip archive has more than 2 files",
                "large.zip": "The zip archive uncompresses to more than",
            },
        )

    def test_dangerous_zip_members_are_refused_and_the_others_imported(self):
        ann, bob, _cy = self.subjects
        archive = self._zip(
            {
                f"{ann.access_code}/IMG_001.jpg": self._image(),
                f"{ann.access_code}/bomb.jpg": b"\0" * 2**20,
                f"../{ann.access_code}/escape.jpg": self._image(),
                f"/tmp/{ann.access_code}/absolute.jpg": self._image(),
                "inner.zip": self._zip({f"{bob.access_code}/IMG_001.jpg": self._image()}),
            },
            compression=zipfile.ZIP_DEFLATED,
        )
        wizard = self._upload([("photos.zip", archive)])
        self.assertEqual(self.job.gallery_ids, self._gallery(ann.access_code))
        self.assertEqual(self.job.gallery_ids.photo_ids.mapped("name"), ["IMG_001.jpg"])
        self.assertRefused(
            wizard,
            {
                f"photos.zip/{ann.access_code}/bomb.jpg": "zip bomb",
                f"photos.zip/../{ann.access_code}/escape.jpg": "Unsafe path",
                f"photos.zip//tmp/{ann.access_code}/absolute.jpg": "Unsafe path",
                "photos.zip/inner.zip": "Zip archives inside a zip archive are not accepted",
            },
        )

    def test_loose_photos_keep_their_full_resolution(self):
        code = self.subjects[0].access_code
        original = self._image(size=(3000, 2000))
        self._upload([(f"{code}_1.jpg", original)])
        self.assertEqual(base64.b64decode(self._gallery(code).photo_ids.image), original)
