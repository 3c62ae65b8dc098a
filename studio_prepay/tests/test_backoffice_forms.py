"""The back office as the web client opens it: every field of the form views, read as each role."""
from odoo.tests import Form, tagged

from .common import StudioCase


@tagged("post_install", "-at_install")
class TestBackofficeForms(StudioCase):

    def test_billing_only_accountant_opens_a_photo_order(self):
        """Invoicing > an invoice's sale order: the form reads tags, complaints and documents too."""
        order = self.prepay_order(self.ann_subject(), paid=True)
        self.env["studio.complaint"].create({"order_id": order.id, "description": "Print arrived damaged"})
        order.tag_ids = self.env["crm.tag"].create({"name": "School"})
        form = Form(order.with_user(self.accountant))
        self.assertEqual(form.studio_subject_id, order.studio_subject_id)
        self.assertEqual(form.studio_complaint_count, 1)

    def ann_subject(self):
        return self.subjects[0]
