"""The feedback of a back-office button: a notification, then the next action."""

CLOSE = {"type": "ir.actions.act_window_close"}  # after a wizard: close it (the view below reloads)
RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}  # after a button of a list or form


def notification(message, next_action=None, kind="success", title=None, sticky=False):
    """The client action showing ``message`` (a notification of ``kind``, with ``title``) and then
    running ``next_action``."""
    params = {"type": kind, "message": message, "sticky": sticky, "next": next_action or RELOAD}
    if title:
        params["title"] = title
    return {"type": "ir.actions.client", "tag": "display_notification", "params": params}
