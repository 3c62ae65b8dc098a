from odoo.exceptions import UserError, ValidationError

from .common_money import LabCase


class TestOnlyPaidOrdersGoToTheLab(LabCase):
    def test_unpaid_paper_orders_and_pending_transfers_wait_in_the_collection(self):
        paid = self.prepay_order(self.ann, paid=True)
        paper = self.prepay_order(self.bob)
        transfer = self.prepay_order(self.ann)
        self._bank_transfer(transfer)
        collection, action = self._place()
        self.assertEqual(
            (paid.studio_pipeline_state, paid.studio_batch_id.state), ("batched", "open")
        )
        for order in paper | transfer:
            self.assertEqual(
                (order.studio_pipeline_state, order.studio_collection_id), ("collected", collection)
            )
            self.assertFalse(order.studio_batch_id)
            self.assertEqual(order.studio_lab_hold, "waiting for payment")
        self.assertEqual(
            (collection.unpaid_count, collection.to_place_count, collection.state), (2, 0, "open")
        )
        self.assertEqual(collection.unpaid_order_ids, paper | transfer)
        self.assertIn("2 orders wait for payment", action["params"]["message"])

        self.register_payment(paper)  # the parent paid cash at the school office
        self.assertEqual(collection.to_place_count, 1)
        collection.action_place_orders()
        self.assertEqual(
            (paper.studio_pipeline_state, paper.studio_batch_id), ("batched", paid.studio_batch_id)
        )
        self.assertEqual(
            transfer.studio_pipeline_state, "collected", "the transfer has not arrived"
        )
        self.assertEqual(collection.unpaid_count, 1)

    def test_an_order_of_the_open_batch_no_longer_paid_is_held_back_at_release(self):
        kept = self.prepay_order(self.ann, paid=True)
        refunded = self.prepay_order(self.bob, paid=True)
        self._place()
        batch = refunded.studio_batch_id
        self.env["studio.change.request.wizard"].with_user(self.studio_manager).with_context(
            active_id=refunded.id
        ).create(
            {
                "line_ids": [(6, 0, refunded.order_line[:1].ids)],
                "message": "<p>Another pose please</p>",
                "no_wait": True,
            }
        ).action_send_refund_manually()
        self.assertEqual(
            (refunded.studio_batch_id, refunded.studio_payment_state), (batch, "refunded")
        )
        batch.with_user(self.studio_user).action_release()
        self.assertEqual(batch.state, "released")
        self.assertEqual(batch.order_ids, kept)
        self.assertEqual(
            (refunded.studio_pipeline_state, refunded.studio_collection_id),
            ("collected", self.job._get_open_collection()),
        )
        self.assertIn("waiting for payment", refunded.message_ids[0].body)
        self.assertNotIn(refunded.name, batch.sheet_attachment_id.raw.decode())

    def test_revision_releases_only_paid_orders(self):
        self.job.manual_revision = True
        order = self.prepay_order(self.ann, products=self.product_print, paid=True)
        self._place()
        self.assertEqual(order.studio_pipeline_state, "revision")
        self.env["studio.change.request.wizard"].with_user(self.studio_manager).with_context(
            active_id=order.id
        ).create(
            {"line_ids": [(6, 0, order.order_line.ids)], "message": "<p>Pose?</p>", "no_wait": True}
        ).action_send_refund_manually()
        with self.assertRaises(UserError) as error:
            order.with_user(self.studio_user).action_release_from_revision()
        self.assertIn(
            f"cannot go to the lab yet:\n- {order.name}: waiting for payment", str(error.exception)
        )
        self.assertEqual(order.studio_pipeline_state, "revision")

    def test_a_batch_without_paid_orders_is_not_released(self):
        order = self.prepay_order(self.ann, paid=True)
        self._place()
        batch = order.studio_batch_id
        self.env["studio.change.request.wizard"].with_user(self.studio_manager).with_context(
            active_id=order.id
        ).create(
            {
                "line_ids": [(6, 0, order.order_line[:1].ids)],
                "message": "<p>Pose?</p>",
                "no_wait": True,
            }
        ).action_send_refund_manually()
        with self.assertRaises(UserError) as error:
            batch.with_user(self.studio_user).action_release()
        self.assertIn("no orders ready for the lab", str(error.exception))
        self.assertEqual((batch.state, order.studio_batch_id), ("open", batch), "nothing changed")


