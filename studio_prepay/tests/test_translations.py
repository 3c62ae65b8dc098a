"""French throughout: every text Odoo exports from the addon has a French translation in i18n/fr.po,
and French users, customers, e-mails and printed cards get it."""
import base64
import re
from collections import Counter

import polib

from odoo.exceptions import UserError
from odoo.tools.misc import file_path
from odoo.tools.translate import TRANSLATED_ATTRS, TranslationModuleReader

from ..tools import watermark
from .common import StudioCase

MODULE = "studio_prepay"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}")
TAG = re.compile(r"<(/?)([\w:-]+)((?:\s+[\w:.@-]+(?:=\"[^\"]*\"|='[^']*')?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([\w:.@-]+)(?:=(\"[^\"]*\"|'[^']*'))?")


def french_po():
    return polib.pofile(file_path(f"{MODULE}/i18n/fr.po"))


def load_french(env):
    """Activate French and load the addon's French terms into the database, as installing the language does."""
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)


def markup(text):
    """The tags of ``text`` (HTML or QWeb: it has closing tags) with their attributes that are not
    translated (t-out, href, class...)."""
    if "</" not in text and "/>" not in text:
        return Counter()
    return Counter(
        (closing, name, tuple(sorted((key, value) for key, value in ATTRIBUTE.findall(attributes)
                                     if key not in TRANSLATED_ATTRS)))
        for closing, name, attributes in TAG.findall(text))


class TestFrenchTranslations(StudioCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        cls.fr = cls.env(context=dict(cls.env.context, lang="fr_FR"))

    def test_every_exported_text_has_a_french_translation(self):
        exported = {source for _module, _type, _name, _res_id, source, _value, _comments
                    in TranslationModuleReader(self.env.cr, [MODULE])}
        self.assertGreater(len(exported), 500, "the reader exports the addon's texts")
        po = french_po()
        translated = {entry.msgid for entry in po if entry.msgstr.strip() and "fuzzy" not in entry.flags}
        missing = sorted(exported - translated)
        self.assertFalse(missing, "texts of the addon without a French translation in i18n/fr.po (run bin/harness "
                                  "i18n, then translate the empty entries):\n" + "\n".join(map(repr, missing)))
        self.assertFalse([entry.msgid for entry in po if "fuzzy" in entry.flags], "no fuzzy translation")

    def test_french_translation_keeps_placeholders(self):
        wrong = []
        for entry in french_po():
            if not entry.msgstr:
                continue
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr)):
                wrong.append(f"placeholders: {entry.msgid!r} -> {entry.msgstr!r}")
            if markup(entry.msgid) != markup(entry.msgstr):
                wrong.append(f"tags: {entry.msgid[:80]!r} -> {entry.msgstr[:80]!r}")
            if any("print_report_name" in occurrence for occurrence, _line in entry.occurrences):
                compile(entry.msgstr, "print_report_name", "eval")  # a Python expression, translated
        self.assertFalse(wrong, "\n".join(wrong))

    def test_french_studio_sees_menus_fields_states_and_messages_in_french(self):
        fr = self.fr
        self.assertEqual(fr.ref("studio_prepay.menu_studio_root").name, "Studio photo")
        self.assertEqual(fr.ref("studio_prepay.action_studio_order_collection").name, "Collectes de commandes")
        self.assertEqual(fr["studio.subject"]._fields["access_code"]._description_string(fr), "Code d'accès")
        payment = dict(fr["sale.order"]._fields["studio_payment_state"]._description_selection(fr))
        self.assertEqual((payment["paid"], payment["pending"], payment["refunded"]),
                         ("Payé", "En attente", "Remboursé"))
        fulfillment = dict(fr["sale.order"]._fields["studio_fulfillment_state"]._description_selection(fr))
        self.assertEqual((fulfillment["on_hold"], fulfillment["shipped"]), ("En suspens", "Expédiée"))
        with self.assertRaisesRegex(UserError, "Le nombre de cartes vierges doit être compris entre 0 et 10000"):
            self.job.with_env(fr)._create_spare_subjects(-1)
        with self.assertRaisesRegex(UserError, "The number of spare cards must be between 0 and 10000"):
            self.job._create_spare_subjects(-1)

    def test_french_studio_sees_the_task_of_a_busy_collection_by_its_french_label(self):
        collection = self.job._get_open_collection()
        collection.sudo().task = "populate"
        with self.assertRaisesRegex(UserError, "déjà occupée : Attribution des photos"):
            collection.with_env(self.fr)._run_task("place")

    def test_qr_cards_speak_the_language_of_the_job_organisation(self):
        report = "studio_prepay.action_report_qr_cards"
        self.partner_school.lang = "fr_FR"
        html = self.env["ir.actions.report"]._render_qweb_html(report, self.subjects.ids)[0].decode()
        self.assertIn("Scannez le code ou saisissez-le sur", html)
        self.assertNotIn("Scan the code", html)
        self.partner_school.lang = "en_US"
        html = self.env["ir.actions.report"].with_env(self.fr)._render_qweb_html(report, self.subjects.ids)[0].decode()
        self.assertIn("Scan the code or enter it at", html)
        self.assertEqual(self.fr.ref("studio_prepay.action_report_qr_cards").print_report_name, "'Cartes QR'")

    def test_proof_watermark_is_the_same_in_every_language(self):
        photo = self.add_photos(self.job, 1, code=self.subjects[0].access_code)
        in_french = photo.with_env(self.fr)._proof_data()
        photo.sudo().write({"proof": False, "proof_small": False})
        in_english = photo.with_context(lang="en_US")._proof_data()
        self.assertEqual(in_french, in_english, "a proof is made once and shown to customers of every language")
        self.assertEqual(watermark.proof_text(photo.company_id.name), f"© {photo.company_id.name}")
        self.assertEqual(base64.b64decode(in_english), watermark.proof_jpeg(
            base64.b64decode(photo.image), watermark.proof_text(photo.company_id.name)))


class TestCustomerEmailLanguage(StudioCase):
    """E-mails reach customers in their own language, and follow it when it changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)

    def last_message(self, order):
        """The last message posted to the customer (the e-mail), not a tracking note."""
        return order.message_ids.filtered(lambda message: message.subtype_id == self.env.ref("mail.mt_comment"))[:1]

    def test_customer_gets_the_fulfillment_email_in_french_then_in_english_after_changing_language(self):
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

    def test_deadline_reminder_reaches_each_customer_in_their_language(self):
        french, english = self.env["res.partner"].create([
            {"name": "Parent FR", "email": "fr@example.com", "lang": "fr_FR"},
            {"name": "Parent EN", "email": "en@example.com", "lang": "en_US"}])
        self.subjects[0].partner_id = french
        self.subjects[1].partner_id = english
        self.job.write({"phase": "prepay", "order_deadline": "2099-06-01 12:00:00", "reminder_days": 3})
        self.job._send_deadline_reminders()
        mails = self.env["mail.mail"].search([("model", "=", "studio.subject"), ("res_id", "in", self.subjects[:2].ids)])
        by_partner = {mail.recipient_ids: mail for mail in mails}
        self.assertIn("Derniers jours pour commander", by_partner[french].subject)
        self.assertIn("Ne plus recevoir ces rappels", by_partner[french].body_html)
        self.assertIn("Last days to order", by_partner[english].subject)
        self.assertIn("Stop these reminders", by_partner[english].body_html)
