"""Buyers of the last seats at the same instant, each in its own transaction (real cursors, as
Odoo's HTTP workers run them, with Odoo's replay of serialization failures): the seats are never
sold twice."""

import threading

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, tagged

SEATS, BUYERS = 3, 8


@tagged("post_install", "-at_install")
class TestTicketConcurrency(TransactionCase):
    def _committed_show_and_quotations(self):
        """A show of SEATS seats and BUYERS quotations of one ticket each, committed (the buyers'
        transactions must see them); removed after the test."""
        with self.registry.cursor() as cr:
            env = self.env(cr=cr)
            product = env["product.product"].create(
                {"name": "Race ticket", "type": "service", "service_tracking": "event"}
            )
            show = env["event.event"].create(
                {
                    "name": "Race show",
                    "date_begin": fields.Datetime.add(fields.Datetime.now(), days=5),
                    "date_end": fields.Datetime.add(fields.Datetime.now(), days=5, hours=2),
                    "seats_limited": True,
                    "seats_max": SEATS,
                    "event_ticket_ids": [(0, 0, {"name": "Seat", "product_id": product.id})],
                }
            )
            partner = env["res.partner"].create({"name": "Race buyer"})
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": product.id,
                                    "event_id": show.id,
                                    "event_ticket_id": show.event_ticket_ids.id,
                                    "product_uom_qty": 1,
                                },
                            )
                        ],
                    }
                    for _buyer in range(BUYERS)
                ]
            )
            ids = show.id, orders.ids, product.id, partner.id

        def cleanup():
            with self.registry.cursor() as cr:
                env = self.env(cr=cr)
                env["event.registration"].search([("event_id", "=", ids[0])]).unlink()
                env["sale.order"].browse(ids[1]).unlink()
                env["event.event"].browse(ids[0]).unlink()
                env["product.product"].browse(ids[2]).unlink()
                env["res.partner"].browse(ids[3]).unlink()

        self.addCleanup(cleanup)
        return ids

    def test_the_last_seats_are_never_held_twice(self):
        show_id, order_ids, _product_id, _partner_id = self._committed_show_and_quotations()
        start = threading.Barrier(BUYERS)
        held, refused, retried = [], [], []

        def buy(order_id):
            start.wait()
            for _try in range(20):  # what Odoo does with a request that hit a serialization failure
                with self.registry.cursor() as cr:
                    order = self.env(cr=cr)["sale.order"].browse(order_id)
                    try:
                        order._studio_hold_seats()
                        cr.commit()
                        held.append(order_id)
                        return
                    except ValidationError:
                        cr.rollback()
                        refused.append(order_id)
                        return
                    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                        cr.rollback()
                        retried.append(order_id)

        threads = [threading.Thread(target=buy, args=(order_id,)) for order_id in order_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(len(held), SEATS, f"held {held}, refused {refused}")
        self.assertEqual(len(refused), BUYERS - SEATS)
        self.assertTrue(retried, "the buyers did meet")
        with self.registry.cursor() as cr:
            show = self.env(cr=cr)["event.event"].browse(show_id)
            self.assertEqual(show.seats_available, 0)
            self.assertEqual(
                self.env(cr=cr)["event.registration"].search_count(
                    [("event_id", "=", show_id), ("state", "!=", "cancel")]
                ),
                SEATS,
            )
