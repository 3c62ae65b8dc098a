from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The proof gallery's script speaks the visitor's language: load its terms on the
        website."""
        return super()._get_translation_frontend_modules_name() + ["studio_prepay_website"]
