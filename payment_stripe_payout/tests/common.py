"""Stripe's payouts as the tests see them: Stripe-shaped JSON served by a fake of Stripe's HTTP API.

The fake is the only thing faked: it is a ``stripe.HTTPClient`` that the SDK's ``StripeClient`` uses
in place of its requests client (``stripe.default_http_client``). Orders are paid through real
``payment.transaction``s of the Stripe provider, set done and post-processed as Odoo does it.
"""

import json
import time
from unittest.mock import patch
from urllib.parse import parse_qsl, urlsplit

import requests
import stripe

from odoo.tests import TransactionCase, new_test_user

DAY = 24 * 3600


# Stripe objects (amounts in minor units, as Stripe sends them)


def stripe_payout(
    payout_id,
    amount,
    currency="usd",
    automatic=True,
    method="standard",
    reconciliation_status="completed",
    days_ago=1,
):
    return {
        "id": payout_id,
        "object": "payout",
        "amount": amount,
        "currency": currency,
        "arrival_date": int(time.time()) - days_ago * DAY,
        "created": int(time.time()) - (days_ago + 2) * DAY,
        "automatic": automatic,
        "method": method,
        "status": "paid",
        "type": "bank_account",
        "reconciliation_status": reconciliation_status if automatic else "not_applicable",
        "description": "STRIPE PAYOUT",
        "statement_descriptor": None,
        "livemode": False,
    }


def balance_transaction(
    txn_id,
    amount,
    fee=0,
    fee_tax=0,
    category="charge",
    txn_type=None,
    source=None,
    currency="usd",
    description=None,
):
    fee_details = (
        [
            {
                "amount": fee - fee_tax,
                "currency": currency,
                "type": "stripe_fee",
                "description": "Stripe processing fees",
                "application": None,
            }
        ]
        if fee
        else []
    )
    if fee_tax:
        fee_details.append(
            {
                "amount": fee_tax,
                "currency": currency,
                "type": "tax",
                "description": "VAT on Stripe fees",
                "application": None,
            }
        )
    return {
        "id": txn_id,
        "object": "balance_transaction",
        "amount": amount,
        "currency": currency,
        "fee": fee,
        "fee_details": fee_details,
        "net": amount - fee,
        "type": txn_type or category,
        "reporting_category": category,
        "source": source,
        "status": "available",
        "description": description,
        "created": int(time.time()) - 3 * DAY,
        "exchange_rate": None,
    }


def charge(txn_id, payment_intent, amount, fee=0, fee_tax=0, currency="usd"):
    source = {
        "id": f"ch_{txn_id}",
        "object": "charge",
        "amount": amount,
        "currency": currency,
        "payment_intent": payment_intent,
    }
    return balance_transaction(
        txn_id, amount, fee, fee_tax, "charge", source=source, currency=currency
    )


def refund(txn_id, refund_id, payment_intent, amount):
    source = {
        "id": refund_id,
        "object": "refund",
        "amount": amount,
        "payment_intent": payment_intent,
    }
    return balance_transaction(txn_id, -amount, category="refund", source=source)


def dispute(txn_id, charge_id, amount, fee=1500):
    source = {
        "id": f"du_{txn_id}",
        "object": "dispute",
        "amount": amount,
        "charge": charge_id,
        "reason": "fraudulent",
    }
    return balance_transaction(
        txn_id, -amount, fee, category="dispute", txn_type="adjustment", source=source
    )


def payout_itself(payout):
    return balance_transaction(
        f"txn_{payout['id']}",
        -payout["amount"],
        category="payout",
        source=payout["id"],
        currency=payout["currency"],
    )


class FakeStripeHTTP(stripe.HTTPClient):
    """Stripe's API for payouts: lists with Stripe's pagination, retrieve, and errors on demand."""

    name = "fake_stripe"

    def __init__(self):
        super().__init__()
        self.payouts = []  # newest first, as Stripe lists them
        self.transactions = {}  # payout id: its balance transactions, newest first
        self.requests = []  # (method, url, query parameters)
        self.fail_with = None  # a stripe error to raise, or (HTTP status, JSON body)
        self.fail_path = None  # the API path that fails (None: every path)

    def add_payout(self, payout, transactions):
        self.payouts.insert(0, payout)
        self.transactions[payout["id"]] = list(transactions) + [payout_itself(payout)]
        return payout

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        params = dict(parse_qsl(parts.query))
        self.requests.append((method, url, params))
        failure = self.fail_with if self.fail_path in (None, parts.path) else None
        if isinstance(failure, Exception):
            raise failure
        status, body = failure or self._answer(parts.path, params)
        return json.dumps(body), status, {"request-id": "req_fake"}

    def close(self):
        pass

    def requested(self, path):
        return [params for _method, url, params in self.requests if urlsplit(url).path == path]

    def _answer(self, path, params):
        if path == "/v1/payouts":
            since = int(params.get("arrival_date[gte]", 0))
            return 200, self._page(
                path,
                [
                    p
                    for p in self.payouts
                    if p["arrival_date"] >= since
                    and p["status"] == params.get("status", p["status"])
                ],
                params,
            )
        if path.startswith("/v1/payouts/"):
            found = [p for p in self.payouts if p["id"] == path.rsplit("/", 1)[1]]
            return (
                (200, found[0])
                if found
                else (
                    404,
                    {
                        "error": {
                            "type": "invalid_request_error",
                            "code": "resource_missing",
                            "message": "No such payout",
                        }
                    },
                )
            )
        if path == "/v1/balance_transactions":
            return 200, self._page(path, self.transactions.get(params.get("payout"), []), params)
        return 404, {
            "error": {
                "type": "invalid_request_error",
                "message": f"Unrecognized request URL {path}",
            }
        }

    @staticmethod
    def _page(path, items, params):
        ids = [item["id"] for item in items]
        start = ids.index(params["starting_after"]) + 1 if "starting_after" in params else 0
        limit = int(params.get("limit", 10))
        return {
            "object": "list",
            "url": path,
            "has_more": start + limit < len(items),
            "data": items[start : start + limit],
        }


