from odoo.exceptions import AccessError


def with_context_defaults(env, vals_list):
    """Each of ``vals_list`` as ``create`` will write it: with the ``default_<field>`` keys of the
    context (which come from the caller, RPC included), so that a guard on fields also sees those."""
    defaults = {key[8:]: value for key, value in env.context.items() if key.startswith("default_")}
    return [dict(defaults, **vals) for vals in vals_list]


def require_group(env, groups, message):
    """Refuse an action with ``message`` (AccessError) unless the user has one of ``groups`` (xml ids):
    checked before the action goes on as superuser."""
    if not env.su and not any(env.user.has_group(group) for group in groups):
        raise AccessError(message)
