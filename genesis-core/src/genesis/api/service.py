"""What the REST endpoints do, as plain synchronous methods (the app runs them in worker threads)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from genesis.api.budget import within_budget
from genesis.api.conditions import reference_form
from genesis.api.datasets import Dataset, DatasetRegistry
from genesis.api.models import ClarifyRequest, GenerateRequest, NaturalLanguageRequest
from genesis.api.sessions import Session, SessionStore
from genesis.conditions import ConditionSet
from genesis.errors import ConfigError, ValidationError
from genesis.nl import Interpretation, answer
from genesis.pipeline import GenerationRequest, RunReport
from genesis.protocols import NLParser

__all__ = ["ApiSettings", "ClarificationNeeded", "GenerationService"]


@dataclass(frozen=True)
class ApiSettings:
    """Limits and choices of one server.

    ``batch_rows``: rows generated and streamed per chunk of a response. ``max_concurrent``: generation requests
    served at once (the next gets 503 with ``Retry-After``). ``body_timeout`` / ``header_timeout``: seconds a client
    has to send its body / its request headers before the server gives up on it. ``request_seconds``: the time
    budget of one generation request (:mod:`genesis.api.budget`).
    """

    max_rows: int = 1_000_000
    max_body_bytes: int = 64 * 1024
    max_sessions: int = 1_000
    session_ttl: float = 900.0
    parser: str = "rule-based"
    batch_rows: int = 10_000
    max_concurrent: int = 4
    body_timeout: float = 30.0
    header_timeout: float = 10.0
    request_seconds: float = 120.0

    def __post_init__(self) -> None:
        if self.max_rows < 1 or self.max_body_bytes < 1:
            raise ConfigError(f"max_rows and max_body_bytes must be >= 1, got {self.max_rows}, {self.max_body_bytes}")
        if (self.batch_rows < 1 or self.max_concurrent < 1 or self.body_timeout <= 0 or self.header_timeout <= 0
                or self.request_seconds <= 0):
            raise ConfigError("batch_rows and max_concurrent must be >= 1 and the timeouts positive")


class ClarificationNeeded(ValidationError):
    """The prompt is ambiguous: the response carries the questions and the session to answer them in."""

    def __init__(self, session_id: str, interpretation: Interpretation) -> None:
        self.session_id = session_id
        self.interpretation = interpretation
        super().__init__("the prompt needs clarification; answer the questions with "
                         "POST /v1/generate/natural-language/clarify and this session_id")


def _run_fields(report: RunReport) -> dict[str, Any]:
    """What a response says about the run behind it: its id, the seed used and the lineage head after it."""
    return {"run_id": report.run_id, "seed": report.seed, "lineage_head": report.lineage_head}


def _interpretation(interpretation: Interpretation) -> dict[str, Any]:
    """The reference's ``{n_samples, conditions}``, plus ``confidence`` and the prompt words left ``ignored``."""
    return {"n_samples": interpretation.n_samples, "conditions": reference_form(interpretation.conditions),
            "confidence": interpretation.confidence, "ignored": list(interpretation.ignored)}


class GenerationService:
    """Datasets, sessions and the parser behind the endpoints."""

    def __init__(self, registry: DatasetRegistry, settings: ApiSettings, parser: NLParser) -> None:
        self.registry = registry
        self.settings = settings
        self.parser = parser
        self.sessions = SessionStore(max_sessions=settings.max_sessions, ttl=settings.session_ttl)

    def _understand(self, prompt: str | None, session_id: str | None,
                    data_context: str | None) -> tuple[Dataset, Interpretation, str | None]:
        """The dataset and interpretation of a request, continuing ``session_id`` when it is live."""
        session = self.sessions.get(session_id) if session_id else None
        if session is not None:
            dataset = self.registry.get(data_context or session.data_context)
            if prompt is None:
                return dataset, session.interpretation, session_id
            return dataset, answer(session.interpretation, prompt, dataset.schema, self.parser), session_id
        if prompt is None:
            gone = f" (session {session_id!r} is unknown or expired)" if session_id else ""
            raise ValidationError(f"prompt is required{gone}")
        dataset = self.registry.get(data_context)
        return dataset, self.parser.parse(prompt, dataset.schema), None

    def _check_rows(self, n_samples: int) -> None:
        if n_samples > self.settings.max_rows:
            raise ValidationError(f"n_samples {n_samples:,} exceeds the limit of {self.settings.max_rows:,} rows "
                                  "per request")

    def _rows(self, dataset: Dataset, n_samples: int, conditions: ConditionSet, seed: int | None,
              endpoint: str) -> tuple[Iterator[pd.DataFrame], Callable[[], dict[str, Any]]]:
        """The rows of one request from the dataset's pipeline, lazily in batches of ``batch_rows`` (the app
        streams them, :mod:`genesis.api.streaming`), and the run's id, seed and lineage head once they are done.

        The run is created here, so its checks and conditioning plan fail before any row is sent.
        """
        self._check_rows(n_samples)
        request = GenerationRequest(n_samples, seed, conditions if len(conditions) else None, self.settings.batch_rows)
        run = dataset.pipeline.run(request, surface="rest", endpoint=endpoint, dataset=dataset.name)

        def finished() -> dict[str, Any]:
            assert run.report is not None, "the run's rows were not all sent"
            return _run_fields(run.report)

        return within_budget(iter(run), n_samples, self.settings.request_seconds), finished

    def natural_language(self, body: NaturalLanguageRequest) -> dict[str, Any]:
        """Parse (or continue a session), then generate exactly the rows the interpretation asks for."""
        dataset, interpretation, session_id = self._understand(body.prompt, body.session_id, body.data_context)
        if interpretation.needs_clarification or interpretation.n_samples is None:
            session_id = session_id or body.session_id or secrets.token_hex(8)
            self.sessions.put(session_id, Session(dataset.name, interpretation))
            raise ClarificationNeeded(session_id, interpretation)
        self._check_rows(interpretation.n_samples)  # the prompt's count, refused before any generation starts
        data, run = self._rows(dataset, interpretation.n_samples, interpretation.conditions, body.seed,
                               "natural-language")
        if session_id is not None:
            self.sessions.discard(session_id)
        return {"data": data, "interpretation": _interpretation(interpretation), "run": run}

    def clarify(self, body: ClarifyRequest) -> dict[str, Any]:
        """Parse a prompt or fold an answer into the session; say what is still unclear."""
        dataset, interpretation, _ = self._understand(body.prompt, body.session_id, body.data_context)
        session_id = body.session_id or secrets.token_hex(8)
        self.sessions.put(session_id, Session(dataset.name, interpretation))
        return {
            "needs_clarification": interpretation.needs_clarification,
            "questions": [q.to_dict() for q in interpretation.questions],
            "session_id": session_id,
            "interpretation": _interpretation(interpretation),
        }

    def generate(self, body: GenerateRequest) -> dict[str, Any]:
        """Structured generation: a count and conditions in the dictionary dialect."""
        dataset = self.registry.get(body.data_context)
        conditions = ConditionSet.from_dict(body.conditions or {})
        data, run = self._rows(dataset, body.n_samples, conditions, body.seed, "generate")
        return {"data": data, "n_samples": body.n_samples, "conditions": reference_form(conditions), "run": run}
