#!/bin/bash
# Kept for the review's instructions: the setup step of run.sh only
# (packages, reportpack from $SRC, rtdump, rtxss into $RTWORK/bin).
exec "$(dirname "$0")/run.sh" --setup-only "$@"
