#pragma once

#include <cstddef>
#include <functional>

#include "util/byte_stream.h"
#include "util/status.h"

namespace ark::verify {

// Joins a producer that pushes bytes (BackupStore::GetContents writes into a ByteSink) to a
// consumer that pulls them (the tarball reader reads a ByteSource), so a stored file is read
// once, as it downloads, and never staged whole: `produce` runs on its own thread, writing
// into a pipe of at most `capacity` bytes; `consume` runs on the calling thread.
//
// When `consume` returns before the end, the producer's next write fails (Cancelled) and its
// download stops. Returns `produce`'s error when it failed for its own reasons (`consume` then
// reads that error from its source), else `consume`'s status.
Status RunThroughPipe(const std::function<Status(ByteSink&)>& produce,
                      const std::function<Status(ByteSource&)>& consume, size_t capacity = 4 << 20);

}  // namespace ark::verify
