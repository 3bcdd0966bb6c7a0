"""Request bodies of the REST API (pydantic models, so the OpenAPI schema documents them).

Numbers are strict: ``"n_samples": true`` or ``"10"`` is a 422, not 1 or 10 rows.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ClarifyRequest", "GenerateRequest", "NaturalLanguageRequest"]

#: Largest seed over JSON: 2**53 - 1, the I-JSON range every client (JavaScript included) sends exactly, and the
#: largest bound a JSON Schema validator working in floats cannot misjudge.
MAX_JSON_SEED = 2**53 - 1

_ID = Field(default=None, min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NaturalLanguageRequest(_Body):
    """``{"prompt": "Generate 1000 customers over 50 in California", "data_context": "customers"}``.

    ``session_id`` continues a clarification session (the prompt may then be omitted); ``seed`` makes the
    rows reproducible.
    """

    prompt: str | None = Field(default=None, min_length=1, max_length=2_000,
                               examples=["Generate 1000 customers over 50 in California"])
    data_context: str | None = Field(default=None, max_length=128, examples=["customers"])
    session_id: str | None = _ID
    seed: int | None = Field(default=None, strict=True, ge=0, le=MAX_JSON_SEED)


class ClarifyRequest(_Body):
    """``{"prompt": "Generate some customer data", "session_id": "abc123"}``; later prompts answer questions."""

    prompt: str = Field(min_length=1, max_length=2_000, examples=["Generate some customer data"])
    session_id: str | None = _ID
    data_context: str | None = Field(default=None, max_length=128)


class GenerateRequest(_Body):
    """Structured generation: ``{"data_context": "customers", "n_samples": 100, "conditions": {"age": [">=", 50]}}``."""

    data_context: str | None = Field(default=None, max_length=128)
    n_samples: int = Field(strict=True, ge=0, description="A JSON integer: no strings, no booleans.")
    conditions: dict[str, Any] | None = None
    seed: int | None = Field(default=None, strict=True, ge=0, le=MAX_JSON_SEED)
