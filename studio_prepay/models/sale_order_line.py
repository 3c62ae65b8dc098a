from types import SimpleNamespace

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..const import CHANGE_STATES, PHOTO_KINDS, PHOTO_SLOTS, STUDIO_CROPS, STUDIO_USER_GROUP
from ..tools import lab_export
from ..tools.write_guard import changed_fields, with_context_defaults

# what studio staff set on a line (manual revision, request for change); customers change them
# through the portal's checked routes, sales users not at all
STUDIO_LINE_FIELDS = {
    "studio_photo_id",
    "studio_class_photo_id",
    "studio_subject_id",
    "studio_needs_revision",
    "studio_change_state",
    "studio_batch_id",
    "studio_photo_picked",
}
# the kinds of package lines whose pose a customer chooses in the proof gallery after paying (a
# class photo has no pose; a digital download is bought from the photo the customer looked at)
POSE_KINDS = ("individual", "memory_mate")


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS === #

    studio_photo_kind = fields.Selection(related="product_id.studio_photo_kind")
    studio_subject_id = fields.Many2one(
        "studio.subject",
        string="Photo of",
        index="btree_not_null",
        ondelete="restrict",
        help="The subject whose photos this line carries when it is not the order's subject "
        "(a sibling "
        "added to the same gallery cart); empty: the order's subject.",
    )
    studio_photo_id = fields.Many2one(
        "studio.photo",
        string="Photo",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('id', 'in', studio_allowed_photo_ids)]",
    )
    studio_class_photo_id = fields.Many2one(
        "studio.photo",
        string="Class photo",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('id', 'in', studio_allowed_photo_ids), ('kind', '=', 'group')]",
        help="The second photo of a memory mate: the class photo next to the portrait.",
    )
    studio_allowed_photo_ids = fields.Many2many(
        "studio.photo",
        string="Photos to choose from",
        compute="_compute_studio_allowed_photo_ids",
        help="The photos of the line's subject and the class photos of its class.",
    )
    studio_photo_image = fields.Image(related="studio_photo_id.image_256", string="Photo preview")
    studio_photo_picked = fields.Boolean(
        string="Photo picked by the customer",
        help="The customer ordered this line from this photo (in the proof gallery, or in a "
        "request for "
        "change): there is no pose to choose for it.",
    )
    studio_pose = fields.Integer(
        string="Pose",
        help="The pose the customer chose (1 = first); populate takes the first pose when empty.",
    )
    # not stored: placing 10,000 orders would rewrite their 20,000 lines; searched and grouped by
    # (the *Batch contents* report) through a join on the order
    studio_batch_id = fields.Many2one(related="order_id.studio_batch_id", string="Batch")
    studio_needs_revision = fields.Boolean(
        string="Needs revision",
        help="Staff replace this line's photo in manual revision (memory mates).",
    )

    studio_file = fields.Binary(
        string="Customer file",
        attachment=True,
        copy=False,
        help="The file the customer sent for this line (a print file, a logo), replaced on a "
        "request for change.",
    )
    studio_file_name = fields.Char(string="File name", copy=False)
    studio_change_state = fields.Selection(
        CHANGE_STATES,
        string="Communication",
        copy=False,
        help="Request for change: the customer must change this line. Job is changed: they did.",
    )
    studio_crop = fields.Selection(
        STUDIO_CROPS,
        string="Crop",
        compute="_compute_studio_options",
        store=True,
        help="The framing the customer chose in the proof gallery (the line's Crop option).",
    )
    studio_retouch = fields.Boolean(
        string="Retouch",
        compute="_compute_studio_options",
        store=True,
        help="The customer asked for retouching of this photo (the line's Retouching option).",
    )

    # === COMPUTE METHODS === #

    @api.depends("studio_subject_id", "order_id.studio_subject_id", "order_id.studio_job_id")
    def _compute_studio_allowed_photo_ids(self):
        subjects = self.studio_subject_id | self.order_id.studio_subject_id
        photos = subjects._proof_photos() if subjects else self.env["studio.photo"]
        for line in self:
            subject = line._studio_subject()
            line.studio_allowed_photo_ids = photos.filtered(
                lambda photo, line=line, subject=subject: line._studio_photo_fits(photo, subject)
            ).ids

    @api.depends("product_no_variant_attribute_value_ids")
    def _compute_studio_options(self):
        for line in self:
            values = line.product_no_variant_attribute_value_ids.product_attribute_value_id
            line.studio_crop = values.filtered("studio_crop")[:1].studio_crop
            line.studio_retouch = any(values.mapped("studio_retouch"))

    def _compute_available_product_document_ids(self):
        """Odoo's quote builder searches the product documents on a field only sales users may read:
        an accountant (Invoicing / Billing) opening an order from its invoice got an access error.
        Which documents a line may attach to the PDF quote does not depend on who opens the
        order."""
        return super(SaleOrderLine, self.sudo())._compute_available_product_document_ids()

    # === CONSTRAINT METHODS === #

    @api.constrains("studio_photo_id", "studio_class_photo_id", "studio_subject_id")
    def _check_studio_photos(self):
        """A line carries only photos of its subject and class photos of its subject's class."""
        for line in self:
            photos = [
                photo for photo in (line.studio_photo_id, line.studio_class_photo_id) if photo
            ]
            if not photos and not line.studio_subject_id:
                continue
            subject = line._studio_subject()
            if (
                line.studio_subject_id
                and line.studio_subject_id.job_id != line.order_id.studio_job_id
            ):
                raise ValidationError(
                    _(
                        "Order %(order)s: %(subject)s is not a subject of the order's job.",
                        order=line.order_id.name,
                        subject=line.studio_subject_id.display_name,
                    )
                )
            for photo in photos:
                if not line._studio_photo_fits(photo, subject):
                    raise ValidationError(
                        _(
                            "Order %(order)s, %(product)s: %(photo)s is not a photo of "
                            "%(subject)s or of class "
                            "%(group)s.",
                            order=line.order_id.name,
                            product=line.product_id.display_name,
                            photo=photo.display_name,
                            subject=subject.display_name or _("(no subject)"),
                            group=subject.group_name or _("(none)"),
                        )
                    )
            if line.studio_class_photo_id and line.studio_class_photo_id.kind != "group":
                raise ValidationError(
                    _(
                        "Order %(order)s, %(product)s: choose a class photo as the class photo.",
                        order=line.order_id.name,
                        product=line.product_id.display_name,
                    )
                )

    @api.constrains("product_id", "product_no_variant_attribute_value_ids")
    def _check_studio_options(self):
        """A line's options (Crop, Retouching and other no-variant values, with their extra prices)
        are values of its own product, whatever route created it (Odoo's cart takes the values it is
        sent)."""
        for line in self:
            if line._studio_foreign_options():
                raise ValidationError(
                    _(
                        "%(product)s has no option %(values)s.",
                        product=line.product_id.display_name,
                        values=", ".join(line._studio_foreign_options().mapped("display_name")),
                    )
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        for vals in with_context_defaults(self.env, vals_list):
            self._studio_check_writable(vals, create=True)
        return super().create(vals_list)

    def write(self, vals):
        self._studio_check_writable(vals)
        return super().write(vals)

    def _studio_check_writable(self, vals, create=False):
        if (
            self.env.su
            or not vals.keys() & STUDIO_LINE_FIELDS
            or self.env.user.has_group(STUDIO_USER_GROUP)
        ):
            return
        if names := changed_fields(self, vals, STUDIO_LINE_FIELDS, create):
            raise AccessError(
                _(
                    "Only studio staff choose the photos of order lines (%(fields)s).",
                    fields=", ".join(
                        sorted(self._fields[name]._description_string(self.env) for name in names)
                    ),
                )
            )

    # === BUSINESS METHODS - PHOTOS === #

    def _studio_subject(self):
        """The subject whose photos this line carries: its own (a sibling's line), else the
        order's."""
        self.ensure_one()
        return self.studio_subject_id or self.order_id.studio_subject_id

    def _studio_child_lines(self):
        """The lines that order a product of the job's offer for a child: not the late fee, a
        delivery or a reward."""
        return self.filtered(
            lambda line: (
                line.order_id.studio_job_id
                and not line.display_type
                and not line._is_delivery()
                and line.product_id in line.order_id.studio_job_id.product_ids
                and line.product_id != line.order_id.studio_job_id.late_fee_product_id
            )
        )

    def _studio_photo_fits(self, photo, subject):
        """Whether ``photo`` may be on this line of ``subject`` (the line's): a photo of the
        subject, or a class photo of the subject's class (names compared exactly, ignoring case), in
        the order's job."""
        if not subject or photo.job_id != self.order_id.studio_job_id:
            return False
        if photo.kind == "group":
            return (photo.gallery_id.group_name or "").lower() == (subject.group_name or "").lower()
        return photo.subject_id == subject

    def _studio_foreign_options(self):
        """The line's no-variant attribute values that are not values of its product."""
        self.ensure_one()
        return self.product_no_variant_attribute_value_ids.filtered(
            lambda value: value.product_tmpl_id != self.product_id.product_tmpl_id
        )

    def _studio_needs_photo(self):
        return self.studio_photo_kind in PHOTO_KINDS and not self.display_type

    def _studio_pose_to_choose(self):
        """Whether the customer chooses this line's pose in the proof gallery: a portrait of a
        package whose photo they did not pick themselves (no photo yet, or the one populate put
        there)."""
        self.ensure_one()
        return (
            self.studio_photo_kind in POSE_KINDS
            and not self.display_type
            and not self.studio_photo_picked
        )

    def _studio_choose_pose(self, photo):
        """Prepay+: the customer's choice of pose for this portrait line (populate keeps it)."""
        self.ensure_one()
        self.sudo().write({"studio_photo_id": photo.id, "studio_pose": photo._studio_pose()})
        self.order_id.sudo().message_post(
            body=_(
                "The customer chose %(photo)s for %(product)s.",
                photo=photo._studio_label(),
                product=self.product_id.display_name,
            )
        )

    @api.model
    def _studio_photo_rows(self, orders):
        """The photo lines of ``orders`` as named rows, read in one query for populate and place:
        id, order_id, job_id, kind, manual_revision (of the product), needs_revision, pose,
        studio_photo_id, studio_class_photo_id, subject_id (the line's, else the order's), group
        (its class, lower case)."""
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            SQL(
                """
            SELECT l.id, l.order_id, o.studio_job_id AS job_id, pt.studio_photo_kind AS kind,
                   pt.studio_manual_revision AS manual_revision,
                   l.studio_needs_revision AS needs_revision,
                   l.studio_pose AS pose, l.studio_photo_id, l.studio_class_photo_id,
                   s.id AS subject_id, LOWER(COALESCE(s.group_name, '')) AS "group"
              FROM sale_order_line l
              JOIN sale_order o ON o.id = l.order_id
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN studio_subject s ON s.id = COALESCE(l.studio_subject_id, o.studio_subject_id)
             WHERE l.order_id = ANY(%s) AND l.display_type IS NULL
               AND pt.studio_photo_kind = ANY(%s)
          ORDER BY l.order_id, l.sequence, l.id
        """,
                orders.ids,
                list(PHOTO_KINDS),
            )
        )
        return [SimpleNamespace(**row) for row in rows]

    @api.model
    def _studio_photo_missing_domain(self):
        """The photo lines that lack a photo their product is made from (PHOTO_SLOTS)."""
        return expression.OR(
            [
                ("display_type", "=", False),
                ("product_id.studio_photo_kind", "=", kind),
                *expression.OR([[(field, "=", False)] for field, _kind in slots]),
            ]
            for kind, slots in PHOTO_SLOTS.items()
        )

    def _get_sale_order_line_multiline_description_sale(self):
        """Photo lines say which photo they are made from ("Emma Lee, pose 2"), for the customer and
        the lab."""
        description = super()._get_sale_order_line_multiline_description_sale()
        if self.studio_photo_id:
            description += "\n" + self.studio_photo_id._studio_label()
        return description

    # === BUSINESS METHODS - LAB EXPORT === #

    def _studio_goes_to_lab(self):
        """Whether the lab produces this line: a product made from photos or from the customer's
        file, in a quantity. Digital downloads are delivered from the order page instead."""
        return (
            self.product_uom_qty > 0
            and not self.display_type
            and self.studio_photo_kind != "digital"
            and bool(self.studio_photo_id or self.studio_file_name)
        )

    def _studio_lab_file_name(self):
        """The customer's file of the line in a lab export: the line's id and a safe form of its
        name."""
        return (
            self.studio_file_name
            and f"L{self.id}_{lab_export.safe_file_name(self.studio_file_name)}"
        )

    def _studio_lab_row(self):
        """The line's row of the order sheet: what the lab needs to produce and ship it. An empty
        value is an empty string (never a record's or None's text)."""
        self.ensure_one()
        order, subject = self.order_id, self._studio_subject()
        address = order._studio_ship_to()
        quantity = self.product_uom_qty
        row = {
            "order": order.name,
            "line": self.id,
            "subject": subject.name,
            "class": subject.group_name,
            "access code": subject.access_code,
            "product code": self.product_id.default_code,
            "product": self.product_id.with_context(display_default_code=False).display_name,
            "quantity": int(quantity) if quantity.is_integer() else quantity,
            "photo file": self.studio_photo_id._lab_file_name() if self.studio_photo_id else "",
            "class photo file": self.studio_class_photo_id._lab_file_name()
            if self.studio_class_photo_id
            else "",
            "crop": self.studio_crop or "full",
            "retouch": "yes" if self.studio_retouch else "no",
            "customer file": self._studio_lab_file_name(),
            "delivery": order.studio_job_id.delivery_mode,
            "ship to": address.name,
            "street": address.street,
            "street2": address.street2,
            "zip": address.zip,
            "city": address.city,
            "state": address.state_id.code,
            "country": address.country_id.code,
            "phone": address.phone,
            "email": address.email,
        }
        return {
            column: "" if value is None or value is False else value
            for column, value in row.items()
        }

    # === BUSINESS METHODS - STOCK === #

    def _studio_ships_from_stock(self):
        """Whether the line's product leaves the studio's stock in a delivery picking: storable
        products (limited items, framed prints) and tickets keep their stock and pickings, and so do
        products that are not the studio's. Photo products that are not storable are produced and
        shipped by the lab and followed by the order's fulfillment state: a picking would track
        nothing."""
        self.ensure_one()
        product = self.product_id
        return (
            product.is_storable
            or not product.studio_photo_kind
            or product.studio_photo_kind == "ticket"
        )

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        """Odoo's procurement (a delivery picking at confirmation) only for lines shipped from
        stock."""
        from_stock = self.filtered(lambda line: line._studio_ships_from_stock())
        return super(SaleOrderLine, from_stock)._action_launch_stock_rule(previous_product_uom_qty)
