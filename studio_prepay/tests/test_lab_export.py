import base64
import io
import os
import tracemalloc
import zipfile
from unittest.mock import patch

from PIL import Image

from odoo.addons.base.models.ir_attachment import IrAttachment
from odoo.addons.studio_prepay.models import studio_batch

from .common_pipeline import LabExportCase


class TestOrderSheet(LabExportCase):
    def test_each_line_carries_product_code_crop_retouch_and_both_files_of_a_memory_mate(self):
        self.product_print.default_code = "P57"
        self.product_memory_mate.default_code = "MM810"
        order = self.prepay_order(
            self.ann, products=self.product_print | self.product_memory_mate, paid=True
        )
        order.order_line.filtered(lambda line: line.product_id == self.product_print).write(
            {"studio_crop": "square", "studio_retouch": True}
        )
        self._place(order)
        self.assertEqual(order.studio_pipeline_state, "revision", "memory mates are revised first")
        order.with_user(self.studio_user).action_release_from_revision()
        rows = {row["product code"]: row for row in self._sheet(self._release(order))}
        self.assertEqual(set(rows), {"P57", "MM810"})
        portrait, class_photo = self.ann_photos[0], self.class_1a
        self.assertEqual(
            (rows["P57"]["product"], rows["P57"]["crop"], rows["P57"]["retouch"]),
            ("Print 5x7", "square", "yes"),
        )
        mate = rows["MM810"]
        self.assertEqual(
            (mate["photo file"], mate["class photo file"]),
            (portrait._lab_file_name(), class_photo._lab_file_name()),
        )
        self.assertEqual((mate["crop"], mate["retouch"], mate["quantity"]), ("full", "no", "1"))
        self.assertEqual(
            (mate["subject"], mate["class"], mate["access code"]),
            ("Ann Lee", "1A", self.ann.access_code),
        )
        archive = self._archive(order.studio_batch_id)
        self.assertEqual(
            set(archive.namelist()), {portrait._lab_file_name(), class_photo._lab_file_name()}
        )
        self.assertEqual(
            archive.read(class_photo._lab_file_name()), base64.b64decode(class_photo.image)
        )

    def test_direct_shipping_lines_carry_the_customers_delivery_address(self):
        self.job.write({"delivery_mode": "direct", "partner_id": self.partner_school.id})
        home = self.env["res.partner"].create(
            {
                "name": "A Parent",
                "type": "delivery",
                "parent_id": self.customer.id,
                "street": "12 Elm Street",
                "zip": "10115",
                "city": "Berlin",
                "country_id": self.env.ref("base.de").id,
                "phone": "+49 30 1234",
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Studio", "currency_id": self.env.company.currency_id.id}
        )
        order = self.prepay_order(
            self.ann, partner_shipping_id=home.id, pricelist_id=pricelist.id, paid=True
        )
        self._place(order)
        self.assertEqual(
            order.studio_batch_id.state, "released", "direct shipping goes to production at once"
        )
        for row in self._sheet(order.studio_batch_id):
            self.assertEqual(
                (
                    row["delivery"],
                    row["ship to"],
                    row["street"],
                    row["zip"],
                    row["city"],
                    row["country"],
                    row["phone"],
                ),
                ("direct", "A Parent", "12 Elm Street", "10115", "Berlin", "DE", "'+49 30 1234"),
            )

    def test_batch_jobs_ship_to_the_organisation_and_digital_lines_stay_out(self):
        self.partner_school.write({"street": "1 School Road", "city": "Springfield"})
        digital = self._product("Digital download", "digital")
        order = self.prepay_order(self.ann, products=self.product_print | digital, paid=True)
        self._place(order)
        rows = self._sheet(self._release(order))
        self.assertEqual([row["product"] for row in rows], ["Print 5x7"])
        self.assertEqual(
            (rows[0]["delivery"], rows[0]["ship to"], rows[0]["street"]),
            ("batch", "Test School", "1 School Road"),
        )

    def test_cells_a_spreadsheet_would_run_are_neutralised(self):
        self.job.prepay_subject_entry = "code_or_name"
        typed = self.job._studio_subject_by_name(self.customer, '=HYPERLINK("http://x")', "@SUM(1)")
        self.add_photos(self.job, 1, code=typed.access_code)
        self.add_photos(self.job, 1, group="@SUM(1)")
        order = self.prepay_order(typed, paid=True)
        self._place(order)
        rows = self._sheet(self._release(order))
        self.assertEqual(
            {(row["subject"], row["class"]) for row in rows},
            {('\'=HYPERLINK("http://x")', "'@SUM(1)")},
        )
        for row in rows:
            for column, value in row.items():
                self.assertFalse(
                    value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
                )

    def test_zip_members_are_plain_safe_names(self):
        photo = self.add_photos(
            self.job, 1, code=self.bob.access_code, names=[f"a\\..\\b_{self.bob.access_code}.jpg"]
        )
        self.bob_photos.sequence = 5  # the loose upload is Bob's first pose
        order = self.prepay_order(self.bob, products=self.product_print, paid=True)
        self._place(order)
        batch = self._release(order)
        self.assertEqual(order.order_line.studio_photo_id, photo)
        names = self._archive(batch).namelist()
        self.assertEqual(names, [f"{photo.id}_b_{self.bob.access_code}.jpg"])
        self.assertEqual(self._sheet(batch)[0]["photo file"], names[0])

    def test_the_customers_file_of_a_line_goes_in_the_zip(self):
        order = self.prepay_order(self.ann, products=self.product_print, paid=True)
        order.order_line.write(
            {"studio_file": base64.b64encode(b"%PDF logo"), "studio_file_name": "../logo final.pdf"}
        )
        self._place(order)
        batch = self._release(order)
        row = self._sheet(batch)[0]
        self.assertEqual(row["customer file"], f"L{order.order_line.id}_logo_final.pdf")
        self.assertEqual(self._archive(batch).read(row["customer file"]), b"%PDF logo")

    def test_a_large_batch_gets_several_zips(self):
        orders = self.prepay_order(
            self.ann, products=self.product_print, paid=True
        ) | self.prepay_order(self.bob, products=self.product_print, paid=True)
        self._place(*orders)
        with patch.object(studio_batch, "ZIP_PART_SIZE", 1):
            batch = self._release(orders)
        parts = batch.images_attachment_ids.sorted("id")
        self.assertEqual(
            parts.mapped("name"),
            [f"Test School 2026 batch 1 images {n} of 2.zip" for n in (1, 2)],
            "names a browser downloads: no colon",
        )
        self.assertEqual(batch.images_attachment_id, parts[0])
        members = [
            name for part in parts for name in zipfile.ZipFile(io.BytesIO(part.raw)).namelist()
        ]
        self.assertEqual(sorted(members), sorted(row["photo file"] for row in self._sheet(batch)))


class TestStreamedExport(LabExportCase):
    @staticmethod
    def _noise_jpeg(size=(2000, 1500)):
        """A JPEG of random noise: about as large as it gets for its size (photos do not
        compress)."""
        buffer = io.BytesIO()
        Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(
            buffer, "JPEG", quality=95
        )
        return buffer.getvalue()

    def test_photos_are_copied_from_the_filestore_in_chunks_never_loaded_whole(self):
        photos = self.env["studio.photo"]
        orders = self.env["sale.order"]
        for subject in (self.ann, self.bob, self.cy):
            gallery = self.add_photos(self.job, 1, code=subject.access_code).gallery_id
            photos |= self.env["studio.photo"].create(
                [
                    {
                        "gallery_id": gallery.id,
                        "name": f"big_{subject.id}_{pose}.jpg",
                        "sequence": -pose,
                        "image": base64.b64encode(self._noise_jpeg()),
                    }
                    for pose in (1, 2)
                ]
            )
            order = self.prepay_order(subject, products=self.product_print, paid=True)
            order.order_line.studio_pose = 2
            orders |= order
        self._place(*orders)
        biggest = max(len(base64.b64decode(photo.image)) for photo in photos)
        total = sum(
            len(base64.b64decode(photo.image))
            for photo in photos.filtered(lambda p: p in orders.order_line.studio_photo_id)
        )
        self.assertGreater(biggest, 3_000_000)
        self.env.invalidate_all()

        read_whole = []
        original_read = IrAttachment._file_read

        def file_read(attachment, fname):
            read_whole.append(fname)
            return original_read(attachment, fname)

        batch = orders.studio_batch_id.with_user(self.studio_user)
        tracemalloc.start()
        try:
            with patch.object(IrAttachment, "_file_read", file_read):
                batch.action_release()
                self.env.flush_all()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        self.assertFalse(read_whole, "no file is read whole into memory")
        self.assertLess(
            peak, biggest, f"peak {peak} bytes of Python memory for {total} bytes of photos"
        )
        attachment = batch.images_attachment_id
        self.assertTrue(attachment.store_fname)
        self.assertGreater(attachment.file_size, total)
        archive = self._archive(batch)
        for line in orders.order_line:
            self.assertEqual(
                archive.read(line.studio_photo_id._lab_file_name()),
                base64.b64decode(line.studio_photo_id.image),
            )
