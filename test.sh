#!/usr/bin/env bash
# The whole test suite: the pure core, the handler end to end against the local AWS (moto + our extensions),
# the CDK app (template assertions, cdk-nag, cfn-lint). Installs what it needs from the project's own files.
set -euo pipefail
cd "$(dirname "$0")"
command -v python3 >/dev/null || { echo "python3 is required (with moto 5.2.1: pip install 'moto[server]==5.2.1')" >&2; exit 1; }
python3 -c 'import moto' 2>/dev/null || { echo "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'" >&2; exit 1; }
command -v cfn-lint >/dev/null || { echo "cfn-lint is required for the template checks: pip install cfn-lint" >&2; exit 1; }
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
exec mvn -B -ntp verify "$@"
