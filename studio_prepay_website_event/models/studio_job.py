from odoo import models


class StudioJob(models.Model):
    _inherit = "studio.job"

    def _studio_website_tickets(self):
        """The tickets the job's pages offer: those of its events that the website sells now (sold
        out ones included, shown as such)."""
        self.ensure_one()
        return self.event_ids.event_ticket_ids.filtered(lambda ticket: ticket._studio_on_website())
