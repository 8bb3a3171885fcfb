#!/usr/bin/env bash
# Benchmarks sesame against pass, gopass and keepassxc-cli on this machine, in
# one run, and writes bench/results.md (see bench/README.md).
#
#   bench/compare.sh              full run (about 5-10 minutes on 2 cores)
#   QUICK=1 bench/compare.sh      smoke run: fewer runs, peers at 10,000 only,
#                                 no micro-benchmarks
#
# Environment:
#   BENCH_DIR   work directory (default /tmp/sesame-bench); wiped and rebuilt
#               on every run; never the real home
#   OUT         where the report goes (default bench/results.md)
#   SESAME_BIN  use this sesame binary instead of `cargo build --release`
#   MICRO=0     skip the divan micro-benchmarks (`cargo bench --bench hot_paths`)
#   TEAMS=0     skip bench/teams.sh (members and roles, issue 13)
#   SYNC=0      skip bench/sync.sh (merge, sync, get after a merge, issue 14)
#   QUICK=1     see above
#   PEERS=0     skip pass, gopass and keepassxc-cli (sesame alone, both formats)
#   V2=0        skip format 2 (built by examples/v2bench.rs, see bench/README.md)
#   GIT_GROWTH=0  skip the 100-commit git growth measure of format 2
#
# Nothing here asserts: the targets are reported PASS/FAIL in the report and
# the script exits 0 either way (unless a sesame command itself fails).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/sesame-bench}
OUT=${OUT:-$ROOT/bench/results.md}
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then MICRO=${MICRO:-0}; else MICRO=${MICRO:-1}; fi
PEERS=${PEERS:-1}
V2=${V2:-1}
GIT_GROWTH=${GIT_GROWTH:-1}
LAYOUTS=(spread one)       # 100 secrets per owner; every secret under user/me

case $BENCH_DIR in
  *[[:space:]\'\"]*) echo "compare.sh: BENCH_DIR must not contain spaces or quotes" >&2; exit 2 ;;
  /|"$HOME"|"$HOME"/) echo "compare.sh: refusing BENCH_DIR=$BENCH_DIR" >&2; exit 2 ;;
esac

# ------------------------------------------------------------------ settings

SESAME_SIZES=(1000 10000 100000)
if [[ $QUICK == 1 ]]; then
  PEER_SIZES=(10000)
  WARMUP=1 RUNS=5          # fast commands
  SLOW_WARMUP=1 SLOW_RUNS=3 # cold get (full KDF), keepassxc
  MID_RUNS=3               # sesame list/add/rm at 100,000
  IMPORT_RUNS=2            # import at 100,000 (hyperfine needs at least 2)
  IMPORT_SMALL_RUNS=2      # import at 1,000 and 10,000
else
  PEER_SIZES=(1000 10000)
  WARMUP=5 RUNS=50         # cheap, and the medians of a busy machine need many
  SLOW_WARMUP=1 SLOW_RUNS=10
  MID_RUNS=20
  IMPORT_RUNS=3
  IMPORT_SMALL_RUNS=5
fi
RSS_RUNS=3
PASSPHRASE=bench-passphrase-0123   # sesame vaults and KeePass databases
NEW_LEAF=bench-new                 # the secret add/rm create and delete

W=$BENCH_DIR/work        # vaults, stores, HOME, ... (rebuilt every run)
RES=$BENCH_DIR/results   # hyperfine JSON exports and other raw numbers
LOG=$BENCH_DIR/compare.log

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$LOG" >&2; }

# ------------------------------------------------------------------ tools

ensure_tools() {
  local -a missing=()
  local pair cmd pkg
  for pair in hyperfine:hyperfine pass:pass gopass:gopass keepassxc-cli:keepassxc \
              argon2:argon2 gpg:gnupg tree:tree jq:jq python3:python3 /usr/bin/time:time git:git; do
    cmd=${pair%%:*} pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  say "installing missing packages: ${missing[*]}"
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1; then
    "${sudo[@]}" apt-get update >>"$LOG" 2>&1
    "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1
  fi
}

# ------------------------------------------------------------------ setup

