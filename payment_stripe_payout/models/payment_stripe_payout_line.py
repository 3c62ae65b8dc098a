from odoo import _, api, fields, models

from odoo.addons.payment import utils as payment_utils

from .. import const

LINE_KINDS = [
    ("charge", "Charge"),
    ("refund", "Refund"),
    ("dispute", "Dispute"),
    ("fee", "Stripe fee"),
    ("other", "Other"),
]


class PaymentStripePayoutLine(models.Model):
    _name = "payment.stripe.payout.line"
    _description = "Stripe payout transaction"
    _order = "payout_id, id"
    _check_company_auto = True

    payout_id = fields.Many2one(
        "payment.stripe.payout", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="payout_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="payout_id.currency_id", store=True)
    date = fields.Date(related="payout_id.date", store=True, string="Payout date")
    stripe_id = fields.Char(string="Balance transaction", required=True, readonly=True)
    kind = fields.Selection(LINE_KINDS, required=True, readonly=True)
    name = fields.Char(string="Description", readonly=True)
    source_ref = fields.Char(
        string="Stripe object",
        readonly=True,
        help="The charge, refund or dispute of the transaction (ch_..., re_..., du_...).",
    )
    payment_intent = fields.Char(string="PaymentIntent", readonly=True)
    amount = fields.Monetary(string="Gross", readonly=True)
    fee = fields.Monetary(readonly=True, help="Stripe's fee, without the VAT on it.")
    fee_tax = fields.Monetary(string="VAT on fee", readonly=True)
    net = fields.Monetary(readonly=True)
    transaction_id = fields.Many2one(
        "payment.transaction", string="Odoo transaction", readonly=True
    )
    payment_id = fields.Many2one("account.payment", string="Odoo payment", readonly=True)
    payment_move_line_id = fields.Many2one(
        "account.move.line",
        string="Outstanding line",
        readonly=True,
        help="The journal item of the Odoo payment this line settles.",
    )
    move_line_id = fields.Many2one("account.move.line", string="Payout journal item", readonly=True)
    to_check = fields.Boolean(
        readonly=True, help="Booked on the suspense account: the accountant books it."
    )
    note = fields.Char(readonly=True)

    _sql_constraints = [
        ("stripe_id_uniq", "unique(stripe_id)", "A Stripe balance transaction is booked once.")
    ]

    # === BUSINESS METHODS === #

    @api.model
    def _stripe_kind(self, transaction):
        """The kind of line of a Stripe balance transaction, or None for the payout's own."""
        category = transaction.get("reporting_category") or transaction["type"]
        if category in const.PAYOUT_CATEGORIES:
            return None
        return const.CATEGORY_KINDS.get(category, "other")

    @api.model
    def _create_from_stripe(self, payout, transactions):
        """The lines of ``payout`` for Stripe's balance ``transactions``, each charge matched with
        the Odoo payment of its PaymentIntent and each refund with the Odoo refund of its Stripe
        refund: one search for all of them, and one insert."""
        transactions = [tx for tx in transactions if self._stripe_kind(tx)]
        references = {self._stripe_reference(tx) for tx in transactions} - {None}
        odoo_txs = {}  # reference: the transaction with a payment, when there are several
        for odoo_tx in self.env["payment.transaction"].search(
            [
                ("provider_id", "=", payout.provider_id.id),
                ("state", "=", "done"),
                ("provider_reference", "in", list(references)),
            ],
            order="id",
        ):
            if odoo_tx.payment_id or odoo_tx.provider_reference not in odoo_txs:
                odoo_txs[odoo_tx.provider_reference] = odoo_tx
        return self.create([self._prepare_vals(payout, tx, odoo_txs) for tx in transactions])

    def _stripe_reference(self, transaction):
        """What Odoo's Stripe transactions know the balance transaction by: the PaymentIntent of a
        charge (the payment's provider reference), the id of a refund (the refund's)."""
        source = transaction.get("source")
        if not isinstance(source, dict):
            return None
        return {"charge": source.get("payment_intent"), "refund": source.get("id")}.get(
            self._stripe_kind(transaction)
        )

    def _prepare_vals(self, payout, transaction, odoo_txs):
        """The values of the line of a balance transaction (amounts from Stripe's minor units)."""
        currency = payout.currency_id
        kind = self._stripe_kind(transaction)
        source = transaction.get("source")
        source = source if isinstance(source, dict) else {"id": source}
        fee_tax = sum(
            detail["amount"]
            for detail in transaction.get("fee_details") or ()
            if detail.get("type") == const.FEE_TAX_TYPE
        )
        amount, fee = transaction["amount"], transaction["fee"] - fee_tax
        if kind == "fee":  # a fee of its own (Radar, currency conversion...): all of it is fee
            amount, fee = 0, fee - transaction["amount"]
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        vals = {
            "payout_id": payout.id,
            "stripe_id": transaction["id"],
            "kind": kind,
            "name": " ".join(
                filter(None, (kinds[kind], source.get("id"), transaction.get("description")))
            ),
            "source_ref": source.get("id"),
            "payment_intent": source.get("payment_intent"),
            "amount": payment_utils.to_major_currency_units(amount, currency),
            "fee": payment_utils.to_major_currency_units(fee, currency),
            "fee_tax": payment_utils.to_major_currency_units(fee_tax, currency),
            "net": payment_utils.to_major_currency_units(transaction["net"], currency),
        }
        odoo_tx = odoo_txs.get(self._stripe_reference(transaction), self.env["payment.transaction"])
        return dict(vals, **self._match(kind, odoo_tx, vals["amount"], currency))

    def _match(self, kind, odoo_tx, amount, currency):
        """How the line is booked: settling the outstanding line of the Odoo payment of ``odoo_tx``
        when it is open and of the same amount, else on the suspense account with the reason.
        Returns the line's values: the hook of modules that link the line to more of Odoo (the
        transaction's sales order...)."""
        if kind == "fee":
            return {"to_check": False}
        if kind in ("dispute", "other"):
            return {
                "to_check": True,
                "note": _("A dispute: book its outcome by hand.")
                if kind == "dispute"
                else _("Neither a charge, a refund nor a fee: book it by hand."),
            }
        if not odoo_tx:
            return {
                "to_check": True,
                "note": _("No Odoo payment has this PaymentIntent.")
                if kind == "charge"
                else _("No Odoo refund has this Stripe refund."),
            }
        payment = odoo_tx.payment_id
        vals = {"to_check": True, "transaction_id": odoo_tx.id, "payment_id": payment.id}
        outstanding = next(
            (
                line
                for line in payment.move_id.line_ids
                if line.parent_state == "posted"
                and line.account_id == payment.outstanding_account_id
            ),
            None,
        )
        if not outstanding:
            return dict(
                vals, note=_("Transaction %(tx)s has no posted payment.", tx=odoo_tx.reference)
            )
        if outstanding.reconciled:
            return dict(
                vals, note=_("Payment %(payment)s is already reconciled.", payment=payment.name)
            )
        if outstanding.currency_id != currency or currency.compare_amounts(
            outstanding.amount_residual_currency, amount
        ):
            return dict(
                vals,
                note=_(
                    "Payment %(payment)s is %(odoo)s, Stripe says %(stripe)s.",
                    payment=payment.name,
                    odoo=outstanding.currency_id.format(outstanding.amount_residual_currency),
                    stripe=currency.format(amount),
                ),
            )
        return dict(vals, to_check=False, payment_move_line_id=outstanding.id)
