#!/usr/bin/env python3
"""Writes N ConfigMaps of ~5 KB each in one namespace as JSONL (one compact object per line),
objects a real kube-apiserver accepts as they are (no server-set fields):
  gen_configmaps.py -n 20000 --namespace bench-cm --out configmaps.jsonl
Each ConfigMap has two labels and a data map of three keys: a ~4.8 KB pseudo-random text value
(hex digits in lines, as a certificate or a config file compresses: about 2:1) and two short
settings. Deterministic for a given --seed.
"""
import argparse
import json
import random

ap = argparse.ArgumentParser()
ap.add_argument('-n', type=int, default=20000)
ap.add_argument('--namespace', default='bench-cm')
ap.add_argument('--bytes', type=int, default=4800, help='size of the large data value')
ap.add_argument('--seed', type=int, default=1)
ap.add_argument('--out', required=True)
a = ap.parse_args()
rng = random.Random(a.seed)

total = 0
with open(a.out, 'w') as out:
    for i in range(a.n):
        hex_text = f'{rng.getrandbits(a.bytes * 4):0{a.bytes}x}'
        payload = '\n'.join(hex_text[j:j + 64] for j in range(0, a.bytes, 64))
        obj = {
            'apiVersion': 'v1',
            'kind': 'ConfigMap',
            'metadata': {
                'name': f'cm-{i:05d}',
                'namespace': a.namespace,
                'labels': {'app': f'app-{i % 50}', 'bench': 'real-k8s'},
            },
            'data': {
                'payload.txt': payload,
                'replicas': str(i % 7 + 1),
                'log-level': ('debug', 'info', 'warn')[i % 3],
            },
        }
        line = json.dumps(obj, separators=(',', ':'))
        total += len(line) + 1
        out.write(line + '\n')
print(json.dumps({'objects': a.n, 'namespace': a.namespace, 'bytes': total,
                  'avg_bytes': total // max(1, a.n)}))