fresh_dirs() {
  # A gpg-agent of an earlier run still serves the old GNUPGHOME: stop it.
  if [[ -d $W/gnupg ]]; then
    gpgconf --homedir "$W/gnupg" --kill gpg-agent >/dev/null 2>&1 || true
  fi
  rm -rf "$W" "$RES"
  mkdir -p "$W"/{bin,home,config,data,state,cache,gen,sesame,peers} "$RES"
  mkdir -m 700 "$W/run" "$W/gnupg"
}

isolate_env() {
  # cargo and rustup keep their own homes: find them before HOME moves.
  export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
  # Everything under $W: never the real home, vault, sessions or keyring.
  export HOME=$W/home XDG_CONFIG_HOME=$W/config XDG_DATA_HOME=$W/data
  export XDG_STATE_HOME=$W/state XDG_CACHE_HOME=$W/cache XDG_RUNTIME_DIR=$W/run
  export GNUPGHOME=$W/gnupg LC_ALL=C
  unset SESAME_VAULT SESAME_CONFIG SESAME_OWNER SESAME_PASSPHRASE_FILE \
        SESAME_PASSPHRASE_COMMAND SESAME_SESSION SESAME_LOCK_TIMEOUT \
        PASSWORD_STORE_DIR PASSWORD_STORE_KEY PASSWORD_STORE_GPG_OPTS \
        PASSWORD_STORE_ENABLE_EXTENSIONS PASSWORD_STORE_SIGNING_KEY \
        PASSWORD_STORE_UMASK EDITOR VISUAL
  export SESAME_PASSPHRASE=$PASSPHRASE
}

