"""The storefront tickets' texts have their French translation in i18n/fr.po."""

from odoo.addons.studio_prepay.tests.common import StudioCase
from odoo.addons.studio_prepay.tests.common_translations import FrenchPoChecks, load_french
from odoo.addons.studio_prepay_website.tests.common import FRENCH_MODULES


class TestFrenchTranslations(FrenchPoChecks, StudioCase):
    module = "studio_prepay_website_event"
    min_texts = 20

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env, (*FRENCH_MODULES, "studio_prepay_event", cls.module))
