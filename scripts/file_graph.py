#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Draws the file graph of libdpp/src and fails when it has a loop.

A node is a source unit: foo.c and foo.h are one node "foo" (a header
without a .c of the same name is a node of its own). Edges:

  include  foo.c or foo.h has  #include "bar.h"           foo -> bar
  call     foo.o needs a symbol that bar.o defines         foo -> bar
           (read with nm from the objects of a build; optional)

A loop is a strongly connected component of more than one node. The
script prints every loop with the edges that close it and exits 1;
with --dot FILE it also writes the graph in Graphviz form.

  scripts/file_graph.py [--objects BUILD_DIR] [--dot FILE] [--src DIR]

Without --objects only the include edges are checked.
"""
import argparse
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def include_edges(src):
    edges = {}
    names = set()
    for name in sorted(os.listdir(src)):
        if not name.endswith((".c", ".h", ".cpp")):
            continue
        names.add(stem(name))
        with open(os.path.join(src, name), encoding="utf-8") as f:
            text = f.read()
        for inc in INCLUDE.findall(text):
            if "/" in inc:  # public headers (dpp/...) are not units of src
                continue
            a, b = stem(name), stem(inc)
            if a != b:
                edges.setdefault((a, b), set()).add("include")
    return names, edges


def nm_symbols(obj):
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True, text=True).stdout
    defined, needed = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        sym, kind = parts[0], parts[1]
        if kind == "U":
            needed.add(sym)
        elif kind in ("T", "D", "B", "R", "V", "W", "G", "S"):
            defined.add(sym)
    return defined, needed


def call_edges(build, names):
    objs = {}
    for root, _dirs, files in os.walk(build):
        if "dpp_obj.dir" not in root:
            continue
        for f in files:
            if f.endswith((".c.o", ".cpp.o")):
                objs[stem(f[: -len(".o")])] = os.path.join(root, f)
    if not objs:
        sys.exit(f"file_graph: no objects of dpp_obj under {build} (build libdpp first)")
    owner, needs = {}, {}
    for unit, obj in objs.items():
        defined, needed = nm_symbols(obj)
        for s in defined:
            owner[s] = unit
        needs[unit] = needed
    edges = {}
    for unit, needed in needs.items():
        for s in needed:
            b = owner.get(s)
            if b and b != unit:
                edges.setdefault((unit, b), set()).add("call")
    return set(objs), edges


def loops(nodes, edges):
    """Tarjan's strongly connected components (iterative)."""
    succ = {n: [] for n in nodes}
    for a, b in edges:
        succ.setdefault(a, []).append(b)
        succ.setdefault(b, [])
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in sorted(succ):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on.add(v)
            recurse = False
            for j in range(i, len(succ[v])):
                w = succ[v][j]
                if w not in index:
                    work.append((v, j + 1))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--src", default=os.path.join(here, "..", "libdpp", "src"))
    ap.add_argument("--objects", help="build directory holding libdpp's objects (call edges)")
    ap.add_argument("--dot", help="write the graph here (Graphviz)")
    args = ap.parse_args()

    nodes, edges = include_edges(args.src)
    if args.objects:
        units, calls = call_edges(args.objects, nodes)
        nodes |= units
        for k, v in calls.items():
            edges.setdefault(k, set()).update(v)

    if args.dot:
        with open(args.dot, "w", encoding="utf-8") as f:
            f.write("digraph libdpp {\n  rankdir=LR;\n  node [shape=box, fontname=monospace];\n")
            for (a, b), kinds in sorted(edges.items()):
                style = "solid" if "call" in kinds else "dashed"
                f.write(f'  "{a}" -> "{b}" [style={style}];\n')
            f.write("}\n")

    found = loops(nodes, edges)
    kinds = "includes and calls" if args.objects else "includes"
    if not found:
        print(f"file_graph: {len(nodes)} units, {len(edges)} edges ({kinds}), no loops")
        return 0
    for comp in found:
        members = set(comp)
        print(f"file_graph: loop among {', '.join(comp)}:")
        for (a, b), k in sorted(edges.items()):
            if a in members and b in members:
                print(f"  {a} -> {b} ({'+'.join(sorted(k))})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
