"""Candidate distribution families for the continuous part of a numeric column.

Each family fits cheaply (closed form or moments, never an optimiser), so choosing among them
by the Kolmogorov-Smirnov distance on a subsample costs milliseconds. The functions use
``scipy.special`` only: importing ``scipy.stats`` alone would cost more than a whole fit.

Example::

    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(5, 2, 2000)
    >>> choice = choose_family(x, lower=x.min(), upper=x.max(), candidates=FAMILIES, max_ks=0.03)
    >>> choice.family in ("normal", "truncnorm")
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

__all__ = ["EMPIRICAL", "FAMILIES", "FamilyChoice", "choose_family", "family_cdf", "family_ppf", "fit_empirical"]

Params = dict[str, Any]
EMPIRICAL = "empirical"
#: Probability levels of the empirical quantile function (its knots).
EMPIRICAL_KNOTS = 513
#: The one-sample KS distance that chance exceeds 1% of the time is about this over sqrt(rows).
KS_CHANCE = 1.63


def _normal_fit(x: np.ndarray, lower: float, upper: float) -> Params:
    return {"mu": float(x.mean()), "sigma": float(x.std())}


def _normal_cdf(x: np.ndarray, p: Params) -> np.ndarray:
    return special.ndtr((x - p["mu"]) / p["sigma"])


def _normal_ppf(u: np.ndarray, p: Params) -> np.ndarray:
    return p["mu"] + p["sigma"] * special.ndtri(u)


def _truncnorm_moments(mu: float, sigma: float, a: float, b: float) -> tuple[float, float]:
    alpha, beta = (a - mu) / sigma, (b - mu) / sigma
    z = max(special.ndtr(beta) - special.ndtr(alpha), 1e-300)
    pa, pb = math.exp(-0.5 * alpha * alpha), math.exp(-0.5 * beta * beta)
    pa, pb = pa / math.sqrt(2 * math.pi), pb / math.sqrt(2 * math.pi)
    shift = (pa - pb) / z
    var = sigma * sigma * (1 + (alpha * pa - beta * pb) / z - shift * shift)
    return mu + sigma * shift, max(var, 1e-300)


def _truncnorm_fit(x: np.ndarray, lower: float, upper: float) -> Params:
    """Moment matching by a short fixed-point iteration on the untruncated mean and scale."""
    mean, std = float(x.mean()), float(x.std())
    mu, sigma = mean, std
    for _ in range(30):
        m, v = _truncnorm_moments(mu, sigma, lower, upper)
        mu = mu + (mean - m)
        sigma = min(max(sigma * std / math.sqrt(v), 1e-12), 1e3 * (upper - lower))
        mu = min(max(mu, lower - 10 * (upper - lower)), upper + 10 * (upper - lower))
    return {"mu": mu, "sigma": sigma, "lower": lower, "upper": upper}


def _truncnorm_span(p: Params) -> tuple[float, float]:
    lo = special.ndtr((p["lower"] - p["mu"]) / p["sigma"])
    hi = special.ndtr((p["upper"] - p["mu"]) / p["sigma"])
    return float(lo), float(max(hi - lo, 1e-300))


def _truncnorm_cdf(x: np.ndarray, p: Params) -> np.ndarray:
    lo, width = _truncnorm_span(p)
    return np.clip((special.ndtr((x - p["mu"]) / p["sigma"]) - lo) / width, 0.0, 1.0)


def _truncnorm_ppf(u: np.ndarray, p: Params) -> np.ndarray:
    lo, width = _truncnorm_span(p)
    return np.clip(p["mu"] + p["sigma"] * special.ndtri(lo + u * width), p["lower"], p["upper"])


def _uniform_fit(x: np.ndarray, lower: float, upper: float) -> Params:
    return {"lower": lower, "upper": upper}


def _uniform_cdf(x: np.ndarray, p: Params) -> np.ndarray:
    return np.clip((x - p["lower"]) / (p["upper"] - p["lower"]), 0.0, 1.0)


def _uniform_ppf(u: np.ndarray, p: Params) -> np.ndarray:
    return p["lower"] + u * (p["upper"] - p["lower"])


def _beta_fit(x: np.ndarray, lower: float, upper: float) -> Params:
    y = (x - lower) / (upper - lower)
    m, v = float(y.mean()), float(y.var())
    common = m * (1 - m) / v - 1
    if not (v > 0 and common > 0):
        raise ValueError("beta moments undefined")
    return {"a": m * common, "b": (1 - m) * common, "lower": lower, "upper": upper}


def _beta_cdf(x: np.ndarray, p: Params) -> np.ndarray:
    y = np.clip((x - p["lower"]) / (p["upper"] - p["lower"]), 0.0, 1.0)
    return special.betainc(p["a"], p["b"], y)


def _beta_ppf(u: np.ndarray, p: Params) -> np.ndarray:
    return p["lower"] + (p["upper"] - p["lower"]) * special.betaincinv(p["a"], p["b"], u)


def _gamma_fit(x: np.ndarray, lower: float, upper: float) -> Params:
    y = x - lower
    m, v = float(y.mean()), float(y.var())
    if not (m > 0 and v > 0):
        raise ValueError("gamma moments undefined")
    return {"k": m * m / v, "theta": v / m, "loc": lower}


def _gamma_cdf(x: np.ndarray, p: Params) -> np.ndarray:
    return special.gammainc(p["k"], np.maximum(x - p["loc"], 0.0) / p["theta"])


def _gamma_ppf(u: np.ndarray, p: Params) -> np.ndarray:
    return p["loc"] + p["theta"] * special.gammaincinv(p["k"], u)


def _lognormal_fit(x: np.ndarray, lower: float, upper: float) -> Params:
    loc = 0.0 if lower > 0 else lower - 0.01 * max(float(x.std()), 1e-12)
    logs = np.log(x - loc)
    return {"mu": float(logs.mean()), "sigma": float(logs.std()), "loc": loc}


def _lognormal_cdf(x: np.ndarray, p: Params) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(np.maximum(x - p["loc"], 0.0))
    return special.ndtr((logs - p["mu"]) / p["sigma"])


def _lognormal_ppf(u: np.ndarray, p: Params) -> np.ndarray:
    return p["loc"] + np.exp(p["mu"] + p["sigma"] * special.ndtri(u))


@dataclass(frozen=True)
class _Family:
    fit: Callable[[np.ndarray, float, float], Params]
    cdf: Callable[[np.ndarray, Params], np.ndarray]
    ppf: Callable[[np.ndarray, Params], np.ndarray]


_PARAMETRIC: dict[str, _Family] = {
    "normal": _Family(_normal_fit, _normal_cdf, _normal_ppf),
    "truncnorm": _Family(_truncnorm_fit, _truncnorm_cdf, _truncnorm_ppf),
    "beta": _Family(_beta_fit, _beta_cdf, _beta_ppf),
    "gamma": _Family(_gamma_fit, _gamma_cdf, _gamma_ppf),
    "lognormal": _Family(_lognormal_fit, _lognormal_cdf, _lognormal_ppf),
    "uniform": _Family(_uniform_fit, _uniform_cdf, _uniform_ppf),
}
#: Every family name a user may list in ``families=``; the empirical one is always the fallback.
FAMILIES: tuple[str, ...] = (*_PARAMETRIC, EMPIRICAL)


@dataclass
class FamilyChoice:
    """The family picked for a column, its parameters and every candidate's KS distance."""

    family: str
    params: Params
    ks: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def fit_empirical(x: np.ndarray) -> Params:
    """Quantile knots of ``x`` at evenly spaced probabilities (a piecewise-linear quantile function)."""
    levels = np.linspace(0.0, 1.0, min(EMPIRICAL_KNOTS, max(len(x), 2)))
    return {"knots": np.quantile(x, levels).tolist()}


