import base64
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import format_datetime
from odoo.tools.pdf import merge_pdf

# Odoo's full-page ticket of a registration, with the QR code of its barcode
TICKET_REPORT = "event.action_report_event_registration_full_page_ticket"
# orders whose lapsed bank transfers a call of the scheduled action handles (it calls again while
# some remain)
LAPSE_BATCH = 100


class SaleOrder(models.Model):
    _inherit = "sale.order"

    studio_seats_reserved_until = fields.Datetime(
        string="Seats reserved until",
        compute="_compute_studio_seats_reserved_until",
        help="The order waits for its bank transfer: its seats are held until then.",
    )
    studio_seats_reminded = fields.Boolean(
        string="Reminded of the seats' lapse",
        readonly=True,
        copy=False,
        help="The customer was told the day before that the seats held for the transfer lapse.",
    )

    # === COMPUTE METHODS === #

    @api.depends("order_line.registration_ids.studio_reserved_until")
    def _compute_studio_seats_reserved_until(self):
        for order in self:
            dates = order._studio_held_registrations().mapped("studio_reserved_until")
            order.studio_seats_reserved_until = dates and min(dates)

    # === ACTION METHODS === #

    def _action_confirm(self):
        """The registrations are made before the order confirmation e-mail (Odoo's event_sale makes
        them after it), so that the e-mail of a paid order carries its e-tickets."""
        result = super()._action_confirm()
        self._studio_ticket_lines()._init_registrations()
        return result

    # === BUSINESS METHODS - TICKETS === #

    def _studio_tickets_paid(self):
        """Whether the order's tickets may be issued: it is paid (or costs nothing)."""
        self.ensure_one()
        return self.studio_payment_state == "paid" or self.currency_id.is_zero(self.amount_total)

    def _studio_ticket_lines(self):
        return self.order_line.filtered(lambda line: line.event_ticket_id)

    def _studio_held_registrations(self):
        """The registrations that hold a seat while the order waits for its payment."""
        return self.sudo().order_line.registration_ids.filtered(
            lambda reg: reg.state == "draft" and reg.studio_reserved_until
        )

    def _studio_issued_registrations(self):
        """The registrations whose e-tickets the customer holds."""
        return self.sudo().order_line.registration_ids.filtered(
            lambda reg: reg.state in ("open", "done")
        )

    def _studio_hold_seats(self):
        """Hold the seats of the orders' ticket lines while their payment is awaited: each line
        gets its unconfirmed registrations, reserved until the lapse of its event's delay. Refuses
        (ValidationError, nothing held) when the seats are no longer there. Buyers of the same
        tickets wait for each other here, so the last seats are never sold twice."""
        lines = self._studio_ticket_lines().filtered(lambda line: line.state != "cancel")
        if not lines:
            return
        lines._studio_lock_seats()
        lines._init_registrations()
        now = fields.Datetime.now()
        for line in lines:
            line.registration_ids.filtered(
                lambda reg: reg.state == "draft" and not reg.studio_reserved_until
            ).sudo().studio_reserved_until = now + timedelta(
                days=line.event_id.studio_transfer_hold_days
            )
        lines._studio_check_seats()

    def _studio_products_added(self, lines):
        """Tickets added to an order: their registrations hold the seats until the difference is
        paid; paid already (a free ticket), they are issued at once."""
        super()._studio_products_added(lines)
        lines.order_id._studio_hold_seats()

    def _studio_ticket_summary(self):
        """What the order page says of the order's tickets, per event: how many are issued, and
        how many are reserved until when."""
        self.ensure_one()
        summary = []
        registrations = self.sudo().order_line.registration_ids
        for event, event_regs in registrations.grouped("event_id").items():
            issued = event_regs.filtered(lambda reg: reg.state in ("open", "done"))
            held = event_regs.filtered(lambda reg: reg.state == "draft")
            reserved = held.filtered("studio_reserved_until").mapped("studio_reserved_until")
            summary.append(
                {
                    "event": event,
                    "issued": len(issued),
                    "unpaid": len(held),
                    "date": format_datetime(
                        self.env, event.date_begin, tz=event.date_tz, dt_format="short"
                    ),
                    "reserved_until": reserved
                    and format_datetime(
                        self.env, min(reserved), tz=event.date_tz, dt_format="short"
                    ),
                }
            )
        return summary

    def _studio_tickets_pdf(self):
        """The order's issued e-tickets as one PDF (Odoo's full-page tickets, in the customer's
        language): ``(file name, base64 content)``, or None when none is issued."""
        self.ensure_one()
        registrations = self._studio_issued_registrations()
        if not registrations:
            return None
        # a PDF per ticket, merged: Debian's wkhtmltopdf (unpatched Qt) fails on Odoo's full-page
        # ticket of several registrations at once
        report = self._studio_tickets_report()
        rendered = [
            report._render_qweb_pdf(TICKET_REPORT, [reg_id]) for reg_id in registrations.ids
        ]
        if all(report_format == "pdf" for _content, report_format in rendered):
            pdf = merge_pdf([content for content, _format in rendered])
        else:  # Odoo's tests render reports as HTML
            pdf = b"".join(content for content, _format in rendered)
        return (_("Tickets %s.pdf", self.name), base64.b64encode(pdf))

    def _studio_tickets_report(self):
        """What prints the order's tickets: as superuser, in the customer's language."""
        return self.env["ir.actions.report"].sudo().with_context(lang=self.partner_id.lang)

    def _process_attachments_for_template_post(self, mail_template):
        """The e-mails whose template says so carry the order's issued e-tickets."""
        result = super()._process_attachments_for_template_post(mail_template)
        if not mail_template.studio_attach_tickets:
            return result
        for order in self:
            tickets = order._studio_tickets_pdf()
            if tickets:
                result.setdefault(order.id, {}).setdefault("attachments", []).append(tickets)
        return result

    # === BUSINESS METHODS - LAPSED BANK TRANSFERS === #

    @api.model
    def _cron_studio_lapse_transfers(self):
        """Scheduled action: the customers whose held seats lapse tomorrow are reminded; the orders
        whose held seats lapsed are cancelled (a quotation waiting for its transfer) or lose their
        unpaid tickets (tickets added to a paid order), their seats back on sale, and their
        customers are told."""
        now = fields.Datetime.now()
        registrations = self.env["event.registration"].sudo()
        reminded = registrations.search(
            [
                ("state", "=", "draft"),
                ("studio_reserved_until", ">", now),
                ("studio_reserved_until", "<=", now + timedelta(days=1)),
                ("sale_order_id.studio_seats_reminded", "=", False),
            ]
        ).sale_order_id
        for order in reminded:
            order._studio_notify("studio_prepay_event.mail_template_seats_reminder")
        reminded.studio_seats_reminded = True
        lapsed = registrations.search(
            [("state", "=", "draft"), ("studio_reserved_until", "<=", now)]
        ).sale_order_id
        lapsed[:LAPSE_BATCH]._studio_lapse_seats()
        self.env["ir.cron"]._notify_progress(
            done=min(len(lapsed), LAPSE_BATCH), remaining=max(len(lapsed) - LAPSE_BATCH, 0)
        )

    def _studio_lapse_seats(self):
        """The payment never came: release the seats held by these orders and tell their
        customers."""
        for order in self:
            reason = _("the payment did not arrive in time")
            if order.state in ("draft", "sent"):
                order._studio_release(reason)
            else:
                order._studio_held_registrations()._studio_cancel(reason)
            order.message_post(
                body=_("The seats held for the payment lapsed and went back on sale.")
            )
            order._studio_notify("studio_prepay_event.mail_template_seats_released")
