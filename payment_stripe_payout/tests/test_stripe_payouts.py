from datetime import timedelta
from unittest.mock import patch

import stripe
from psycopg2.errors import SerializationFailure

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase
from odoo.tools import mute_logger

from .common import STRIPE_HTTP, StripePayoutCase, charge, dispute, refund, stripe_payout

PAYOUT_CONFIG = (
    "stripe_payout_journal_id",
    "stripe_payout_bank_journal_id",
    "stripe_payout_fee_account_id",
    "stripe_payout_fee_tax_account_id",
    "stripe_payout_suspense_account_id",
    "stripe_payout_transit_account_id",
)


class TestStripePayoutBooking(StripePayoutCase):
    def _two_card_payments_payout(self):
        tx_a = self._card_payment("pi_a", 54.0)
        tx_b = self._card_payment("pi_b", 27.0)
        a, b = self.cents(tx_a.amount), self.cents(tx_b.amount)
        payout = self.stripe_http.add_payout(
            stripe_payout("po_two", a + b - 180 - 150),
            [charge("txn_a", "pi_a", a, fee=180, fee_tax=30), charge("txn_b", "pi_b", b, fee=150)],
        )
        return payout, tx_a, tx_b

    def test_payout_is_one_posted_entry_reconciled_with_the_card_payments(self):
        payout, tx_a, tx_b = self._two_card_payments_payout()
        action = self.sync_as(self.accountant)
        self.assertEqual(action["params"]["type"], "success")
        record = self.payout_of(payout)
        gross = tx_a.amount + tx_b.amount
        self.assertRecordValues(
            record,
            [
                {
                    "state": "reconciled",
                    "payout_type": "automatic",
                    "amount_charges": gross,
                    "amount_refunds": 0.0,
                    "amount_fees": 3.0,
                    "amount_fee_tax": 0.3,
                    "amount": gross - 3.3,
                    "unmatched_count": 0,
                    "bank_matched": False,
                    "note": False,
                }
            ],
        )
        provider = self.stripe.sudo()
        move = record.move_id
        self.assertEqual(
            (move.state, move.journal_id, move.date),
            ("posted", provider.stripe_payout_journal_id, record.date),
        )
        outstanding = tx_a.payment_id.outstanding_account_id
        self.assertRecordValues(
            move.line_ids.sorted("id"),
            [
                {"account_id": outstanding.id, "debit": 0.0, "credit": gross, "reconciled": True},
                {
                    "account_id": provider.stripe_payout_fee_account_id.id,
                    "debit": 3.0,
                    "credit": 0.0,
                    "reconciled": False,
                },
                {
                    "account_id": provider.stripe_payout_fee_tax_account_id.id,
                    "debit": 0.3,
                    "credit": 0.0,
                    "reconciled": False,
                },
                {
                    "account_id": provider.stripe_payout_transit_account_id.id,
                    "debit": gross - 3.3,
                    "credit": 0.0,
                    "reconciled": False,
                },
            ],
        )
        for tx in (tx_a, tx_b):
            self.assertTrue(tx.payment_id.is_matched, "the card payment is settled by the payout")
        lines = record.line_ids.sorted("stripe_id")
        self.assertRecordValues(
            lines,
            [
                {
                    "stripe_id": "txn_a",
                    "kind": "charge",
                    "transaction_id": tx_a.id,
                    "payment_id": tx_a.payment_id.id,
                    "fee": 1.5,
                    "fee_tax": 0.3,
                    "to_check": False,
                },
                {
                    "stripe_id": "txn_b",
                    "kind": "charge",
                    "transaction_id": tx_b.id,
                    "payment_id": tx_b.payment_id.id,
                    "fee": 1.5,
                    "fee_tax": 0.0,
                    "to_check": False,
                },
            ],
        )

    def test_billing_only_accountant_reads_the_booking_and_cannot_reset_it(self):
        payout, _tx_a, _tx_b = self._two_card_payments_payout()
        self.sync_as(self.accountant)
        record = self.payout_of(payout).with_user(self.accountant)
        self.assertEqual(record.move_line_ids, record.sudo().move_id.line_ids)
        self.assertEqual(len(record.move_line_ids.read(["account_id", "debit", "credit"])), 4)
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            record.move_id.button_draft()
        self.assertEqual(record.sudo().move_id.state, "posted")

    def test_first_sync_creates_the_payout_journal_and_accounts(self):
        self.stripe.write(dict.fromkeys(PAYOUT_CONFIG, False))
        self.sync_as(self.accountant)
        provider = self.stripe.sudo()
        self.assertRecordValues(
            provider.stripe_payout_journal_id, [{"type": "general", "name": "Stripe payouts"}]
        )
        self.assertEqual(
            provider.stripe_payout_bank_journal_id, self.stripe_journal, "the payment journal"
        )
        accounts = [provider[field] for field in PAYOUT_CONFIG[2:]]
        self.assertEqual(
            [account.name for account in accounts],
            ["Stripe fees", "VAT on Stripe fees", "Stripe suspense", "Stripe payouts in transit"],
        )
        self.assertEqual(
            [account.account_type for account in accounts],
            ["expense", "asset_current", "asset_current", "asset_current"],
        )
        self.assertTrue(provider.stripe_payout_suspense_account_id.reconcile)
        self.assertTrue(provider.stripe_payout_transit_account_id.reconcile)

    def test_partial_refund_settles_the_odoo_refund_payment(self):
        tx = self._card_payment("pi_payout_1", 60.0)
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(1500)) as stripe_api:
            tx.action_refund(amount_to_refund=15.0)
        self.assertEqual(stripe_api.call_args.args, ("POST", "https://api.stripe.com/v1/refunds"))
        refund_tx = tx.child_transaction_ids
        refund_tx._post_process()
        self.assertEqual(
            (refund_tx.provider_reference, refund_tx.payment_id.amount), ("re_payout_1", 15.0)
        )
        total = self.cents(tx.amount)
        payout = self.stripe_http.add_payout(
            stripe_payout("po_refund", total - 200 - 1500),
            [
                charge("txn_c", "pi_payout_1", total, fee=200),
                refund("txn_r", "re_payout_1", "pi_payout_1", 1500),
            ],
        )
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        self.assertRecordValues(
            record,
            [
                {
                    "state": "reconciled",
                    "amount_charges": tx.amount,
                    "amount_refunds": 15.0,
                    "amount_fees": 2.0,
                }
            ],
        )
        self.assertTrue(refund_tx.payment_id.is_matched)
        refund_line = record.line_ids.filtered(lambda line: line.kind == "refund")
        self.assertRecordValues(
            refund_line, [{"amount": -15.0, "transaction_id": refund_tx.id, "to_check": False}]
        )
        self.assertEqual(refund_line.move_line_id.debit, 15.0)
        self.assertEqual(
            refund_line.move_line_id.account_id, refund_tx.payment_id.outstanding_account_id
        )

    def test_dispute_and_unknown_charge_wait_on_the_suspense_account(self):
        tx = self._card_payment("pi_d")
        total = self.cents(tx.amount)
        payout = self.stripe_http.add_payout(
            stripe_payout("po_dispute", total - 100 - total - 1500 + 2000 - 88),
            [
                charge("txn_d", "pi_d", total, fee=100),
                dispute("txn_du", "ch_txn_d", total),
                charge("txn_u", "pi_not_odoo", 2000, fee=88),
            ],
        )
        action = self.sync_as(self.accountant)
        self.assertEqual(action["params"]["type"], "warning")
        record = self.payout_of(payout)
        self.assertRecordValues(
            record,
            [
                {
                    "state": "to_check",
                    "unmatched_count": 2,
                    "amount_other": -tx.amount,
                    "amount_fees": 16.88,
                    "amount_charges": tx.amount + 20.0,
                }
            ],
        )
        self.assertTrue(tx.payment_id.is_matched, "the known charge is reconciled all the same")
        suspense = self.stripe.sudo().stripe_payout_suspense_account_id
        to_check = record.line_ids.filtered("to_check").sorted("stripe_id")
        self.assertEqual(to_check.mapped("kind"), ["dispute", "charge"])
        self.assertEqual(
            to_check.mapped("note"),
            ["A dispute: book its outcome by hand.", "No Odoo payment has this PaymentIntent."],
        )
        self.assertRecordValues(
            to_check.move_line_id,
            [
                {"account_id": suspense.id, "debit": tx.amount, "credit": 0.0},
                {"account_id": suspense.id, "debit": 0.0, "credit": 20.0},
            ],
        )

    def test_transactions_are_read_page_after_page(self):
        tx = self._card_payment("pi_p")
        total = self.cents(tx.amount)
        others = [charge(f"txn_{n:03d}", f"pi_elsewhere_{n}", 1000, fee=59) for n in range(149)]
        payout = self.stripe_http.add_payout(
            stripe_payout("po_pages", total - 100 + 149 * 941),
            [charge("txn_p", "pi_p", total, fee=100)] + others,
        )
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        self.assertEqual(len(record.line_ids), 150)
        self.assertEqual(record.state, "to_check")
        pages = self.stripe_http.requested("/v1/balance_transactions")
        self.assertEqual(len(pages), 2)
        self.assertEqual(
            (pages[0]["payout"], pages[0]["limit"], pages[0]["expand[0]"]),
            ("po_pages", "100", "data.source"),
        )
        self.assertEqual(pages[1]["starting_after"], "txn_098")
        self.assertTrue(tx.payment_id.is_matched)

    def test_manual_and_instant_payouts_are_listed_with_a_note(self):
        manual = self.stripe_http.add_payout(stripe_payout("po_manual", 5000, automatic=False), [])
        instant = self.stripe_http.add_payout(
            stripe_payout("po_instant", 3000, automatic=False, method="instant"), []
        )
        self.sync_as(self.accountant)
        self.assertRecordValues(
            self.payout_of(manual) | self.payout_of(instant),
            [
                {
                    "payout_type": "manual",
                    "state": "not_itemised",
                    "move_id": False,
                    "amount": 50.0,
                },
                {
                    "payout_type": "instant",
                    "state": "not_itemised",
                    "move_id": False,
                    "amount": 30.0,
                },
            ],
        )
        self.assertIn(
            "Manual payout: Stripe itemises automatic payouts only", self.payout_of(manual).note
        )
        self.assertIn(
            "Instant payout: Stripe itemises automatic payouts only", self.payout_of(instant).note
        )
        self.assertFalse(self.stripe_http.requested("/v1/balance_transactions"))

    def test_payout_being_itemised_is_booked_by_a_later_sync(self):
        tx = self._card_payment("pi_w")
        total = self.cents(tx.amount)
        payout = self.stripe_http.add_payout(
            stripe_payout("po_wait", total - 100, reconciliation_status="in_progress"),
            [charge("txn_w", "pi_w", total, fee=100)],
        )
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        self.assertEqual(record.state, "waiting")
        self.assertIn("still itemising", record.note)
        # a month later the payout no longer is among the recent ones: it is read by its id
        payout.update(
            reconciliation_status="completed", arrival_date=payout["arrival_date"] - 40 * 24 * 3600
        )
        self.sync_as(self.accountant)
        self.assertEqual(self.stripe_http.requested("/v1/payouts/po_wait"), [{}])
        self.assertEqual(record.state, "reconciled")
        self.assertTrue(tx.payment_id.is_matched)

    def test_syncing_twice_books_once(self):
        payout, _a, _b = self._two_card_payments_payout()
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        move, lines = record.move_id, record.line_ids
        self.sync_as(self.billing_admin)
        self.assertEqual(self.payout_of(payout), record)
        self.assertEqual((record.move_id, record.line_ids), (move, lines))
        self.assertEqual(len(self.stripe_http.requested("/v1/balance_transactions")), 1)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("journal_id", "=", move.journal_id.id), ("ref", "=", move.ref)]
            ),
            1,
        )

    def test_payout_whose_lines_do_not_add_up_posts_nothing(self):
        tx = self._card_payment("pi_u")
        total = self.cents(tx.amount)
        missing = charge("txn_late", "pi_not_listed_yet", 1000, fee=59)
        payout = self.stripe_http.add_payout(
            stripe_payout("po_short", total - 100 + 941), [charge("txn_u", "pi_u", total, fee=100)]
        )
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        self.assertRecordValues(record, [{"state": "unbalanced", "move_id": False}])
        self.assertIn(
            f"add up to {record.currency_id.format(record.amount - 9.41)}, not to the payout's "
            f"{record.currency_id.format(record.amount)}: nothing was posted",
            record.note,
        )
        self.assertFalse(tx.payment_id.is_matched)
        # Stripe lists the missing transaction: booking again posts the payout
        self.stripe_http.transactions["po_short"].insert(0, missing)
        record.with_user(self.accountant).action_book_again()
        self.assertRecordValues(record, [{"state": "to_check", "note": False}])
        self.assertEqual(len(record.line_ids), 2)
        self.assertTrue(tx.payment_id.is_matched)

    def test_zero_decimal_currency(self):
        jpy = self.env.ref("base.JPY")
        jpy.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": jpy.id,
                "rate": 150.0,
                "name": fields.Date.subtract(fields.Date.today(), days=10),
            }
        )
        payout = self.stripe_http.add_payout(
            stripe_payout("po_yen", 4800, currency="jpy"),
            [charge("txn_yen", "pi_yen", 5000, fee=200, currency="jpy")],
        )
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        self.assertRecordValues(
            record,
            [
                {
                    "currency_id": jpy.id,
                    "amount": 4800.0,
                    "amount_charges": 5000.0,
                    "amount_fees": 200.0,
                    "state": "to_check",
                }
            ],
        )
        transit = record.transit_line_id
        self.assertEqual(
            (transit.currency_id, transit.amount_currency, transit.debit), (jpy, 4800.0, 32.0)
        )
        self.assertFalse(
            record.move_id.currency_id.compare_amounts(
                sum(record.move_id.line_ids.mapped("balance")), 0
            )
        )

    def test_bank_statement_line_is_matched_in_one_click(self):
        payout, _a, _b = self._two_card_payments_payout()
        self.sync_as(self.accountant)
        record = self.payout_of(payout).with_user(self.accountant)
        with self.assertRaisesRegex(UserError, "0 bank statement lines"):
            record.action_match_bank_statement_line()
        statement_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.stripe.sudo().stripe_payout_bank_journal_id.id,
                "payment_ref": "STRIPE PAYOUT",
                "date": record.date + timedelta(days=1),
                "amount": record.amount,
            }
        )
        self.assertIs(record.action_match_bank_statement_line(), True)
        self.assertTrue(record.bank_matched)
        self.assertTrue(statement_line.is_reconciled)
        with self.assertRaisesRegex(UserError, "no booked amount waiting for the bank"):
            record.action_match_bank_statement_line()

    def test_every_call_goes_to_the_configured_api_base(self):
        self.env["ir.config_parameter"].set_param(
            "payment_stripe_payout.api_base", "http://127.0.0.1:12111/"
        )
        payout, _a, _b = self._two_card_payments_payout()
        self.sync_as(self.accountant)
        self.assertEqual(self.payout_of(payout).state, "reconciled")
        urls = [url for _method, url, _params in self.stripe_http.requests]
        self.assertEqual(len(urls), 2)
        self.assertTrue(all(url.startswith("http://127.0.0.1:12111/v1/") for url in urls), urls)

    def test_odoo_refund_request_goes_to_the_configured_api_base(self):
        """Odoo's own payment_stripe requests (refunds, PaymentIntents) follow the parameter too."""
        self.env["ir.config_parameter"].set_param(
            "payment_stripe_payout.api_base", "http://127.0.0.1:12111/"
        )
        tx = self._card_payment("pi_payout_1", 60.0)
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(1500)) as stripe_api:
            tx.action_refund(amount_to_refund=15.0)
        self.assertEqual(stripe_api.call_count, 1)
        self.assertEqual(stripe_api.call_args.args, ("POST", "http://127.0.0.1:12111/v1/refunds"))
        self.assertEqual(stripe_api.call_args.kwargs["data"]["amount"], 1500)
        self.assertEqual(tx.child_transaction_ids.state, "done")

    def test_sync_logs_no_warning(self):
        """A normal sync, from the button or the scheduled action, logs nothing at WARNING or above
        (it used to log "no translation language detected" for each text it translated)."""
        self._two_card_payments_payout()
        with self.assertNoLogs("odoo", "WARNING"):
            self.sync_as(self.accountant)
        self.stripe_http.add_payout(
            stripe_payout("po_cron_quiet", 941), [charge("txn_quiet", "pi_q", 1000, fee=59)]
        )
        with self.assertNoLogs("odoo", "WARNING"):
            self.Payout.with_context(lang=None)._cron_sync_payouts()
        self.assertEqual(
            self.Payout.search([("stripe_id", "=", "po_cron_quiet")]).state, "to_check"
        )

    def test_without_the_parameter_calls_go_to_stripe(self):
        self._two_card_payments_payout()
        self.sync_as(self.accountant)
        self.assertTrue(
            all(
                url.startswith("https://api.stripe.com/v1/")
                for _method, url, _params in self.stripe_http.requests
            )
        )

    def test_a_failure_while_posting_leaves_nothing_half_booked(self):
        payout, tx_a, _tx_b = self._two_card_payments_payout()
        # posted, the entry cannot be reconciled with the card payments
        tx_a.payment_id.outstanding_account_id.reconcile = False
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        self.assertRecordValues(record, [{"state": "waiting", "move_id": False}])
        self.assertIn("Nothing was booked", record.note)
        self.assertFalse(record.line_ids)
        self.assertFalse(tx_a.payment_id.is_matched)
        self.assertFalse(self.env["account.move"].search([("ref", "=", "Stripe payout po_two")]))


