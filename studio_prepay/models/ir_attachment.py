from odoo import models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _postprocess_contents(self, values):
        """Photos of a photo job (and their uploads) keep their full resolution: Odoo shrinks
        images stored as attachments to 1920 px by default."""
        if values.get("res_model") in ("studio.photo", "studio.photo.upload", "studio.upload"):
            values["mimetype"] = self._compute_mimetype(values)
            return values
        return super()._postprocess_contents(values)
