import base64

from markupsafe import Markup
from werkzeug.urls import url_encode

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import consteq, html2plaintext

from ..const import (
    CHANGE_STATES,
    FULFILLMENT_STATES,
    LAB_BLOCKERS,
    MAX_CUSTOMER_FILE,
    MAX_CUSTOMER_QUANTITY,
    PAID_FOR_LAB_DOMAIN,
    PAYMENT_STATES,
    STUDIO_USER_GROUP,
    WAITING_FOR_CHANGE_DOMAIN,
)
from ..tools import access_code, bulk
from ..tools.counting import set_counts
from ..tools.locking import lock_rows, share_lock
from ..tools.notification import notification
from ..tools.write_guard import changed_fields, require_group, with_context_defaults

# Fields derived from the accounting or set by the studio's actions only (populate, place, refund,
# mark as paid, request for change): never written directly, whatever the user's rights.
STUDIO_ACTION_FIELDS = {
    "studio_amount_received",
    "studio_amount_refunded",
    "studio_payment_state",
    "studio_is_paid",
    "studio_payment_note",
    "studio_payment_link",
    "studio_refund_error",
    "studio_cancel_reason",
    "studio_batch_id",
    "studio_pipeline_state",
    "studio_populate_error",
    "studio_change_state",
    "studio_change_message",
    "studio_change_no_wait",
}
# Fields studio staff change by hand (fulfillment wizard, paper orders added to a collection), not
# sales users.
STUDIO_STAFF_FIELDS = {
    "studio_fulfillment_state",
    "studio_fulfillment_note",
    "studio_collection_id",
}
# Who may send money back (refund & restock, a request for change on a paid order).
STUDIO_REFUND_GROUPS = ("account.group_account_invoice", "studio_prepay.group_studio_manager")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === FIELDS === #

    studio_job_id = fields.Many2one(
        "studio.job", string="Photo job", index="btree_not_null", check_company=True, tracking=True
    )
    studio_subject_id = fields.Many2one(
        "studio.subject",
        string="Subject",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        domain="[('job_id', '=?', studio_job_id)]",
    )
    studio_access_code = fields.Char(
        string="Access code",
        compute="_compute_studio_access_code",
        store=True,
        readonly=False,
        tracking=True,
        help="The subject's access code this order carries: populating photos looks for the "
        "galleries tagged with it.",
    )

    studio_collection_id = fields.Many2one(
        "studio.order.collection",
        string="Order collection",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    studio_batch_id = fields.Many2one(
        "studio.batch", string="Batch", index="btree_not_null", copy=False, readonly=True
    )
    studio_pipeline_state = fields.Selection(
        [
            ("collected", "In collection"),
            ("revision", "Manual revision"),
            ("batched", "In batch"),
            ("production", "Sent to production"),
        ],
        string="Lab stage",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="Where the order is on its way to the lab: waiting in its order collection, in manual "
        "revision, in the job's batch, or sent to production.",
    )
    studio_fulfillment_state = fields.Selection(
        FULFILLMENT_STATES,
        string="Fulfillment",
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Unfulfilled: new order. Processed: ready to ship. On hold: delayed (stock, "
        "lab, question). "
        "Shipped: on its way. Cancelled. Fulfilled: delivered, nothing left to do.",
    )
    studio_fulfillment_note = fields.Html(
        string="Fulfillment notes",
        copy=False,
        help="Shown to the customer on the order page and in the e-mail about the change.",
    )
    studio_amount_received = fields.Monetary(
        string="Received",
        compute="_compute_studio_payment",
        store=True,
        help="Paid through payment transactions, or registered as payments on the order's "
        "invoices.",
    )
    studio_amount_refunded = fields.Monetary(
        string="Refunded amount",
        compute="_compute_studio_payment",
        store=True,
        help="Refunded through payment transactions, or paid back on the order's credit notes.",
    )
    studio_payment_state = fields.Selection(
        PAYMENT_STATES,
        string="Payment",
        compute="_compute_studio_payment",
        store=True,
        index=True,
        help="Derived from the order's payment transactions, invoices, credit notes and registered "
        "payments: pending means an offline payment (bank transfer) is awaited.",
    )
    studio_is_paid = fields.Boolean(string="Paid", compute="_compute_studio_payment", store=True)
    studio_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    studio_amount_net = fields.Monetary(
        string="Net received",
        compute="_compute_studio_payment",
        store=True,
        currency_field="studio_company_currency_id",
        help="Received less refunded, in the company's currency (at the order's date): what "
        "the order brought in.",
    )
    studio_payment_note = fields.Html(
        string="Payment note",
        copy=False,
        readonly=True,
        help="The accountant's note when the payment was registered.",
    )
    studio_payment_link = fields.Char(
        string="Payment link",
        copy=False,
        readonly=True,
        help="The last link sent to the customer to pay what is due.",
    )
    studio_refund_error = fields.Char(
        string="Refund error",
        copy=False,
        readonly=True,
        help="The payment provider's answer when an automatic refund failed: refund manually.",
    )
    studio_cancel_reason = fields.Char(string="Cancellation reason", copy=False, readonly=True)
    studio_change_state = fields.Selection(
        CHANGE_STATES,
        string="Communication",
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="New: as the customer submitted it. Request for change: sent back to the customer to "
        "change some lines. Job is changed: the customer made the changes and resubmitted.",
    )
    studio_change_message = fields.Html(
        string="Change requested",
        copy=False,
        readonly=True,
        help="What the customer was asked to change, as e-mailed and shown on the order page.",
    )
    studio_change_no_wait = fields.Boolean(
        string="Not waiting for the customer",
        copy=False,
        readonly=True,
        help="The order went on to populate, place and batch while its change request is "
        "still open.",
    )
    studio_change_open = fields.Boolean(
        string="Change still open", compute="_compute_studio_change_open"
    )
    studio_complaint_ids = fields.One2many("studio.complaint", "order_id", string="Complaints")
    studio_complaint_count = fields.Integer(compute="_compute_studio_complaint_count")
    studio_stripe_fee = fields.Monetary(
        string="Stripe fee",
        compute="_compute_studio_stripe_fee",
        groups="account.group_account_invoice",
        help="What Stripe kept on the order's card payments (fees and the VAT on them), from "
        "the booked payouts.",
    )
    studio_populate_error = fields.Char(
        string="Missing photos",
        copy=False,
        readonly=True,
        help="What Populate photos could not fill, with the access code it looked for.",
    )
    studio_lab_hold = fields.Char(
        string="Held back",
        compute="_compute_studio_lab_hold",
        help="Why the order does not go on to the lab yet: only confirmed, paid orders with "
        "all their photos, "
        "not waiting for the customer's change nor in manual revision, do. Empty: ready "
        "for the lab.",
    )
    studio_photos_missing = fields.Boolean(
        string="Photos missing",
        compute="_compute_studio_photos_missing",
        search="_search_studio_photos_missing",
        help="Lines of photo products lack a photo (read from the lines, whoever filled them).",
    )

    # === COMPUTE METHODS === #

    @api.depends("studio_subject_id")
    def _compute_studio_access_code(self):
        for order in self:
            order.studio_access_code = order.studio_subject_id.access_code

    @api.depends(
        "state",
        "amount_total",
        "studio_refund_error",
        "transaction_ids.state",
        "transaction_ids.amount",
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.amount_residual",
    )
    def _compute_studio_payment(self):
        for order in self:
            received, refunded = order._studio_payment_amounts()
            payments = order.transaction_ids.filtered(lambda tx: tx.operation != "refund")
            currency, kept = order.currency_id, received - refunded
            if order.studio_refund_error:
                state = "refund_failed"
            elif currency.compare_amounts(kept, order.amount_total) >= 0 and order.amount_total:
                # also paid again after a refund (request for change); a quotation whose payment
                # arrived but whose confirmation failed (Odoo's post-processing) is not shown paid
                # until it is confirmed
                state = "unconfirmed" if order.state in ("draft", "sent") else "paid"
            elif currency.compare_amounts(refunded, 0) > 0:
                state = (
                    "refunded" if currency.compare_amounts(kept, 0) <= 0 else "partially_refunded"
                )
            elif any(tx.state == "pending" for tx in payments):
                state = "pending"
            elif currency.compare_amounts(kept, 0) > 0:
                # products added after the payment, the difference not paid yet
                state = "partially_paid"
            else:
                state = "unpaid"
            net = currency._convert(
                kept,
                order.company_id.currency_id,
                order.company_id,
                (order.date_order or fields.Datetime.now()).date(),
            )
            order.update(
                {
                    "studio_amount_received": received,
                    "studio_amount_refunded": refunded,
                    "studio_payment_state": state,
                    "studio_is_paid": state == "paid",
                    "studio_amount_net": net,
                }
            )

    def _compute_studio_stripe_fee(self):
        fees = {
            order: fee + fee_tax
            for order, fee, fee_tax in self.env["payment.stripe.payout.line"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["fee:sum", "fee_tax:sum"]
            )
        }
        for order in self:
            order.studio_stripe_fee = fees.get(order, 0.0)

    @api.depends(
        "order_line.display_type",
        "order_line.product_id",
        "order_line.studio_photo_id",
        "order_line.studio_class_photo_id",
    )
    def _compute_studio_photos_missing(self):
        # an order being edited shows what is saved (one query for any number of orders)
        orders_sudo = self._origin.sudo()
        missing = set(
            orders_sudo.search(
                [("id", "in", orders_sudo.ids), ("studio_photos_missing", "=", True)]
            ).ids
        )
        for order in self:
            order.studio_photos_missing = order._origin.id in missing

    def _search_studio_photos_missing(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search orders with photos missing with = or != and true or false."))
        missing = [
            ("order_line", "any", self.env["sale.order.line"]._studio_photo_missing_domain())
        ]
        return missing if (operator == "=") == value else ["!", *missing]

    @api.depends(
        "state",
        "amount_total",
        "studio_pipeline_state",
        "studio_batch_id.state",
        "studio_payment_state",
        "studio_change_state",
        "studio_change_no_wait",
        "studio_photos_missing",
    )
    def _compute_studio_lab_hold(self):
        blockers = self._origin._studio_lab_blockers()
        for order in self:
            order.studio_lab_hold = self._studio_lab_hold_text(blockers.get(order._origin.id, []))

    @api.depends("studio_change_state")
    def _compute_studio_change_open(self):
        for order in self:
            order.studio_change_open = order.studio_change_state == "requested"

    @api.depends("studio_complaint_ids")
    def _compute_studio_complaint_count(self):
        set_counts(self, "studio_complaint_count", "studio.complaint", "order_id")

    # === CONSTRAINT METHODS === #

    @api.constrains("studio_job_id", "studio_subject_id", "studio_access_code")
    def _check_studio_access_code(self):
        for order in self:
            subject, job = order.studio_subject_id, order.studio_job_id
            if subject and subject.job_id != job:
                raise ValidationError(
                    _(
                        "Order %(order)s: subject %(subject)s belongs to job "
                        "%(subject_job)s, not to %(job)s.",
                        order=order.name,
                        subject=subject.display_name,
                        subject_job=subject.job_id.name,
                        job=job.name or _("no job"),
                    )
                )
            if order.studio_access_code and (
                access_code.normalize(order.studio_access_code) != subject.access_code
            ):
                if subject:
                    raise ValidationError(
                        _(
                            "Order %(order)s: access code %(code)s is not a code of job "
                            "%(job)s (subject %(subject)s "
                            "has %(subject_code)s).",
                            order=order.name,
                            code=order.studio_access_code,
                            job=job.name or _("(no job)"),
                            subject=subject.display_name,
                            subject_code=subject.access_code,
                        )
                    )
                raise ValidationError(
                    _(
                        "Order %(order)s: access code %(code)s is not a code of job %(job)s.",
                        order=order.name,
                        code=order.studio_access_code,
                        job=job.name or _("(no job)"),
                    )
                )

    @api.constrains("studio_batch_id")
    def _check_studio_batch(self):
        for order in self.filtered("studio_batch_id"):
            if order.studio_batch_id.state != "open":
                raise ValidationError(
                    _(
                        "Batch %(batch)s was released: it takes no more orders (order %(order)s).",
                        batch=order.studio_batch_id.name,
                        order=order.name,
                    )
                )
            if order.studio_batch_id.job_id != order.studio_job_id:
                raise ValidationError(
                    _(
                        "Order %(order)s cannot join batch %(batch)s of another job.",
                        order=order.name,
                        batch=order.studio_batch_id.name,
                    )
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        for vals in with_context_defaults(self.env, vals_list):
            self._studio_check_writable(vals, create=True)
        return super().create(self._resolve_studio_access_codes(vals_list))

    def write(self, vals):
        self._studio_check_writable(vals)
        return super().write(self._resolve_studio_access_codes([vals])[0])

    def _studio_check_writable(self, vals, create=False):
        """Payment and lab fields are derived from the accounting or set by the studio's actions,
        which check the user's rights and then write them as superuser: nobody changes them directly
        (not over RPC either). Fulfillment is for studio staff. A key that changes nothing (empty on
        create, the current value on write, as the web client sends them) is no change."""
        if self.env.su:
            return
        names = changed_fields(self, vals, STUDIO_ACTION_FIELDS, create)
        if (
            not names
            and vals.keys() & STUDIO_STAFF_FIELDS
            and not self.env.user.has_group(STUDIO_USER_GROUP)
        ):
            names = changed_fields(self, vals, STUDIO_STAFF_FIELDS, create)
        if names:
            raise AccessError(
                _(
                    "%(fields)s of a photo order change only through the studio's "
                    "actions (payments, refunds, "
                    "populate and place, fulfillment, request for change).",
                    fields=", ".join(
                        sorted(self._fields[name]._description_string(self.env) for name in names)
                    ),
                )
            )

    @api.model
    def _resolve_studio_access_codes(self, vals_list):
        """Orders given only an access code (typed by staff, sent by an integration) get the subject
        and the job of that code, in canonical form; one search for all of them."""
        codes = {
            index: access_code.normalize(vals.get("studio_access_code"))
            for index, vals in enumerate(vals_list)
            if not vals.get("studio_subject_id")
        }
        codes = {index: code for index, code in codes.items() if code}
        if not codes:
            return vals_list
        subjects = (
            self.env["studio.subject"]
            .with_context(active_test=False)
            .search([("access_code", "in", list(set(codes.values())))])
            .grouped("access_code")
        )
        vals_list = list(vals_list)
        for index, code in codes.items():
            if subject := subjects.get(code):
                vals_list[index] = dict(
                    vals_list[index], studio_access_code=code, studio_subject_id=subject.id
                )
                vals_list[index].setdefault("studio_job_id", subject.job_id.id)
        return vals_list

    # === ACTION METHODS === #

    def _action_confirm(self):
        """Confirmed photo orders join their job's open collection: prepay orders, paper orders
        entered in a collection and orders with photo products (proof-gallery carts, whatever the
        phase)."""
        result = super()._action_confirm()
        collected = self.filtered(
            lambda o: (
                o.studio_job_id
                and not o.studio_pipeline_state
                and (
                    o.studio_collection_id
                    or o.studio_job_id.phase == "prepay"
                    or any(line._studio_needs_photo() for line in o.order_line)
                )
            )
        )
        self.filtered(
            lambda o: o.studio_job_id and not o.studio_fulfillment_state
        ).sudo().with_context(mail_notrack=True).write(
            {"studio_fulfillment_state": "unfulfilled", "studio_change_state": "new"}
        )
        for job_sudo, orders_sudo in collected.sudo().grouped("studio_job_id").items():
            # a paper order entered in a collection that was placed since joins the open one
            orders_sudo.filtered(
                lambda o: o.studio_collection_id.state != "open"
            ).studio_collection_id = job_sudo._get_open_collection()
            share_lock(orders_sudo.studio_collection_id)
            orders_sudo.studio_pipeline_state = "collected"
        return result

    def action_release_from_revision(self):
        """Manual revision: send the revised orders to their job's open batch (or to production)."""
        require_group(
            self.env,
            [STUDIO_USER_GROUP],
            _("You are not allowed to release orders from manual revision."),
        )
        not_in_revision = self.filtered(lambda o: o.studio_pipeline_state != "revision")
        if not_in_revision:
            raise UserError(
                _(
                    "These orders are not in manual revision: %s",
                    ", ".join(not_in_revision.mapped("name")),
                )
            )
        blockers = self._studio_lab_blockers()
        held = self.filtered(lambda o: set(blockers[o.id]) - {"revision"})
        if held:
            raise UserError(
                _(
                    "These orders cannot go to the lab yet:\n%s",
                    "\n".join(
                        f"- {order.name}: "
                        f"{self._studio_lab_hold_text(set(blockers[order.id]) - {'revision'})}"
                        for order in held
                    ),
                )
            )
        self.order_line.sudo().studio_needs_revision = False
        self._studio_send_to_lab(_("Released from manual revision"))
        production = self.filtered(lambda o: o.studio_pipeline_state == "production")
        return notification(
            _(
                "%(count)s orders released from manual revision: %(batched)s added to their job's "
                "batch, %(production)s sent to production (direct shipping).",
                count=len(self),
                batched=len(self - production),
                production=len(production),
            )
        )

    def action_view_studio_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "studio_prepay.action_studio_complaint"
        )
        action.update(domain=[("order_id", "=", self.id)], context={"default_order_id": self.id})
        return action

    # === BUSINESS METHODS - PAYMENT STATE === #

    def _studio_payment_amounts(self):
        """(received, refunded) of the order, read from the accounting: its payment transactions,
        and the payments registered on its invoices and credit notes (whichever says more)."""
        self.ensure_one()
        order_sudo = self.sudo()
        payments = order_sudo.transaction_ids.filtered(lambda tx: tx.operation != "refund")
        refunds = order_sudo.transaction_ids - payments
        moves = order_sudo.order_line.invoice_lines.move_id.filtered(
            lambda move: move.state == "posted"
        )

        def paid_on(move_type):
            return sum(
                move.amount_total - move.amount_residual
                for move in moves
                if move.move_type == move_type
            )

        received = max(
            sum(payments.filtered(lambda tx: tx.state in ("authorized", "done")).mapped("amount")),
            paid_on("out_invoice"),
        )
        refunded = max(
            -sum(refunds.filtered(lambda tx: tx.state == "done").mapped("amount")),
            paid_on("out_refund"),
        )
        return received, refunded

    def _studio_amount_due(self):
        self.ensure_one()
        received, refunded = self._studio_payment_amounts()
        return self.currency_id.round(self.amount_total - received + refunded)

    def _studio_refundable(self):
        """What can still be refunded, read from the accounting (never from a stored field)."""
        received, refunded = self._studio_payment_amounts()
        return max(received - refunded, 0.0)

    # === BUSINESS METHODS - LAB === #
    # populate, place, batch, release: the lab decision (_studio_lab_blockers) and the moves it
    # allows

    def _studio_lab_blockers(self):
        """{order id: [codes of LAB_BLOCKERS]}: why each order does not go to the lab yet, none when
        it is ready. Out of the way to the lab: cancelled, not confirmed, nothing for the lab (not
        in the pipeline), at the lab already. On the way (in a collection, manual revision or an
        open batch): waiting for the customer's change, not paid, photos missing, in manual
        revision. The decision of the order's form, the collection's counts and place, the batch's
        release and release from revision; a few queries for any number of orders (read in batches,
        the paid and waiting orders filtered in memory, the orders with photos missing searched at
        once)."""
        orders_sudo = self.sudo()
        paid = set(orders_sudo.filtered_domain(PAID_FOR_LAB_DOMAIN).ids)
        waiting_for_change = set(orders_sudo.filtered_domain(WAITING_FOR_CHANGE_DOMAIN).ids)
        photos_missing = set(orders_sudo.filtered("studio_photos_missing").ids)
        blockers = {}
        for order in orders_sudo:
            if order.state == "cancel":
                blockers[order.id] = ["cancelled"]
            elif order.state != "sale":
                blockers[order.id] = ["not_confirmed"]
            elif not order.studio_pipeline_state:
                blockers[order.id] = ["nothing_for_lab"]
            elif order._studio_at_lab():
                blockers[order.id] = ["at_lab"]
            else:
                blockers[order.id] = [
                    code
                    for code, held in (
                        ("change_open", order.id in waiting_for_change),
                        ("unpaid", order.id not in paid),
                        ("missing_photos", order.id in photos_missing),
                        ("revision", order.studio_pipeline_state == "revision"),
                    )
                    if held
                ]
        return blockers

    @api.model
    def _studio_lab_hold_text(self, codes):
        """The reasons ``codes`` (of LAB_BLOCKERS) as the user reads them, in their order there."""
        return ", ".join(self.env._(label) for code, label in LAB_BLOCKERS if code in codes)

    def _studio_at_lab(self):
        """Whether the order already went to the lab: in a released batch, or in production."""
        self.ensure_one()
        return (
            self.sudo().studio_batch_id.state not in (False, "open")
            or self.studio_pipeline_state == "production"
        )

    def _studio_send_to_lab(self, reason):
        """Move orders on to their job's open batch. Direct-shipping jobs send them to production at
        once: the batch is released with them (its order sheet gives each order's delivery address).
        One chatter note per order, written in bulk."""
        for job_sudo, orders_sudo in self.sudo().grouped("studio_job_id").items():
            batch_sudo = job_sudo._get_open_batch()
            direct = job_sudo.delivery_mode == "direct"
            orders_sudo = orders_sudo.with_context(mail_notrack=True)
            orders_sudo.write(
                {"studio_pipeline_state": "batched", "studio_batch_id": batch_sudo.id}
            )
            if direct:
                batch_sudo.action_release()  # the orders are ready: the release holds none back
                orders_sudo.studio_pipeline_state = "production"
                note = _(
                    "%(reason)s: sent to production in batch %(batch)s (direct shipping).",
                    reason=reason,
                    batch=batch_sudo.name,
                )
            else:
                note = _(
                    "%(reason)s: added to batch %(batch)s.", reason=reason, batch=batch_sudo.name
                )
            bulk.log_note(orders_sudo, note)

    def _studio_back_to_collection(self, note):
        """Orders that cannot go to the lab yet leave their open batch for their job's open
        collection, with the chatter ``note`` saying why."""
        for job_sudo, orders_sudo in self.sudo().grouped("studio_job_id").items():
            orders_sudo.with_context(mail_notrack=True).write(
                {
                    "studio_pipeline_state": "collected",
                    "studio_batch_id": False,
                    "studio_collection_id": job_sudo._get_open_collection().id,
                }
            )
            bulk.log_note(orders_sudo, note)

    def _studio_ship_to(self):
        """Where the lab ships the order: the customer's delivery address for direct-shipping jobs,
        the organisation for the others."""
        self.ensure_one()
        job = self.studio_job_id
        return self.partner_shipping_id if job.delivery_mode == "direct" else job.partner_id

    def _studio_set_fulfillment(self, state, note=False, notify=False):
        """Change the fulfillment state (tracked in the chatter) with a note for the customer;
        ``notify`` e-mails the customer the new state and the note."""
        self.write({"studio_fulfillment_state": state, "studio_fulfillment_note": note})
        if notify:
            self._studio_notify("studio_prepay.mail_template_fulfillment")

    # === BUSINESS METHODS - MONEY ACTIONS === #
    # mark as paid, refund, delete & restock, add products

    def _studio_invoice(self):
        """The order's posted customer invoice that still has something due, created and posted
        from the order when there is none."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda move: move.move_type == "out_invoice" and move.state != "cancel"
        )
        invoices.filtered(lambda move: move.state == "draft").action_post()
        due = invoices.filtered(lambda move: move.amount_residual)
        if due:
            return due[:1]
        invoice = self._create_invoices()
        invoice.action_post()
        return invoice

    def _studio_mark_paid(self, journal, date, note=False, notify=False):
        """Register the payment of each order in accounting against its invoice, so that the order
        is paid and the bank statement line can be reconciled with it; the pending transaction of a
        bank transfer is confirmed with that payment. A quotation waiting for its bank transfer is
        confirmed first (it then joins its job's collection). ``notify`` e-mails the customer the
        note and the order."""
        require_group(
            self.env,
            ["account.group_account_invoice"],
            _("You are not allowed to register payments."),
        )
        lock_rows(self)
        for order in self:
            if order.studio_is_paid:
                raise UserError(_("Order %s is already paid.", order.name))
            if order.studio_payment_state == "unconfirmed":
                raise UserError(
                    _(
                        "Order %s already received its payment but was not confirmed: "
                        "confirm it instead.",
                        order.name,
                    )
                )
            if order.state == "cancel":
                raise UserError(_("Order %s is cancelled: it cannot be paid.", order.name))
            if order.state in (
                "draft",
                "sent",
            ):  # confirmed as the payment flow does, stock included
                order.sudo().with_context(send_email=True).action_confirm()
            invoice = order._studio_invoice()
            payment = (
                self.env["account.payment.register"]
                .with_context(
                    active_model="account.move",
                    active_ids=invoice.ids,
                )
                .create(
                    {
                        "journal_id": journal.id,
                        "payment_date": date,
                        "communication": f"{order.name} {invoice.name}",
                    }
                )
                ._create_payments()
            )
            pending_sudo = order.sudo().transaction_ids.filtered(
                lambda tx: tx.state == "pending" and tx.operation != "refund"
            )
            if pending_sudo:  # the awaited bank transfer arrived: it is this payment
                pending_sudo.write({"payment_id": payment.id, "invoice_ids": invoice.ids})
                pending_sudo._set_done(state_message=note and html2plaintext(note))
                pending_sudo._post_process()
            order.sudo().studio_payment_note = note
            order.message_post(
                body=Markup("%s<br/>%s")
                % (_("Marked as paid by %s.", self.env.user.name), note or "")
            )
            if notify:
                order._studio_notify("studio_prepay.mail_template_payment_received")
        return True

    def _studio_delete_and_restock(self, reason):
        """Cancel unpaid orders: they leave their collection or open batch, their pending payments
        are cancelled and what they held (stock reservations, limited seats) is released. They stay
        findable, with the reason."""
        sent = self.filtered(lambda o: o._studio_at_lab())
        sent_paid = sent.filtered(lambda o: o.studio_payment_state not in ("unpaid", "pending"))
        if sent_paid:
            raise UserError(
                _(
                    "%s already went to the lab and cannot be deleted: use Refund & "
                    "restock to pay the "
                    "customer back.",
                    ", ".join(sent_paid.mapped("name")),
                )
            )
        if sent:
            raise UserError(
                _(
                    "%s already went to the lab and cannot be deleted.",
                    ", ".join(sent.mapped("name")),
                )
            )
        paid = self.filtered(lambda o: o.studio_payment_state not in ("unpaid", "pending"))
        if paid:
            raise UserError(
                _(
                    "%s received a payment: use Refund & restock instead.",
                    ", ".join(paid.mapped("name")),
                )
            )
        self._studio_release(reason)
        for order in self:
            order.message_post(body=_("Deleted and restocked: %s", reason))
        return True

    def _studio_check_can_refund(self):
        require_group(
            self.env,
            STUDIO_REFUND_GROUPS,
            _("You are not allowed to refund orders (accountants and studio administrators)."),
        )

    def _studio_fee_amount(self):
        """What the order's non-refundable service fee lines (the job's fee product) cost."""
        fee = self.studio_job_id.service_fee_product_id
        return sum(
            self.order_line.filtered(lambda line: fee and line.product_id == fee).mapped(
                "price_total"
            )
        )

    def _studio_refund(self, amount, reason, manual=False):
        """Refund ``amount`` of a paid order: through the payment provider that took the card
        payment (linked back to the order), or, with ``manual``, by the studio's own bank transfer
        registered on the credit note. A credit note is created in both cases; a full refund also
        cancels the order and releases what it held. A failed provider refund leaves the order in
        *Refund failed* with the provider's message. Returns whether the refund was made. The user
        must be an accountant or a studio administrator; the refund itself is then made as superuser
        (a studio administrator has no accounting rights)."""
        self.ensure_one()
        self._studio_check_can_refund()
        lock_rows(self)
        order_sudo = self.sudo()
        currency = self.currency_id
        if (
            currency.compare_amounts(amount, 0) <= 0
            or currency.compare_amounts(amount, self._studio_refundable()) > 0
        ):
            raise UserError(
                _(
                    "Order %(order)s: the refund must be more than 0 and at most %(max)s.",
                    order=self.name,
                    max=self._studio_refundable(),
                )
            )
        tx_sudo = self._studio_refund_transaction(manual)
        if (
            tx_sudo
            and not manual
            and tx_sudo.provider_id.support_refund == "full_only"
            and currency.compare_amounts(amount, tx_sudo.amount)
        ):
            raise UserError(_("%s only refunds whole payments.", tx_sudo.provider_id.name))
        refund_tx_sudo = self.env["payment.transaction"].sudo()
        if tx_sudo and not manual:
            try:
                with self.env.cr.savepoint():
                    tx_sudo.action_refund(amount_to_refund=amount)
            except (UserError, ValidationError) as error:
                order_sudo.studio_refund_error = str(error.args[0] if error.args else error)
                self.message_post(
                    body=_(
                        "Automatic refund of %(amount)s failed, refund manually: %(error)s",
                        amount=amount,
                        error=self.studio_refund_error,
                    )
                )
                return False
            refund_tx_sudo = tx_sudo.child_transaction_ids.filtered(
                lambda t: t.operation == "refund"
            ).sorted("id")[-1:]
        credit_note = order_sudo._studio_credit_note(
            order_sudo._studio_invoice_with_payments(), amount
        )
        if refund_tx_sudo:
            # post-processed before being linked to the order: Odoo's "payment confirmed" e-mail is
            # for payments
            refund_tx_sudo.invoice_ids = [(4, credit_note.id)]
            if refund_tx_sudo.state == "done":
                refund_tx_sudo._post_process()
            refund_tx_sudo.sale_order_ids = [(4, self.id)]
        else:
            self.env["account.payment.register"].sudo().with_context(
                active_model="account.move",
                active_ids=credit_note.ids,
            ).create({"amount": amount})._create_payments()
        order_sudo.studio_refund_error = False
        self.message_post(
            body=_("Refunded %(amount)s: %(reason)s", amount=currency.format(amount), reason=reason)
        )
        if (
            not currency.compare_amounts(self._studio_refundable(), 0)
            and self.state == "sale"
            and not self.studio_change_open
        ):  # an order sent back to its customer waits to be paid again
            if self._studio_at_lab():
                self._studio_note_refunded_at_lab(reason)
            else:
                self._studio_release(reason)
        return True

    def _studio_note_refunded_at_lab(self, reason):
        """A fully refunded order the lab already has keeps its batch and its stock (what the lab
        holds cannot go back on sale); the batch and the order get a note for the lab."""
        body = _(
            "Order %(order)s was fully refunded after it went to the lab (%(reason)s): "
            "tell the lab not "
            "to produce or ship it. Nothing was restocked.",
            order=self.name,
            reason=reason,
        )
        self.sudo().studio_batch_id.message_post(body=body)
        self.message_post(body=body)

    def _studio_refund_transaction(self, manual=False):
        """The card payment a payment provider can refund (none when refunding ``manual``ly); raises
        when the order was paid otherwise and only a manual refund is possible."""
        tx_sudo = self.sudo().transaction_ids.filtered(
            lambda t: (
                t.state == "done"
                and t.operation != "refund"
                and t.provider_id.support_refund in ("full_only", "partial")
            )
        )[:1]
        if not tx_sudo and not manual:
            raise UserError(
                _(
                    "Order %s was not paid by card through a payment provider (bank transfer or "
                    "registered payment): no provider can refund it. Pay the customer back from "
                    'your bank and choose "Refund manually".',
                    self.name,
                )
            )
        return tx_sudo

    def _studio_release(self, reason):
        """Cancel the order and release what it held: stock reservations and limited seats go back
        on sale, the order leaves its collection or open batch and stays findable with the
        reason."""
        order_sudo = self.sudo()
        order_sudo.transaction_ids.filtered(
            lambda tx: tx.state in ("draft", "pending")
        )._set_canceled(state_message=reason)
        order_sudo._action_cancel()
        order_sudo.write(
            {
                "studio_collection_id": False,
                "studio_batch_id": False,
                "studio_pipeline_state": False,
                "studio_fulfillment_state": "cancelled",
                "studio_cancel_reason": reason,
            }
        )

    def _studio_invoice_with_payments(self):
        """The order's invoice, with the payments of its card transactions reconciled on it."""
        invoice = self.invoice_ids.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
        )[:1]
        if not invoice:
            invoice = self._studio_invoice()
        for payment in self.transaction_ids.payment_id.filtered(
            lambda pay: pay.payment_type == "inbound"
        ):
            lines = (payment.move_id.line_ids + invoice.line_ids).filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable" and not line.reconciled
                )
            )
            if len(lines.move_id) == 2:
                lines.reconcile()
        return invoice

    def _studio_credit_note(self, invoice, amount):
        """A posted credit note of ``amount`` for ``invoice``: its reversal for a full refund, else
        one line of the refunded amount on the account of the invoice's first product line."""
        reversal = (
            self.env["account.move.reversal"]
            .with_context(
                active_model="account.move",
                active_ids=invoice.ids,
            )
            .create({"journal_id": invoice.journal_id.id, "reason": _("Refund of %s", self.name)})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        if self.currency_id.compare_amounts(amount, invoice.amount_total):
            # a partial refund is one line of exactly the refunded amount (taxes included)
            line = credit_note.invoice_line_ids.filtered(
                lambda line: line.display_type == "product"
            )[:1]
            credit_note.invoice_line_ids = [
                (
                    1,
                    line.id,
                    {
                        "name": _("Partial refund of %s", self.name),
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [(5, 0, 0)],
                    },
                ),
            ] + [(2, other.id) for other in credit_note.invoice_line_ids - line]
        credit_note.action_post()
        return credit_note

    def _studio_add_products(self, lines_vals, notify=True):
        """Add order lines of ``lines_vals`` (sale.order.line values, each with its product and
        quantity) to the order and, when something is now due, send the customer a payment link
        for the difference. Returns the amount due."""
        self.ensure_one()
        if self.state == "cancel":
            raise UserError(_("Order %s is cancelled: products cannot be added.", self.name))
        if self._studio_at_lab():
            raise UserError(
                _(
                    "Order %(order)s already went to the lab, which produces it as it "
                    "was sent: add "
                    "the products to a new order for the subject.",
                    order=self.name,
                )
            )
        if not lines_vals:
            raise UserError(_("Choose the products to add."))
        lines = self.env["sale.order.line"].create(
            [dict(vals, order_id=self.id) for vals in lines_vals]
        )
        self._studio_products_added(lines)
        due = self._studio_amount_due()
        self.message_post(
            body=_(
                "Products added: %(products)s. Amount due: %(due)s.",
                products=", ".join(line.product_id.display_name for line in lines),
                due=self.currency_id.format(due),
            )
        )
        if self._studio_make_payment_link() and notify:
            self._studio_notify("studio_prepay.mail_template_add_products")
        return due

    def _studio_products_added(self, lines):
        """Hook: ``lines`` were just added to the order by *Add products*."""

    def _studio_make_payment_link(self):
        """An Odoo payment link for what the order still has to be paid, or False when nothing is
        due."""
        due = self._studio_amount_due()
        if self.currency_id.compare_amounts(due, 0) <= 0:
            return False
        link_wizard_sudo = (
            self.env["payment.link.wizard"]
            .sudo()
            .with_context(
                active_model="sale.order",
                active_id=self.id,
            )
            .create(
                {"res_model": "sale.order", "res_id": self.id, "amount": due, "amount_max": due}
            )
        )
        self.sudo().studio_payment_link = link_wizard_sudo.link
        return link_wizard_sudo.link

    # === BUSINESS METHODS - REQUEST FOR CHANGE === #

    def _studio_check_can_request_change(self):
        for order in self:
            if order.state != "sale" or not order.studio_job_id:
                raise UserError(
                    _(
                        "Only confirmed photo orders can be sent back to the customer (%s).",
                        order.name,
                    )
                )
            if order._studio_at_lab():
                raise UserError(
                    _(
                        "Order %(order)s already went to the lab (%(where)s): it can no "
                        "longer be sent back to "
                        "the customer.",
                        order=order.name,
                        where=order.studio_batch_id.name
                        or dict(
                            self._fields["studio_pipeline_state"]._description_selection(self.env)
                        )["production"],
                    )
                )
            if order.studio_change_open:
                raise UserError(_("Order %s already waits for the customer's change.", order.name))
            if order.currency_id.compare_amounts(order._studio_refundable(), 0) > 0:
                require_group(
                    self.env,
                    STUDIO_REFUND_GROUPS,
                    _(
                        "Order %s is paid: sending it back refunds the customer, which "
                        "only accountants and studio "
                        "administrators may do.",
                        order.name,
                    ),
                )

    def _studio_request_change(self, lines, message, refund="auto", no_wait=False):
        """Send the order back to its customer to change ``lines``, with ``message``. A paid order
        is refunded: through the payment provider (``refund="auto"``) or by the studio's own bank
        transfer (``"manual"``); the customer pays again when resubmitting. Unless ``no_wait``, the
        order leaves its batch or manual revision for its job's open collection and waits there for
        the customer. Returns False when the automatic refund failed (the order then shows *Refund
        failed*)."""
        self.ensure_one()
        lock_rows(self)
        self._studio_check_can_request_change()
        lines = lines.filtered(lambda line: line.order_id == self and not line.display_type)
        if not lines:
            raise UserError(_("Choose the lines the customer must change."))
        if not html2plaintext(message or "").strip():
            raise UserError(_("Tell the customer what to change."))
        refundable = self.currency_id.compare_amounts(self._studio_refundable(), 0) > 0
        if refundable:
            self._studio_check_can_refund()
            self._studio_refund_transaction(manual=refund == "manual")
        vals = {
            "studio_change_state": "requested",
            "studio_change_message": message,
            "studio_change_no_wait": no_wait,
        }
        if not no_wait and self.studio_pipeline_state in ("revision", "batched"):
            vals.update(
                studio_pipeline_state="collected",
                studio_batch_id=False,
                studio_collection_id=self.studio_job_id._get_open_collection().id,
            )
        self.sudo().write(vals)
        lines.sudo().studio_change_state = "requested"
        self.message_post(
            body=Markup("%s<br/>%s")
            % (
                _(
                    "Request for change sent to the customer: %s",
                    ", ".join(lines.product_id.mapped("display_name")),
                ),
                message,
            )
        )
        refunded = True
        if refundable:
            refunded = self._studio_refund(
                self._studio_refundable(), _("Request for change"), manual=refund == "manual"
            )
        self._studio_notify("studio_prepay.mail_template_change_request")
        return refunded

    def _studio_allowed_photos(self):
        """The photos a customer may choose for this order: its subjects' and the class photos of
        their classes (class names compared exactly, ignoring case)."""
        self.ensure_one()
        return (self.studio_subject_id | self.order_line.studio_subject_id)._proof_photos()

    def _studio_resubmit_change(self, changes):
        """The customer's answer to a request for change. ``changes`` maps each flagged line to
        ``{"product": product, "qty": quantity, "photo": photo, "file": (file name, content)}`` (any
        may be missing). Another product replaces the line (Odoo keeps confirmed lines: the old one
        goes to quantity 0). The order and the flagged lines become *Job is changed* and staff get
        an activity. Returns the payment link when the order must be paid again (it was refunded),
        else False."""
        self.ensure_one()
        lock_rows(self)
        if not self.studio_change_open:
            raise UserError(_("Order %s has no change to make.", self.name))
        flagged = self.order_line.filtered(lambda line: line.studio_change_state == "requested")
        offer, photos = self.studio_job_id.product_ids, self._studio_allowed_photos()
        for line, change in changes.items():
            product, qty, photo = change.get("product"), change.get("qty"), change.get("photo")
            if line not in flagged:
                raise UserError(_("Only the lines the studio asked about can be changed."))
            if product and product not in offer:
                raise UserError(_("%s is not offered in this job.", product.display_name))
            if photo and photo not in photos:
                raise UserError(_("This photo is not one of yours."))
            if photo and (photo.kind == "group") != (
                (product or line.product_id).studio_photo_kind == "group"
            ):
                raise UserError(
                    _("Choose a class photo for a class product, and a portrait for the others.")
                )
            if qty is not None and not 0 <= qty <= MAX_CUSTOMER_QUANTITY:
                raise UserError(_("Quantities go from 0 to %s.", MAX_CUSTOMER_QUANTITY))
            if change.get("file") and len(change["file"][1]) > MAX_CUSTOMER_FILE:
                raise UserError(
                    _(
                        "%(file)s is larger than %(max)s MB.",
                        file=change["file"][0],
                        max=MAX_CUSTOMER_FILE // 2**20,
                    )
                )
        new_lines = []
        for line, change in changes.items():
            photo = change.get("photo") or line.studio_photo_id
            qty = line.product_uom_qty if change.get("qty") is None else change["qty"]
            product = change.get("product") or line.product_id
            file_vals = (
                {
                    "studio_file_name": change["file"][0],
                    "studio_file": base64.b64encode(change["file"][1]),
                }
                if change.get("file")
                else {}
            )
            if product != line.product_id:
                new_lines.append(
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "studio_subject_id": line.studio_subject_id.id,
                            "studio_photo_id": photo.id,
                            "studio_change_state": "changed",
                            "studio_photo_picked": bool(change.get("photo"))
                            or line.studio_photo_picked,
                            "studio_file": line.studio_file,
                            "studio_file_name": line.studio_file_name,
                            **file_vals,
                        },
                    )
                )
                qty = 0
            picked = {"studio_photo_picked": True} if change.get("photo") else {}
            line.write({"product_uom_qty": qty, "studio_photo_id": photo.id, **picked, **file_vals})
        self.write(
            {
                "order_line": new_lines,
                "studio_change_state": "changed",
                "studio_change_no_wait": False,
                "studio_refund_error": False,
            }
        )
        flagged.studio_change_state = "changed"
        self.message_post(
            body=_("The customer made the requested changes and resubmitted the order.")
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(self.user_id or self.studio_job_id.user_id).id,
            summary=_("Check the changes of the customer"),
        )
        return self.studio_amount_refunded and self._studio_make_payment_link()

    # === BUSINESS METHODS - CUSTOMERS' LINKS AND PORTAL === #

    def _studio_notify(self, template_xmlid):
        template = self.env.ref(template_xmlid)
        for order in self:
            order.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", partner_ids=order.partner_id.ids
            )

    def get_portal_last_transaction(self):
        """The order page's payment message ("your payment was processed") is about payments: a
        photo order that was refunded shows only a payment made after its last refund (paid
        again)."""
        tx_sudo = super().get_portal_last_transaction()
        if not self.studio_job_id:
            return tx_sudo
        transactions_sudo = self.transaction_ids.sudo()
        refunds_sudo = transactions_sudo.filtered(lambda tx: tx.operation == "refund")
        if not refunds_sudo:
            return tx_sudo
        return transactions_sudo.filtered(
            lambda tx: tx.operation != "refund" and tx.id > max(refunds_sudo.ids)
        )._get_last()

    def _get_confirmation_template(self):
        """Photo orders are confirmed with an e-mail naming the subject and its access code."""
        if self.studio_job_id:
            template = self.env.ref(
                "studio_prepay.mail_template_studio_order_confirmation", raise_if_not_found=False
            )
            if template:
                return template
        return super()._get_confirmation_template()

    def _studio_pose_children(self):
        """Prepay+: the children of this order whose poses its customer may choose now, each in
        their gallery (read with sudo)."""
        self.ensure_one()
        children_sudo = self.sudo()._studio_children()
        return children_sudo.filtered(lambda subject: subject._studio_pose_lines(orders=self))

    def _studio_selling_news(self):
        """What the selling e-mail tells the customer of this order about it: ``change`` (the studio
        asked for a change), ``refunded`` (nothing of it goes to the lab), ``due`` (something is
        left to pay), ``poses`` (choose the poses of the paid package) or ``lab`` (paid, on its way
        to the lab)."""
        self.ensure_one()
        if self.studio_change_state == "requested":
            return "change"
        if self.studio_payment_state in ("refunded", "refund_failed"):
            return "refunded"
        if not self.studio_is_paid:
            return "due"
        return "poses" if self._studio_pose_children() else "lab"

    @api.model
    def _studio_linked_order(self, order_id, access_token):
        """The order of a link (its id and access token, as Odoo's portal links carry them), read
        with sudo; an empty recordset for a wrong link."""
        order_sudo = self.sudo()
        if order_id and str(order_id).isdigit():
            order_sudo = order_sudo.browse(int(order_id)).exists()
        if order_sudo and access_token and consteq(order_sudo.access_token or "", access_token):
            return order_sudo
        return order_sudo.browse()

    def _studio_link_opens_galleries(self):
        """Whether the order's link (its access token) opens the proof galleries of its children, as
        their codes do: once the order is confirmed and paid."""
        self.ensure_one()
        return self.state == "sale" and self.studio_is_paid

    def _studio_gallery_url(self, subject):
        """Where the customer of this order opens the proof gallery of ``subject`` (one of its
        children): once the order is paid, the gallery with the order's link (its access token, as
        Odoo's portal links carry it), which also opens the choice of poses, without a code or an
        account; else the address of the subject's card, the code filled in."""
        self.ensure_one()
        if not self._studio_link_opens_galleries():
            return subject.code_url
        return "%s/studio/gallery/%s?%s" % (
            self.get_base_url(),
            subject.id,
            url_encode({"order_id": self.id, "access_token": self._portal_ensure_token()}),
        )

    def _studio_children(self):
        """The children this cart orders for: the children of its lines of the job's offer (the
        cart's child and its siblings, from their codes or their photos), read with sudo."""
        lines_sudo = self.order_line.sudo()._studio_child_lines()
        subjects_sudo = self.env["studio.subject"].sudo()
        return subjects_sudo.union(*(line._studio_subject() for line in lines_sudo))

    def _studio_delivery_note(self):
        """What the confirmation e-mail says instead of a postal address when the photos are not
        shipped to the customer: {"where": ..., "next": the next step}; False when they are (the
        storefront knows the delivery methods)."""
        return False
