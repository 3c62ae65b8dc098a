"""Access codes: what a parent types from a QR card, so short, readable and unguessable.

A code is 10 characters from a 32-letter alphabet without the look-alikes 0/O and 1/I, drawn with
the operating system's cryptographic generator: 50 bits of randomness, shown as two groups of five
(``K7QXM-4PBZ9``). Input is compared case-insensitively, ignoring spaces and dashes.
"""

import re
import secrets

from odoo.tools import SQL

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 10
GROUP = 5
BITS = LENGTH * 5  # 32 letters = 5 bits each

_STRIP = re.compile(r"[\s\-_]+")
_VALID = re.compile(r"^[%s]{%d}$" % (ALPHABET, LENGTH))

# Every table that holds codes: a new code must be free in all of them, archived records included,
# so that a code once printed is never handed out again.
CODE_COLUMNS = (("studio_subject", "access_code"), ("studio_job", "global_code"))


def random_code():
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:GROUP]}-{raw[GROUP:]}"


def normalize(text):
    """The canonical form of what a user typed, or '' when it cannot be a code."""
    raw = _STRIP.sub("", text or "").upper()
    return f"{raw[:GROUP]}-{raw[GROUP:]}" if _VALID.match(raw) else ""


def new_codes(cr, count):
    """``count`` fresh codes, distinct and unused anywhere in the database (one query per round)."""
    codes = set()
    while len(codes) < count:
        candidates = {random_code() for _ in range(count - len(codes))} - codes
        taken = set()
        for table, column in CODE_COLUMNS:
            cr.execute(
                SQL(
                    "SELECT %s FROM %s WHERE %s = ANY(%s)",
                    SQL.identifier(column),
                    SQL.identifier(table),
                    SQL.identifier(column),
                    list(candidates),
                )
            )
            taken.update(row[0] for row in cr.fetchall())
        codes |= candidates - taken
    return list(codes)
