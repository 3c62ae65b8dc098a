"""Every method of the README's "Automating it" table, called through Odoo's XML-RPC endpoint
(``execute_kw``) as the role that uses it: each answers a marshalable value and does its work."""

import base64
import io
import zipfile

from odoo.tests import HttpCase, tagged

from .common import StudioCase


@tagged("post_install", "-at_install")
class TestXmlRpcApi(StudioCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )

    def call(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def wizard(self, user, model, vals, method):
        wizard_id = self.call(user, model, "create", vals)
        return self.call(user, model, method, [wizard_id])

    def test_job_subjects_and_cards(self):
        staff = self.studio_user
        job_id = self.call(
            staff,
            "studio.job",
            "create",
            {"name": "API job", "product_ids": [(6, 0, self.product_print.ids)]},
        )
        self.assertTrue(self.call(staff, "studio.job", "action_start_prepay", [job_id]))
        spare_ids = self.call(staff, "studio.job", "add_spare_subjects", [job_id], 3)
        self.assertEqual(len(spare_ids), 3)
        subject_ids = self.call(
            staff,
            "studio.subject",
            "create",
            [{"job_id": job_id, "name": "Zoe", "group_name": "3C"}],
        )
        self.assertEqual(len(subject_ids), 1)
        csv = base64.b64encode(b"name,group\nYann,3C\nXena,3D\n").decode()
        action = self.wizard(
            staff,
            "studio.names.import",
            {"job_id": job_id, "file": csv, "filename": "n.csv"},
            "action_import",
        )
        self.assertIn("2 subjects created", action["params"]["message"])
        action = self.wizard(
            staff,
            "studio.qr.card.wizard",
            {"job_id": job_id, "subject_ids": [(6, 0, subject_ids)], "spare_count": 1},
            "action_print",
        )
        self.assertEqual(action["report_name"], "studio_prepay.report_qr_cards")
        job = self.env["studio.job"].browse(job_id)
        self.assertEqual(
            job.subject_count,
            6,
            "the spare card printed is one of the 3 unused ones, not a new one",
        )
        self.assertTrue(self.call(staff, "studio.job", "action_start_selling", [job_id]))
        self.assertTrue(self.call(staff, "studio.job", "action_close", [job_id]))
        self.assertTrue(self.call(staff, "studio.job", "action_reopen", [job_id]))
        self.assertEqual(job.phase, "selling")
        overdue = self.call(staff, "studio.job", "action_view_overdue_transfers", [job_id])
        self.assertIn(["studio_payment_state", "=", "pending"], overdue["domain"])

    def test_photos_orders_collection_batch_and_fulfillment(self):
        staff = self.studio_user
        self.job.action_start_prepay()
        ann = self.subjects[0]
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zip_file:
            zip_file.writestr(f"{ann.access_code}_1.jpg", self.image_bytes())
        attachment_id = self.call(
            staff,
            "ir.attachment",
            "create",
            {"name": "photos.zip", "datas": base64.b64encode(archive.getvalue()).decode()},
        )
        action = self.wizard(
            staff,
            "studio.photo.upload",
            {
                "job_id": self.job.id,
                "kind": "individual",
                "attachment_ids": [(6, 0, [attachment_id])],
            },
            "action_upload",
        )
        self.assertEqual(action["res_model"], "studio.photo.upload")
        group_photo = self.add_photos(self.job, 1, group="1A")
        gallery = group_photo.gallery_id
        self.assertTrue(
            self.call(staff, "studio.gallery", "write", [gallery.id], {"group_name": "1A"})
        )
        order_id = self.call(
            staff,
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "studio_access_code": ann.access_code.lower(),
                "order_line": [
                    (0, 0, {"product_id": self.product_print.id}),
                    (0, 0, {"product_id": self.product_class.id}),
                ],
            },
        )
        order = self.env["sale.order"].browse(order_id)
        self.assertEqual(order.studio_subject_id, ann)
        order.action_confirm()
        self.assertTrue(
            self.wizard(
                self.accountant,
                "studio.mark.paid.wizard",
                {  # only paid orders go to the lab
                    "order_ids": [(6, 0, [order_id])],
                    "journal_id": self.bank_journal.id,
                    "notify": False,
                },
                "action_mark_paid",
            )
        )
        collection_id = order.studio_collection_id.id
        self.assertEqual(
            self.call(staff, "studio.order.collection", "action_add_order", [collection_id])[
                "res_model"
            ],
            "sale.order",
        )
        self.call(staff, "studio.order.collection", "action_populate_photos", [collection_id])
        self.assertEqual(len(order.order_line.studio_photo_id), 2)
        self.call(staff, "studio.order.collection", "action_place_orders", [collection_id])
        self.assertEqual(order.studio_pipeline_state, "batched")
        batch_id = order.studio_batch_id.id
        self.assertTrue(self.call(staff, "studio.batch", "action_release", [batch_id]))
        self.assertTrue(self.call(staff, "studio.batch", "action_next_state", [batch_id]))
        self.assertEqual(order.studio_batch_id.state, "in_production")
        self.assertTrue(
            self.wizard(
                staff,
                "studio.fulfillment.wizard",
                {
                    "order_ids": [(6, 0, [order_id])],
                    "state": "shipped",
                    "note": "<p>On its way</p>",
                    "notify": True,
                },
                "action_apply",
            )
        )
        self.assertEqual(order.studio_fulfillment_state, "shipped")

    def test_manual_revision_release(self):
        self.job.write({"manual_revision": True})
        self.job.action_start_prepay()
        self.add_photos(self.job, 1, code=self.subjects[0].access_code)
        order = self.prepay_order(self.subjects[0], products=self.product_print, paid=True)
        order.studio_collection_id.action_populate_photos()
        order.studio_collection_id.action_place_orders()
        self.assertEqual(order.studio_pipeline_state, "revision")
        self.assertTrue(
            self.call(self.studio_user, "sale.order", "action_release_from_revision", [order.id])
        )
        self.assertEqual(order.studio_pipeline_state, "batched")

    def test_money_actions(self):
        self.job.action_start_prepay()
        paid, deleted, added = (self.prepay_order(subject) for subject in self.subjects)
        self.assertTrue(
            self.wizard(
                self.accountant,
                "studio.mark.paid.wizard",
                {
                    "order_ids": [(6, 0, paid.ids)],
                    "journal_id": self.bank_journal.id,
                    "note": "<p>Cash</p>",
                    "notify": True,
                },
                "action_mark_paid",
            )
        )
        self.assertEqual(paid.studio_payment_state, "paid")
        action = self.wizard(
            self.accountant,
            "studio.refund.wizard",
            {"order_id": paid.id, "amount": 5.0, "manual": True, "reason": "Damaged print"},
            "action_refund",
        )
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(paid.studio_payment_state, "partially_refunded")
        self.assertTrue(
            self.wizard(
                self.studio_user,
                "studio.delete.restock.wizard",
                {"order_ids": [(6, 0, deleted.ids)], "reason": "Duplicate"},
                "action_delete_restock",
            )
        )
        self.assertEqual(deleted.state, "cancel")
        action = self.wizard(
            self.studio_user,
            "studio.add.products.wizard",
            {
                "order_id": added.id,
                "line_ids": [(0, 0, {"product_id": self.product_print.id, "quantity": 2})],
            },
            "action_add",
        )
        self.assertEqual(action["type"], "ir.actions.act_window_close")
        self.assertIn("/payment/pay", added.studio_payment_link)
        page = self.url_open("/payment/pay" + added.studio_payment_link.split("/payment/pay")[1])
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_payment_form", page.text, "the signed link opens the payment form")
        self.assertEqual(
            added.order_line.filtered(lambda line: line.product_id == self.product_print).mapped(
                "product_uom_qty"
            ),
            [1.0, 2.0],
        )
