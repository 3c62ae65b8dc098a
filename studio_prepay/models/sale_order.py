from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import access_code


class SaleOrder(models.Model):
    _inherit = "sale.order"

    studio_job_id = fields.Many2one(
        "studio.job", string="Photo job", index="btree_not_null", check_company=True,
        tracking=True)
    studio_subject_id = fields.Many2one(
        "studio.subject", string="Subject", index="btree_not_null", ondelete="restrict",
        check_company=True, tracking=True, domain="[('job_id', '=?', studio_job_id)]")
    studio_access_code = fields.Char(
        string="Access code", compute="_compute_studio_access_code", store=True, readonly=False,
        tracking=True,
        help="The subject's access code this order carries: populating photos looks for the "
             "galleries tagged with it.")

    @api.depends("studio_subject_id")
    def _compute_studio_access_code(self):
        for order in self:
            order.studio_access_code = order.studio_subject_id.access_code

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._resolve_studio_access_code(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._resolve_studio_access_code(vals))

    @api.model
    def _resolve_studio_access_code(self, vals):
        """An order given only an access code (typed by staff, sent by an integration) gets the
        subject and the job of that code, in canonical form."""
        code = access_code.normalize(vals.get("studio_access_code"))
        if code and not vals.get("studio_subject_id"):
            subject = self.env["studio.subject"].with_context(active_test=False).search(
                [("access_code", "=", code)], limit=1)
            if subject:
                vals = dict(vals, studio_access_code=code, studio_subject_id=subject.id)
                vals.setdefault("studio_job_id", subject.job_id.id)
        return vals

    @api.constrains("studio_job_id", "studio_subject_id", "studio_access_code")
    def _check_studio_access_code(self):
        for order in self:
            subject, job = order.studio_subject_id, order.studio_job_id
            if subject and subject.job_id != job:
                raise ValidationError(_(
                    "Order %(order)s: subject %(subject)s belongs to job %(subject_job)s, not to %(job)s.",
                    order=order.name, subject=subject.display_name,
                    subject_job=subject.job_id.name, job=job.name or _("no job")))
            if order.studio_access_code and (
                    access_code.normalize(order.studio_access_code) != subject.access_code):
                raise ValidationError(_(
                    "Order %(order)s: access code %(code)s is not a code of job %(job)s%(subject)s.",
                    order=order.name, code=order.studio_access_code, job=job.name or _("(no job)"),
                    subject=subject and _(" (subject %s has %s)", subject.display_name,
                                          subject.access_code) or ""))
