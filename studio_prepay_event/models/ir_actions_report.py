from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        """Every ticket and badge of a registration (PDF or HTML, from the back office, an e-mail or
        Odoo's ``/event/<id>/my_tickets`` link) is printed only once the registration is issued."""
        if report.model == "event.registration":
            self.env["event.registration"].browse(docids)._studio_check_tickets_issued()
        return super()._get_rendering_context(report, docids, data)
