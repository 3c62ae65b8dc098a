from werkzeug.urls import url_encode

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..const import MAX_LENGTHS
from ..tools import access_code

CODE_ENTRY_PATH = "/studio/code"


class StudioSubject(models.Model):
    _name = "studio.subject"
    _description = "Photo subject"
    _order = "job_id, group_name, name, id"
    _check_company_auto = True

    job_id = fields.Many2one("studio.job", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    name = fields.Char(help="Empty for a spare card handed out blank on picture day.")
    group_name = fields.Char(string="Group / class", index=True)
    external_ref = fields.Char(
        string="External ID",
        help="The subject's id in the names list (school system); "
        "re-importing a names list updates subjects by this id.",
    )
    access_code = fields.Char(readonly=True, copy=False, index=True)
    is_spare = fields.Boolean(string="Spare card", compute="_compute_is_spare", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        help="The customer who claimed this subject's code.",
    )
    active = fields.Boolean(default=True)
    order_ids = fields.One2many("sale.order", "studio_subject_id", string="Orders")
    order_line_ids = fields.One2many(
        "sale.order.line",
        "studio_subject_id",
        string="Lines in siblings' orders",
        help="Order lines for this subject in an order of a sibling (one cart for several "
        "children).",
    )
    code_url = fields.Char(
        string="Code URL",
        compute="_compute_code_url",
        help="The portal address printed on the subject's QR card, with the code filled in.",
    )

    _sql_constraints = [
        ("access_code_unique", "UNIQUE(access_code)", "An access code must be unique."),
        (
            "external_ref_unique",
            "UNIQUE(job_id, external_ref)",
            "An external ID can be used only once per job.",
        ),
    ]

    @api.constrains(*MAX_LENGTHS)
    def _check_lengths(self):
        for subject in self:
            for field, limit in MAX_LENGTHS.items():
                if len(subject[field] or "") > limit:
                    raise ValidationError(
                        _(
                            "Subject %(subject)s: the %(field)s has %(length)s "
                            "characters, at most %(max)s.",
                            subject=subject._short_name(),
                            field=self._fields[field]._description_string(self.env).lower(),
                            length=len(subject[field]),
                            max=limit,
                        )
                    )

    def _short_name(self, size=40):
        """The subject's name (or code) cut to ``size`` characters, for messages."""
        name = self.name or self.access_code or ""
        return name if len(name) <= size else f"{name[:size]}…"

    @api.depends("name")
    def _compute_is_spare(self):
        for subject in self:
            subject.is_spare = not subject.name

    @api.depends("name", "access_code")
    def _compute_display_name(self):
        for subject in self:
            subject.display_name = subject.name or _("Spare card %s", subject.access_code or "")

    @api.depends("access_code")
    def _compute_code_url(self):
        base_url = self.browse().get_base_url()
        for subject in self:
            subject.code_url = subject.access_code and "%s%s?%s" % (
                base_url,
                CODE_ENTRY_PATH,
                url_encode({"code": subject.access_code}),
            )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("access_code") for vals in vals_list):
            raise UserError(_("Access codes are generated; they cannot be chosen."))
        codes = access_code.new_codes(self.env.cr, len(vals_list))
        return super().create(
            [dict(vals, access_code=code) for vals, code in zip(vals_list, codes, strict=True)]
        )

    def write(self, vals):
        if "access_code" in vals:
            raise UserError(_("An access code is printed on a card: it cannot be changed."))
        if "job_id" in vals and any(subject.job_id.id != vals["job_id"] for subject in self):
            raise UserError(_("A subject cannot move to another job."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ordered(self):
        ordered = self.sudo().filtered("order_ids")
        if ordered:
            raise UserError(
                _(
                    "These subjects have orders and cannot be deleted; archive them instead: %s",
                    ", ".join(ordered.mapped("display_name")),
                )
            )

    @api.model
    def _customer_domain(self, partner):
        """The subjects a customer account may see (the portal record rule says the same): those
        whose code it claimed, and those its orders are for (an order gets its subject from a code
        the customer entered, or from studio staff). A line of an order for a subject grants
        nothing: the code does."""
        return [
            "|",
            ("partner_id", "child_of", partner.ids),
            ("order_ids.partner_id", "child_of", partner.ids),
        ]

    def _proof_galleries(self):
        """The galleries shown to the customers of these subjects: each subject's own gallery and
        the group gallery of its group (matched like populate does, ignoring case)."""
        Gallery = self.env["studio.gallery"].sudo()
        groups = {
            (subject.job_id.id, subject.group_name.lower())
            for subject in self
            if subject.group_name
        }
        group_galleries = Gallery.search(
            [("job_id", "in", self.job_id.ids), ("kind", "=", "group")]
        ).filtered(lambda g: (g.job_id.id, (g.group_name or "").lower()) in groups)
        return Gallery.search([("subject_id", "in", self.ids)]) | group_galleries

    def _proof_photos(self):
        return self._proof_galleries().photo_ids

    def _claim(self, partner):
        """Record the customer of subjects nobody claimed yet (spare cards, names-list subjects)."""
        self.filtered(lambda subject: not subject.partner_id).sudo().partner_id = partner

    def _studio_pose_lines(self, partner=None, orders=None):
        """Prepay+: the lines of paid orders for this subject whose pose the customer may still
        choose in the proof gallery: portraits of a package whose photo the customer did not pick
        (see ``sale.order.line._studio_pose_to_choose``), until the job's order deadline and while
        the order waits in its collection. The orders are ``partner``'s and those of ``orders``
        (whose link the visitor opened, a guest's for instance)."""
        self.ensure_one()
        customer_domains = []
        if partner:
            customer_domains.append([("partner_id", "child_of", partner.commercial_partner_id.ids)])
        if orders:
            customer_domains.append([("id", "in", orders.ids)])
        if (
            not customer_domains
            or self.job_id.phase != "selling"
            or self.job_id._studio_deadline_passed()
        ):
            return self.env["sale.order.line"]
        orders_sudo = (
            self.env["sale.order"]
            .sudo()
            .search(
                expression.AND(
                    [
                        expression.OR(customer_domains),
                        [
                            "|",
                            ("studio_subject_id", "=", self.id),
                            ("order_line.studio_subject_id", "=", self.id),
                            ("state", "=", "sale"),
                            ("studio_is_paid", "=", True),
                            ("studio_pipeline_state", "in", (False, "collected")),
                        ],
                    ]
                )
            )
        )
        # an order for several children (siblings): each line is chosen in its own child's gallery
        # never a line ordered from a photo of the gallery (the parent picked it) nor a digital
        # download
        return orders_sudo.order_line.filtered(
            lambda line: line._studio_pose_to_choose() and line._studio_subject() == self
        )
