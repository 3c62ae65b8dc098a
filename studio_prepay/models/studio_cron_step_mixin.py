from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.locking import lock_rows


class StudioCronStepMixin(models.AbstractModel):
    """A long task run in steps by a scheduled action, with progress: each call of the scheduled
    action runs one step of the oldest record with a task, in one transaction (Odoo's cron commits
    each call and calls again while its progress says something remains), so that an interrupted
    task resumes where it stopped. A record another transaction is working on is tried again a
    minute later. The model says, with the hooks below, which records have a task, what a step
    does and what remains."""

    _name = "studio.cron.step.mixin"
    _description = "Task run in steps by a scheduled action"

    # the xmlid of the scheduled action that runs the steps
    _cron_step_xmlid = None

    def _cron_step_trigger(self, at=None):
        """Have the scheduled action run (the next step) now, or at ``at``."""
        self.env.ref(self._cron_step_xmlid)._trigger(at)

    @api.model
    def _cron_step_domain(self):
        """The records that have a task to run (the oldest one runs first)."""
        raise NotImplementedError

    def _cron_step_env(self):
        """The record as its step runs: in the environment of the user who started the task."""
        return self

    def _process_step(self):
        """Run one step of the record's task (one transaction); return how many items it did."""
        raise NotImplementedError

    def _cron_step_remaining(self):
        """How many items remain in all the tasks, once the step of this record ran."""
        raise NotImplementedError

    @api.model
    def _cron_run_step(self):
        """One step of the oldest task, for the scheduled action."""
        record = self.search(self._cron_step_domain(), order="id", limit=1)
        if not record:
            return
        try:
            lock_rows(record)
        except UserError:  # a user or another worker is working on it: try again in a minute
            self._cron_step_trigger(fields.Datetime.add(fields.Datetime.now(), minutes=1))
            return
        done = record._cron_step_env()._process_step()
        self.env["ir.cron"]._notify_progress(done=done, remaining=record._cron_step_remaining())
