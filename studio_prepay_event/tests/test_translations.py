"""The tickets' texts have their French translation in i18n/fr.po."""

from odoo.addons.studio_prepay.tests.common import StudioCase
from odoo.addons.studio_prepay.tests.common_translations import FrenchPoChecks, load_french


class TestFrenchTranslations(FrenchPoChecks, StudioCase):
    module = "studio_prepay_event"
    min_texts = 40

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env, ["studio_prepay", "studio_prepay_event"])