class FakeStripeResponse:
    """What Stripe's HTTP API answers to Odoo's payment_stripe (``requests.request``)."""

    def __init__(self, data, status_code=200):
        self.status_code, self._data = status_code, data
        self.ok = status_code < 400

    def json(self):
        return self._data

    def raise_for_status(self):
        if not self.ok:
            raise requests.exceptions.HTTPError(f"{self.status_code} error", response=self)


# Odoo's payment_stripe calls Stripe's API with requests.request
STRIPE_HTTP = "odoo.addons.payment_stripe.models.payment_provider.requests.request"


def setup_stripe_provider(cls, secret_key):
    """Odoo's Stripe provider in test mode with ``secret_key`` and a bank journal of its own, on the
    test class ``cls`` (``cls.stripe``, ``cls.stripe_journal``)."""
    cls.stripe = cls.env.ref("payment.payment_provider_stripe")
    cls.stripe.write(
        {
            "state": "test",
            "stripe_secret_key": secret_key,
            "stripe_publishable_key": secret_key.replace("sk_", "pk_", 1),
        }
    )
    cls.stripe_journal = cls.env["account.journal"].create(
        {"name": "Stripe", "type": "bank", "code": "STRP"}
    )
    cls.stripe.journal_id = cls.stripe_journal


class StripeProviderMixin:
    """Stripe's fake for the payouts, and the users of each role: shared with the addons that
    build on payouts (their own provider set-up and paid records)."""

    @classmethod
    def _setup_payout_users(cls):
        cls.accountant = new_test_user(
            cls.env, "stripe_accountant", groups="account.group_account_invoice"
        )
        cls.billing_admin = new_test_user(
            cls.env, "stripe_billing_admin", groups="account.group_account_manager"
        )
        cls.internal_user = new_test_user(cls.env, "stripe_internal_user", groups="base.group_user")
        cls.Payout = cls.env["payment.stripe.payout"]

    def setUp(self):
        super().setUp()
        self.stripe_http = FakeStripeHTTP()
        self.startPatcher(patch.object(stripe, "default_http_client", self.stripe_http))

    def sync_as(self, user):
        return self.Payout.with_user(user).action_sync_payouts()

    def payout_of(self, payout):
        return self.Payout.search([("stripe_id", "=", payout["id"])])

    @staticmethod
    def cents(amount):
        return round(amount * 100)


class StripePayoutCase(StripeProviderMixin, TransactionCase):
    """The Stripe provider of the tests' company in test mode with its secret key and its bank
    journal, Stripe's API faked, the users of each role, and card payments through it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_stripe_provider(cls, "sk_test_payout")
        cls.customer = cls.env["res.partner"].create({"name": "Card customer"})
        cls.usd = cls.env.ref("base.USD")
        cls._setup_payout_users()

    def _card_payment(self, payment_intent="pi_payout_1", amount=54.0):
        """A card payment through Stripe, done and post-processed: its Odoo payment is posted."""
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.stripe.id,
                "payment_method_id": self.env.ref("payment.payment_method_card").id,
                "amount": amount,
                "currency_id": self.usd.id,
                "partner_id": self.customer.id,
                "reference": f"card-{payment_intent}",
                "provider_reference": payment_intent,
            }
        )
        tx._set_done()
        tx._post_process()
        self.assertTrue(tx.payment_id, "the post-processing posts the Odoo payment")
        return tx

    @staticmethod
    def _stripe_refund_answer(amount_minor, status="succeeded"):
        return FakeStripeResponse(
            {
                "id": "re_payout_1",
                "object": "refund",
                "amount": amount_minor,
                "currency": "usd",
                "payment_intent": "pi_payout_1",
                "status": status,
            }
        )
