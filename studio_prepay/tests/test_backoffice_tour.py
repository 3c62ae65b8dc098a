"""Staff save orders from the backend: the web client sends every field of a new order and of its
lines (``studio_change_state: False``, ``studio_photo_id: False``...) and saves fields again with
the value they have; the write guards take such keys for what they are, no change, and still refuse
real changes."""

import logging
import time
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.payment_stripe_payout.tests.common import charge, stripe_payout

from .common import StudioCase
from .common_money import STRIPE_HTTP
from .common_stripe import StripePayoutCase

_logger = logging.getLogger(__name__)


class BackofficeCase(StudioCase):
    """A plain product and customer for Sales, a prepay job with an open order collection, and the
    two studio roles with exactly their group (and base.group_user)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office_customer = cls.env["res.partner"].create({"name": "Office Customer"})
        cls.lamp = cls.env["product.product"].create(
            {"name": "Front Desk Lamp", "type": "consu", "list_price": 45.0}
        )
        cls.paper_print = cls._product("Paper Print 8x10", "individual", list_price=12.0)
        cls.paper_school = cls.env["res.partner"].create(
            {"name": "Paper School", "is_company": True}
        )
        cls.paper_parent = cls.env["res.partner"].create(
            {"name": "Paper Parent", "email": "paper.parent@example.com"}
        )
        cls.paper_job = cls.env["studio.job"].create(
            {
                "name": "Paper School 2026",
                "partner_id": cls.paper_school.id,
                "product_ids": [(6, 0, cls.paper_print.ids)],
            }
        )
        cls.dora = cls.env["studio.subject"].create(
            {"job_id": cls.paper_job.id, "name": "Dora Paper", "group_name": "3C"}
        )
        cls.paper_job.action_start_prepay()
        cls.collection = cls.paper_job._get_open_collection()
        cls.tour_studio_user = new_test_user(
            cls.env, "tour_studio_user", groups="base.group_user,studio_prepay.group_studio_user"
        )
        cls.tour_studio_admin = new_test_user(
            cls.env,
            "tour_studio_admin",
            groups="base.group_user,studio_prepay.group_studio_manager",
        )

    def web_client_order_vals(self, **vals):
        """A new order as the web client's form sends it: the addon's fields too, empty."""
        return dict(
            {
                "studio_change_state": False,
                "studio_fulfillment_state": False,
                "studio_fulfillment_note": False,
                "studio_job_id": False,
                "studio_subject_id": False,
                "studio_access_code": False,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.lamp.id,
                            "product_uom_qty": 1,
                            "studio_photo_id": False,
                            "studio_class_photo_id": False,
                            "studio_needs_revision": False,
                            "studio_change_state": False,
                            "studio_pose": 0,
                            "studio_file": False,
                        },
                    )
                ],
            },
            **vals,
        )


class TestWriteGuards(BackofficeCase):
    def test_sales_user_saves_a_quotation_sent_with_every_field(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman_all)
            .create(self.web_client_order_vals(partner_id=self.office_customer.id))
        )
        self.assertEqual(
            (order.partner_id, order.order_line.product_id), (self.office_customer, self.lamp)
        )
        self.assertFalse(order.studio_change_state)

    def test_sales_user_saves_an_order_again_with_its_current_values(self):
        order = self.prepay_order(self.subjects[0])
        photo = self.add_photos(self.job, 1, code=self.subjects[0].access_code)
        order.order_line[:1].sudo().studio_photo_id = photo
        order.sudo().studio_change_state = "new"
        as_sales = order.with_user(self.salesman_all)
        as_sales.write(
            {
                "client_order_ref": "PO 12",
                "studio_change_state": "new",
                "studio_pipeline_state": "collected",
                "studio_collection_id": order.studio_collection_id.id,
                "studio_batch_id": False,
                "studio_fulfillment_state": order.studio_fulfillment_state,
                "studio_fulfillment_note": False,
                "order_line": [
                    (
                        1,
                        line.id,
                        {
                            "studio_photo_id": line.studio_photo_id.id,
                            "studio_needs_revision": False,
                            "studio_change_state": False,
                        },
                    )
                    for line in order.order_line
                ],
            }
        )
        self.assertEqual(order.client_order_ref, "PO 12")
        self.assertEqual(order.order_line[:1].studio_photo_id, photo)

    def test_real_changes_are_still_refused(self):
        order = self.prepay_order(self.subjects[0])
        photo = self.add_photos(self.job, 1, code=self.subjects[0].access_code)
        as_sales = order.with_user(self.salesman_all)
        for vals in (
            {"studio_change_state": "requested"},
            {"studio_pipeline_state": "revision"},
            {"studio_pipeline_state": False},
            {"studio_fulfillment_state": "shipped"},
            {"studio_collection_id": False},
            {"studio_payment_state": "paid"},
        ):
            with self.assertRaises(AccessError, msg=f"wrote {vals}"):
                as_sales.write(vals)
        with self.assertRaisesRegex(AccessError, "Only studio staff choose the photos"):
            order.order_line[:1].with_user(self.salesman_all).write({"studio_photo_id": photo.id})
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman_all).create(
                self.web_client_order_vals(
                    partner_id=self.office_customer.id, studio_change_state="new"
                )
            )
        with self.assertRaisesRegex(AccessError, "Only studio staff choose the photos"):
            self.env["sale.order"].with_user(self.salesman_all).create(
                self.web_client_order_vals(
                    partner_id=self.customer.id,
                    studio_job_id=self.job.id,
                    studio_subject_id=self.subjects[0].id,
                    order_line=[
                        (0, 0, {"product_id": self.product_print.id, "studio_photo_id": photo.id})
                    ],
                )
            )
        # studio actions' fields stay out of reach of studio staff too, a studio user's own fields
        # not
        with self.assertRaises(AccessError):
            order.with_user(self.studio_user).write({"studio_change_state": "changed"})
        order.with_user(self.studio_user).write({"studio_fulfillment_state": "processed"})
        order.order_line[:1].with_user(self.studio_user).write({"studio_photo_id": photo.id})
        self.assertEqual(
            (order.studio_change_state, order.studio_pipeline_state), ("new", "collected")
        )
        self.assertEqual(order.order_line[:1].studio_photo_id, photo)

    def test_a_value_equal_on_one_order_but_not_another_is_a_change(self):
        first = self.prepay_order(self.subjects[0])
        second = self.prepay_order(self.subjects[1], confirm=False)
        self.assertEqual(
            (first.studio_pipeline_state, second.studio_pipeline_state), ("collected", False)
        )
        with self.assertRaises(AccessError):
            (first | second).with_user(self.salesman_all).write(
                {"studio_pipeline_state": "collected"}
            )
        self.assertFalse(second.studio_pipeline_state)

    def test_sales_user_creates_a_quotation_in_the_form(self):
        form = Form(self.env["sale.order"].with_user(self.salesman_all))
        form.partner_id = self.office_customer
        with form.order_line.new() as line:
            line.product_id = self.lamp
        order = form.save()
        self.assertEqual(
            (order.partner_id, order.order_line.product_id, order.state),
            (self.office_customer, self.lamp, "draft"),
        )
        form = Form(order.with_user(self.salesman_all))
        form.client_order_ref = "Lamp for the office"
        form.save()
        self.assertEqual(order.client_order_ref, "Lamp for the office")

    def test_studio_user_adds_a_paper_order_to_the_collection_in_the_form(self):
        action = self.collection.with_user(self.tour_studio_user).action_add_order()
        Order = (
            self.env[action["res_model"]]
            .with_user(self.tour_studio_user)
            .with_context(**action["context"])
        )
        form = Form(Order)
        self.assertFalse(form.partner_id, "a paper order is a parent's: no customer proposed")
        form.partner_id = self.paper_parent
        form.studio_subject_id = self.dora
        with form.order_line.new() as line:
            line.product_id = self.paper_print
        order = form.save()
        self.assertEqual(
            (order.studio_collection_id, order.studio_job_id, order.studio_subject_id),
            (self.collection, self.paper_job, self.dora),
        )
        self.assertEqual(order.studio_access_code, self.dora.access_code)
        self.assertEqual(order.order_line.product_id, self.paper_print)
        order.with_user(self.tour_studio_user).action_confirm()
        self.assertEqual(
            (order.state, order.studio_collection_id, order.studio_pipeline_state),
            ("sale", self.collection, "collected"),
        )


@tagged("post_install", "-at_install")
class TestBackofficeTour(BackofficeCase, HttpCase):
    """The backend tours of static/tests/tours/studio_backoffice_tour.js, as a studio administrator
    and as a studio user: a quotation in Sales, a paper order added to a job's order collection."""

    def run_quotation_tour(self, user):
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "studio_prepay_backoffice_quotation_tour",
            login=user.login,
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.office_customer.id)])
        self.assertEqual(len(order), 1, "the tour saved one quotation")
        self.assertEqual(
            (order.order_line.product_id, order.state, order.user_id), (self.lamp, "draft", user)
        )

    def run_paper_order_tour(self, user):
        url = f"/odoo/action-studio_prepay.action_studio_order_collection/{self.collection.id}"
        self.start_tour(url, "studio_prepay_backoffice_paper_order_tour", login=user.login)
        order = self.env["sale.order"].search([("studio_job_id", "=", self.paper_job.id)])
        self.assertEqual(len(order), 1, "the tour saved one paper order")
        self.assertEqual(
            (order.studio_collection_id, order.studio_subject_id, order.partner_id),
            (self.collection, self.dora, self.paper_parent),
        )
        self.assertEqual((order.order_line.product_id, order.state), (self.paper_print, "draft"))

    def test_studio_admin_saves_a_quotation(self):
        self.run_quotation_tour(self.tour_studio_admin)

    def test_studio_user_saves_a_quotation(self):
        self.run_quotation_tour(self.tour_studio_user)

    def test_studio_admin_adds_a_paper_order(self):
        self.run_paper_order_tour(self.tour_studio_admin)

    def test_studio_user_adds_a_paper_order(self):
        self.run_paper_order_tour(self.tour_studio_user)


