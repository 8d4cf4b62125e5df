#!/bin/sh
# Run every example in README.md and docs/*.md (see docs_examples.py).
set -eu
: "${GISAC:?}" "${GISAC_SRCDIR:?}"
exec /usr/bin/python3 "$GISAC_SRCDIR/tests/cli/docs_examples.py" "$GISAC" "$GISAC_SRCDIR" \
    "$GISAC_SRCDIR/README.md" "$GISAC_SRCDIR"/docs/*.md
