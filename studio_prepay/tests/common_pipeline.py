"""Orders on their way to the lab: collections, populate, place, batches, and the lab export read
back."""

import csv
import io
import zipfile

from .common import StudioCase


class PipelineCase(StudioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.action_start_prepay()
        cls.ann, cls.bob, cls.cy = cls.subjects
        cls.ann_photos = cls.add_photos(cls.job, 2, code=cls.ann.access_code)
        cls.bob_photos = cls.add_photos(cls.job, 1, code=cls.bob.access_code)
        cls.class_1a = cls.add_photos(cls.job, 1, group="1A")
        cls.product_memory_mate = cls._product("Memory mate", "memory_mate")
        cls.product_fee = cls.env["product.product"].create(
            {"name": "Service fee", "type": "service"}
        )

    def _collection(self):
        return self.job._get_open_collection()

    def _photo_lines(self, order):
        return order.order_line.filtered(lambda line: line.studio_photo_kind)


class LabExportCase(PipelineCase):
    """Orders placed and released by a studio user; the lab export read back as the lab reads it."""

    def _place(self, *orders):
        collection = orders[0].studio_collection_id.with_user(self.studio_user)
        collection.action_populate_photos()
        collection.action_place_orders()

    def _release(self, orders):
        batch = orders.studio_batch_id.with_user(self.studio_user)
        if batch.state == "open":
            batch.action_release()
        return batch

    @staticmethod
    def _sheet(batch):
        return list(csv.DictReader(io.StringIO(batch.sheet_attachment_id.raw.decode())))

    @staticmethod
    def _archive(batch):
        return zipfile.ZipFile(io.BytesIO(batch.images_attachment_id.raw))
