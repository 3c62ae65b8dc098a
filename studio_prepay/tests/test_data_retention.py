"""Children's data by the rules (issue #26): consent from the names list, retention per job
(photos deleted, subjects anonymised, legal hold, batches in production), checked in the
filestore after Odoo's garbage collection."""

import base64
import io
import os
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common_pipeline import LabExportCase


def unique_jpeg():
    """A small JPEG no other photo has (the filestore stores equal files once)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (32, 24), os.urandom(32 * 24 * 3)).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue())


class DataProtectionCase(LabExportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.class_2b = cls.add_photos(cls.job, 1, group="2B")
        cls.cy_photos = cls.add_photos(cls.job, 1, code=cls.cy.access_code)
        cls.all_photos = cls.ann_photos | cls.bob_photos | cls.class_1a | cls.class_2b
        cls.all_photos |= cls.cy_photos

    def setUp(self):
        super().setUp()
        # files of this test only: a test's garbage collection removes from the filestore what
        # its deletions left unreferenced, which the rollback does not bring back
        for photo in self.all_photos:
            photo.image = unique_jpeg()
        self.all_photos._make_proofs()

    def photo_files(self, photos):
        """{attachment id: path in the filestore} of the photos' images, thumbnails, proofs."""
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "studio.photo"),
                ("res_field", "!=", False),
                ("res_id", "in", photos.ids),
            ]
        )
        self.assertEqual(len(attachments), 4 * len(photos), "image, thumbnail, 2 proofs each")
        return {a.id: a._full_path(a.store_fname) for a in attachments}

    def collect_garbage(self):
        self.env.flush_all()
        self.env["ir.attachment"]._gc_file_store_unsafe()

    def expire(self, days=91):
        """Close the job ``days`` ago."""
        self.job.action_close()
        self.job.phase_date = fields.Datetime.now() - timedelta(days=days)

    def run_retention(self, steps=50):
        for _step in range(steps):
            self.env["studio.job"]._cron_apply_retention()
            if not self.env["studio.job"].search(self.env["studio.job"]._cron_step_domain()):
                return
        self.fail("the retention did not finish")


class TestConsent(DataProtectionCase):
    def test_names_list_consent_columns(self):
        wizard = self.env["studio.names.import"].with_user(self.studio_user)
        rows = wizard.create(
            {
                "job_id": self.job.id,
                "file": self.csv_file(
                    "Name;Class;ID;Consent\nAnn Lee;1A;S1;no\nBob Ray;1A;S2;oui\nDee Ash;2B;S4;\n"
                ),
            }
        )._read_rows()
        self.assertEqual([row["consent"] for row in rows], [False, True, False])
        self.job._import_names(rows)
        self.assertFalse(self.ann.online_consent)
        self.assertTrue(self.bob.online_consent)
        refusals = wizard.create(
            {
                "job_id": self.job.id,
                "file": self.csv_file("Nom,Classe,No photo online\nAnn Lee,1A,\nBob Ray,1A,yes\n"),
            }
        )._read_rows()
        self.assertEqual([row["consent"] for row in refusals], [True, False])
        bad = wizard.create(
            {
                "job_id": self.job.id,
                "file": self.csv_file("Name,Class,Einwilligung\nAnn Lee,1A,maybe\n"),
            }
        )
        with self.assertRaisesRegex(UserError, "Row 2: the consent column says yes or no"):
            bad._read_rows()

    def test_no_consent_no_gallery_and_no_class_photo_unless_covered(self):
        self.assertEqual(self.bob._proof_photos(), self.bob_photos | self.class_1a)
        self.ann.online_consent = False
        self.assertFalse(self.ann._proof_photos(), "no online gallery without consent")
        self.assertEqual(
            self.bob._proof_photos(), self.bob_photos, "the class photo of 1A is not online"
        )
        self.assertEqual(self.cy._proof_photos(), self.cy_photos | self.class_2b)
        self.job.class_photos_covered = True
        self.assertEqual(self.bob._proof_photos(), self.bob_photos | self.class_1a)
        self.assertFalse(self.ann._proof_photos(), "the child's own gallery stays offline")

    def test_paper_orders_and_lab_still_work_without_consent(self):
        self.ann.online_consent = False
        order = self.prepay_order(self.ann, paid=True)
        self._place(order)
        batch = self._release(order)
        self.assertEqual(batch.state, "released")
        names = set(self._archive(batch).namelist())
        self.assertIn(self.ann_photos[0]._lab_file_name(), names)
        self.assertIn(self.class_1a._lab_file_name(), names)
        log = self.env["studio.download.log"].search([("kind", "=", "lab_export")])
        self.assertEqual(
            (log.job_id, log.user_id, log.name), (self.job, self.studio_user, batch.name)
        )


