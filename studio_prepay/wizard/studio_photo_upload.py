from odoo import _, fields, models
from odoo.exceptions import UserError

from ..tools.locking import lock_rows


class StudioPhotoUpload(models.TransientModel):
    _name = "studio.photo.upload"
    _description = "Upload photos into a photo job"

    job_id = fields.Many2one("studio.job", required=True, ondelete="cascade")
    kind = fields.Selection(
        [("individual", "Individual"), ("group", "Group / class")],
        required=True,
        default="individual",
        help="Individual: each photo goes to the gallery of its subject. Group: each photo "
        "goes to the "
        "gallery of its group or class.",
    )
    match_by = fields.Selection(
        [("file_name", "Access code in the file name"), ("qr_card", "QR card photographed first")],
        string="Match photos by",
        required=True,
        default="file_name",
        help="Access code in the file name: each photo goes to the gallery of the code in "
        "its file or "
        "folder name. QR card: the photos are taken in capture order, and each photo of "
        "a subject's "
        "QR card sends the photos after it to that subject's gallery, until the next card.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Photos and zip files",
        help="JPEG or PNG photos and zip archives of them, with folders if you like.",
    )
    group_name = fields.Char(
        string="Group / class",
        help="Put every photo of this upload in the gallery of this group. By default the group is "
        "the folder or the file name of each photo.",
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], required=True, default="draft")
    upload_id = fields.Many2one("studio.upload", readonly=True)
    report = fields.Html(readonly=True)

    def action_upload(self):
        """Upload the photos: small uploads are imported at once, large ones in the background.
        Pressing the button again shows the same upload."""
        self.ensure_one()
        lock_rows(self)
        if self.state == "done":
            return self._reopen()
        if not self.attachment_ids:
            raise UserError(_("Add the photos or zip archives to upload."))
        upload = self.env["studio.upload"].create(
            {
                "job_id": self.job_id.id,
                "kind": self.kind,
                "match_by": self.match_by if self.kind == "individual" else "file_name",
                "group_name": self.group_name,
            }
        )
        upload._start(self.attachment_ids)
        self.write(
            {
                "state": "done",
                "upload_id": upload.id,
                "report": upload.report
                or _(
                    "The %(count)s files are being imported in the background: the "
                    "upload shows the progress "
                    "and you will be notified when it is done.",
                    count=upload.file_count,
                ),
            }
        )
        return self._reopen()

    def action_view_galleries(self):
        return self.job_id.action_view_galleries()

    def action_view_upload(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "studio.upload",
            "res_id": self.upload_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Upload photos"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
