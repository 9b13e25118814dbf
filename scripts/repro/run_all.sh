#!/bin/bash
# Kept for the review's instructions: runs every reproduction without the
# setup step. See run.sh.
exec "$(dirname "$0")/run.sh" --no-setup "$@"
