"""The REST API (``genesis serve``; needs the ``api`` extra: ``pip install "genesis-core[api]"``).

Example::

    >>> from genesis.api import DatasetRegistry, create_app
    >>> registry = DatasetRegistry()
    >>> registry.load("customers", "customers.csv")
    >>> app = create_app(registry)          # serve with uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from genesis.api.app import create_app
from genesis.api.conditions import reference_form
from genesis.api.datasets import Dataset, DatasetRegistry, parse_data_option
from genesis.api.guard import ConcurrencyLimit, RequestGuard
from genesis.api.service import ApiSettings, ClarificationNeeded, GenerationService
from genesis.api.sessions import Session, SessionStore

__all__ = [
    "ApiSettings",
    "ClarificationNeeded",
    "ConcurrencyLimit",
    "Dataset",
    "DatasetRegistry",
    "GenerationService",
    "RequestGuard",
    "Session",
    "SessionStore",
    "create_app",
    "parse_data_option",
    "reference_form",
]
