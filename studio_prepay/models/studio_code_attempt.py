import math
from datetime import timedelta

from odoo import api, fields, models

from ..tools import access_code

MAX_FAILURES = 10
WINDOW = timedelta(minutes=10)
KEY_SIZE = 64


class StudioCodeAttempt(models.Model):
    """Wrong codes typed on the code entry page, counted per client address and per code so that
    neither one visitor nor many visitors together can try codes without limit. One counter row per
    address or code and window, in the database so that every worker sees the same counts.

    An attempt is counted *before* its code is checked, by one ``INSERT ... ON CONFLICT DO UPDATE``
    per key: two requests counting on the same key are serialized by PostgreSQL (the second one
    fails with a serialization error and Odoo replays it with fresh data), so simultaneous requests
    can never see the same count. A code that turns out right is then forgiven."""
    _name = "studio.code.attempt"
    _description = "Failed access code attempts"
    _order = "window_start desc, id desc"
    _log_access = False

    key = fields.Char(required=True, help="ip:<client address> or code:<the code as typed, canonical>")
    window_start = fields.Datetime(required=True, index=True)
    failures = fields.Integer(required=True, default=0)

    _sql_constraints = [("key_unique", "UNIQUE(key)", "One counter per client address and per code.")]

    @api.model
    def _keys(self, ip, code):
        code = (access_code.normalize(code) or (code or "").strip().upper())[:KEY_SIZE]
        return [key for key in (ip and f"ip:{ip}", code and f"code:{code}") if key]

    @api.model
    def _count_attempt(self, ip, code):
        """Count an attempt of ``code`` from ``ip``; returns the minutes to wait when there were
        already too many wrong ones (the code must then not be checked), else 0."""
        now = fields.Datetime.now()
        wait = 0
        for key in self._keys(ip, code):  # always in the same order: no deadlock between two requests
            self.env.cr.execute("""
                INSERT INTO studio_code_attempt AS attempt (key, window_start, failures) VALUES (%(key)s, %(now)s, 1)
                ON CONFLICT (key) DO UPDATE SET
                    window_start = CASE WHEN attempt.window_start <= %(expired)s THEN %(now)s ELSE attempt.window_start END,
                    failures = CASE WHEN attempt.window_start <= %(expired)s THEN 1 ELSE attempt.failures + 1 END
                RETURNING failures, window_start
            """, {"key": key, "now": now, "expired": now - WINDOW})
            failures, start = self.env.cr.fetchone()
            if failures > MAX_FAILURES:
                wait = max(wait, math.ceil((start + WINDOW - now).total_seconds() / 60), 1)
        return wait

    @api.model
    def _forgive(self, ip, code):
        """The code counted by :meth:`_count_attempt` was right: it is not a failure."""
        self.env.cr.execute("UPDATE studio_code_attempt SET failures = GREATEST(failures - 1, 0) WHERE key IN %s",
                            [tuple(self._keys(ip, code))])

    @api.autovacuum
    def _gc_old_attempts(self):
        self.sudo().search([("window_start", "<", fields.Datetime.now() - WINDOW)]).unlink()
