#!/usr/bin/env python3
"""Add briefings to a synthetic tracker made by gen.py, for timing `docket build --pdf`.

usage: briefings.py SITE N    -> SITE/content/briefings/*.md: the N most recent quarters that
                                 have events (then half-years, if quarters run out), each with a
                                 short narrative, one embedded figure and one listed figure.
Deterministic: the same files every time.
"""
import os
import sys

site, count = sys.argv[1], int(sys.argv[2])
years = sorted({name[:4] for name in os.listdir(os.path.join(site, "content", "events"))})
periods = [f"{y}-Q{q}" for y in years for q in (1, 2, 3, 4)]
periods += [f"{y}-H{h}" for y in years for h in (1, 2)]
folder = os.path.join(site, "content", "briefings")
os.makedirs(folder, exist_ok=True)
for period in periods[:count]:
    year = int(period[:4])
    published = f"{year + 1}-01-15"
    slug = period.lower()
    text = f"""---
title: "Synthetic briefing, {period}"
period: {period}
published: {published}
description: What the synthetic platforms disclosed in {period}.
authors: [Bench Author]
figures: [accounts-by-origin]
---

## Key takeaways

- The quarter's disclosures came from several platforms and origins.
- Figures are as reported, with their qualifiers.

## Over the period

{{{{ figure(id="events-by-quarter") }}}}

## Outlook

More disclosures are expected.
"""
    with open(os.path.join(folder, f"{slug}.md"), "w") as f:
        f.write(text)