build_sesame() {
  if [[ -n ${SESAME_BIN:-} ]]; then
    say "using SESAME_BIN=$SESAME_BIN"
    cp "$SESAME_BIN" "$W/bin/sesame"
  else
    say "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet) 2>&1 | tee -a "$LOG" >&2
    local target=${CARGO_TARGET_DIR:-$ROOT/target}
    [[ $target == /* ]] || target=$ROOT/$target
    # A copy: other builds of the tree must not change the binary mid-run.
    cp "$target/release/sesame" "$W/bin/sesame"
  fi
  S=$W/bin/sesame
  if [[ $V2 == 1 ]]; then
    say "cargo build --release --example v2bench"
    (cd "$ROOT" && cargo build --release --quiet --example v2bench) 2>&1 | tee -a "$LOG" >&2
    local target=${CARGO_TARGET_DIR:-$ROOT/target}
    [[ $target == /* ]] || target=$ROOT/$target
    cp "$target/release/examples/v2bench" "$W/bin/v2bench"
  fi
  V=$W/bin/v2bench
  cp "$ROOT/bench/editor.sh" "$W/bin/editor.sh"
  chmod +x "$W/bin/editor.sh"
}

# ------------------------------------------------------------------ running

# hf NAME [hyperfine args...]: one benchmark, exported to $RES/NAME.json.
# A failing peer is noted in the report instead of stopping the run.
hf() {
  local name=$1; shift
  say "bench $name"
  if hyperfine --style basic --export-json "$RES/$name.json" "$@" >>"$LOG" 2>&1; then
    jq -r '.results[0] | "    median \(.median * 1000 | . * 100 | round / 100) ms, mean \(.mean * 1000 | . * 100 | round / 100) ms"' \
      "$RES/$name.json" | tee -a "$LOG" >&2
  else
    rm -f "$RES/$name.json"
    echo "$name" >>"$RES/failed.txt"
    say "FAILED: $name (see $LOG)"
    return 1
  fi
}

# rss NAME CMD...: the peak RSS (kB) of CMD, the largest of $RSS_RUNS runs.
rss() {
  local name=$1; shift
  local best=0 kb i
  for ((i = 0; i < RSS_RUNS; i++)); do
    /usr/bin/time -v -o "$RES/time-v.txt" "$@" >/dev/null 2>>"$LOG" || {
      say "FAILED (rss): $name"; echo "rss-$name" >>"$RES/failed.txt"; return 0; }
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$RES/time-v.txt")
    ((kb > best)) && best=$kb
  done
  printf '%s\t%s\n' "$name" "$best" >>"$RES/rss.tsv"
  say "    peak RSS $name: $best kB"
}

# ------------------------------------------------------------------ sesame

vault_of() { echo "$W/sesame/vault-$1.sesame"; }
id_of() { python3 "$ROOT/bench/gen.py" id "$1" "${2:-spread}"; }
new_id_of() { local id; id=$(id_of "$1" "${2:-spread}"); echo "${id%/*}/$NEW_LEAF"; }
# Format-1 vaults of layout one, and format-2 vaults of either layout.
v1_of() { echo "$W/sesame/vault-$2-$1.sesame"; }
v2_of() { echo "$W/sesame/v2-$2-$1.sesame"; }
v2key_of() { echo "$W/sesame/v2-$2-$1.key"; }
v2session_of() { echo "$W/sesame/v2-$2-$1.session"; }

build_sesame_vaults() {
  local n v
  for n in "${SESAME_SIZES[@]}"; do
    v=$(vault_of "$n")
    say "sesame: vault of $n secrets (default KDF)"
    python3 "$ROOT/bench/gen.py" json "$n" >"$W/gen/secrets-$n.json"
    SESAME_VAULT=$v "$S" init -q --format-version 1
    SESAME_VAULT=$v "$S" import -q --format json "$W/gen/secrets-$n.json"
    # A long session: the warm benches of this vault use it.
    SESAME_VAULT=$v "$S" unlock -q --raw --ttl 4h >"$W/sesame/session-$n"
    local want got
    want=$(python3 "$ROOT/bench/gen.py" value "$n")
    got=$(SESAME_VAULT=$v SESAME_SESSION=$(cat "$W/sesame/session-$n") "$S" get "$(id_of "$n")")
    [[ $got == "$want" ]] || { echo "sesame get returned '$got', want '$want'" >&2; exit 1; }
    # Sizes: the vault file against its plaintext JSON export.
    local export_bytes
    export_bytes=$(SESAME_VAULT=$v "$S" export -q --format json | wc -c)
    printf '%s\t%s\t%s\t%s\n' "$n" "$(stat -c %s "$v")" "$export_bytes" \
      "$(stat -c %s "$W/gen/secrets-$n.json")" >>"$RES/sizes.tsv"
  done
}

# Format 2: `sesame import` of the generated export into a format-1 vault,
# then examples/v2bench.rs converts it (at most 200 owners per write) until
# `sesame init` makes format 2. The key file is the stand-in for a session.
build_v2_vaults() {
  local n layout v1 v2 key want got
  for n in "${SESAME_SIZES[@]}"; do
    for layout in "${LAYOUTS[@]}"; do
      if [[ $layout == spread ]]; then
        v1=$(vault_of "$n")
      else
        v1=$(v1_of "$n" one)
        say "sesame: format-1 vault of $n secrets under one owner"
        python3 "$ROOT/bench/gen.py" json "$n" one >"$W/gen/secrets-one-$n.json"
        SESAME_VAULT=$v1 "$S" init -q --format-version 1
        SESAME_VAULT=$v1 "$S" import -q --format json "$W/gen/secrets-one-$n.json"
        SESAME_VAULT=$v1 "$S" unlock -q --raw --ttl 4h >"$W/sesame/session-one-$n"
      fi
      v2=$(v2_of "$n" "$layout") key=$(v2key_of "$n" "$layout")
      say "sesame: format-2 vault of $n secrets, layout $layout"
      "$V" convert "$v1" "$v2" "$key"
      want=$(python3 "$ROOT/bench/gen.py" value "$n")
      got=$("$V" get "$v2" "$key" "$(id_of "$n" "$layout")")
      [[ $got == "$want" ]] || { echo "v2bench get returned '$got', want '$want'" >&2; exit 1; }
      SESAME_VAULT=$v2 "$S" unlock -q --raw --ttl 4h >"$(v2session_of "$n" "$layout")"
      got=$(SESAME_VAULT=$v2 SESAME_SESSION=$(cat "$(v2session_of "$n" "$layout")") "$S" get "$(id_of "$n" "$layout")")
      [[ $got == "$want" ]] || { echo "sesame get (format 2) returned '$got', want '$want'" >&2; exit 1; }
      local export_bytes
      export_bytes=$(SESAME_VAULT=$v1 "$S" export -q --format json | wc -c)
      printf '%s\t%s\t%s\t%s\n' "$n" "$layout" "$(stat -c %s "$v2")" "$export_bytes" >>"$RES/v2-sizes.tsv"
    done
  done
}

bench_v2() {
  local n layout v2 key id new prefix w r
  for n in "${SESAME_SIZES[@]}"; do
    for layout in "${LAYOUTS[@]}"; do
      v2=$(v2_of "$n" "$layout") key=$(v2key_of "$n" "$layout")
      id=$(id_of "$n" "$layout") new=$(new_id_of "$n" "$layout")
      prefix=$(python3 "$ROOT/bench/gen.py" prefix "$n" "$layout")
      w=$WARMUP r=$RUNS
      if ((n >= 100000)); then w=$SLOW_WARMUP r=$MID_RUNS; fi
      local tag=$layout-$n
      # Format 1 in the one-owner layout, for comparison (spread: bench_sesame).
      if [[ $layout == one ]]; then
        (
          export SESAME_VAULT SESAME_SESSION
          SESAME_VAULT=$(v1_of "$n" one) SESAME_SESSION=$(cat "$W/sesame/session-one-$n")
          hf "sesame-get-warm-one-$n" -N --warmup "$WARMUP" --runs "$r" "$S get $id"
          if ((n >= 100000)); then rss "sesame-get-warm-one-$n" "$S" get "$id"; fi
        )
      fi
      # The sesame binary itself on the format-2 vault, with a session
      # (warm: no KDF), as users run it.
      (
        export SESAME_VAULT SESAME_SESSION
        SESAME_VAULT=$v2 SESAME_SESSION=$(cat "$(v2session_of "$n" "$layout")")
        hf "v2-get-warm-$tag" -N --warmup "$WARMUP" --runs "$RUNS" "$S get $id"
        hf "v2-list-prefix-$tag" -N --warmup "$w" --runs "$r" "$S list --format ids $prefix"
        hf "v2-list-$tag" -N --warmup "$w" --runs "$r" "$S list --format ids"
        "$S" rm -q --force "$new"
        hf "v2-add-$tag" -N --warmup "$w" --runs "$r" \
          --prepare "$S rm -q --force $new" "$S add -q --from-file $W/gen/new-value.txt $new"
        hf "v2-rotate-$tag" -N --warmup "$w" --runs "$r" \
          "$S rotate -q --from-file $W/gen/new-value.txt $new"
        hf "v2-rm-$tag" -N --warmup "$w" --runs "$r" \
          --prepare "$S add -q --force --from-file $W/gen/new-value.txt $new" "$S rm -q $new"
        if ((n >= 100000)); then
          # The floor of any write that replaces this file by a rename, as
          # vault.md requires: copy it and fsync the copy (no reading,
          # hashing or encoding).
          hf "v2-write-floor-$tag" -N --warmup "$w" --runs "$r" \
            "dd if=$v2 of=$W/floor.tmp bs=1M conv=fsync status=none"
          rm -f "$W/floor.tmp"
          rss "v2-get-warm-$tag" "$S" get "$id"
          rss "v2-list-$tag" "$S" list --format ids
          rss "v2-add-$tag" sh -c "'$S' add -q --from-file '$W/gen/new-value.txt' '$new' && '$S' rm -q '$new'"
        fi
      )
      printf '%s\t%s\t%s\n' "$n" "$layout" "$(stat -c %s "$v2")" >>"$RES/v2-sizes-after.tsv"
    done
  done
}

# Issue 12: 100 single-secret commits into a format-2 vault of 100,000
# secrets under one owner, in a real local repository; the pack size after
# `git gc` (the same options before and after) grows by at most 100 × 64 KiB.
bench_v2_git_growth() {
  local n=100000 repo=$W/git-growth
  [[ " ${SESAME_SIZES[*]} " == *" $n "* ]] || return 0
  say "format 2: git growth of 100 single-secret commits at $n (one owner)"
  rm -rf "$repo"
  mkdir -p "$repo"
  git -C "$repo" init -q
  cp "$(v2_of "$n" one)" "$repo/vault.sesame"
  local session
  session=$(SESAME_VAULT=$repo/vault.sesame "$S" unlock -q --raw --ttl 4h)
  printf '*.sesame -text -diff\n' >"$repo/.gitattributes"
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -q -m start
  git -C "$repo" gc -q --prune=now
  local before after i id before_aggr after_aggr
  before=$(git -C "$repo" count-objects -v | awk '/size-pack/ {print $2}')
  # The same again with `git gc --aggressive` before and after (deltas
  # recomputed over a window of 250, as a repacking server does), on copies.
  rm -rf "$repo.aggr" && cp -r "$repo" "$repo.aggr"
  git -C "$repo.aggr" gc -q --aggressive --prune=now
  before_aggr=$(git -C "$repo.aggr" count-objects -v | awk '/size-pack/ {print $2}')
  local t0=$SECONDS
  for ((i = 0; i < 100; i++)); do
    id=$(python3 -c "import sys; sys.path.insert(0, '$ROOT/bench'); import gen; print(gen.sesame_id($i * 997 % $n, 'one'))")
    printf 'rotated-value-%s-0123456789abcdef\n' "$i" |
      SESAME_VAULT=$repo/vault.sesame SESAME_SESSION=$session "$S" rotate -q "$id"
    git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -q -am "rotate $i"
  done
  local took=$((SECONDS - t0))
  rm -rf "$repo.aggr" && cp -r "$repo" "$repo.aggr"
  git -C "$repo" gc -q --prune=now
  after=$(git -C "$repo" count-objects -v | awk '/size-pack/ {print $2}')
  say "    git gc --aggressive of the 100 commits (a few minutes)"
  git -C "$repo.aggr" gc -q --aggressive --prune=now
  after_aggr=$(git -C "$repo.aggr" count-objects -v | awk '/size-pack/ {print $2}')
  rm -rf "$repo.aggr"
  # What git does with any single file of this size changed 100 times, at
  # its best: a file of random bytes that only grows at its end, by what
  # one write added to the vault, with the same `git gc` before and after.
  local ref=$W/git-growth-ref per
  per=$(( ($(stat -c %s "$repo/vault.sesame") - $(stat -c %s "$(v2_of "$n" one)")) / 100 ))
  rm -rf "$ref" && mkdir -p "$ref" && git -C "$ref" init -q
  head -c "$(stat -c %s "$(v2_of "$n" one)")" /dev/urandom >"$ref/file"
  git -C "$ref" add -A
  git -C "$ref" -c user.name=bench -c user.email=bench@example.invalid commit -q -m start
  git -C "$ref" gc -q --prune=now
  local ref_before ref_after
  ref_before=$(git -C "$ref" count-objects -v | awk '/size-pack/ {print $2}')
  for ((i = 0; i < 100; i++)); do
    head -c "$per" /dev/urandom >>"$ref/file"
    git -C "$ref" -c user.name=bench -c user.email=bench@example.invalid commit -q -am "grow $i"
  done
  git -C "$ref" gc -q --prune=now
  ref_after=$(git -C "$ref" count-objects -v | awk '/size-pack/ {print $2}')
  rm -rf "$ref"
  # Where the growth is: the vault's blobs stored whole (git starts a new
  # base when a delta chain reaches pack.depth, 50 by default) and the
  # deltas (what one write adds).
  local blobs
  blobs=$(git -C "$repo" verify-pack -v "$repo"/.git/objects/pack/*.idx |
    awk '$2 == "blob" { if (NF >= 7) { d++; ds += $4; if ($4 > dm) dm = $4 } else { w++; ws += $4 } }
         END { printf "whole_blobs=%d\nwhole_kib=%d\ndeltas=%d\ndelta_kib=%d\ndelta_max_bytes=%d\n", w, ws / 1024, d, ds / 1024, dm }')
  printf 'before_kib=%s\nafter_kib=%s\nbefore_aggressive_kib=%s\nafter_aggressive_kib=%s\ncommits=100\nseconds=%s\n%s\nref_before_kib=%s\nref_after_kib=%s\nref_bytes_per_commit=%s\n' \
    "$before" "$after" "$before_aggr" "$after_aggr" "$took" "$blobs" "$ref_before" "$ref_after" "$per" >"$RES/v2-git-growth.env"
  say "    pack $before KiB -> $after KiB after 100 commits ($took s)"
}

bench_sesame() {
  local n v id new
  printf 'sesame-value-for-add-0123456789\n' >"$W/gen/new-value.txt"
  hf sesame-version -N --warmup "$WARMUP" --runs "$RUNS" "$S --version"
  for n in "${SESAME_SIZES[@]}"; do
    v=$(vault_of "$n") id=$(id_of "$n") new=$(new_id_of "$n")
    export SESAME_VAULT=$v
    export SESAME_SESSION
    SESAME_SESSION=$(cat "$W/sesame/session-$n")
    local w=$WARMUP r=$RUNS
    if ((n >= 100000)); then w=$SLOW_WARMUP r=$MID_RUNS; fi

    hf "sesame-get-warm-$n" -N --warmup "$WARMUP" --runs "$RUNS" "$S get $id"
    hf "sesame-list-$n" -N --warmup "$w" --runs "$r" "$S list --format ids"
    "$S" rm -q --force "$new"
    hf "sesame-add-$n" -N --warmup "$w" --runs "$r" \
      --prepare "$S rm -q --force $new" "$S add -q --from-file $W/gen/new-value.txt $new"
    hf "sesame-rm-$n" -N --warmup "$w" --runs "$r" \
      --prepare "$S add -q --force --from-file $W/gen/new-value.txt $new" "$S rm -q $new"
    "$S" rm -q --force "$new"
    (
      unset SESAME_SESSION
      # Cold: no session, the passphrase goes through the default Argon2id.
      if ((n == 1000)); then r=$RUNS w=$SLOW_WARMUP; else r=$SLOW_RUNS w=$SLOW_WARMUP; fi
      hf "sesame-get-cold-$n" -N --warmup "$w" --runs "$r" "$S get $id"
    )
    rss "sesame-get-warm-$n" "$S" get "$id"
    if ((n >= 100000)); then
      rss "sesame-list-$n" "$S" list --format ids
      rss "sesame-add-$n" sh -c "'$S' add -q --from-file '$W/gen/new-value.txt' '$new' && '$S' rm -q '$new'"
      (unset SESAME_SESSION; rss "sesame-get-cold-$n" "$S" get "$id")
    fi
    unset SESAME_SESSION SESAME_VAULT
  done
  rss sesame-version "$S" --version

  # Import into a new vault (default KDF: the import derives the key once).
  local iv=$W/sesame/import.sesame
  for n in "${SESAME_SIZES[@]}"; do
    local r=$IMPORT_RUNS
    if ((n < 100000)); then r=$IMPORT_SMALL_RUNS; fi
    hf "sesame-import-$n" --warmup 0 --runs "$r" \
      --prepare "rm -f $iv && SESAME_VAULT=$iv $S init -q --format-version 1" \
      "SESAME_VAULT=$iv $S import -q --format json $W/gen/secrets-$n.json"
  done
  rm -f "$iv"
  rss "sesame-import-100000" sh -c "rm -f '$iv' && SESAME_VAULT='$iv' '$S' init -q --format-version 1 &&
    SESAME_VAULT='$iv' '$S' import -q --format json '$W/gen/secrets-100000.json'"
  rm -f "$iv"
}

bench_kdf_reference() {
  # The reference C Argon2id (Debian `argon2`) at sesame's default: 64 MiB
  # (m=16 is log2 KiB), 3 iterations, 4 lanes, 32-byte output, one
  # derivation.
  # `-r` prints the raw hash: without it argon2 also verifies the encoded
  # hash it just made, a second derivation (issue 12).
  hf argon2-ref --warmup "$SLOW_WARMUP" --runs "$RUNS" \
    "echo -n password | argon2 somesalt0123456 -id -m 16 -t 3 -p 4 -l 32 -r"
}

# ------------------------------------------------------------------ peers

build_peers() {
  say "peers: a throwaway gpg key"
  gpg --batch --passphrase '' --quick-gen-key 'sesame-bench <bench@example.invalid>' \
    default default never >>"$LOG" 2>&1
  FPR=$(gpg --list-secret-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')
  local n store
  for n in "${PEER_SIZES[@]}"; do
    store=$W/peers/pass-$n
    say "peers: pass store of $n entries"
    PASSWORD_STORE_DIR=$store pass init "$FPR" >>"$LOG" 2>&1
    python3 "$ROOT/bench/gen.py" pass "$n" "$store"
    # gpg --multifile encrypts each file to FILE.gpg: much faster than one
    # `pass insert` per entry, and the same files.
    (cd "$store" && find . -type f -name 's*' ! -name '*.gpg' -print0 |
      xargs -0 -P 2 -n 500 gpg --batch --yes --quiet --trust-model always -r "$FPR" --multifile -e)
    find "$store" -type f -name 's*' ! -name '*.gpg' -delete
    local want got name
    want=$(python3 "$ROOT/bench/gen.py" value "$n") name=$(python3 "$ROOT/bench/gen.py" name "$n")
    got=$(PASSWORD_STORE_DIR=$store pass show "$name")
    [[ $got == "$want" ]] || { echo "pass show returned '$got', want '$want'" >&2; exit 1; }

    say "peers: keepassxc database of $n entries"
    python3 "$ROOT/bench/gen.py" keepass "$n" >"$W/gen/keepass-$n.xml"
    local db=$W/peers/keepass-$n.kdbx
    printf '%s\n%s\n' "$PASSPHRASE" "$PASSPHRASE" |
      keepassxc-cli import -q -p "$W/gen/keepass-$n.xml" "$db" >>"$LOG" 2>&1
    cp "$db" "$db.orig"
    got=$(printf '%s\n' "$PASSPHRASE" | keepassxc-cli show -q -a password "$db" "$name")
    [[ $got == "$want" ]] || { echo "keepassxc-cli show returned '$got', want '$want'" >&2; exit 1; }
  done
}

bench_peers() {
  local n store name new db
  for n in "${PEER_SIZES[@]}"; do
    store=$W/peers/pass-$n db=$W/peers/keepass-$n.kdbx
    name=$(python3 "$ROOT/bench/gen.py" name "$n")
    new=${name%/*}/$NEW_LEAF
    export PASSWORD_STORE_DIR=$store EDITOR=$W/bin/editor.sh
    # pass
    hf "pass-show-$n" -N --warmup "$WARMUP" --runs "$RUNS" "pass show $name" || true
    hf "pass-list-$n" -N --warmup "$WARMUP" --runs "$RUNS" "pass ls" || true
    hf "pass-add-$n" --warmup "$WARMUP" --runs "$RUNS" --prepare "rm -f $store/$new.gpg" \
      "printf 'v\nv\n' | pass insert $new" || true
    hf "pass-rm-$n" -N --warmup "$WARMUP" --runs "$RUNS" \
      --prepare "cp $store/$name.gpg $store/$new.gpg" "pass rm -f $new" || true
    rm -f "$store/$new.gpg"
    # gopass (Debian's 1.5.0, the Go clone that reads the pass store)
    hf "gopass-show-$n" -N --warmup "$WARMUP" --runs "$RUNS" "gopass show $name" || true
    hf "gopass-list-$n" -N --warmup "$WARMUP" --runs "$RUNS" "gopass ls" || true
    hf "gopass-add-$n" -N --warmup "$WARMUP" --runs "$RUNS" --prepare "rm -f $store/$new.gpg" \
      "gopass insert -m $new" || true
    hf "gopass-rm-$n" --warmup "$WARMUP" --runs "$RUNS" \
      --prepare "cp $store/$name.gpg $store/$new.gpg" "echo y | gopass rm $new" || true
    rm -f "$store/$new.gpg"
    # keepassxc-cli (password on stdin; the database reset before each write)
    local kp="printf '%s\n' $PASSPHRASE | keepassxc-cli"
    hf "keepassxc-show-$n" --warmup "$SLOW_WARMUP" --runs "$SLOW_RUNS" \
      "$kp show -q -a password $db $name" || true
    hf "keepassxc-list-$n" --warmup "$SLOW_WARMUP" --runs "$SLOW_RUNS" \
      "$kp ls -q -R -f $db" || true
    hf "keepassxc-add-$n" --warmup "$SLOW_WARMUP" --runs "$SLOW_RUNS" --prepare "cp $db.orig $db" \
      "printf '%s\n%s\n' $PASSPHRASE v | keepassxc-cli add -q -p $db $new" || true
    hf "keepassxc-rm-$n" --warmup "$SLOW_WARMUP" --runs "$SLOW_RUNS" --prepare "cp $db.orig $db" \
      "$kp rm -q $db $name" || true
    cp "$db.orig" "$db"
    hf "keepassxc-import-$n" --warmup 0 --runs "$IMPORT_SMALL_RUNS" --prepare "rm -f $W/peers/import.kdbx" \
      "printf '%s\n%s\n' $PASSPHRASE $PASSPHRASE | keepassxc-cli import -q -p $W/gen/keepass-$n.xml $W/peers/import.kdbx" || true
    rm -f "$W/peers/import.kdbx"
    if ((n == 10000)); then
      rss "pass-show-$n" pass show "$name"
      rss "gopass-show-$n" gopass show "$name"
      rss "keepassxc-show-$n" sh -c "printf '%s\n' '$PASSPHRASE' | keepassxc-cli show -q -a password '$db' '$name'"
    fi
    unset PASSWORD_STORE_DIR EDITOR
  done
}

# ------------------------------------------------------------------ micro

bench_micro() {
  say "micro-benchmarks: cargo bench --bench hot_paths"
  if (cd "$ROOT" && cargo bench --quiet --bench hot_paths) >"$RES/micro.txt" 2>>"$LOG"; then
    :
  else
    say "FAILED: cargo bench --bench hot_paths (see $LOG)"
    echo micro >>"$RES/failed.txt"
  fi
}

# ------------------------------------------------------------------ main

main() {
  local started=$SECONDS
  mkdir -p "$BENCH_DIR"
  : >"$LOG"
  ensure_tools
  fresh_dirs
  isolate_env
  build_sesame
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "quick=$QUICK"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "kernel=$(uname -r)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "sesame=$("$S" --version) ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD -- src Cargo.toml 2>/dev/null || echo ', with uncommitted changes'))"
    echo "pass=$(dpkg-query -W -f '${Version}' pass 2>/dev/null || echo '?')"
    echo "gopass=$(dpkg-query -W -f '${Version}' gopass 2>/dev/null || echo '?')"
    echo "keepassxc=$(keepassxc-cli --version 2>/dev/null || echo '?')"
    echo "argon2=$(dpkg-query -W -f '${Version}' argon2 2>/dev/null || echo '?')"
    echo "gnupg=$(gpg --version | head -1)"
    echo "hyperfine=$(hyperfine --version)"
    echo "runs=$WARMUP warmup + $RUNS timed runs; $SLOW_WARMUP + $SLOW_RUNS for cold \`get\` at 10,000 and 100,000 and for keepassxc-cli; $SLOW_WARMUP + $MID_RUNS for sesame list/add/rm at 100,000; imports $IMPORT_SMALL_RUNS runs ($IMPORT_RUNS at 100,000), no warmup; peak RSS: largest of $RSS_RUNS runs"
  } >"$RES/meta.env"
  : >"$RES/rss.tsv"
  : >"$RES/sizes.tsv"
  : >"$RES/v2-sizes.tsv"
  : >"$RES/v2-sizes-after.tsv"

  build_sesame_vaults
  if [[ $V2 == 1 ]]; then build_v2_vaults; fi
  if [[ $PEERS == 1 ]]; then build_peers; fi
  bench_sesame
  if [[ $V2 == 1 ]]; then
    bench_v2
    if [[ $GIT_GROWTH == 1 ]]; then bench_v2_git_growth; fi
  fi
  bench_kdf_reference
  if [[ $PEERS == 1 ]]; then bench_peers; fi
  if [[ $MICRO == 1 ]]; then bench_micro; fi
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES/meta.env"
  echo "elapsed=$(( (SECONDS - started + 30) / 60 )) min" >>"$RES/meta.env"
  if [[ $PEERS == 1 ]]; then gpgconf --homedir "$W/gnupg" --kill gpg-agent >/dev/null 2>&1 || true; fi

  python3 "$ROOT/bench/report.py" "$RES" >"$OUT.tmp"
  # Members and roles (issue 13): its own vaults, the same binary.
  if [[ ${TEAMS:-1} == 1 ]]; then
    say "bench/teams.sh"
    echo >>"$OUT.tmp"
    SESAME_BIN=$S BENCH_DIR=$BENCH_DIR/teams RUNS=$RUNS "$ROOT/bench/teams.sh" >>"$OUT.tmp" 2>>"$LOG" ||
      say "FAILED: bench/teams.sh (see $LOG)"
  fi
  if [[ ${SYNC:-1} == 1 ]]; then
    say "bench/sync.sh"
    echo >>"$OUT.tmp"
    SESAME_BIN=$S BENCH_DIR=$BENCH_DIR/sync RUNS=$RUNS "$ROOT/bench/sync.sh" >>"$OUT.tmp" 2>>"$LOG" ||
      say "FAILED: bench/sync.sh (see $LOG)"
  fi
  mv "$OUT.tmp" "$OUT"
  say "wrote $OUT"
}

main "$@"
