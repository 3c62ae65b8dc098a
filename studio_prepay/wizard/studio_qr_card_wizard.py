from odoo import _, api, fields, models
from odoo.exceptions import UserError


class StudioQrCardWizard(models.TransientModel):
    _name = "studio.qr.card.wizard"
    _description = "Print the QR cards of a photo job"

    job_id = fields.Many2one("studio.job", required=True, ondelete="cascade")
    subject_ids = fields.Many2many(
        "studio.subject", string="Subjects", domain="[('job_id', '=', job_id)]",
        compute="_compute_subject_ids", store=True, readonly=False,
        help="The subjects whose cards are printed; all subjects of the job by default.")
    spare_count = fields.Integer(
        string="Blank spare cards", default=0,
        help="Also create this many spare subjects without a name and print their cards, for "
             "subjects missing from the names list (paper orders, late enrolments).")

    @api.depends("job_id")
    def _compute_subject_ids(self):
        for wizard in self:
            wizard.subject_ids = wizard.job_id.subject_ids

    def action_print(self):
        self.ensure_one()
        if self.spare_count < 0:
            raise UserError(_("The number of spare cards cannot be negative."))
        subjects = self.subject_ids | self.job_id._create_spare_subjects(self.spare_count)
        if not subjects:
            raise UserError(_("There is no card to print: choose subjects or add spare cards."))
        action = self.env.ref("studio_prepay.action_report_qr_cards").report_action(subjects, config=False)
        # without its empty values, the action also travels over XML-RPC (no None there)
        return {key: value for key, value in action.items() if value is not None}
