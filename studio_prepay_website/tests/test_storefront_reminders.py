from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.studio_prepay.tests.common import StudioCase
from odoo.addons.studio_prepay.tests.common_translations import load_french

from .common import FRENCH_MODULES, StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestAbandonedGalleryCart(StudioWebsiteCase):
    """Odoo's abandoned-cart e-mail reaches gallery carts like any website cart."""

    def setUp(self):
        super().setUp()
        self.start_selling()
        self.website = self.env["website"].get_current_website()
        self.website.write({"send_abandoned_cart_email": True, "cart_abandoned_delay": 1.0})

    def fill_cart_and_leave(self):
        self.enter_code(self.ann.access_code)
        self.post(
            f"/studio/gallery/{self.ann.id}/add",
            {"photo_id": self.ann_photos[1].id, "product_id": self.product_print.id, "quantity": 1},
        )
        return self.cart()

    def recovery_mail(self, cart):
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            self.env["website"]._send_abandoned_cart_email()
        return self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", cart.id)]
        )

    def test_guest_who_gave_an_email_gets_the_cart_back(self):
        cart = self.fill_cart_and_leave()
        self.assertFalse(self.recovery_mail(cart), "no e-mail before the guest gives one")
        self.give_address()
        mail = self.recovery_mail(cart)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "guest.parent@example.com")
        self.assertIn("Ann Lee, pose 2", mail.body_html)
        self.assertIn(f"/shop/cart?access_token={cart.access_token}", mail.body_html)
        self.assertTrue(cart.cart_recovery_email_sent)
        self.assertEqual(len(self.recovery_mail(cart)), 1, "sent once")

    def test_logged_in_customer_gets_the_cart_back(self):
        self.login(self.customer_user)
        cart = self.fill_cart_and_leave()
        self.assertEqual(cart.partner_id, self.customer_user.partner_id)
        mail = self.recovery_mail(cart)
        self.assertEqual(mail.email_to, "studio.parent@example.com")
        self.assertIn("Ann Lee, pose 2", mail.body_html)


@tagged("post_install", "-at_install")
class TestDeadlineReminders(StudioWebsiteCase):
    """Before the job's order deadline, its customers who have not ordered get one reminder."""

    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()
        prepaid = self.prepay_order(self.bob, partner_id=self.other_user.partner_id.id)
        prepaid.date_order = fields.Datetime.now() - timedelta(days=7)  # before picture day
        self.start_selling()
        self.job.order_deadline = fields.Datetime.now() + timedelta(days=2)
        self.login(self.customer_user)
        self.enter_code(self.ann.access_code)  # logged in: the customer of Ann from now on
        self.ordered = self.env["res.partner"].create(
            {"name": "Ordered Parent", "email": "ordered@example.com"}
        )
        self.cy.partner_id = self.ordered
        self.prepay_order(
            self.cy, partner_id=self.ordered.id
        )  # a gallery order, confirmed while selling
        self.unsubscribed = self.env["res.partner"].create(
            {"name": "No Mail", "email": "nomail@example.com"}
        )
        self.env["mail.blacklist"]._add("nomail@example.com")
        spare = self.job._create_spare_subjects(1)
        spare.partner_id = self.unsubscribed

    def reminders(self):
        return self.env["mail.mail"].search(
            [("model", "=", "studio.subject"), ("res_id", "in", self.job.subject_ids.ids)]
        )

    def remind(self):
        before = self.reminders()
        self.env["studio.job"]._cron_send_deadline_reminders()
        return self.reminders() - before

    def test_customers_without_an_order_are_reminded_once_per_deadline(self):
        self.assertEqual(self.ann.partner_id, self.customer_user.partner_id)
        sent = self.remind()
        self.assertEqual(
            sent.recipient_ids,
            self.customer_user.partner_id | self.other_user.partner_id,
            "the customer of Ann and the prepay customer of Bob; not who ordered, not "
            "the unsubscribed",
        )
        self.assertEqual(len(sent), 2, "one e-mail each")
        ann_mail = sent.filtered(lambda m: m.recipient_ids == self.customer_user.partner_id)
        self.assertIn(self.ann.access_code, ann_mail.body_html)
        self.assertIn(self.customer_user.partner_id._studio_unsubscribe_url(), ann_mail.body_html)
        self.assertFalse(self.remind(), "once per deadline")
        self.job.order_deadline = fields.Datetime.now() + timedelta(days=1)
        self.assertEqual(len(self.remind()), 2, "a new deadline, a new reminder")

    def test_no_reminder_before_the_reminder_days_nor_after_the_deadline(self):
        self.job.order_deadline = fields.Datetime.now() + timedelta(days=4)
        self.assertFalse(self.remind())
        self.job.order_deadline = fields.Datetime.now() - timedelta(hours=1)
        self.assertFalse(self.remind())
        self.job.write(
            {"order_deadline": fields.Datetime.now() + timedelta(days=1), "reminder_days": 0}
        )
        self.assertFalse(self.remind())

    def test_customer_unsubscribes_with_the_link(self):
        self.authenticate(None, None)
        partner = self.customer_user.partner_id
        url = partner._studio_unsubscribe_url().removeprefix(partner.get_base_url())
        self.assertEqual(self.url_open(url[:-4] + "xxxx").status_code, 404)
        page = self.url_open(url)
        self.assertIn("Stop the reminders", page.text)
        self.assertFalse(partner.is_blacklisted, "opening the link changes nothing")
        self.assertIn("gets no more reminders", self.post(url).text)
        partner.invalidate_recordset(["is_blacklisted"])
        self.assertTrue(partner.is_blacklisted)
        self.assertEqual(self.remind().recipient_ids, self.other_user.partner_id)


class TestReminderLanguage(StudioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env, FRENCH_MODULES)

    def test_deadline_reminder_reaches_each_customer_in_their_language(self):
        french, english = self.env["res.partner"].create(
            [
                {"name": "Parent FR", "email": "fr@example.com", "lang": "fr_FR"},
                {"name": "Parent EN", "email": "en@example.com", "lang": "en_US"},
            ]
        )
        self.subjects[0].partner_id = french
        self.subjects[1].partner_id = english
        self.job.write(
            {"phase": "prepay", "order_deadline": "2099-06-01 12:00:00", "reminder_days": 3}
        )
        self.job._send_deadline_reminders()
        mails = self.env["mail.mail"].search(
            [("model", "=", "studio.subject"), ("res_id", "in", self.subjects[:2].ids)]
        )
        by_partner = {mail.recipient_ids: mail for mail in mails}
        self.assertIn("Derniers jours pour commander", by_partner[french].subject)
        self.assertIn("Ne plus recevoir ces rappels", by_partner[french].body_html)
        self.assertIn("Last days to order", by_partner[english].subject)
        self.assertIn("Stop these reminders", by_partner[english].body_html)
