#!/usr/bin/env bash
# The performance targets of sync through git (issue 14), on format 2:
#
#   1. `sesame merge` of two 100,000-secret vaults (one owner) that each
#      changed 100 secrets since BASE: <= 1 s and <= 256 MiB;
#   2. `sesame sync` with nothing to do: <= 2x `git pull` + `git push` alone;
#   3. the first warm `get` after a merge that brought in 1,000 records:
#      <= 5x a normal warm `get` (and the next write folds the tail); on a
#      vault of N_GET secrets (default 10,000: a thousand writes into a
#      100,000-secret file would take a quarter of an hour here).
#
#   bench/sync.sh                  prints the table (Markdown) on stdout
#   N=10000 RUNS=5 bench/sync.sh   a smaller vault, fewer runs
#
# Environment: BENCH_DIR (default /tmp/sesame-bench-sync, wiped), SESAME_BIN
# (else `cargo build --release`), N (secrets, default 100000), RUNS (timed
# runs, default 10). bench/compare.sh runs it and appends its table. Nothing
# here asserts: targets print PASS or FAIL.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/sesame-bench-sync}
RUNS=${RUNS:-10}
N=${N:-100000}
N_GET=${N_GET:-10000}
case $BENCH_DIR in
  /|"$HOME"|"$HOME"/|*[[:space:]]*) echo "sync.sh: refusing BENCH_DIR=$BENCH_DIR" >&2; exit 2 ;;
esac
for tool in hyperfine jq git python3; do
  command -v "$tool" >/dev/null || { echo "sync.sh: needs $tool" >&2; exit 2; }
done

W=$BENCH_DIR
rm -rf "$W"
mkdir -p "$W"/{home,config,data,state,cache,gen} && mkdir -m 700 "$W/run"
if [[ -n ${SESAME_BIN:-} ]]; then
  cp "$SESAME_BIN" "$W/sesame"
else
  (cd "$ROOT" && cargo build --release --quiet)
  cp "${CARGO_TARGET_DIR:-$ROOT/target}/release/sesame" "$W/sesame"
fi
S=$W/sesame
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export HOME=$W/home XDG_CONFIG_HOME=$W/config XDG_DATA_HOME=$W/data XDG_STATE_HOME=$W/state
export XDG_CACHE_HOME=$W/cache XDG_RUNTIME_DIR=$W/run LC_ALL=C USER=alice
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
unset SESAME_VAULT SESAME_CONFIG SESAME_OWNER SESAME_PASSPHRASE_FILE SESAME_PASSPHRASE_COMMAND \
      SESAME_SESSION SESAME_IDENTITY SESAME_MEMBER
