from odoo.exceptions import AccessError


def with_context_defaults(env, vals_list):
    """Each of ``vals_list`` as ``create`` will write it: with the ``default_<field>`` keys of the
    context (which come from the caller, RPC included), so that a guard on fields also sees
    those."""
    defaults = {key[8:]: value for key, value in env.context.items() if key.startswith("default_")}
    return [dict(defaults, **vals) for vals in vals_list]


def require_group(env, groups, message):
    """Refuse an action with ``message`` (AccessError) unless the user has one of ``groups`` (xml
    ids): checked before the action goes on as superuser."""
    if not env.su and not any(env.user.has_group(group) for group in groups):
        raise AccessError(message)


def changed_fields(records, vals, names, create=False):
    """The fields of ``names`` that ``vals`` really changes, the one decision of the write guards.

    The web client sends every field of a new record (``False`` for the empty ones) and, on a save,
    may send a field again with the value it already has: such keys change nothing. On ``create``,
    a key changes something when its value is not empty; on a write, when its value differs from the
    current value of one of ``records``, both compared in the field's write format (a many2one's id,
    a selection's string, ``False`` when empty)."""
    changed = set()
    for name in vals.keys() & set(names):
        field = records._fields[name]
        value = field.convert_to_write(vals[name], records) or False
        if create:
            if value:
                changed.add(name)
        elif any(
            (field.convert_to_write(record[name], record) or False) != value for record in records
        ):
            changed.add(name)
    return changed
