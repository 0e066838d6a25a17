#!/usr/bin/env python3
"""Writes crates/core/tests/fixtures/networkx.json: random networks with the measures networkx
gives them, so the core's network measures are checked against networkx itself.

Run from the repository root: pip install networkx && python3 scripts/networkx_fixture.py
"""
import json
import random

import networkx as nx

random.seed(2026)
cases = []
for case in range(12):
    n = random.randint(3, 40)
    p = random.choice([0.05, 0.1, 0.2, 0.4])
    g = nx.gnp_random_graph(n, p, seed=random.randint(0, 10**6))
    g.add_nodes_from(range(n))
    centrality = nx.degree_centrality(g)
    top = max(centrality.values()) if centrality else 0.0
    freeman = sum(top - c for c in centrality.values()) / (n - 2) if n > 2 else 0.0
    cases.append({
        "nodes": n,
        "edges": sorted([sorted(e) for e in g.edges()]),
        "density": nx.density(g),
        "degree_centralization": freeman,
        "components": nx.number_connected_components(g),
        "isolates": sorted(nx.isolates(g)),
        "betweenness": [nx.betweenness_centrality(g, normalized=True)[i] for i in range(n)],
    })
with open("crates/core/tests/fixtures/networkx.json", "w") as out:
    json.dump({"generated_by": "scripts/networkx_fixture.py", "networkx": nx.__version__, "cases": cases}, out, indent=1)
print(f"wrote {len(cases)} cases (networkx {nx.__version__})")
