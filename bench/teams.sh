#!/usr/bin/env bash
# The performance targets of members and roles (issue 13), on format 2:
#
#   1. with 20 members and 100 scopes, a warm `get` stays within 1.2x of a
#      one-member vault holding the same secrets;
#   2. `member rm` of a member with access to 10,000 secrets in 50 scopes
#      takes <= 2 s (it rotates keys, not values).
#
#   bench/teams.sh                 prints the table (Markdown) on stdout
#   RUNS=10 bench/teams.sh         more timed runs (default 20)
#
# Environment: BENCH_DIR (default /tmp/sesame-bench-teams, wiped), SESAME_BIN
# (else `cargo build --release`). bench/compare.sh runs it and appends its
# table to the report. Nothing here asserts: targets print PASS or FAIL.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/sesame-bench-teams}
RUNS=${RUNS:-20}
case $BENCH_DIR in
  /|"$HOME"|"$HOME"/|*[[:space:]]*) echo "teams.sh: refusing BENCH_DIR=$BENCH_DIR" >&2; exit 2 ;;
esac
for tool in hyperfine jq age-keygen python3; do
  command -v "$tool" >/dev/null || { echo "teams.sh: needs $tool" >&2; exit 2; }
done

W=$BENCH_DIR
rm -rf "$W"
mkdir -p "$W"/{home,config,data,state,cache,keys,gen} && mkdir -m 700 "$W/run"
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
unset SESAME_VAULT SESAME_CONFIG SESAME_OWNER SESAME_PASSPHRASE_FILE SESAME_PASSPHRASE_COMMAND \
      SESAME_SESSION SESAME_IDENTITY SESAME_MEMBER
export SESAME_PASSPHRASE=bench-passphrase-0123
say() { printf '[teams %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# gen OWNERS PER_OWNER: sesame import JSON, OWNERS x PER_OWNER secrets.
gen() {
  python3 - "$1" "$2" <<'EOF'
import hashlib, json, sys
owners, per = int(sys.argv[1]), int(sys.argv[2])
rows = []
for o in range(owners):
    for s in range(per):
        v = hashlib.sha256(b"teams %d %d" % (o, s)).hexdigest()[:32]
        rows.append({"id": "project/t%03d/secret/Custom/s%05d" % (o, s), "value": v})
json.dump(rows, sys.stdout)
EOF
}

# as NAME ARGS...: sesame on vault NAME as alice, through her session (the
# setup would otherwise pay a key derivation per command).
as() {
  local name=$1; shift
  SESAME_VAULT=$W/$name.sesame SESAME_SESSION=$(cat "$W/$name.token") "$S" -q "$@"
}

# vault NAME OWNERS PER_OWNER: a format-2 vault of alice's with those secrets.
vault() {
  local v=$W/$1.sesame
  gen "$2" "$3" >"$W/gen/$1.json"
  SESAME_VAULT=$v "$S" -q init
  SESAME_VAULT=$v "$S" unlock -q --raw --ttl 2h >"$W/$1.token"
  as "$1" import --format json "$W/gen/$1.json"
  echo "$v"
}

# members NAME N: N members with age keys (m00, m01, ...) in vault NAME.
members() {
  local i key
  for ((i = 0; i < $2; i++)); do
    key=$W/keys/m$(printf %02d "$i").txt
    [[ -f $key ]] || age-keygen -o "$key" 2>/dev/null
    as "$1" member add "m$(printf %02d "$i")" --recipient "$(age-keygen -y "$key")"
  done
}

# hf NAME [OPTIONS...] COMMAND: one benchmark (COMMAND is one string, as
# hyperfine takes it), exported to $W/NAME.json.
median_ms() { jq -r '.results[0].median * 1000 | . * 100 | round / 100' "$W/$1.json"; }
hf() {
  local name=$1; shift
  say "bench $name"
  hyperfine --style none --warmup 3 --runs "$RUNS" --export-json "$W/$name.json" "$@" >/dev/null 2>&1
}
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
verdict() { python3 -c "print('PASS' if $1 <= $2 else '**FAIL**')"; }

# ---- 1. get with 20 members and 100 scopes vs one member -----------------
say "one-member vault: 10,000 secrets in 100 scopes"
solo=$(vault solo 100 100)
say "team vault: the same secrets, 20 members, each granted on 5 scopes"
team=$(vault team 100 100)
members team 20
for ((i = 0; i < 20; i++)); do
  for ((j = 0; j < 5; j++)); do
    as team grant "m$(printf %02d "$i")" \
      "project/t$(printf %03d $(((i * 5 + j) % 100)))" "$([[ $j == 0 ]] && echo write || echo read)"
  done
done
probe=project/t050/secret/Custom/s00042
solo_token=$(cat "$W/solo.token")
team_token=$(cat "$W/team.token")
hf get-solo "env SESAME_VAULT=$solo SESAME_SESSION=$solo_token $S get $probe"
hf get-team "env SESAME_VAULT=$team SESAME_SESSION=$team_token $S get $probe"
# A member of the team, through their own session.
m_token=$(SESAME_VAULT=$team SESAME_IDENTITY=$W/keys/m10.txt SESAME_PASSPHRASE= "$S" unlock -q --raw --ttl 2h)
member_probe=project/t050/secret/Custom/s00042
hf get-team-member "env SESAME_VAULT=$team SESAME_SESSION=$m_token $S get $member_probe"

# ---- 2. member rm of a member with 10,000 secrets in 50 scopes -----------
say "member rm: 10,000 secrets in 50 scopes readable by one member"
big=$(vault big 50 200)
members big 1
for ((j = 0; j < 50; j++)); do
  as big grant m00 "project/t$(printf %03d "$j")" write
done
cp "$big" "$W/big-before-rm.sesame"
# Each timed run starts from the same vault (the prepare step restores it);
# with the passphrase, so the timing includes the key derivation
# (--allow-rollback: each restored copy is older than the last run left).
hf member-rm --prepare "cp $W/big-before-rm.sesame $big" \
  "env SESAME_VAULT=$big $S -q --allow-rollback member rm m00"

solo_ms=$(median_ms get-solo); team_ms=$(median_ms get-team)
member_ms=$(median_ms get-team-member); rm_ms=$(median_ms member-rm)
cat <<EOF
## Members and roles (issue 13)

Measured by \`bench/teams.sh\` ($RUNS timed runs each, medians; format 2, warm \`get\` through a session).

| Target | Measured | Goal | Result |
| --- | --- | --- | --- |
| warm \`get\`, 20 members and 100 scopes / one member, same 10,000 secrets | $(ratio "$team_ms" "$solo_ms")× ($team_ms ms / $solo_ms ms) | ≤ 1.2× | $(verdict "$(ratio "$team_ms" "$solo_ms")" 1.2) |
| the same \`get\` by a write member (own session) / one member | $(ratio "$member_ms" "$solo_ms")× ($member_ms ms) | ≤ 1.2× | $(verdict "$(ratio "$member_ms" "$solo_ms")" 1.2) |
| \`member rm\` of a member with access to 10,000 secrets in 50 scopes | $rm_ms ms | ≤ 2,000 ms | $(verdict "$rm_ms" 2000) |
EOF
