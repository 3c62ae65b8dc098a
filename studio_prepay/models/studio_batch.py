import base64
import csv
import io
import zipfile

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.counting import count_by
from ..tools.locking import lock_rows

STATES = [
    ("open", "Open"),
    ("released", "Released"),
    ("in_production", "In production"),
    ("shipped", "Shipped"),
    ("done", "Done"),
]
NEXT_STATE = {"released": "in_production", "in_production": "shipped", "shipped": "done"}
SHEET_COLUMNS = ["order", "subject", "class", "access code", "product", "quantity", "photo file"]


class StudioBatch(models.Model):
    _name = "studio.batch"
    _description = "Lab batch"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    job_id = fields.Many2one("studio.job", required=True, index=True, ondelete="restrict", readonly=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    state = fields.Selection(STATES, default="open", required=True, tracking=True, readonly=True)
    deadline = fields.Datetime(tracking=True, help="When the batch is released to the lab.")
    auto_release = fields.Boolean(related="job_id.auto_release")
    released_on = fields.Datetime(readonly=True, copy=False)
    order_ids = fields.One2many("sale.order", "studio_batch_id", string="Orders", readonly=True)
    order_count = fields.Integer(compute="_compute_order_count")
    sheet_attachment_id = fields.Many2one("ir.attachment", string="Order sheet", readonly=True, copy=False)
    images_attachment_id = fields.Many2one("ir.attachment", string="Images", readonly=True, copy=False)

    def init(self):
        # One open batch per job, also under concurrent placements.
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS studio_batch_one_open_per_job
                ON studio_batch (job_id) WHERE state = 'open'
        """)

    @api.depends("order_ids")
    def _compute_order_count(self):
        counts = count_by(self, "sale.order", "studio_batch_id")
        for batch in self:
            batch.order_count = counts.get(batch, 0)

    def action_release(self):
        """Send the batch to the lab: it takes no more orders and gets its lab export."""
        lock_rows(self)
        for batch in self.filtered(lambda b: b.state == "open"):
            if not batch.order_ids:
                raise UserError(_("Batch %s has no orders to release.", batch.name))
            batch.write({"state": "released", "released_on": fields.Datetime.now()})
            batch._attach_lab_export()
        return True

    def action_next_state(self):
        for batch in self:
            if batch.state not in NEXT_STATE:
                raise UserError(_("Batch %s cannot move on from here.", batch.name))
            batch.state = NEXT_STATE[batch.state]
        return True

    @api.model
    def _cron_release_due_batches(self):
        due = self.search([("state", "=", "open"), ("job_id.auto_release", "=", True),
                           ("deadline", "<=", fields.Datetime.now()), ("order_ids", "!=", False)])
        due.action_release()

    def _lab_lines(self):
        return self.order_ids.order_line.filtered(lambda line: line.studio_photo_id).sorted(
            lambda line: (line.order_id.name, line.id))

    @staticmethod
    def _lab_file_name(photo):
        return f"{photo.id}_{photo.name}"

    def _attach_lab_export(self):
        """The order sheet (CSV) and a zip of every photo it names, attached to the batch."""
        self.ensure_one()
        lines = self._lab_lines()
        sheet = io.StringIO()
        writer = csv.writer(sheet)
        writer.writerow(SHEET_COLUMNS)
        for line in lines:
            order = line.order_id
            writer.writerow([order.name, order.studio_subject_id.name or "", order.studio_subject_id.group_name or "",
                             order.studio_access_code or "", line.product_id.display_name,
                             line.product_uom_qty, self._lab_file_name(line.studio_photo_id)])
        images = io.BytesIO()
        with zipfile.ZipFile(images, "w", zipfile.ZIP_STORED) as archive:
            for photo in lines.studio_photo_id:
                archive.writestr(self._lab_file_name(photo), base64.b64decode(photo.image))
        Attachment = self.env["ir.attachment"]
        base = f"{self.name}".replace("/", "-")
        values = {"res_model": self._name, "res_id": self.id}
        self.write({
            "sheet_attachment_id": Attachment.create(dict(values, name=f"{base} order sheet.csv",
                                                          raw=sheet.getvalue().encode(), mimetype="text/csv")).id,
            "images_attachment_id": Attachment.create(dict(values, name=f"{base} images.zip",
                                                           raw=images.getvalue(), mimetype="application/zip")).id,
        })
        self.message_post(body=_("Released to the lab with %(orders)s orders, %(lines)s lines, %(photos)s photos.",
                                 orders=len(self.order_ids), lines=len(lines), photos=len(lines.studio_photo_id)),
                          attachment_ids=[self.sheet_attachment_id.id, self.images_attachment_id.id])
