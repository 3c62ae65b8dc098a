"""A family's access and erasure on /my (issue #26), as the portal parent and the studio
administrator, and the log of who downloaded originals."""

import io
import json
import os
import zipfile

from odoo.exceptions import AccessError

from .common_portal import StudioPortalCase
from .test_data_retention import unique_jpeg


class TestFamilyData(StudioPortalCase):
    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()
        self.ann_photos = self.add_photos(self.job, 2, code=self.ann.access_code)
        self.bob_photos = self.add_photos(self.job, 1, code=self.bob.access_code)
        self.cy_photos = self.add_photos(self.job, 1, code=self.cy.access_code)
        self.class_1a = self.add_photos(self.job, 1, group="1A")
        photos = self.ann_photos | self.bob_photos | self.cy_photos | self.class_1a
        for photo in photos:  # files of this test only (see test_data_retention)
            photo.image = unique_jpeg()
        photos._make_proofs()
        parent, other = self.customer_user.partner_id, self.other_user.partner_id
        (self.ann | self.cy).partner_id = parent
        self.bob.partner_id = other

    def files(self, photos):
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "studio.photo"),
                ("res_field", "!=", False),
                ("res_id", "in", photos.ids),
            ]
        )
        self.assertTrue(attachments)
        return [a._full_path(a.store_fname) for a in attachments]

    def test_the_family_downloads_only_its_children(self):
        self.cy.online_consent = False  # not online, but the family gets its photos
        self.login(self.customer_user)
        page = self.url_open("/my/studio/data")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Ann Lee", page.text)
        self.assertNotIn("Bob Ray", page.text)
        home = self.url_open("/my")
        self.assertIn("/my/studio/data", home.text)
        response = self.url_open("/my/studio/data/download")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = archive.namelist()
        subjects = [
            json.loads(archive.read(name)) for name in names if name.endswith("subject.json")
        ]
        self.assertEqual(sorted(s["name"] for s in subjects), ["Ann Lee", "Cy Fox"])
        self.assertEqual(
            {s["access_code"] for s in subjects}, {self.ann.access_code, self.cy.access_code}
        )
        photos = [name for name in names if "/photos/" in name]
        expected = self.ann_photos | self.cy_photos | self.class_1a
        self.assertEqual(
            sorted(name.rpartition("/")[2] for name in photos),
            sorted(p._lab_file_name() for p in (self.ann_photos | self.class_1a | self.cy_photos)),
        )
        self.assertEqual(len(photos), len(expected))
        self.assertFalse([n for n in names if self.bob_photos._lab_file_name() in n])
        self.assertNotIn(b"Bob Ray", b"".join(archive.read(n) for n in names))

    def test_the_family_asks_and_the_administrator_erases_one_child(self):
        order = self.prepay_order(self.ann, partner_id=self.customer_user.partner_id.id)
        ann_files, bob_files = self.files(self.ann_photos), self.files(self.bob_photos)
        self.login(self.customer_user)
        # another family's child cannot be asked for
        response = self.post("/my/studio/data/erase", {"subject_id": self.bob.id})
        self.assertEqual(response.status_code, 404)
        response = self.post("/my/studio/data/erase", {"subject_id": self.ann.id})
        self.assertRedirects(response, "/my/studio/data?erasure_requested=1")
        self.assertTrue(self.ann.erasure_requested_date)
        activity = self.ann.erasure_activity_id
        self.assertEqual(activity.res_model, "studio.job")
        self.assertEqual(activity.res_id, self.job.id)
        self.assertIn("Ann Lee", activity.summary)
        self.assertTrue(activity.user_id.has_group("studio_prepay.group_studio_manager"))
        self.assertFalse(self.bob.erasure_requested_date)

        with self.assertRaises(AccessError):
            self.ann.with_user(self.studio_user).action_studio_erase()
        self.ann.with_user(self.studio_manager).action_studio_erase()
        self.env.flush_all()
        self.env["ir.attachment"]._gc_file_store_unsafe()
        self.assertFalse([path for path in ann_files if os.path.exists(path)])
        self.assertTrue(all(os.path.exists(path) for path in bob_files))
        self.assertFalse(self.ann_photos.exists())
        self.assertEqual(len(self.bob_photos.exists()), 1)
        self.assertTrue(self.class_1a.exists(), "the class photo is not the child's own")
        self.assertEqual(self.ann.name, "Anonymised subject")
        self.assertFalse(self.ann.partner_id)
        self.assertEqual(self.bob.name, "Bob Ray")
        self.assertEqual(self.bob.partner_id, self.other_user.partner_id)
        self.assertFalse(activity.exists(), "the request is done")
        self.assertTrue(order.exists())
        self.assertEqual(order.studio_subject_id, self.ann)
        self.assertIn("Erased at the family's request", self.job.message_ids[0].body)
        # the family sees the child no more
        page = self.url_open("/my/studio/data")
        self.assertNotIn("Ann Lee", page.text)
        self.assertIn("Cy Fox", page.text)


class TestDownloadLog(StudioPortalCase):
    def test_staff_downloads_of_originals_are_logged_for_administrators(self):
        photo = self.add_photos(self.job, 1, code=self.ann.access_code)
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "studio.photo"),
                ("res_field", "=", "image"),
                ("res_id", "=", photo.id),
            ]
        )
        Log = self.env["studio.download.log"]
        self.login(self.studio_user)
        for url in (
            f"/web/content/{attachment.id}",
            f"/web/content/studio.photo/{photo.id}/image",
            f"/web/image/studio.photo/{photo.id}/image",
        ):
            # logged in a read/write transaction: no replay of Odoo's read-only one (a warning)
            with self.assertNoLogs("odoo.http", "WARNING"):
                self.assertEqual(self.url_open(url).status_code, 200)
        logs = Log.search([("job_id", "=", self.job.id)])
        self.assertEqual(len(logs), 3)
        self.assertEqual(logs.user_id, self.studio_user)
        self.assertEqual(set(logs.mapped("kind")), {"original"})
        self.assertEqual(set(logs.mapped("name")), {photo.name})
        # proofs (customers') are not originals
        self.url_open(f"/web/content/studio.photo/{photo.id}/proof")
        self.assertEqual(Log.search_count([("job_id", "=", self.job.id)]), 3)
        self.assertEqual(Log.with_user(self.studio_manager).search_count([]), Log.search_count([]))
        for user in (self.studio_user, self.accountant, self.customer_user):
            with self.assertRaises(AccessError):
                Log.with_user(user).search([])
        with self.assertRaises(AccessError):
            logs.with_user(self.studio_manager).write({"name": "nothing"})
