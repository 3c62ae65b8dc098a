"""French throughout: every text Odoo exports from the addon has a French translation in i18n/fr.po,
and French users, customers, e-mails and printed cards get it."""

import base64

from odoo.exceptions import UserError

from ..tools import watermark
from .common import StudioCase
from .common_translations import FrenchPoChecks, load_french


class TestFrenchTranslations(FrenchPoChecks, StudioCase):
    min_texts = 500

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        cls.fr = cls.env(context=dict(cls.env.context, lang="fr_FR"))

    def test_french_studio_sees_menus_fields_states_and_messages_in_french(self):
        fr = self.fr
        self.assertEqual(fr.ref("studio_prepay.menu_studio_root").name, "Studio photo")
        self.assertEqual(
            fr.ref("studio_prepay.action_studio_order_collection").name, "Collectes de commandes"
        )
        self.assertEqual(
            fr["studio.subject"]._fields["access_code"]._description_string(fr), "Code d'accès"
        )
        payment = dict(fr["sale.order"]._fields["studio_payment_state"]._description_selection(fr))
        self.assertEqual(
            (payment["paid"], payment["pending"], payment["refunded"]),
            ("Payé", "En attente", "Remboursé"),
        )
        fulfillment = dict(
            fr["sale.order"]._fields["studio_fulfillment_state"]._description_selection(fr)
        )
        self.assertEqual(
            (fulfillment["on_hold"], fulfillment["shipped"]), ("En suspens", "Expédiée")
        )
        with self.assertRaisesRegex(
            UserError, "Le nombre de cartes vierges doit être compris entre 0 et 10000"
        ):
            self.job.with_env(fr)._create_spare_subjects(-1)
        with self.assertRaisesRegex(
            UserError, "The number of spare cards must be between 0 and 10000"
        ):
            self.job._create_spare_subjects(-1)

    def test_french_studio_sees_the_task_of_a_busy_collection_by_its_french_label(self):
        collection = self.job._get_open_collection()
        collection.sudo().task = "populate"
        with self.assertRaisesRegex(UserError, "déjà occupée : Attribution des photos"):
            collection.with_env(self.fr)._run_task("place")

    def test_qr_cards_speak_the_language_of_the_job_organisation(self):
        report = "studio_prepay.action_report_qr_cards"
        self.partner_school.lang = "fr_FR"
        html = (
            self.env["ir.actions.report"]._render_qweb_html(report, self.subjects.ids)[0].decode()
        )
        self.assertIn("Scannez le code ou saisissez-le sur", html)
        self.assertNotIn("Scan the code", html)
        self.partner_school.lang = "en_US"
        html = (
            self.env["ir.actions.report"]
            .with_env(self.fr)
            ._render_qweb_html(report, self.subjects.ids)[0]
            .decode()
        )
        self.assertIn("Scan the code or enter it at", html)
        self.assertEqual(
            self.fr.ref("studio_prepay.action_report_qr_cards").print_report_name, "'Cartes QR'"
        )

    def test_proof_watermark_is_the_same_in_every_language(self):
        photo = self.add_photos(self.job, 1, code=self.subjects[0].access_code)
        in_french = photo.with_env(self.fr)._proof_data()
        photo.sudo().write({"proof": False, "proof_small": False})
        in_english = photo.with_context(lang="en_US")._proof_data()
        self.assertEqual(
            in_french, in_english, "a proof is made once and shown to customers of every language"
        )
        self.assertEqual(watermark.proof_text(photo.company_id.name), f"© {photo.company_id.name}")
        self.assertEqual(
            base64.b64decode(in_english),
            watermark.proof_jpeg(
                base64.b64decode(photo.image), watermark.proof_text(photo.company_id.name)
            ),
        )


class TestCustomerEmailLanguage(StudioCase):
    """E-mails reach customers in their own language, and follow it when it changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)

    def last_message(self, order):
        """The last message posted to the customer (the e-mail), not a tracking note."""
        return order.message_ids.filtered(
            lambda message: message.subtype_id == self.env.ref("mail.mt_comment")
        )[:1]

    def test_customer_gets_the_fulfillment_email_in_french_then_in_english_after_changing_language(
        self,
    ):
        self.customer.lang = "fr_FR"
        order = self.prepay_order(self.subjects[0])
        order._studio_set_fulfillment("shipped", "<p>Suivi 1Z555</p>", notify=True)
        message = self.last_message(order)
        self.assertEqual(message.subject, f"Suivi de votre commande {order.name}")
        self.assertIn("Bonjour A Parent", message.body)
        self.assertIn("Expédiée", message.body)
        self.assertNotIn("Your order", message.body)
        self.customer.lang = "en_US"
        order._studio_set_fulfillment("fulfilled", False, notify=True)
        message = self.last_message(order)
        self.assertEqual(message.subject, f"Update on your order {order.name}")
        self.assertIn("Your order", message.body)
        self.assertIn("Fulfilled", message.body)
        self.assertNotIn("Bonjour", message.body)
