import logging
from collections import Counter
from datetime import datetime, timedelta, timezone

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.payment import utils as payment_utils

from .. import const

_logger = logging.getLogger(__name__)

PAYOUT_STATES = [
    ("waiting", "Being itemised"),
    ("not_itemised", "Not itemised"),
    ("unbalanced", "Does not add up"),
    ("to_check", "To check"),
    ("reconciled", "Reconciled"),
]
PAYOUT_TYPES = [("automatic", "Automatic"), ("manual", "Manual"), ("instant", "Instant")]


class PaymentStripePayout(models.Model):
    _name = "payment.stripe.payout"
    _description = "Stripe payout"
    _inherit = ["mail.thread"]
    _mail_post_access = (
        "read"  # accountants read payouts (the sync writes them) and comment on them
    )
    _order = "date desc, id desc"
    _rec_name = "stripe_id"
    _check_company_auto = True

    stripe_id = fields.Char(string="Stripe payout", required=True, readonly=True, copy=False)
    provider_id = fields.Many2one(
        "payment.provider",
        string="Stripe account",
        required=True,
        readonly=True,
        ondelete="restrict",
        groups="base.group_system",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    date = fields.Date(
        string="Arrival date",
        required=True,
        readonly=True,
        help="When Stripe's transfer reaches the bank: the date of the journal entry.",
    )
    payout_type = fields.Selection(
        PAYOUT_TYPES,
        string="Type",
        required=True,
        readonly=True,
        help="Stripe itemises automatic payouts only: manual and instant payouts are booked "
        "by hand.",
    )
    description = fields.Char(readonly=True)
    amount = fields.Monetary(string="Net", readonly=True, help="What Stripe transfers to the bank.")
    amount_charges = fields.Monetary(string="Gross", compute="_compute_amounts", store=True)
    amount_refunds = fields.Monetary(string="Refunds", compute="_compute_amounts", store=True)
    amount_fees = fields.Monetary(
        string="Fees",
        compute="_compute_amounts",
        store=True,
        help="Stripe's fees, without the VAT on them.",
    )
    amount_fee_tax = fields.Monetary(string="VAT on fees", compute="_compute_amounts", store=True)
    amount_other = fields.Monetary(
        string="Disputes and other", compute="_compute_amounts", store=True
    )
    unmatched_count = fields.Integer(
        string="Lines to check",
        compute="_compute_amounts",
        store=True,
        help="Disputes, adjustments and transactions Odoo does not know: booked on the "
        "suspense account.",
    )
    state = fields.Selection(
        PAYOUT_STATES, required=True, default="waiting", readonly=True, index=True, tracking=True
    )
    note = fields.Text(readonly=True)
    line_ids = fields.One2many(
        "payment.stripe.payout.line", "payout_id", string="Transactions", readonly=True
    )
    move_id = fields.Many2one(
        "account.move", string="Journal entry", readonly=True, copy=False, check_company=True
    )
    transit_line_id = fields.Many2one(
        "account.move.line", string="In transit", readonly=True, copy=False
    )
    move_line_ids = fields.One2many(
        related="move_id.line_ids",
        string="Booking",
        help="The lines of the payout's journal entry, for every accounting role.",
    )
    bank_matched = fields.Boolean(
        string="Matched with the bank", related="transit_line_id.reconciled", store=True
    )

    _sql_constraints = [
        ("stripe_id_uniq", "unique(stripe_id)", "A Stripe payout is imported once.")
    ]

    # === COMPUTE METHODS === #

    @api.depends(
        "line_ids.kind", "line_ids.amount", "line_ids.fee", "line_ids.fee_tax", "line_ids.to_check"
    )
    def _compute_amounts(self):
        for payout in self:
            sums = Counter()
            for line in payout.line_ids:
                sums[line.kind] += line.amount
                sums["fee"] += line.fee
                sums["fee_tax"] += line.fee_tax
                sums["to_check"] += line.to_check
            payout.update(
                {
                    "amount_charges": sums["charge"],
                    "amount_refunds": -sums["refund"],
                    "amount_fees": sums["fee"],
                    "amount_fee_tax": sums["fee_tax"],
                    "amount_other": sums["dispute"] + sums["other"],
                    "unmatched_count": sums["to_check"],
                }
            )

    # === ACTION METHODS === #

    def action_sync_payouts(self):
        """*Sync Stripe payouts* (a button of the list, so callable on no record): import and book
        the recent payouts of the Stripe accounts of the user's companies. Returns a
        notification."""
        self._check_accountant()
        companies = self.env.companies
        providers_sudo = self.env["payment.provider"].sudo()._stripe_payout_accounts(companies)
        if not providers_sudo:
            raise UserError(
                _(
                    "No Stripe payment provider is enabled in %(companies)s.",
                    companies=", ".join(companies.mapped("name")),
                )
            )
        return self._sync_notification(providers_sudo._stripe_payout_sync())

    def action_book_again(self):
        """Read a payout again from Stripe and book it: one Stripe was still itemising, or whose
        transactions did not add up."""
        self._check_accountant()
        for payout_sudo in self.sudo():
            if payout_sudo.state not in ("waiting", "unbalanced"):
                raise UserError(
                    _(
                        "Payout %(payout)s is already booked or cannot be itemised.",
                        payout=payout_sudo.stripe_id,
                    )
                )
            provider_sudo = payout_sudo.provider_id
            provider_sudo._stripe_payout_lock()
            data = provider_sudo._stripe_payout_request(
                lambda client, payout_sudo=payout_sudo: client.v1.payouts.retrieve(
                    payout_sudo.stripe_id
                ).to_dict()
            )
            payout_sudo.state = "waiting"
            provider_sudo._stripe_payout_import([data])
        return True

    def action_match_bank_statement_line(self):
        """Reconcile the payout with the bank statement line of Stripe's transfer: the one line of
        the payout bank journal with the payout's amount, within a week of its arrival date."""
        self._check_accountant()
        for payout_sudo in self.sudo():
            if not payout_sudo.transit_line_id or payout_sudo.bank_matched:
                raise UserError(
                    _(
                        "Payout %(payout)s has no booked amount waiting for the bank.",
                        payout=payout_sudo.stripe_id,
                    )
                )
            statement_line = payout_sudo._find_bank_statement_line()
            _liquidity, suspense, _other = statement_line.with_context(
                skip_account_move_synchronization=True
            )._seek_for_lines()
            suspense.account_id = payout_sudo.transit_line_id.account_id
            (suspense | payout_sudo.transit_line_id).reconcile()
            payout_sudo.message_post(
                body=_(
                    "Matched with the bank statement line %(line)s.",
                    line=statement_line.display_name,
                )
            )
        return True

    @api.model
    def _cron_sync_payouts(self):
        """Daily: import and book the recent payouts of every Stripe account, each account in its
        own savepoint. A failure (Stripe unreachable, a sync running) is logged and retried next
        time; the others are committed by Odoo's cron at the end of the run."""
        for provider in self.env["payment.provider"]._stripe_payout_accounts(
            self.env["res.company"].search([])
        ):
            try:
                with self.env.cr.savepoint():
                    provider._stripe_payout_sync()
            except UserError as error:
                _logger.warning(
                    "Stripe payouts of %s were not synced: %s", provider.display_name, error.args[0]
                )

    def _check_accountant(self):
        """Refuse the action unless the user is an accountant: the actions go on as superuser."""
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                _("Only accountants (Invoicing / Billing) can import and book Stripe payouts.")
            )

    def _sync_notification(self, payouts):
        states = dict(self._fields["state"]._description_selection(self.env))
        counts = Counter(payouts.mapped("state"))
        if payouts:
            parts = [
                self.env._("%(count)s %(state)s", count=count, state=states[state].lower())
                for state, count in counts.items()
            ]
            message = _("Stripe payouts synced: %(states)s.", states=", ".join(parts))
        else:
            message = _("Stripe paid no payout in the last %(days)s days.", days=const.SYNC_DAYS)
        all_good = set(counts) <= {"reconciled"} and not any(payouts.mapped("note"))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if all_good else "warning",
                "title": _("Stripe payouts"),
                "message": message,
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # === BUSINESS METHODS === #

    @api.model
    def _prepare_vals(self, provider, data):
        """The values of a payout from Stripe's payout object ``data``."""
        currency = self._get_currency(data["currency"])
        automatic = "automatic" if data.get("automatic") else "manual"
        return {
            "stripe_id": data["id"],
            "provider_id": provider.id,
            "company_id": provider.company_id.id,
            "currency_id": currency.id,
            "date": datetime.fromtimestamp(data["arrival_date"], timezone.utc).date(),
            "payout_type": "instant" if data.get("method") == "instant" else automatic,
            "description": data.get("description") or data.get("statement_descriptor"),
            "amount": payment_utils.to_major_currency_units(data["amount"], currency),
        }

    @api.model
    def _get_currency(self, code):
        currency = self.env["res.currency"].search([("name", "=", code.upper())], limit=1)
        if not currency:
            raise UserError(
                _(
                    "Stripe paid out in %(currency)s, a currency that is not active in Odoo: "
                    "activate it, then sync again.",
                    currency=code.upper(),
                )
            )
        return currency

    def _book(self, data, transactions=None):
        """Book the payout once Stripe has itemised it (``data``: Stripe's payout object), with its
        ``transactions`` (read from Stripe when None). Nothing is booked when it cannot be: the note
        says why."""
        self.ensure_one()
        if self.payout_type != "automatic":
            self.write(
                {
                    "state": "not_itemised",
                    "note": _(
                        "%(type)s payout: Stripe itemises automatic payouts only, so it "
                        "cannot tell which "
                        "transactions this one pays out. Book it by hand against the "
                        "Stripe balance.",
                        type=dict(self._fields["payout_type"]._description_selection(self.env))[
                            self.payout_type
                        ],
                    ),
                }
            )
            return
        if data.get("reconciliation_status") != const.RECONCILIATION_COMPLETED:
            self.note = _(
                "Stripe is still itemising this payout: it is booked when Stripe is done "
                "(webhook payout.reconciliation_completed, or the next sync)."
            )
            return
        try:
            if transactions is None:
                transactions = self.provider_id._stripe_payout_transactions(self.stripe_id)
            with self.env.cr.savepoint():
                self._book_transactions(transactions)
        except UserError as error:
            self.note = _("Nothing was booked: %(error)s", error=error.args[0])

    def _book_transactions(self, transactions):
        """Lines for the balance transactions of the payout and, when they add up to its amount to
        the cent, its posted journal entry reconciled with Odoo's payments."""
        self.line_ids.unlink()  # booking again a payout that did not add up
        lines = self.env["payment.stripe.payout.line"]._create_from_stripe(self, transactions)
        total = payment_utils.to_major_currency_units(
            sum(tx["amount"] - tx["fee"] for tx in transactions if lines._stripe_kind(tx)),
            self.currency_id,
        )
        if self.currency_id.compare_amounts(total, self.amount):
            self.write(
                {
                    "state": "unbalanced",
                    "note": _(
                        "The %(count)s transactions Stripe lists add up to %(total)s, "
                        "not to the payout's "
                        "%(amount)s: nothing was posted. Check the payout in Stripe, "
                        "then book it again.",
                        count=len(lines),
                        total=self.currency_id.format(total),
                        amount=self.currency_id.format(self.amount),
                    ),
                }
            )
            return
        move = self._post_move(lines)
        self.write(
            {
                "state": "to_check" if any(lines.mapped("to_check")) else "reconciled",
                "note": False,
                "move_id": move.id,
                "transit_line_id": move.line_ids.sorted("id")[-1].id,
            }
        )

    def _post_move(self, lines):
        """The payout's journal entry, posted: the matched charges and refunds settle the
        outstanding lines of their Odoo payments (one line per account), the fees and the VAT on
        them go to their accounts, whatever is to check to the suspense account (one line each), and
        the payout to the account in transit, where the bank statement line will find it."""
        provider = self.provider_id
        matched = lines.filtered(lambda line: line.payment_move_line_id and not line.to_check)
        settled = []  # (move line values, the payout lines it settles)
        for (kind, account), group in matched.grouped(
            lambda line: (line.kind, line.payment_move_line_id.account_id)
        ).items():
            label = (
                _("Stripe charges (%(count)s)", count=len(group))
                if kind == "charge"
                else _("Stripe refunds (%(count)s)", count=len(group))
            )
            settled.append(
                (self._prepare_move_line_vals(label, account, -sum(group.mapped("amount"))), group)
            )
        for line in lines.filtered(lambda line: line.to_check and line.amount):
            settled.append(
                (
                    self._prepare_move_line_vals(
                        line.name, provider.stripe_payout_suspense_account_id, -line.amount
                    ),
                    line,
                )
            )
        move_lines = [vals for vals, _group in settled]
        move_lines += [
            self._prepare_move_line_vals(label, account, amount)
            for label, account, amount in (
                (_("Stripe fees"), provider.stripe_payout_fee_account_id, sum(lines.mapped("fee"))),
                (
                    _("VAT on Stripe fees"),
                    provider.stripe_payout_fee_tax_account_id,
                    sum(lines.mapped("fee_tax")),
                ),
            )
            if not self.currency_id.is_zero(amount)
        ]
        transit = self._prepare_move_line_vals(
            _("Stripe payout %(payout)s", payout=self.stripe_id),
            provider.stripe_payout_transit_account_id,
            self.amount,
        )
        transit["balance"] = -sum(vals["balance"] for vals in move_lines)
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": provider.stripe_payout_journal_id.id,
                "company_id": self.company_id.id,
                "date": self.date,
                "ref": _("Stripe payout %(payout)s", payout=self.stripe_id),
                "line_ids": [Command.create(vals) for vals in move_lines + [transit]],
            }
        )
        move.action_post()
        for (_vals, group), move_line in zip(settled, move.line_ids.sorted("id"), strict=False):
            group.move_line_id = move_line
            if group.payment_move_line_id:
                (move_line | group.payment_move_line_id).reconcile()
        return move

    def _prepare_move_line_vals(self, label, account, amount):
        company = self.company_id
        return {
            "name": label,
            "account_id": account.id,
            "currency_id": self.currency_id.id,
            "amount_currency": amount,
            "balance": self.currency_id._convert(amount, company.currency_id, company, self.date),
        }

    def _find_bank_statement_line(self):
        bank = self.provider_id.stripe_payout_bank_journal_id
        days = timedelta(days=const.BANK_MATCH_DAYS)
        statement_lines = self.env["account.bank.statement.line"].search(
            [
                ("journal_id", "=", bank.id),
                ("is_reconciled", "=", False),
                ("amount", "=", self.amount),
                ("date", ">=", self.date - days),
                ("date", "<=", self.date + days),
            ]
        )
        if len(statement_lines) != 1:
            raise UserError(
                _(
                    "%(count)s bank statement lines of %(amount)s in %(journal)s "
                    "between %(start)s and %(end)s: "
                    "one is needed to match payout %(payout)s. Import the statement, or "
                    "reconcile it by hand.",
                    count=len(statement_lines),
                    amount=self.currency_id.format(self.amount),
                    journal=bank.display_name,
                    start=self.date - days,
                    end=self.date + days,
                    payout=self.stripe_id,
                )
            )
        return statement_lines
