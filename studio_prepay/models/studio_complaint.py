from odoo import _, api, fields, models


class StudioComplaint(models.Model):
    _name = "studio.complaint"
    _description = "Customer complaint or feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    kind = fields.Selection(
        [("complaint", "Complaint"), ("feedback", "Feedback")],
        required=True,
        default="complaint",
        tracking=True,
    )
    description = fields.Text(required=True)
    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", check_company=True
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id", store=True, index=True, string="Customer"
    )
    job_id = fields.Many2one(related="order_id.studio_job_id", store=True, index="btree_not_null")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible", tracking=True, domain="[('share', '=', False)]"
    )
    state = fields.Selection(
        [("new", "New"), ("in_progress", "In progress"), ("done", "Solved")],
        default="new",
        required=True,
        tracking=True,
        group_expand=True,
    )
    resolution = fields.Html(
        help="How it was solved: e-mailed to the customer when the complaint is solved."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("studio.complaint") or "/"
        complaints = super().create(vals_list)
        for complaint in complaints:
            complaint.message_subscribe(partner_ids=complaint.partner_id.ids)
            complaint.message_post_with_source(
                "studio_prepay.mail_template_complaint_received",
                subtype_xmlid="mail.mt_comment",
                partner_ids=complaint.partner_id.ids,
            )
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(
                    complaint.user_id or complaint.order_id.user_id or complaint.job_id.user_id
                ).id,
                summary=_("Answer the customer's complaint")
                if complaint.kind == "complaint"
                else _("Answer the customer's feedback"),
            )
        return complaints

    def _track_template(self, changes):
        res = super()._track_template(changes)
        complaint = self[0]
        if "state" in changes and complaint.state == "done":
            res["state"] = (
                self.env.ref("studio_prepay.mail_template_complaint_solved"),
                {
                    "subtype_id": self.env.ref("mail.mt_comment").id,
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return res

    def action_start(self):
        self.write({"state": "in_progress", "user_id": self.user_id.id or self.env.uid})

    def action_solve(self):
        self.state = "done"
