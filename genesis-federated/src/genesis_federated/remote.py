"""A site in its own process: the protocol crosses a process boundary, as it would a network.

:class:`RemoteSite` starts a worker process holding a :class:`DataSite` and forwards every
protocol call (plans in, statistics or masked vectors out) through a pipe. The rows and the
site's private key stay in the worker.

Example::

    >>> with RemoteSite(DataSite("a", frame)) as site:
    ...     federated.add_site(site)
    ...     federated.train()
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from genesis.errors import GenesisError
from genesis_federated.site import DataSite, SiteConfig

__all__ = ["RemoteSite"]


def _serve(connection: Connection, site: DataSite) -> None:
    """Answer ``(method, args, kwargs)`` requests until ``None`` arrives."""
    while True:
        try:
            request = connection.recv()
        except EOFError:  # the coordinator went away
            break
        if request is None:
            break
        method, args, kwargs = request
        try:
            connection.send(("ok", getattr(site, method)(*args, **kwargs)))
        except Exception as exc:  # the coordinator re-raises it
            connection.send(("error", exc))
    connection.close()


class RemoteSite:
    """Runs ``site`` in a worker process; same methods as :class:`DataSite`.

    :param timeout: seconds to wait for any one answer before giving up.
    """

    def __init__(self, site: DataSite, *, timeout: float = 120.0) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, site), daemon=True, name=f"site-{site.name}")
        self._process.start()
        child.close()
        self.config: SiteConfig = site.config
        self.timeout = timeout

    @property
    def name(self) -> str:
        """Site identifier."""
        return self.config.name

    @property
    def n_samples(self) -> int:
        """Number of rows held by the worker."""
        return int(self._call("__getattribute__", "n_samples"))

    def initialize(self, method: str = "gaussian_copula") -> None:
        """See :meth:`DataSite.initialize`."""
        self._call("initialize", method)

    def declare_domain(self, bins: int = 32) -> dict[str, Any]:
        """See :meth:`DataSite.declare_domain`."""
        return dict(self._call("declare_domain", bins))

    def public_key(self, session: str) -> bytes:
        """See :meth:`DataSite.public_key`."""
        return bytes(self._call("public_key", session))

    def train_local(self, plan: dict[str, Any] | None = None) -> dict[str, Any]:
        """See :meth:`DataSite.train_local`."""
        return dict(self._call("train_local", plan))

    def recovery_keys(self, plan: dict[str, Any], dropped: list[str]) -> dict[str, bytes]:
        """See :meth:`DataSite.recovery_keys`."""
        return dict(self._call("recovery_keys", plan, dropped))

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if not self._process.is_alive():
            raise GenesisError(f"the worker of site '{self.name}' is not running")
        self._connection.send((method, args, kwargs))
        if not self._connection.poll(self.timeout):
            raise GenesisError(f"site '{self.name}' did not answer {method} within {self.timeout} s")
        status, value = self._connection.recv()
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        """Stop the worker process."""
        if self._process.is_alive():
            self._connection.send(None)
            self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)
        self._connection.close()

    def __enter__(self) -> RemoteSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteSite({self.name!r}, pid={self._process.pid})"
