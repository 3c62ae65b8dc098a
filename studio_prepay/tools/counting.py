def count_by(records, model, field, domain=()):
    """{record: number of ``model`` records whose ``field`` is that record}, in one query."""
    return dict(
        records.env[model]._read_group([(field, "in", records.ids), *domain], [field], ["__count"])
    )


def set_counts(records, count_field, model, field):
    """Set ``count_field`` of ``records`` (a smart button's count) to the number of ``model``
    records whose ``field`` is each record, counted in one query."""
    counts = count_by(records, model, field)
    for record in records:
        record[count_field] = counts.get(record, 0)
