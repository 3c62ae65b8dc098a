from odoo import fields, models


class StudioPhoto(models.Model):
    _name = "studio.photo"
    _description = "Photo"
    _order = "gallery_id, sequence, name, id"
    _check_company_auto = True

    gallery_id = fields.Many2one("studio.gallery", required=True, index=True, ondelete="cascade")
    job_id = fields.Many2one(related="gallery_id.job_id", store=True, index=True)
    company_id = fields.Many2one(related="gallery_id.company_id", store=True, index=True)
    subject_id = fields.Many2one(related="gallery_id.subject_id", store=True, index="btree_not_null")
    kind = fields.Selection(related="gallery_id.kind", store=True)
    name = fields.Char(string="File name", required=True)
    sequence = fields.Integer(default=10, help="Pose order: populate takes the first pose.")
    image = fields.Image(string="Photo", required=True)
    image_256 = fields.Image(related="image", max_width=256, max_height=256, store=True, string="Thumbnail")
