from odoo import fields, models


class StudioJob(models.Model):
    _inherit = "studio.job"

    event_ids = fields.Many2many(
        "event.event",
        string="Events",
        help="Events whose tickets the job's families buy with their photos (the school's show, "
        "the graduation ceremony): offered on the job's pages, in the same cart.",
    )
