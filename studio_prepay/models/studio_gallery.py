from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import access_code
from ..tools.counting import set_counts


class StudioGallery(models.Model):
    _name = "studio.gallery"
    _description = "Photo gallery"
    _order = "job_id, kind, group_name, access_code, id"
    _check_company_auto = True

    job_id = fields.Many2one("studio.job", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [("individual", "Individual"), ("group", "Group / class")],
        required=True,
        default="individual",
    )
    access_code = fields.Char(
        string="Access code tag",
        index=True,
        help="The code the photos were tagged with. Change it to move the gallery's photos to the "
        "subject of the new code (then populate again).",
    )
    group_name = fields.Char(string="Group / class", index=True)
    note = fields.Char(
        readonly=True,
        help="Why an upload matched by QR cards put these photos here: before the first card, or "
        "after an unreadable card. Tag the gallery with the subject's code.",
    )
    subject_id = fields.Many2one(
        "studio.subject", compute="_compute_subject_id", store=True, index="btree_not_null"
    )
    is_unmatched = fields.Boolean(
        string="Unmatched",
        compute="_compute_is_unmatched",
        store=True,
        help="Individual photos whose tag is not the access code of a subject of the job.",
    )
    photo_ids = fields.One2many("studio.photo", "gallery_id", string="Photos")
    photo_count = fields.Integer(compute="_compute_photo_count")
    cover_image = fields.Image(related="photo_ids.image_256", string="Cover")

    _sql_constraints = [
        (
            "tag_unique",
            "UNIQUE(job_id, kind, access_code)",
            "A job has one gallery per access code.",
        ),
        ("group_unique", "UNIQUE(job_id, kind, group_name)", "A job has one gallery per group."),
    ]

    @api.depends("job_id", "access_code", "kind")
    def _compute_subject_id(self):
        individual = self.filtered(lambda g: g.kind == "individual" and g.access_code)
        subjects = self.env["studio.subject"].search(
            [
                ("job_id", "in", individual.job_id.ids),
                ("access_code", "in", individual.mapped("access_code")),
            ]
        )
        by_key = {(s.job_id.id, s.access_code): s for s in subjects}
        for gallery in self:
            gallery.subject_id = (
                by_key.get((gallery.job_id.id, gallery.access_code), False)
                if gallery in individual
                else False
            )

    @api.depends("kind", "subject_id")
    def _compute_is_unmatched(self):
        for gallery in self:
            gallery.is_unmatched = gallery.kind == "individual" and not gallery.subject_id

    @api.depends("photo_ids")
    def _compute_photo_count(self):
        set_counts(self, "photo_count", "studio.photo", "gallery_id")

    @api.depends("kind", "subject_id", "access_code", "group_name")
    def _compute_display_name(self):
        for gallery in self:
            if gallery.kind == "group":
                gallery.display_name = _("Group %s", gallery.group_name or "?")
            elif gallery.subject_id:
                gallery.display_name = f"{gallery.subject_id.display_name} ({gallery.access_code})"
            else:
                gallery.display_name = _("Unmatched: %s", gallery.access_code or _("no code"))

    @api.model
    def _normalize_tag(self, tag):
        return access_code.normalize(tag) or (tag or "").strip().upper() or False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "access_code" in vals:
                vals["access_code"] = self._normalize_tag(vals["access_code"])
        return super().create(vals_list)

    def write(self, vals):
        if "access_code" not in vals:
            return super().write(vals)
        vals = dict(vals, access_code=self._normalize_tag(vals["access_code"]), note=False)
        for gallery in self:
            gallery._retag(vals)
        return True

    def _retag(self, vals):
        """Tag this gallery with another code: its photos follow. When the job already has a gallery
        with that tag, that gallery's photos join this one (as the first poses) and it
        disappears."""
        self.ensure_one()
        if self.kind != "individual":
            raise UserError(_("Group galleries are matched by group, not by access code."))
        other = vals["access_code"] and self.search(
            [
                ("job_id", "=", self.job_id.id),
                ("kind", "=", "individual"),
                ("access_code", "=", vals["access_code"]),
                ("id", "!=", self.id),
            ]
        )
        if other:
            offset = max(other.photo_ids.mapped("sequence")) + 1 if other.photo_ids else 0
            for photo in self.photo_ids:
                photo.sequence += offset
            other.photo_ids.gallery_id = self
            other.unlink()
        return super().write(vals)
