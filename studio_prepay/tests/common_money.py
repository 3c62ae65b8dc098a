"""Orders with money: paid by bank transfer and marked as paid, or by card through Stripe (whose
HTTP API is the one thing faked), refunded, sent back for a change, and taken to the lab."""

from odoo.addons.payment_stripe_payout.tests.common import (
    STRIPE_HTTP,
    FakeStripeResponse,
    setup_stripe_provider,
)

from .common import StudioCase

__all__ = ["STRIPE_HTTP", "FakeStripeResponse", "ChangeCase", "LabCase", "MoneyCase", "StripeCase"]


class MoneyCase(StudioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.action_start_prepay()
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.transfer = cls.env.ref("payment.payment_provider_transfer")
        cls.transfer.state = "test"
        cls.frame = cls._product("Framed print", "individual", is_storable=True, list_price=30.0)
        cls.env["stock.quant"]._update_available_quantity(
            cls.frame, cls.env.ref("stock.stock_location_stock"), 10
        )

    def _bank_transfer(self, order):
        """The customer chose bank transfer in the portal: a pending transaction."""
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.transfer.id,
                "payment_method_id": self.transfer.payment_method_ids[:1].id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": f"{order.name}-transfer",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        tx._set_pending()
        return tx

    def _mark_paid(self, orders, note="<p>Transfer received, thank you</p>", notify=True):
        wizard = (
            self.env["studio.mark.paid.wizard"]
            .with_user(self.accountant)
            .with_context(active_ids=orders.ids)
            .create({"note": note, "notify": notify, "journal_id": self.bank_journal.id})
        )
        return wizard.action_mark_paid()


class StripeCase(MoneyCase):
    """Stripe in test mode with its journal; orders paid by card through it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_stripe_provider(cls, "sk_test_studio")
        cls.fee = cls.env["product.product"].create(
            {"name": "Service fee", "type": "service", "list_price": 2.0}
        )
        cls.job.service_fee_product_id = cls.fee

    def _card_paid_order(self, products=None, qty=1, payment_intent="pi_studio_1"):
        order = self.prepay_order(self.subjects[0], products=products or self.frame)
        order.order_line.product_uom_qty = qty
        return order, self._pay_by_card(order, payment_intent)

    def _pay_by_card(self, order, payment_intent="pi_studio_1"):
        """The customer paid ``order`` by card through Stripe: its done, post-processed
        transaction."""
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.stripe.id,
                "payment_method_id": self.env.ref("payment.payment_method_card").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": f"{order.name}-card",
                "provider_reference": payment_intent,
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        tx._set_done()
        tx._post_process()
        self.assertEqual(order.studio_payment_state, "paid")
        return tx

    def _stripe_refund_answer(self, amount_minor, status="succeeded"):
        return FakeStripeResponse(
            {
                "id": "re_studio_1",
                "object": "refund",
                "amount": amount_minor,
                "currency": "usd",
                "payment_intent": "pi_studio_1",
                "status": status,
            }
        )

    def _refund(self, order, amount=None, **vals):
        wizard = (
            self.env["studio.refund.wizard"]
            .with_user(self.accountant)
            .with_context(active_id=order.id)
            .create(dict({"reason": "Customer asked"}, **vals))
        )
        if amount is not None:
            wizard.amount = amount
        return wizard, wizard.action_refund()


class ChangeCase(StripeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann, cls.bob = cls.subjects[:2]
        cls.ann_photos = cls.add_photos(cls.job, 2, code=cls.ann.access_code)
        cls.class_1a = cls.add_photos(cls.job, 1, group="1A")
        cls.product_large = cls._product("Print 8x10", "individual", list_price=25.0)
        cls.job.product_ids |= cls.product_large

    def _request(
        self,
        order,
        lines=None,
        refund="auto",
        no_wait=False,
        message="<p>Choose another pose</p>",
        user=None,
    ):
        """A request for change sent by a studio administrator (who may refund a paid order)."""
        wizard = (
            self.env["studio.change.request.wizard"]
            .with_user(user or self.studio_manager)
            .with_context(active_id=order.id)
            .create(
                {
                    "line_ids": [(6, 0, (lines or order.order_line[:1]).ids)],
                    "message": message,
                    "no_wait": no_wait,
                }
            )
        )
        return wizard.action_send() if refund == "auto" else wizard.action_send_refund_manually()

    def _placed(self, subject):
        order = self.prepay_order(subject, paid=True)
        collection = self.job._get_open_collection()
        collection.action_populate_photos()
        collection.action_place_orders()
        self.assertEqual(order.studio_pipeline_state, "batched")
        return order


class LabCase(MoneyCase):
    """Paper orders of a prepay job with photos, paid or not, placed and released by a studio
    user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann, cls.bob, cls.cy = cls.subjects
        cls.ann_photos = cls.add_photos(cls.job, 2, code=cls.ann.access_code)
        cls.bob_photos = cls.add_photos(cls.job, 1, code=cls.bob.access_code)
        cls.class_1a = cls.add_photos(cls.job, 1, group="1A")
        cls.class_2b = cls.add_photos(cls.job, 1, group="2B")

    def _collection(self):
        return self.job._get_open_collection().with_user(self.studio_user)

    def _place(self):
        collection = self._collection()
        collection.action_populate_photos()
        return collection, collection.action_place_orders()

    def _released(self, subject, products=None):
        """A paid order of ``subject`` that went to the lab in a released batch."""
        order = self.prepay_order(subject, products=products, paid=True)
        self._place()
        order.studio_batch_id.with_user(self.studio_user).action_release()
        self.assertEqual(order.studio_batch_id.state, "released")
        return order
