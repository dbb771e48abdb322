#!/usr/bin/env bash
# Creates benches/peer/.venv with the peer's requirements. Idempotent: when the venv exists and
# already satisfies requirements.txt, it does nothing and prints nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
req="$here/requirements.txt"
stamp="$venv/.requirements.txt"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
# Reinstall only when requirements.txt changed since the last successful install.
if ! cmp -s "$req" "$stamp" 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$stamp"
fi
