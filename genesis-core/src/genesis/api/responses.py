"""Bodies of successful REST responses (pydantic models, so the OpenAPI document declares them)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["ClarifyResponse", "DatasetsResponse", "GenerateResponse", "HealthResponse", "NaturalLanguageResponse"]


class Interpretation(BaseModel):
    """What a prompt was understood to ask for."""

    n_samples: int | None
    conditions: dict[str, Any]


class Question(BaseModel):
    """One clarification question; ``options`` are suggested answers."""

    field: str
    question: str
    options: list[str] = []


class NaturalLanguageResponse(BaseModel):
    """Exactly ``interpretation.n_samples`` rows, each satisfying ``interpretation.conditions``."""

    data: list[dict[str, Any]]
    interpretation: Interpretation


class ClarifyResponse(BaseModel):
    """What is still unclear about a prompt, and the session to answer in."""

    needs_clarification: bool
    questions: list[Question]
    session_id: str
    interpretation: Interpretation


class GenerateResponse(BaseModel):
    """``n_samples`` rows satisfying ``conditions`` (in the reference dialect)."""

    data: list[dict[str, Any]]
    n_samples: int
    conditions: dict[str, Any]


class Column(BaseModel):
    """A column's name and inferred kind."""

    name: str
    kind: str


class Dataset(BaseModel):
    """A served dataset: name, training rows, source file name, columns (never values, never a server path)."""

    name: str
    rows: int
    source: str
    columns: list[Column]


class DatasetsResponse(BaseModel):
    """Every served dataset."""

    datasets: list[Dataset]


class HealthResponse(BaseModel):
    """Liveness."""

    status: str
    datasets: int
