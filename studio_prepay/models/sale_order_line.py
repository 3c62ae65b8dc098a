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
        STUDIO_CROPS, string="Crop", compute="_compute_studio_options", store=True,
        help="The framing the customer chose in the proof gallery (the line's Crop option).")
    studio_retouch = fields.Boolean(
        string="Retouch", compute="_compute_studio_options", store=True,
        help="The customer asked for retouching of this photo (the line's Retouching option).")

    @api.depends("product_no_variant_attribute_value_ids")
    def _compute_studio_options(self):
        for line in self:
            values = line.product_no_variant_attribute_value_ids.product_attribute_value_id
            line.studio_crop = values.filtered("studio_crop")[:1].studio_crop
            line.studio_retouch = any(values.mapped("studio_retouch"))

    def _get_sale_order_line_multiline_description_sale(self):
        """Photo lines say which photo they are made from ("Emma Lee, pose 2"), for the customer and the lab."""
        description = super()._get_sale_order_line_multiline_description_sale()
        if self.studio_photo_id:
            description += "\n" + self.studio_photo_id._studio_label()
        return description

    def _studio_choose_pose(self, photo):
        """Prepay+: the customer's choice of pose for this portrait line (populate keeps it)."""
        self.ensure_one()
        self.sudo().write({"studio_photo_id": photo.id, "studio_pose": photo._studio_pose()})
        self.order_id.sudo().message_post(body=_("The customer chose %(photo)s for %(product)s.",
                                                 photo=photo._studio_label(), product=self.product_id.display_name))
