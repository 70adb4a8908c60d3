#pragma once

#include <optional>
#include <string>

namespace ark::kubesim {

// The value of a resource.Quantity string ("1Gi", "500m", "2", "1e3", "1.5G"), as a double;
// nullopt when `text` is not a quantity. Precision is a double's: enough to order and compare
// the sizes and CPU amounts of test objects, not to round-trip them.
std::optional<double> ParseQuantity(const std::string& text);

}  // namespace ark::kubesim
