"""The plugin manager: built-ins, in-process registration, conflicts, lookups and switches."""

from __future__ import annotations

from collections.abc import Iterable

import pluggy
import pytest

from genesis import hookimpl
from genesis.errors import PluginConflictError, UnknownComponentError
from genesis.plugins import GeneratorSpec, SinkSpec
from genesis.plugins.manager import GenesisPluginManager, get_plugin_manager, reset_plugin_manager


class _Sinks:
    def __init__(self, *names: str) -> None:
        self.names = names

    @hookimpl
    def genesis_sinks(self) -> Iterable[SinkSpec]:
        return [SinkSpec(name=name, summary=f"{name} sink", factory=dict) for name in self.names]


def test_builtins_register_through_the_hooks(plugin_manager: GenesisPluginManager) -> None:
    generators = plugin_manager.specs(GeneratorSpec)
    assert "gaussian-copula" in generators
    assert generators["gaussian-copula"].plugin == "genesis"
    assert "genesis_generators" in plugin_manager.hooks_of("genesis")


def test_lookup_accepts_any_spelling_and_names_the_alternatives(plugin_manager: GenesisPluginManager) -> None:
    assert plugin_manager.get(GeneratorSpec, "gaussian_copula").name == "gaussian-copula"
    with pytest.raises(UnknownComponentError, match=r"unknown generator 'ctgan'.*gaussian-copula"):
        plugin_manager.get(GeneratorSpec, "ctgan")


def test_in_process_plugins_add_components(plugin_manager: GenesisPluginManager) -> None:
    plugin_manager.register(_Sinks("memory-test"), name="mine")
    sink = plugin_manager.get(SinkSpec, "memory_test")
    assert sink.plugin == "mine"


def test_duplicate_names_raise_a_conflict_naming_every_provider(plugin_manager: GenesisPluginManager) -> None:
    plugin_manager.register(_Sinks("dup"), name="first")
    plugin_manager.register(_Sinks("Dup"), name="second")
    with pytest.raises(PluginConflictError) as caught:
        plugin_manager.specs(SinkSpec)
    assert caught.value.name == "dup"
    assert sorted(caught.value.providers) == ["first", "second"]


def test_wrong_record_type_is_a_clear_error(plugin_manager: GenesisPluginManager) -> None:
    class Wrong:
        @hookimpl
        def genesis_sinks(self) -> Iterable[GeneratorSpec]:
            return [GeneratorSpec(name="x", summary="x", factory=dict)]

    plugin_manager.register(Wrong(), name="wrong")
    with pytest.raises(Exception, match="expected SinkSpec"):
        plugin_manager.specs(SinkSpec)


def test_misspelt_hook_names_are_rejected(plugin_manager: GenesisPluginManager) -> None:
    class Misspelt:
        @hookimpl
        def genesis_generator(self) -> list[object]:
            return []

    with pytest.raises(pluggy.PluginValidationError, match="genesis_generator"):
        plugin_manager.register(Misspelt(), name="misspelt")


def test_manager_is_cached_until_reset() -> None:
    first = get_plugin_manager()
    assert get_plugin_manager() is first
    reset_plugin_manager()
    assert get_plugin_manager() is not first


def test_trace_switch_writes_hook_calls_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GENESIS_TRACE_HOOKS", "1")
    reset_plugin_manager()
    get_plugin_manager().specs(GeneratorSpec)
    get_plugin_manager().hook.genesis_generators()
    assert "genesis_generators" in capsys.readouterr().err


def test_a_misspelt_name_gets_a_suggestion_and_the_listing_command() -> None:
    with pytest.raises(UnknownComponentError, match=r"unknown generator 'gausian_copula': did you mean "
                                                    r"'gaussian-copula'\? .*genesis plugins list"):
        get_plugin_manager().get(GeneratorSpec, "gausian_copula")
