"""The fit report: what the copula chose for each column and where it fell back.

Example::

    >>> report = generator.fit(frame).report
    >>> report.columns["capital-gain"].family, report.columns["capital-gain"].atom_share
    ('empirical', 0.917)
    >>> report.fallbacks  # columns whose preferred model could not be fitted
    {}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

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