def _empirical_ppf(u: np.ndarray, p: Params) -> np.ndarray:
    knots = np.asarray(p["knots"], dtype=float)
    return np.interp(u, np.linspace(0.0, 1.0, len(knots)), knots)


def family_cdf(family: str, x: np.ndarray, params: Params) -> np.ndarray:
    """The distribution function of ``family`` with ``params`` at values ``x``."""
    if family == EMPIRICAL:
        knots = np.asarray(params["knots"], dtype=float)
        return np.interp(x, knots, np.linspace(0.0, 1.0, len(knots)))
    with np.errstate(all="ignore"):
        return _PARAMETRIC[family].cdf(x, params)


def family_ppf(family: str, u: np.ndarray, params: Params) -> np.ndarray:
    """The quantile function of ``family`` with ``params`` at probabilities ``u``."""
    if family == EMPIRICAL:
        return _empirical_ppf(u, params)
    return _PARAMETRIC[family].ppf(u, params)


def _ks_distance(sorted_x: np.ndarray, cdf: np.ndarray) -> float:
    m = len(sorted_x)
    upper = np.arange(1, m + 1) / m
    return float(max(np.max(upper - cdf), np.max(cdf - (upper - 1.0 / m))))


def choose_family(
    x: np.ndarray,
    lower: float,
    upper: float,
    candidates: Iterable[str],
    max_ks: float,
    check: np.ndarray | None = None,
) -> FamilyChoice:
    """Fit each candidate on ``x`` (a subsample is enough) and keep the one closest in KS distance.

    Distances are measured on ``check`` (a larger sample of the column; ``x`` when None), which also
    gives the empirical knots. A candidate is accepted within ``max_ks`` and within what chance allows
    on that many rows (:data:`KS_CHANCE` / sqrt(rows), the 1% critical distance): on 20,000 rows a family
    0.02 away is a visible misfit, not noise. Otherwise (multimodal, heaped or simply unlike any family)
    the empirical quantile function is used. A candidate that cannot fit is skipped and noted, never fatal.
    """
    sorted_x = np.sort(x)
    measured = sorted_x if check is None else np.sort(check)
    max_ks = min(max_ks, KS_CHANCE / math.sqrt(max(len(measured), 1)))
    choice = FamilyChoice(family=EMPIRICAL, params=fit_empirical(measured))
    if upper <= lower:
        choice.notes.append("degenerate range: empirical")
        return choice
    best = math.inf
    for name in candidates:
        family = _PARAMETRIC.get(name)
        if family is None:
            continue
        try:
            with np.errstate(all="ignore"):
                params = family.fit(sorted_x, lower, upper)
                ks = _ks_distance(measured, family.cdf(measured, params))
        except (ValueError, ZeroDivisionError, FloatingPointError, OverflowError) as exc:
            choice.notes.append(f"{name} skipped: {exc}")
            continue
        if not (math.isfinite(ks) and all(math.isfinite(v) for v in params.values() if isinstance(v, float))):
            choice.notes.append(f"{name} skipped: non-finite fit")
            continue
        choice.ks[name] = round(ks, 6)
        if ks < best and ks <= max_ks:
            best, choice.family, choice.params = ks, name, params
    return choice
