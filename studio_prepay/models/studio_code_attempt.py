import hashlib
import math
from datetime import timedelta

from odoo import api, fields, models

from ..tools import access_code

WINDOW = timedelta(minutes=10)
# wrong codes allowed per window: per browser session and per code strict; per client address much
# higher, since a school's Wi-Fi or a mobile network puts hundreds of families behind one address
# (README: Rate limit)
MAX_FAILURES = 10
MAX_FAILURES_PER_ADDRESS = 200
KEY_SIZE = 64


class StudioCodeAttempt(models.Model):
    """Wrong codes typed on the code entry pages, counted per browser session, per code and per
    client address so that neither one visitor nor many visitors together can try codes without
    limit, while families sharing one address do not lock each other out. One counter row per key
    and window, in the database so that every worker sees the same counts.

    An attempt is counted *before* its code is checked, by one ``INSERT ... ON CONFLICT DO UPDATE``
    per key: two requests counting on the same key are serialized by PostgreSQL (the second one
    fails with a serialization error and Odoo replays it with fresh data), so simultaneous requests
    can never see the same count. A code that turns out right is then forgiven."""

    _name = "studio.code.attempt"
    _description = "Failed access code attempts"
    _order = "window_start desc, id desc"
    _log_access = False

    key = fields.Char(
        required=True,
        help="session:<hash of the session>, code:<the code as typed, canonical> "
        "or ip:<client address>",
    )
    window_start = fields.Datetime(required=True, index=True)
    failures = fields.Integer(required=True, default=0)

    _sql_constraints = [
        ("key_unique", "UNIQUE(key)", "One counter per session, code and client address.")
    ]

    @api.model
    def _keys(self, ip, code, session=None):
        """The counters of an attempt with their limits, always in the same order (no deadlock
        between two requests): the session (a hash of its id: no session id is stored), the code,
        the address."""
        code = (access_code.normalize(code) or (code or "").strip().upper())[:KEY_SIZE]
        session = session and hashlib.sha256(session.encode()).hexdigest()[:32]
        keys = [
            (session and f"session:{session}", MAX_FAILURES),
            (code and f"code:{code}", MAX_FAILURES),
            (ip and f"ip:{ip}", MAX_FAILURES_PER_ADDRESS),
        ]
        return [(key, limit) for key, limit in keys if key]

    @api.model
    def _count_attempt(self, ip, code, session=None):
        """Count an attempt of ``code`` from ``ip`` in the browser session ``session`` (its id);
        returns the minutes to wait when one of its counters already had too many wrong ones (the
        code must then not be checked), else 0."""
        now = fields.Datetime.now()
        wait = 0
        for key, limit in self._keys(ip, code, session):
            self.env.cr.execute(
                """
                INSERT INTO studio_code_attempt AS attempt (key, window_start, failures)
                     VALUES (%(key)s, %(now)s, 1)
                ON CONFLICT (key) DO UPDATE SET
                    window_start = CASE WHEN attempt.window_start <= %(expired)s THEN %(now)s
                                        ELSE attempt.window_start END,
                    failures = CASE WHEN attempt.window_start <= %(expired)s THEN 1
                                    ELSE attempt.failures + 1 END
                RETURNING failures, window_start
            """,
                {"key": key, "now": now, "expired": now - WINDOW},
            )
            failures, start = self.env.cr.fetchone()
            if failures > limit:
                wait = max(wait, math.ceil((start + WINDOW - now).total_seconds() / 60), 1)
        return wait

    @api.model
    def _forgive(self, ip, code, session=None):
        """The code counted by :meth:`_count_attempt` was right: it is not a failure."""
        self.env.cr.execute(
            "UPDATE studio_code_attempt SET failures = GREATEST(failures - 1, 0) WHERE key IN %s",
            [tuple(key for key, _limit in self._keys(ip, code, session))],
        )

    @api.autovacuum
    def _gc_old_attempts(self):
        self.sudo().search([("window_start", "<", fields.Datetime.now() - WINDOW)]).unlink()
