from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import StudioCase


class TestSecurity(StudioCase):
    def test_internal_user_without_studio_or_sales_rights_sees_nothing(self):
        employee = new_test_user(self.env, "plain_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.job.with_user(employee).read(["name"])
        with self.assertRaises(AccessError):
            self.subjects.with_user(employee).read(["access_code"])

    def test_salesman_reads_jobs_but_does_not_change_them(self):
        salesman = new_test_user(self.env, "salesman", groups="sales_team.group_sale_salesman")
        self.assertEqual(self.job.with_user(salesman).name, "Test School 2026")
        with self.assertRaises(AccessError):
            self.job.with_user(salesman).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["studio.subject"].with_user(salesman).create({"job_id": self.job.id})

    def test_studio_user_runs_jobs_but_does_not_delete(self):
        env = self.env(user=self.studio_user)
        job = env["studio.job"].create({"name": "User's job"})
        subject = env["studio.subject"].create({"job_id": job.id, "name": "Kid"})
        subject.name = "Kid Renamed"
        job.add_spare_subjects(2)
        with self.assertRaises(AccessError):
            subject.unlink()
        with self.assertRaises(AccessError):
            job.unlink()

    def test_studio_manager_deletes(self):
        env = self.env(user=self.studio_manager)
        job = env["studio.job"].create({"name": "Manager's job"})
        env["studio.subject"].create({"job_id": job.id, "name": "Kid"}).unlink()
        job.unlink()
        self.assertFalse(job.exists())

    def test_other_company_jobs_and_subjects_are_invisible(self):
        company_b = self.env["res.company"].create({"name": "Studio B"})
        job_b = self.env["studio.job"].create({"name": "Job of B", "company_id": company_b.id})
        subject_b = self.env["studio.subject"].create({"job_id": job_b.id, "name": "Kid of B"})
        Job = self.env["studio.job"].with_user(self.studio_user)
        self.assertNotIn(job_b, Job.search([]))
        self.assertIn(self.job, Job.search([]))
        self.assertNotIn(
            subject_b, self.env["studio.subject"].with_user(self.studio_user).search([])
        )
        with self.assertRaises(AccessError):
            job_b.with_user(self.studio_user).read(["name"])

    def test_studio_menu_is_for_studio_users(self):
        menu = self.env.ref("studio_prepay.menu_studio_root")
        self.assertEqual(menu.groups_id, self.env.ref("studio_prepay.group_studio_user"))
        config = self.env.ref("studio_prepay.menu_studio_config")
        self.assertEqual(config.groups_id, self.env.ref("studio_prepay.group_studio_manager"))
