#pragma once

// Shared checks of ObjectStore::GetObject through a FaultProxy, for every provider's tests:
// a download reset mid-body resumes and yields the same bytes; an object replaced between
// two tries of one download is an error, never a spliced file.

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>

#include "cloud/object_store.h"
#include "support/fault_proxy.h"
#include "util/byte_stream.h"
#include "util/digest.h"

namespace ark::testing {

// `size` bytes that compress badly, the same for one seed.
inline std::string RandomBytes(size_t size, uint64_t seed = 42) {
  std::mt19937_64 engine(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(engine() & 0xff);
  return out;
}

// A sink that calls `on_first_write` once, when the first bytes arrive.
class HookedSink final : public ByteSink {
 public:
  explicit HookedSink(std::function<void()> on_first_write)
      : on_first_write_(std::move(on_first_write)) {}
  Status Write(std::string_view data) override {
    if (on_first_write_) {
      auto hook = std::move(on_first_write_);
      on_first_write_ = nullptr;
      hook();
    }
    out_.append(data);
    return Status::Ok();
  }
  const std::string& str() const { return out_; }

 private:
  std::function<void()> on_first_write_;
  std::string out_;
};

// `store` reaches its server through `proxy`; `bucket`/`key` hold `data` (over 2 MiB). The
// first two tries of the download are reset after about 700 KiB each.
inline void ExpectDownloadResumesAfterResets(cloud::ObjectStore& store, FaultProxy& proxy,
                                             const std::string& bucket, const std::string& key,
                                             const std::string& data) {
  const int cuts_before = proxy.cuts();
  proxy.CutResponsesAfter(700 << 10, 2);
  StringSink sink;
  Status got = store.GetObject(bucket, key, sink);
  proxy.CutResponsesAfter(0, 0);
  ASSERT_TRUE(got.ok()) << got.ToString();
  EXPECT_EQ(proxy.cuts() - cuts_before, 2);
  EXPECT_EQ(sink.str().size(), data.size());
  EXPECT_EQ(Sha256Hex(sink.str()), Sha256Hex(data)) << "the resumed download has other bytes";
}

// The object is replaced (by `replace`, straight to the server) once the first bytes have
// arrived; the download's first try is then reset. The download must fail with DataLoss
// naming the object, not splice the new version onto the old one.
inline void ExpectReplacedObjectFailsTheDownload(cloud::ObjectStore& store, FaultProxy& proxy,
                                                 const std::string& bucket, const std::string& key,
                                                 const std::function<void()>& replace) {
  proxy.CutResponsesAfter(700 << 10, 1);
  HookedSink sink(replace);
  Status got = store.GetObject(bucket, key, sink);
  proxy.CutResponsesAfter(0, 0);
  EXPECT_EQ(got.code(), Code::kDataLoss) << got.ToString();
  EXPECT_NE(got.message().find("changed while it was downloaded"), std::string::npos)
      << got.ToString();
  EXPECT_NE(got.message().find(key), std::string::npos) << got.ToString();
}

}  // namespace ark::testing
