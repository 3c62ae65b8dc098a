from datetime import datetime, timedelta

from odoo import Command, _, api, fields, models


class StudioJob(models.Model):
    _inherit = "studio.job"

    reminder_days = fields.Integer(
        string="Remind customers (days before)",
        default=3,
        help="This many days before the order deadline, customers of the job who have not "
        "ordered in its "
        "current phase get the reminder e-mail, once per deadline. 0 sends no reminder.",
    )
    reminder_template_id = fields.Many2one(
        "mail.template",
        string="Reminder e-mail",
        domain="[('model', '=', 'studio.subject')]",
        default=lambda self: self.env.ref(
            "studio_prepay_website.mail_template_deadline_reminder", raise_if_not_found=False
        ),
    )
    reminded_partner_ids = fields.Many2many(
        "res.partner",
        "studio_job_reminded_partner_rel",
        string="Reminded customers",
        readonly=True,
        copy=False,
        help="The customers reminded of the current order deadline (emptied when the "
        "deadline changes).",
    )

    def write(self, vals):
        if "order_deadline" in vals:
            vals = dict(vals, reminded_partner_ids=[Command.clear()])
        return super().write(vals)

    @api.model
    def _cron_send_deadline_reminders(self):
        """Remind the customers of jobs whose order deadline is near (scheduled action)."""
        now = fields.Datetime.now()
        jobs = self.search(
            [
                ("phase", "in", ("prepay", "selling")),
                ("order_deadline", ">", now),
                ("reminder_days", ">", 0),
                ("reminder_template_id", "!=", False),
            ]
        )
        for job in jobs.filtered(
            lambda job: job.order_deadline - timedelta(days=job.reminder_days) <= now
        ):
            job._send_deadline_reminders()

    def _send_deadline_reminders(self):
        """E-mail each customer to remind once of the job's order deadline, about one of their
        subjects."""
        self.ensure_one()
        recipients = self._studio_reminder_recipients()
        for partner, subject in recipients.items():
            self.reminder_template_id.with_context(
                lang=partner.lang,
                studio_unsubscribe_url=partner._studio_unsubscribe_url(),
            ).send_mail(subject.id, email_values={"recipient_ids": [Command.link(partner.id)]})
        if recipients:
            self.reminded_partner_ids = [Command.link(partner.id) for partner in recipients]
            self.message_post(
                body=_(
                    "Order deadline reminder sent to %(count)s customers.", count=len(recipients)
                )
            )

    def _studio_reminder_recipients(self):
        """{customer: subject} of the customers to remind: who claimed a subject of the job or has a
        confirmed order for one, with an e-mail address that is not blacklisted (unsubscribed),
        without a confirmed order since the job entered its phase and not reminded of this deadline
        yet."""
        self.ensure_one()
        since = self.phase_date or datetime.min
        confirmed = self.order_ids.filtered(lambda order: order.state == "sale")
        done = (
            confirmed.filtered(lambda order: order.date_order >= since).partner_id
            | self.reminded_partner_ids
        )
        return self._studio_reachable_families(
            self._studio_claims()
            + [
                (order.partner_id, order.studio_subject_id)
                for order in confirmed.filtered("studio_subject_id")
            ],
            done,
        )
