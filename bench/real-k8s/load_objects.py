#!/usr/bin/env python3
"""Creates the objects of a JSONL corpus (gen_k8s_corpus.py --valid --stream, or
gen_configmaps.py) in the real-k8s cluster of STATE_DIR, as its admin:
  load_objects.py STATE_DIR CORPUS.jsonl [--threads 8]
First every namespace the objects name, then it waits for each namespace's `default`
ServiceAccount (Pods are refused without it), then the ServiceAccounts of the corpus, then
everything else with THREADS kept-alive connections. An object that already exists counts as
`existed`; any other refusal is printed and makes the exit status 1. Prints one JSON line.
"""
import argparse
import http.client
import json
import os
import queue
import ssl
import sys
import threading
import time

RESOURCES = {  # (apiVersion, kind) -> (path prefix, resource)
    ('v1', 'Namespace'): ('/api/v1', 'namespaces'),
    ('v1', 'ServiceAccount'): ('/api/v1', 'serviceaccounts'),
    ('v1', 'ConfigMap'): ('/api/v1', 'configmaps'),
    ('v1', 'Secret'): ('/api/v1', 'secrets'),
    ('v1', 'Service'): ('/api/v1', 'services'),
    ('v1', 'Pod'): ('/api/v1', 'pods'),
    ('apps/v1', 'Deployment'): ('/apis/apps/v1', 'deployments'),
}


class Client:
    """One kept-alive HTTPS connection to the API server, as the admin user."""

    def __init__(self, state):
        env = dict(l.strip().split('=', 1) for l in open(os.path.join(state, 'cluster.env')) if '=' in l)
        self.port = int(env['API_PORT'])
        pki = os.path.join(state, 'pki')
        self.ctx = ssl.create_default_context(cafile=os.path.join(pki, 'ca.crt'))
        self.ctx.load_cert_chain(os.path.join(pki, 'admin.crt'), os.path.join(pki, 'admin.key'))
        self.conn = None

    def request(self, method, path, body=None):
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPSConnection('127.0.0.1', self.port, context=self.ctx, timeout=60)
                headers = {'Content-Type': 'application/json', 'Accept': 'application/json'}
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                return resp.status, resp.read()
            except (OSError, http.client.HTTPException):
                self.conn = None
                if attempt == 2:
                    raise
                time.sleep(0.5)


def path_of(obj, collection=True):
    prefix, resource = RESOURCES[(obj['apiVersion'], obj['kind'])]
    ns = obj['metadata'].get('namespace')
    p = prefix + (f'/namespaces/{ns}' if ns and resource != 'namespaces' else '') + f'/{resource}'
    return p if collection else p + '/' + obj['metadata']['name']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('state')
    ap.add_argument('corpus')
    ap.add_argument('--threads', type=int, default=8)
    a = ap.parse_args()
    lines = [l for l in open(a.corpus) if l.strip()]
    start = time.monotonic()
    counts = {'created': 0, 'existed': 0, 'failed': 0}
    lock = threading.Lock()

    def create(client, line):
        obj = json.loads(line)
        status, body = client.request('POST', path_of(obj), line.encode())
        key = 'created' if status == 201 else 'existed' if status == 409 else 'failed'
        with lock:
            counts[key] += 1
        if key == 'failed':
            print(f'load_objects: {obj["kind"]} {obj["metadata"].get("namespace", "")}/'
                  f'{obj["metadata"]["name"]}: HTTP {status}: {body[:300]!r}', file=sys.stderr)

    def parallel(batch):
        q = queue.Queue()
        for line in batch:
            q.put(line)

        def worker():
            client = Client(a.state)
            while True:
                try:
                    line = q.get_nowait()
                except queue.Empty:
                    return
                create(client, line)

        threads = [threading.Thread(target=worker) for _ in range(a.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    namespaces = sorted({json.loads(l)['metadata'].get('namespace', '') for l in lines} - {''})
    parallel([json.dumps({'apiVersion': 'v1', 'kind': 'Namespace', 'metadata': {'name': n}}) for n in namespaces])
    client = Client(a.state)
    for n in namespaces:  # Pods are admitted only once the namespace's default ServiceAccount exists
        deadline = time.monotonic() + 60
        while client.request('GET', f'/api/v1/namespaces/{n}/serviceaccounts/default')[0] != 200:
            if time.monotonic() > deadline:
                sys.exit(f'load_objects: namespace {n} has no default ServiceAccount after 60 s')
            time.sleep(0.1)
    first = [l for l in lines if '"kind":"ServiceAccount"' in l]
    parallel(first)
    parallel([l for l in lines if '"kind":"ServiceAccount"' not in l])
    counts.update(namespaces=len(namespaces), seconds=round(time.monotonic() - start, 2))
    print(json.dumps(counts))
    sys.exit(1 if counts['failed'] else 0)


if __name__ == '__main__':
    main()
