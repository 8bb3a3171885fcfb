#!/usr/bin/env python3
"""Turns the raw numbers of bench/compare.sh into bench/results.md.

    report.py RESULTS_DIR > bench/results.md

RESULTS_DIR holds one hyperfine JSON export per benchmark (NAME.json),
rss.tsv (name, peak kB), sizes.tsv (secrets, vault bytes, export bytes,
input bytes), meta.env (machine and versions), and optionally micro.txt
(divan's output) and failed.txt (benchmarks that did not run).
"""

import json
import os
import re
import sys

SIZES = [1000, 10000, 100000]
MIB = 1024 * 1024


def load(res):
    times = {}
    for f in sorted(os.listdir(res)):
        if f.endswith(".json"):
            with open(os.path.join(res, f)) as fh:
                r = json.load(fh)["results"][0]
            times[f[:-5]] = r
    rss = {}
    if os.path.exists(os.path.join(res, "rss.tsv")):
        for line in open(os.path.join(res, "rss.tsv")):
            if line.strip():
                name, kb = line.split("\t")
                rss[name] = int(kb)
    sizes = {}
    if os.path.exists(os.path.join(res, "sizes.tsv")):
        for line in open(os.path.join(res, "sizes.tsv")):
            if line.strip():
                n, vault, export, inp = (int(x) for x in line.split("\t"))
                sizes[n] = (vault, export, inp)
    meta = {}
    for line in open(os.path.join(res, "meta.env")):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            meta[k] = v
    micro = None
    if os.path.exists(os.path.join(res, "micro.txt")):
        micro = open(os.path.join(res, "micro.txt")).read()
    v2sizes = {}
    if os.path.exists(os.path.join(res, "v2-sizes.tsv")):
        for line in open(os.path.join(res, "v2-sizes.tsv")):
            if line.strip():
                n, layout, vault, export = line.rstrip("\n").split("\t")
                v2sizes[(int(n), layout)] = (int(vault), int(export))
    growth = {}
    if os.path.exists(os.path.join(res, "v2-git-growth.env")):
        for line in open(os.path.join(res, "v2-git-growth.env")):
            if "=" in line:
                k, v = line.strip().split("=", 1)
                growth[k] = int(v)
    meta["v2sizes"] = v2sizes
    meta["growth"] = growth
    failed = []
    if os.path.exists(os.path.join(res, "failed.txt")):
        failed = [l.strip() for l in open(os.path.join(res, "failed.txt")) if l.strip()]
    return times, rss, sizes, meta, micro, failed


def fmt_s(seconds):
    """A time in the unit that suits it."""
    if seconds is None:
        return "–"
    if seconds >= 1:
        return "%.2f s" % seconds
    ms = seconds * 1000
    if ms >= 100:
        return "%.0f ms" % ms
    if ms >= 10:
        return "%.1f ms" % ms
    return "%.2f ms" % ms


def fmt_pair(r):
    """median, then mean ± σ in the median's unit."""
    med, mean, sd = r["median"], r["mean"], r["stddev"] or 0.0
    if med >= 1:
        return "**%.2f s** (%.2f ± %.2f)" % (med, mean, sd)
    scale, digits = 1000, (0 if med >= 0.1 else 1 if med >= 0.01 else 2)
    f = "%%.%df" % digits
    return ("**" + f + " ms** (" + f + " ± " + f + ")") % (med * scale, mean * scale, sd * scale)


def divan_median(micro, name):
    """The median column of a divan row, in seconds."""
    if not micro:
        return None
    units = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    for line in micro.splitlines():
        if name in line:
            cells = re.findall(r"([0-9.]+) (ns|µs|us|ms|s)\b", line)
            if len(cells) >= 3:
                v, u = cells[2]
                return float(v) * units[u]
    return None


