from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

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


class StudioJob(models.Model):
    _name = "studio.job"
    _description = "Photo job"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "picture_date desc, id desc"
    _check_company_auto = True

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

    subject_ids = fields.One2many("studio.subject", "job_id", string="Subjects")
    gallery_ids = fields.One2many("studio.gallery", "job_id", string="Galleries")
    gallery_count = fields.Integer(compute="_compute_gallery_count")
    collection_ids = fields.One2many(
        "studio.order.collection", "job_id", string="Order collections"
    )
    batch_ids = fields.One2many("studio.batch", "job_id", string="Batches")
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

    # === CONSTRAINT METHODS === #

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
        optionally external_ref). A row matches an existing subject, archived ones included, by
        external id, or by name and group when it has none; access codes are never touched.
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
            if row.get("external_ref"):
                vals["external_ref"] = row["external_ref"]
                subject = by_ref.get(row["external_ref"])
            else:
                subject = by_name.get((row["name"].lower(), (row.get("group") or "").lower()))
            if subject:
                if (
                    subject.name != vals["name"]
                    or (subject.group_name or False) != vals["group_name"]
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
