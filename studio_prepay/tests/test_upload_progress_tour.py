import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .common_upload import PhotoUploadCase, small_steps

SIGNALS = ("studio_upload_step", "studio_upload_finish")


@tagged("post_install", "-at_install")
class TestUploadProgressInTheBrowser(PhotoUploadCase, HttpCase):
    """The form of a background upload, open in the browser, follows the background steps without
    being reloaded (static/tests/tours/studio_upload_progress_tour.js)."""

    def _run_steps(self, signal):
        """The background steps a tour step asks for, in their own transactions as the scheduled
        action runs them: one, or all those left."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            upload = env["studio.upload"].browse(self.upload.id)
            while upload.state != "done":
                env["studio.upload"]._cron_process_uploads()
                upload.invalidate_recordset()
                if signal == "studio_upload_step":
                    break

    def test_the_open_upload_form_follows_the_background_steps(self):
        code = self.subjects[0].access_code
        threads = []
        handle_console = ChromeBrowser._handle_console

        def studio_handle_console(browser, type, args=None, **kwargs):  # pylint: disable=redefined-builtin
            message = args[0].get("value") if args and type == "log" else None
            if message not in SIGNALS:
                return handle_console(browser, type, args=args, **kwargs)
            # not in the browser's receiving thread: the steps wait for the requests of the form
            thread = threading.Thread(target=self._run_steps, args=(message,))
            threads.append(thread)
            thread.start()
            return None

        with small_steps():
            self.upload = self._upload(
                [(f"{code}_{number}.jpg", self.camera_photo(number)) for number in range(1, 7)]
            ).upload_id
            self.assertEqual((self.upload.state, self.upload.read_count), ("reading", 0))
            with patch.object(ChromeBrowser, "_handle_console", studio_handle_console):
                self.start_tour(
                    f"/odoo/action-studio_prepay.action_studio_upload/{self.upload.id}",
                    "studio_upload_progress_tour",
                    login=self.studio_user.login,
                )
            for thread in threads:
                thread.join()
        self.assertEqual(len(threads), 2, "the tour asked for one step, then for the rest")
        self.upload.invalidate_recordset()
        self.assertEqual(self.upload.state, "done")
        self.assertEqual(len(self._gallery(code).photo_ids), 6)
