"""The back office as the web client opens it: every field of the form views, read as each role."""

from odoo.tests import Form, tagged

from .common import StudioCase


@tagged("post_install", "-at_install")
class TestBackofficeForms(StudioCase):
    def test_billing_only_accountant_opens_a_photo_order(self):
        """Invoicing > an invoice's sale order: the form reads tags, complaints and documents
        too."""
        order = self.prepay_order(self.ann_subject(), paid=True)
        photo = self.add_photos(self.job, 1, code=self.ann_subject().access_code)
        order.order_line.filtered(
            lambda line: line.product_id == self.product_print
        ).studio_photo_id = photo
        self.env["studio.complaint"].create(
            {"order_id": order.id, "description": "Print arrived damaged"}
        )
        order.tag_ids = self.env["crm.tag"].create({"name": "School"})
        form = Form(order.with_user(self.accountant))
        self.assertEqual(form.studio_subject_id, order.studio_subject_id)
        self.assertEqual(form.studio_complaint_count, 1)
        self.assertEqual(
            order.order_line.with_user(self.accountant).studio_photo_id.display_name,
            photo.display_name,
        )

    def ann_subject(self):
        return self.subjects[0]
