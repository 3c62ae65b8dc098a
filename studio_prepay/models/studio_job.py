from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..const import BATCH_IN_PRODUCTION, RETENTION_STEP
from ..tools import access_code
from ..tools.counting import set_counts
from ..tools.locking import share_lock, touch_lock

PHASES = [
    ("draft", "Draft"),
    ("prepay", "Prepay"),
    ("selling", "Selling"),
    ("closed", "Closed"),
]
# phase -> the phases a job may move to from there
TRANSITIONS = {
    "draft": {"prepay", "selling"},
    "prepay": {"selling", "closed"},
    "selling": {"closed"},
    "closed": {"selling"},
}
# the data-protection settings of a job, which only studio administrators change
PROTECTION_FIELDS = {
    "photo_retention_days",
    "subject_retention_days",
    "legal_hold",
    "class_photos_covered",
}


class StudioJob(models.Model):
    _name = "studio.job"
    _description = "Photo job"
    _inherit = ["mail.thread", "mail.activity.mixin", "studio.cron.step.mixin"]
    _order = "picture_date desc, id desc"
    _check_company_auto = True
    _cron_step_xmlid = "studio_prepay.ir_cron_studio_retention"

    # === FIELDS === #

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        tracking=True,
        check_company=True,
        help="The school, club or organisation photographed.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    picture_date = fields.Date(string="Picture day", tracking=True)
    phase = fields.Selection(
        PHASES,
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        readonly=True,
        help="Prepay: customers pay before any image exists, with the job's global code. "
        "Selling: customers see their own proofs with their subject's access code.",
    )
    phase_date = fields.Datetime(string="In this phase since", readonly=True, copy=False)
    global_code = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        help="The one code every customer enters to reach the prepay shop of this job.",
    )

    # Offer
    product_ids = fields.Many2many(
        "product.product",
        string="Offer",
        check_company=True,
        # photo products, and the services sold with them (sitting fee, downloads): not the
        # company's furniture
        domain="[('sale_ok', '=', True), '|', ('studio_photo_kind', '!=', False), ('type', "
        "'in', ('service', 'combo'))]",
        help="Products and packages customers can order in this job.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        check_company=True,
        help="Prices of the offer; the company's default pricelist when empty.",
    )
    prepay_subject_entry = fields.Selection(
        [
            ("code", "Access code from the QR card"),
            ("code_or_name", "Access code, or name and class"),
        ],
        string="Customers name the subject by",
        required=True,
        default="code",
        help="How prepay customers say whom they order for. With name and class, an order "
        "without a "
        "code creates a new subject with its own access code, which the customer receives.",
    )

    # Delivery and lab settings
    delivery_mode = fields.Selection(
        [("batch", "Batch to the organisation"), ("direct", "Direct shipping to customers")],
        required=True,
        default="batch",
        tracking=True,
        help="Batch: orders go to the lab together in the job's batch and are delivered to the "
        "organisation. Direct shipping: each order goes to production on its own.",
    )
    batch_deadline = fields.Datetime(
        tracking=True, help="When the open batch of this job is released to the lab."
    )
    auto_release = fields.Boolean(
        string="Release batch at deadline",
        tracking=True,
        help="Release the open batch automatically at the batch deadline.",
    )
    manual_revision = fields.Boolean(
        tracking=True,
        help="Placed orders go to the manual-revision queue first, where staff replace photos and "
        "release the orders one by one.",
    )

    selling_template_id = fields.Many2one(
        "mail.template",
        string="Selling e-mail",
        domain="[('model', '=', 'sale.order')]",
        default=lambda self: self.env.ref(
            "studio_prepay.mail_template_job_selling", raise_if_not_found=False
        ),
        help="Sent to the customers of the job's orders when the job switches to selling "
        "(one e-mail per customer). Leave empty to send nothing.",
    )

    order_deadline = fields.Datetime(
        tracking=True,
        help="Customers see a countdown to it in the prepay shop and the proof galleries. "
        "After it, orders "
        "are delivered home and carry the late fee.",
    )
    late_fee_product_id = fields.Many2one(
        "product.product",
        string="Late fee",
        check_company=True,
        help="Added to the carts of the job after its order deadline.",
    )
    service_fee_product_id = fields.Many2one(
        "product.product",
        string="Service fee",
        check_company=True,
        help="The fee product added to orders; refunds keep it unless the admin also refunds "
        "the fee.",
    )
    pending_payment_days = fields.Integer(
        string="Bank transfers overdue after (days)",
        default=14,
        help="Orders still waiting for their bank transfer after this many days are listed "
        "as overdue.",
    )

    # Data protection
    class_photos_covered = fields.Boolean(
        string="Class photos covered by the school's agreement",
        tracking=True,
        help="Class photos are shown online even when a child of the class has no consent to "
        "photos online. Without it, the class photo of such a child's class is not shown online "
        "(paper orders and the lab still get it).",
    )
    photo_retention_days = fields.Integer(
        string="Delete photos after (days)",
        default=90,
        tracking=True,
        help="Counted from the job's closing: then every photo file of the job (originals, "
        "proofs, thumbnails, uploaded files, card shots, lab export zips) is deleted. Orders, "
        "invoices, payments and lab order sheets are kept.",
    )
    subject_retention_days = fields.Integer(
        string="Anonymise subjects after (days)",
        default=365,
        tracking=True,
        help="Counted from the job's closing: then the subjects' names and external ids are "
        "replaced with a neutral label and their link to a customer account is removed.",
    )
    legal_hold = fields.Boolean(
        tracking=True,
        help="Nothing of the job is deleted or anonymised while it is on legal hold.",
    )
    photos_due = fields.Datetime(
        string="Photos deleted on",
        compute="_compute_retention_due",
        store=True,
        help="When the job's photos are deleted (the job is closed).",
    )
    subjects_due = fields.Datetime(
        string="Subjects anonymised on",
        compute="_compute_retention_due",
        store=True,
        help="When the job's subjects are anonymised (the job is closed).",
    )
    photos_deleted_date = fields.Datetime(string="Photos deleted", readonly=True, copy=False)
    subjects_anonymised_date = fields.Datetime(
        string="Subjects anonymised", readonly=True, copy=False
    )
    retention_files_deleted = fields.Integer(string="Files deleted", readonly=True, copy=False)
    retention_status = fields.Char(string="Retention", compute="_compute_retention_status")

    subject_ids = fields.One2many("studio.subject", "job_id", string="Subjects")
    gallery_ids = fields.One2many("studio.gallery", "job_id", string="Galleries")
    gallery_count = fields.Integer(compute="_compute_gallery_count")
    collection_ids = fields.One2many(
        "studio.order.collection", "job_id", string="Order collections"
    )
    batch_ids = fields.One2many("studio.batch", "job_id", string="Batches")
    upload_ids = fields.One2many("studio.upload", "job_id", string="Uploads")
    collection_count = fields.Integer(
        compute="_compute_collection_count", groups="studio_prepay.group_studio_user"
    )
    batch_count = fields.Integer(
        compute="_compute_batch_count", groups="studio_prepay.group_studio_user"
    )
    subject_count = fields.Integer(compute="_compute_subject_count")
    order_ids = fields.One2many("sale.order", "studio_job_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count")

    _sql_constraints = [
        ("global_code_unique", "UNIQUE(global_code)", "The global code of a job must be unique."),
    ]

    # === COMPUTE METHODS === #

    @api.depends("subject_ids")
    def _compute_subject_count(self):
        set_counts(self, "subject_count", "studio.subject", "job_id")

    @api.depends("gallery_ids")
    def _compute_gallery_count(self):
        set_counts(self, "gallery_count", "studio.gallery", "job_id")

    @api.depends("collection_ids")
    def _compute_collection_count(self):
        set_counts(self, "collection_count", "studio.order.collection", "job_id")

    @api.depends("batch_ids")
    def _compute_batch_count(self):
        set_counts(self, "batch_count", "studio.batch", "job_id")

    @api.depends("order_ids")
    def _compute_order_count(self):
        set_counts(self, "order_count", "sale.order", "studio_job_id")

    @api.depends("phase", "phase_date", "photo_retention_days", "subject_retention_days")
    def _compute_retention_due(self):
        for job in self:
            closed = job.phase == "closed" and job.phase_date
            job.photos_due = closed and fields.Datetime.add(
                job.phase_date, days=job.photo_retention_days
            )
            job.subjects_due = closed and fields.Datetime.add(
                job.phase_date, days=job.subject_retention_days
            )

    @api.depends("photos_due", "subjects_due", "legal_hold", "batch_ids.state")
    def _compute_retention_status(self):
        for job in self:
            if job.legal_hold:
                job.retention_status = _("On legal hold: nothing is deleted.")
            elif job.phase != "closed":
                job.retention_status = _(
                    "Photos deleted %(photos)s days and subjects anonymised %(subjects)s days "
                    "after the job is closed.",
                    photos=job.photo_retention_days,
                    subjects=job.subject_retention_days,
                )
            elif any(batch.state in BATCH_IN_PRODUCTION for batch in job.batch_ids):
                job.retention_status = _("Waits for the batches in production at the lab.")
            else:
                job.retention_status = False

    # === CONSTRAINT METHODS === #

    @api.constrains("photo_retention_days", "subject_retention_days")
    def _check_retention_days(self):
        if any(job.photo_retention_days < 0 or job.subject_retention_days < 0 for job in self):
            raise ValidationError(_("Retention periods are numbers of days, 0 or more."))

    @api.constrains("auto_release", "batch_deadline")
    def _check_auto_release_deadline(self):
        for job in self:
            if job.auto_release and not job.batch_deadline:
                raise ValidationError(
                    _("Job %s releases its batch at the deadline: set a batch deadline.", job.name)
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        codes = access_code.new_codes(self.env.cr, len(vals_list))
        return super().create(
            [dict(vals, global_code=code) for vals, code in zip(vals_list, codes, strict=True)]
        )

    def write(self, vals):
        if (
            PROTECTION_FIELDS & vals.keys()
            and not self.env.su
            and not self.env.user.has_group("studio_prepay.group_studio_manager")
        ):
            raise AccessError(
                _("Only studio administrators change the retention and consent settings.")
            )
        if "global_code" in vals:
            raise UserError(_("The global code of a job is generated and cannot be changed."))
        if "phase" in vals:
            self._check_phase_transition(vals["phase"])
            vals = dict(vals, phase_date=fields.Datetime.now())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(job.phase != "draft" or job.order_ids for job in self):
            raise UserError(_("Only draft jobs without orders can be deleted; archive the others."))

    # === ACTION METHODS === #

    def action_start_prepay(self):
        self.write({"phase": "prepay"})
        return True

    def action_start_selling(self):
        """Open the proof galleries and send the selling e-mail to the customers of each job."""
        starting = self.filtered(lambda job: job.phase != "selling")
        self.write({"phase": "selling"})
        starting._send_selling_communication()
        return True

    def action_close(self):
        self.write({"phase": "closed"})
        return True

    def action_reopen(self):
        self.write({"phase": "selling"})
        return True

    def action_view_subjects(self):
        return self._job_action(
            "studio_prepay.action_studio_subject", search_default_group_by_group=1
        )

    def action_view_orders(self):
        return self._job_action("sale.action_orders", field="studio_job_id")

    def action_view_galleries(self):
        return self._job_action("studio_prepay.action_studio_gallery")

    def action_view_collections(self):
        return self._job_action("studio_prepay.action_studio_order_collection")

    def action_view_batches(self):
        return self._job_action("studio_prepay.action_studio_batch")

    def action_view_overdue_transfers(self):
        """Orders of the job whose bank transfer is still awaited after the job's delay (to chase
        or to delete with restock)."""
        self.ensure_one()
        action = self.action_view_orders()
        action["domain"] += [
            ("studio_payment_state", "=", "pending"),
            (
                "date_order",
                "<",
                fields.Datetime.subtract(fields.Datetime.now(), days=self.pending_payment_days),
            ),
        ]
        action["name"] = _("Overdue bank transfers")
        return action

    def action_open_names_import(self):
        self.ensure_one()
        return self._open_wizard("studio.names.import", _("Import names list"))

    def action_open_photo_upload(self):
        self.ensure_one()
        return self._open_wizard("studio.photo.upload", _("Upload photos"))

    def action_open_qr_cards(self):
        self.ensure_one()
        return self._open_wizard("studio.qr.card.wizard", _("Print QR cards"))

    def _job_action(self, xmlid, field="job_id", **context):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update(
            domain=[(field, "=", self.id)], context=dict(context, **{f"default_{field}": self.id})
        )
        return action

    def _open_wizard(self, model, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_id": self.id},
        }

    # === BUSINESS METHODS - PHASES AND SELLING === #

    def _check_phase_transition(self, new_phase):
        labels = dict(self._fields["phase"]._description_selection(self.env))
        for job in self:
            if new_phase != job.phase and new_phase not in TRANSITIONS[job.phase]:
                raise UserError(
                    _(
                        "Job %(job)s cannot go from %(old)s to %(new)s.",
                        job=job.name,
                        old=labels[job.phase],
                        new=labels[new_phase],
                    )
                )
            if new_phase == "prepay" and not job.product_ids:
                raise UserError(
                    _(
                        "Job %s has no offer: add the products and packages customers "
                        "can prepay first.",
                        job.name,
                    )
                )

    def _send_selling_communication(self):
        """One e-mail per family when the job starts selling: the customers of its orders get the
        selling e-mail about their latest order (what it says fits the order's state, a refunded one
        included), the families who claimed a child's code without ordering get the gallery of their
        children."""
        family_template = self.env.ref("studio_prepay.mail_template_job_selling_family")
        for job in self.filtered("selling_template_id"):
            orders = job.order_ids.filtered(
                lambda o: (
                    o.partner_id.email
                    and (o.state == "sale" or o.state == "cancel" and o.studio_amount_refunded)
                )
            )
            latest = orders.browse([max(o.ids) for o in orders.grouped("partner_id").values()])
            if latest:
                self.env["mail.compose.message"].create(
                    {
                        "composition_mode": "mass_mail",
                        "model": "sale.order",
                        "res_ids": latest.ids,
                        "template_id": job.selling_template_id.id,
                    }
                ).action_send_mail()
            # the families who claimed a child's code without ordering
            families = job._studio_reachable_families(job._studio_claims(), latest.partner_id)
            for partner, subject in families.items():
                family_template.with_context(lang=partner.lang).send_mail(
                    subject.id, email_values={"recipient_ids": [Command.link(partner.id)]}
                )
            job.message_post(
                body=_(
                    "Selling started: e-mail sent to %(customers)s customers and "
                    "%(families)s families without an order.",
                    customers=len(latest),
                    families=len(families),
                )
            )

    def _studio_claims(self):
        """(customer, child) of the job's children whose code a customer claimed."""
        self.ensure_one()
        return [
            (subject.partner_id, subject) for subject in self.subject_ids.filtered("partner_id")
        ]

    @api.model
    def _studio_reachable_families(self, pairs, excluded):
        """{customer: their first child} of the (customer, child) ``pairs`` the studio may e-mail:
        an e-mail address, not unsubscribed (blacklisted), not in ``excluded``."""
        families = {}
        for partner, subject in pairs:
            if partner not in excluded and partner.email and not partner.is_blacklisted:
                families.setdefault(partner, subject)
        return families

    def _studio_deadline_passed(self):
        self.ensure_one()
        return bool(self.order_deadline and self.order_deadline < fields.Datetime.now())

    def _studio_delivery_kind(self):
        """How orders of the job are delivered now: to the organisation (batch jobs, until the order
        deadline) or home (direct-shipping jobs, late orders)."""
        self.ensure_one()
        return (
            "organisation"
            if self.delivery_mode == "batch" and not self._studio_deadline_passed()
            else "home"
        )

    # === BUSINESS METHODS - SUBJECTS === #

    def add_spare_subjects(self, count):
        """Create ``count`` blank subjects (spare QR cards) in this job; returns their ids."""
        return self._create_spare_subjects(count).ids

    def _create_spare_subjects(self, count):
        self.ensure_one()
        if count < 0 or count > 10000:
            raise UserError(_("The number of spare cards must be between 0 and 10000."))
        return self.env["studio.subject"].create([{"job_id": self.id}] * count)

    def _unused_spare_subjects(self):
        """The job's blank spare cards nobody used: no name, no customer, no order (of their own or
        lines in a sibling's), oldest first."""
        self.ensure_one()
        # orders of any salesperson count, also those the user may not read
        return (
            self.env["studio.subject"]
            .sudo()
            .search(
                [
                    ("job_id", "=", self.id),
                    ("name", "in", (False, "")),
                    ("partner_id", "=", False),
                    ("order_ids", "=", False),
                    ("order_line_ids", "=", False),
                ],
                order="id",
            )
            .with_env(self.env)
        )

    def _spare_subjects_to_print(self, count):
        """``count`` spare subjects to print: the job's unused ones first, new ones for the rest."""
        self.ensure_one()
        if count < 0:
            raise UserError(_("The number of spare cards must be between 0 and 10000."))
        unused = self._unused_spare_subjects()[:count]
        return unused | self._create_spare_subjects(count - len(unused))

    def _import_names(self, rows):
        """Create or update this job's subjects from names-list rows (dicts with name, group and
        optionally external_ref and consent). A row matches an existing subject, archived ones
        included, by external id, or by name and group when it has none; access codes are never
        touched.
        Returns (created, updated) subjects."""
        self.ensure_one()
        Subject = self.env["studio.subject"].with_context(active_test=False)
        existing = Subject.search([("job_id", "=", self.id)])
        by_ref = {s.external_ref: s for s in existing if s.external_ref}
        by_name = {
            (s.name.lower(), (s.group_name or "").lower()): s
            for s in existing
            if s.name and not s.external_ref
        }
        updated, to_create = Subject, []
        for row in rows:
            vals = {"name": row["name"], "group_name": row.get("group") or False}
            if "consent" in row:
                vals["online_consent"] = row["consent"]
            if row.get("external_ref"):
                vals["external_ref"] = row["external_ref"]
                subject = by_ref.get(row["external_ref"])
            else:
                subject = by_name.get((row["name"].lower(), (row.get("group") or "").lower()))
            if subject:
                if any(
                    (subject[field] or False) != value
                    for field, value in vals.items()
                    if field != "external_ref"
                ):
                    subject.write(vals)
                    updated |= subject
            else:
                to_create.append(dict(vals, job_id=self.id))
        return Subject.create(to_create), updated

    # === BUSINESS METHODS - COLLECTION AND BATCH === #

    def _get_open_collection(self):
        """The job's open collection of prepay orders (created when missing), share-locked so that
        a placement closing it concurrently makes this transaction retry."""
        self.ensure_one()
        collections_sudo = self.env["studio.order.collection"].sudo()
        collection_sudo = collections_sudo.search(
            [("job_id", "=", self.id), ("origin", "=", "online"), ("state", "=", "open")], limit=1
        )
        if collection_sudo:
            share_lock(collection_sudo)
            return collection_sudo
        self._serialize_creation()
        # a new open collection after a placed one (an order sent back for change arrives) gets a
        # number
        number = (
            collections_sudo.search_count([("job_id", "=", self.id), ("origin", "=", "online")]) + 1
        )
        name = (
            _("%s: prepay orders", self.name)
            if number == 1
            else _("%(job)s: prepay orders (%(number)s)", job=self.name, number=number)
        )
        return collections_sudo.create({"name": name, "job_id": self.id})

    def _get_open_batch(self):
        """The job's open batch, created when missing (a unique index keeps it one per job),
        share-locked so that a concurrent release makes this transaction retry."""
        self.ensure_one()
        batches_sudo = self.env["studio.batch"].sudo()
        batch_sudo = batches_sudo.search(
            [("job_id", "=", self.id), ("state", "=", "open")], limit=1
        )
        if batch_sudo:
            share_lock(batch_sudo)
            return batch_sudo
        self._serialize_creation()
        deadline = (
            self.batch_deadline
            if self.batch_deadline and self.batch_deadline > fields.Datetime.now()
            else False
        )
        return batches_sudo.create(
            {
                "name": _(
                    "%(job)s: batch %(number)s",
                    job=self.name,
                    number=len(self.sudo().batch_ids) + 1,
                ),
                "job_id": self.id,
                "deadline": deadline,
            }
        )

    def _serialize_creation(self):
        """Before creating the job's open collection or batch: touch the job's row. A transaction
        doing the same at the same time waits for this one, then fails with a serialization error
        that Odoo retries, and the retry finds the record created here (instead of hitting the
        unique index)."""
        touch_lock(self)

    # === BUSINESS METHODS - CUSTOMERS' CODES === #

    @api.model
    def _studio_code_target(self, code):
        """What a customer's code opens now: the job in prepay for its global code; for a subject's
        access code, its job's prepay shop (the subject chosen) or, while selling, its proof
        gallery; ``None`` otherwise (wrong code or phase)."""
        code = access_code.normalize(code)
        if not code:
            return None
        job_sudo = self.sudo().search(
            [("global_code", "=", code), ("phase", "=", "prepay")], limit=1
        )
        return (
            job_sudo
            or self.env["studio.subject"]
            .sudo()
            .search(
                [("access_code", "=", code), ("job_id.phase", "in", ("prepay", "selling"))], limit=1
            )
            or None
        )

    def _studio_closed_subject(self, code):
        """The subject of a closed job whose access code is ``code``, or nothing. Only such a code
        may be told that its job is closed: its holder has the card, so the answer reveals nothing
        they do not know (a wrong code and a code of another phase keep one neutral answer)."""
        code = access_code.normalize(code)
        return (
            code
            and self.env["studio.subject"]
            .sudo()
            .search([("access_code", "=", code), ("job_id.phase", "=", "closed")], limit=1)
            or self.env["studio.subject"]
        )

    def _studio_find_subject(self, code):
        """The active subject of this job with the access code ``code`` (as typed), or nothing."""
        self.ensure_one()
        code = access_code.normalize(code)
        return (
            code
            and self.env["studio.subject"]
            .sudo()
            .search([("job_id", "=", self.id), ("access_code", "=", code)], limit=1)
            or self.env["studio.subject"]
        )

    def _studio_subject_by_name(self, partner, name, group):
        """The subject a customer orders for by name and class (jobs that allow it): the one this
        customer account (``partner``; none for a guest) already named so, else a new one with its
        own access code. Subjects of the names list are never matched by name, so that nobody gets
        another child's code by typing a name."""
        self.ensure_one()
        subjects_sudo = self.env["studio.subject"].sudo()
        name, group = name.strip(), (group or "").strip()
        mine_sudo = (
            subjects_sudo.search(
                [("job_id", "=", self.id), ("partner_id", "=", partner.id)]
            ).filtered(
                lambda s: (
                    (s.name or "").lower() == name.lower()
                    and (s.group_name or "").lower() == group.lower()
                )
            )
            if partner
            else subjects_sudo
        )
        return mine_sudo[:1] or subjects_sudo.create(
            {
                "job_id": self.id,
                "name": name,
                "group_name": group or False,
                "partner_id": partner and partner.id,
            }
        )

    # === BUSINESS METHODS - RETENTION === #

    @api.model
    def _cron_apply_retention(self):
        """The scheduled action of the retention: one step of the oldest job (archived ones
        included) whose photos or subjects are due, not on legal hold and without a batch in
        production at the lab."""
        self.with_context(active_test=False)._cron_run_step()

    @api.model
    def _cron_step_domain(self):
        now = fields.Datetime.now()
        return [
            ("legal_hold", "=", False),
            ("batch_ids", "not any", [("state", "in", BATCH_IN_PRODUCTION)]),
            "|",
            "&",
            ("photos_due", "<=", now),
            ("photos_deleted_date", "=", False),
            "&",
            ("subjects_due", "<=", now),
            ("subjects_anonymised_date", "=", False),
        ]

    def _process_step(self):
        self.ensure_one()
        photos_due = self.photos_due and self.photos_due <= fields.Datetime.now()
        if photos_due and not self.photos_deleted_date:
            return self._delete_photos_step()
        return self._anonymise_subjects()

    def _cron_step_remaining(self):
        return self.search_count(self._cron_step_domain())

    def _delete_photos_step(self):
        """Delete the next RETENTION_STEP photo files of the job (Odoo's garbage collection then
        removes them from the filestore); once none is left, the photos no order uses and the
        uploads, and the chatter tells what was deleted by which rule. Orders, invoices,
        payments and lab order sheets stay. Returns how many records were deleted."""
        self.ensure_one()
        job_sudo = self.sudo()
        files_sudo = job_sudo._retention_files(limit=RETENTION_STEP)
        if files_sudo:
            job_sudo.retention_files_deleted += len(files_sudo)
            files_sudo.unlink()
            return len(files_sudo)
        photos_sudo = (
            self.env["studio.photo"]
            .sudo()
            .search(
                [("job_id", "=", self.id), *self.env["studio.photo"]._unordered_domain()],
                limit=RETENTION_STEP,
            )
        )
        if photos_sudo:
            photos_sudo.unlink()
            return len(photos_sudo)
        job_sudo.upload_ids.unlink()
        job_sudo.photos_deleted_date = fields.Datetime.now()
        job_sudo.message_post(
            body=_(
                'Photos deleted by the rule "Delete photos after %(days)s days" (closed on '
                "%(closed)s): %(files)s files (originals, proofs, thumbnails, uploads, card "
                "shots, lab export zips). Orders, invoices, payments and lab order sheets are "
                "kept.",
                days=self.photo_retention_days,
                closed=self.phase_date,
                files=self.retention_files_deleted,
            )
        )
        return 1

    def _retention_files(self, limit=None):
        """The job's photo files: its photos' (originals, proofs, thumbnails), its uploads' (card
        shots and what an interrupted upload left), its subjects' (QR cards), its QR card PDFs
        and its lab export zips (not the order sheets)."""
        self.ensure_one()
        photos = self.env["studio.photo"].sudo()._search([("job_id", "=", self.id)])
        subjects = self.env["studio.subject"].sudo().with_context(active_test=False)
        files = expression.OR(
            [
                [("res_model", "=", "studio.photo"), ("res_id", "in", photos)],
                [("res_model", "=", "studio.upload"), ("res_id", "in", self.upload_ids.ids)],
                [
                    ("res_model", "=", "studio.subject"),
                    ("res_id", "in", subjects._search([("job_id", "=", self.id)])),
                ],
                [
                    ("res_model", "=", "studio.job"),
                    ("res_id", "=", self.id),
                    ("name", "=like", "QR cards%"),
                ],
                [("id", "in", self.batch_ids.images_attachment_ids.ids)],
            ]
        )
        # every attachment, those of binary fields (res_field) included
        any_field = ["|", ("res_field", "=", False), ("res_field", "!=", False)]
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(expression.AND([any_field, files]), order="id", limit=limit)
        )

    def _anonymise_subjects(self):
        """Anonymise the job's subjects (archived ones included), by the rule of its
        retention."""
        self.ensure_one()
        subjects_sudo = (
            self.env["studio.subject"]
            .sudo()
            .with_context(active_test=False)
            .search([("job_id", "=", self.id), ("anonymised", "=", False)])
        )
        subjects_sudo._anonymise()
        self.sudo().subjects_anonymised_date = fields.Datetime.now()
        self.sudo().message_post(
            body=_(
                '%(count)s subjects anonymised by the rule "Anonymise subjects after %(days)s '
                'days" (closed on %(closed)s).',
                count=len(subjects_sudo),
                days=self.subject_retention_days,
                closed=self.phase_date,
            )
        )
        return len(subjects_sudo) or 1
