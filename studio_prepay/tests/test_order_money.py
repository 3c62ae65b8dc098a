from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common_money import MoneyCase


class TestPaymentState(MoneyCase):
    def test_new_order_is_not_paid(self):
        order = self.prepay_order(self.subjects[0])
        self.assertEqual(order.studio_payment_state, "unpaid")
        self.assertFalse(order.studio_is_paid)

    def test_a_paid_quotation_whose_confirmation_failed_is_not_shown_paid(self):
        """Odoo's post-processing failed (e.g. an inactive currency): the money arrived, the order
        is a quotation."""
        order = self.prepay_order(self.subjects[0], confirm=False)
        tx = self._bank_transfer(order)
        tx._set_done()  # never post-processed: the order stays a quotation
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.studio_payment_state, "unconfirmed")
        self.assertFalse(order.studio_is_paid)
        with self.assertRaisesRegex(UserError, "confirm it instead"):
            self._mark_paid(order, notify=False)
        order.action_confirm()
        self.assertEqual(order.studio_payment_state, "paid")

    def test_bank_transfer_leaves_the_order_pending(self):
        order = self.prepay_order(self.subjects[0])
        self._bank_transfer(order)
        self.assertEqual(order.studio_payment_state, "pending")

    def test_paid_and_refunded_follow_the_invoice_and_credit_note(self):
        order = self.prepay_order(self.subjects[0])
        self._mark_paid(order, notify=False)
        self.assertEqual(
            (order.studio_payment_state, order.studio_amount_received), ("paid", order.amount_total)
        )
        invoice = order.invoice_ids
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        credit_note.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=credit_note.ids
        ).create({})._create_payments()
        self.assertEqual(order.studio_payment_state, "refunded")
        self.assertEqual(order.studio_amount_refunded, order.amount_total)


class TestMarkAsPaid(MoneyCase):
    def test_mark_paid_registers_a_reconciled_payment_on_a_posted_invoice(self):
        order = self.prepay_order(self.subjects[0])
        self.assertFalse(order.invoice_ids)
        self._mark_paid(order, notify=False)
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        payment = invoice._get_reconciled_payments()
        self.assertEqual(payment.amount, order.amount_total)
        self.assertEqual(payment.journal_id, self.bank_journal)
        self.assertIn(payment.state, ("in_process", "paid"))
        self.assertEqual(order.studio_payment_state, "paid")

    def test_mark_paid_confirms_the_pending_bank_transfer(self):
        order = self.prepay_order(self.subjects[0])
        tx = self._bank_transfer(order)
        self._mark_paid(order, notify=False)
        self.assertEqual(tx.state, "done")
        self.assertTrue(tx.payment_id)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, order.invoice_ids)
        self.assertEqual(order.studio_payment_state, "paid")
        self.assertEqual(
            len(order.invoice_ids._get_reconciled_payments()), 1, "one payment, not two"
        )

    def test_mark_paid_twice_is_refused(self):
        order = self.prepay_order(self.subjects[0])
        self._mark_paid(order, notify=False)
        with self.assertRaisesRegex(UserError, "already paid"):
            self._mark_paid(order, notify=False)
        self.assertEqual(len(order.invoice_ids._get_reconciled_payments()), 1)

    def test_customer_email_carries_the_note_and_the_order(self):
        order = self.prepay_order(self.subjects[0])
        self._mark_paid(order, note="<p>Received on 12 March, thank you</p>")
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("Received on 12 March", mail.body_html)
        self.assertIn("Payment received", mail.subject)
        self.assertTrue(mail.attachment_ids, "the order document is attached")


class TestDeleteAndRestock(MoneyCase):
    def _delete(self, orders, reason="Absent on picture day"):
        wizard = (
            self.env["studio.delete.restock.wizard"]
            .with_context(active_ids=orders.ids)
            .create({"reason": reason})
        )
        return wizard.action_delete_restock()

    def test_unpaid_order_is_cancelled_and_its_stock_released(self):
        self.assertEqual(self.frame.free_qty, 10)
        order = self.prepay_order(self.subjects[0], products=self.frame)
        order.order_line.product_uom_qty = 2
        self.assertEqual(
            self.frame.with_context(warehouse_id=order.warehouse_id.id).virtual_available, 8
        )
        collection = order.studio_collection_id
        self._delete(order)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.studio_cancel_reason, "Absent on picture day")
        self.assertEqual(order.studio_fulfillment_state, "cancelled")
        self.assertFalse(order.studio_collection_id)
        self.assertNotIn(order, collection.order_ids)
        self.assertEqual(
            self.frame.with_context(warehouse_id=order.warehouse_id.id).virtual_available, 10
        )
        self.assertEqual(
            self.env["sale.order"].search([("studio_cancel_reason", "ilike", "absent")]),
            order,
            "the deleted order stays findable",
        )

    def test_pending_bank_transfer_is_cancelled_with_the_order(self):
        order = self.prepay_order(self.subjects[0])
        tx = self._bank_transfer(order)
        self._delete(order)
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(order.state, "cancel")

    def test_paid_order_points_to_refund_and_restock(self):
        order = self.prepay_order(self.subjects[0])
        self._mark_paid(order, notify=False)
        with self.assertRaisesRegex(UserError, "Refund & restock"):
            self._delete(order)
        self.assertEqual(order.state, "sale")

    def test_order_in_a_released_batch_cannot_be_deleted(self):
        self.add_photos(self.job, 1, code=self.subjects[0].access_code)
        self.add_photos(self.job, 1, group="1A")
        order = self.prepay_order(self.subjects[0], paid=True)
        order.studio_collection_id.action_populate_photos()
        order.studio_collection_id.action_place_orders()
        order.studio_batch_id.action_release()
        with self.assertRaisesRegex(UserError, "went to the lab"):
            self._delete(order)

    def test_overdue_bank_transfers_are_listed_per_job(self):
        old = self.prepay_order(self.subjects[0])
        self._bank_transfer(old)
        old.date_order = fields.Datetime.subtract(fields.Datetime.now(), days=20)
        recent = self.prepay_order(self.subjects[1])
        self._bank_transfer(recent)
        action = self.job.action_view_overdue_transfers()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), old)


