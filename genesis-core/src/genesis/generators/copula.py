"""The built-in Gaussian copula generator (``method="gaussian_copula"``).

Each column gets a marginal model chosen for its kind (a mixture of point masses and a
goodness-of-fit-selected family for numbers, frequencies for categories, fresh values for
identifiers); missing values get an indicator dimension; columns that are a function of
another column are looked up from it. The marginals are tied together by the correlation of
normal scores, repaired to a valid correlation matrix.

Example::

    >>> from genesis.generators import GaussianCopulaGenerator
    >>> generator = GaussianCopulaGenerator(bounds={"age": (17, 90)}).fit(frame)
    >>> sample = generator.generate(1_000, seed=7)
    >>> generator.save("adult.model.json")
    >>> GaussianCopulaGenerator.load("adult.model.json").generate(1_000, seed=7).equals(sample)
    True
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Self

import numpy as np
import pandas as pd

from genesis.conditions import ConditionSet, as_condition_set, conditional_sample
from genesis.conform import conform
from genesis.constraints import Constraint, FixedCombinations, check_constraints
from genesis.errors import ConfigError, GenerationError, NotFittedError, ValidationError
from genesis.generators.attenuation import UNTIED, latent_correlation, score_coefficients
from genesis.generators.columns import (
    CategoricalColumn,
    ColumnModel,
    ConstantColumn,
    IdentifierColumn,
    NumericColumn,
    TextColumn,
)
from genesis.generators.copula_latent import CopulaLatentModel
from genesis.generators.dependence import (
    correlation_factor,
    nearest_correlation,
    normal_scores,
    pair_counts,
    pairwise_correlation,
    serial_blas,
)
from genesis.generators.dependencies import FunctionalDependency, detect_functional_dependencies
from genesis.generators.families import FAMILIES
from genesis.generators.links import bin_codes, bin_edges, choose_parents, conditional_table
from genesis.generators.marginals import MarginalOptions
from genesis.generators.persistence import read_document, write_document
from genesis.generators.privacy import (
    STRICT_MIN_COUNT,
    check_level,
    coarse_range,
    coarsen_schema,
    merge_rare_categories,
    min_value_count,
)
from genesis.generators.report import ColumnReport, FitReport
from genesis.generators.state import NULL, VALUE, CopulaState
from genesis.generators.text import choose_text_parent
from genesis.schema import ColumnKind, ColumnSchema, Schema, infer_schema, to_json_scalar
from genesis.schema_file import load_schema

__all__ = ["GaussianCopulaGenerator"]

_NUMERIC = (ColumnKind.CONTINUOUS, ColumnKind.INTEGER, ColumnKind.DATETIME)
#: Codes (categories and the missing code) a category may have to steer a text column's words.
MAX_TEXT_PARENT_CODES = 13


class GaussianCopulaGenerator:
    """Gaussian copula over per-column marginals, with point masses, nulls and functional dependencies.

    :param bounds: public ``{column: (lower, upper)}`` limits for numeric and datetime columns
        (either side may be None). They replace the data's own minimum and maximum as the
        support of the fitted families, and generated values are always clipped to them.
    :param enforce_min_max: where no bound is given, clip generated numbers to the observed
        minimum and maximum.
    :param families: candidate continuous families, a subset of ``normal``, ``truncnorm``,
        ``beta``, ``gamma``, ``lognormal``, ``uniform``; ``empirical`` (the data's quantile
        function) is always the fallback for data no candidate fits, such as multimodal columns.
    :param max_ks: the largest Kolmogorov-Smirnov distance at which the best parametric family
        is accepted; above it the empirical quantile function is used.
    :param point_mass_threshold: share of rows above which a single value is modelled as a
        point mass (Adult's ``capital-gain == 0``) rather than part of the continuous family.
    :param max_discrete_values: numeric columns with at most this many distinct values are
        modelled as discrete (every value a point mass).
    :param detect_dependencies: look for columns fixed by another column and generate them
        by lookup instead of through the copula.
    :param link_categories: let each categorical column be drawn from a conditional table given
        its most informative neighbour (a categorical column, or a binned numeric one) along a
        Chow-Liu forest, which keeps strong associations the copula alone would blur.
    :param schema_overrides: passed to :func:`genesis.schema.infer_schema`.
    :param allow_real_text: free-text columns (kind ``text``) whose real values may come back verbatim
        (for columns that are not sensitive, such as airport names): each is then a categorical
        column of the copula, its real values drawn by their frequency and kept with their strongest
        neighbour (a name in its real country), but never a parent of another column, so no other
        value is copied from a real row through it. By default every generated text value is new.
        Refused with ``privacy="strict"``.
    :param detect_constraints: find orderings that hold on every real row (``low <= high``, a start
        before its end, a part at most its total; see :mod:`genesis.constraints`) and keep them in
        every generated row. A schema passed to :meth:`fit` brings its own constraints instead.
    :param fit_seed: seed of the randomness used while fitting (tie-breaking, subsamples).
    :param ks_subsample: rows used to compare families (fitting stays fast on big tables).
    :param copula_rows: rows (a seeded random subset of bigger tables) used to estimate the
        copula's correlation and the parent links; marginals, point masses, categories,
        conditional tables and dependencies always use every row.
    :param max_condition_rounds: proposal rounds of the exact conditional sampler allowed for
        ``generate(conditions=...)`` before :class:`~genesis.errors.InfeasibleConditionError` is raised.
    :param privacy: ``"default"`` (today's fidelity) or ``"strict"``: the model stores no real value held
        by fewer than :data:`~genesis.generators.privacy.STRICT_MIN_COUNT` rows (rare categories merged,
        point masses only that frequent, ranges rounded outward, quantile knots averaged); see
        :mod:`genesis.generators.privacy` and docs/privacy.md.
    """

    def __init__(
        self,
        *,
        bounds: Mapping[str, tuple[Any, Any]] | None = None,
        enforce_min_max: bool = True,
        families: Sequence[str] | None = None,
        max_ks: float = 0.03,
        point_mass_threshold: float = 0.01,
        max_discrete_values: int = 32,
        detect_dependencies: bool = True,
        link_categories: bool = True,
        schema_overrides: Mapping[str, Any] | None = None,
        allow_real_text: Sequence[str] = (),
        detect_constraints: bool = True,
        fit_seed: int = 0,
        ks_subsample: int = 2000,
        copula_rows: int = 200_000,
        max_condition_rounds: int = 20,
        privacy: str = "default",
    ) -> None:
        families = list(FAMILIES if families is None else families)
        unknown = sorted(set(families) - set(FAMILIES))
        if unknown:
            raise ConfigError(f"unknown families {unknown}; choose from {list(FAMILIES)}")
        if not 0.0 <= max_ks <= 1.0:
            raise ConfigError(f"max_ks must be within [0, 1], got {max_ks}")
        if not 0.0 < point_mass_threshold <= 1.0:
            raise ConfigError(f"point_mass_threshold must be within (0, 1], got {point_mass_threshold}")
        for name, value in (("max_discrete_values", max_discrete_values), ("ks_subsample", ks_subsample)):
            if value < 0:
                raise ConfigError(f"{name} must not be negative, got {value}")
        if copula_rows < 2:
            raise ConfigError(f"copula_rows must be at least 2, got {copula_rows}")
        if max_condition_rounds < 1:
            raise ConfigError(f"max_condition_rounds must be at least 1, got {max_condition_rounds}")
        self.bounds = {str(k): _check_bound_pair(k, v) for k, v in (bounds or {}).items()}
        self.enforce_min_max = enforce_min_max
        self.families = families
        self.max_ks = max_ks
        self.point_mass_threshold = point_mass_threshold
        self.max_discrete_values = max_discrete_values
        self.detect_dependencies = detect_dependencies
        self.link_categories = link_categories
        self.schema_overrides = dict(schema_overrides or {})
        if isinstance(allow_real_text, str):
            raise ConfigError(f"allow_real_text takes a list of column names, got the string {allow_real_text!r}")
        self.allow_real_text = [str(name) for name in allow_real_text]
        if self.allow_real_text and privacy == "strict":
            raise ConfigError(
                "allow_real_text keeps every real value of its columns, which privacy='strict' forbids "
                "(it stores no value held by few rows); drop one of the two"
            )
        self.detect_constraints = detect_constraints
        self.fit_seed = fit_seed
        self.ks_subsample = ks_subsample
        self.copula_rows = copula_rows
        self.max_condition_rounds = max_condition_rounds
        self.privacy = check_level(privacy)
        self._state: CopulaState | None = None
        self._latent_view: tuple[CopulaState, CopulaLatentModel] | None = None

    # ----------------------------------------------------------------- fitting

    def fit(self, data: pd.DataFrame, schema: Schema | str | Path | None = None) -> Self:
        """Learn the marginals, dependencies and copula from ``data``; returns ``self``.

        :param schema: a :class:`~genesis.schema.Schema`, or the path of a schema file written by
            ``genesis discover --output`` (YAML or JSON, see :func:`genesis.schema_file.load_schema`).
            Its kinds and dtypes win over inference (the data is cast to them), its constraints are
            kept in every generated row; bounds, categories and null rates are measured on ``data``.
            ``schema_overrides`` still apply on top.
        """
        started = time.perf_counter()
        _check_frame(data)
        labels = _labels(data)
        data = data.set_axis([str(c) for c in data.columns], axis=1) if labels else data
        declared = _declared(schema)
        if declared is not None:
            data = conform(data, declared)
        schema = infer_schema(data, {**_declared_overrides(declared, data), **self.schema_overrides},
                              detect_constraints=self.detect_constraints and declared is None)
        if declared is not None:
            schema.constraints = _learnt(declared.constraints, data)
        for option, names in (("bounds", self.bounds), ("allow_real_text", self.allow_real_text)):
            _check_columns(option, names, schema.names)
        if self.privacy == "strict":
            data, schema = self._strict_inputs(data, schema)
        rng = np.random.default_rng(self.fit_seed)
        rows = np.sort(rng.choice(len(data), self.copula_rows, replace=False)) if len(data) > self.copula_rows else None
        sample = data if rows is None else data.iloc[rows]
        dependencies = self._dependencies(data, schema)
        models, value_scores, fallbacks = self._fit_columns(data, sample, schema, dependencies, rng)
        linked = self._link_categories(data, rows, models, value_scores, rng)
        self._link_text(data, models)
        latent: list[tuple[str, str]] = []
        blocks: list[np.ndarray] = []
        ties: list[np.ndarray] = []  # each score's expansion coefficients, to undo what its ties hide
        for name in models:
            if name in value_scores:
                latent.append((name, VALUE))
                blocks.append(value_scores[name])
                linked_child = name in linked  # scores given the parent: no shared tie intervals to correct
                ties.append(UNTIED if linked_child else score_coefficients(models[name].score_keys(sample[name])))
            if 0.0 < schema[name].null_rate < 1.0 and name not in linked:
                latent.append((name, NULL))
                missing = sample[name].isna().to_numpy(dtype=float)
                blocks.append(normal_scores(missing, rng))
                ties.append(score_coefficients(missing))
        raw = np.eye(0)
        if blocks:
            stacked = np.column_stack(blocks)
            with serial_blas():
                counts = pair_counts(stacked)
                raw = latent_correlation(pairwise_correlation(stacked, counts), np.vstack(ties), counts)
        correlation = nearest_correlation(raw) if len(raw) else raw
        report = FitReport(
            n_rows=len(data),
            n_latent=len(latent),
            fit_seconds=0.0,
            correlation_repair=float(np.linalg.norm(correlation - raw)),
            columns=_column_reports(schema, models, dependencies, fallbacks, latent),
            dependencies=[{"determinant": d.determinant, "dependent": d.dependent} for d in dependencies],
        )
        self._state = CopulaState(
            schema, models, dependencies, latent, correlation, correlation_factor(correlation), report, labels
        )
        report.fit_seconds = round(time.perf_counter() - started, 4)
        return self

    def _strict_inputs(self, data: pd.DataFrame, schema: Schema) -> tuple[pd.DataFrame, Schema]:
        """Under ``privacy="strict"``: rare categories merged, and a schema whose ranges are coarse."""
        data = merge_rare_categories(data, schema, STRICT_MIN_COUNT, self.fit_seed)
        kinds: dict[str, Any] = {column.name: {"kind": str(column.kind)} for column in schema}
        for name, override in self.schema_overrides.items():
            kinds[name] |= dict(override) if isinstance(override, Mapping) else {"kind": str(override)}
        schema = infer_schema(data, kinds)
        ranges: dict[str, tuple[Any, Any]] = {}
        for column in schema:
            series = data[column.name]
            if column.kind is ColumnKind.DATETIME and series.notna().any():
                ranges[column.name] = (to_json_scalar(series.min().floor("D")), to_json_scalar(series.max().ceil("D")))
            elif column.kind in _NUMERIC and pd.api.types.is_numeric_dtype(series.dtype):
                ranges[column.name] = coarse_range(series.to_numpy(dtype=float, na_value=np.nan))
        return data, coarsen_schema(schema, ranges)

    def _fit_columns(
        self,
        data: pd.DataFrame,
        sample: pd.DataFrame,
        schema: Schema,
        dependencies: list[FunctionalDependency],
        rng: np.random.Generator,
    ) -> tuple[dict[str, ColumnModel], dict[str, np.ndarray], dict[str, str | None]]:
        """A model per column not looked up from another, its copula scores on ``sample`` and any fallback."""
        dependent = {d.dependent for d in dependencies}
        models: dict[str, ColumnModel] = {}
        value_scores: dict[str, np.ndarray] = {}
        fallbacks: dict[str, str | None] = {}
        for column in schema:
            if column.name in dependent:
                continue
            name = column.name
            models[name], scores, fallbacks[name] = self._fit_column(data[name], sample[name], column, rng)
            if scores is not None:
                value_scores[name] = scores
        return models, value_scores, fallbacks

    def _link_categories(
        self,
        data: pd.DataFrame,
        rows: np.ndarray | None,
        models: dict[str, ColumnModel],
        value_scores: dict[str, np.ndarray],
        rng: np.random.Generator,
    ) -> set[str]:
        """Give categorical columns parents (a Chow-Liu forest); returns the linked children.

        Parents are categorical columns or numeric ones cut into bins; only categorical
        columns are children, so numeric columns stay roots decoded straight from the copula.

        A child's copula score becomes its conditional probability transform given the parent,
        and its missing values are a code of the conditional table.
        """
        categorical = {name: m for name, m in models.items() if isinstance(m, CategoricalColumn)}
        if not self.link_categories or not categorical or len(models) < 2:
            return set()
        codes = {name: m.codes_of(data[name]) for name, m in categorical.items()}
        sizes = {name: m.size for name, m in categorical.items()}
        edges: dict[str, np.ndarray] = {}
        for name, model in models.items():
            if isinstance(model, NumericColumn):
                x = model.relative(data[name])
                edges[name] = bin_edges(x)
                codes[name], sizes[name] = bin_codes(x, edges[name]), len(edges[name]) + 2
        subset = codes if rows is None else {name: c[rows] for name, c in codes.items()}
        replayed_text = {name for name, m in categorical.items() if m.column.kind is ColumnKind.TEXT}
        parents = choose_parents(subset, sizes, children=set(categorical), leaves=replayed_text)
        for child, parent in parents.items():
            model = categorical[child]
            table = conditional_table(codes[child], codes[parent], model.size, sizes[parent])
            model.link(parent, table, edges.get(parent))
            value_scores[child] = model.linked_scores(subset[child], subset[parent], rng)
        return set(parents)

    def _link_text(self, data: pd.DataFrame, models: dict[str, ColumnModel]) -> None:
        """Give word-chain text columns the category their words follow (``sex`` for "Mr" and "Mrs")."""
        parents = {name: m for name, m in models.items() if isinstance(m, CategoricalColumn)
                   and m.column.kind is not ColumnKind.TEXT and m.size <= MAX_TEXT_PARENT_CODES}  # fmt: skip
        texts = {name: m for name, m in models.items() if isinstance(m, TextColumn) and m.text.style == "words"}
        if not self.link_categories or not parents or not texts:
            return
        codes = {name: m.codes_of(data[name]) for name, m in parents.items()}
        sizes = {name: m.size for name, m in parents.items()}
        for name, model in texts.items():
            parent = choose_text_parent(data[name], codes, sizes)
            if parent is not None:
                model.link(parent, codes[parent], data[name])

    def _dependencies(self, data: pd.DataFrame, schema: Schema) -> list[FunctionalDependency]:
        if not self.detect_dependencies or len(data) == 0:
            return []
        free = [c for c in schema if c.kind not in (ColumnKind.IDENTIFIER, ColumnKind.TEXT, ColumnKind.CONSTANT)]
        discrete = [
            c.name
            for c in free
            if c.kind in (ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN)
            or (c.kind in _NUMERIC and c.n_unique <= self.max_discrete_values)
        ]
        try:
            return detect_functional_dependencies(data, discrete, [c.name for c in free])
        except (TypeError, ValueError):  # unhashable or exotic values: no dependencies, never a failed fit
            return []

    def _fit_column(
        self, series: pd.Series, sample: pd.Series, column: ColumnSchema, rng: np.random.Generator
    ) -> tuple[ColumnModel, np.ndarray | None, str | None]:
        """Fit the kind's preferred model on ``series`` and score the copula rows ``sample``,
        falling back (and saying why) until a model works."""
        failures: list[str] = []
        for label, build in self._candidates(series, column, rng):
            try:
                model = build()
                scores = model.scores(sample, rng) if model.has_value else None
                missing = np.array([False, 0.0 < column.null_rate < 1.0])
                model.sample(np.zeros(2) if model.has_value else None, 2, rng, missing)  # prove it can generate
            except Exception as exc:  # a column must never break the fit: try the next model
                failures.append(f"{label} failed ({type(exc).__name__}: {exc})")
                continue
            return model, scores, "; ".join(failures) or None
        raise GenerationError(f"no model fits column {column.name!r}: " + "; ".join(failures))

    def _candidates(
        self, series: pd.Series, column: ColumnSchema, rng: np.random.Generator
    ) -> list[tuple[str, Callable[[], ColumnModel]]]:
        numeric_dtype = series.dtype.kind in "mM" or pd.api.types.is_numeric_dtype(series.dtype)
        bounds = self.bounds.get(column.name, (None, None))
        numeric = (
            "numeric",
            lambda: NumericColumn.fit(series, column, bounds, self.enforce_min_max, self._options, rng),
        )
        categorical = ("categorical", lambda: CategoricalColumn.fit(series, column))
        identifier = ("identifier", lambda: IdentifierColumn.fit(series, column))
        constant = ("constant", lambda: ConstantColumn.fit(series, column))
        text = ("text", lambda: CategoricalColumn.fit(series.astype(str), _as_text(column)))
        if column.kind is ColumnKind.CONSTANT:
            return [constant, text]
        if column.kind is ColumnKind.TEXT:
            free = ("free text", lambda: TextColumn.fit(series, column, min_value_count(self.privacy)))
            if column.name in self.allow_real_text:  # real values by frequency, ties in no order the file had
                shuffled = series.iloc[rng.permutation(len(series))]
                return [("real text", lambda: CategoricalColumn.fit(shuffled, column)), free, constant, text]
            as_text = series.map(str, na_action="ignore").astype(object)  # exotic values (intervals) as their text
            return [free, ("identifier", lambda: IdentifierColumn.fit(as_text, _as_text(column)))]  # never a replay
        if column.kind is ColumnKind.IDENTIFIER:
            plain_ids = pd.api.types.is_integer_dtype(series.dtype) or not numeric_dtype
            first = identifier if plain_ids else numeric
            return [first, categorical, constant, text]
        if column.kind in _NUMERIC:
            return [numeric, categorical, constant, text]
        return [categorical, constant, text]

    @property
    def _options(self) -> MarginalOptions:
        return MarginalOptions(
            families=self.families,
            max_ks=self.max_ks,
            point_mass_threshold=self.point_mass_threshold,
            max_discrete_values=self.max_discrete_values,
            subsample=self.ks_subsample,
            min_value_count=min_value_count(self.privacy),
        )

    # -------------------------------------------------------------- generating

    def generate(self, n: int, *, conditions: ConditionSet | Mapping[str, Any] | None = None,
                 seed: int | np.random.SeedSequence | None = None) -> pd.DataFrame:
        """Draw ``n`` rows with the original columns and dtypes.

        :param conditions: a :class:`~genesis.conditions.ConditionSet` or its dict form
            (``{"age": (">=", 21)}``); the rows are drawn exactly from the model's conditional
            distribution in its normal-score space (:func:`~genesis.conditions.conditional_sample`),
            so a rare condition costs about what an unconditioned request does.
        :param seed: an int, :class:`numpy.random.SeedSequence` or None; the same seed gives the
            same frame (partition ``i`` of a job uses ``SeedSequence(seed).spawn(k)[i]``).
        """
        state = self._fitted()
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
            raise ValidationError(f"n must be a non-negative integer, got {n!r}")
        if conditions is None or not len(condition_set := as_condition_set(conditions)):
            return state.sample(int(n), np.random.default_rng(seed))
        return conditional_sample(self, condition_set, int(n), seed=_integer_seed(seed),
                                  max_iterations=self.max_condition_rounds)

    def latent_model(self) -> CopulaLatentModel:
        """The fitted copula as a latent Gaussian model: what exact conditional sampling works in.

        One view per fit, so conditioning plans prepared for it (keyed by the view) are reused until the next fit.
        """
        state = self._fitted()
        if self._latent_view is None or self._latent_view[0] is not state:
            self._latent_view = (state, CopulaLatentModel(state))
        return self._latent_view[1]

    # ------------------------------------------------------------ inspection

    @property
    def is_fitted(self) -> bool:
        """Whether :meth:`fit` (or :meth:`load`) has run."""
        return self._state is not None

    @property
    def schema(self) -> Schema:
        """The schema inferred at fit time."""
        return self._fitted().schema

    @property
    def report(self) -> FitReport:
        """What was fitted per column, with fallbacks and timing."""
        return self._fitted().report

    @property
    def correlation(self) -> pd.DataFrame:
        """The copula's correlation, labelled ``column`` (value) or ``column:null`` (null indicator)."""
        state = self._fitted()
        labels = [name if part == VALUE else f"{name}:{part}" for name, part in state.latent]
        return pd.DataFrame(state.correlation, index=labels, columns=labels)

    def _fitted(self) -> CopulaState:
        if self._state is None:
            raise NotFittedError("GaussianCopulaGenerator is not fitted: call fit(data) or load(path) first")
        return self._state

    # ------------------------------------------------------------ persistence

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, JSON-safe."""
        return {
            "bounds": {k: [to_json_scalar(v) for v in pair] for k, pair in self.bounds.items()},
            "enforce_min_max": self.enforce_min_max,
            "families": list(self.families),
            "max_ks": self.max_ks,
            "point_mass_threshold": self.point_mass_threshold,
            "max_discrete_values": self.max_discrete_values,
            "detect_dependencies": self.detect_dependencies,
            "link_categories": self.link_categories,
            "schema_overrides": _json_overrides(self.schema_overrides),
            "allow_real_text": list(self.allow_real_text),
            "detect_constraints": self.detect_constraints,
            "fit_seed": self.fit_seed,
            "ks_subsample": self.ks_subsample,
            "copula_rows": self.copula_rows,
            "max_condition_rounds": self.max_condition_rounds,
            "privacy": self.privacy,
        }

    def save(self, path: str | Path) -> Path:
        """Write the fitted model as JSON (format in :mod:`genesis.generators.persistence`)."""
        return write_document(path, self.get_params(), self._fitted().to_dict())

    @classmethod
    def load(cls, path: str | Path) -> GaussianCopulaGenerator:
        """Read a model written by :meth:`save`; it generates exactly what the saved one did."""
        options, state = read_document(path)
        try:
            options["bounds"] = {k: tuple(v) for k, v in options["bounds"].items()}
            generator = cls(**options)
            generator._state = CopulaState.from_dict(state)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(f"{path} holds an incomplete or damaged model: {type(exc).__name__}: {exc}") from exc
        return generator

    @classmethod
    def from_state(cls, state: CopulaState, **options: Any) -> GaussianCopulaGenerator:
        """A fitted generator around ``state`` built elsewhere (e.g. by :mod:`genesis.generators.sufficient`)."""
        generator = cls(**options)
        generator._state = state
        return generator

    def __repr__(self) -> str:
        fitted = f"fitted on {self.report.n_rows} rows x {len(self.schema)} columns" if self.is_fitted else "unfitted"
        return f"GaussianCopulaGenerator({fitted})"


def _column_reports(
    schema: Schema,
    models: dict[str, ColumnModel],
    dependencies: list[FunctionalDependency],
    fallbacks: dict[str, str | None],
    latent: list[tuple[str, str]],
) -> dict[str, ColumnReport]:
    """One report per column, in table order."""
    determinant = {d.dependent: d.determinant for d in dependencies}
    reports: dict[str, ColumnReport] = {}
    for column in schema:
        name = column.name
        if name in determinant:
            reports[name] = ColumnReport(name, column.kind, "dependent", determinant=determinant[name])
        else:
            null_indicator = (name, NULL) in latent
            reports[name] = ColumnReport(
                name, column.kind, null_indicator=null_indicator, fallback=fallbacks[name], **models[name].describe()
            )
    return reports


def _check_columns(option: str, names: Iterable[str], columns: list[str]) -> None:
    """Refuse an option naming columns the data lacks, suggesting the closest real name."""
    unknown = sorted(set(names) - set(columns))
    if unknown:
        close = difflib.get_close_matches(unknown[0], columns, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ConfigError(f"{option} name unknown columns: {unknown}{hint}")


def _declared(schema: Schema | str | Path | None) -> Schema | None:
    """The schema handed to ``fit``: an object, or loaded from a file."""
    if schema is None or isinstance(schema, Schema):
        return schema
    if isinstance(schema, str | Path):
        return load_schema(schema)
    raise ValidationError(f"schema must be a Schema or the path of a schema file, got {type(schema).__name__}")


def _declared_overrides(declared: Schema | None, data: pd.DataFrame) -> dict[str, Any]:
    """A declared schema's kinds as overrides; it must name exactly the data's columns."""
    if declared is None:
        return {}
    extra = [name for name in data.columns if name not in declared]
    if extra:
        raise ValidationError(f"the schema does not describe the data's columns {extra}; add them or drop them")
    return {column.name: {"kind": column.kind, "ordered": column.ordered} for column in declared}


def _learnt(constraints: list[Constraint], data: pd.DataFrame) -> list[Constraint]:
    """Declared constraints checked against the real data, fixed combinations filled in from it."""
    learnt = [c.learn(data) if isinstance(c, FixedCombinations) and not c.combinations else c for c in constraints]
    check_constraints(data, learnt)
    return learnt


def _as_text(column: ColumnSchema) -> ColumnSchema:
    """The last resort for a dtype nothing else can rebuild: its values as text in an object column."""
    return replace(column, dtype="object", categories=None, ordered=False, extra={})


def _check_frame(data: Any) -> None:
    if not isinstance(data, pd.DataFrame):
        raise ValidationError(f"fit needs a pandas DataFrame, got {type(data).__name__}")
    if data.shape[1] == 0:
        raise ValidationError("cannot fit a frame without columns")
    if len(data) == 0:
        raise ValidationError("cannot fit a frame without rows")


def _labels(data: pd.DataFrame) -> list[Any] | None:
    """Original column labels when some are not strings (the model works on their text), else None."""
    if all(isinstance(c, str) for c in data.columns):
        return None
    labels = [to_json_scalar(c) for c in data.columns]
    if any(not isinstance(c, str | int | float | bool) for c in data.columns) or len({str(c) for c in labels}) < len(
        labels
    ):
        raise ValidationError(f"column labels must be distinct strings or numbers, got {list(data.columns)}")
    return labels


def _check_bound_pair(name: Any, pair: Any) -> tuple[Any, Any]:
    if not isinstance(pair, Sequence) or isinstance(pair, str) or len(pair) != 2:
        raise ConfigError(f"bounds for '{name}' must be a (lower, upper) pair, got {pair!r}")
    lower, upper = pair
    try:
        if lower is not None and upper is not None and lower > upper:
            raise ConfigError(f"bounds for '{name}' have lower {lower!r} above upper {upper!r}")
    except TypeError as exc:
        raise ConfigError(f"bounds for '{name}' are not comparable: {pair!r}") from exc
    return (lower, upper)


def _json_overrides(overrides: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: str(v) if isinstance(v, str) else {f: to_json_scalar(x) for f, x in dict(v).items()}
        for k, v in overrides.items()
    }


def _integer_seed(seed: int | np.random.SeedSequence | None) -> int | None:
    """An int seed for the conditional sampler: a SeedSequence gives its first 63 bits of state."""
    if isinstance(seed, np.random.SeedSequence):
        return int(seed.generate_state(2, dtype=np.uint32).view(np.uint64)[0] >> 1)
    return seed
