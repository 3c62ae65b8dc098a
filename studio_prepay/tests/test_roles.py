"""The README's role matrix, action by action: each run as a role allowed to (it works) and as a
role refused (a clear AccessError or UserError, nothing changed). Users have exactly their role's
groups."""

from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_money import STRIPE_HTTP, ChangeCase
from .common_portal import StudioPortalCase


class TestRefundRoles(ChangeCase):
    def _refund_wizard(self, user, order, **vals):
        return (
            self.env["studio.refund.wizard"]
            .with_user(user)
            .with_context(active_id=order.id)
            .create(dict({"reason": "Customer asked"}, **vals))
        )

    def test_accountant_refunds_a_card_order_through_stripe(self):
        order, tx = self._card_paid_order()
        with patch(
            STRIPE_HTTP, return_value=self._stripe_refund_answer(round(order.amount_total * 100))
        ) as stripe:
            action = self._refund_wizard(self.accountant, order).action_refund()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(stripe.call_count, 1)
        self.assertEqual(order.studio_payment_state, "refunded")
        self.assertEqual(tx.child_transaction_ids.state, "done")

    def test_the_payments_own_refund_button_opens_refund_and_restock(self):
        """Invoicing > Payments > Refund on a photo order's card payment: Refund & restock, not the
        card alone."""
        order, tx = self._card_paid_order()
        payment = tx.payment_id.with_user(self.accountant)
        self.assertTrue(payment)
        action = payment.action_refund_wizard()
        self.assertEqual(action["res_model"], "studio.refund.wizard")
        wizard = (
            self.env["studio.refund.wizard"]
            .with_user(self.accountant)
            .with_context(**action["context"])
            .create({"reason": "Customer asked"})
        )
        self.assertEqual(wizard.order_id, order)
        odoo_wizard = (
            self.env["payment.refund.wizard"]
            .with_user(self.accountant)
            .create({"payment_id": payment.id, "amount_to_refund": order.amount_total})
        )
        with self.assertRaisesRegex(UserError, "Refund & restock"):
            odoo_wizard.action_refund()
        self.assertFalse(tx.child_transaction_ids)
        self.assertEqual(order.studio_payment_state, "paid")

    def test_accountant_refunds_a_bank_transfer_order_manually(self):
        order = self.prepay_order(self.ann, products=self.frame)
        self._bank_transfer(order)
        self._mark_paid(order, notify=False)
        self._refund_wizard(self.accountant, order, manual=True).action_refund()
        self.assertEqual(order.studio_payment_state, "refunded")
        credit_note = order.invoice_ids.filtered(lambda move: move.move_type == "out_refund")
        self.assertEqual(credit_note._get_reconciled_payments().payment_type, "outbound")

    def test_studio_user_and_sales_user_cannot_refund(self):
        order, _tx = self._card_paid_order()
        for user in (self.studio_user, self.salesman_all):
            with self.assertRaises(AccessError):
                self._refund_wizard(user, order, manual=True)
        self.assertEqual(order.studio_payment_state, "paid")

    def test_studio_admin_request_for_change_refunds_a_card_order(self):
        order, tx = self._card_paid_order()
        wizard = (
            self.env["studio.change.request.wizard"]
            .with_user(self.studio_manager)
            .with_context(active_id=order.id)
            .create(
                {"line_ids": [(6, 0, order.order_line[:1].ids)], "message": "<p>Other pose</p>"}
            )
        )
        with patch(
            STRIPE_HTTP, return_value=self._stripe_refund_answer(round(order.amount_total * 100))
        ):
            action = wizard.action_send()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(
            (order.studio_change_state, order.studio_payment_state), ("requested", "refunded")
        )
        self.assertEqual(tx.child_transaction_ids.operation, "refund")

    def test_studio_user_cannot_refund_through_a_request_for_change(self):
        order, _tx = self._card_paid_order()
        for refund in ("auto", "manual"):
            with patch(STRIPE_HTTP) as stripe, self.assertRaises(AccessError):
                self._request(order, refund=refund, user=self.studio_user)
            stripe.assert_not_called()
        self.assertEqual((order.studio_change_state, order.studio_payment_state), ("new", "paid"))
        self.assertFalse(order.invoice_ids.filtered(lambda move: move.move_type == "out_refund"))

    def test_studio_user_sends_back_an_unpaid_order(self):
        order = self.prepay_order(self.ann)
        self._request(order, user=self.studio_user)
        self.assertEqual(order.studio_change_state, "requested")


