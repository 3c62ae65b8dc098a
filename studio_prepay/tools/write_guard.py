def with_context_defaults(env, vals_list):
    """Each of ``vals_list`` as ``create`` will write it: with the ``default_<field>`` keys of the
    context (which come from the caller, RPC included), so that a guard on fields also sees those."""
    defaults = {key[8:]: value for key, value in env.context.items() if key.startswith("default_")}
    return [dict(defaults, **vals) for vals in vals_list]
