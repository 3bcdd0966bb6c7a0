#!/usr/bin/env bash
# Create benchmarks/.venv-smartnoise with OpenDP's smartnoise-synth (MST) and SDMetrics, the comparison side
# of benchmarks/dp.py. It lives in its own venv: smartnoise-synth pins its own numpy/opendp/private-pgm stack.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-smartnoise"
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "import snsynth, sdmetrics" 2>/dev/null; then
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "smartnoise-synth==1.0.8" "sdmetrics" "pyarrow"
"$venv/bin/python" -c "import snsynth, sdmetrics; print('smartnoise-synth', snsynth.__version__ if hasattr(snsynth, '__version__') else '1.0.8', 'sdmetrics', sdmetrics.__version__)"