class TestPaymentFieldsAreNotWritable(ChangeCase):
    def test_nobody_writes_the_payment_state_or_the_amounts(self):
        order = self.prepay_order(self.ann)
        for user in (
            self.salesman,
            self.salesman_all,
            self.studio_user,
            self.studio_manager,
            self.accountant,
        ):
            for vals in (
                {"studio_is_paid": True},
                {"studio_payment_state": "paid"},
                {"studio_amount_received": 5000},
                {"studio_amount_refunded": 1},
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} wrote {vals}"):
                    order.with_user(user).write(vals)
        self.assertEqual((order.studio_payment_state, order.studio_amount_received), ("unpaid", 0))

    def test_lab_fields_change_only_through_the_actions(self):
        order = self.prepay_order(self.ann)
        for user in (self.salesman_all, self.studio_user):
            for vals in (
                {"studio_pipeline_state": "batched"},
                {"studio_batch_id": self.job._get_open_batch().id},
                {"studio_change_state": "changed"},
                {"studio_refund_error": "x"},
            ):
                with self.assertRaises(AccessError):
                    order.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman_all).write({"studio_fulfillment_state": "shipped"})
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman_all).with_context(
                default_studio_pipeline_state="batched"
            ).create({"partner_id": self.customer.id})
        with self.assertRaises(AccessError):
            order.order_line[:1].with_user(self.salesman_all).write(
                {"studio_photo_id": self.ann_photos[0].id}
            )
        order.with_user(self.studio_user).write({"studio_fulfillment_state": "processed"})
        self.assertEqual(order.studio_pipeline_state, "collected")

    def test_a_tampered_stored_amount_does_not_raise_the_refund_limit(self):
        order, _tx = self._card_paid_order()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET studio_amount_received = 5000 WHERE id = %s", [order.id]
        )
        order.invalidate_recordset()
        self.assertEqual(order.studio_amount_received, 5000)
        wizard = (
            self.env["studio.refund.wizard"]
            .with_user(self.accountant)
            .with_context(active_id=order.id)
            .create({"reason": "r", "manual": True})
        )
        self.assertEqual(wizard.refundable, order.amount_total)
        wizard.amount = 5000
        with self.assertRaisesRegex(UserError, "at most"):
            wizard.action_refund()
        self.assertFalse(order.invoice_ids.filtered(lambda move: move.move_type == "out_refund"))


class TestSalesUsers(ChangeCase):
    def test_own_documents_salesman_reads_only_the_subjects_of_his_orders(self):
        mine = self.prepay_order(self.ann, user_id=self.salesman.id)
        self.prepay_order(self.bob, user_id=self.studio_user.id)
        Subject = self.env["studio.subject"].with_user(self.salesman)
        self.assertEqual(Subject.search([]), self.ann)
        with self.assertRaises(AccessError):
            self.bob.with_user(self.salesman).read(["access_code"])
        self.assertEqual(mine.with_user(self.salesman).studio_subject_id.name, "Ann Lee")
        self.assertEqual(
            self.env["studio.photo"].with_user(self.salesman).search([]), self.ann_photos
        )

    def test_sales_users_never_read_original_images(self):
        self.prepay_order(self.ann, user_id=self.salesman.id)
        for user in (self.salesman, self.salesman_all, self.accountant):
            with self.assertRaises(AccessError):
                self.ann_photos[0].with_user(user).read(["image"])
        self.assertTrue(self.ann_photos[0].with_user(self.studio_user).image)

    def test_sales_users_cannot_run_the_studio_pipeline(self):
        order = self.prepay_order(self.ann)
        collection = order.studio_collection_id
        for user in (self.salesman, self.salesman_all, self.accountant):
            with self.assertRaises(AccessError):
                collection.with_user(user).action_populate_photos()
            with self.assertRaises(AccessError):
                order.with_user(user).action_release_from_revision()
        self.assertFalse(order.order_line.studio_photo_id)
        collection.with_user(self.studio_user).action_populate_photos()
        self.assertTrue(order.order_line.studio_photo_id)

    def test_sales_users_cannot_change_jobs_or_subjects(self):
        for user in (self.salesman, self.salesman_all, self.accountant):
            with self.assertRaises(AccessError):
                self.job.with_user(user).write({"name": "Renamed"})
            with self.assertRaises(AccessError):
                self.ann.with_user(user).write({"name": "Renamed"})


