"""French: the translations of an addon's texts (i18n/fr.po), loaded as installing the language
does, and the checks every addon's fr.po passes."""

import re
from collections import Counter

import polib

from odoo.tools.misc import file_path
from odoo.tools.translate import TRANSLATED_ATTRS, TranslationModuleReader

PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}")
TAG = re.compile(r"<(/?)([\w:-]+)((?:\s+[\w:.@-]+(?:=\"[^\"]*\"|='[^']*')?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([\w:.@-]+)(?:=(\"[^\"]*\"|'[^']*'))?")


def french_po(module="studio_prepay"):
    return polib.pofile(file_path(f"{module}/i18n/fr.po"))


def load_french(env, modules=("studio_prepay",)):
    """Activate French and load the French terms of ``modules`` into the database, as installing the
    language does."""
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms(list(modules), ["fr_FR"], overwrite=True)


def markup(text):
    """The tags of ``text`` (HTML or QWeb: it has closing tags) with their attributes that are not
    translated (t-out, href, class...)."""
    if "</" not in text and "/>" not in text:
        return Counter()
    return Counter(
        (
            closing,
            name,
            tuple(
                sorted(
                    (key, value)
                    for key, value in ATTRIBUTE.findall(attributes)
                    if key not in TRANSLATED_ATTRS
                )
            ),
        )
        for closing, name, attributes in TAG.findall(text)
    )


class FrenchPoChecks:
    """The checks of the French translation of the addon ``module`` (mixed into a test case of the
    addon)."""

    module = "studio_prepay"
    min_texts = 100

    def test_every_exported_text_has_a_french_translation(self):
        exported = {
            source
            for _module, _type, _name, _res_id, source, _value, _comm in TranslationModuleReader(
                self.env.cr, [self.module]
            )
        }
        self.assertGreater(len(exported), self.min_texts, "the reader exports the addon's texts")
        po = french_po(self.module)
        translated = {
            entry.msgid for entry in po if entry.msgstr.strip() and "fuzzy" not in entry.flags
        }
        missing = sorted(exported - translated)
        self.assertFalse(
            missing,
            "texts of the addon without a French translation in i18n/fr.po (run bin/harness "
            "i18n, then translate the empty entries):\n" + "\n".join(map(repr, missing)),
        )
        self.assertFalse(
            [entry.msgid for entry in po if "fuzzy" in entry.flags], "no fuzzy translation"
        )

    def test_french_translation_keeps_placeholders(self):
        wrong = []
        for entry in french_po(self.module):
            if not entry.msgstr:
                continue
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
                PLACEHOLDER.findall(entry.msgstr)
            ):
                wrong.append(f"placeholders: {entry.msgid!r} -> {entry.msgstr!r}")
            if markup(entry.msgid) != markup(entry.msgstr):
                wrong.append(f"tags: {entry.msgid[:80]!r} -> {entry.msgstr[:80]!r}")
            if any("print_report_name" in occurrence for occurrence, _line in entry.occurrences):
                compile(
                    entry.msgstr, "print_report_name", "eval"
                )  # a Python expression, translated
        self.assertFalse(wrong, "\n".join(wrong))
