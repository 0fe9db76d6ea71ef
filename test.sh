#!/usr/bin/env bash
# The whole test suite: the pure core, the handler end to end against the local AWS (moto + our extensions),
# the CDK app (template assertions, cdk-nag, cfn-lint). Installs what it needs from the project's own files.
set -euo pipefail
cd "$(dirname "$0")"
command -v python3 >/dev/null || { echo "python3 is required (with moto 5.2.1: pip install 'moto[server]==5.2.1')" >&2; exit 1; }
python3 -c 'import moto' 2>/dev/null || { echo "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'" >&2; exit 1; }
command -v cfn-lint >/dev/null || { echo "cfn-lint is required for the template checks: pip install cfn-lint" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20 with npm is required for the CDK app (jsii and the CDK CLI)" >&2; exit 1; }
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# The pinned CDK CLI and IAM policy simulator (infra/package.json): the infra tests run the simulator.
(cd infra && npm ci --no-audit --no-fund --loglevel=error)
mvn -B -ntp verify "$@"
# The README's synth, with the pinned CDK CLI: proves `npx cdk synth` works from a clone.
echo "== npx cdk synth (pinned CDK CLI) =="
(cd infra && npx cdk synth -q -c tables=orders,sessions -c email=oncall@example.com -c mode=dry-run)
echo "cdk synth: ok"
# One closing line over every module's surefire reports.
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
tests = failed = skipped = 0
for f in glob.glob("*/target/surefire-reports/TEST-*.xml"):
    s = ET.parse(f).getroot()
    tests += int(s.get("tests", 0)); skipped += int(s.get("skipped", 0))
    failed += int(s.get("failures", 0)) + int(s.get("errors", 0))
print(f"{tests - failed - skipped} passed, {failed} failed, {skipped} skipped")
PY