class TestStudioAdministrator(ChangeCase):
    def test_studio_admin_creates_products_and_the_school(self):
        env = self.env(user=self.studio_manager)
        product = env["product.product"].create(
            {"name": "Yearbook", "list_price": 20.0, "studio_photo_kind": "individual"}
        )
        product.list_price = 22.0
        school = env["res.partner"].create({"name": "Maple School", "is_company": True})
        job = env["studio.job"].create(
            {"name": "Maple 2026", "partner_id": school.id, "product_ids": [(6, 0, product.ids)]}
        )
        self.assertEqual(job.product_ids.list_price, 22.0)

    def test_studio_user_creates_a_parent_for_a_paper_order_but_no_product(self):
        env = self.env(user=self.studio_user)
        parent = env["res.partner"].create({"name": "Paper Parent"})
        order = env["sale.order"].create(
            {
                "partner_id": parent.id,
                "studio_access_code": self.ann.access_code,
                "order_line": [(0, 0, {"product_id": self.product_print.id})],
            }
        )
        self.assertEqual(order.studio_subject_id, self.ann)
        with self.assertRaises(AccessError):
            env["product.product"].create({"name": "Not mine"})

    def test_plain_employee_is_refused_everything(self):
        employee = new_test_user(self.env, "employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["studio.refund.wizard"].with_user(employee).create(
                {"order_id": self.prepay_order(self.ann).id, "reason": "r"}
            )


@tagged("post_install", "-at_install")
class TestBankTransferFlow(StudioPortalCase):
    """The customer pays by bank transfer on the payment form; the accountant marks the order
    paid."""

    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()
        self.bank_journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )

    def test_accountant_marks_a_quotation_waiting_for_its_transfer_paid(self):
        order = self.quotation(self.ann, {self.product_print: 1})
        self.login(self.customer_user)
        tx = self.pay_by_bank_transfer(order)
        self.assertEqual(
            (tx.state, order.state, order.studio_payment_state), ("pending", "sent", "pending")
        )
        self.assertFalse(order.studio_collection_id)
        wizard = (
            self.env["studio.mark.paid.wizard"]
            .with_user(self.accountant)
            .with_context(active_ids=order.ids)
            .create({"journal_id": self.bank_journal.id, "notify": False})
        )
        self.assertTrue(wizard.action_mark_paid())
        self.assertEqual(
            (order.state, order.studio_payment_state, tx.state), ("sale", "paid", "done")
        )
        self.assertEqual(
            order.studio_pipeline_state, "collected", "the order joined its job's collection"
        )
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(tx.payment_id, invoice._get_reconciled_payments())

    def test_studio_user_and_sales_user_cannot_mark_paid(self):
        order = self.quotation(self.ann, {self.product_print: 1})
        for user in (self.studio_user, self.salesman_all):
            with self.assertRaises(AccessError):
                self.env["studio.mark.paid.wizard"].with_user(user).create(
                    {"order_ids": order.ids, "journal_id": self.bank_journal.id}
                )
            with self.assertRaises(AccessError):
                order.with_user(user)._studio_mark_paid(self.bank_journal, fields.Date.today())
        self.assertEqual(order.studio_payment_state, "unpaid")


@tagged("post_install", "-at_install")
class TestRefundMessagesForCustomers(StudioPortalCase):
    def test_a_refunded_order_gets_one_clear_message_and_no_payment_confirmation(self):
        self.job.action_start_prepay()
        order = self.quotation(self.ann, {self.product_print: 1})
        self.login(self.customer_user)
        self.pay_with_demo(order)
        self.assertEqual(order.studio_payment_state, "paid")
        self.env["mail.mail"].search([]).unlink()
        wizard = (
            self.env["studio.change.request.wizard"]
            .with_user(self.studio_manager)
            .with_context(active_id=order.id)
            .create({"line_ids": [(6, 0, order.order_line[:1].ids)], "message": "<p>Blurred</p>"})
        )
        self.assertEqual(
            wizard.action_send()["params"]["type"], "success"
        )  # the demo provider refunds at once
        self.assertEqual(order.studio_payment_state, "refunded")
        mails = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(mails), 1, mails.mapped("subject"))
        self.assertIn("We refunded your payment of", mails.body_html)
        self.assertNotIn("has been confirmed", mails.body_html)
        page = self.url_open(order.get_portal_url())
        self.assertNotIn("successfully processed", page.text)
        self.assertIn("Refunded to you", page.text)