class TestStripePayoutErrors(StripePayoutCase):
    def test_stripe_unreachable_is_a_message(self):
        self.stripe_http.fail_with = stripe.APIConnectionError("Connection refused")
        with self.assertRaisesRegex(
            UserError, r"Stripe could not be reached \(.*Connection refused.*\)"
        ):
            self.sync_as(self.accountant)
        self.assertFalse(
            self.Payout.search(
                [("stripe_id", "like", "po_%"), ("stripe_id", "not like", "po_demo%")]
            )
        )

    def test_wrong_secret_key_is_a_message(self):
        self.stripe_http.fail_with = (
            401,
            {
                "error": {
                    "type": "invalid_request_error",
                    "message": "Invalid API Key provided: sk_test_****udio",
                }
            },
        )
        with self.assertRaisesRegex(UserError, "Stripe refused the secret key of Stripe"):
            self.sync_as(self.accountant)

    def test_transactions_that_cannot_be_read_leave_the_payout_waiting(self):
        payout = self.stripe_http.add_payout(
            stripe_payout("po_err", 941), [charge("txn_e", "pi_e", 1000, fee=59)]
        )
        self.stripe_http.fail_path = "/v1/balance_transactions"
        self.stripe_http.fail_with = (
            400,
            {"error": {"type": "invalid_request_error", "message": "No such payout"}},
        )
        action = self.sync_as(self.accountant)
        self.assertEqual(action["params"]["type"], "warning")
        record = self.payout_of(payout)
        self.assertRecordValues(record, [{"state": "waiting", "move_id": False}])
        self.assertEqual(
            record.note, "Nothing was booked: Stripe refused the request: No such payout"
        )
        self.stripe_http.fail_with = None
        self.sync_as(self.accountant)
        self.assertEqual(record.state, "to_check")

    def test_payout_in_a_currency_odoo_does_not_use_is_a_message(self):
        self.assertFalse(self.env.ref("base.XAF").active)
        self.stripe_http.add_payout(stripe_payout("po_xaf", 5000, currency="xaf"), [])
        with self.assertRaisesRegex(
            UserError, "Stripe paid out in XAF, a currency that is not active in Odoo"
        ):
            self.sync_as(self.accountant)

    def test_booked_payout_is_not_booked_again(self):
        payout = self.stripe_http.add_payout(
            stripe_payout("po_once", 941), [charge("txn_once", "pi_o", 1000, fee=59)]
        )
        self.sync_as(self.accountant)
        with self.assertRaisesRegex(UserError, "Payout po_once is already booked"):
            self.payout_of(payout).with_user(self.accountant).action_book_again()

    def test_no_stripe_provider_is_a_message(self):
        self.stripe.state = "disabled"
        with self.assertRaisesRegex(UserError, "No Stripe payment provider is enabled"):
            self.sync_as(self.accountant)

    def test_scheduled_action_books_and_logs_failures(self):
        payout = self.stripe_http.add_payout(
            stripe_payout("po_cron", 941), [charge("txn_cron", "pi_c", 1000, fee=59)]
        )
        self.Payout._cron_sync_payouts()
        self.assertEqual(self.payout_of(payout).state, "to_check")
        self.stripe_http.fail_with = stripe.APIConnectionError("Connection refused")
        with self.assertLogs(
            "odoo.addons.payment_stripe_payout.models.payment_stripe_payout", "WARNING"
        ) as logs:
            self.Payout._cron_sync_payouts()
        self.assertIn("Stripe could not be reached", logs.output[0])


