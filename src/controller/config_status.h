#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kube/dynamic_client.h"
#include "util/status.h"

namespace ark::controller {

// The `status` the server writes on the Config it reads, so that `kubectl get configs` and
// `ark` show what the server made of it (Ark had only the server's log for that):
//   status: {phase: Valid|Invalid, message: <why it is invalid; when valid, the `notes` on what
//            was read differently from what was written, joined by "; ">,
//            observedGeneration: <metadata.generation of the Config judged>}
nlohmann::json ConfigStatus(const nlohmann::json& config, const Status& verdict,
                            const std::vector<std::string>& notes = {});

// Writes ConfigStatus(config, verdict) on the stored Config `config` names, through the status
// subresource (examples/common/00-prereqs.yaml enables it), or with a whole-object update when
// the CRD predates it. Nothing is written when the stored status already says the same, so
// judging a Config again costs no write and no event. A Config updated meanwhile (a conflict)
// is left alone: it is judged again when the server sees the new version. Errors are the API's.
Status WriteConfigStatus(kube::DynamicClient& client, const nlohmann::json& config,
                         const Status& verdict, const std::vector<std::string>& notes = {});

}  // namespace ark::controller