ROWS = [
    # (operation, label, name prefix: the benchmark is PREFIX-SIZE)
    ("get", "`sesame get` warm (session)", "sesame-get-warm"),
    ("get", "`sesame get` cold (Argon2id 64 MiB, t=3, p=4)", "sesame-get-cold"),
    ("get", "`pass show`", "pass-show"),
    ("get", "`gopass show`", "gopass-show"),
    ("get", "`keepassxc-cli show -a password`", "keepassxc-show"),
    ("list", "`sesame list --format ids`", "sesame-list"),
    ("list", "`pass ls`", "pass-list"),
    ("list", "`gopass ls`", "gopass-list"),
    ("list", "`keepassxc-cli ls -R -f`", "keepassxc-list"),
    ("add", "`sesame add` (session)", "sesame-add"),
    ("add", "`pass insert`", "pass-add"),
    ("add", "`gopass insert -m`", "gopass-add"),
    ("add", "`keepassxc-cli add -p`", "keepassxc-add"),
    ("rm", "`sesame rm` (session)", "sesame-rm"),
    ("rm", "`pass rm -f`", "pass-rm"),
    ("rm", "`gopass rm`", "gopass-rm"),
    ("rm", "`keepassxc-cli rm`", "keepassxc-rm"),
    ("import", "`sesame import --format json` (new vault, one KDF)", "sesame-import"),
    ("import", "`keepassxc-cli import` (KeePass XML)", "keepassxc-import"),
]

V2_ROWS = [
    ("get", "`get` warm", "v2-get-warm"),
    ("list", "`list PREFIX` (100 match)", "v2-list-prefix"),
    ("list", "`list` (all)", "v2-list"),
    ("add", "`add`", "v2-add"),
    ("rotate", "`rotate`", "v2-rotate"),
    ("rm", "`rm`", "v2-rm"),
]


