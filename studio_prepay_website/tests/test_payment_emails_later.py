from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.base.models.ir_actions_report import IrActionsReport
from odoo.addons.mail.models.mail_render_mixin import MailRenderMixin

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestPaymentEmailsLater(StudioWebsiteCase):
    """With Odoo's asynchronous order e-mails (``sale.async_emails``, the production set-up), the
    payment's status call that confirms a photo order renders no e-mail and no PDF while the parent
    waits: the confirmation, with the studio's delivery note, is rendered and sent by the cron
    worker afterwards."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("sale.async_emails", "True")
        self.job.action_start_prepay()
        self.start_selling()
        self.enter_code(self.ann.access_code)
        self.post(
            f"/studio/gallery/{self.ann.id}/add",
            {"photo_id": self.ann_photos[0].id, "product_id": self.product_print.id},
        )

    def test_the_payment_confirms_without_rendering_and_the_cron_sends_the_confirmation(self):
        order = self.cart()
        self.give_address()
        with (
            patch.object(
                MailRenderMixin,
                "_render_field",
                autospec=True,
                side_effect=MailRenderMixin._render_field,
            ) as mail_render,
            patch.object(
                IrActionsReport,
                "_render_qweb_pdf",
                autospec=True,
                side_effect=IrActionsReport._render_qweb_pdf,
            ) as pdf_render,
        ):
            self.assertEqual(self.checkout_and_pay(order)["state"], "done")
        self.assertEqual(order.state, "sale")
        self.assertFalse(mail_render.called, "no e-mail rendered during the checkout and payment")
        self.assertFalse(pdf_render.called, "no PDF rendered during the checkout and payment")
        confirmation = self.env.ref("studio_prepay.mail_template_studio_order_confirmation")
        self.assertEqual(order.pending_email_template_id, confirmation)
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        )
        self.env["sale.order"]._cron_send_pending_emails(auto_commit=False)
        self.assertFalse(order.pending_email_template_id)
        sent = self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
            ]
        )
        self.assertIn(f"Your photo order {order.name} is confirmed", sent.mapped("subject"))
        self.assertIn(
            "Delivered to Test School with the class photos of Ann Lee.",
            str(sent.body),
            "the confirmation rendered by the cron has the studio's delivery note",
        )
