"""``genesis lineage``: verify chains and proof bundles offline, make proofs and keys, export a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from genesis.cli.console import stderr_console, stdout_console
from genesis.errors import LineageError

if TYPE_CHECKING:
    from genesis.lineage.chain import LineageChain

__all__ = ["app"]

_KEY_HELP = "The signer's public key (PEM file or 64 hex digits) to pin."

app = typer.Typer(help="Verify lineage chains and proof bundles; make keys and proofs.", no_args_is_help=True)


def _format_of(path: Path) -> str:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LineageError(f"cannot read {path} as a lineage file: {error}") from None
    return str(document.get("format")) if isinstance(document, dict) else ""


def _block_ref(value: str) -> int | str:
    return int(value) if value.lstrip("-").isdigit() else value


@app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="A chain (.json) or proof bundle (.proof.json).")],
    key: Annotated[str | None, typer.Option("--key", help=_KEY_HELP)] = None,
    trusted_head: Annotated[str | None, typer.Option("--trusted-head",
                                                     help="The head hash you trust (a bundle must prove it).")] = None,
    trusted_checkpoint: Annotated[Path | None, typer.Option(
        "--trusted-checkpoint", help="A proof bundle whose signed checkpoint the chain must extend.")] = None,
    state_dir: Annotated[Path | None, typer.Option(
        "--state-dir", help="Where the newest verified checkpoints are remembered "
                            "(default $GENESIS_LINEAGE_STATE or ~/.local/state/genesis/lineage).")] = None,
    no_state: Annotated[bool, typer.Option("--no-state",
                                           help="Neither use nor update remembered checkpoints.")] = False,
) -> None:
    """Check a chain or a proof bundle using only the file (and the key you trust); exit 1 if it fails.

    With --key, the newest checkpoint verified before for the same chain and key is remembered, and a chain cut
    back below it (a rollback) or diverging from it (a fork) fails from then on.
    """
    from genesis.lineage.bundle import BUNDLE_FORMAT, verify_bundle

    out, err = stdout_console(), stderr_console()
    if _format_of(file) == BUNDLE_FORMAT:
        result = verify_bundle(file, public_key=key, trusted_head=trusted_head)
        for problem in result.problems:
            err.print(f"[red]invalid:[/] {problem}", soft_wrap=True)
        if not result.ok:
            raise typer.Exit(1)
        out.print(f"[green]valid[/]: proof bundle {file}", soft_wrap=True)
    else:
        chain = _verified_chain(file, key, trusted_head, trusted_checkpoint, None if no_state else state_dir,
                                use_state=not no_state)
        out.print(f"[green]valid[/]: chain of {len(chain)} blocks, head {chain.latest_hash}, "
                  f"root {chain.root_hash()}", soft_wrap=True)
    if key is None and trusted_head is None and trusted_checkpoint is None:
        err.print("note: no --key or --trusted-head given: this proves integrity of the file, "
                  "not who wrote it", soft_wrap=True)


def _verified_chain(file: Path, key: str | None, trusted_head: str | None, trusted_checkpoint: Path | None,
                    state_dir: Path | None, *, use_state: bool) -> LineageChain:
    """Load ``file`` and check it against every checkpoint the verifier trusts; remember the newest one."""
    from genesis.lineage.bundle import ProofBundle
    from genesis.lineage.chain import LineageChain
    from genesis.lineage.checkpoints import load_public_key, public_key_hex
    from genesis.lineage.trust import TrustStore

    chain = LineageChain.load(file, trusted_head=trusted_head, public_key=key)
    trusted = [ProofBundle.load(trusted_checkpoint).checkpoint] if trusted_checkpoint is not None else []
    store = TrustStore(state_dir) if use_state and key is not None else None
    key_hex = public_key_hex(load_public_key(key)) if key is not None else None
    if store is not None and key_hex is not None and (known := store.newest(chain.origin, key_hex)) is not None:
        trusted.append(known)
    for checkpoint in trusted:
        if (problem := chain.extension_problem(checkpoint, key)) is not None:
            raise LineageError(f"{file}: {problem}")
    if store is not None and chain.checkpoints:
        store.remember(max(chain.checkpoints, key=lambda checkpoint: checkpoint.tree_size))
    return chain


@app.command("prove")
def prove(
    chain_file: Annotated[Path, typer.Argument(help="The chain file.")],
    block: Annotated[str, typer.Argument(help="Block index or block_id.")],
    signing_key: Annotated[Path | None, typer.Option(help="Private key PEM: sign a new checkpoint.")] = None,
    key: Annotated[str | None, typer.Option("--key", help="Public key: use a checkpoint in the chain.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Default: <chain>.<index>.proof.json.")] = None,
) -> None:
    """Write a self-contained proof bundle for one block."""
    from genesis.lineage.bundle import create_proof_bundle
    from genesis.lineage.chain import LineageChain
    from genesis.lineage.checkpoints import load_private_key

    private = load_private_key(signing_key) if signing_key is not None else None
    chain = LineageChain.load(chain_file, public_key=key)
    bundle = create_proof_bundle(chain, _block_ref(block), signing_key=private, public_key=key)
    target = output or chain_file.with_name(f"{chain_file.name.removesuffix('.json')}.{bundle.leaf_index}.proof.json")
    bundle.save(target)
    if private is not None:
        chain.export(chain_file)  # keep the new checkpoint with the chain
    stdout_console().print(str(target))


@app.command("keygen")
def keygen(path: Annotated[Path, typer.Argument(help="Private key file to create; public key: PATH.pub.")]) -> None:
    """Create an Ed25519 signing key pair."""
    from genesis.lineage.checkpoints import generate_key, save_keypair

    if path.exists():
        raise LineageError(f"{path} exists; refusing to overwrite a key")
    stdout_console().print(str(save_keypair(generate_key(), path)))


@app.command("trail")
def trail(
    chain_file: Annotated[Path, typer.Argument(help="The chain file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show the human-readable audit trail of a chain."""
    from genesis.lineage.chain import LineageChain

    rows = LineageChain.load(chain_file).get_audit_trail()
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table("#", "time (UTC)", "type", "summary", "hash")
    for row in rows:
        table.add_row(str(row["index"]), row["timestamp"], row["block_type"], row["summary"], row["hash"])
    stdout_console().print(table)


@app.command("export")
def export(
    chain_file: Annotated[Path, typer.Argument(help="The chain file.")],
    to: Annotated[str, typer.Option("--to", help="openlineage (RunEvents as JSON lines) or prov.")] = "openlineage",
) -> None:
    """Print a chain as OpenLineage RunEvents (JSON lines) or W3C PROV-JSON."""
    from genesis.lineage.chain import LineageChain
    from genesis.lineage.interop import to_openlineage, to_prov

    chain = LineageChain.load(chain_file)
    if to == "openlineage":
        for event in to_openlineage(chain):
            typer.echo(json.dumps(event))
    elif to == "prov":
        typer.echo(json.dumps(to_prov(chain), indent=2))
    else:
        raise LineageError(f"unknown export format {to!r} (use openlineage or prov)")
