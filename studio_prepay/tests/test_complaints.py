from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import StudioCase


class ComplaintCase(StudioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.action_start_prepay()
        cls.parent_user = new_test_user(
            cls.env, "studio_parent", groups="base.group_portal", password="studio_parent1"
        )
        cls.other_user = new_test_user(
            cls.env, "studio_other", groups="base.group_portal", password="studio_other1"
        )
        cls.order = cls.prepay_order(cls.subjects[0], partner_id=cls.parent_user.partner_id.id)
        cls.order.user_id = cls.studio_user

    def _mails(self, complaint):
        return self.env["mail.mail"].search(
            [("model", "=", "studio.complaint"), ("res_id", "=", complaint.id)]
        )


class TestComplaints(ComplaintCase):
    def test_complaint_gets_a_reference_an_activity_and_an_acknowledgement(self):
        complaint = self.env["studio.complaint"].create(
            {"order_id": self.order.id, "description": "Torn print"}
        )
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(
            (complaint.partner_id, complaint.job_id), (self.parent_user.partner_id, self.job)
        )
        self.assertEqual(complaint.activity_ids.user_id, self.studio_user)
        mail = self._mails(complaint)
        mail = mail.filtered(lambda m: self.parent_user.partner_id in m.recipient_ids)
        self.assertEqual(mail.recipient_ids, self.parent_user.partner_id)
        self.assertIn("Torn print", mail.body_html)
        self.assertEqual(self.order.studio_complaint_count, 1)

    def test_solving_emails_the_resolution_to_the_customer(self):
        complaint = self.env["studio.complaint"].create(
            {"order_id": self.order.id, "description": "Torn print"}
        )
        self.env.cr.precommit.run()  # created, as in real use
        complaint.action_start()
        complaint.write({"resolution": "<p>A new print is on its way</p>"})
        complaint.action_solve()
        self.env.cr.precommit.run()
        solved = complaint.message_ids.filtered(
            lambda m: "new print is on its way" in (m.body or "")
        )
        self.assertEqual(len(solved), 1)
        self.assertIn(self.parent_user.partner_id, solved.notified_partner_ids)

    def test_portal_users_read_only_their_own_complaints(self):
        complaint = self.env["studio.complaint"].create(
            {"order_id": self.order.id, "description": "Torn print"}
        )
        self.assertEqual(complaint.with_user(self.parent_user).description, "Torn print")
        with self.assertRaises(AccessError):
            complaint.with_user(self.other_user).read(["description"])
        with self.assertRaises(AccessError):
            complaint.with_user(self.parent_user).write({"description": "changed"})


@tagged("post_install", "-at_install")
class TestComplaintPortal(ComplaintCase, HttpCase):
    def _post(self, data, login="studio_parent"):
        self.authenticate(login, f"{login}1")
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(f"/my/orders/{self.order.id}/complaint", data=data)

    def test_customer_sends_feedback_from_the_order_page(self):
        self.authenticate("studio_parent", "studio_parent1")
        self.assertIn("studio_complaint", self.url_open(f"/my/orders/{self.order.id}").text)
        response = self._post({"kind": "feedback", "description": "Lovely photos!"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("we received your message", response.text)
        complaint = self.order.studio_complaint_ids
        self.assertEqual((complaint.kind, complaint.description), ("feedback", "Lovely photos!"))
        self.assertIn(complaint.name, response.text)

    def test_empty_message_is_refused(self):
        response = self._post({"description": "  "})
        self.assertIn("Please tell us what happened", response.text)
        self.assertFalse(self.order.studio_complaint_ids)

    def test_another_customer_cannot_complain_on_the_order(self):
        response = self._post({"description": "Not my order"}, login="studio_other")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.order.studio_complaint_ids)
