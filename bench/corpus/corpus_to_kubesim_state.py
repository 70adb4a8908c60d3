#!/usr/bin/env python3
"""Writes a gen-k8s-corpus.py --stream corpus as a kubesim --data-dir state file.

Loading 100k objects through POSTs takes tens of minutes on 2 cores; kubesim reads its state
file (one {"key": "<group>/<resource>", "object": {...}} line per object) at start instead.
The objects are stored as generated (uid, resourceVersion, creationTimestamp, status), plus
one Namespace per namespace the objects name.
  corpus_to_kubesim_state.py CORPUS.jsonl DATA_DIR
"""
import json, sys

KEYS = {('v1', 'Pod'): '/pods', ('v1', 'ConfigMap'): '/configmaps', ('v1', 'Secret'): '/secrets',
        ('v1', 'Service'): '/services', ('apps/v1', 'Deployment'): 'apps/deployments'}
corpus, data_dir = sys.argv[1], sys.argv[2]
namespaces = {}
with open(corpus) as src, open(data_dir + '/state.jsonl.tmp', 'w') as out:
    for n, line in enumerate(src, 1):
        if not line.strip():
            continue
        obj = json.loads(line)
        key = KEYS.get((obj.get('apiVersion'), obj.get('kind')))
        if key is None:
            sys.exit(f'{corpus} line {n}: unknown kind {obj.get("apiVersion")}/{obj.get("kind")}')
        md = obj['metadata']
        namespaces.setdefault(md['namespace'], md['creationTimestamp'])
        out.write('{"key":"%s","object":%s}\n' % (key, json.dumps(obj, separators=(',', ':'))))
    for i, (ns, ts) in enumerate(sorted(namespaces.items())):
        obj = {'apiVersion': 'v1', 'kind': 'Namespace',
               'metadata': {'name': ns, 'uid': '00000000-0000-4000-8000-%012d' % i, 'resourceVersion': str(900000 + i),
                            'creationTimestamp': ts, 'labels': {'kubernetes.io/metadata.name': ns}},
               'spec': {'finalizers': ['kubernetes']}, 'status': {'phase': 'Active'}}
        out.write('{"key":"/namespaces","object":%s}\n' % json.dumps(obj, separators=(',', ':')))
import os
os.replace(data_dir + '/state.jsonl.tmp', data_dir + '/state.jsonl')
print(json.dumps({'namespaces': len(namespaces), 'state': data_dir + '/state.jsonl'}))
