"""Writing many rows fast, without a model instance per row.

``bulk_create`` and ``bulk_update`` build a model instance per row and, for updates, CASE
statements that grow with the square of the batch. These write column-wise: SQLite with
``executemany``, PostgreSQL with COPY. Used by the HR import (45,000 rows) and by the
assessment form (a response's answers, on every submission).
"""

from django.db import connection

CHUNK = 5000


def insert_rows(model, columns: dict[str, list]) -> None:
    """Insert rows given column-wise; other fields get their defaults.

    Like ``bulk_create`` without building a model instance per row: about five times faster
    for the 45,000 rows of a whole city (bench/import_people.py). Values must already be what
    the field stores (str, int, bool, date, Decimal, None); no signals are sent.
    """
    count = len(next(iter(columns.values()), []))
    if not count:
        return
    model_fields, series = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        name = model_field.attname if model_field.attname in columns else model_field.name
        if name in columns:
            series.append(columns[name])
        else:
            default = model_field.get_db_prep_save(model_field.get_default(), connection)
            series.append([default] * count)
        model_fields.append(model_field)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(f.column) for f in model_fields)
    rows = zip(*series, strict=True)
    # Table and column names come from the model, never from input: no injection here.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream instead of a statement a row
            # As every other query: the driver's errors (disk full, connection lost) become
            # Django's DatabaseError, which the callers handle.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(model_fields))
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
            for chunk in chunks(rows):
                cursor.executemany(sql, chunk)


def update_rows(model, pks: list, columns: dict[str, list]) -> None:
    """Set the given columns on each row ``pks[i]``, in time linear in the number of rows.

    ``bulk_update``'s CASE statements grow with the square of the batch, and a salary
    revision changes every row of the file. SQLite: one UPDATE by primary key per row, sent
    with ``executemany``. PostgreSQL: COPY into a temporary table, then one UPDATE … FROM.
    """
    if not pks:
        return
    quote = connection.ops.quote_name
    meta = model._meta
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    names = [quote(meta.get_field(name).column) for name in columns]
    values = zip(*columns.values(), strict=True)
    # Table and column names come from the model, never from input: no injection here.
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{name} = %s" for name in names)
            sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
            rows = [(*row, key) for key, row in zip(pks, values, strict=True)]
            for chunk in chunks(rows):
                cursor.executemany(sql, chunk)
            return
        temp = quote(f"import_{meta.db_table}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} AS "  # noqa: S608
            f"SELECT {pk}, {', '.join(names)} FROM {table} WITH NO DATA"
        )
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {temp} ({pk}, {', '.join(names)}) FROM STDIN") as copy,
        ):
            for key, row in zip(pks, values, strict=True):
                copy.write_row((key, *row))
        assignments = ", ".join(f"{name} = new.{name}" for name in names)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {temp} AS new "  # noqa: S608
            f"WHERE {table}.{pk} = new.{pk}"
        )
        cursor.execute(f"DROP TABLE {temp}")


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
