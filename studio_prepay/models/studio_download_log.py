import psycopg2

from odoo import api, fields, models

KINDS = [
    ("original", "Original photo"),
    ("lab_export", "Lab export"),
    ("lab_download", "Lab export download"),
]


class StudioDownloadLog(models.Model):
    """Who saw originals: each download of an original photo by staff, each lab export made and
    each download of a lab export file. Written by the code that serves them, read by studio
    administrators only."""

    _name = "studio.download.log"
    _description = "Download of original photos"
    _order = "id desc"

    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True)
    job_id = fields.Many2one("studio.job", index=True, readonly=True, ondelete="set null")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda s: s.env.company
    )
    kind = fields.Selection(KINDS, required=True, readonly=True)
    name = fields.Char(string="What", readonly=True)

    @api.model
    def _log(self, kind, job, name):
        """Record that the current user got ``name`` (of ``job``): studio administrators read
        it, nobody writes it. Files are served in read-only transactions: Odoo serves the request
        again in a read/write one when a read-only one has to write, as here."""
        if self.env.cr.readonly:
            raise psycopg2.errors.ReadOnlySqlTransaction("a download of an original is logged")
        self.sudo().create(
            {
                "user_id": self.env.uid,
                "job_id": job.id,
                "company_id": (job.company_id or self.env.company).id,
                "kind": kind,
                "name": name,
            }
        )

    @api.model
    def _log_stream(self, record, field_name):
        """Log the download of ``record``'s ``field_name`` by a staff member when it is an
        original photo (the photo's image, an uploaded file) or a lab export file."""
        if not self.env.user._is_internal():
            return
        if record._name == "studio.photo" and field_name == "image":
            self._log("original", record.sudo().job_id, record.sudo().name)
        elif record._name == "ir.attachment" and field_name in ("raw", "datas", "db_datas"):
            attachment_sudo = record.sudo()
            kind = {
                ("studio.photo", "image"): "original",
                ("studio.upload", False): "original",
                ("studio.batch", False): "lab_download",
            }.get((attachment_sudo.res_model, attachment_sudo.res_field or False))
            if kind and attachment_sudo.res_id:
                owner = self.env[attachment_sudo.res_model].sudo().browse(attachment_sudo.res_id)
                # a photo's attachments are named after its field: the photo's name says more
                name = owner.name if owner._name == "studio.photo" else attachment_sudo.name
                self._log(kind, owner.exists().job_id, name)
