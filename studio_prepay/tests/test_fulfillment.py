import base64

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import StudioCase


class TestFulfillment(StudioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.action_start_prepay()
        cls.order = cls.prepay_order(cls.subjects[0])

    def _change(self, state, note=False, notify=False):
        wizard = (
            self.env["studio.fulfillment.wizard"]
            .with_context(active_ids=self.order.ids)
            .create({"state": state, "note": note, "notify": notify})
        )
        wizard.action_apply()

    def test_confirmed_studio_orders_start_unfulfilled(self):
        self.assertEqual(self.order.studio_fulfillment_state, "unfulfilled")

    def test_change_is_tracked_in_the_chatter(self):
        self.env.cr.precommit.run()  # the order's creation is committed, as in real use
        self._change("on_hold", "<p>Frame out of stock until Friday</p>")
        self.env.cr.precommit.run()
        self.assertEqual(self.order.studio_fulfillment_state, "on_hold")
        self.assertIn("Frame out of stock", self.order.studio_fulfillment_note)
        tracking = self.order.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "studio_fulfillment_state"
        )
        self.assertEqual(
            (tracking.old_value_char, tracking.new_value_char), ("Unfulfilled", "On hold")
        )

    def test_customer_email_carries_state_and_note(self):
        self._change("shipped", "<p>Tracking number 1Z999</p>", notify=True)
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", self.order.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("Tracking number 1Z999", mail.body_html)
        self.assertIn("Shipped", mail.body_html)
        self.assertIn(self.order.name, mail.subject)

    def test_no_email_unless_asked(self):
        self._change("processed", "<p>Printed</p>")
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "sale.order"), ("res_id", "=", self.order.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestFulfillmentPortal(HttpCase):
    def test_customer_sees_state_and_note_on_the_order_page(self):
        job = self.env["studio.job"].create({"name": "Portal school", "product_ids": [(6, 0, [])]})
        subject = self.env["studio.subject"].create(
            {"job_id": job.id, "name": "Kid Portal", "group_name": "4A"}
        )
        customer = self.env["res.partner"].create(
            {"name": "Portal Parent", "email": "pp@example.com"}
        )
        product = self.env["product.product"].create({"name": "Print", "list_price": 5})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "studio_job_id": job.id,
                "studio_subject_id": subject.id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )
        order.action_confirm()
        order._studio_set_fulfillment("shipped", "<p>Sent with tracking 1Z555</p>")
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        for text in (
            "Portal school",
            "Kid Portal",
            subject.access_code,
            "Shipped",
            "Sent with tracking 1Z555",
        ):
            self.assertIn(text, response.text)


@tagged("post_install", "-at_install")
class TestDigitalDownloads(StudioCase, HttpCase):
    def setUp(self):
        super().setUp()
        self.photo = self.add_photos(self.job, 1, code=self.subjects[0].access_code)
        digital = self._product("Digital file", "digital", type="service")
        self.order = self.prepay_order(self.subjects[0], products=digital, confirm=False)
        self.order.order_line.studio_photo_id = self.photo
        self.order.action_confirm()
        self.line = self.order.order_line
        self.url = (
            f"/my/orders/{self.order.id}/download/{self.line.id}"
            f"?access_token={self.order._portal_ensure_token()}"
        )

    def _pay(self):
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )
        self.order._studio_mark_paid(journal, fields.Date.today())

    def test_download_waits_for_the_payment(self):
        self.assertEqual(self.url_open(self.url).status_code, 403)
        self.assertIn(
            "available once the order is paid", self.url_open(self.order.get_portal_url()).text
        )
        self._pay()
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, base64.b64decode(self.photo.image))
        self.assertIn(f"/download/{self.line.id}", self.url_open(self.order.get_portal_url()).text)

    def test_someone_else_gets_nothing(self):
        self._pay()
        self.assertEqual(
            self.url_open(self.url.replace("access_token=", "access_token=x")).status_code, 404
        )
        other_line = self.url.replace(
            f"/download/{self.line.id}", f"/download/{self.line.id + 1000}"
        )
        self.assertEqual(self.url_open(other_line).status_code, 404)
