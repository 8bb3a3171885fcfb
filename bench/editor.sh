#!/bin/sh
# An $EDITOR for `gopass insert -m` in bench/compare.sh: gopass 1.5.0 reads a
# single-line password with term.ReadPassword, which gives an empty value
# when stdin is a pipe, so the benchmark inserts through the multiline
# editor path instead; this "editor" just writes the value into the file.
printf '%s\n' "${BENCH_VALUE:-bench-new-value-0123456789abcdef}" > "$1"
