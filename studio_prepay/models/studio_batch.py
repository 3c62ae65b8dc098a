import os

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..tools import lab_export
from ..tools.counting import set_counts
from ..tools.locking import lock_rows

STATES = [
    ("open", "Open"),
    ("released", "Released"),
    ("in_production", "In production"),
    ("shipped", "Shipped"),
    ("done", "Done"),
]
NEXT_STATE = {"released": "in_production", "in_production": "shipped", "shipped": "done"}
# bytes of files at most in one zip of the lab export (attachment sizes are 32-bit integers in Odoo)
ZIP_PART_SIZE = 2**30
# the order sheet, one row per line the lab produces (README: "The order sheet")
SHEET_COLUMNS = [
    "order",
    "line",
    "subject",
    "class",
    "access code",
    "product code",
    "product",
    "quantity",
    "photo file",
    "class photo file",
    "crop",
    "retouch",
    "customer file",
    "delivery",
    "ship to",
    "street",
    "street2",
    "zip",
    "city",
    "state",
    "country",
    "phone",
    "email",
]
# the columns the lab cannot do without: a batch is released only when each row has them all
REQUIRED_COLUMNS = [
    "order",
    "line",
    "access code",
    "product code",
    "product",
    "quantity",
    "delivery",
    "ship to",
    "street",
    "zip",
    "city",
    "country",
]
ADDRESS_COLUMNS = ["street", "zip", "city", "country"]


