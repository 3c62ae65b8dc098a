from ..tools import bulk
from .common import StudioCase


class TestBulkWrites(StudioCase):
    """tools/bulk.py writes only what populate and place write: as superuser, plain stored
    columns."""

    def setUp(self):
        super().setUp()
        self.orders = self.env["sale.order"].create([{"partner_id": self.customer.id}] * 2)

    def test_writes_a_plain_column_of_each_record(self):
        bulk.write_values(
            self.env["sale.order"], "studio_populate_error", {self.orders[0].id: "no photo"}
        )
        self.assertEqual(self.orders.mapped("studio_populate_error"), ["no photo", False])

    def test_refuses_a_user_and_the_fields_that_are_not_plain_columns(self):
        order = self.orders[0]
        with self.assertRaisesRegex(AssertionError, "superuser"):
            bulk.write_values(
                self.env["sale.order"].with_user(self.studio_manager),
                "studio_populate_error",
                {order.id: "no photo"},
            )
        with self.assertRaisesRegex(AssertionError, "superuser"):
            bulk.log_note(order.with_user(self.studio_manager), "Placed")
        for fname in (
            "studio_fulfillment_note",
            "studio_complaint_ids",
            "studio_file",
            "studio_lab_hold",
        ):
            model = self.env["sale.order.line" if fname == "studio_file" else "sale.order"]
            with self.assertRaises(AssertionError, msg=fname):
                bulk.write_values(model, fname, {})

    def test_notes_one_internal_note_per_record(self):
        bulk.log_note(self.orders, "Placed: added to batch B1.")
        for order in self.orders:
            note = order.message_ids.filtered(lambda m: "Placed: added to batch B1." in m.body)
            self.assertEqual(len(note), 1)
            self.assertEqual(
                (note.message_type, note.subtype_id, note.author_id),
                ("notification", self.env.ref("mail.mt_note"), self.env.user.partner_id),
            )
