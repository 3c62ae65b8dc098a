import base64
import binascii

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools import lab_export, photo_image, watermark

PROOF_STEP = 50  # photos whose proofs the scheduled action makes per transaction


class StudioPhoto(models.Model):
    _name = "studio.photo"
    _description = "Photo"
    _order = "gallery_id, sequence, name, id"
    _check_company_auto = True
    # the photo pickers of order lines find a photo by its file name, child, access code or class
    _rec_names_search = [
        "name",
        "subject_id.name",
        "gallery_id.access_code",
        "gallery_id.group_name",
    ]

    gallery_id = fields.Many2one("studio.gallery", required=True, index=True, ondelete="cascade")
    job_id = fields.Many2one(related="gallery_id.job_id", store=True, index=True)
    company_id = fields.Many2one(related="gallery_id.company_id", store=True, index=True)
    subject_id = fields.Many2one(
        related="gallery_id.subject_id", store=True, index="btree_not_null"
    )
    kind = fields.Selection(related="gallery_id.kind", store=True)
    name = fields.Char(string="File name", required=True)
    sequence = fields.Integer(default=10, help="Pose order: populate takes the first pose.")
    # customers (portal) may read their photos' records, never the unwatermarked images: they get
    # proofs
    image = fields.Image(string="Photo", required=True, groups="studio_prepay.group_studio_user")
    image_256 = fields.Image(
        string="Thumbnail",
        max_width=256,
        max_height=256,
        readonly=True,
        groups="studio_prepay.group_studio_user",
        help="Made from a reduced decode of the photo, never from the photo decoded whole.",
    )
    proof = fields.Binary(
        attachment=True,
        readonly=True,
        copy=False,
        help="The downscaled, watermarked copy customers see in their gallery; made in the "
        "background "
        "right after the upload (or on its first view, if that comes first).",
    )
    proof_small = fields.Binary(
        string="Grid proof",
        attachment=True,
        readonly=True,
        copy=False,
        help="The proof at grid size, for the gallery grid, the pose choice and the cart; "
        "made with the proof.",
    )
    is_customer_photo = fields.Boolean(
        compute="_compute_is_customer_photo",
        search="_search_is_customer_photo",
        help="A photo of a subject of the current portal user (claimed or ordered), or a "
        "group photo "
        "of such a subject's group.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        photos = super().create([self._with_thumbnail(vals) for vals in vals_list])
        self.env.ref("studio_prepay.ir_cron_studio_proofs")._trigger()
        return photos

    @api.depends("name", "kind", "subject_id", "gallery_id.group_name")
    def _compute_display_name(self):
        """Whose photo it is, then its file name: what staff choose from when they replace a
        photo."""
        for photo in self:
            owner = (
                _("Class %(group)s", group=photo.gallery_id.group_name or "?")
                if photo.kind == "group"
                else photo.subject_id.display_name or _("Unmatched")
            )
            photo.display_name = f"{owner} · {photo.name}"

    def write(self, vals):
        if "image" not in vals:
            return super().write(vals)
        result = super().write(dict(self._with_thumbnail(vals), proof=False, proof_small=False))
        self.env.ref("studio_prepay.ir_cron_studio_proofs")._trigger()
        return result

    @api.model
    def _with_thumbnail(self, vals):
        """``vals`` with the thumbnail of the image they set (unless they set one too)."""
        if "image" not in vals or "image_256" in vals:
            return vals
        if not vals["image"]:
            return dict(vals, image_256=False)
        try:
            image = photo_image.reduced(photo_image.open_image(base64.b64decode(vals["image"])))
        except (OSError, SyntaxError, ValueError, binascii.Error):
            return vals  # the image field refuses it with its own message
        return dict(vals, image_256=base64.b64encode(photo_image.thumbnail_jpeg(image)))

    def action_studio_delete(self):
        """The delete button of a photo in its gallery's form, which asks for confirmation first."""
        self.unlink()
        return True

    @api.model
    def _unordered_domain(self):
        """The photos no order line uses (as its photo or its class photo)."""
        lines = self.env["sale.order.line"].sudo()
        return [
            (
                "id",
                "not in",
                lines._search([(field, "!=", False)]).subselect(
                    SQL.identifier("sale_order_line", field)
                ),
            )
            for field in ("studio_photo_id", "studio_class_photo_id")
        ]

    def _unordered(self):
        return self.search([("id", "in", self.ids), *self._unordered_domain()])

    def _customer_galleries(self):
        """The galleries the current user's customer account may see: those of the subjects it
        claimed or ordered for, and the group galleries of their groups."""
        subjects_sudo = (
            self.env["studio.subject"]
            .sudo()
            .search(
                self.env["studio.subject"]._customer_domain(self.env.user.commercial_partner_id)
            )
        )
        return subjects_sudo._proof_galleries()

    @api.depends_context("uid")
    def _compute_is_customer_photo(self):
        galleries = self._customer_galleries()
        for photo in self:
            photo.is_customer_photo = photo.gallery_id in galleries

    def _search_is_customer_photo(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        in_or_not = "in" if (operator == "=") == value else "not in"
        return [("gallery_id", in_or_not, self._customer_galleries().ids)]

    def _lab_file_name(self):
        """The photo's file name in a lab export: its id (unique) and a plain, safe form of its
        name."""
        self.ensure_one()
        return f"{self.id}_{lab_export.safe_file_name(self.name, 'photo.jpg')}"

    def _proof_data(self, field="proof"):
        """The base64 data of the proof (``proof``) or of its grid size (``proof_small``), made now
        if the scheduled action has not made it yet."""
        self.ensure_one()
        photo_sudo = self.sudo()
        if not photo_sudo[field]:
            photo_sudo._make_proofs()
        return photo_sudo[field]

    def _make_proofs(self):
        """Make and store the proof and the grid proof of each photo, from its full-resolution
        image."""
        for photo_sudo in self.sudo():
            proof = watermark.proof_jpeg(
                base64.b64decode(photo_sudo.image), watermark.proof_text(photo_sudo.company_id.name)
            )
            photo_sudo.write(
                {
                    "proof": base64.b64encode(proof),
                    "proof_small": base64.b64encode(watermark.smaller_jpeg(proof)),
                }
            )

    @api.model
    def _cron_make_proofs(self):
        """Proofs are made in the background right after photos arrive, so that customers never wait
        for them (a deadline rush is made of first views): PROOF_STEP photos per transaction."""
        photos = self.search([("proof", "=", False)], order="id", limit=PROOF_STEP)
        photos._make_proofs()
        self.env["ir.cron"]._notify_progress(
            done=len(photos), remaining=self.search_count([("proof", "=", False)])
        )

    def _studio_pose(self):
        """The photo's pose number in its gallery (1 = first), as populate counts them."""
        self.ensure_one()
        return self.sudo().gallery_id.photo_ids.ids.index(self.id) + 1

    def _studio_label(self):
        """What the photo is, for customers and the lab: "Emma Lee, pose 2", "Class photo 1A"."""
        self.ensure_one()
        photo_sudo = self.sudo()
        if photo_sudo.kind == "group":
            return _("Class photo %(group)s", group=photo_sudo.gallery_id.group_name or "")
        return _(
            "%(name)s, pose %(pose)s",
            name=photo_sudo.subject_id.name or photo_sudo.gallery_id.access_code,
            pose=photo_sudo._studio_pose(),
        )