class StudioBatch(models.Model):
    _name = "studio.batch"
    _description = "Lab batch"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    # === FIELDS === #

    name = fields.Char(required=True, readonly=True)
    job_id = fields.Many2one(
        "studio.job", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    state = fields.Selection(STATES, default="open", required=True, tracking=True, readonly=True)
    deadline = fields.Datetime(tracking=True, help="When the batch is released to the lab.")
    auto_release = fields.Boolean(related="job_id.auto_release")
    released_on = fields.Datetime(readonly=True, copy=False)
    order_ids = fields.One2many("sale.order", "studio_batch_id", string="Orders", readonly=True)
    order_count = fields.Integer(compute="_compute_order_count")
    sheet_attachment_id = fields.Many2one(
        "ir.attachment", string="Order sheet", readonly=True, copy=False
    )
    images_attachment_ids = fields.Many2many(
        "ir.attachment",
        "studio_batch_images_attachment_rel",
        "batch_id",
        "attachment_id",
        string="Images",
        readonly=True,
        copy=False,
        help="The zip of the files the order sheet names; a batch of more than 1 GB of files "
        "gets several "
        "zips of at most 1 GB each.",
    )
    images_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Images zip",
        compute="_compute_images_attachment_id",
        help="The zip of the images: the first one when the batch has several.",
    )

    def init(self):
        # One open batch per job, also under concurrent placements.
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS studio_batch_one_open_per_job
                ON studio_batch (job_id) WHERE state = 'open'
        """)

    # === COMPUTE METHODS === #

    @api.depends("order_ids")
    def _compute_order_count(self):
        set_counts(self, "order_count", "sale.order", "studio_batch_id")

    @api.depends("images_attachment_ids")
    def _compute_images_attachment_id(self):
        for batch in self:
            batch.images_attachment_id = batch.images_attachment_ids.sorted("id")[:1]

    # === ACTION METHODS === #

    def action_release(self):
        """Send the batch to the lab: it takes no more orders and gets its lab export. Orders that
        cannot be produced (not paid, photos missing) go back to their job's open collection
        first."""
        lock_rows(self)
        for batch in self.filtered(lambda b: b.state == "open"):
            if not batch._release():
                raise UserError(
                    _(
                        "Batch %(batch)s has no orders ready for the lab: only paid "
                        "orders with all "
                        "their photos go.",
                        batch=batch.name,
                    )
                )
        return True

    def action_next_state(self):
        for batch in self:
            if batch.state not in NEXT_STATE:
                raise UserError(_("Batch %s cannot move on from here.", batch.name))
            batch.state = NEXT_STATE[batch.state]
        return True

    def action_download_sheet(self):
        """Download the order sheet (rather than open its attachment's form)."""
        self.ensure_one()
        if not self.sheet_attachment_id:
            raise UserError(
                _(
                    "Batch %s has no order sheet yet: it is made when the batch is released.",
                    self.name,
                )
            )
        return {
            "type": "ir.actions.act_url",
            "target": "download",
            "url": f"/web/content/{self.sheet_attachment_id.id}?download=true",
        }

    # === BUSINESS METHODS - RELEASE === #

    @api.model
    def _cron_release_due_batches(self):
        due = self.search(
            [
                ("state", "=", "open"),
                ("job_id.auto_release", "=", True),
                ("deadline", "<=", fields.Datetime.now()),
                ("order_ids", "!=", False),
            ]
        )
        lock_rows(due)
        for batch in due:
            try:
                with self.env.cr.savepoint():
                    batch._release()
            except (
                UserError
            ) as error:  # the sheet would lack what the lab needs: the studio completes it
                batch.message_post(body=_("Not released at its deadline: %s", error.args[0]))

    def _release(self):
        """Release this open batch with its orders ready for the lab; False when none is."""
        self.ensure_one()
        self._hold_back_orders()
        if not self.order_ids:
            return False
        lines = self._lab_lines()
        rows = [line._studio_lab_row() for line in lines]
        self._check_lab_sheet(lines, rows)
        self.write({"state": "released", "released_on": fields.Datetime.now()})
        self._attach_lab_export(lines, rows)
        return True

    def _hold_back_orders(self):
        """Orders of the batch that cannot go to the lab yet (not paid any more, photos missing...:
        see sale.order._studio_lab_blockers) wait in their job's open collection, the reasons in
        their chatter."""
        blockers = self.order_ids._studio_lab_blockers()
        held = self.order_ids.filtered(lambda o: blockers[o.id])
        for codes, orders in held.grouped(lambda o: tuple(blockers[o.id])).items():
            orders._studio_back_to_collection(
                _(
                    "Held back from batch %(batch)s: %(reasons)s.",
                    batch=self.name,
                    reasons=orders._studio_lab_hold_text(codes),
                )
            )

    # === BUSINESS METHODS - LAB EXPORT === #

    def _lab_lines(self):
        return self.order_ids.order_line.filtered(lambda line: line._studio_goes_to_lab()).sorted(
            lambda line: (line.order_id.name, line.id)
        )

    def _check_lab_sheet(self, lines, rows):
        """Refuse (UserError) an order sheet of ``lines`` (their ``rows``) missing what the lab
        needs (REQUIRED_COLUMNS): the products without a code, the ship-to addresses without a
        street, zip, city or country."""
        self.ensure_one()
        products, addresses, others = {}, {}, {}
        for line, row in zip(lines, rows, strict=True):
            for column in REQUIRED_COLUMNS:
                if lab_export.sheet_cell(row[column]):
                    continue
                if column == "product code":
                    products[line.product_id] = line.product_id.display_name
                elif column in ADDRESS_COLUMNS or column == "ship to":
                    address = line.order_id._studio_ship_to()
                    label = address.display_name or _(
                        "the ship-to address of order %s", line.order_id.name
                    )
                    addresses.setdefault(label, set()).add(column)
                else:
                    others.setdefault(column, set()).add(line.order_id.name)
        if not (products or addresses or others):
            return
        problems = []
        if products:
            problems.append(
                _(
                    "Products without an internal reference (the product code): %s",
                    ", ".join(sorted(products.values())),
                )
            )
        for label, columns in sorted(addresses.items()):
            problems.append(
                _(
                    "%(address)s has no %(fields)s",
                    address=label,
                    fields=", ".join(
                        column for column in ["ship to", *ADDRESS_COLUMNS] if column in columns
                    ),
                )
            )
        for column, orders in sorted(others.items()):
            problems.append(
                _(
                    "No %(column)s on orders %(orders)s",
                    column=column,
                    orders=", ".join(sorted(orders)),
                )
            )
        raise UserError(
            _(
                "Batch %(batch)s cannot go to the lab: its order sheet would lack what "
                "the lab needs.\n%(problems)s",
                batch=self.name,
                problems="\n".join(f"- {problem}" for problem in problems),
            )
        )

    def _attach_lab_export(self, lines, rows):
        """The order sheet (CSV) and a zip of every file it names (several zips of at most
        ZIP_PART_SIZE bytes of files for a large batch), attached to the batch. Each zip is written
        to a file, each photo copied from the filestore in chunks: bounded memory for a batch of any
        size."""
        self.ensure_one()
        files = self._lab_files(lines)
        Attachment = self.env["ir.attachment"]
        base = lab_export.download_name(self.name)  # names the browser can download (RFC 8187)
        values = {"res_model": self._name, "res_id": self.id}
        sheet = Attachment.create(
            dict(
                values,
                name=f"{base} order sheet.csv",
                mimetype="text/csv",
                raw=lab_export.sheet_csv(SHEET_COLUMNS, rows),
            )
        )
        parts = lab_export.split_in_parts(files, ZIP_PART_SIZE)
        images = Attachment
        for number, part in enumerate(parts, start=1):
            name = (
                f"{base} images.zip"
                if len(parts) == 1
                else f"{base} images {number} of {len(parts)}.zip"
            )
            images |= Attachment._studio_create_streamed(
                dict(values, name=name, mimetype="application/zip"),
                lambda file, part=part: lab_export.write_zip(file, part),
            )
        self.write(
            {"sheet_attachment_id": sheet.id, "images_attachment_ids": [Command.set(images.ids)]}
        )
        self.env["studio.download.log"]._log("lab_export", self.job_id, self.name)
        self.message_post(
            body=_(
                "Released to the lab with %(orders)s orders, %(lines)s lines, %(files)s files.",
                orders=len(self.order_ids),
                lines=len(lines),
                files=len(files),
            ),
            attachment_ids=(sheet | images).ids,
        )

    def _lab_files(self, lines):
        """[(member name, path in the filestore or bytes)] of the photos and customer files of
        ``lines``, each once, found with one query per kind of file."""
        photos = lines.studio_photo_id | lines.studio_class_photo_id
        with_file = lines.filtered("studio_file_name")
        stored = {
            **self._stored_files(photos, "image"),
            **self._stored_files(with_file, "studio_file"),
        }
        files = [
            (photo._lab_file_name(), stored.get(("studio.photo", photo.id))) for photo in photos
        ]
        files += [
            (line._studio_lab_file_name(), stored.get(("sale.order.line", line.id)))
            for line in with_file
        ]
        missing = [name for name, source in files if not source]
        if missing:
            raise UserError(
                _(
                    "Batch %(batch)s cannot be exported: these files are missing: %(files)s",
                    batch=self.name,
                    files=", ".join(missing),
                )
            )
        return files

    @api.model
    def _stored_files(self, records, field):
        """{(model, id): path of the file in the filestore, or its bytes in the database} of the
        binary ``field`` of ``records``."""
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment.search(
            [
                ("res_model", "=", records._name),
                ("res_field", "=", field),
                ("res_id", "in", records.ids),
            ]
        )
        files = {}
        for attachment in attachments:
            path = attachment.store_fname and Attachment._full_path(attachment.store_fname)
            if path and os.path.isfile(path):
                files[records._name, attachment.res_id] = path
            elif not attachment.store_fname and attachment.db_datas:
                files[records._name, attachment.res_id] = attachment.db_datas
        return files
