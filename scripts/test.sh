#!/usr/bin/env bash
# Set everything up, then run the whole test suite: lit + FileCheck, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
status=0
lit -sv tests/filecheck || status=1
python -m pytest -q -p no:cacheprovider "$@" || status=1
exit $status