@tagged("post_install", "-at_install")
class TestSeasonTours(StripePayoutCase, HttpCase):
    """Each role walks its season in the web client (static/tests/tours/studio_season_tour.js), with
    exactly its groups, on a job with subjects, photos, orders and a booked Stripe payout; Stripe's
    HTTP API is the only thing faked. Each tour is short and starts on the record it works on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.manual_revision = True
        cls.season_admin = new_test_user(
            cls.env, "season_admin", groups="base.group_user,studio_prepay.group_studio_manager"
        )
        cls.season_user = new_test_user(
            cls.env, "season_user", groups="base.group_user,studio_prepay.group_studio_user"
        )
        cls.season_accountant = new_test_user(
            cls.env, "season_accountant", groups="base.group_user,account.group_account_invoice"
        )
        cls.ann, cls.bob, cls.cy = cls.subjects
        cls.photos = {
            subject: cls.add_photos(cls.job, 2, code=subject.access_code)
            for subject in cls.subjects
        }

    def tour(self, url, name, user):
        start = time.monotonic()
        self.start_tour(url, name, login=user.login)
        _logger.info("tour %s as %s: %.1fs", name, user.login, time.monotonic() - start)

    def order_url(self, order):
        return f"/odoo/action-sale.action_orders/{order.id}"

    def print_order(self, subject, paid=False, **vals):
        return self.prepay_order(subject, products=self.product_print, paid=paid, **vals)

    def run_collection_tour(self, user, tour):
        ann = self.print_order(self.ann, paid=True)
        url = (
            "/odoo/action-studio_prepay.action_studio_order_collection/"
            f"{ann.studio_collection_id.id}"
        )
        self.tour(url, tour, user)
        self.assertEqual(ann.studio_pipeline_state, "batched")
        return ann

    def test_studio_admin_season(self):
        admin = self.season_admin
        # the job: names list, QR cards (the PDF requested, not rendered), upload wizard
        self.tour(
            f"/odoo/action-studio_prepay.action_studio_job/{self.job.id}",
            "studio_season_admin_job_tour",
            admin,
        )
        self.assertEqual(
            set(self.job.subject_ids.mapped("name")) - set(self.subjects.mapped("name")),
            {"Eve Import", "Finn Import"},
        )
        # the collection: populate, place, revise a photo by the child's name, release to batch
        ann = self.run_collection_tour(admin, "studio_season_admin_collection_tour")
        self.assertEqual(
            ann.order_line.studio_photo_id,
            self.photos[self.ann][1],
            "the photo chosen in the picker",
        )
        # the batch: release, order sheet
        batch = ann.studio_batch_id
        self.tour(
            f"/odoo/action-studio_prepay.action_studio_batch/{batch.id}",
            "studio_season_admin_batch_tour",
            admin,
        )
        self.assertEqual(batch.state, "released")
        self.assertTrue(batch.sheet_attachment_id)
        # a paid order sent back, refunded by hand
        bob = self.print_order(self.bob, paid=True)
        self.tour(self.order_url(bob), "studio_season_change_request_refund_by_hand_tour", admin)
        self.assertEqual(
            (bob.studio_change_state, bob.studio_payment_state), ("requested", "refunded")
        )
        # a card-paid order refunded and restocked through Stripe
        self.check_card_refund(admin)

    def check_card_refund(self, user):
        order, _tx = self._card_paid_order()
        cents = round(order.amount_total * 100)
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(cents)) as stripe_api:
            self.tour(self.order_url(order), "studio_season_refund_tour", user)
        self.assertEqual(
            stripe_api.call_args.kwargs["data"], {"payment_intent": "pi_studio_1", "amount": cents}
        )
        self.assertEqual((order.studio_payment_state, order.state), ("refunded", "cancel"))

    def test_studio_user_season(self):
        user = self.season_user
        cy = self.print_order(self.cy, paid=True)
        self.run_collection_tour(user, "studio_season_user_collection_tour")
        self.assertEqual(cy.studio_pipeline_state, "revision")
        bob = self.print_order(self.bob)
        self.tour(self.order_url(bob), "studio_season_change_request_tour", user)
        self.assertEqual(
            (bob.studio_change_state, bob.studio_payment_state), ("requested", "unpaid")
        )
        self.tour(self.order_url(cy), "studio_season_change_request_refused_tour", user)
        self.assertEqual((cy.studio_change_state, cy.studio_payment_state), ("new", "paid"))

    def test_billing_accountant_season(self):
        accountant = self.season_accountant
        ivy = self.env["res.partner"].create({"name": "Ivy Parent", "email": "ivy@example.com"})
        self.print_order(self.ann, paid=True, partner_id=ivy.id)
        self.tour(
            "/odoo/action-account.action_move_out_invoice_type",
            "studio_season_invoice_to_order_tour",
            accountant,
        )
        # the invoice's Sale Orders button opened the order's form (sale_pdf_quote_builder's
        # documents are read as superuser for it); Mark as paid from the order's form, in the
        # browser
        transfer = self.print_order(self.bob)
        self._bank_transfer(transfer)
        self.tour(self.order_url(transfer), "studio_season_mark_paid_tour", accountant)
        self.assertEqual(transfer.studio_payment_state, "paid")
        # Refund & restock runs as the accountant through its wizard's form, with the context its
        # action gives
        card_order, _tx = self._card_paid_order()
        cents = round(card_order.amount_total * 100)
        wizard = Form(
            self.env["studio.refund.wizard"]
            .with_user(accountant)
            .with_context(
                active_model="sale.order", active_ids=card_order.ids, active_id=card_order.id
            )
        )
        wizard.reason = "Duplicate order"
        with patch(STRIPE_HTTP, return_value=self._stripe_refund_answer(cents)) as stripe_api:
            wizard.save().action_refund()
        self.assertEqual(
            stripe_api.call_args.kwargs["data"], {"payment_intent": "pi_studio_1", "amount": cents}
        )
        self.assertEqual(
            (card_order.studio_payment_state, card_order.state), ("refunded", "cancel")
        )
        # a Stripe payout of two card payments, booked by the accountant's sync
        order_a, _tx_a = self._card_paid_order(payment_intent="pi_a")
        order_b, _tx_b = self._card_paid_order(payment_intent="pi_b")
        a, b = self.cents(order_a.amount_total), self.cents(order_b.amount_total)
        self.stripe_http.add_payout(
            stripe_payout("po_season", a + b - 330),
            [charge("txn_a", "pi_a", a, fee=180, fee_tax=30), charge("txn_b", "pi_b", b, fee=150)],
        )
        self.sync_as(accountant)
        payout = self.env["payment.stripe.payout"].search([("stripe_id", "=", "po_season")])
        self.assertEqual(payout.move_id.state, "posted")
        self.tour(
            "/odoo/action-payment_stripe_payout.action_payment_stripe_payout",
            "studio_season_payout_tour",
            accountant,
        )
        self.assertEqual(payout.move_id.state, "posted")
