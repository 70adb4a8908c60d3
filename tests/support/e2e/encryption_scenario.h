#pragma once

#include <functional>
#include <map>
#include <string>

#include "support/e2e/ark_env.h"

namespace ark::testing {

// Every object the store holds under `prefix` (a backup's folder: "enc-backup/"), key -> the
// bytes as stored, read with the store's own API, not through ark.
using StoredObjects = std::function<std::map<std::string, std::string>(const std::string& prefix)>;

// The encryption scenario of issue 18 on `env`, started with `start_server = false` and a
// Config for its store (the scenario adds `encryption` to it and starts the server):
//  - an encrypted backup of a namespace holding a known Secret: every stored file of the
//    backup but its metadata is sealed, and no stored byte (raw or gunzipped) holds the
//    Secret's value or its base64; the metadata and `ark backup describe` name key ID k1;
//  - `ark backup verify`, `ark backup logs` and `ark backup download` (a tarball tar reads)
//    work;
//  - delete the namespace, restore: the Secret's value is back; `ark restore logs` works;
//  - rotation: k2 added and made current; a new backup is sealed with k2 and the old one
//    (k1) still restores;
//  - wrong keys (the Secret's k1 and k2 replaced by other bytes under the same IDs): the
//    restore fails naming the authentication failure and nothing of the namespace is
//    created; `ark backup download` fails saying so.
void RunEncryptionScenario(ArkEnv& env, const StoredObjects& stored);

// Secret ark-encryption holding `key` as k1, Config `encryption` naming it, then `ark server`
// started on `env` (started with `start_server = false`) and awaited until it seals with k1.
void StartServerWithEncryption(ArkEnv& env, const std::string& key);

}  // namespace ark::testing
