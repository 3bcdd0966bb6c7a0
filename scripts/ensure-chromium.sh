#!/usr/bin/env bash
# Install the headless browser the dashboard needs for PDF export and its browser tests (Debian package
# `chromium`), only when no Chromium is on PATH. Idempotent; apt-get calls are bounded in time.
set -euo pipefail

for candidate in "${GENESIS_CHROMIUM:-}" chromium chromium-browser; do
    if [[ -n "$candidate" ]] && command -v "$candidate" >/dev/null 2>&1; then
        echo "chromium present: $(command -v "$candidate")"
        exit 0
    fi
done

if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium is missing and apt-get is not available: install Chromium and set GENESIS_CHROMIUM" >&2
    exit 1
fi

sudo_cmd=()
if [[ "$(id -u)" -ne 0 ]]; then
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# dpkg syncs every unpacked file by default; on a disk with slow fsync that alone took over 20 minutes for
# Chromium's 25 packages, so unpack without the syncs (a crash mid-install is fixed by re-running the script)
# and skip rebuilding the man-page index, which nothing here reads.
if command -v debconf-set-selections >/dev/null 2>&1; then
    echo "man-db man-db/auto-update boolean false" | "${sudo_cmd[@]}" debconf-set-selections || true
fi
# stdin is /dev/null: `timeout` runs apt-get in a background process group, so any read from a terminal (the run
# started from a terminal or tmux) would stop it with SIGTTIN until the timeout, which looked like a slow install.
timeout 600 "${sudo_cmd[@]}" apt-get update -q </dev/null
timeout 1800 "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-unsafe-io \
    chromium fonts-dejavu-core </dev/null
command -v chromium
