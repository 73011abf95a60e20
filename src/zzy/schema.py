"""The ledger's tables and columns, spelled once (SPEC section 2).

:mod:`zzy.models` names its tables from here, and every plain-SQL read (:mod:`zzy.load`,
:mod:`zzy.views`) takes its table and column names from here: a column the SQL names that is not
declared is an error the moment the SQL is written, and ``tests/test_schema.py`` fails when a
declared column is missing from the models or from the database the migrations build.  This
module imports nothing, so that a report need not load SQLAlchemy to spell its SQL.
"""

from __future__ import annotations

#: Column names that are SQL keywords (or would be on PostgreSQL) and so are quoted.
_KEYWORDS = frozenset({"end", "full", "key", "user", "before", "after"})


def quoted(column: str) -> str:
    return f'"{column}"' if column in _KEYWORDS else column


class Table:
    """A table's name and columns; ``str()`` gives the name (and alias) to put after ``FROM``."""

    __slots__ = ("name", "columns", "alias")

    def __init__(self, name: str, *columns: str, alias: str | None = None) -> None:
        self.name = name
        self.columns = columns
        self.alias = alias

    def __str__(self) -> str:
        return f"{self.name} {self.alias}" if self.alias else self.name

    def __repr__(self) -> str:
        return f"Table({self.name!r})"

    def as_(self, alias: str) -> Table:
        """The same table under a short name, for a join."""
        return Table(self.name, *self.columns, alias=alias)

    def c(self, column: str) -> str:
        """One column, qualified and quoted; an undeclared column is an error."""
        if column not in self.columns:
            raise KeyError(f"{self.name} has no column {column!r}")
        return f"{self.alias or self.name}.{quoted(column)}"

    def cols(self, *columns: str) -> str:
        """Several columns for a ``SELECT`` list (all of them when none is named)."""
        return ", ".join(self.c(column) for column in columns or self.columns)


META = Table("zzy_meta", "key", "value")
ORG = Table("org", "id", "code", "name", "kind", "dissolved_on")
PERSON = Table("person", "id", "staff_no", "name", "joined", "full", "in_service")
WORK_SPAN = Table("work_span", "id", "person_id", "start", "end", "note")
APPOINTMENT = Table("appointment", "id", "person_id", "org_id", "kind", "rank", "start", "end", "end_reason",
                    "promoted", "prior_rank", "trial_result", "trial_decided_on", "override")
TRAINING = Table("training", "id", "date", "title", "kind", "host_id")
ATTENDANCE = Table("attendance", "training_id", "person_id")
REPORT = Table("report", "id", "person_id", "date", "special", "topic")
TARGET = Table("target", "id", "person_id", "title", "due", "quantity", "quality", "result", "assessed_on")
ASSESSMENT = Table("assessment", "id", "person_id", "year", "grade", "note")
COMMENDATION = Table("commendation", "id", "person_id", "date", "title")
SETTING = Table("setting", "key", "value")
AUDIT = Table("audit", "id", "at", "user", "command", "action", "entity", "key", "before", "after", "write_no",
              "undoes")
AUDIT_HEAD = Table("audit_head", "id", "last_id", "hash")

TABLES = (META, ORG, PERSON, WORK_SPAN, APPOINTMENT, TRAINING, ATTENDANCE, REPORT, TARGET, ASSESSMENT,
          COMMENDATION, SETTING, AUDIT, AUDIT_HEAD)
