"""A school show with limited seats sold by the studio next to its photos, in the same orders."""

from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.studio_prepay.tests.common_money import STRIPE_HTTP, MoneyCase, StripeCase
from odoo.addons.studio_prepay.tests.common_portal import StudioPortalCase

__all__ = ["STRIPE_HTTP", "TicketCase", "TicketPortalCase", "TicketStripeCase"]


class TicketMixin:
    @classmethod
    def setup_show(cls, seats=10):
        """The show (``seats`` seats), its *Adult* ticket (12.00) and the door's event user."""
        cls.ticket_product = cls.env["product.product"].create(
            {
                "name": "Show ticket",
                "type": "service",
                "service_tracking": "event",
                "list_price": 12.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        begin = fields.Datetime.now() + timedelta(days=10)
        cls.show = cls.env["event.event"].create(
            {
                "name": "End-of-year show",
                "date_begin": begin,
                "date_end": begin + timedelta(hours=3),
                "date_tz": "Europe/Brussels",
                "seats_limited": True,
                "seats_max": seats,
                "event_ticket_ids": [
                    (0, 0, {"name": "Adult", "product_id": cls.ticket_product.id, "price": 12.0})
                ],
            }
        )
        cls.adult = cls.show.event_ticket_ids
        cls.door_user = new_test_user(
            cls.env, "door_user", groups="event.group_event_registration_desk"
        )

    @classmethod
    def ticket_line(cls, qty=1, ticket=None):
        ticket = ticket or cls.adult
        return (
            0,
            0,
            {
                "product_id": ticket.product_id.id,
                "event_id": ticket.event_id.id,
                "event_ticket_id": ticket.id,
                "product_uom_qty": qty,
            },
        )

    def ticket_order(self, qty=2, partner=None, photos=True, confirm=False):
        """A quotation of ``qty`` show tickets (and the job's photo package) for the first child."""
        subject = self.subjects[0]
        lines = [self.ticket_line(qty)]
        if photos:
            lines.append((0, 0, {"product_id": self.job.product_ids[:1].id}))
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "studio_job_id": subject.job_id.id,
                "studio_subject_id": subject.id,
                "require_signature": False,
                "require_payment": True,
                "prepayment_percent": 1.0,
                "order_line": lines,
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def seats_left(self):
        self.env.invalidate_all()
        return self.show.seats_available

    def assertTickets(self, order, states):
        """The order's registrations, by state: ``{'open': 2, 'draft': 1}``."""
        registrations = order.order_line.registration_ids
        found = {
            state: len(registrations.filtered(lambda r, s=state: r.state == s)) for state in states
        }
        self.assertEqual(found, states, f"registrations of {order.name}")
        self.assertEqual(len(registrations), sum(states.values()))


class TicketCase(TicketMixin, MoneyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_show()


class TicketStripeCase(TicketMixin, StripeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_show()


class TicketPortalCase(TicketMixin, StudioPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.action_start_prepay()
        cls.setup_show()
        cls.accountant_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
