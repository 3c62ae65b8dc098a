import math
from datetime import timedelta

from odoo import api, fields, models

from ..tools import access_code

MAX_FAILURES = 10
WINDOW = timedelta(minutes=10)
KEY_SIZE = 64


class StudioCodeAttempt(models.Model):
    """A wrong code typed on the code entry page. Counted per client address and per code so that
    neither one visitor nor many visitors together can try codes without limit; kept in the database
    so that every worker sees the same counts."""
    _name = "studio.code.attempt"
    _description = "Failed access code attempt"
    _order = "create_date desc, id desc"
    _log_access = False

    create_date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    ip = fields.Char(string="Client address", required=True, index=True)
    code = fields.Char(required=True, index=True, help="The code as typed, in canonical form when it is one.")

    @api.model
    def _key(self, code):
        return (access_code.normalize(code) or (code or "").strip().upper())[:KEY_SIZE]

    @api.model
    def _blocked_minutes(self, ip, code):
        """Minutes to wait before this address may try this code again; 0 when it may now."""
        since = fields.Datetime.now() - WINDOW
        oldest = []
        for field, value in (("ip", ip), ("code", self._key(code))):
            if not value:
                continue
            attempts = self.sudo().search(
                [(field, "=", value), ("create_date", ">", since)], order="create_date desc", limit=MAX_FAILURES)
            if len(attempts) >= MAX_FAILURES:
                oldest.append(attempts[-1].create_date)
        if not oldest:
            return 0
        wait = max(oldest) + WINDOW - fields.Datetime.now()
        return max(1, math.ceil(wait.total_seconds() / 60))

    @api.model
    def _register_failure(self, ip, code):
        self.sudo().create({"ip": ip or "?", "code": self._key(code) or "?"})

    @api.autovacuum
    def _gc_old_attempts(self):
        self.sudo().search([("create_date", "<", fields.Datetime.now() - WINDOW)]).unlink()
