#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace ark::archive {

// Whole-buffer gzip for logs and results (small, held in memory anyway).
std::string Gzip(std::string_view data);
// DataLoss naming `what` when `data` is not a complete gzip stream.
Result<std::string> Gunzip(std::string_view data, std::string_view what);

}  // namespace ark::archive
