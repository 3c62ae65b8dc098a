import hashlib
import hmac
import json
import time

from odoo.tests import HttpCase, tagged

from .. import const
from .common import StripePayoutCase, charge, stripe_payout

SECRET = "whsec_payouts"
WEBHOOK_LOGGER = "odoo.addons.payment_stripe_payout.controllers.main"


@tagged("post_install", "-at_install")
class TestStripePayoutWebhook(StripePayoutCase, HttpCase):
    """Stripe calls the addon's own route with payout events, signed with the endpoint's secret."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stripe.stripe_payout_webhook_secret = SECRET

    def _post_event(self, event_type, payout, secret=SECRET, signed_at=None):
        payload = json.dumps(
            {
                "id": f"evt_{payout['id']}",
                "object": "event",
                "type": event_type,
                "created": int(time.time()),
                "livemode": False,
                "data": {"object": payout},
            }
        )
        timestamp = signed_at or int(time.time())
        signature = hmac.new(
            secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
        ).hexdigest()
        return self.url_open(
            const.WEBHOOK_ROUTE,
            data=payload,
            headers={
                "Content-Type": "application/json",
                const.SIGNATURE_HEADER: f"t={timestamp},v1={signature}",
            },
        )

    def _paid_payout(self, payment_intent, **kwargs):
        tx = self._card_payment(payment_intent)
        total = self.cents(tx.amount)
        return self.stripe_http.add_payout(
            stripe_payout(f"po_{payment_intent}", total - 100, **kwargs),
            [charge(f"txn_{payment_intent}", payment_intent, total, fee=100)],
        ), tx

    def test_signed_payout_paid_event_books_the_payout(self):
        payout, tx = self._paid_payout("pi_hook")
        response = self._post_event("payout.paid", payout)
        self.assertEqual((response.status_code, response.json()), (200, {"received": True}))
        self.assertEqual(self.payout_of(payout).state, "reconciled")
        self.assertTrue(tx.payment_id.is_matched)

    def test_reconciliation_completed_event_books_the_waiting_payout(self):
        payout, _tx = self._paid_payout("pi_later", reconciliation_status="in_progress")
        self.assertEqual(self._post_event("payout.paid", payout).status_code, 200)
        record = self.payout_of(payout)
        self.assertEqual(record.state, "waiting")
        payout["reconciliation_status"] = "completed"
        self.assertEqual(
            self._post_event("payout.reconciliation_completed", payout).status_code, 200
        )
        self.assertEqual(record.state, "reconciled")
        self.assertEqual(
            self._post_event("payout.reconciliation_completed", payout).status_code, 200
        )
        self.assertEqual(
            len(self.stripe_http.requested("/v1/balance_transactions")), 1, "booked once"
        )

    def test_wrong_signature_is_refused_and_logged(self):
        payout, _tx = self._paid_payout("pi_forged")
        with self.assertLogs(WEBHOOK_LOGGER, "WARNING") as logs:
            response = self._post_event("payout.paid", payout, secret="whsec_forged")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Stripe payout webhook refused", logs.output[0])
        self.assertFalse(self.payout_of(payout))
        self.assertFalse(self.stripe_http.requests)

    def test_replayed_signature_is_refused(self):
        payout, _tx = self._paid_payout("pi_replayed")
        with self.assertLogs(WEBHOOK_LOGGER, "WARNING") as logs:
            response = self._post_event("payout.paid", payout, signed_at=int(time.time()) - 3600)
        self.assertEqual(response.status_code, 400)
        self.assertIn("tolerance", logs.output[0])
        self.assertFalse(self.payout_of(payout))

    def test_unsigned_call_is_refused(self):
        with self.assertLogs(WEBHOOK_LOGGER, "WARNING"):
            response = self.url_open(
                const.WEBHOOK_ROUTE,
                data=json.dumps({"type": "payout.paid"}),
                headers={"Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 400)

    def test_event_that_cannot_be_imported_asks_stripe_to_send_it_again(self):
        payout = stripe_payout("po_xaf", 5000, currency="xaf")
        with self.assertLogs(WEBHOOK_LOGGER, "WARNING") as logs:
            response = self._post_event("payout.paid", payout)
        self.assertEqual(response.status_code, 503)
        self.assertIn("Stripe will send it again: Stripe paid out in XAF", logs.output[0])
        self.assertFalse(self.payout_of(payout))

    def test_other_events_are_acknowledged_and_ignored(self):
        payout, _tx = self._paid_payout("pi_other")
        self.assertEqual(self._post_event("payout.created", payout).status_code, 200)
        self.assertFalse(self.payout_of(payout))

    def test_accountant_syncs_over_xmlrpc(self):
        payout, tx = self._paid_payout("pi_rpc")
        result = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.accountant.id,
            "stripe_accountant",
            "payment.stripe.payout",
            "action_sync_payouts",
            [[]],
        )
        self.assertEqual(result["params"]["message"], "Stripe payouts synced: 1 reconciled.")
        self.assertEqual(self.payout_of(payout).state, "reconciled")
        self.assertTrue(tx.payment_id.is_matched)
