from psycopg2.errors import LockNotAvailable

from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger


def lock_rows(records):
    """Lock the rows of ``records`` until the end of the transaction, or raise a UserError at once
    when another transaction holds them: two users (or a user and a background task) cannot work
    on the same records at the same time. NO KEY UPDATE does not block the foreign keys that point
    to the rows (an order joining a collection still goes through)."""
    if not records:
        return
    try:  # a refused lock is an answer, not a failed query for the server log
        with records.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
            records.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                )
            )
    except LockNotAvailable:
        raise UserError(
            records.env._(
                "Someone else is working on %s right now; try again in a moment.",
                ", ".join(records.mapped("display_name")),
            )
        ) from None


def share_lock(records):
    """Hold a shared lock on ``records`` until the end of the transaction: meanwhile a concurrent
    :func:`lock_rows` (release, populate, place) is refused; taken after such a change committed,
    it raises a serialization failure that Odoo retries with fresh data."""
    if records:
        records.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR SHARE",
                SQL.identifier(records._table),
                tuple(records.ids),
            )
        )


def touch_lock(records):
    """Touch the rows of ``records`` (an exclusive row lock until the end of the transaction,
    waiting for the holder): a transaction doing the same at the same time waits for this one, then
    fails with a serialization error that Odoo retries with fresh data."""
    if records:
        records.env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = write_date WHERE id IN %s",
                SQL.identifier(records._table),
                tuple(records.ids),
            )
        )
