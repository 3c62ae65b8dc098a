from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import access_code

FULFILLMENT_STATES = [
    ("unfulfilled", "Unfulfilled"),
    ("processed", "Processed"),
    ("on_hold", "On hold"),
    ("shipped", "Shipped"),
    ("cancelled", "Cancelled"),
    ("fulfilled", "Fulfilled"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    studio_job_id = fields.Many2one(
        "studio.job", string="Photo job", index="btree_not_null", check_company=True,
        tracking=True)
    studio_subject_id = fields.Many2one(
        "studio.subject", string="Subject", index="btree_not_null", ondelete="restrict",
        check_company=True, tracking=True, domain="[('job_id', '=?', studio_job_id)]")
    studio_access_code = fields.Char(
        string="Access code", compute="_compute_studio_access_code", store=True, readonly=False,
        tracking=True,
        help="The subject's access code this order carries: populating photos looks for the "
             "galleries tagged with it.")

    studio_collection_id = fields.Many2one(
        "studio.order.collection", string="Order collection", index="btree_not_null", copy=False)
    studio_batch_id = fields.Many2one(
        "studio.batch", string="Batch", index="btree_not_null", copy=False)
    studio_pipeline_state = fields.Selection(
        [
            ("collected", "In collection"),
            ("revision", "Manual revision"),
            ("batched", "In batch"),
            ("production", "Sent to production"),
        ],
        string="Lab stage", copy=False, index="btree_not_null", readonly=True,
        help="Where the order is on its way to the lab: waiting in its order collection, in manual "
             "revision, in the job's batch, or sent to production.")
    studio_fulfillment_state = fields.Selection(
        FULFILLMENT_STATES, string="Fulfillment", copy=False, index="btree_not_null", tracking=True,
        help="Unfulfilled: new order. Processed: ready to ship. On hold: delayed (stock, lab, question). "
             "Shipped: on its way. Cancelled. Fulfilled: delivered, nothing left to do.")
    studio_fulfillment_note = fields.Html(
        string="Fulfillment notes", copy=False,
        help="Shown to the customer on the order page and in the e-mail about the change.")
    studio_populate_error = fields.Char(
        string="Missing photos", copy=False, readonly=True,
        help="What Populate photos could not fill, with the access code it looked for.")

    @api.depends("studio_subject_id")
    def _compute_studio_access_code(self):
        for order in self:
            order.studio_access_code = order.studio_subject_id.access_code

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._resolve_studio_access_code(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._resolve_studio_access_code(vals))

    @api.model
    def _resolve_studio_access_code(self, vals):
        """An order given only an access code (typed by staff, sent by an integration) gets the
        subject and the job of that code, in canonical form."""
        code = access_code.normalize(vals.get("studio_access_code"))
        if code and not vals.get("studio_subject_id"):
            subject = self.env["studio.subject"].with_context(active_test=False).search(
                [("access_code", "=", code)], limit=1)
            if subject:
                vals = dict(vals, studio_access_code=code, studio_subject_id=subject.id)
                vals.setdefault("studio_job_id", subject.job_id.id)
        return vals

    @api.constrains("studio_job_id", "studio_subject_id", "studio_access_code")
    def _check_studio_access_code(self):
        for order in self:
            subject, job = order.studio_subject_id, order.studio_job_id
            if subject and subject.job_id != job:
                raise ValidationError(_(
                    "Order %(order)s: subject %(subject)s belongs to job %(subject_job)s, not to %(job)s.",
                    order=order.name, subject=subject.display_name,
                    subject_job=subject.job_id.name, job=job.name or _("no job")))
            if order.studio_access_code and (
                    access_code.normalize(order.studio_access_code) != subject.access_code):
                raise ValidationError(_(
                    "Order %(order)s: access code %(code)s is not a code of job %(job)s%(subject)s.",
                    order=order.name, code=order.studio_access_code, job=job.name or _("(no job)"),
                    subject=subject and _(" (subject %s has %s)", subject.display_name,
                                          subject.access_code) or ""))

    @api.constrains("studio_batch_id")
    def _check_studio_batch(self):
        for order in self.filtered("studio_batch_id"):
            if order.studio_batch_id.state != "open":
                raise ValidationError(_(
                    "Batch %(batch)s was released: it takes no more orders (order %(order)s).",
                    batch=order.studio_batch_id.name, order=order.name))
            if order.studio_batch_id.job_id != order.studio_job_id:
                raise ValidationError(_("Order %(order)s cannot join batch %(batch)s of another job.",
                                        order=order.name, batch=order.studio_batch_id.name))

    def _action_confirm(self):
        result = super()._action_confirm()
        collected = self.filtered(lambda o: o.studio_job_id and not o.studio_pipeline_state and (
            o.studio_collection_id or o.studio_job_id.phase == "prepay"))
        self.filtered(lambda o: o.studio_job_id and not o.studio_fulfillment_state).with_context(
            mail_notrack=True).studio_fulfillment_state = "unfulfilled"
        for job, orders in collected.grouped("studio_job_id").items():
            orders.filtered(lambda o: not o.studio_collection_id).studio_collection_id = job._get_open_collection()
            orders.studio_pipeline_state = "collected"
        return result

    def action_release_from_revision(self):
        """Manual revision: send the revised orders to their job's open batch (or to production)."""
        not_in_revision = self.filtered(lambda o: o.studio_pipeline_state != "revision")
        if not_in_revision:
            raise UserError(_("These orders are not in manual revision: %s",
                              ", ".join(not_in_revision.mapped("name"))))
        missing = self.filtered(lambda o: o.order_line.filtered(
            lambda line: line._studio_needs_photo() and not line.studio_photo_id))
        if missing:
            raise UserError(_("Give every photo product a photo before releasing: %s",
                              ", ".join(missing.mapped("name"))))
        self.order_line.studio_needs_revision = False
        self._studio_send_to_lab(_("Released from manual revision"))

    def _studio_send_to_lab(self, reason):
        """Move orders on: direct-shipping jobs send each to production, the others join the job's
        open batch. One chatter note per order, written in bulk."""
        for job, orders in self.grouped("studio_job_id").items():
            if job.delivery_mode == "direct":
                orders.with_context(mail_notrack=True).write({"studio_pipeline_state": "production"})
                where = _("sent to production (direct shipping)")
            else:
                batch = job._get_open_batch()
                orders.with_context(mail_notrack=True).write(
                    {"studio_pipeline_state": "batched", "studio_batch_id": batch.id})
                where = _("added to batch %s", batch.name)
            orders._message_log_batch(dict.fromkeys(orders.ids, f"{reason}: {where}."))

    def _studio_split_by_photos(self):
        """(orders whose photo lines all have a photo, the others)."""
        incomplete = self.order_line.filtered(
            lambda line: line._studio_needs_photo() and not line.studio_photo_id).order_id
        return self - incomplete, self & incomplete

    def _studio_set_fulfillment(self, state, note=False, notify=False):
        """Change the fulfillment state (tracked in the chatter) with a note for the customer;
        ``notify`` e-mails the customer the new state and the note."""
        self.write({"studio_fulfillment_state": state, "studio_fulfillment_note": note})
        if notify:
            template = self.env.ref("studio_prepay.mail_template_fulfillment")
            for order in self:
                order.with_context(mail_notify_author=True).message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", partner_ids=order.partner_id.ids)
