"""The fit report: what the copula chose for each column and where it fell back.

Example::

    >>> report = generator.fit(frame).report
    >>> report.columns["capital-gain"].family, report.columns["capital-gain"].atom_share
    ('empirical', 0.917)
    >>> report.fallbacks  # columns whose preferred model could not be fitted
    {}
    >>> print(report)          # a short summary; rich.print(report) shows a per-column table
    >>> repr(report)           # the full dataclass repr, every field of every column
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Group

__all__ = ["ColumnReport", "FitReport"]


@dataclass
class ColumnReport:
    """One column's modelling decisions.

    ``model`` is numeric, categorical, constant, identifier, text or dependent (``style`` says how
    identifiers and text are made); ``family`` the
    continuous family of a numeric column (None when it is all point masses), with every
    candidate's KS distance in ``ks``; ``atoms``/``atom_share`` the point masses and the share
    of non-null rows they hold; ``determinant`` the column a dependent column is looked up from;
    ``fallback`` why the preferred model was replaced, if it was.
    """

    name: str
    kind: str
    model: str
    family: str | None = None
    ks: dict[str, float] = field(default_factory=dict)
    atoms: int = 0
    atom_share: float = 0.0
    categories: int | None = None
    parent: str | None = None
    style: str | None = None
    null_indicator: bool = False
    determinant: str | None = None
    fallback: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def kind_name(self) -> str:
        """The column kind as plain text (a ``ColumnKind`` after fit, a string after loading)."""
        return str(getattr(self.kind, "value", self.kind))

    @property
    def how(self) -> str:
        """One phrase saying how the column is modelled: family, categories, source column or style."""
        if self.model == "dependent":
            return f"looked up from {self.determinant}"
        parts = [self.family or self.style or ""]
        if self.categories is not None:
            parts.append(f"{self.categories:,} categories")
        if self.atoms:
            parts.append(f"{self.atoms:,} point masses ({self.atom_share:.0%} of rows)")
        if self.null_indicator:
            parts.append("nulls modelled")
        return ", ".join(part for part in parts if part)


@dataclass
class FitReport:
    """The whole fit: per-column reports, copula size and how much the correlation needed repair.

    ``correlation_repair`` is the Frobenius distance between the pairwise correlation of
    normal scores and the nearest valid correlation matrix actually used.
    """

    n_rows: int
    n_latent: int
    fit_seconds: float
    correlation_repair: float
    columns: dict[str, ColumnReport]
    dependencies: list[dict[str, str]] = field(default_factory=list)

    @property
    def fallbacks(self) -> dict[str, str]:
        """Columns whose preferred model failed, with the reason."""
        return {name: c.fallback for name, c in self.columns.items() if c.fallback}

    def summary_lines(self) -> list[str]:
        """The report in a few lines: size, fit time, columns by kind and model, dependencies, fallbacks."""
        kinds = Counter(c.kind_name for c in self.columns.values())
        models = Counter(c.model for c in self.columns.values())
        lines = [
            f"fitted on {self.n_rows:,} rows x {len(self.columns):,} columns in {self.fit_seconds:.2f} s "
            f"({self.n_latent:,} latent dimensions, correlation repair {self.correlation_repair:.2g})",
            "columns by kind: " + _counts(kinds),
            "models: " + _counts(models),
        ]
        if self.dependencies:
            pairs = (f"{d['dependent']} <- {d['determinant']}" for d in self.dependencies)
            lines.append("dependencies: " + ", ".join(pairs))
        fallbacks = self.fallbacks
        lines.append("fallbacks: " + ("; ".join(f"{n}: {why}" for n, why in fallbacks.items()) or "none"))
        noted = [c for c in self.columns.values() if c.notes]
        if noted:
            lines.append("notes: " + "; ".join(f"{c.name}: {', '.join(c.notes)}" for c in noted))
        return lines

    def __str__(self) -> str:
        return "\n".join(["Fit report", *("  " + line for line in self.summary_lines())])

    def __rich__(self) -> Group:
        """A summary and one table row per column, for ``rich.print(report)``."""
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        table = Table(title="Fit report: one row per column", title_justify="left")
        for header in ("column", "kind", "model", "how", "fallback / notes"):
            table.add_column(header, overflow="fold")
        for c in self.columns.values():
            remarks = "; ".join(filter(None, [c.fallback, *c.notes]))
            table.add_row(c.name, c.kind_name, c.model, c.how, Text(remarks, style="yellow") if remarks else "")
        return Group(Text("\n".join(self.summary_lines())), table)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary."""
        data = asdict(self)
        data["columns"] = [asdict(c) for c in self.columns.values()]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FitReport:
        """Rebuild a report from :meth:`to_dict` output."""
        values = dict(data)
        values["columns"] = {c["name"]: ColumnReport(**c) for c in data["columns"]}
        return cls(**values)


def _counts(counter: Counter[str]) -> str:
    """``name count`` pairs, largest first (ties by name)."""
    return ", ".join(f"{name} {count:,}" for name, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
