from odoo.exceptions import UserError, ValidationError

from .common import StudioCase


class TestJobPhases(StudioCase):
    def test_full_life_cycle_is_tracked_in_the_chatter(self):
        job = self.job
        self.assertEqual(job.phase, "draft")
        for action in (
            job.action_start_prepay,
            job.action_start_selling,
            job.action_close,
            job.action_reopen,
        ):
            action()
            self.env.cr.precommit.run()  # tracking values are written when the transaction commits
        self.assertEqual(job.phase, "selling")
        tracked = job.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "phase")
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")),
            sorted(["Prepay", "Selling", "Closed", "Selling"]),
        )

    def test_proof_only_job_starts_selling_from_draft(self):
        self.job.action_start_selling()
        self.assertEqual(self.job.phase, "selling")

    def test_invalid_transitions_are_refused(self):
        job = self.job
        with self.assertRaisesRegex(UserError, "cannot go from Draft to Closed"):
            job.action_close()
        job.action_start_prepay()
        with self.assertRaisesRegex(UserError, "cannot go from Prepay to Draft"):
            job.write({"phase": "draft"})
        job.action_start_selling()
        with self.assertRaisesRegex(UserError, "cannot go from Selling to Prepay"):
            job.action_start_prepay()
        self.assertEqual(job.phase, "selling")

    def test_pressing_a_phase_button_twice_does_no_harm(self):
        self.job.action_start_prepay()
        self.job.action_start_prepay()
        self.assertEqual(self.job.phase, "prepay")

    def test_prepay_needs_an_offer(self):
        job = self.env["studio.job"].create({"name": "No offer"})
        with self.assertRaisesRegex(UserError, "has no offer"):
            job.action_start_prepay()
        self.assertEqual(job.phase, "draft")

    def test_auto_release_needs_a_deadline(self):
        with self.assertRaises(ValidationError):
            self.job.write({"auto_release": True})
        self.job.write({"auto_release": True, "batch_deadline": "2026-12-01 18:00:00"})
        self.assertTrue(self.job.auto_release)

    def test_started_jobs_and_ordered_subjects_cannot_be_deleted(self):
        self.job.action_start_prepay()
        with self.assertRaisesRegex(UserError, "Only draft jobs"):
            self.job.unlink()
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "studio_job_id": self.job.id,
                "studio_subject_id": self.subjects[0].id,
            }
        )
        with self.assertRaisesRegex(UserError, "have orders"):
            self.subjects[0].unlink()
        self.subjects[1].unlink()
        self.assertEqual(self.job.subject_count, 2)
        self.assertEqual(self.job.order_count, 1)

    def test_spare_subjects_are_blank_cards(self):
        spares = self.job._create_spare_subjects(5)
        self.assertEqual(len(spares), 5)
        self.assertTrue(all(spares.mapped("is_spare")))
        self.assertIn(spares[0].access_code, spares[0].display_name)
        self.assertEqual(self.job.subject_count, 8)
        with self.assertRaises(UserError):
            self.job._create_spare_subjects(-1)
        spares[0].name = "Late Enrolment"
        self.assertFalse(spares[0].is_spare)

    def test_subject_cannot_move_to_another_job(self):
        other = self.env["studio.job"].create({"name": "Other"})
        with self.assertRaises(UserError):
            self.subjects[0].job_id = other
