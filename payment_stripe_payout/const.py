"""What payment_stripe_payout needs to know of Stripe's API to import and book payouts.

The payouts are read with the official SDK (``stripe.StripeClient``), built in one place:
``payment.provider._stripe_payout_client``.
"""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

# System parameter: another API base for the Stripe calls of the payouts (the SDK) and of Odoo's
# payment_stripe (PaymentIntents, refunds...: payment.provider._stripe_make_request), e.g.
# stripe-mock
API_BASE_PARAM = "payment_stripe_payout.api_base"
# The SDK's base addresses, all pointed at that API base when it is set
BASE_ADDRESSES = ("api", "connect", "files", "meter_events")
TIMEOUT = 30  # seconds per HTTP request
MAX_NETWORK_RETRIES = 2
PAGE_SIZE = 100  # Stripe's maximum page size for lists

# The sync lists the payouts paid in the last SYNC_DAYS days (and those Stripe was still itemising)
SYNC_DAYS = 31

# The addon's own webhook endpoint and the events it handles
WEBHOOK_ROUTE = "/payment_stripe_payout/webhook"
WEBHOOK_EVENTS = ("payout.paid", "payout.reconciliation_completed")
SIGNATURE_HEADER = "Stripe-Signature"

# Payout.reconciliation_status once Stripe has listed every balance transaction of the payout
RECONCILIATION_COMPLETED = "completed"

# Balance transaction reporting categories (type when the category is missing) -> payout line kind.
# Anything else (adjustments, transfers, reserves...) is "other": booked on the suspense account.
CATEGORY_KINDS = {
    "charge": "charge",
    "payment": "charge",
    "refund": "refund",
    "payment_refund": "refund",
    "dispute": "dispute",
    "dispute_reversal": "dispute",
    "fee": "fee",
    "stripe_fee": "fee",
    "stripe_fx_fee": "fee",
}
# The payout's own balance transaction, listed with the transactions it pays out
PAYOUT_CATEGORIES = ("payout",)
# fee_details[].type of the VAT Stripe charges on its fees
FEE_TAX_TYPE = "tax"

# The journal and accounts created on first use: (name, account type, reconcilable, the company
# account whose code they are numbered after)
PAYOUT_JOURNAL_CODE = "STPO"
PAYOUT_ACCOUNTS = {
    "stripe_payout_fee_account_id": (
        _lt("Stripe fees"),
        "expense",
        False,
        "expense_currency_exchange_account_id",
    ),
    "stripe_payout_fee_tax_account_id": (
        _lt("VAT on Stripe fees"),
        "asset_current",
        False,
        "account_journal_suspense_account_id",
    ),
    "stripe_payout_suspense_account_id": (
        _lt("Stripe suspense"),
        "asset_current",
        True,
        "account_journal_suspense_account_id",
    ),
    "stripe_payout_transit_account_id": (
        _lt("Stripe payouts in transit"),
        "asset_current",
        True,
        "account_journal_suspense_account_id",
    ),
}
# A bank statement line matches a payout of the same amount arriving within this many days
BANK_MATCH_DAYS = 7