export SESAME_PASSPHRASE=bench-passphrase-0123
say() { printf '[sync %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

id_of() { python3 -c "import sys; sys.path.insert(0, '$ROOT/bench'); import gen; print(gen.sesame_id($1, 'one'))"; }
# ids_of COUNT SALT SIZE: the IDs `rotate` changes, one per line.
ids_of() {
  python3 -c "
import sys; sys.path.insert(0, '$ROOT/bench'); import gen
for i in range($1): print(gen.sesame_id((i * 7919 + $2 * 104729) % $3, 'one'))"
}
median_ms() { jq -r '.results[0].median * 1000' "$1"; }
peak_kib() {
  /usr/bin/time -v -o "$W/time-v.txt" "$@" >/dev/null 2>&1
  awk -F': ' '/Maximum resident set size/ {print $2}' "$W/time-v.txt"
}
# rotate VAULT COUNT SALT SIZE SESSION: COUNT one-secret writes (each its
# own record) into a vault of SIZE secrets.
rotate() {
  local vault=$1 count=$2 salt=$3 size=$4 token=$5 i=0 id
  while read -r id; do
    printf 'value-%s-%s-0123456789abcdef\n' "$salt" "$i" |
      SESAME_VAULT=$vault SESAME_SESSION=$token "$S" rotate -q "$id"
    i=$((i + 1))
  done < <(ids_of "$count" "$salt" "$size")
}
# vault PATH SIZE: a format-2 vault of SIZE secrets under one owner (one
# import); prints a session token for it.
vault() {
  python3 "$ROOT/bench/gen.py" json "$2" one >"$W/gen/secrets-$2.json"
  SESAME_VAULT=$1 "$S" init -q --kdf-memory 19 --kdf-iterations 2 --kdf-parallelism 1
  SESAME_VAULT=$1 "$S" import -q --format json "$W/gen/secrets-$2.json"
  SESAME_VAULT=$1 "$S" unlock -q --raw --ttl 4h
}

say "vault of $N secrets under one owner (format 2, one import)"
base=$W/base.sesame
session=$(vault "$base" "$N")

# 1. merge: two copies of BASE, each changed 100 secrets (100 records).
say "merge: two copies of BASE, 100 rotations each"
cp "$base" "$W/ours.sesame"
cp "$base" "$W/theirs.sesame"
rotate "$W/ours.sesame" 100 1 "$N" "$session"
rotate "$W/theirs.sesame" 100 2 "$N" "$session"
hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$W/merge.json" \
  --prepare "cp $W/ours.sesame $W/result.sesame" \
  "$S merge $base $W/result.sesame $W/theirs.sesame" >&2
merge_ms=$(median_ms "$W/merge.json")
cp "$W/ours.sesame" "$W/result.sesame"
merge_kib=$(peak_kib "$S" merge "$base" "$W/result.sesame" "$W/theirs.sesame")

# 3. get after a merge that brought in 1,000 records: BASE2, a copy that
# wrote once (near) and one that wrote 1,000 times (far); near merges far.
# Neither side's checkpoint covers the other's records: the tail.
say "get after a merge that brought in 1,000 records ($N_GET secrets)"
base2=$W/base2.sesame
session2=$(vault "$base2" "$N_GET")
probe=$(id_of $((N_GET / 2 + 42)))
cp "$base2" "$W/far.sesame"
rotate "$W/far.sesame" 1000 3 "$N_GET" "$session2"
cp "$base2" "$W/near.sesame"
rotate "$W/near.sesame" 1 4 "$N_GET" "$session2"
cp "$W/near.sesame" "$W/merged.sesame"
"$S" merge "$base2" "$W/merged.sesame" "$W/far.sesame"
hyperfine --style basic -N --runs "$RUNS" --warmup 2 --export-json "$W/get-normal.json" \
  "env SESAME_VAULT=$W/near.sesame SESAME_SESSION=$session2 $S get $probe" >&2
hyperfine --style basic -N --runs "$RUNS" --warmup 2 --export-json "$W/get-merged.json" \
  "env SESAME_VAULT=$W/merged.sesame SESAME_SESSION=$session2 $S get $probe" >&2
get_ms=$(median_ms "$W/get-normal.json")
merged_ms=$(median_ms "$W/get-merged.json")
# The next write folds the tail: a get after it costs what a normal one does.
printf 'folded\n' | SESAME_VAULT=$W/merged.sesame SESAME_SESSION=$session2 "$S" rotate -q "$(id_of 7)"
hyperfine --style basic -N --runs "$RUNS" --warmup 2 --export-json "$W/get-folded.json" \
  "env SESAME_VAULT=$W/merged.sesame SESAME_SESSION=$session2 $S get $probe" >&2
folded_ms=$(median_ms "$W/get-folded.json")

# 2. sync with nothing to do, against git pull + git push alone, in a clone
# of a local bare repository holding the vault.
say "sync with nothing to do"
git init -q --bare "$W/remote.git"
git clone -q "$W/remote.git" "$W/clone" 2>/dev/null
cp "$base" "$W/clone/vault.sesame"
git -C "$W/clone" add vault.sesame
git -C "$W/clone" commit -q -m vault
git -C "$W/clone" push -q origin HEAD 2>/dev/null
(cd "$W/clone" && SESAME_VAULT=$W/clone/vault.sesame SESAME_SESSION=$session "$S" sync -q)
hyperfine --style basic -N --runs "$RUNS" --warmup 1 --export-json "$W/sync.json" \
  "env -C $W/clone SESAME_VAULT=$W/clone/vault.sesame SESAME_SESSION=$session $S sync -q" >&2
hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$W/git.json" \
  "git -C $W/clone pull -q --no-rebase && git -C $W/clone push -q" >&2
sync_ms=$(median_ms "$W/sync.json")
git_ms=$(median_ms "$W/git.json")

verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo PASS; else echo FAIL; fi; }
cat <<EOF
### Sync through git (issue 14), format 2, secrets under one owner

bench/sync.sh, one run, median of $RUNS; loaded machines make the ratios, not the times, the figures to read.

| Target | Measured | Goal | Result |
| --- | --- | --- | --- |
| \`sesame merge\` at $N secrets, both sides changed 100 secrets since BASE | $(printf '%.0f' "$merge_ms") ms, $((merge_kib / 1024)) MiB | ≤ 1 s, ≤ 256 MiB | $(verdict "$merge_ms <= 1000 and $merge_kib <= 262144") |
| \`sesame sync\` with nothing to do / \`git pull\` + \`git push\` ($N secrets) | $(python3 -c "print(f'{$sync_ms / $git_ms:.2f}')")× ($(printf '%.0f' "$sync_ms") ms / $(printf '%.0f' "$git_ms") ms) | ≤ 2× | $(verdict "$sync_ms <= 2 * $git_ms") |
| first warm \`get\` after a merge that brought in 1,000 records / a normal warm \`get\` ($N_GET secrets) | $(python3 -c "print(f'{$merged_ms / $get_ms:.1f}')")× ($(printf '%.1f' "$merged_ms") ms / $(printf '%.1f' "$get_ms") ms) | ≤ 5× | $(verdict "$merged_ms <= 5 * $get_ms") |
| warm \`get\` after the next write folded the tail / a normal warm \`get\` | $(python3 -c "print(f'{$folded_ms / $get_ms:.1f}')")× ($(printf '%.1f' "$folded_ms") ms) | (folds) | |
EOF