class TestReleasedBatchesNeverChange(LabCase):
    def test_full_refund_at_the_lab_keeps_the_order_in_its_batch_and_restocks_nothing(self):
        order = self._released(self.ann, products=self.frame)
        batch = order.studio_batch_id
        available = self.frame.with_context(warehouse_id=order.warehouse_id.id).virtual_available
        self.env["studio.refund.wizard"].with_user(self.paper_accountant).with_context(
            active_id=order.id
        ).create({"reason": "Family moved away", "manual": True}).action_refund()
        self.assertEqual(order.studio_payment_state, "refunded")
        credit_note = order.invoice_ids.filtered(lambda move: move.move_type == "out_refund")
        self.assertEqual(
            (credit_note.state, credit_note.amount_total), ("posted", order.amount_total)
        )
        self.assertEqual(
            (order.state, order.studio_batch_id, batch.order_ids), ("sale", batch, order)
        )
        self.assertEqual(
            self.frame.with_context(warehouse_id=order.warehouse_id.id).virtual_available,
            available,
            "what the lab holds is not restocked",
        )
        self.assertNotIn("cancel", order.picking_ids.mapped("state"))
        note = batch.message_ids[0].body
        self.assertIn(order.name, note)
        self.assertIn("not to produce or ship", note)

    def test_products_cannot_be_added_to_an_order_at_the_lab(self):
        order = self._released(self.ann)
        lines = order.order_line
        wizard = (
            self.env["studio.add.products.wizard"]
            .with_user(self.studio_user)
            .with_context(active_id=order.id)
            .create({"line_ids": [(0, 0, {"product_id": self.product_print.id, "quantity": 1})]})
        )
        with self.assertRaises(UserError) as error:
            wizard.action_add()
        self.assertIn(f"{order.name} already went to the lab", str(error.exception))
        self.assertEqual(order.order_line, lines)

    def test_delete_and_request_for_change_stay_refused_at_the_lab(self):
        order = self._released(self.ann)
        with self.assertRaisesRegex(UserError, "went to the lab"):
            self.env["studio.delete.restock.wizard"].with_user(self.studio_user).create(
                {"order_ids": [(6, 0, order.ids)], "reason": "Duplicate"}
            ).action_delete_restock()
        with self.assertRaisesRegex(UserError, "went to the lab"):
            self.env["studio.change.request.wizard"].with_user(self.studio_user).with_context(
                active_id=order.id
            ).create(
                {"line_ids": [(6, 0, order.order_line[:1].ids)], "message": "<p>Pose?</p>"}
            ).action_send_refund_manually()
        self.assertEqual((order.state, order.studio_batch_id.order_ids), ("sale", order))


class TestLinePhotos(LabCase):
    def test_a_line_takes_only_its_subjects_photos_and_its_class_photos(self):
        order = self.prepay_order(self.ann)
        portrait, group = order.with_user(self.studio_user).order_line.sorted(
            lambda line: line.studio_photo_kind == "group"
        )
        self.assertEqual(portrait.studio_allowed_photo_ids, self.ann_photos | self.class_1a)
        portrait.studio_photo_id = self.ann_photos[1]
        group.studio_photo_id = self.class_1a
        with self.assertRaises(ValidationError) as error:
            portrait.studio_photo_id = self.bob_photos
        self.assertIn(
            f"Order {order.name}, [PRINT-5X7] Print 5x7: Bob Ray · "
            f"{self.bob_photos.name} is not a photo of Ann Lee",
            str(error.exception),
        )
        with self.assertRaises(ValidationError) as error:
            group.studio_photo_id = self.class_2b
        self.assertIn("is not a photo of Ann Lee or of class 1A", str(error.exception))
        self.assertEqual(
            (portrait.studio_photo_id, group.studio_photo_id), (self.ann_photos[1], self.class_1a)
        )
        self.assertEqual(self.bob_photos.display_name, f"Bob Ray · {self.bob_photos.name}")

    def test_a_class_named_like_a_wildcard_matches_only_itself(self):
        wildcard = self.env["studio.subject"].create(
            {"job_id": self.job.id, "name": "Dee", "group_name": "%"}
        )
        own = self.add_photos(self.job, 1, code=wildcard.access_code)
        order = self.prepay_order(wildcard, confirm=False)
        self.assertEqual(order._studio_allowed_photos(), own)
        self.assertEqual(order.order_line[:1].studio_allowed_photo_ids, own)


class TestSubjectLimits(LabCase):
    def test_names_and_classes_have_sensible_lengths_whoever_creates_them(self):
        Subject = self.env["studio.subject"].with_user(self.studio_user)
        with self.assertRaisesRegex(ValidationError, "the name has 300000 characters, at most 100"):
            Subject.create({"job_id": self.job.id, "name": "x" * 300000})
        with self.assertRaises(ValidationError) as error:
            self.ann.with_user(self.studio_user).group_name = "y" * 51
        self.assertIn(
            "Subject Ann Lee: the group / class has 51 characters, at most 50", str(error.exception)
        )
        self.assertEqual(self.ann.group_name, "1A")
        subject = Subject.create({"job_id": self.job.id, "name": "z" * 100, "group_name": "c" * 50})
        self.assertEqual(len(subject.name), 100)
