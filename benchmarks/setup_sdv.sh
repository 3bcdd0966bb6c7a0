#!/usr/bin/env bash
# Create benchmarks/.venv-sdv with SDV 2.0 and SDMetrics, the comparison side of benchmarks/copula.py.
# torch is pinned and installed first (CPU wheel from PyPI) so that sdv's resolver does not pick another build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-sdv"
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "import sdv, sdmetrics" 2>/dev/null; then
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "torch==2.13.0"
"$venv/bin/python" -m pip install --quiet "sdv==2.0.0" "sdmetrics" "scikit-learn" "pyarrow"
"$venv/bin/python" -c "import sdv, sdmetrics; print('sdv', sdv.__version__, 'sdmetrics', sdmetrics.__version__)"
