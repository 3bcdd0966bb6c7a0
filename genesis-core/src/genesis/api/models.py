"""Request bodies of the REST API (pydantic models, so the OpenAPI schema documents them)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ClarifyRequest", "GenerateRequest", "NaturalLanguageRequest"]

_ID = Field(default=None, min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NaturalLanguageRequest(_Body):
    """``{"prompt": "Generate 1000 customers over 50 in California", "data_context": "customers"}``.

    ``session_id`` continues a clarification session (the prompt may then be omitted); ``seed`` makes the
    rows reproducible.
    """

    prompt: str | None = Field(default=None, examples=["Generate 1000 customers over 50 in California"])
    data_context: str | None = Field(default=None, max_length=128, examples=["customers"])
    session_id: str | None = _ID
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1)


class ClarifyRequest(_Body):
    """``{"prompt": "Generate some customer data", "session_id": "abc123"}``; later prompts answer questions."""

    prompt: str = Field(examples=["Generate some customer data"])
    session_id: str | None = _ID
    data_context: str | None = Field(default=None, max_length=128)


class GenerateRequest(_Body):
    """Structured generation: ``{"data_context": "customers", "n_samples": 100, "conditions": {"age": [">=", 50]}}``."""

    data_context: str | None = Field(default=None, max_length=128)
    n_samples: int = Field(ge=0)
    conditions: dict[str, Any] | None = None
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1)