class TestStripePayoutAccess(StripePayoutCase):
    def test_users_who_are_not_accountants_cannot_sync(self):
        for user in (self.internal_user,):
            with self.assertRaises(AccessError):
                self.sync_as(user)
        self.assertFalse(self.stripe_http.requests)

    def test_users_who_are_not_accountants_cannot_book_or_match(self):
        payout = self.stripe_http.add_payout(
            stripe_payout("po_wait", 941, reconciliation_status="in_progress"),
            [charge("txn_wait", "pi_w", 1000, fee=59)],
        )
        self.sync_as(self.accountant)
        record = self.payout_of(payout)
        for user in (self.internal_user,):
            with self.assertRaises(AccessError):
                record.with_user(user).action_book_again()
            with self.assertRaises(AccessError):
                record.with_user(user).action_match_bank_statement_line()
        self.assertEqual(record.state, "waiting")

    def test_accountant_reads_payouts_but_changes_nothing(self):
        self.stripe_http.add_payout(
            stripe_payout("po_ro", 941), [charge("txn_ro", "pi_ro", 1000, fee=59)]
        )
        self.sync_as(self.accountant)
        record = self.Payout.with_user(self.accountant).search([("stripe_id", "=", "po_ro")])
        self.assertEqual(record.state, "to_check")
        for vals in ({"state": "reconciled"}, {"amount": 1.0}, {"amount_fees": 0.0}):
            with self.assertRaises(AccessError):
                record.write(vals)
        with self.assertRaises(AccessError):
            record.line_ids.write({"to_check": False})
        with self.assertRaises(AccessError):
            record.unlink()
        record.message_post(body="Dispute answered in Stripe")
        for user in (self.internal_user,):
            with self.assertRaises(AccessError):
                record.with_user(user).read(["amount"])

    def test_other_company_payouts_are_invisible(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        payout_b = self.Payout.create(
            {
                "stripe_id": "po_b",
                "provider_id": self.stripe.id,
                "company_id": company_b.id,
                "currency_id": company_b.currency_id.id,
                "date": fields.Date.today(),
                "payout_type": "automatic",
                "amount": 10.0,
            }
        )
        accountant_b = self.accountant.copy(
            {
                "login": "accountant_b",
                "company_ids": [(6, 0, company_b.ids)],
                "company_id": company_b.id,
            }
        )
        Payout = self.Payout.with_user(self.accountant)
        self.assertNotIn(payout_b, Payout.search([]))
        with self.assertRaises(AccessError):
            payout_b.with_user(self.accountant).read(["amount"])
        self.assertIn(payout_b, self.Payout.with_user(accountant_b).search([]))


class TestConcurrentPayoutImports(TransactionCase):
    """Two transactions importing the payouts of the same Stripe account (the demo's, committed)."""

    def test_a_second_import_meanwhile_is_refused(self):
        provider = self.env.ref("payment.payment_provider_stripe")
        provider._stripe_payout_lock()
        other = self.registry.cursor()
        self.addCleanup(other.close)
        self.addCleanup(other.rollback)
        with (
            self.assertNoLogs("odoo.sql_db", "ERROR"),
            self.assertRaisesRegex(UserError, "Someone else is working on Stripe"),
        ):
            provider.with_env(provider.env(cr=other))._stripe_payout_sync()

    def test_an_import_on_an_older_snapshot_is_retried_not_duplicated(self):
        provider = self.env.ref("payment.payment_provider_stripe")
        first, second = self.registry.cursor(), self.registry.cursor()
        for cursor in (first, second):
            self.addCleanup(cursor.close)
            self.addCleanup(cursor.rollback)
        second.execute(
            "SELECT 1"
        )  # the second transaction's snapshot: before the first one's import
        provider.with_env(provider.env(cr=first))._stripe_payout_lock()
        first.commit()
        with mute_logger("odoo.sql_db"), self.assertRaises(SerializationFailure):
            provider.with_env(provider.env(cr=second))._stripe_payout_lock()
