import base64
import csv
import io
import zipfile
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from odoo.addons.studio_prepay.models import studio_order_collection

from .common_pipeline import PipelineCase
from .common_translations import load_french


class TestOrderCollection(PipelineCase):
    def test_confirmed_prepay_orders_gather_in_the_open_collection(self):
        first = self.prepay_order(self.ann)
        second = self.prepay_order(self.bob)
        draft = self.prepay_order(self.cy, confirm=False)
        collection = first.studio_collection_id
        self.assertTrue(collection)
        self.assertEqual(second.studio_collection_id, collection)
        self.assertEqual(
            (collection.origin, collection.state, collection.job_id), ("online", "open", self.job)
        )
        self.assertEqual(first.studio_pipeline_state, "collected")
        self.assertFalse(draft.studio_collection_id)
        self.assertEqual(
            (collection.to_place_count, collection.unpaid_count),
            (0, 2),
            "paper orders not paid yet",
        )

    def test_orders_of_a_selling_job_without_photo_products_do_not_join_a_collection(self):
        self.job.action_start_selling()
        order = self.prepay_order(self.ann, products=self.product_fee)
        self.assertFalse(order.studio_collection_id)
        self.assertFalse(order.studio_pipeline_state)

    def test_add_order_enters_a_paper_order_in_the_collection(self):
        collection = self.prepay_order(self.ann).studio_collection_id
        action = collection.action_add_order()
        self.assertEqual(action["res_model"], "sale.order")
        paper = (
            self.env["sale.order"]
            .with_context(**action["context"])
            .create(
                {
                    "partner_id": self.customer.id,
                    "studio_subject_id": self.cy.id,
                    "order_line": [(0, 0, {"product_id": self.product_print.id})],
                }
            )
        )
        self.assertEqual((paper.studio_collection_id, paper.studio_job_id), (collection, self.job))
        paper.action_confirm()
        self.assertEqual(paper.studio_pipeline_state, "collected")
        self.assertEqual(collection.unpaid_count, 2)


