"""Helpers for plugin authors' own test suites: the generator conformance kit (:mod:`.conformance`)."""

from genesis.testing.conformance import (
    check_conditioning,
    check_generator,
    check_pipeline_seeds,
    check_save_load,
    check_schema,
    check_seeds,
    check_shapes,
)

__all__ = [
    "check_conditioning",
    "check_generator",
    "check_pipeline_seeds",
    "check_save_load",
    "check_schema",
    "check_seeds",
    "check_shapes",
]
