from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..const import PHOTO_SLOTS, WAITING_FOR_CHANGE_DOMAIN
from ..tools import bulk
from ..tools.counting import count_by
from ..tools.locking import lock_rows
from ..tools.notification import notification

BACKGROUND_THRESHOLD = 1000  # orders: a larger run goes to the background
CHUNK_SIZE = 2000  # orders per background step (one transaction each)


class StudioOrderCollection(models.Model):
    _name = "studio.order.collection"
    _description = "Order collection"
    _inherit = ["mail.thread", "studio.cron.step.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _cron_step_xmlid = "studio_prepay.ir_cron_studio_collection_tasks"

    # === FIELDS === #

    name = fields.Char(required=True)
    job_id = fields.Many2one("studio.job", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    origin = fields.Selection(
        [("online", "Prepay orders"), ("leftover", "Orders without photos")],
        required=True,
        default="online",
    )
    source_collection_id = fields.Many2one(
        "studio.order.collection",
        readonly=True,
        index="btree_not_null",
        help="The collection whose orders without photos came here.",
    )
    state = fields.Selection(
        [("open", "Open"), ("placed", "Placed")], default="open", required=True, tracking=True
    )
    order_ids = fields.One2many("sale.order", "studio_collection_id", string="Orders")
    missing_order_ids = fields.Many2many(
        "sale.order", string="Orders without photos", compute="_compute_counts"
    )
    unpaid_order_ids = fields.Many2many(
        "sale.order", string="Orders waiting for payment", compute="_compute_counts"
    )
    order_count = fields.Integer(compute="_compute_counts")
    to_place_count = fields.Integer(
        string="To place",
        compute="_compute_counts",
        help="Orders waiting here that are ready for the lab (paid, with all their photos, "
        "not waiting for the "
        "customer's change): Place order(s) now sends them on.",
    )
    missing_count = fields.Integer(string="Without photos", compute="_compute_counts")
    unpaid_count = fields.Integer(
        string="Waiting for payment",
        compute="_compute_counts",
        help="Confirmed orders not paid yet (paper orders until their payment is registered, "
        "bank transfers "
        "until they arrive): they stay here until they are paid.",
    )

    # Background task (populate or place of a large collection)
    task = fields.Selection(
        [("populate", "Populating photos"), ("place", "Placing orders")], readonly=True, copy=False
    )
    task_done = fields.Integer(readonly=True, copy=False)
    task_total = fields.Integer(readonly=True, copy=False)
    task_cursor = fields.Integer(
        readonly=True, copy=False, help="Last order id the task processed."
    )
    task_user_id = fields.Many2one("res.users", readonly=True, copy=False)
    task_progress = fields.Float(compute="_compute_task_progress")

    def init(self):
        # one open collection of prepay orders per job, also under concurrent confirmations
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS studio_order_collection_one_open_per_job
                ON studio_order_collection (job_id) WHERE state = 'open' AND origin = 'online'
        """)

    # === COMPUTE METHODS === #

    @api.depends("order_ids.state", "order_ids.studio_pipeline_state", "order_ids.studio_lab_hold")
    def _compute_counts(self):
        """The orders waiting here, counted by what the lab decision
        (sale.order._studio_lab_blockers) says of them."""
        total = count_by(self, "sale.order", "studio_collection_id")
        waiting = self.env["sale.order"].search(self._waiting_orders_domain())
        blockers = waiting._studio_lab_blockers()
        by_collection = waiting.grouped("studio_collection_id")
        for collection in self:
            orders = by_collection.get(collection, waiting.browse())
            missing = orders.filtered(lambda o: "missing_photos" in blockers[o.id])
            unpaid = orders.filtered(lambda o: "unpaid" in blockers[o.id])
            collection.update(
                {
                    "order_count": total.get(collection, 0),
                    "to_place_count": len(orders.filtered(lambda o: not blockers[o.id])),
                    "missing_order_ids": missing,
                    "missing_count": len(missing),
                    "unpaid_order_ids": unpaid,
                    "unpaid_count": len(unpaid),
                }
            )

    @api.depends("task_done", "task_total")
    def _compute_task_progress(self):
        for collection in self:
            collection.task_progress = 100.0 * collection.task_done / (collection.task_total or 1)

    # === ACTION METHODS === #

    def action_populate_photos(self):
        return self._run_or_schedule("populate")

    def action_place_orders(self):
        return self._run_or_schedule("place")

    def action_add_order(self):
        """A paper order, entered by staff, directly in this collection: for a parent (no customer
        proposed, never the organisation), photo products picked without the product
        configurator."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_studio_job_id": self.job_id.id,
                "default_studio_collection_id": self.id,
                "studio_no_configurator": True,
            },
        }

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action.update(
            domain=[("studio_collection_id", "=", self.id)],
            context={"default_studio_collection_id": self.id},
        )
        return action

    # === BUSINESS METHODS - RUNNING NOW OR IN THE BACKGROUND === #

    def _run_or_schedule(self, task):
        """Populate or place now, or in the background for a large collection. Studio staff only
        (write access on the collection); the orders are then changed as superuser."""
        self.ensure_one()
        self.check_access("write")
        return self.sudo()._run_task(task)

    def _run_task(self, task):
        if self.task:
            raise UserError(
                _(
                    "%(collection)s is already busy: %(task)s (%(done)s of %(total)s orders).",
                    collection=self.name,
                    task=dict(self._fields["task"]._description_selection(self.env))[self.task],
                    done=self.task_done,
                    total=self.task_total,
                )
            )
        lock_rows(self)
        orders = self._orders_to_process()
        if len(orders) > BACKGROUND_THRESHOLD:
            self.write(
                {
                    "task": task,
                    "task_done": 0,
                    "task_total": len(orders),
                    "task_cursor": 0,
                    "task_user_id": self.env.uid,
                }
            )
            self._cron_step_trigger()
            return self._notify(
                _(
                    "%(task)s for %(count)s orders in the background: the collection shows "
                    "the progress.",
                    task=dict(self._fields["task"]._description_selection(self.env))[task],
                    count=len(orders),
                )
            )
        if task == "populate":
            return self._notify(self._populate_photos(orders))
        return self._notify(self._place_orders(orders), kind="success")

    def _waiting_orders_domain(self):
        return [
            ("studio_collection_id", "in", self.ids),
            ("state", "=", "sale"),
            ("studio_pipeline_state", "=", "collected"),
        ]

    def _orders_to_process_domain(self, after_id=0):
        # an order sent back to its customer waits for the answer, unless the admin chose not to
        # wait
        return [
            *self._waiting_orders_domain(),
            ("id", ">", after_id),
            "!",
            *WAITING_FOR_CHANGE_DOMAIN,
        ]

    def _orders_to_process(self, after_id=0, limit=None):
        return self.env["sale.order"].search(
            self._orders_to_process_domain(after_id), order="id", limit=limit
        )

    def _notify(self, message, kind="info"):
        return notification(message, kind=kind)

    def _summary(self, task):
        self.ensure_one()
        if task == "populate":
            filled = (
                self.env["sale.order"].search_count(self._waiting_orders_domain())
                - self.missing_count
            )
            return _(
                "%(filled)s orders have all their photos, %(missing)s have missing "
                "photos; %(unpaid)s "
                "wait for payment.",
                filled=filled,
                missing=self.missing_count,
                unpaid=self.unpaid_count,
            )
        return _(
            "Orders placed; %(left)s orders without photos moved to a new collection; "
            "%(unpaid)s orders wait "
            "for payment here.",
            unpaid=self.unpaid_count,
            left=len(
                self.env["sale.order"].search(
                    [("studio_collection_id.source_collection_id", "=", self.id)]
                )
            ),
        )

    @api.model
    def _cron_run_tasks(self):
        """The scheduled action (its code in the databases): one step of the oldest background
        task."""
        self._cron_run_step()

    @api.model
    def _cron_step_domain(self):
        return [("task", "!=", False)]

    def _cron_step_env(self):
        """As superuser (populate and place change the orders so), in the language of the user who
        started the task: the notes, the reasons and the notification are theirs."""
        return self.sudo().with_context(lang=self.task_user_id.lang or self.env.lang)

    def _process_step(self):
        """CHUNK_SIZE orders of the task after the last one it processed; the last step finishes
        it."""
        orders = self._orders_to_process(after_id=self.task_cursor, limit=CHUNK_SIZE)
        if orders:
            if self.task == "populate":
                self._populate_photos(orders, log=False)
            else:
                self._place_orders(orders, log=False)
            self.write({"task_done": self.task_done + len(orders), "task_cursor": orders[-1].id})
        if not orders or not self._task_remaining():
            self._finish_task()
        return len(orders)

    def _task_remaining(self):
        """How many orders the task has left to process."""
        return self.env["sale.order"].search_count(
            self._orders_to_process_domain(after_id=self.task_cursor)
        )

    def _cron_step_remaining(self):
        """The orders left in this task (none once finished) and all those of the other tasks."""
        others = sum(
            self.search([("task", "!=", False), ("id", "!=", self.id)]).mapped("task_total")
        )
        return (self._task_remaining() if self.task else 0) + others

    def _finish_task(self):
        task_label = dict(self._fields["task"]._description_selection(self.env))[self.task]
        message = self._summary(self.task)
        self.message_post(
            body=_("%(task)s finished: %(summary)s", task=task_label, summary=message)
        )
        if self.task_user_id:
            self.task_user_id._bus_send(
                "simple_notification",
                {"title": _("%s finished", task_label), "message": f"{self.name}: {message}"},
            )
        self.write({"task": False, "task_user_id": False})
        self._close_if_placed()

    # === BUSINESS METHODS - POPULATE === #

    def _populate_photos(self, orders, log=True):
        """Fill each photo of the photo lines of ``orders`` that is not there yet: the subject's
        photo (the chosen pose, else the first), the class photo for group products, both for memory
        mates; mark lines of products that need manual revision. Photos already there (chosen by the
        customer in a proof gallery, or by staff) stay while they are the line's subject's. Orders
        that cannot be filled get the reason, with the access code looked for. Set-based: the lines
        and the job's photos are read in one query each, and each changed column is written in one
        statement, whatever the number of orders (the photos come from the galleries of the line's
        own subject and class, which is what the lines' photo constraint checks)."""
        Line = self.env["sale.order.line"]
        individual, group, owner = self._photo_index(orders.studio_job_id)
        photos_by_field = {"studio_photo_id": {}, "studio_class_photo_id": {}}
        revision, errors = {}, defaultdict(list)
        rows = Line._studio_photo_rows(orders)
        lines = Line.browse([row.id for row in rows])  # read together for the few error messages
        for row, line in zip(rows, lines, strict=True):
            if row.manual_revision and not row.needs_revision:
                revision[row.id] = True
            for field, kind in PHOTO_SLOTS[row.kind]:
                pose = max(row.pose or 0, 1) if field == "studio_photo_id" else 1
                key = (row.job_id, row.group) if kind == "group" else row.subject_id
                photos = (group if kind == "group" else individual).get(key, [])
                current = getattr(row, field)
                if current and owner.get(current) == key:
                    continue  # filled before (or chosen) and still this subject's photo
                # empty, or the photo of another subject since a retag or a subject change: fill
                # again
                if len(photos) >= pose:
                    photos_by_field[field][row.id] = photos[pose - 1]
                else:
                    if current:
                        photos_by_field[field][row.id] = False
                    errors[row.order_id].append(self._populate_error(line, kind, pose, photos))
        bulk.write_values(Line, "studio_needs_revision", revision)
        for field, photo_by_line in photos_by_field.items():
            bulk.write_values(Line, field, photo_by_line)
        changed_reasons = {}
        for order in orders:
            reason = "; ".join(errors.get(order.id, ())) or False
            if reason != (order.studio_populate_error or False):
                changed_reasons[order.id] = reason
        bulk.write_values(orders.browse(), "studio_populate_error", changed_reasons)
        return self._summary("populate") if log else None

    @api.model
    def _populate_error(self, line, kind, pose, photos):
        subject, product = line._studio_subject(), line.product_id.display_name
        if photos:
            return _(
                "pose %(pose)s of access code %(code)s does not exist (%(product)s)",
                pose=pose,
                code=subject.access_code,
                product=product,
            )
        if kind == "group":
            return _(
                "no class photo for group %(group)s (%(product)s)",
                group=subject.group_name or _("none"),
                product=product,
            )
        return _(
            "no photo for access code %(code)s (%(product)s)",
            code=subject.access_code or _("none"),
            product=product,
        )

    @api.model
    def _photo_index(self, jobs):
        """({subject id: [photo ids in pose order]}, {(job id, group lower): [photo ids]},
        {photo id: its subject id or (job id, group lower)}) in one query."""
        individual, group, owner = defaultdict(list), defaultdict(list), {}
        self.env["studio.photo"].flush_model(
            ["job_id", "subject_id", "kind", "gallery_id", "sequence", "name"]
        )
        self.env["studio.gallery"].flush_model(["group_name"])
        self.env.cr.execute(
            """
            SELECT p.id, p.job_id, p.subject_id, p.kind, LOWER(g.group_name)
              FROM studio_photo p JOIN studio_gallery g ON g.id = p.gallery_id
             WHERE p.job_id = ANY(%s) AND (p.subject_id IS NOT NULL OR p.kind = 'group')
          ORDER BY p.gallery_id, p.sequence, p.name, p.id
        """,
            [jobs.ids],
        )
        for photo_id, job_id, subject_id, kind, group_name in self.env.cr.fetchall():
            key = (job_id, group_name or "") if kind == "group" else subject_id
            (group if kind == "group" else individual)[key].append(photo_id)
            owner[photo_id] = key
        return individual, group, owner

    # === BUSINESS METHODS - PLACE === #

    def _place_orders(self, orders, log=True):
        """Orders ready for the lab (sale.order._studio_lab_blockers) go on: to manual revision when
        the job or one of their products asks for it, else to the job's open batch (released at once
        for direct-shipping jobs). Orders with missing photos move to a new collection; the others
        (not paid yet) stay here until they are ready."""
        self.ensure_one()
        blockers = orders._studio_lab_blockers()
        ready = orders.filtered(lambda o: not blockers[o.id])
        incomplete = orders.filtered(lambda o: "missing_photos" in blockers[o.id])
        revised = {
            order.id
            for [order] in self.env["sale.order.line"]._read_group(
                [("order_id", "in", ready.ids), ("studio_needs_revision", "=", True)], ["order_id"]
            )
        }
        revision = ready.filtered(lambda o: o.studio_job_id.manual_revision or o.id in revised)
        if revision:
            revision.with_context(mail_notrack=True).studio_pipeline_state = "revision"
            bulk.log_note(revision, _("Placed: waiting in manual revision."))
        (ready - revision)._studio_send_to_lab(_("Placed"))
        if incomplete:
            leftover = self._leftover_collection()
            incomplete.with_context(mail_notrack=True).studio_collection_id = leftover
            bulk.log_note(
                incomplete, _("Placed without photos: moved to collection %s.", leftover.name)
            )
        self._close_if_placed()
        if not log:
            return None
        return _(
            "%(batched)s orders placed in the job's batch, %(revision)s in manual "
            "revision; %(left)s orders "
            "without photos moved to a new collection; %(unpaid)s orders wait for payment here.",
            batched=len(ready - revision),
            revision=len(revision),
            left=len(incomplete),
            unpaid=self.unpaid_count,
        )

    def _close_if_placed(self):
        """A collection whose orders have all gone on (none waiting, none in draft) is placed."""
        waiting = self.env["sale.order"].search_count(
            [
                ("studio_collection_id", "=", self.id),
                ("state", "!=", "cancel"),
                ("studio_pipeline_state", "in", (False, "collected")),
            ],
            limit=1,
        )
        if not self.task and not waiting:
            self.state = "placed"

    def _leftover_collection(self):
        leftover = self.search(
            [("source_collection_id", "=", self.id), ("state", "=", "open")], limit=1
        )
        return leftover or self.create(
            {
                "name": _("%s: orders without photos", self.name),
                "job_id": self.job_id.id,
                "origin": "leftover",
                "source_collection_id": self.id,
            }
        )
