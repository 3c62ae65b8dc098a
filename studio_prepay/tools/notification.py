"""The feedback of a back-office button: a notification, then the next action."""

CLOSE = {"type": "ir.actions.act_window_close"}  # after a wizard: close it (the view below reloads)
RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}  # after a button of a list or form


def notification(message, next_action=None, kind="success"):
    """The client action showing ``message`` (a notification of ``kind``) and then running ``next_action``."""
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {"type": kind, "message": message, "sticky": False, "next": next_action or RELOAD},
    }
