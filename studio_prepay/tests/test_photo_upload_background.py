import io
import json
import tracemalloc
import warnings
from unittest.mock import patch

from PIL import Image, ImageFile

from ..models import studio_upload_file
from .common_translations import load_french
from .common_upload import PhotoUploadCase, small_steps


class TestPhotoUploadInBackground(PhotoUploadCase):
    """Large uploads: bounded memory, steps of one transaction each, resumable, notified."""

    def _small_steps(self):
        return small_steps()

    def _code_files(self, count):
        code = self.subjects[0].access_code
        return [
            (f"{code}_{number}.jpg", self.camera_photo(number)) for number in range(1, count + 1)
        ]

    def _run_cron_step(self):
        self.env["studio.upload"]._cron_process_uploads()

    def test_large_upload_is_imported_in_background_steps_and_the_user_notified(self):
        code = self.subjects[0].access_code
        with self._small_steps():
            wizard = self._upload(self._code_files(5))
            upload = wizard.upload_id
            self.assertIn("in the background", self._report_text(wizard))
            self.assertEqual(
                (upload.state, upload.file_count, upload.progress), ("reading", 5, 0.0)
            )
            self.assertFalse(self._gallery(code).photo_ids, "nothing imported in the request")
            cron = self.env.ref("studio_prepay.ir_cron_studio_photo_uploads")
            self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
            progress = []
            while upload.state != "done":
                self._run_cron_step()
                upload.invalidate_recordset()
                progress.append(upload.progress)
        self.assertEqual(progress, [20.0, 40.0, 50.0, 70.0, 90.0, 100.0])
        photos = self._gallery(code).photo_ids
        self.assertEqual(
            photos.sorted("sequence").mapped("name"), [name for name, _photo in self._code_files(5)]
        )
        self.assertEqual(
            photos.create_uid, self.studio_user, "the background steps run as the uploader"
        )
        self.assertIn("5 photos imported into 1 galleries.", upload.report)
        notifications = [
            json.loads(values["message"]) for values in self.env.cr.precommit.data["bus.bus.values"]
        ]
        self.assertIn("5 photos imported", notifications[-1]["payload"]["message"])

    def test_the_progress_fields_move_with_each_step(self):
        """What the upload form shows while it runs (percentage, files read, state) moves with
        every background step, and the form re-reads them while the upload runs."""
        with self._small_steps():
            upload = self._upload(self._code_files(5)).upload_id
            seen = [(upload.state, upload.read_count, upload.file_count, upload.progress)]
            while upload.state != "done":
                self._run_cron_step()
                upload.invalidate_recordset()
                seen.append((upload.state, upload.read_count, upload.file_count, upload.progress))
        self.assertEqual(
            seen,
            [
                ("reading", 0, 5, 0.0),
                ("reading", 2, 5, 20.0),
                ("reading", 4, 5, 40.0),
                ("storing", 5, 5, 50.0),
                ("storing", 5, 5, 70.0),
                ("storing", 5, 5, 90.0),
                ("done", 5, 5, 100.0),
            ],
        )
        arch = self.env.ref("studio_prepay.studio_upload_view_form").arch
        self.assertIn(
            'widget="studio_upload_progress"',
            arch,
            "the open form re-reads the upload while it runs "
            "(static/src/views/upload_progress_field.js)",
        )

    def test_background_upload_reports_in_the_uploaders_language(self):
        load_french(self.env)
        self.studio_user.lang = "fr_FR"
        with self._small_steps():
            upload = self._upload(self._code_files(4)).upload_id
            while (
                upload.state != "done"
            ):  # the scheduled action runs in the language of its own user
                self.env["studio.upload"].with_context(lang="en_US")._cron_process_uploads()
                upload.invalidate_recordset()
        self.assertIn("4 photos importées dans 1 galeries.", upload.report)
        notifications = [
            json.loads(values["message"]) for values in self.env.cr.precommit.data["bus.bus.values"]
        ]
        self.assertEqual(notifications[-1]["payload"]["title"], "Photos importées")

    def _crash_step(self, model, method, calls=1):
        """Run a background step that stops (the server is killed) at call ``calls + 1`` of
        ``method``: its transaction is rolled back."""
        Model = type(self.env[model])
        original, done = getattr(Model, method), []

        def crashing(records, *args, **kwargs):
            done.append(records)
            if len(done) > calls:
                raise KeyboardInterrupt("server stopped")
            return original(records, *args, **kwargs)

        with (
            self.assertRaises(KeyboardInterrupt),
            self.env.cr.savepoint(),
            patch.object(Model, method, crashing),
        ):
            self._run_cron_step()
        self.env.invalidate_all()

    def test_interrupted_upload_resumes_where_it_stopped(self):
        code = self.subjects[0].access_code
        with self._small_steps():
            upload = self._upload([("camera.zip", self._zip(dict(self._code_files(5))))]).upload_id
            self._run_cron_step()
            self._crash_step(
                "studio.upload.file", "_record_photo"
            )  # stopped while reading files 3 and 4
            self.assertEqual(
                upload.file_ids.mapped("state"), ["photo", "photo", "todo", "todo", "todo"]
            )
            while upload.state == "reading":
                self._run_cron_step()
            self._crash_step("ir.attachment", "write")  # stopped while storing photos 1 and 2
            self.assertFalse(self._gallery(code).photo_ids)
            while upload.state != "done":
                self._run_cron_step()
        photos = self._gallery(code).photo_ids
        self.assertEqual(
            photos.sorted("sequence").mapped("name"), [name for name, _photo in self._code_files(5)]
        )
        self.assertEqual(len(set(photos.mapped("image"))), 5, "every photo once, none lost")
        leftovers = self.env["ir.attachment"].search(
            [("res_model", "=", "studio.upload"), ("res_id", "=", upload.id)]
        )
        self.assertFalse(
            leftovers, "the zip archive is gone, its photos are stored once, as the photos' images"
        )
        self.assertIn("5 photos imported into 1 galleries.", upload.report)

    def test_zip_members_are_read_one_at_a_time(self):
        code = self.subjects[0].access_code
        members = {
            f"{code}/IMG_{number:04}.jpg": self.camera_photo(number, size=(1000, 750), quality=95)
            for number in range(30)
        }
        archive = self._zip(members)
        wizard = self._wizard([("camera.zip", archive)])
        tracemalloc.start()
        try:
            wizard.action_upload()
            _size, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertEqual(len(self._gallery(code).photo_ids), 30)
        biggest = max(len(photo) for photo in members.values())
        self.assertLess(peak, len(archive) / 3, "the archive is never in memory whole")
        self.assertLess(peak, 8 * biggest + 2 * 1024**2, "photos are read one at a time")

    def _declaring(self, photo, size):
        """``photo`` (a JPEG) declaring ``size`` in its frame header (SOF0), its pixels
        unchanged."""
        with Image.open(io.BytesIO(photo)) as image:
            width, height = image.size
        header = photo.index(b"\xff\xc0") + 5
        declared = size[1].to_bytes(2, "big") + size[0].to_bytes(2, "big")
        return (
            photo[:header]
            + photo[header : header + 4].replace(
                height.to_bytes(2, "big") + width.to_bytes(2, "big"), declared
            )
            + photo[header + 4 :]
        )

    def test_oversized_photo_is_refused_from_its_header_without_decoding_it(self):
        code = self.subjects[0].access_code
        giant = self._declaring(
            self.camera_photo(0, orientation=6), (12000, 12000)
        )  # turned by its EXIF
        bomb = self._declaring(self.camera_photo(1), (15000, 15000))

        def decode(image):
            raise AssertionError(f"{image.size} decoded")

        with (
            patch.object(ImageFile.ImageFile, "load", decode),
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")
            wizard = self._upload([(f"{code}_1.jpg", giant), (f"{code}_2.jpg", bomb)])
        self.assertRefused(
            wizard, {f"{code}_1.jpg": "12000x12000 pixels", f"{code}_2.jpg": "50.0 million pixels"}
        )
        self.assertFalse(
            [warning for warning in caught if warning.category is Image.DecompressionBombWarning]
        )

    def test_thumbnails_and_proofs_are_made_from_reduced_decodes(self):
        code = self.subjects[0].access_code
        decoded, load = [], ImageFile.ImageFile.load

        def recording_load(image):
            if image.tile and max(image.size) > 256:  # decoding, and not a thumbnail
                decoded.append(image.size)
            return load(image)

        with patch.object(ImageFile.ImageFile, "load", recording_load):
            self._upload([(f"{code}_1.jpg", self.camera_photo(0, size=(4000, 3000)))])
            thumbnail_decodes, decoded[:] = list(decoded), []
            self._gallery(code).photo_ids._proof_data()
        self.assertEqual(thumbnail_decodes, [(2000, 1500)], "decoded once, at half its size")
        self.assertEqual(
            decoded,
            [(1000, 750), (800, 600)],
            "the 800 px proof from a quarter of the photo, the grid proof from the proof",
        )

    def test_pressing_upload_twice_imports_once(self):
        code = self.subjects[0].access_code
        wizard = self._wizard(self._code_files(2))
        wizard.action_upload()
        action = wizard.action_upload()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("studio.photo.upload", wizard.id)
        )
        self.assertEqual(len(self._gallery(code).photo_ids), 2)
        self.assertEqual(self.env["studio.upload"].search_count([("job_id", "=", self.job.id)]), 1)

    def test_file_over_the_size_limit_is_refused(self):
        code = self.subjects[0].access_code
        photo = self.camera_photo(0)
        with patch.object(studio_upload_file, "MAX_FILE_SIZE", len(photo) - 1):
            wizard = self._upload(
                [(f"{code}_1.jpg", photo), ("camera.zip", self._zip({f"{code}_2.jpg": photo}))]
            )
        self.assertRefused(
            wizard, {f"{code}_1.jpg": "larger than", f"camera.zip/{code}_2.jpg": "larger than"}
        )