def format2(w, times, rss, meta, target, med):
    """The format-2 section: issue 12's targets and the raw timings."""
    v2sizes, growth = meta["v2sizes"], meta["growth"]
    if not any(k.startswith("v2-") for k in times):
        return
    w("## Format 2 (issue 12)")
    w("")
    w("Format-2 vaults are made from the same `sesame import` as format 1 and converted by "
      "`examples/v2bench.rs`; every timing is the `sesame` binary itself with a session "
      "(warm: no KDF), as users run it. Layout `one`: every secret under `user/me`; "
      "`spread`: 100 secrets per owner.")
    w("")
    w("| Target | Measured | Goal | Result |")
    w("| --- | --- | --- | --- |")
    g1, g100 = med("v2-get-warm-one-1000"), med("v2-get-warm-one-100000")
    if g1 and g100:
        r = g100 / g1
        target("warm `get`, 100,000 in one owner / 1,000 in one owner",
               "%.2f× (%s / %s)" % (r, fmt_s(g100), fmt_s(g1)), "≤ 3×", r <= 3)
    s1 = med("v2-get-warm-spread-1000")
    if s1 and g100:
        r = g100 / s1
        target("warm `get`, 100,000 in one owner / 1,000 spread",
               "%.2f× (%s / %s)" % (r, fmt_s(g100), fmt_s(s1)), "≤ 3×", r <= 3)
    s100 = med("v2-get-warm-spread-100000")
    if s100 and g100:
        r = g100 / s100
        target("warm `get` at 100,000: one owner / 1,000 owners",
               "%.2f× (%s / %s)" % (r, fmt_s(g100), fmt_s(s100)), "≈ 1×", None)
    v1one, v1spread = med("sesame-get-warm-one-100000"), med("sesame-get-warm-100000")
    if v1one and g100:
        target("format 1 for comparison: warm `get` at 100,000 in one owner",
               "%s (format 2: %s)" % (fmt_s(v1one), fmt_s(g100)), "–", None)
    kb = rss.get("v2-get-warm-one-100000")
    if kb:
        target("peak RSS, warm `get` at 100,000 in one owner", "%.1f MiB" % (kb / 1024),
               "≤ 32 MiB", kb <= 32 * 1024)
    floor = med("v2-write-floor-one-100000")
    for op in ("add", "rotate", "rm"):
        t = med("v2-%s-one-100000" % op)
        if t:
            target("`%s` at 100,000 in one owner (warm)" % op, fmt_s(t), "≤ 50 ms", t <= 0.05)
    if floor:
        target("… the floor of any write that renames a new copy of this file in place: "
               "`dd conv=fsync` of the vault (%.1f MiB)" % (v2sizes.get((100000, "one"), (0, 0))[0] / MIB),
               fmt_s(floor), "–", None)
    t = med("v2-list-prefix-one-100000")
    if t:
        target("`list PREFIX` matching 100 of 100,000 in one owner", fmt_s(t), "≤ 10 ms", t <= 0.01)
    t = med("v2-list-one-100000")
    if t:
        target("`list` of all 100,000 in one owner", fmt_s(t), "≤ 500 ms", t <= 0.5)
    kb = rss.get("v2-list-one-100000")
    if kb:
        target("peak RSS, `list` of all 100,000 in one owner", "%.1f MiB" % (kb / 1024),
               "≤ 64 MiB", kb <= 64 * 1024)
    if (100000, "one") in v2sizes:
        vault, export = v2sizes[(100000, "one")]
        r = vault / export
        target("vault file / plaintext JSON export, 100,000 in one owner",
               "%.2f× (%.1f MiB / %.1f MiB)" % (r, vault / MIB, export / MIB), "≤ 1.6×", r <= 1.6)
    if growth:
        grew = growth["after_kib"] - growth["before_kib"]
        target("git growth, 100 single-secret commits at 100,000 in one owner (`git gc` before and after)",
               "%.0f KiB (%.1f KiB per commit; pack %s → %s KiB)" % (
                   grew, grew / growth["commits"], growth["before_kib"], growth["after_kib"]),
               "≤ 6,400 KiB", grew <= 6400)
        if "after_aggressive_kib" in growth:
            grew = growth["after_aggressive_kib"] - growth["before_aggressive_kib"]
            target("git growth, the same with `git gc --aggressive` before and after",
                   "%.0f KiB (%.1f KiB per commit; pack %s → %s KiB)" % (
                       grew, grew / growth["commits"], growth["before_aggressive_kib"],
                       growth["after_aggressive_kib"]),
                   "≤ 6,400 KiB", grew <= 6400)
        if "deltas" in growth:
            target("… of which: the vault's blobs stored as deltas (what the writes add)",
                   "%d deltas, %d KiB in all (%.1f KiB each on average), the largest %.1f KiB" % (
                       growth["deltas"], growth["delta_kib"], growth["delta_kib"] / max(growth["deltas"], 1),
                       growth["delta_max_bytes"] / 1024),
                   "–", None)
            target("… and stored whole (a new base each time a delta chain reaches `pack.depth`)",
                   "%d blobs, %d KiB" % (growth["whole_blobs"], growth["whole_kib"]), "–", None)
        if "ref_after_kib" in growth:
            grew = growth["ref_after_kib"] - growth["ref_before_kib"]
            target("reference: any one file of the vault's size that only grows at its end "
                   "(%d random bytes per commit), 100 commits, the same `git gc`" % growth["ref_bytes_per_commit"],
                   "%.0f KiB (pack %s → %s KiB)" % (grew, growth["ref_before_kib"], growth["ref_after_kib"]),
                   "–", None)
    w10 = med("v2-get-warm-one-10000")
    for peer, label in (("gopass-show-10000", "`gopass show`"), ("pass-show-10000", "`pass show`")):
        p = med(peer)
        if w10 and p:
            r = p / w10
            target("format 2 warm `get` at 10,000 (one owner) vs %s" % label,
                   "%.1f× faster (%s vs %s)" % (r, fmt_s(w10), fmt_s(p)), "≥ 4×", r >= 4)
    w("")
    w("| Operation | Layout | 1,000 | 10,000 | 100,000 |")
    w("| --- | --- | ---: | ---: | ---: |")
    for op, label, prefix in V2_ROWS:
        for layout in ("one", "spread"):
            cells = []
            for n in SIZES:
                name = "%s-%s-%d" % (prefix, layout, n)
                cells.append(fmt_pair(times[name]) if name in times else "–")
            if all(c == "–" for c in cells):
                continue
            w("| %s | %s | %s |" % (label, layout, " | ".join(cells)))
    cells = []
    for n in SIZES:
        name = "sesame-get-warm-one-%d" % n
        cells.append(fmt_pair(times[name]) if name in times else "–")
    if any(c != "–" for c in cells):
        w("| format 1 `get` warm | one | %s |" % " | ".join(cells))
    w("")
    if v2sizes:
        w("| Secrets | Layout | Format-2 file | `sesame export --format json` | Ratio |")
        w("| ---: | --- | ---: | ---: | ---: |")
        for (n, layout) in sorted(v2sizes):
            vault, export = v2sizes[(n, layout)]
            w("| {:,} | {} | {:,} B | {:,} B | {:.2f}× |".format(n, layout, vault, export, vault / export))
        w("")


