#!/usr/bin/env python3
"""Write a Hugo site of N pages whose HTML is about SIZE bytes each, for
bench/la.sh: a table of figures per page drawn by a template from data in
the page's front matter, as reportpack draws its table pages from data.

    hugosite.py DIR N SIZE

(Markdown tables of this size are not comparable: goldmark's table parsing
is our commentary's job, not our pages', and Hugo kept 23 GB of them.)
"""
import json
import os
import random
import shutil
import sys

out, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, "content", "p"))
os.makedirs(os.path.join(out, "layouts", "_default"))
with open(os.path.join(out, "config.toml"), "w") as f:
    f.write('baseURL = "http://example.org/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
layout = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><nav><a href="../index.html">Home</a></nav></header><main><h1>{{ .Title }}</h1>
<p>Figures by pupil group, with national figures.</p>
<table><thead><tr><th>Group</th><th>Cohort</th><th>Value</th><th>National</th><th>Lower</th><th>Upper</th></tr></thead><tbody>
{{ range .Params.rows }}<tr><th scope="row">{{ index . 0 }}</th><td>{{ index . 1 }}</td><td>{{ index . 2 }}</td><td>{{ index . 3 }}</td><td>{{ index . 4 }}</td><td>{{ index . 5 }}</td></tr>
{{ end }}</tbody></table></main></body></html>
"""
for name in ("single.html", "list.html"):
    with open(os.path.join(out, "layouts", "_default", name), "w") as f:
        f.write(layout)

rnd = random.Random(1)
# One row renders to about 105 bytes of HTML.
rows = max(1, (size - 500) // 105)
for i in range(n):
    fm = {"title": f"Page {i}", "rows": [
        [f"group {r}", rnd.randint(5, 300), f"{rnd.uniform(-2, 2):.2f}", f"{rnd.uniform(-1, 1):.2f}",
         f"{rnd.uniform(-3, 0):.2f}", f"{rnd.uniform(0, 3):.2f}"] for r in range(rows)]}
    with open(os.path.join(out, "content", "p", f"{i:06d}.md"), "w") as f:
        f.write(json.dumps(fm) + "\n")