class TestRetention(DataProtectionCase):
    def test_job_shows_what_is_scheduled(self):
        self.assertFalse(self.job.photos_due)
        self.assertIn("90", self.job.retention_status)
        self.job.action_close()
        self.assertEqual(self.job.photos_due, fields.Datetime.add(self.job.phase_date, days=90))
        self.assertEqual(self.job.subjects_due, fields.Datetime.add(self.job.phase_date, days=365))
        self.job.legal_hold = True
        self.assertIn("legal hold", self.job.retention_status)

    def test_expired_job_loses_every_photo_file_and_keeps_accounting_and_lab_sheet(self):
        order = self.prepay_order(self.ann, paid=True)
        self._place(order)
        batch = self._release(order)
        accounting = {
            model: self.env[model].search_count([])
            for model in ("account.move", "account.move.line", "account.payment", "sale.order")
        }
        sheet, zips = batch.sheet_attachment_id, batch.images_attachment_ids
        sheet_path = sheet._full_path(sheet.store_fname)
        zip_paths = [z._full_path(z.store_fname) for z in zips]
        files = self.photo_files(self.all_photos)
        ordered = order.order_line.studio_photo_id | order.order_line.studio_class_photo_id
        self.assertTrue(ordered)
        self.expire()

        # a batch still at the lab stops the deletion
        self.run_retention()
        self.assertFalse(self.job.photos_deleted_date)
        self.assertTrue(all(os.path.exists(path) for path in files.values()))
        batch.action_next_state()  # in production
        self.run_retention()
        self.assertFalse(self.job.photos_deleted_date)
        batch.action_next_state()  # shipped: the lab is done with the photos

        self.run_retention()
        self.collect_garbage()
        self.assertTrue(self.job.photos_deleted_date)
        self.assertFalse(self.env["ir.attachment"].browse(list(files)).exists())
        self.assertFalse([path for path in files.values() if os.path.exists(path)])
        self.assertFalse([path for path in zip_paths if os.path.exists(path)])
        # the photos orders use stay as records (without files), the others are gone
        self.assertEqual(self.all_photos.exists(), ordered)
        self.assertFalse(any(ordered.mapped("proof")) or any(ordered.mapped("image_256")))
        # accounting and lab sheets are kept
        self.assertTrue(order.exists())
        self.assertEqual(order.studio_payment_state, "paid")
        self.assertEqual(
            {model: self.env[model].search_count([]) for model in accounting}, accounting
        )
        self.assertTrue(sheet.exists())
        self.assertTrue(os.path.exists(sheet_path))
        self.assertIn(order.name, sheet.raw.decode())
        message = self.job.message_ids[0].body
        self.assertIn("Delete photos after 90 days", message)
        # subjects are anonymised later, by their own rule
        self.assertEqual(self.ann.name, "Ann Lee")
        self.job.phase_date = fields.Datetime.now() - timedelta(days=366)
        self.run_retention()
        self.assertTrue(self.ann.anonymised)
        self.assertEqual(self.ann.name, "Anonymised subject")
        self.assertFalse(self.ann.external_ref)
        self.assertEqual(order.studio_subject_id, self.ann, "the order keeps its subject")
        self.assertIn("Anonymise subjects after 365 days", self.job.message_ids[0].body)

    def test_legal_hold_and_unexpired_jobs_keep_everything(self):
        files = self.photo_files(self.all_photos)
        self.expire(days=30)
        self.run_retention()
        self.assertFalse(self.job.photos_deleted_date, "90 days are not over")
        self.job.write({"legal_hold": True, "photo_retention_days": 10})
        self.run_retention()
        self.collect_garbage()
        self.assertFalse(self.job.photos_deleted_date)
        self.assertEqual(len(self.all_photos.exists()), len(self.all_photos))
        self.assertTrue(all(os.path.exists(path) for path in files.values()))
        self.job.legal_hold = False
        self.run_retention()
        self.collect_garbage()
        self.assertTrue(self.job.photos_deleted_date)
        self.assertFalse([path for path in files.values() if os.path.exists(path)])

    def test_no_erasure_while_the_lab_produces_the_childs_order(self):
        order = self.prepay_order(self.ann, paid=True)
        self._place(order)
        batch = self._release(order)
        manager_ann = self.ann.with_user(self.studio_manager)
        with self.assertRaisesRegex(UserError, "erase once their batch is shipped"):
            manager_ann.action_studio_erase()
        self.assertEqual(self.ann.name, "Ann Lee")
        batch.action_next_state()
        batch.action_next_state()  # shipped
        manager_ann.action_studio_erase()
        self.assertTrue(self.ann.anonymised)
        self.assertEqual(self.bob.name, "Bob Ray")

    def test_retention_settings_are_the_administrators(self):
        with self.assertRaises(ValidationError):
            self.job.photo_retention_days = -1
        for user in (self.studio_user, self.salesman):
            with self.assertRaises(AccessError):
                self.job.with_user(user).legal_hold = True
        self.job.with_user(self.studio_manager).write(
            {"legal_hold": True, "photo_retention_days": 30, "class_photos_covered": True}
        )
        self.assertTrue(self.job.legal_hold)
