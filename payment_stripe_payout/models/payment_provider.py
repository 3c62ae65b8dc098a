import logging
import time

import stripe
from psycopg2.errors import LockNotAvailable
from werkzeug.urls import url_join

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, mute_logger

from odoo.addons.payment_stripe import utils as stripe_utils

from .. import const

_logger = logging.getLogger(__name__)


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    stripe_payout_webhook_secret = fields.Char(
        string="Payout webhook signing secret",
        groups="base.group_system",
        copy=False,
        help="The signing secret (whsec_...) of the Stripe webhook endpoint that sends the "
        "payout events "
        "to this database's /payment_stripe_payout/webhook address.",
    )
    stripe_payout_journal_id = fields.Many2one(
        "account.journal",
        string="Payout journal",
        check_company=True,
        copy=False,
        domain="[('type', '=', 'general')]",
        help="The clearing journal of the Stripe payouts: one entry per payout. Created on "
        "first use.",
    )
    stripe_payout_bank_journal_id = fields.Many2one(
        "account.journal",
        string="Payout bank",
        check_company=True,
        copy=False,
        domain="[('type', '=', 'bank')]",
        help="The bank journal whose statement lines receive Stripe's transfers (the payment "
        "journal "
        "when empty).",
    )
    stripe_payout_fee_account_id = fields.Many2one(
        "account.account", string="Stripe fees account", check_company=True, copy=False
    )
    stripe_payout_fee_tax_account_id = fields.Many2one(
        "account.account", string="VAT on Stripe fees account", check_company=True, copy=False
    )
    stripe_payout_suspense_account_id = fields.Many2one(
        "account.account",
        string="Stripe suspense account",
        check_company=True,
        copy=False,
        help="Disputes, adjustments and the transactions Odoo does not know wait here for "
        "the accountant.",
    )
    stripe_payout_transit_account_id = fields.Many2one(
        "account.account",
        string="Payouts in transit account",
        check_company=True,
        copy=False,
        help="Each payout's amount waits here until the bank statement line of the transfer "
        "is matched.",
    )

    # === BUSINESS METHODS - STRIPE API === #

    def _stripe_make_request(
        self, endpoint, payload=None, method="POST", offline=False, idempotency_key=None
    ):
        """Odoo's own Stripe requests (PaymentIntents, refunds, webhook set-up...) go to the API
        base of the ``payment_stripe_payout.api_base`` system parameter too, when it is set: the
        absolute URL given to payment_stripe replaces its ``https://api.stripe.com/v1/``
        (``url_join`` keeps an absolute URL). The Odoo proxy of Stripe Connect onboarding is not
        redirected."""
        api_base = self.env["ir.config_parameter"].sudo().get_param(const.API_BASE_PARAM)
        if api_base:
            endpoint = url_join(f"{api_base.rstrip('/')}/v1/", endpoint)
        return super()._stripe_make_request(
            endpoint,
            payload=payload,
            method=method,
            offline=offline,
            idempotency_key=idempotency_key,
        )

    @api.model
    def _stripe_payout_accounts(self, companies):
        """The enabled (or test) Stripe providers of ``companies``: one Stripe account each."""
        return self.search(
            [
                ("code", "=", "stripe"),
                ("state", "in", ("enabled", "test")),
                ("company_id", "in", companies.ids),
            ]
        )

    def _stripe_payout_client(self):
        """The one place a Stripe client is made: the SDK's ``StripeClient`` with the secret key of
        this provider, pointed at the API base of the ``payment_stripe_payout.api_base`` system
        parameter when it is set. Requests go through the SDK's ``stripe.default_http_client`` when
        one is set (a proxy, a test double), else through requests with a timeout."""
        self.ensure_one()
        api_base = self.env["ir.config_parameter"].sudo().get_param(const.API_BASE_PARAM)
        return stripe.StripeClient(
            stripe_utils.get_secret_key(self.sudo()),
            base_addresses=dict.fromkeys(const.BASE_ADDRESSES, api_base.rstrip("/"))
            if api_base
            else None,
            max_network_retries=const.MAX_NETWORK_RETRIES,
            http_client=stripe.default_http_client or stripe.RequestsClient(timeout=const.TIMEOUT),
        )

    def _stripe_payout_request(self, request):
        """``request(client)``: a call to Stripe's API with this provider's client. Stripe's errors
        and network errors become a UserError the accountant can act on."""
        self.ensure_one()
        try:
            return request(self._stripe_payout_client())
        except stripe.StripeError as error:
            _logger.info("Stripe request of %s failed: %s", self.display_name, error)
            raise UserError(self._stripe_payout_error_message(error)) from None

    def _stripe_payout_error_message(self, error):
        detail = error.user_message or str(error) or type(error).__name__
        if isinstance(error, stripe.AuthenticationError):
            return _(
                "Stripe refused the secret key of %(provider)s: check it on the payment provider.",
                provider=self.display_name,
            )
        if isinstance(error, stripe.PermissionError):
            return _(
                "The secret key of %(provider)s may not read payouts and balance transactions: "
                "give it these permissions in Stripe.",
                provider=self.display_name,
            )
        if isinstance(error, stripe.APIConnectionError):
            return _(
                "Stripe could not be reached (%(error)s). Nothing was changed: try again later.",
                error=detail,
            )
        if isinstance(error, stripe.RateLimitError):
            return _("Stripe received too many requests: try again in a minute.")
        return _("Stripe refused the request: %(error)s", error=detail)

    @api.model
    def _stripe_payout_verify_event(self, payload, signature):
        """The Stripe account and the event of a webhook call, verified with the signing secret of
        the account's payout endpoint. Raises a ValidationError for a missing, wrong or replayed
        (older than Stripe's tolerance) signature."""
        reason = _("no Stripe provider has a payout webhook signing secret")
        for provider_sudo in self.sudo().search(
            [
                ("code", "=", "stripe"),
                ("state", "in", ("enabled", "test")),
                ("stripe_payout_webhook_secret", "!=", False),
            ]
        ):
            try:
                return provider_sudo, provider_sudo._stripe_payout_client().construct_event(
                    payload, signature, provider_sudo.stripe_payout_webhook_secret
                )
            except stripe.SignatureVerificationError as error:
                reason = error.user_message or str(error)
            except ValueError as error:  # signed, but not an event
                reason = str(error)
        raise ValidationError(reason)

    # === BUSINESS METHODS - PAYOUTS === #

    def _stripe_payout_lock(self):
        """One import of a Stripe account's payouts at a time (button, scheduled action, webhook):
        the provider's row is locked, and marked as changed, until the transaction ends. A second
        import meanwhile is refused at once; one whose snapshot is older than the end of the first
        fails with a serialization error that Odoo retries with fresh data. Nothing is ever booked
        twice."""
        try:  # a refused lock is an answer, not a failed query for the server log
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM payment_provider WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                        tuple(self.ids),
                    )
                )
        except LockNotAvailable:
            raise UserError(
                _(
                    "Someone else is working on %s right now; try again in a moment.",
                    ", ".join(self.mapped("display_name")),
                )
            ) from None
        self.env.cr.execute(
            SQL(
                "UPDATE payment_provider SET write_date = write_date WHERE id IN %s",
                tuple(self.ids),
            )
        )

    def _stripe_payout_config(self):
        """The payout journal and accounts of this Stripe account, created on first use (the
        accountant can change them on the provider)."""
        self.ensure_one()
        provider_sudo = self.sudo().with_company(self.company_id)
        vals = {}
        if not provider_sudo.stripe_payout_journal_id:
            vals["stripe_payout_journal_id"] = provider_sudo._stripe_payout_create_journal().id
        if not provider_sudo.stripe_payout_bank_journal_id:
            vals["stripe_payout_bank_journal_id"] = (
                provider_sudo.journal_id
                if provider_sudo.journal_id.type == "bank"
                else self.env["account.journal"].search(
                    [
                        ("type", "=", "bank"),
                        *self.env["account.journal"]._check_company_domain(self.company_id),
                    ],
                    limit=1,
                )
            ).id
        for field, (name, account_type, reconcile, anchor) in const.PAYOUT_ACCOUNTS.items():
            if not provider_sudo[field]:
                vals[field] = provider_sudo._stripe_payout_create_account(
                    str(name), account_type, reconcile, anchor
                ).id
        if vals:
            provider_sudo.write(vals)
        return provider_sudo

    def _stripe_payout_create_journal(self):
        Journal = self.env["account.journal"]
        taken = set(Journal.search(Journal._check_company_domain(self.company_id)).mapped("code"))
        codes = (f"{const.PAYOUT_JOURNAL_CODE}{number or ''}" for number in range(len(taken) + 1))
        code = next(code for code in codes if code not in taken)
        return Journal.create(
            {
                "name": _("Stripe payouts"),
                "type": "general",
                "code": code,
                "company_id": self.company_id.id,
            }
        )

    def _stripe_payout_create_account(self, name, account_type, reconcile, anchor):
        Account = self.env["account.account"]
        start = self.company_id[anchor].code or "999000"
        return Account.create(
            {
                "name": name,
                "code": Account._search_new_account_code(start),
                "account_type": account_type,
                "reconcile": reconcile,
                "company_ids": [self.company_id.id],
            }
        )

    def _stripe_payout_sync(self):
        """Import the payouts Stripe paid in the last days, and those it was still itemising at the
        last import, of each Stripe account; each one Stripe has itemised is booked. Returns
        them."""
        Payout = payouts = self.env["payment.stripe.payout"]
        since = int(time.time()) - const.SYNC_DAYS * 24 * 3600
        for provider in self:
            # before calling Stripe: a sync already running refuses this one
            provider._stripe_payout_lock()
            listed = provider._stripe_payout_request(
                lambda client: [
                    payout.to_dict()
                    for payout in client.v1.payouts.list(
                        params={
                            "status": "paid",
                            "arrival_date": {"gte": since},
                            "limit": const.PAGE_SIZE,
                        }
                    ).auto_paging_iter()
                ]
            )
            waiting = Payout.search(
                [
                    ("provider_id", "=", provider.id),
                    ("state", "=", "waiting"),
                    ("stripe_id", "not in", [payout["id"] for payout in listed]),
                ]
            )
            listed += [
                provider._stripe_payout_request(
                    lambda client, stripe_id=stripe_id: client.v1.payouts.retrieve(
                        stripe_id
                    ).to_dict()
                )
                for stripe_id in waiting.mapped("stripe_id")
            ]
            payouts |= provider._stripe_payout_import(listed)
        return payouts

    def _stripe_payout_import(self, payouts_data, transactions=None):
        """Save the payouts of ``payouts_data`` (Stripe payout objects) once, and book each one
        Stripe has itemised: with its balance transactions from ``transactions`` ({payout id:
        [balance transactions]}) when given, else as Stripe lists them. Returns the payouts, in
        sudo."""
        self.ensure_one()
        self._stripe_payout_lock()
        self._stripe_payout_config()
        PayoutSudo = self.env["payment.stripe.payout"].sudo().with_company(self.company_id)
        saved = PayoutSudo.search(
            [("stripe_id", "in", [data["id"] for data in payouts_data])]
        ).grouped("stripe_id")
        payouts_sudo = PayoutSudo
        for data in payouts_data:
            payout_sudo = saved.get(data["id"]) or PayoutSudo.create(
                PayoutSudo._prepare_vals(self, data)
            )
            if payout_sudo.state == "waiting":
                payout_sudo._book(
                    data, None if transactions is None else transactions.get(data["id"], [])
                )
            payouts_sudo |= payout_sudo
        return payouts_sudo

    def _stripe_payout_transactions(self, payout_id):
        """Every balance transaction Stripe paid out in the payout, with its source (charge, refund,
        dispute) expanded, page after page."""
        return self._stripe_payout_request(
            lambda client: [
                transaction.to_dict()
                for transaction in client.v1.balance_transactions.list(
                    params={
                        "payout": payout_id,
                        "expand": ["data.source"],
                        "limit": const.PAGE_SIZE,
                    }
                ).auto_paging_iter()
            ]
        )