class TestPopulatePhotos(PipelineCase):
    def test_populate_fills_first_pose_and_class_photo(self):
        order = self.prepay_order(self.ann)
        self._collection().action_populate_photos()
        lines = {line.product_id: line for line in order.order_line}
        self.assertEqual(lines[self.product_print].studio_photo_id, self.ann_photos[0])
        self.assertEqual(lines[self.product_class].studio_photo_id, self.class_1a)
        self.assertFalse(order.studio_populate_error)

    def test_populate_takes_the_chosen_pose(self):
        order = self.prepay_order(self.ann, products=self.product_print)
        order.order_line.studio_pose = 2
        self._collection().action_populate_photos()
        self.assertEqual(order.order_line.studio_photo_id, self.ann_photos[1])

    def test_populate_reports_orders_it_cannot_fill_with_code_and_subject(self):
        complete = self.prepay_order(self.bob)
        missing = self.prepay_order(self.cy)  # no photo of Cy, no class photo of 2B
        collection = self._collection()
        action = collection.action_populate_photos()
        self.assertIn("1 have missing photos", action["params"]["message"])
        self.assertEqual(collection.missing_order_ids, missing)
        self.assertEqual(collection.missing_count, 1)
        self.assertIn(self.cy.access_code, missing.studio_populate_error)
        self.assertIn("no class photo for group 2B", missing.studio_populate_error)
        self.assertFalse(complete.studio_populate_error)

    def test_memory_mates_are_marked_for_manual_revision(self):
        order = self.prepay_order(self.ann, products=self.product_memory_mate | self.product_fee)
        self._collection().action_populate_photos()
        mate = order.order_line.filtered(lambda line: line.product_id == self.product_memory_mate)
        self.assertTrue(mate.studio_needs_revision)
        self.assertEqual(mate.studio_photo_id, self.ann_photos[0])
        self.assertFalse((order.order_line - mate).studio_photo_id, "a service fee gets no photo")

    def test_second_populate_changes_nothing(self):
        orders = self.prepay_order(self.ann) | self.prepay_order(self.cy)
        collection = self._collection()
        collection.action_populate_photos()
        self.env.flush_all()
        before = [(line.id, line.studio_photo_id.id, line.write_date) for line in orders.order_line]
        errors = orders.mapped("studio_populate_error")
        collection.action_populate_photos()
        self.env.flush_all()
        self.assertEqual(
            [(line.id, line.studio_photo_id.id, line.write_date) for line in orders.order_line],
            before,
        )
        self.assertEqual(orders.mapped("studio_populate_error"), errors)

    def test_retag_then_populate_fills_only_what_is_missing(self):
        order = self.prepay_order(self.cy, products=self.product_print | self.product_class)
        self.add_photos(self.job, 1, group="2B")
        wrong = self.add_photos(
            self.job, 1, code="ZZZZZ-ZZZZZ"
        )  # Cy's photos, tagged with a wrong code
        collection = self._collection()
        collection.action_populate_photos()
        class_line = order.order_line.filtered(lambda line: line.studio_photo_kind == "group")
        class_photo = class_line.studio_photo_id
        self.assertTrue(class_photo)
        self.assertIn(self.cy.access_code, order.studio_populate_error)
        self.assertTrue(wrong.gallery_id.is_unmatched)

        wrong.gallery_id.access_code = self.cy.access_code.replace("-", "").lower()
        self.assertEqual(wrong.gallery_id.subject_id, self.cy)
        collection.action_populate_photos()
        self.assertFalse(order.studio_populate_error)
        self.assertEqual((order.order_line - class_line).studio_photo_id, wrong)
        self.assertEqual(class_line.studio_photo_id, class_photo)

    def test_retag_away_from_a_subject_takes_its_photo_off_the_orders(self):
        order = self.prepay_order(self.bob, products=self.product_print)
        collection = self._collection()
        collection.action_populate_photos()
        self.assertEqual(order.order_line.studio_photo_id, self.bob_photos)
        self.bob_photos.gallery_id.access_code = self.cy.access_code  # they were Cy's photos
        collection.action_populate_photos()
        self.assertFalse(order.order_line.studio_photo_id, "Bob's order no longer shows Cy's photo")
        self.assertIn(self.bob.access_code, order.studio_populate_error)

    def test_retag_into_an_existing_gallery_merges_the_photos(self):
        stray = self.add_photos(self.job, 1, code="ZZZZZ-ZZZZY", names=["late.jpg"])
        stray_gallery, ann_gallery = stray.gallery_id, self.ann_photos.gallery_id
        stray_gallery.access_code = self.ann.access_code
        self.assertTrue(
            stray_gallery.exists(), "the edited gallery stays (the form keeps its record)"
        )
        self.assertFalse(ann_gallery.exists())
        self.assertEqual(stray_gallery.subject_id, self.ann)
        self.assertEqual(
            stray_gallery.photo_ids.ids,
            (self.ann_photos | stray).ids,
            "Ann's poses first, then the moved photo",
        )
        self.assertEqual(stray.subject_id, self.ann)

    def test_populate_uses_a_bounded_number_of_queries(self):
        for subject in self.subjects:
            self.prepay_order(subject)
        collection = self._collection()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=40):
            collection._populate_photos(collection._orders_to_process())
            self.env.flush_all()