@tagged("post_install", "-at_install")
class TestAddProducts(MoneyCase, HttpCase):
    """Through the web client's RPC, as the button does (the payment link needs a request)."""

    def _add(self, order, lines):
        self.authenticate("admin", "admin")
        wizard_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "studio.add.products.wizard",
                "method": "create",
                "args": [{"line_ids": lines}],
                "kwargs": {"context": {"active_id": order.id}},
            },
        )
        return self.make_jsonrpc_request(
            "/web/dataset/call_button",
            {
                "model": "studio.add.products.wizard",
                "method": "action_add",
                "args": [[wizard_id]],
                "kwargs": {},
            },
        )

    def test_added_products_are_due_and_the_customer_gets_a_payment_link(self):
        order = self.prepay_order(self.subjects[0])
        self._mark_paid(order, notify=False)
        paid = order.amount_total
        self._add(order, [(0, 0, {"product_id": self.frame.id, "quantity": 2})])
        frame_line = order.order_line.filtered(lambda line: line.product_id == self.frame)
        self.assertEqual(frame_line.product_uom_qty, 2)
        due = order.amount_total - paid
        self.assertAlmostEqual(due, frame_line.price_total)
        self.assertEqual(order.studio_payment_state, "partially_paid", "something is due again")
        self.assertFalse(order.studio_is_paid)
        self.assertAlmostEqual(order.studio_amount_received, paid)
        self.assertIn("/payment/pay", order.studio_payment_link)
        self.assertIn(f"amount={due}", order.studio_payment_link)
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(order.studio_payment_link.replace("&", "&amp;"), mail.body_html)

    def test_nothing_to_add_is_refused(self):
        order = self.prepay_order(self.subjects[0])
        with self.assertRaisesRegex(UserError, "Choose the products"):
            self.env["studio.add.products.wizard"].with_context(active_id=order.id).create(
                {}
            ).action_add()


class TestStudioOrdersReport(MoneyCase):
    def test_the_report_is_net_of_refunds_in_the_company_currency_and_leaves_cancelled_orders_out(
        self,
    ):
        company_currency = self.env.company.currency_id
        other = (
            self.env.ref("base.EUR")
            if company_currency != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        other.active = True
        pricelist, home_pricelist = self.env["product.pricelist"].create(
            [
                {"name": "Other currency", "currency_id": other.id},
                {"name": "Home", "currency_id": company_currency.id},
            ]
        )
        home = self.prepay_order(
            self.subjects[0], products=self.frame, pricelist_id=home_pricelist.id
        )
        abroad = self.prepay_order(self.subjects[1], products=self.frame, pricelist_id=pricelist.id)
        gone = self.prepay_order(
            self.subjects[2], products=self.frame, pricelist_id=home_pricelist.id
        )
        self.assertEqual(home.currency_id, company_currency)
        self.assertEqual(abroad.currency_id, other)
        self._mark_paid(home | abroad | gone, notify=False)
        self.env["studio.refund.wizard"].with_user(self.accountant).with_context(
            active_id=home.id
        ).create({"reason": "One print less", "manual": True, "amount": 10.0}).action_refund()
        self.env["studio.refund.wizard"].with_user(self.accountant).with_context(
            active_id=gone.id
        ).create({"reason": "Moved away", "manual": True, "refund_fee": True}).action_refund()
        self.assertEqual(gone.state, "cancel")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "studio_prepay.action_studio_order_analysis"
        )
        domain = safe_eval(action["domain"])
        [group] = self.env["sale.order"].read_group(
            domain + [("studio_job_id", "=", self.job.id)],
            ["studio_amount_net:sum"],
            ["studio_job_id"],
        )
        expected = (home.amount_total - 10.0) + other._convert(
            abroad.amount_total, company_currency, self.env.company, abroad.date_order.date()
        )
        self.assertAlmostEqual(
            abroad.studio_amount_received,
            abroad.amount_total,
            msg=abroad.invoice_ids.mapped(
                lambda move: (move.currency_id.name, move.amount_total, move.amount_residual)
            ),
        )
        self.assertAlmostEqual(group["studio_amount_net"], expected, places=2)
        self.assertEqual(group["studio_job_id_count"], 2, "the cancelled order is not counted")
        self.assertEqual(self.env["ir.ui.view"].browse(action["views"][0][0]).type, "pivot")
