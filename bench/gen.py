#!/usr/bin/env python3
"""Test data for bench/compare.sh: the same N secrets in each tool's format.

Secret i (0-based) belongs to group p<i // 100> (100 secrets per group) and
holds a 32-character value that differs per secret. For sesame, LAYOUT says
what a group is: `spread` (the default) makes each group an owner
(`project/p00042/secret/Custom/s004242`: 1,000 owners of 100 at 100,000);
`one` puts every secret under one owner, the group being a folder
(`user/me/p00042/s004242`), the layout users really have.

    gen.py json N [LAYOUT]   sesame import JSON: [{"id": ..., "value": ...}]
    gen.py keepass N         KeePass 2 XML for `keepassxc-cli import`
    gen.py pass N DIR        plaintext files DIR/p<NNNNN>/s<NNNNNN> (to be
                             encrypted with gpg --multifile), one per secret
    gen.py id N [LAYOUT]     the sesame ID of the secret the benches read
    gen.py prefix N [LAYOUT] a prefix matching that secret's group (100 IDs)
    gen.py name N            the pass/gopass/keepassxc name of that secret
"""

import base64
import hashlib
import json
import os
import sys
from xml.sax.saxutils import escape

PER_OWNER = 100


def owner(i):
    return "p%05d" % (i // PER_OWNER)


def leaf(i):
    return "s%06d" % i


def value(i):
    return hashlib.sha256(b"sesame-bench %d" % i).hexdigest()[:32]


def sesame_id(i, layout="spread"):
    if layout == "one":
        return "user/me/%s/%s" % (owner(i), leaf(i))
    return "project/%s/secret/Custom/%s" % (owner(i), leaf(i))


def sesame_prefix(i, layout="spread"):
    if layout == "one":
        return "user/me/%s" % owner(i)
    return "project/%s" % owner(i)


def peer_name(i):
    return "%s/%s" % (owner(i), leaf(i))


def probe(n):
    """The secret every `get`/`show` bench reads: in the middle of the vault."""
    return n // 2 + 42


def uuid_b64(i, salt):
    digest = hashlib.sha256(b"%s %d" % (salt, i)).digest()[:16]
    return base64.b64encode(digest).decode()


def gen_json(n, out, layout):
    out.write("[\n")
    for i in range(n):
        sep = ",\n" if i + 1 < n else "\n"
        out.write(json.dumps({"id": sesame_id(i, layout), "value": value(i)}) + sep)
    out.write("]\n")


def gen_keepass(n, out):
    out.write('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n')
    out.write("<KeePassFile><Meta><Generator>sesame-bench</Generator>"
              "<DatabaseName>bench</DatabaseName></Meta><Root>")
    out.write("<Group><UUID>%s</UUID><Name>Root</Name>" % uuid_b64(0, b"root"))
    for start in range(0, n, PER_OWNER):
        out.write("<Group><UUID>%s</UUID><Name>%s</Name>"
                  % (uuid_b64(start, b"group"), owner(start)))
        for i in range(start, min(start + PER_OWNER, n)):
            out.write(
                "<Entry><UUID>%s</UUID>"
                "<String><Key>Title</Key><Value>%s</Value></String>"
                "<String><Key>Password</Key>"
                '<Value ProtectInMemory="True">%s</Value></String></Entry>'
                % (uuid_b64(i, b"entry"), escape(leaf(i)), escape(value(i))))
        out.write("</Group>")
    out.write("</Group></Root></KeePassFile>\n")


def gen_pass(n, root):
    for start in range(0, n, PER_OWNER):
        d = os.path.join(root, owner(start))
        os.makedirs(d, exist_ok=True)
        for i in range(start, min(start + PER_OWNER, n)):
            with open(os.path.join(d, leaf(i)), "w") as f:
                f.write(value(i) + "\n")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, n = argv[1], int(argv[2])
    layout = argv[3] if len(argv) > 3 and cmd in ("json", "id", "prefix") else "spread"
    if layout not in ("spread", "one"):
        sys.exit(__doc__)
    if cmd == "json":
        gen_json(n, sys.stdout, layout)
    elif cmd == "keepass":
        gen_keepass(n, sys.stdout)
    elif cmd == "pass":
        gen_pass(n, argv[3])
    elif cmd == "id":
        print(sesame_id(probe(n), layout))
    elif cmd == "prefix":
        print(sesame_prefix(probe(n), layout))
    elif cmd == "name":
        print(peer_name(probe(n)))
    elif cmd == "value":
        print(value(probe(n)))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
