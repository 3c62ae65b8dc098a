from odoo import models


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        """Every file Odoo serves goes through here: staff downloads of original photos and of
        lab exports are logged (studio.download.log)."""
        stream = super()._record_to_stream(record, field_name)
        self.env["studio.download.log"]._log_stream(record, field_name)
        return stream
