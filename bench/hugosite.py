#!/usr/bin/env python3
"""Write a Hugo site of N pages whose HTML is about SIZE bytes each, for
bench/la.sh: a table of figures per page, like reportpack's table pages.

    hugosite.py DIR N SIZE
"""
import os
import random
import shutil
import sys

out, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, "content", "p"))
os.makedirs(os.path.join(out, "layouts", "_default"))
with open(os.path.join(out, "config.toml"), "w") as f:
    f.write('baseURL = "http://example.org/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
            '[markup.goldmark.renderer]\nunsafe = true\n')
layout = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><nav><a href="../index.html">Home</a></nav></header><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
for name in ("single.html", "list.html"):
    with open(os.path.join(out, "layouts", "_default", name), "w") as f:
        f.write(layout)

rnd = random.Random(1)
# One table row of Markdown renders to about 225 bytes of HTML.
rows = max(1, size // 225)
for i in range(n):
    lines = ["+++", f'title = "Page {i}"', "+++", "", "Figures by pupil group, with national figures.", "",
             "| group | cohort | value | national | lower | upper |", "|---|--:|--:|--:|--:|--:|"]
    for r in range(rows):
        lines.append(f"| group {r} | {rnd.randint(5, 300)} | {rnd.uniform(-2, 2):.2f} | {rnd.uniform(-1, 1):.2f} "
                     f"| {rnd.uniform(-3, 0):.2f} | {rnd.uniform(0, 3):.2f} |")
    with open(os.path.join(out, "content", "p", f"{i:06d}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
