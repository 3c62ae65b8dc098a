from odoo.tests import tagged

from .common_portal import StudioPortalCase


@tagged("post_install", "-at_install")
class TestPortalTour(StudioPortalCase):
    browser_size = "390x844"  # a phone
    touch_enabled = True

    def test_tour_from_the_card_code_to_a_paid_gallery_order_on_a_phone(self):
        provider = self.demo_provider()
        self.env["payment.provider"].search([("id", "!=", provider.id)]).state = "disabled"
        self.start_selling()
        self.start_tour(f"/studio/code?code={self.ann.access_code}", "studio_prepay_tour")
        order = self.env["sale.order"].search([("studio_job_id", "=", self.job.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id.email, "tour.parent@example.com")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.studio_payment_state, "paid")
        line = order.order_line.filtered("studio_photo_id")
        self.assertEqual((line.studio_photo_id, line.studio_crop), (self.ann_photos[1], "close_up"))