def main():
    res = sys.argv[1]
    times, rss, sizes, meta, micro, failed = load(res)
    med = lambda name: times[name]["median"] if name in times else None
    out = []
    w = out.append

    w("# sesame benchmark results")
    w("")
    w("Written by `bench/compare.sh` on %s%s. Rerun with:" % (
        meta.get("date", "?"), " (QUICK=1 smoke run)" if meta.get("quick") == "1" else ""))
    w("")
    w("```sh")
    w("bench/compare.sh                # full run (this one took %s); QUICK=1 for a smoke run" % meta.get("elapsed", "?"))
    w("cargo bench --bench hot_paths   # the micro-benchmarks alone")
    w("```")
    w("")
    w("Machine: %s CPUs (`nproc`), %s, %s RAM, %s, Linux %s; load average %s at the start, %s at the end." % (
        meta.get("nproc"), meta.get("cpu"), meta.get("mem"), meta.get("os"), meta.get("kernel"),
        meta.get("load_start"), meta.get("load_end", "?")))
    w("Versions: %s; pass %s; gopass %s; keepassxc-cli %s; argon2 %s; %s; %s." % (
        meta.get("sesame"), meta.get("pass"), meta.get("gopass"), meta.get("keepassxc"),
        meta.get("argon2"), meta.get("gnupg"), meta.get("hyperfine")))
    w("Runs per benchmark: %s." % meta.get("runs", "?"))
    w("")

    # ---------------------------------------------------------- targets
    w("## Targets (issue 7)")
    w("")
    w("Format 1 (`init --format-version 1`, 100 secrets per owner), each a ratio or bound measured in this run (medians). Format 2, what `init` makes, is the next section.")
    w("")
    w("| Target | Measured | Goal | Result |")
    w("| --- | --- | --- | --- |")

    def target(label, measured_text, goal_text, ok):
        result = "n/a" if ok is None else ("PASS" if ok else "**FAIL**")
        w("| %s | %s | %s | %s |" % (label, measured_text, goal_text, result))

    warm10k = med("sesame-get-warm-10000")
    for peer, label in (("gopass-show-10000", "`gopass show`"), ("pass-show-10000", "`pass show`")):
        p = med(peer)
        if warm10k and p:
            ratio = p / warm10k
            target("warm `get` at 10,000 vs %s" % label,
                   "%.1f× faster (%s vs %s)" % (ratio, fmt_s(warm10k), fmt_s(p)), "≥ 4×", ratio >= 4)
        else:
            target("warm `get` at 10,000 vs %s" % label, "not measured", "≥ 4×", None)
    g1k, g100k, ver = med("sesame-get-warm-1000"), med("sesame-get-warm-100000"), med("sesame-version")
    if g1k and g100k:
        ratio = g100k / g1k
        target("`get` at 100,000 / `get` at 1,000 (warm)",
               "%.2f× (%s / %s)" % (ratio, fmt_s(g100k), fmt_s(g1k)), "≤ 3×", ratio <= 3)
    if ver and g100k:
        ratio = g100k / ver
        target("`get` at 100,000 / `sesame --version`",
               "%.2f× (%s / %s)" % (ratio, fmt_s(g100k), fmt_s(ver)), "≤ 10×", ratio <= 10)
    c1k, c100k = med("sesame-get-cold-1000"), med("sesame-get-cold-100000")
    l100k = med("sesame-list-100000")
    if l100k:
        target("`list --format ids` of 100,000", fmt_s(l100k), "< 500 ms", l100k < 0.5)
    a100k = med("sesame-add-100000")
    if a100k:
        target("`add` into a 100,000-secret vault", fmt_s(a100k), "< 250 ms", a100k < 0.25)
    i100k = med("sesame-import-100000")
    if i100k:
        target("`import` of 100,000 secrets", fmt_s(i100k), "< 10 s", i100k < 10)
    r = rss.get("sesame-get-warm-100000")
    if r:
        target("peak RSS of a warm `get` at 100,000", "%.1f MiB" % (r / 1024), "≤ 32 MiB", r <= 32 * 1024)
    if 100000 in sizes:
        vault, export, _ = sizes[100000]
        ratio = vault / export
        target("vault file / plaintext JSON export, 100,000 secrets",
               "%.2f× (%.1f MiB / %.1f MiB)" % (ratio, vault / MIB, export / MIB), "≤ 1.6×", ratio <= 1.6)
    ref = med("argon2-ref")
    if ref and c1k and g1k:
        kdf = c1k - g1k
        ratio = kdf / ref
        target("default KDF vs reference C `argon2` (64 MiB, t=3, p=4): cold − warm `get` at 1,000",
               "%.2f× (%s / %s)" % (ratio, fmt_s(kdf), fmt_s(ref)), "≤ 1.1×", ratio <= 1.1)
    dk = divan_median(micro, "derive_kek_default_64mib_t3_p4")
    if ref and dk:
        ratio = dk / ref
        target("default KDF vs reference C `argon2`: `derive_kek` micro-bench",
               "%.2f× (%s / %s)" % (ratio, fmt_s(dk), fmt_s(ref)), "≤ 1.1×", ratio <= 1.1)
    w("")
    w("The reference is `echo -n password | argon2 somesalt0123456 -id -m 16 -t 3 -p 4 -l 32 -r` "
      "(a whole process, like sesame's; `-r`: one derivation, without it the tool also verifies the hash, a second one); sesame's KDF cost is estimated as cold `get` minus warm `get` "
      "(same vault, same run), and measured directly by the `kdf/derive_kek_default_64mib_t3_p4` "
      "micro-benchmark when it ran.")
    w("")

    format2(w, times, rss, meta, target, med)

    # ---------------------------------------------------------- raw timings
    w("## Timings")
    w("")
    peer_sizes = ["{:,}".format(n) for n in SIZES
                  if any("%s-show-%d" % (p, n) in times for p in ("pass", "gopass", "keepassxc"))]
    w("Median in bold, then mean ± σ (hyperfine). Vaults and stores hold 100 secrets per owner; "
      "the peers were measured at %s." % (" and ".join(peer_sizes) or "no size"))
    w("")
    w("| Operation | Command | 1,000 | 10,000 | 100,000 |")
    w("| --- | --- | ---: | ---: | ---: |")
    for op, label, prefix in ROWS:
        cells = []
        for n in SIZES:
            name = "%s-%d" % (prefix, n)
            cells.append(fmt_pair(times[name]) if name in times else "–")
        if all(c == "–" for c in cells):
            continue
        w("| %s | %s | %s |" % (op, label, " | ".join(cells)))
    if "sesame-version" in times:
        w("| startup | `sesame --version` | %s | | |" % fmt_pair(times["sesame-version"]))
    if "argon2-ref" in times:
        w("| KDF | reference `argon2 -id -m 16 -t 3 -p 4` | %s | | |" % fmt_pair(times["argon2-ref"]))
    w("")

    # ---------------------------------------------------------- rss
    if rss:
        w("## Peak memory")
        w("")
        w("Maximum resident set size from `/usr/bin/time -v` (largest of the runs; "
          "for `pass`, the largest of its processes, not counting the long-lived gpg-agent).")
        w("")
        w("| Command | Peak RSS |")
        w("| --- | ---: |")
        labels = {
            "sesame-version": "`sesame --version`",
            "sesame-get-warm-1000": "`sesame get` warm, 1,000 secrets",
            "sesame-get-warm-10000": "`sesame get` warm, 10,000 secrets",
            "sesame-get-warm-100000": "`sesame get` warm, 100,000 secrets",
            "sesame-get-cold-100000": "`sesame get` cold (Argon2id 64 MiB), 100,000 secrets",
            "sesame-list-100000": "`sesame list --format ids`, 100,000 secrets",
            "sesame-add-100000": "`sesame add` + `rm`, 100,000 secrets",
            "sesame-import-100000": "`sesame init` + `import` of 100,000 secrets",
            "pass-show-10000": "`pass show`, 10,000 entries",
            "gopass-show-10000": "`gopass show`, 10,000 entries",
            "keepassxc-show-10000": "`keepassxc-cli show`, 10,000 entries",
        }
        for name, kb in rss.items():
            w("| %s | %.1f MiB |" % (labels.get(name, name), kb / 1024))
        w("")

    # ---------------------------------------------------------- sizes
    if sizes:
        w("## Vault size")
        w("")
        w("| Secrets | Vault file | `sesame export --format json` | Ratio | Import input (`[{id, value}]`) |")
        w("| ---: | ---: | ---: | ---: | ---: |")
        for n in sorted(sizes):
            vault, export, inp = sizes[n]
            w("| {:,} | {:,} B | {:,} B | {:.2f}× | {:,} B |".format(n, vault, export, vault / export, inp))
        w("")

    # ---------------------------------------------------------- micro
    if micro:
        w("## Micro-benchmarks (`cargo bench --bench hot_paths`, divan)")
        w("")
        w("```")
        for line in micro.splitlines():
            if line.strip() and not line.startswith("Timer precision"):
                w(line.rstrip())
        w("```")
        w("")

    # ---------------------------------------------------------- notes
    w("## Method")
    w("")
    w("- Everything runs under a throwaway `$BENCH_DIR` (default `/tmp/sesame-bench`) with its own "
      "`HOME`, XDG directories and `GNUPGHOME`; the sesame binary is a copy of `cargo build --release`.")
    w("- sesame vaults use the default KDF and are filled with `sesame import --format json`; "
      "warm commands use a session from `sesame unlock --raw`, cold `get` uses `SESAME_PASSPHRASE`. "
      "`add`/`rm` reset their secret with `--prepare` (`rm --force` / `add --force`). "
      "`import` goes into a new vault made by `sesame init` before each run, so it includes one key derivation.")
    w("- pass and gopass share one store per size, encrypted to a throwaway gpg key with an empty "
      "passphrase (so no prompt and no agent cache matter). gopass 1.5.0 reads single-line passwords "
      "from a terminal only, so `gopass insert -m` is timed with an `$EDITOR` that writes the value "
      "(bench/editor.sh); gopass also runs git after each write, which fails in a store that is not a "
      "git repository (as here, for pass and gopass alike).")
    w("- keepassxc-cli databases are imported from KeePass XML with the default KDF of "
      "`keepassxc-cli import`; the password goes on stdin; writes restore the database before each run.")
    w("- No timed assertion exists in the test suite: this report is the only place the targets are checked.")
    if failed:
        w("")
        w("Did not run (see `$BENCH_DIR/compare.log`): %s." % ", ".join("`%s`" % f for f in failed))
    w("")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
