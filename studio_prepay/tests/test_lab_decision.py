"""One decision for "ready for the lab" (sale.order._studio_lab_blockers): the order's form, the
collection's counts and place, the batch's release and release from revision all give the same
answer."""

from odoo.exceptions import UserError

from .test_lab_truth import LabCase


class TestLabDecision(LabCase):
    def _blockers(self, order):
        return order._studio_lab_blockers()[order.id]

    def _fill(self, order):
        """Populate the photos of the orders of ``order``'s collection."""
        order.studio_collection_id.with_user(self.studio_user).action_populate_photos()
        return order

    def test_each_reason_and_ready(self):
        at_lab = self._released(self.bob)
        draft = self.prepay_order(self.ann, confirm=False)
        cancelled = self.prepay_order(self.ann)
        cancelled._studio_release("Duplicate")
        unpaid = self.prepay_order(self.bob)
        ready = self.prepay_order(self.ann, paid=True)
        sent_back = self.prepay_order(self.bob)
        not_waiting = self.prepay_order(self.bob, paid=True)
        self._fill(ready)
        sent_back._studio_request_change(sent_back.order_line[:1], "<p>Another pose please</p>")
        not_waiting._studio_request_change(
            not_waiting.order_line[:1], "<p>Another frame?</p>", refund="manual", no_wait=True
        )
        expected = {
            draft: ["not_confirmed"],
            cancelled: ["cancelled"],
            unpaid: ["unpaid"],
            ready: [],
            sent_back: ["change_open", "unpaid"],
            not_waiting: ["unpaid"],  # refunded: paid again on resubmitting
            at_lab: ["at_lab"],
        }
        for order, codes in expected.items():
            self.assertEqual(self._blockers(order), codes, order.name)
        self.assertEqual(ready.studio_lab_hold, "")
        self.assertEqual(
            sent_back.studio_lab_hold, "waiting for the customer's change, waiting for payment"
        )
        self.assertEqual(at_lab.studio_lab_hold, "at the lab already")

        without_photos = self.prepay_order(
            self.cy, paid=True
        )  # no photo of Cy, no class photo of 2B
        self.assertEqual(self._blockers(without_photos), ["missing_photos"])
        self.job.manual_revision = True
        revised = self.prepay_order(self.ann, paid=True)
        self._place()
        self.assertEqual(self._blockers(revised), ["revision"])
        self.assertEqual(revised.studio_lab_hold, "in manual revision")

    def test_an_order_without_photo_products_has_nothing_for_the_lab(self):
        self.job.action_start_selling()
        fee = self.env["product.product"].create(
            {"name": "Service fee", "type": "service", "list_price": 5.0}
        )
        self.job.product_ids |= fee
        order = self.prepay_order(self.ann, products=fee, paid=True)
        self.assertFalse(order.studio_pipeline_state)
        self.assertEqual(self._blockers(order), ["nothing_for_lab"])
        self.assertFalse(order.studio_photos_missing)

    def test_an_order_fixed_by_hand_no_longer_shows_missing_photos(self):
        order = self._fill(self.prepay_order(self.cy, products=self.product_print, paid=True))
        collection = order.studio_collection_id.with_user(self.studio_user)
        self.assertIn(self.cy.access_code, order.studio_populate_error)
        self.assertEqual(
            (order.studio_lab_hold, order.studio_photos_missing), ("missing photos", True)
        )
        self.assertEqual((collection.missing_order_ids, collection.to_place_count), (order, 0))
        Order = self.env["sale.order"]
        self.assertEqual(
            Order.search([("id", "=", order.id), ("studio_photos_missing", "=", True)]), order
        )

        photo = self.add_photos(
            self.job, 1, code=self.cy.access_code
        )  # taken later, chosen by hand
        order.order_line.with_user(self.studio_user).studio_photo_id = photo
        self.assertEqual((order.studio_lab_hold, order.studio_photos_missing), ("", False))
        self.assertEqual((collection.missing_count, collection.to_place_count), (0, 1))
        self.assertEqual(
            Order.search([("id", "=", order.id), ("studio_photos_missing", "=", False)]), order
        )
        collection.action_place_orders()
        self.assertEqual(order.studio_pipeline_state, "batched")

    def test_the_collection_counts_and_places_what_the_orders_say(self):
        ready = self.prepay_order(self.ann, paid=True)
        unpaid = self.prepay_order(self.bob)
        without_photos = self.prepay_order(self.cy, paid=True)
        collection = self._collection()
        collection.action_populate_photos()
        holds = {order: order.studio_lab_hold for order in ready | unpaid | without_photos}
        self.assertEqual(
            holds, {ready: "", unpaid: "waiting for payment", without_photos: "missing photos"}
        )
        self.assertEqual(
            (collection.to_place_count, collection.unpaid_order_ids, collection.missing_order_ids),
            (1, unpaid, without_photos),
        )

        collection.action_place_orders()
        self.assertEqual(ready.studio_pipeline_state, "batched")
        self.assertEqual(
            (unpaid.studio_pipeline_state, unpaid.studio_collection_id), ("collected", collection)
        )
        self.assertEqual(without_photos.studio_collection_id.source_collection_id, collection)
        self.assertEqual(
            (collection.to_place_count, collection.unpaid_count, collection.missing_count),
            (0, 1, 0),
        )

    def test_the_batch_holds_back_what_the_order_form_shows(self):
        ann = self.prepay_order(self.ann, paid=True)
        bob = self.prepay_order(self.bob, paid=True)
        self._place()
        batch = ann.studio_batch_id.with_user(self.studio_user)
        self.assertEqual(bob.studio_batch_id, batch)
        bob.order_line.with_user(
            self.studio_user
        ).studio_photo_id = False  # staff took the wrong photo off
        self.assertEqual((ann.studio_lab_hold, bob.studio_lab_hold), ("", "missing photos"))
        batch.action_release()
        self.assertEqual((batch.state, batch.order_ids), ("released", ann))
        self.assertEqual(
            (bob.studio_pipeline_state, bob.studio_collection_id), ("collected", self._collection())
        )
        self.assertIn(
            f"Held back from batch {batch.name}: missing photos.", bob.message_ids[0].body
        )
        self.assertEqual(bob.studio_lab_hold, "missing photos")

    def test_release_from_revision_refuses_what_the_order_form_shows(self):
        self.job.manual_revision = True
        order = self.prepay_order(self.ann, paid=True)
        self._place()
        order = order.with_user(self.studio_user)
        photo = order.order_line[:1].studio_photo_id
        order.order_line[:1].studio_photo_id = False
        self.assertEqual(order.studio_lab_hold, "missing photos, in manual revision")
        with self.assertRaises(UserError) as error:
            order.action_release_from_revision()
        self.assertIn(f"- {order.name}: missing photos", str(error.exception))
        self.assertEqual(order.studio_pipeline_state, "revision")
        order.order_line[:1].studio_photo_id = photo
        self.assertEqual(order.studio_lab_hold, "in manual revision")
        order.action_release_from_revision()
        self.assertEqual((order.studio_pipeline_state, order.studio_lab_hold), ("batched", ""))

    def test_the_decision_takes_as_many_queries_for_50_orders_as_for_5(self):
        self.add_photos(self.job, 1, code=self.subjects[2].access_code)
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "studio_job_id": self.job.id,
                    "studio_subject_id": subject.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id})
                        for product in (self.product_print | self.product_class)
                    ],
                }
                for subject in list(self.subjects) * 17
            ][:50]
        )
        orders.action_confirm()
        self.register_payment(orders[::2])
        self._collection().action_populate_photos()
        orders[:20]._studio_release("Duplicate")  # some cancelled among them
        self._place()

        def queries(records):
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            blockers = records._studio_lab_blockers()
            return self.env.cr.sql_log_count - before, blockers

        few, few_blockers = queries(orders[18:23])
        many, blockers = queries(orders)
        self.assertEqual(
            {code for codes in blockers.values() for code in codes}, {"cancelled", "unpaid"}
        )
        self.assertTrue(
            any(not codes for codes in few_blockers.values()), "some of them went to the batch"
        )
        self.assertEqual(many, few, "the number of queries does not grow with the orders")
        self.assertLessEqual(many, 6)
