"""The back office as a studio owner walks it (issue 22): photo pickers, previews, confirmations,
the offer's products, smart button counts, paper orders, collection names and the feedback of
buttons."""

import ast

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common_pipeline import PipelineCase
from .common_upload import PhotoUploadCase


def arch(env, model, view_type, view_xmlid=None):
    view_id = env.ref(view_xmlid).id if view_xmlid else None
    return etree.fromstring(env[model].get_view(view_id, view_type)["arch"])


class TestPhotosInTheBackOffice(PipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cy_photo = cls.add_photos(cls.job, 1, code=cls.cy.access_code, names=["IMG_0042.jpg"])
        cls.class_owls = cls.add_photos(cls.job, 1, group="Owls", names=["IMG_0100.jpg"])

    def test_photo_picker_finds_photos_by_child_access_code_and_class(self):
        Photo = self.env["studio.photo"].with_user(self.studio_user)

        def found(text):
            return Photo.browse(
                [photo_id for photo_id, _name in Photo.name_search(text, limit=100)]
            )

        self.assertEqual(found("Cy Fox"), self.cy_photo)
        self.assertEqual(found(self.cy.access_code), self.cy_photo)
        self.assertEqual(found("owls"), self.class_owls)
        self.assertEqual(found("IMG_0042"), self.cy_photo, "the file name still finds the photo")
        self.assertIn("Cy Fox", dict(Photo.name_search("Cy Fox"))[self.cy_photo.id])

    def test_photo_previews_are_128_pixels(self):
        list_image = arch(self.env, "studio.photo", "list").xpath("//field[@name='image_256']")[0]
        self.assertEqual(ast.literal_eval(list_image.get("options"))["size"], [128, 128])
        order_form = arch(self.env, "sale.order", "form", "sale.view_order_form")
        line_image = order_form.xpath(
            "//field[@name='order_line']//list//field[@name='studio_photo_image']"
        )[0]
        self.assertEqual(ast.literal_eval(line_image.get("options"))["size"], [128, 128])

    def test_gallery_photos_are_deleted_only_after_a_confirmation(self):
        form = arch(self.env(user=self.studio_user), "studio.gallery", "form")
        kanban = form.xpath("//field[@name='photo_ids']/kanban")[0]
        self.assertEqual(kanban.get("delete"), "0", "no delete without confirmation in the gallery")
        button = kanban.xpath(".//button[@name='action_studio_delete']")[0]
        self.assertEqual(button.get("type"), "object")
        self.assertTrue(button.get("confirm"))
        photo = self.cy_photo.with_user(self.studio_user)
        self.assertTrue(photo.action_studio_delete())
        self.assertFalse(self.cy_photo.exists())


class TestUploadReportByClass(PhotoUploadCase):
    def test_subjects_without_photos_are_listed_only_for_the_classes_of_the_upload(self):
        ann, bob, _cy = self.subjects  # Ann and Bob in 1A, Cy in 2B
        wizard = self._upload(
            [
                (
                    "camera.zip",
                    self._zip(
                        {
                            "DSC_0001.jpg": self.camera_photo(0, card=ann),
                            "DSC_0002.jpg": self.camera_photo(1),
                        }
                    ),
                )
            ],
            match_by="qr_card",
        )
        self.assertEqual(
            self._report_list(wizard, "o_studio_upload_without_photos"),
            {"Bob Ray": bob.access_code},
        )
        self.assertIn("1 other classes were not in this upload", self._report_text(wizard))


class TestSmallerBackOfficePoints(PipelineCase):
    def test_offer_picker_proposes_photo_products_and_services_not_furniture(self):
        desk = self.env["product.product"].create({"name": "Office desk", "type": "consu"})
        chair = self.env["product.product"].create(
            {"name": "Chair", "type": "consu", "sale_ok": False, "studio_photo_kind": "individual"}
        )
        domain = ast.literal_eval(self.env["studio.job"]._fields["product_ids"].domain)
        candidates = desk | chair | self.product_print | self.product_memory_mate | self.product_fee
        found = self.env["product.product"].search(domain + [("id", "in", candidates.ids)])
        self.assertEqual(found, self.product_print | self.product_memory_mate | self.product_fee)
        # the fee pickers keep every product
        self.job.write(
            {
                "late_fee_product_id": self.product_fee.id,
                "service_fee_product_id": self.product_fee.id,
            }
        )

    def test_photo_kind_is_on_the_general_tab_for_studio_users(self):
        form = arch(
            self.env(user=self.studio_user),
            "product.template",
            "form",
            "product.product_template_form_view",
        )
        kind = form.xpath("//group[@name='group_general']//field[@name='studio_photo_kind']")
        self.assertEqual(len(kind), 1)
        self.assertFalse(kind[0].get("invisible"))

    def test_job_smart_buttons_count_collections_and_batches(self):
        self.assertEqual((self.job.collection_count, self.job.batch_count), (0, 0))
        self.prepay_order(self.ann, paid=True)
        self.job._get_open_collection().action_populate_photos()
        self.job._get_open_collection().action_place_orders()
        self.prepay_order(self.bob)
        self.job.invalidate_recordset(["collection_count", "batch_count"])
        self.assertEqual((self.job.collection_count, self.job.batch_count), (2, 1))
        form = arch(self.env(user=self.studio_user), "studio.job", "form")
        for button, field in (
            ("action_view_collections", "collection_count"),
            ("action_view_batches", "batch_count"),
        ):
            self.assertTrue(form.xpath(f"//button[@name='{button}']/field[@name='{field}']"))

    def test_add_order_proposes_no_customer_and_no_product_configurator(self):
        collection = self.prepay_order(self.ann).studio_collection_id
        context = collection.action_add_order()["context"]
        self.assertNotIn("default_partner_id", context)
        order = Form(self.env["sale.order"].with_context(**context))
        self.assertFalse(order.partner_id)
        template = self.product_print.product_tmpl_id
        self.assertFalse(
            template.get_single_product_variant().get("product_id"),
            "elsewhere photo products open the configurator (crop, retouching)",
        )
        single = template.with_context(**context).get_single_product_variant()
        self.assertEqual(single["product_id"], self.product_print.id)
        self.assertFalse(single["has_optional_products"])

    def test_a_new_collection_after_a_placed_one_has_its_own_name(self):
        self.prepay_order(self.ann, paid=True)
        placed = self.job._get_open_collection()
        placed.action_populate_photos()
        placed.action_place_orders()
        self.assertEqual(placed.state, "placed")
        later = self.prepay_order(self.bob).studio_collection_id
        self.assertNotEqual(later, placed)
        self.assertNotEqual(later.name, placed.name)
        self.assertIn(self.job.name, later.name)

    def test_place_orders_says_how_many_went_to_the_batch_and_to_revision(self):
        self.prepay_order(self.ann, products=self.product_memory_mate, paid=True)
        self.prepay_order(self.bob, products=self.product_print, paid=True)
        self.prepay_order(self.cy, paid=True)  # no photos
        self.prepay_order(self.ann, products=self.product_print)  # not paid
        collection = self._collection()
        collection.action_populate_photos()
        action = collection.action_place_orders()
        self.assertEqual(
            (action["tag"], action["params"]["type"]), ("display_notification", "success")
        )
        self.assertEqual(
            action["params"]["message"],
            "1 orders placed in the job's batch, 1 in manual revision; 1 orders without "
            "photos moved "
            "to a new collection; 1 orders wait for payment here.",
        )

    def test_mark_as_paid_delete_and_release_say_what_they_did(self):
        unpaid = self.prepay_order(self.bob)
        journal = self.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", self.env.company.id)], limit=1
        )
        action = (
            self.env["studio.mark.paid.wizard"]
            .with_user(self.paper_accountant)
            .create({"order_ids": [(6, 0, unpaid.ids)], "journal_id": journal.id, "notify": False})
            .action_mark_paid()
        )
        self.assertEqual(
            (action["tag"], action["params"]["type"]), ("display_notification", "success")
        )
        self.assertIn(f"1 orders marked as paid into {journal.name}", action["params"]["message"])
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})

        doomed = self.prepay_order(self.cy)
        action = (
            self.env["studio.delete.restock.wizard"]
            .with_context(active_ids=doomed.ids)
            .create({"reason": "Absent"})
            .action_delete_restock()
        )
        self.assertEqual(
            action["params"]["message"], f"1 orders deleted and restocked: {doomed.name}."
        )
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})

        mate = self.prepay_order(self.ann, products=self.product_memory_mate, paid=True)
        self._collection().action_populate_photos()
        self._collection().action_place_orders()
        action = mate.with_user(self.studio_user).action_release_from_revision()
        self.assertEqual(
            (action["tag"], action["params"]["type"]), ("display_notification", "success")
        )
        self.assertIn(
            "1 orders released from manual revision: 1 added to their job's batch",
            action["params"]["message"],
        )

    def test_request_for_change_of_a_paid_order_is_refused_when_the_dialog_opens(self):
        paid = self.prepay_order(self.ann, paid=True)
        Wizard = self.env["studio.change.request.wizard"].with_context(active_id=paid.id)
        with self.assertRaisesRegex(AccessError, f"Order {paid.name} is paid"):
            Wizard.with_user(self.studio_user).default_get(["order_id", "line_ids", "message"])
        self.assertEqual(
            Wizard.with_user(self.studio_manager).default_get(["order_id"])["order_id"], paid.id
        )
        unpaid = self.prepay_order(self.bob)
        self.assertEqual(
            Wizard.with_user(self.studio_user)
            .with_context(active_id=unpaid.id)
            .default_get(["order_id"])["order_id"],
            unpaid.id,
        )

    def test_delete_of_a_paid_order_at_the_lab_points_to_refund_and_restock(self):
        order = self.prepay_order(self.ann, paid=True)
        self._collection().action_populate_photos()
        self._collection().action_place_orders()
        order.studio_batch_id.action_release()
        wizard = (
            self.env["studio.delete.restock.wizard"]
            .with_context(active_ids=order.ids)
            .create({"reason": "x"})
        )
        with self.assertRaisesRegex(UserError, "already went to the lab .* use Refund & restock"):
            wizard.action_delete_restock()
