import base64

from odoo.exceptions import UserError

from .common import StudioCase


class TestNamesImport(StudioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.empty_job = cls.env["studio.job"].create({"name": "Import target"})

    def _import(self, content, job=None, filename="names.csv"):
        data = base64.b64encode(content) if isinstance(content, bytes) else self.csv_file(content)
        wizard = self.env["studio.names.import"].create(
            {"job_id": (job or self.empty_job).id, "file": data, "filename": filename}
        )
        return wizard.action_import()

    def _subjects(self, job=None):
        return (job or self.empty_job).with_context(active_test=False).subject_ids

    def test_file_with_header_imports_every_row(self):
        result = self._import(
            "Name,Class,External ID\nAnn Lee,1A,S1\nBob Ray,1A,S2\nCy Fox,2B,S3\n"
        )
        subjects = self._subjects()
        self.assertEqual(sorted(subjects.mapped("name")), ["Ann Lee", "Bob Ray", "Cy Fox"])
        self.assertEqual(subjects.filtered(lambda s: s.name == "Cy Fox").group_name, "2B")
        self.assertEqual(sorted(subjects.mapped("external_ref")), ["S1", "S2", "S3"])
        self.assertTrue(all(subjects.mapped("access_code")))
        self.assertIn("3 subjects created, 0 updated", result["params"]["message"])

    def test_file_without_header_utf8_bom_and_semicolons(self):
        content = "\ufeffZoë Ångström;4D\nJosé Núñez;4D\n"
        self._import(content)
        self.assertEqual(sorted(self._subjects().mapped("name")), ["José Núñez", "Zoë Ångström"])
        self.assertEqual(set(self._subjects().mapped("group_name")), {"4D"})

    def test_header_columns_in_any_order(self):
        self._import("external id,group,name\nX9,3C,Dee Park\n")
        subject = self._subjects()
        self.assertEqual(
            (subject.name, subject.group_name, subject.external_ref), ("Dee Park", "3C", "X9")
        )

    def test_reimport_updates_by_external_id_and_keeps_codes(self):
        self._import("Ann Lee,1A,S1\nBob Ray,1A,S2\n")
        codes = dict(
            zip(
                self._subjects().mapped("external_ref"),
                self._subjects().mapped("access_code"),
                strict=True,
            )
        )
        result = self._import("Ann Lee-Smith,1B,S1\nBob Ray,1A,S2\nNew Kid,1A,S4\n")
        subjects = self._subjects()
        self.assertEqual(len(subjects), 3)
        ann = subjects.filtered(lambda s: s.external_ref == "S1")
        self.assertEqual((ann.name, ann.group_name), ("Ann Lee-Smith", "1B"))
        for ref, code in codes.items():
            self.assertEqual(
                subjects.filtered(lambda s, ref=ref: s.external_ref == ref).access_code, code
            )
        self.assertIn("1 subjects created, 1 updated", result["params"]["message"])

    def test_reimport_without_external_ids_does_not_duplicate(self):
        self._import("Ann Lee,1A\nBob Ray,1A\n")
        self._subjects()[0].action_archive()
        self._import("ann lee,1a\nBob Ray,1A\n")
        self.assertEqual(len(self._subjects()), 2)

    def _assert_refused(self, content, *messages, **kwargs):
        with self.assertRaises(UserError) as error:
            self._import(content, **kwargs)
        for message in messages:
            self.assertIn(message, str(error.exception))
        self.assertFalse(self._subjects(), "a bad file must import nothing")
        return str(error.exception)

    def test_wrong_columns_are_listed_and_nothing_is_imported(self):
        self._assert_refused(
            "Ann Lee,1A\nBob Ray\nCy Fox,2B,S3,extra\nDee Park,2B\n",
            "Row 2: expected 2 or 3 columns (name, group, optional external id), found 1",
            "Row 3: expected 2 or 3 columns (name, group, optional external id), found 4",
        )

    def test_empty_names_are_listed(self):
        self._assert_refused(
            "Name,Group\nAnn Lee,1A\n ,1A\n,2B\n",
            "Row 3: the name is empty",
            "Row 4: the name is empty",
        )

    def test_duplicates_are_listed(self):
        message = self._assert_refused(
            "Ann Lee,1A,S1\nBob Ray,1A,S1\nCy Fox,2B\ncy fox,2b\n",
            "Row 2: duplicate of row 1",
            "Row 4: duplicate of row 3",
        )
        self.assertIn("S1", message)

    def test_not_csv_files_are_refused(self):
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
        self._assert_refused(png, "photo.png is not a CSV text file", filename="photo.png")
        self._assert_refused(
            b"Zo\x81,4D\n", "not a CSV text file"
        )  # neither UTF-8 nor Windows-1252
        self._assert_refused("", "empty")
        self._assert_refused("Name,Email,Phone\nAnn,a@x.org,1\n", "Row 1: the header names unknown")

    def test_long_error_lists_are_cut(self):
        content = "".join(f"Name {i}\n" for i in range(30))
        message = self._assert_refused(content, "Row 20:", "and 10 more bad rows")
        self.assertNotIn("Row 21:", message)

    def test_first_and_last_name_columns_in_english_french_and_german(self):
        self._import("First name;Last name;Class\nAnn;Lee;1A\n")
        self._import("Prénom;Nom;Classe\nZoë;Martin;CM2\n")
        self._import("Vorname,Name,Klasse,Kennung\nJonas,Müller,4b,K7\n")
        subjects = {s.name: s for s in self._subjects()}
        self.assertEqual(set(subjects), {"Ann Lee", "Zoë Martin", "Jonas Müller"})
        self.assertEqual(
            (subjects["Zoë Martin"].group_name, subjects["Jonas Müller"].external_ref),
            ("CM2", "K7"),
        )

    def test_a_header_with_unknown_columns_is_refused_not_imported_as_a_subject(self):
        self._assert_refused(
            "first;last;birthday\nAnn;Lee;2015-04-01\n", "Row 1", "unknown columns (birthday)"
        )

    def test_overlong_names_and_classes_are_refused_with_their_row(self):
        self._assert_refused(
            "Name,Class\nAnn Lee,1A\n%s,1A\nBob Ray,%s\n" % ("x" * 40000, "y" * 51),
            "Row 3: the name has 40000 characters, at most 100",
            "Row 4: the group / class has 51 characters, at most 50",
        )
        self._assert_refused(
            "Ann Lee,1A\n%s,1A\n" % ("x" * 300000), "row 2 has a cell of more than"
        )

    def test_semicolon_file_with_one_bad_row_reports_only_that_row(self):
        message = self._assert_refused(
            "Ann Lee;1A\nBob Ray\nCy Fox;2B;S3\nDee Park;2B\n",
            "Row 2: expected 2 or 3 columns (name, group, optional external id), found 1",
        )
        self.assertNotIn("Row 1:", message)
        self.assertNotIn("Row 3:", message)
        self.assertNotIn("Row 4:", message)
        self._import("Ann Lee;1A\nBob Ray;1A\nCy Fox;2B;S3\nDee Park;2B\n")
        self.assertEqual(len(self._subjects()), 4)

    def test_separator_most_rows_agree_on_wins_over_commas_in_names(self):
        self._import("Lee, Ann;1A\nRay, Bob;1A\nCy Fox;2B\n")
        self.assertEqual(
            sorted(self._subjects().mapped("name")), ["Cy Fox", "Lee, Ann", "Ray, Bob"]
        )
        self.assertEqual(sorted(set(self._subjects().mapped("group_name"))), ["1A", "2B"])

    def test_tab_separated_file_with_one_bad_row(self):
        message = self._assert_refused(
            "Ann Lee\t1A\nBob Ray\t1A\nCy Fox\t2B\nDee Park\n", "Row 4: expected 2 or 3 columns"
        )
        self.assertNotIn("Row 1:", message)

    def test_windows_1252_file_saved_by_excel_is_accepted(self):
        content = "Prénom;Nom;Classe\nZoé;Müller;CM2\nFrançois;Œuvray;CM2\n".encode("cp1252")
        with self.assertRaises(UnicodeDecodeError):
            content.decode("utf-8")
        self._import(content)
        self.assertEqual(sorted(self._subjects().mapped("name")), ["François Œuvray", "Zoé Müller"])

    def test_utf8_with_and_without_bom_keeps_accents(self):
        self._import("Zoé Müller;CM2\n".encode())
        self._import("\ufeffJosé Núñez;CM2\n".encode(), job=self.job)
        self.assertEqual(self._subjects().name, "Zoé Müller")
        self.assertIn("José Núñez", self._subjects(self.job).mapped("name"))
