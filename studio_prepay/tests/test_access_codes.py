import re
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.studio_prepay.tools import access_code

from .common import StudioCase

CODE_FORMAT = re.compile(r"^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$")


class TestAccessCodes(StudioCase):
    def test_codes_are_readable_and_have_at_least_40_bits(self):
        self.assertGreaterEqual(access_code.BITS, 40)
        self.assertEqual(len(access_code.ALPHABET), 32)
        self.assertFalse(set("0O1I") & set(access_code.ALPHABET))
        for subject in self.subjects:
            self.assertRegex(subject.access_code, CODE_FORMAT)
        self.assertRegex(self.job.global_code, CODE_FORMAT)

    def test_bulk_codes_are_unique(self):
        subjects = self.job._create_spare_subjects(2000)
        codes = subjects.mapped("access_code")
        self.assertEqual(len(set(codes)), 2000)
        self.assertTrue(all(CODE_FORMAT.match(code) for code in codes))
        self.assertTrue(all(subjects.mapped("is_spare")))

    def test_codes_come_from_the_cryptographic_generator(self):
        with patch.object(access_code.secrets, "choice", side_effect=lambda seq: seq[0]) as choice:
            self.assertEqual(access_code.random_code(), "AAAAA-AAAAA")
        self.assertEqual(choice.call_count, access_code.LENGTH)

    def test_a_code_already_used_anywhere_is_drawn_again(self):
        taken_subject_code = self.subjects[0].access_code
        taken_job_code = self.job.global_code
        fresh = "ZZZZZ-ZZZZ9"
        with patch.object(
            access_code, "random_code", side_effect=[taken_subject_code, taken_job_code, fresh]
        ):
            subject = self.env["studio.subject"].create({"job_id": self.job.id, "name": "New"})
        self.assertEqual(subject.access_code, fresh)

    def test_archived_codes_are_never_handed_out_again(self):
        archived = self.subjects[2]
        archived.action_archive()
        with patch.object(
            access_code, "random_code", side_effect=[archived.access_code, "ZZZZZ-ZZZZ8"]
        ):
            other_job = self.env["studio.job"].create({"name": "Other"})
            self.assertEqual(other_job.global_code, "ZZZZZ-ZZZZ8")

    def test_codes_cannot_be_chosen_or_changed(self):
        with self.assertRaises(UserError):
            self.env["studio.subject"].create({"job_id": self.job.id, "access_code": "AAAAA-AAAAA"})
        with self.assertRaises(UserError):
            self.subjects[0].write({"access_code": "AAAAA-AAAAA"})
        with self.assertRaises(UserError):
            self.job.write({"global_code": "AAAAA-AAAAA"})

    def test_database_refuses_duplicate_codes(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.cr.execute(
                "UPDATE studio_subject SET access_code = %s WHERE id = %s",
                [self.subjects[0].access_code, self.subjects[1].id],
            )

    def test_typed_codes_are_normalized(self):
        code = self.subjects[0].access_code
        raw = code.replace("-", "")
        for typed in (
            code,
            raw.lower(),
            f" {raw[:3]} {raw[3:7]}-{raw[7:]} ",
            f"{raw[:5]}_{raw[5:]}",
        ):
            self.assertEqual(access_code.normalize(typed), code, typed)
        for wrong in ("", None, raw[:-1], raw + "A", "OOOOO-IIIII", "00000-11111"):
            self.assertEqual(access_code.normalize(wrong), "", wrong)

    def test_card_url_carries_the_code(self):
        subject = self.subjects[0]
        self.assertTrue(subject.code_url.endswith("/studio/code?code=" + subject.access_code))
        self.assertTrue(subject.code_url.startswith(subject.get_base_url()))
