"""Photo prints are produced and shipped by the lab and followed by the order's fulfillment state: a
paid photo order makes no delivery picking; storable products (framed prints, limited items) and
tickets keep their stock and their pickings."""

from .common_money import MoneyCase


class TestStockPickings(MoneyCase):
    def _paid(self, products):
        order = self.prepay_order(self.subjects[0], products=products)
        self._mark_paid(order, notify=False)
        self.assertEqual((order.state, order.studio_payment_state), ("sale", "paid"))
        return order

    def test_a_paid_photo_order_makes_no_picking(self):
        order = self._paid(self.product_print | self.product_class)
        self.assertFalse(order.picking_ids)
        self.assertFalse(order.order_line.move_ids)
        self.assertEqual(order.studio_fulfillment_state, "unfulfilled", "the lab's side follows it")

    def test_a_storable_product_keeps_its_picking(self):
        order = self._paid(self.product_print | self.frame)
        self.assertEqual(len(order.picking_ids), 1)
        self.assertEqual(
            order.picking_ids.move_ids.product_id, self.frame, "the print is not in it"
        )

    def test_tickets_and_products_that_are_not_the_studios_keep_their_picking(self):
        ticket = self._product("Graduation ticket", "ticket")
        mug = self.env["product.product"].create({"name": "Mug", "type": "consu"})
        for product in (ticket, mug):
            order = self._paid(product)
            self.assertEqual(order.picking_ids.move_ids.product_id, product)
