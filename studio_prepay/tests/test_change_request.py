import base64
from unittest.mock import patch

from odoo import http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_money import STRIPE_HTTP, ChangeCase, FakeStripeResponse


class TestRequestForChange(ChangeCase):
    def test_submitted_orders_start_new(self):
        order = self.prepay_order(self.ann)
        self.assertEqual(order.studio_change_state, "new")
        self.assertFalse(self.prepay_order(self.ann, confirm=False).studio_change_state)

    def test_unpaid_order_is_sent_back_with_the_flagged_lines_and_an_email(self):
        order = self.prepay_order(self.ann)
        line = order.order_line.filtered(lambda line: line.product_id == self.product_print)
        action = self._request(order, line)
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(order.studio_change_state, "requested")
        self.assertEqual(line.studio_change_state, "requested")
        self.assertFalse((order.order_line - line).studio_change_state)
        self.assertIn("Choose another pose", order.studio_change_message)
        self.assertEqual((order.state, order.studio_payment_state), ("sale", "unpaid"))
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("Choose another pose", mail.body_html)
        self.assertIn(order.get_portal_url().replace("&", "&amp;"), mail.body_html)

    def test_waiting_order_leaves_its_batch_and_is_skipped_by_populate_and_place(self):
        order = self._placed(self.ann)
        batch = order.studio_batch_id
        self._request(order, refund="manual")
        self.assertEqual(
            (order.studio_pipeline_state, order.studio_batch_id),
            ("collected", self.env["studio.batch"]),
        )
        collection = order.studio_collection_id
        self.assertEqual(collection.state, "open")
        self.assertNotIn(order, collection._orders_to_process())
        collection.action_place_orders()
        self.assertEqual(order.studio_pipeline_state, "collected", "it waits for the customer")
        self.assertEqual(collection.state, "open")
        self.assertNotIn(order, batch.order_ids)

    def test_not_waiting_keeps_the_workflow_going_and_remembers_the_open_change(self):
        order = self.prepay_order(self.ann)
        self._request(order, no_wait=True)
        self.assertTrue(order.studio_change_open and order.studio_change_no_wait)
        self.register_payment(order)  # only paid orders go to the lab
        collection = order.studio_collection_id
        collection.action_populate_photos()
        collection.action_place_orders()
        self.assertEqual(order.studio_pipeline_state, "batched")
        self.assertEqual(order.studio_change_state, "requested")

    def test_orders_at_the_lab_cannot_be_sent_back(self):
        order = self._placed(self.ann)
        order.studio_batch_id.action_release()
        with self.assertRaisesRegex(UserError, "already went to the lab"):
            self._request(order)
        self.assertEqual(order.studio_change_state, "new")

    def test_twice_no_lines_or_no_message_are_refused(self):
        order = self.prepay_order(self.ann)
        with self.assertRaisesRegex(UserError, "what to change"):
            self._request(order, message="<p> </p>")
        self._request(order)
        with self.assertRaisesRegex(UserError, "already waits"):
            self._request(order)
        draft = self.prepay_order(self.ann, confirm=False)
        with self.assertRaisesRegex(UserError, "Only confirmed"):
            draft._studio_request_change(draft.order_line, "<p>x</p>")

    def test_paid_order_is_refunded_through_stripe_and_stays_open(self):
        order, tx = self._card_paid_order()
        cents = round(order.amount_total * 100)
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(cents)) as stripe:
            action = self._request(order)
        self.assertEqual(stripe.call_count, 1)
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(tx.child_transaction_ids.sale_order_ids, order)
        self.assertEqual(order.studio_payment_state, "refunded")
        self.assertTrue(order.invoice_ids.filtered(lambda move: move.move_type == "out_refund"))
        self.assertEqual(
            (order.state, order.studio_change_state),
            ("sale", "requested"),
            "not cancelled: the customer pays again after the change",
        )

    @mute_logger("odoo.addons.payment_stripe.models.payment_provider")
    def test_failed_automatic_refund_is_shown_and_the_manual_path_stays(self):
        order, _tx = self._card_paid_order()
        answer = FakeStripeResponse({"error": {"message": "Your card was declined."}}, 402)
        with patch(STRIPE_HTTP, return_value=answer):
            action = self._request(order)
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("declined", action["params"]["message"])
        self.assertEqual(
            (order.studio_payment_state, order.studio_change_state), ("refund_failed", "requested")
        )
        order._studio_refund(order._studio_refundable(), "Paid back by bank", manual=True)
        self.assertEqual((order.studio_payment_state, order.state), ("refunded", "sale"))

    def test_refund_by_hand_is_recorded_as_a_manual_refund(self):
        order = self.prepay_order(self.ann)
        self._mark_paid(order, notify=False)
        with patch(STRIPE_HTTP) as stripe:
            self._request(order, refund="manual")
        stripe.assert_not_called()
        credit_note = order.invoice_ids.filtered(lambda move: move.move_type == "out_refund")
        self.assertEqual(credit_note.payment_state, "paid")
        self.assertEqual((order.studio_payment_state, order.state), ("refunded", "sale"))

    def test_bank_paid_order_cannot_be_refunded_automatically_and_nothing_changes(self):
        order = self.prepay_order(self.ann)
        self._mark_paid(order, notify=False)
        with self.assertRaisesRegex(UserError, "Refund manually"):
            self._request(order)
        self.assertEqual((order.studio_change_state, order.studio_payment_state), ("new", "paid"))

    def test_paid_again_after_the_refund_is_paid(self):
        order, tx = self._card_paid_order()
        with patch(
            STRIPE_HTTP, return_value=self._stripe_refund_answer(round(order.amount_total * 100))
        ):
            self._request(order)
        second = tx.copy(
            {
                "reference": f"{order.name}-again",
                "state": "draft",
                "provider_reference": "pi_2",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        second._set_done()
        self.assertEqual(order.studio_payment_state, "paid")


@tagged("post_install", "-at_install")
class TestResubmitInThePortal(ChangeCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent_user = new_test_user(
            cls.env, "studio_parent", groups="base.group_portal", password="studio_parent1"
        )
        cls.other_user = new_test_user(
            cls.env, "studio_other", groups="base.group_portal", password="studio_other1"
        )

    def _order(self):
        order = self.prepay_order(self.ann, partner_id=self.parent_user.partner_id.id)
        self._request(
            order, order.order_line.filtered(lambda line: line.product_id == self.product_print)
        )
        return order, order.order_line.filtered(
            lambda line: line.studio_change_state == "requested"
        )

    def _post(self, order, data, login="studio_parent"):
        self.authenticate(login, f"{login}1")
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(f"/my/orders/{order.id}/change", data=data)

    def test_order_page_shows_what_to_change(self):
        order, line = self._order()
        self.authenticate("studio_parent", "studio_parent1")
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("studio_change_form", page)
        self.assertIn("Choose another pose", page)
        self.assertIn(f'name="qty_{line.id}"', page)
        self.assertIn(self.ann_photos[1].name, page)

    def test_a_refunded_change_says_the_downloads_are_paused_until_paid_again(self):
        """A request for change refunds the whole payment: the e-mail and the order page say the
        downloads pause."""
        digital = self._product("Digital download", "digital", list_price=19.0)
        self.job.product_ids |= digital
        order = self.prepay_order(
            self.ann,
            products=self.product_print | digital,
            partner_id=self.parent_user.partner_id.id,
            paid=True,
        )
        order.order_line.filtered(
            lambda line: line.product_id == digital
        ).studio_photo_id = self.ann_photos[0]
        self._request(
            order,
            order.order_line.filtered(lambda line: line.product_id == self.product_print),
            refund="manual",
        )
        self.assertEqual(order.studio_payment_state, "refunded")
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)], order="id desc", limit=1
        )
        self.assertIn("Your downloads are", mail.body_html)
        self.authenticate("studio_parent", "studio_parent1")
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("studio_change_refunded", page)
        self.assertIn("paused while your order is being changed", page)
        line = order.order_line.filtered(lambda line: line.product_id == digital)
        self.assertEqual(
            self.url_open(f"/my/orders/{order.id}/download/{line.id}").status_code, 403
        )

    def test_the_order_link_shows_the_proofs_to_choose_from_and_nothing_else(self):
        order, _line = self._order()
        other = self.add_photos(self.job, 1, code=self.bob.access_code)
        url = (
            f"/studio/proof/{self.ann_photos[1].id}"
            f"?order_id={order.id}&access_token={order.access_token}"
        )
        response = self.url_open(url)
        self.assertEqual(
            (response.status_code, response.headers["Content-Type"]), (200, "image/jpeg")
        )
        self.assertEqual(
            self.url_open(url.replace(str(self.ann_photos[1].id), str(other.id), 1)).status_code,
            404,
        )
        self.assertEqual(
            self.url_open(url.replace("access_token=", "access_token=x")).status_code, 404
        )

    def test_customer_changes_photo_quantity_and_product_then_staff_get_an_activity(self):
        order, line = self._order()
        response = self._post(
            order,
            {
                f"qty_{line.id}": "3",
                f"photo_{line.id}": self.ann_photos[1].id,
                f"product_{line.id}": self.product_large.id,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("your changes were sent", response.text)
        self.assertEqual(line.product_uom_qty, 0, "the replaced product stays at quantity 0")
        new_line = order.order_line.filtered(lambda line: line.product_id == self.product_large)
        self.assertEqual(
            (new_line.product_uom_qty, new_line.studio_photo_id), (3, self.ann_photos[1])
        )
        self.assertEqual(order.studio_change_state, "changed")
        self.assertEqual((line | new_line).mapped("studio_change_state"), ["changed", "changed"])
        activity = order.activity_ids
        self.assertEqual(activity.user_id, order.user_id)
        self.assertIn("changes", activity.summary)

    def test_customer_replaces_the_file_of_a_line(self):
        order, line = self._order()
        self.authenticate("studio_parent", "studio_parent1")
        response = self.url_open(
            f"/my/orders/{order.id}/change",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={f"file_{line.id}": ("poster.pdf", b"%PDF-1.4 new version")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            (line.studio_file_name, base64.b64decode(line.studio_file)),
            ("poster.pdf", b"%PDF-1.4 new version"),
        )
        self.assertEqual(line.studio_change_state, "changed")

    def test_refunded_order_is_paid_again_on_resubmission(self):
        order = self.prepay_order(self.ann, partner_id=self.parent_user.partner_id.id)
        self._mark_paid(order, notify=False)
        self._request(order, refund="manual")
        line = order.order_line.filtered(lambda line: line.studio_change_state == "requested")
        response = self._post(
            order,
            {f"qty_{line.id}": "2"},
        )
        self.assertIn("/payment/pay", response.url)
        self.assertIn(f"amount={order.amount_total}", order.studio_payment_link)
        self.assertEqual(order.studio_payment_state, "refunded", "until the customer pays")

    def test_a_product_outside_the_offer_is_refused_and_nothing_changes(self):
        order, line = self._order()
        foreign = self._product("Not offered", "individual")
        response = self._post(order, {f"product_{line.id}": foreign.id})
        self.assertIn("not offered in this job", response.text)
        self.assertEqual(
            (order.studio_change_state, line.product_id), ("requested", self.product_print)
        )

    def test_silly_quantities_are_refused(self):
        order, line = self._order()
        for qty in ("-1", "1000", "nan", "2.5"):
            response = self._post(order, {f"qty_{line.id}": qty})
            self.assertEqual(response.status_code, 200)
            self.assertTrue(
                "Quantities go from 0 to 99" in response.text
                or "valid quantities" in response.text,
                qty,
            )
        self.assertEqual((order.studio_change_state, line.product_uom_qty), ("requested", 1))

    def test_a_class_photo_for_a_portrait_product_is_refused(self):
        order, line = self._order()
        response = self._post(order, {f"photo_{line.id}": self.class_1a.id})
        self.assertIn("Choose a class photo for a class product", response.text)
        self.assertEqual(
            (order.studio_change_state, line.studio_photo_id),
            ("requested", self.env["studio.photo"]),
        )

    def test_another_customer_cannot_touch_the_order(self):
        order, line = self._order()
        response = self._post(order, {f"qty_{line.id}": "9"}, login="studio_other")
        self.assertEqual(response.status_code, 404)
        self.assertEqual((order.studio_change_state, line.product_uom_qty), ("requested", 1))
        self.authenticate("studio_other", "studio_other1")
        self.assertNotIn("Choose another pose", self.url_open(f"/my/orders/{order.id}").text)
