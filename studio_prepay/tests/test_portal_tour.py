from odoo.tests import tagged

from .common_portal import StudioPortalCase


@tagged("post_install", "-at_install")
class TestPortalTour(StudioPortalCase):

    def test_tour_from_the_card_code_to_a_paid_prepay_order(self):
        provider = self.demo_provider()
        self.env["payment.provider"].search([("id", "!=", provider.id)]).state = "disabled"
        self.job.write({"prepay_subject_entry": "code_or_name"})
        self.job.action_start_prepay()
        portal_user = self.env.ref("base.demo_user0")
        self.start_tour(f"/studio/code?code={self.job.global_code}", "studio_prepay_tour")
        order = self.env["sale.order"].search([("studio_job_id", "=", self.job.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id, portal_user.partner_id)
        self.assertEqual(order.studio_subject_id.name, "Tour Kid")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.studio_payment_state, "paid")
        self.assertEqual(order.studio_pipeline_state, "collected")
        self.assertEqual(order.order_line.product_uom_qty, 2)