class TestPlaceOrders(PipelineCase):
    def test_orders_with_photos_go_to_the_open_batch_the_others_to_a_new_collection(self):
        complete = self.prepay_order(self.ann, paid=True)
        missing = self.prepay_order(self.cy)
        collection = self._collection()
        collection.action_populate_photos()
        collection.action_place_orders()
        batch = complete.studio_batch_id
        self.assertEqual((batch.job_id, batch.state), (self.job, "open"))
        self.assertEqual(complete.studio_pipeline_state, "batched")
        leftover = missing.studio_collection_id
        self.assertNotEqual(leftover, collection)
        self.assertEqual((leftover.origin, leftover.source_collection_id), ("leftover", collection))
        self.assertIn("without photos", leftover.name)
        self.assertEqual(collection.state, "placed")
        self.assertIn("added to batch", complete.message_ids[0].body)
        self.assertIn(leftover.name, missing.message_ids[0].body)
        # the Batch contents report: the lines grouped by their order's batch
        Line = self.env["sale.order.line"]
        self.assertTrue(
            Line.fields_get(["studio_batch_id"], ["groupable"])["studio_batch_id"]["groupable"]
        )
        self.assertEqual(
            Line._read_group(
                [("studio_batch_id", "!=", False)],
                ["studio_batch_id"],
                ["__count", "product_uom_qty:sum"],
            ),
            [(batch, 2, 2.0)],
        )
        # new prepay orders open a new collection
        later = self.prepay_order(self.bob, paid=True)
        self.assertNotIn(later.studio_collection_id, collection | leftover)

    def test_second_place_does_no_harm(self):
        order = self.prepay_order(self.ann, paid=True)
        collection = self._collection()
        collection.action_populate_photos()
        collection.action_place_orders()
        messages, batch = order.message_ids, order.studio_batch_id
        collection.action_place_orders()
        self.assertEqual(order.message_ids, messages)
        self.assertEqual((order.studio_batch_id, self.job.batch_ids), (batch, batch))
        self.assertEqual(collection.state, "placed")

    def test_manual_revision_jobs_and_products_wait_in_revision(self):
        mate = self.prepay_order(self.ann, products=self.product_memory_mate, paid=True)
        plain = self.prepay_order(self.bob, products=self.product_print, paid=True)
        collection = self._collection()
        collection.action_populate_photos()
        collection.action_place_orders()
        self.assertEqual(mate.studio_pipeline_state, "revision")
        self.assertFalse(mate.studio_batch_id)
        self.assertEqual(plain.studio_pipeline_state, "batched")

        self.job.manual_revision = True
        late = self.prepay_order(self.ann, products=self.product_print, paid=True)
        late.studio_collection_id.action_populate_photos()
        late.studio_collection_id.action_place_orders()
        self.assertEqual(late.studio_pipeline_state, "revision")

    def test_revised_orders_are_released_one_by_one_into_the_batch(self):
        mate = self.prepay_order(self.ann, products=self.product_memory_mate, paid=True)
        collection = self._collection()
        collection.action_populate_photos()
        collection.action_place_orders()
        final = self.add_photos(
            self.job, 1, code=self.ann.access_code, names=["memory_mate_final.jpg"]
        )
        mate.order_line.studio_photo_id = final
        mate.action_release_from_revision()
        self.assertEqual(mate.studio_pipeline_state, "batched")
        self.assertEqual(mate.studio_batch_id, self.job._get_open_batch())
        self.assertFalse(mate.order_line.studio_needs_revision)
        with self.assertRaisesRegex(UserError, "not in manual revision"):
            mate.action_release_from_revision()

    def test_revision_release_refuses_lines_without_photo(self):
        mate = self.prepay_order(self.ann, products=self.product_memory_mate, paid=True)
        self._collection().action_populate_photos()
        self._collection().action_place_orders()
        mate.order_line.studio_photo_id = False
        with self.assertRaisesRegex(UserError, f"{mate.name}: missing photos"):
            mate.action_release_from_revision()

    def test_direct_shipping_sends_orders_to_production_in_a_batch_released_at_once(self):
        self.job.delivery_mode = "direct"
        self.customer.write(
            {
                "street": "12 Elm Street",
                "zip": "62701",
                "city": "Springfield",
                "country_id": self.env.ref("base.us").id,
            }
        )
        order = self.prepay_order(self.ann, paid=True)
        self._collection().action_populate_photos()
        self._collection().action_place_orders()
        self.assertEqual(order.studio_pipeline_state, "production")
        self.assertEqual(order.studio_batch_id.state, "released")
        self.assertTrue(order.studio_batch_id.sheet_attachment_id)
        self.assertEqual(self.job.batch_ids, order.studio_batch_id)


