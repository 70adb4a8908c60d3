#!/usr/bin/env python3
"""Writes a gen-k8s-corpus.py --stream corpus as a kubesim --data-dir state file.

Loading 100k objects through POSTs takes tens of minutes on 2 cores; kubesim reads its state
file (one {"key": "<group>/<resource>", "object": {...}} line per object) at start instead.
The objects are stored as generated (uid, resourceVersion, creationTimestamp, status), plus
one Namespace per namespace the objects name and one ServiceAccount per account that a Pod or a
Deployment's pod template names (other than `default`, which kubesim makes in every namespace,
as kube-controller-manager does): the same objects bench/corpus/corpus_loader.cc creates
before it POSTs a corpus, since the API server refuses a Pod whose account does not exist.
  corpus_to_kubesim_state.py CORPUS.jsonl DATA_DIR
"""
import json, sys

KEYS = {('v1', 'Pod'): '/pods', ('v1', 'ConfigMap'): '/configmaps', ('v1', 'Secret'): '/secrets',
        ('v1', 'Service'): '/services', ('apps/v1', 'Deployment'): 'apps/deployments'}


def service_account(obj):
    """The account a Pod, or a Deployment's pods, run as; None for none or `default`."""
    holder = obj if obj.get('kind') == 'Pod' else obj.get('spec', {}).get('template', {}) if obj.get('kind') == 'Deployment' else {}
    name = holder.get('spec', {}).get('serviceAccountName')
    return None if name in (None, '', 'default') else name


corpus, data_dir = sys.argv[1], sys.argv[2]
namespaces = {}
accounts = {}  # (namespace, name) -> the creationTimestamp of the first object naming it
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
        account = service_account(obj)
        if account:
            accounts.setdefault((md['namespace'], account), md['creationTimestamp'])
        out.write('{"key":"%s","object":%s}\n' % (key, json.dumps(obj, separators=(',', ':'))))
    for i, (ns, ts) in enumerate(sorted(namespaces.items())):
        obj = {'apiVersion': 'v1', 'kind': 'Namespace',
               'metadata': {'name': ns, 'uid': '00000000-0000-4000-8000-%012d' % i, 'resourceVersion': str(900000 + i),
                            'creationTimestamp': ts, 'labels': {'kubernetes.io/metadata.name': ns}},
               'spec': {'finalizers': ['kubernetes']}, 'status': {'phase': 'Active'}}
        out.write('{"key":"/namespaces","object":%s}\n' % json.dumps(obj, separators=(',', ':')))
    for i, ((ns, name), ts) in enumerate(sorted(accounts.items())):
        # Labelled as the generator's --valid output and corpus_loader.cc label them.
        obj = {'apiVersion': 'v1', 'kind': 'ServiceAccount',
               'metadata': {'name': name, 'namespace': ns, 'uid': '00000000-0000-4000-9000-%012d' % i,
                            'resourceVersion': str(800000 + i), 'creationTimestamp': ts, 'labels': {'app': name}}}
        out.write('{"key":"/serviceaccounts","object":%s}\n' % json.dumps(obj, separators=(',', ':')))
import os
os.replace(data_dir + '/state.jsonl.tmp', data_dir + '/state.jsonl')
print(json.dumps({'namespaces': len(namespaces), 'service_accounts': len(accounts), 'state': data_dir + '/state.jsonl'}))
