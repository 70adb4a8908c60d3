#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kubesim/resource_registry.h"

namespace ark::kubesim {

// The columns a real API server prints for a kind in `kubectl get` (its server-side Table:
// READY, UP-TO-DATE and AVAILABLE for Deployments, TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S)
// for Services, ...), between NAME and AGE. Kinds without their own columns get none.
struct PrinterColumn {
  std::string name;  // "Up-to-date"
  std::string type;  // "string" or "integer"
  std::string description;
  int priority = 0;  // 1: shown only with -o wide
};

std::vector<PrinterColumn> PrinterColumns(const ResourceInfo& r);

// The cells of PrinterColumns(r) for `obj`, in order.
std::vector<nlohmann::json> PrinterCells(const ResourceInfo& r, const nlohmann::json& obj);

}  // namespace ark::kubesim