class TestBatches(PipelineCase):
    def _placed_batch(self, *subjects):
        orders = self.env["sale.order"].union(
            *(self.prepay_order(subject, paid=True) for subject in subjects)
        )
        collection = self._collection()
        collection.action_populate_photos()
        collection.action_place_orders()
        return orders, orders.studio_batch_id

    def test_release_attaches_the_order_sheet_and_the_images(self):
        orders, batch = self._placed_batch(self.ann, self.bob)
        batch.action_release()
        self.assertEqual(batch.state, "released")
        rows = list(
            csv.DictReader(io.StringIO(base64.b64decode(batch.sheet_attachment_id.datas).decode()))
        )
        self.assertEqual(len(rows), 4)
        ann_print = next(
            r for r in rows if r["subject"] == "Ann Lee" and r["product"] == "Print 5x7"
        )
        self.assertEqual(ann_print["class"], "1A")
        self.assertEqual(ann_print["access code"], self.ann.access_code)
        self.assertEqual(float(ann_print["quantity"]), 1.0)
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(batch.images_attachment_id.datas)))
        self.assertEqual(set(archive.namelist()), {r["photo file"] for r in rows})
        photo = self.ann_photos[0]
        self.assertEqual(archive.read(f"{photo.id}_{photo.name}"), base64.b64decode(photo.image))

    def test_released_batch_takes_no_more_orders(self):
        orders, batch = self._placed_batch(self.ann)
        batch.action_release()
        late = self.prepay_order(self.bob, paid=True)
        with self.assertRaises(
            ValidationError
        ) as error:  # Odoo's assertRaises: the refused write is undone
            late.studio_batch_id = batch
        self.assertIn("takes no more orders", str(error.exception))
        late.studio_collection_id.action_populate_photos()
        late.studio_collection_id.action_place_orders()
        self.assertNotEqual(late.studio_batch_id, batch)
        self.assertEqual(late.studio_batch_id.state, "open")
        self.assertEqual(len(self.job.batch_ids), 2)

    def test_cron_releases_due_batches_of_auto_release_jobs_only(self):
        orders, batch = self._placed_batch(self.ann)
        batch.deadline = fields.Datetime.now() - timedelta(minutes=1)
        self.env["studio.batch"]._cron_release_due_batches()
        self.assertEqual(batch.state, "open", "the job does not release at the deadline")
        self.job.write({"auto_release": True, "batch_deadline": batch.deadline})
        batch.deadline = fields.Datetime.now() + timedelta(hours=1)
        self.env["studio.batch"]._cron_release_due_batches()
        self.assertEqual(batch.state, "open", "not due yet")
        batch.deadline = fields.Datetime.now() - timedelta(minutes=1)
        self.env["studio.batch"]._cron_release_due_batches()
        self.assertEqual(batch.state, "released")
        self.assertTrue(batch.sheet_attachment_id)

    def test_batch_states_move_on_to_done(self):
        _orders, batch = self._placed_batch(self.ann)
        batch.action_release()
        batch.action_release()  # second press: nothing happens
        for state in ("in_production", "shipped", "done"):
            batch.action_next_state()
            self.assertEqual(batch.state, state)
        with self.assertRaises(UserError):
            batch.action_next_state()

    def test_empty_batch_cannot_be_released(self):
        batch = self.job._get_open_batch()
        with self.assertRaisesRegex(UserError, "no orders"):
            batch.action_release()


