"""A French parent goes through the storefront without meeting an English text of the addon: the
code page, the prepay shop and the proof gallery as a visitor whose website language is French, the
order page as a portal customer whose language is French."""

import html
import re

from odoo.tests import tagged

from odoo.addons.studio_prepay.tests.common_translations import french_po, load_french

from .common import FRENCH_MODULES, StudioWebsiteCase

# where the texts of the storefront's pages come from
STOREFRONT_SOURCES = (
    "model_terms:ir.ui.view,arch_db:studio_prepay.",
    "code:addons/studio_prepay/controllers/",
    "code:addons/studio_prepay/models/studio_photo.py",
    "code:addons/studio_prepay/static/",
    "model:ir.model.fields.selection,name:studio_prepay.",
)


def plain(text):
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@tagged("post_install", "-at_install")
class TestPortalInFrench(StudioWebsiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env, FRENCH_MODULES)
        cls.french = cls.env.ref("base.lang_fr")
        cls.env["website"].get_current_website().language_ids |= cls.french
        # the English texts of the storefront that French replaces, long enough not to be a common
        # word
        cls.english = {
            plain(entry.msgid): plain(entry.msgstr)
            for module in FRENCH_MODULES
            for entry in french_po(module)
            if entry.msgstr
            and plain(entry.msgid) != plain(entry.msgstr)
            and len(plain(entry.msgid).split()) >= 3
            and "<" not in entry.msgid
            and "%" not in entry.msgid
            and "{{" not in entry.msgid
            and any(
                occurrence.startswith(STOREFRONT_SOURCES) for occurrence, _line in entry.occurrences
            )
        }

    def website_language(self, code):
        """The visitor chose ``code`` on the website (the language selector's cookie)."""
        for cookie in list(self.opener.cookies):
            if cookie.name == "frontend_lang":
                self.opener.cookies.clear(cookie.domain, cookie.path, cookie.name)
        self.opener.cookies.set("frontend_lang", code)

    def visit_in_french(self):
        self.website_language("fr_FR")

    def assertFrench(self, response, *french):
        self.assertEqual(response.status_code, 200, response.text[:300])
        page = plain(response.text)
        for text in french:
            self.assertIn(plain(text), page)
        english = sorted(text for text in self.english if text in page)
        self.assertFalse(english, f"English texts of the addon on {response.url}: {english}")
        return page

    def test_visitor_enters_the_code_in_french(self):
        self.visit_in_french()
        self.assertFrench(
            self.url_open("/studio/code"),
            "Saisissez votre code",
            "Le code est imprimé sur votre carte, par exemple K7QXM-4PBZ9.",
        )
        page = self.assertFrench(
            self.enter_code("ZZZZZ-ZZZZZ"), "Ce code n'ouvre rien pour le moment."
        )
        self.assertIn('lang="fr-FR"', page)

    def test_visitor_orders_in_the_prepay_shop_in_french(self):
        self.job.action_start_prepay()
        self.visit_in_french()
        self.enter_code(self.job.global_code)
        self.assertFrench(
            self.url_open(f"/studio/job/{self.job.id}"),
            "Pour qui commandez-vous ?",
            "Code d'accès inscrit sur la carte",
            "Ajouter au panier",
        )
        response = self.post(
            f"/studio/job/{self.job.id}/order", {f"qty_{self.product_print.id}": 1}
        )
        self.assertFrench(
            response, "Saisissez le code d'accès inscrit sur la carte de la personne photographiée."
        )

    def test_visitor_chooses_photos_in_the_proof_gallery_in_french(self):
        self.start_selling()
        self.visit_in_french()
        self.enter_code(self.ann.access_code)
        self.assertFrench(
            self.url_open(f"/studio/gallery/{self.ann.id}"),
            "Toutes les photos",
            "Un frère ou une sœur photographié aussi ?",
            "Photo de classe",
            "Ann Lee, pose 2",
            f"Favori : {self.ann_photos[0]._studio_label()}",
        )
        # the countdown of the gallery's script speaks French too
        translations = self.url_open("/website/translations/1?lang=fr_FR").text
        self.assertIn("(encore %(hours)s h %(minutes)s min)", translations)

    def test_french_customer_reads_the_order_page_in_french(self):
        self.customer_user.lang = "fr_FR"
        order = self.prepay_order(self.ann, partner_id=self.customer_user.partner_id.id, paid=True)
        order._studio_set_fulfillment("on_hold")
        self.login(self.customer_user)
        self.assertFrench(
            self.url_open(f"/my/orders/{order.id}"),
            "Reportage photo :",
            "Code d'accès :",
            "Payé",
            "En suspens",
            "Un problème ? Dites-le-nous",
            "Que s'est-il passé ? Par ex. un tirage est arrivé abîmé",
        )
        # the customer switches the website to English: the addon's texts follow
        self.website_language("en_US")
        page = plain(self.url_open(f"/my/orders/{order.id}").text)
        self.assertIn("Something wrong? Tell us", page)
        self.assertNotIn("Un problème ? Dites-le-nous", page)
