#!/usr/bin/env bash
# One command from a fresh clone: builds the speech example and trains the seed network on the embedded demo corpus
# (examples/demo-data), with a progress bar, metrics and charts. Extra arguments go to `cochlea-speech demo`
# (e.g. --epochs 3, --model mel, --backend reference).
set -euo pipefail
# PoCL (OpenCL on the CPU) would otherwise install a signal handler that crashes the JVM; see PoclSignalGuard.
export POCL_SIGFPE_HANDLER=0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
echo "building (mvn -q -pl examples -am package -DskipTests)..."
mvn -q -pl examples -am package -DskipTests
exec "$here/bin/cochlea-speech" demo "$@"