class TestBackgroundRuns(PipelineCase):
    def test_large_collections_populate_and_place_in_the_background_with_progress(self):
        for subject in self.subjects:
            self.prepay_order(subject, paid=True)
        collection = self._collection()
        cron = self.env.ref("studio_prepay.ir_cron_studio_collection_tasks")
        with (
            patch.object(studio_order_collection, "BACKGROUND_THRESHOLD", 1),
            patch.object(studio_order_collection, "CHUNK_SIZE", 2),
        ):
            action = collection.action_populate_photos()
            self.assertIn("in the background", action["params"]["message"])
            self.assertEqual(
                (collection.task, collection.task_total, collection.task_done), ("populate", 3, 0)
            )
            self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
            with self.assertRaisesRegex(UserError, "already busy"):
                collection.action_place_orders()
            self.env["studio.order.collection"]._cron_run_tasks()
            self.assertEqual((collection.task_done, collection.task_progress), (2, 2 * 100.0 / 3))
            self.env["studio.order.collection"]._cron_run_tasks()
            self.assertFalse(collection.task)
            self.assertIn("Populating photos finished", collection.message_ids[0].body)
            self.assertEqual(collection.missing_count, 1)

            collection.action_place_orders()
            while collection.task:
                self.env["studio.order.collection"]._cron_run_tasks()
        self.assertEqual(collection.state, "placed")
        self.assertEqual(len(self.job.batch_ids.order_ids), 2)

    def test_background_tasks_report_in_the_language_of_who_started_them(self):
        load_french(self.env)
        self.env.user.lang = "fr_FR"
        for subject in self.subjects:
            self.prepay_order(subject, paid=True)
        collection = self._collection()
        with patch.object(studio_order_collection, "BACKGROUND_THRESHOLD", 1):
            collection.action_populate_photos()
            # the scheduled action runs in the language of its own user
            self.env["studio.order.collection"].with_context(lang="en_US")._cron_run_tasks()
        self.assertIn("Attribution des photos terminée", collection.message_ids[0].body)


class TestSellingCommunication(PipelineCase):
    def test_switching_to_selling_emails_each_customer_once(self):
        other = self.env["res.partner"].create(
            {"name": "Other Parent", "email": "other@example.com"}
        )
        self.prepay_order(self.ann)
        self.prepay_order(self.bob)
        self.prepay_order(self.cy, partner_id=other.id)
        self.job.action_start_selling()
        mails = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "in", self.job.order_ids.ids)]
        )
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails.recipient_ids, self.customer | other)
        cy_mail = mails.filtered(lambda m: other in m.recipient_ids)
        self.assertIn(self.cy.access_code, cy_mail.body_html)
        self.assertIn("are ready", cy_mail.subject)

    def test_no_template_no_email(self):
        self.prepay_order(self.ann)
        self.job.selling_template_id = False
        self.job.action_start_selling()
        self.assertFalse(
            self.env["mail.mail"].search(
                [("res_id", "in", self.job.order_ids.ids), ("model", "=", "sale.order")]
            )
        )

    def test_the_selling_email_fits_each_order_and_reaches_families_without_an_order(self):
        partners = self.env["res.partner"].create(
            [
                {"name": name, "email": f"{name}@example.com"}
                for name in ("paid", "due", "change", "refunded", "family")
            ]
        )
        paid, due, change, refunded, family = partners
        dee, eve = self.env["studio.subject"].create(
            [
                {"job_id": self.job.id, "name": name, "group_name": "2B"}
                for name in ("Dee Moss", "Eve Hart")
            ]
        )
        self.prepay_order(self.ann, partner_id=paid.id, paid=True)
        self.prepay_order(self.bob, partner_id=due.id)
        sent_back = self.prepay_order(self.cy, partner_id=change.id)
        sent_back._studio_request_change(sent_back.order_line[:1], "Choose another frame")
        gone = self.prepay_order(dee, partner_id=refunded.id, paid=True)
        gone._studio_refund(gone._studio_refundable(), "Moved away", manual=True)
        self.assertEqual(gone.studio_payment_state, "refunded")
        eve._claim(family)
        self.env["mail.mail"].search([]).unlink()
        self.job.action_start_selling()
        mails = self.env["mail.mail"].search([("recipient_ids", "in", partners.ids)])
        self.assertEqual(len(mails), 5, "one e-mail per family")

        def body(partner):
            return mails.filtered(lambda mail: partner in mail.recipient_ids).body_html

        self.assertIn("Choose the poses of your pre-ordered package", body(paid))
        self.assertIn("to pay", body(due))
        self.assertNotIn("on its way", body(due))
        self.assertIn("We asked you to change your order", body(change))
        self.assertIn("was refunded", body(refunded))
        self.assertNotIn("on its way", body(refunded))
        self.assertIn(eve.access_code, body(family))
        self.assertIn(
            "are ready", mails.filtered(lambda mail: family in mail.recipient_ids).subject
        )
        self.assertIn("1 families without an order", self.job.message_ids[0].body)
