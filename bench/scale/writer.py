"""Writing rows with PostgreSQL COPY, ids reserved from the tables' sequences."""

from django.db import connection
from django.db.models import NOT_PROVIDED

from .common import ScaleError


class Writer:
    """COPY rows into a model's table with ids reserved from its sequence.

    Columns the caller does not give are filled with the field's default (or NULL), so a field
    that another app adds later with a default does not break the seed; a new required field
    without a default stops it with a message naming the field.
    """

    def __init__(self, cursor):
        self.cursor = cursor  # psycopg 3 cursor, inside Django's transaction

    def reserve(self, model, count: int) -> int:
        """The first of `count` consecutive fresh ids (the tables are locked: see seed())."""
        table = model._meta.db_table
        self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = self.cursor.fetchone()[0]
        self.cursor.execute("SELECT nextval(%s)", [sequence])
        first = self.cursor.fetchone()[0]
        if count > 1:
            self.cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return first

    def copy(self, model, columns: list[str], rows) -> int:
        extra_columns, extra_values = [], []
        for model_field in model._meta.concrete_fields:
            if model_field.column in columns:
                continue
            if model_field.default is not NOT_PROVIDED:
                value = model_field.get_db_prep_save(model_field.get_default(), connection)
            elif model_field.null:
                continue
            else:
                raise ScaleError(
                    f"bench/scale does not fill {model.__name__}.{model_field.name}: "
                    "add it to the seed."
                )
            extra_columns.append(model_field.column)
            extra_values.append(value)
        extra = tuple(extra_values)
        names = ", ".join(f'"{column}"' for column in [*columns, *extra_columns])
        count = 0
        with self.cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
            write = copy.write_row
            if extra:
                for row in rows:
                    write(row + extra)
                    count += 1
            else:
                for row in rows:
                    write(row)
                    count += 1
        return count

    def copy_m2m(self, model, field_name: str, pairs) -> int:
        through = model._meta.get_field(field_name).remote_field.through
        source = through._meta.get_field(model._meta.model_name).column
        target = next(
            f.column for f in through._meta.concrete_fields if f.is_relation and f.column != source
        )
        names = f'"{source}", "{target}"'
        count = 0
        with self.cursor.copy(f'COPY "{through._meta.db_table}" ({names}) FROM STDIN') as copy:
            for pair in pairs:
                copy.write_row(pair)
                count += 1
        return count
