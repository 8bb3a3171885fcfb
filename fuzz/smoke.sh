#!/usr/bin/env bash
# Runs every fuzz target for a few seconds from its seed corpus: the CI
# smoke run. `SECONDS_EACH=600 fuzz/smoke.sh` is a real campaign.
set -euo pipefail
cd "$(dirname "$0")"
each=${SECONDS_EACH:-10}
export RUSTC_BOOTSTRAP=1   # cargo-fuzz's sanitizer flags on the stable toolchain
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
targets=(${TARGETS:-$(cargo fuzz list)})
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
    echo "== fuzz $t for ${each}s"
    cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$each" -rss_limit_mb=2048 -timeout=10 2>&1 \
        | grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|panicked|SUMMARY|Done" | tail -3
done
