import base64
import csv
import io
import json
import zipfile

from markupsafe import Markup
from werkzeug.urls import url_encode

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..const import BATCH_IN_PRODUCTION, MAX_LENGTHS
from ..tools import access_code, lab_export

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
    online_consent = fields.Boolean(
        string="Photos online",
        default=True,
        help="The family agreed to photos online (the names list's consent column). Without "
        "it the subject has no online gallery: the code only says that the studio hands the "
        "photos over directly, and the class photo of its class is not shown online unless the "
        "job's class photos are covered by the school's agreement. Paper orders and the lab "
        "work as usual.",
    )
    anonymised = fields.Boolean(
        readonly=True, copy=False, help="The name was replaced with a neutral label."
    )
    erasure_requested_date = fields.Datetime(
        string="Erasure requested on",
        readonly=True,
        copy=False,
        help="The family asked the studio to erase this subject's photos and name.",
    )
    erasure_activity_id = fields.Many2one(
        "mail.activity", string="Erasure request", readonly=True, copy=False, ondelete="set null"
    )
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
        """The galleries shown online to the customers of these subjects: each subject's own
        gallery and the group gallery of its group (matched like populate does, ignoring case);
        nothing of a subject without consent to photos online, and no group gallery of a group
        with such a subject unless the job's class photos are covered by the school's
        agreement."""
        Gallery = self.env["studio.gallery"].sudo()
        online = self.filtered("online_consent")
        groups = {
            (subject.job_id.id, subject.group_name.lower())
            for subject in online
            if subject.group_name
        } - self._groups_without_consent(online.job_id)
        group_galleries = Gallery.search(
            [("job_id", "in", online.job_id.ids), ("kind", "=", "group")]
        ).filtered(lambda g: (g.job_id.id, (g.group_name or "").lower()) in groups)
        return Gallery.search([("subject_id", "in", online.ids)]) | group_galleries

    @api.model
    def _groups_without_consent(self, jobs):
        """{(job id, group in lower case)} of the groups of ``jobs`` (those whose class photos are
        not covered by the school's agreement) with a subject without consent to photos
        online."""
        subjects_sudo = self.sudo().search(
            [
                ("job_id", "in", jobs.filtered(lambda job: not job.class_photos_covered).ids),
                ("online_consent", "=", False),
                ("group_name", "!=", False),
            ]
        )
        return {(subject.job_id.id, subject.group_name.lower()) for subject in subjects_sudo}

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

    # === ACTION METHODS - DATA PROTECTION === #

    def action_studio_erase(self):
        """Erase the subjects at their family's request: their photos' files and the photos
        nobody ordered, their card shots, then their names (orders and accounting are kept). The
        job's chatter tells what was erased."""
        self.check_access("unlink")  # studio administrators
        at_lab = self.sudo().filtered(lambda subject: subject._at_lab())
        if at_lab:
            raise UserError(
                _(
                    "The lab is producing orders of %s: erase once their batch is shipped.",
                    ", ".join(at_lab.mapped("display_name")),
                )
            )
        for subject in self.sudo():
            deleted = subject._delete_photo_files()
            name = subject.display_name
            subject._anonymise()
            subject.erasure_activity_id.action_feedback(feedback=_("Erased."))
            subject.job_id.message_post(
                body=_(
                    "Erased at the family's request by %(user)s: subject %(subject)s, "
                    "%(files)s photo files; orders and accounting kept.",
                    user=self.env.user.name,
                    subject=name,
                    files=deleted,
                )
            )
        return True

    # === BUSINESS METHODS - DATA PROTECTION === #

    def _at_lab(self):
        """Whether an order for this subject is in a batch the lab is producing (its photos are
        needed until the batch is shipped)."""
        self.ensure_one()
        return bool(
            self.env["sale.order"]
            .sudo()
            .search_count(
                [
                    ("studio_batch_id.state", "in", BATCH_IN_PRODUCTION),
                    "|",
                    ("studio_subject_id", "=", self.id),
                    ("order_line.studio_subject_id", "=", self.id),
                ],
                limit=1,
            )
        )

    def _delete_photo_files(self):
        """Delete the files of these subjects' own photos (originals, proofs, thumbnails) and of
        their card shots, then the photos no order uses; returns how many files were deleted."""
        photos_sudo = self.env["studio.photo"].sudo().search([("subject_id", "in", self.ids)])
        files = (
            self.env["studio.upload.file"]
            .sudo()
            .search(["|", ("photo_id", "in", photos_sudo.ids), ("card_subject_id", "in", self.ids)])
        )
        attachments_sudo = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    "|",
                    ("res_field", "=", False),
                    ("res_field", "!=", False),
                    "|",
                    "&",
                    ("res_model", "=", "studio.photo"),
                    ("res_id", "in", photos_sudo.ids),
                    ("id", "in", files.attachment_id.ids),
                ]
            )
        )
        files.write({"thumbnail": False})
        deleted = len(attachments_sudo)
        attachments_sudo.unlink()
        photos_sudo._unordered().unlink()
        return deleted

    def _anonymise(self):
        """Replace the subjects' names with a neutral label and forget their external ids and
        customers (their codes and classes stay: orders and lab sheets refer to them)."""
        self.sudo().write(
            {
                "name": _("Anonymised subject"),
                "external_ref": False,
                "partner_id": False,
                "anonymised": True,
                "erasure_requested_date": False,
            }
        )

    def _request_erasure(self):
        """The family asks the studio to erase these subjects: an activity for a studio
        administrator on each job, which the erase button of the subject closes."""
        admins = self.env.ref("studio_prepay.group_studio_manager").sudo().users
        for subject_sudo in self.sudo().filtered(lambda s: not s.erasure_requested_date):
            job_sudo = subject_sudo.job_id
            user = (
                job_sudo.user_id
                if job_sudo.user_id in admins
                else admins.filtered(lambda user: not user._is_superuser() and user.active)[:1]
            )
            activity = job_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Erasure request: %s", subject_sudo.display_name),
                note=Markup("<p>%s</p><p><a href='/odoo/studio.subject/%s'>%s</a></p>")
                % (
                    _(
                        "The family asks to erase the photos and the name of this subject "
                        "(orders and accounting are kept). Open the subject and press Erase."
                    ),
                    subject_sudo.id,
                    subject_sudo.display_name,
                ),
                user_id=user.id or self.env.ref("base.user_admin").id,
            )
            subject_sudo.write(
                {
                    "erasure_requested_date": fields.Datetime.now(),
                    "erasure_activity_id": activity.id,
                }
            )

    def _family_export(self, partner):
        """The zip of what the studio holds about these subjects (a family's claimed children):
        for each, its data (subject.json), the orders of ``partner`` for it (orders.csv) and the
        proofs of its photos (its own, and its class photo when shown online)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for subject_sudo in self.sudo():
                folder = lab_export.safe_file_name(
                    f"{subject_sudo.id}_{subject_sudo.name or subject_sudo.access_code}", "subject"
                )
                archive.writestr(
                    f"{folder}/subject.json",
                    json.dumps(subject_sudo._export_data(), indent=2, ensure_ascii=False),
                )
                archive.writestr(f"{folder}/orders.csv", subject_sudo._export_orders(partner))
                # the child's own photos even without consent to photos online (this is no
                # publication), the class photo as online
                own_sudo = (
                    self.env["studio.photo"].sudo().search([("subject_id", "=", subject_sudo.id)])
                )
                for photo_sudo in own_sudo | subject_sudo._proof_photos():
                    data = photo_sudo._proof_data()
                    if data:
                        archive.writestr(
                            f"{folder}/photos/{photo_sudo._lab_file_name()}",
                            base64.b64decode(data),
                        )
        return buffer.getvalue()

    def _export_data(self):
        self.ensure_one()
        return {
            "name": self.name or "",
            "class": self.group_name or "",
            "external_id": self.external_ref or "",
            "access_code": self.access_code,
            "job": self.job_id.name,
            "organisation": self.job_id.partner_id.name or "",
            "picture_day": str(self.job_id.picture_date or ""),
            "photos_online": self.online_consent,
            "customer": self.partner_id.name or "",
            "photos_deleted_on": str(self.job_id.photos_due or ""),
            "anonymised_on": str(self.job_id.subjects_due or ""),
        }

    def _export_orders(self, partner):
        """CSV of ``partner``'s orders for this subject (its own orders and lines for it in a
        sibling's order), one row per line."""
        self.ensure_one()
        orders_sudo = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", partner.commercial_partner_id.ids),
                    "|",
                    ("studio_subject_id", "=", self.id),
                    ("order_line.studio_subject_id", "=", self.id),
                ]
            )
        )
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(["order", "date", "state", "product", "quantity", "price", "currency"])
        for line in orders_sudo.order_line:
            writer.writerow(
                [
                    line.order_id.name,
                    line.order_id.date_order,
                    line.order_id.state,
                    line.product_id.display_name,
                    line.product_uom_qty,
                    line.price_total,
                    line.currency_id.name,
                ]
            )
        return output.getvalue()
