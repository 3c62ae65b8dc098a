from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .sale_order import CHANGE_STATES, STUDIO_USER_GROUP

PHOTO_KINDS = ("individual", "group", "memory_mate", "digital")
STUDIO_CROPS = [("full", "Full frame"), ("close_up", "Close-up"), ("square", "Square")]
# what studio staff set on a line (manual revision, request for change); customers change them through
# the portal's checked routes, sales users not at all
STUDIO_LINE_FIELDS = {"studio_photo_id", "studio_needs_revision", "studio_change_state", "studio_batch_id"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    studio_photo_kind = fields.Selection(related="product_id.studio_photo_kind")
    studio_photo_id = fields.Many2one(
        "studio.photo", string="Photo", index="btree_not_null", ondelete="restrict",
        domain="[('job_id', '=', parent.studio_job_id)]")
    studio_photo_image = fields.Image(related="studio_photo_id.image_256", string="Photo preview")
    studio_pose = fields.Integer(
        string="Pose", help="The pose the customer chose (1 = first); populate takes the first pose when empty.")
    studio_batch_id = fields.Many2one(related="order_id.studio_batch_id", store=True, string="Batch")
    studio_needs_revision = fields.Boolean(
        string="Needs revision", help="Staff replace this line's photo in manual revision (memory mates).")

    studio_file = fields.Binary(
        string="Customer file", attachment=True, copy=False,
        help="The file the customer sent for this line (a print file, a logo), replaced on a request for change.")
    studio_file_name = fields.Char(string="File name", copy=False)
    studio_change_state = fields.Selection(
        CHANGE_STATES, string="Communication", copy=False,
        help="Request for change: the customer must change this line. Job is changed: they did.")

    @api.model_create_multi
    def create(self, vals_list):
        defaults = {key[8:]: value for key, value in self.env.context.items() if key.startswith("default_")}
        for vals in vals_list:
            self._studio_check_writable(dict(defaults, **vals))
        return super().create(vals_list)

    def write(self, vals):
        self._studio_check_writable(vals)
        return super().write(vals)

    @api.model
    def _studio_check_writable(self, vals):
        names = vals.keys() & STUDIO_LINE_FIELDS
        if names and not self.env.su and not self.env.user.has_group(STUDIO_USER_GROUP):
            raise AccessError(_("Only studio staff choose the photos of order lines (%(fields)s).",
                                fields=", ".join(sorted(self._fields[name].string for name in names))))

    def _studio_needs_photo(self):
        return self.studio_photo_kind in PHOTO_KINDS and not self.display_type

    studio_crop = fields.Selection(
        STUDIO_CROPS, string="Crop", help="The framing the customer chose in the proof gallery.")
    studio_retouch = fields.Boolean(string="Retouch", help="The customer asked for retouching of this photo.")
