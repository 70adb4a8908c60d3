// Hostile and broken tarballs: each is rejected with a clear error, never crashes, and the
// reader never returns an entry whose path could escape an extraction directory.

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "archive/tarball_reader.h"
#include "archive/test_tar.h"

namespace ark::archive {
namespace {

using testing::EndOfArchive;
using testing::Gzip;
using testing::Pad;
using testing::PaxRecord;
using testing::RawEntry;
using testing::RawHeader;

struct Outcome {
  Status status;
  std::vector<std::string> paths;  // entries returned before the error
};

Outcome ReadAll(const std::string& tgz, const ReaderLimits& limits = {}) {
  Outcome out;
  StringSource source(tgz);
  auto reader = NewTarballReader(source, limits);
  if (!reader.ok()) return {reader.status(), {}};
  while (true) {
    auto e = (*reader)->Next();
    if (!e.ok()) {
      out.status = e.status();
      // The error is sticky.
      auto again = (*reader)->Next();
      EXPECT_FALSE(again.ok());
      return out;
    }
    if (!e->has_value()) return out;
    out.paths.push_back((*e)->path);
  }
}

struct HostileCase {
  std::string name;
  std::string tgz;
  Code code;
  std::string message;  // substring of the error
};

std::string Item(const std::string& name) { return RawEntry(name, "{}"); }

std::vector<HostileCase> Cases() {
  const std::string ok = Item("resources/pods/namespaces/ns/ok.json");
  std::string truncated = Gzip(ok + Item("resources/pods/namespaces/ns/b.json") + EndOfArchive());
  truncated.resize(truncated.size() - 12);
  std::string bad_crc = Gzip(ok + EndOfArchive());
  bad_crc[bad_crc.size() - 6] ^= 0x55;
  std::string bad_checksum = RawHeader("resources/pods/namespaces/ns/c.json", '0', 2);
  bad_checksum[150] = '7';
  std::string pax_dotdot =
      RawHeader("PaxHeaders.0/x", 'x', PaxRecord("path", "../../etc/cron.d/x").size()) +
      Pad(PaxRecord("path", "../../etc/cron.d/x")) + Item("x.json");
  std::string gnu_abs =
      RawHeader("././@LongLink", 'L', 12, "", "", true) + Pad("/etc/passwd") + Item("y.json");
  std::string bomb_tar =
      RawHeader("resources/pods/namespaces/ns/bomb.json", '0', 8 << 20) + std::string(8 << 20, ' ');
  std::string many;
  for (int i = 0; i < 11; ++i)
    many += Item("resources/pods/namespaces/ns/p" + std::to_string(i) + ".json");
  return {
      {"absolute path", Gzip(Item("/etc/passwd") + EndOfArchive()), Code::kInvalidArgument,
       "absolute path"},
      {"dot-dot", Gzip(Item("resources/../../etc/passwd") + EndOfArchive()), Code::kInvalidArgument,
       "\"..\""},
      {"dot-dot in ustar prefix",
       Gzip(RawHeader("x.json", '0', 2, "", "resources/..") + Pad("{}") + EndOfArchive()),
       Code::kInvalidArgument, "\"..\""},
      {"dot-dot in PAX path", Gzip(pax_dotdot + EndOfArchive()), Code::kInvalidArgument,
       "../../etc/cron.d/x"},
      {"absolute GNU long name", Gzip(gnu_abs + EndOfArchive()), Code::kInvalidArgument,
       "absolute path"},
      {"symlink",
       Gzip(ok + RawHeader("resources/pods/cluster/l.json", '2', 0, "/etc/passwd") +
            EndOfArchive()),
       Code::kInvalidArgument, "is a link"},
      {"hard link",
       Gzip(RawHeader("resources/pods/cluster/h.json", '1', 0, "ok.json") + EndOfArchive()),
       Code::kInvalidArgument, "is a link"},
      {"char device", Gzip(RawHeader("dev/null", '3', 0) + EndOfArchive()), Code::kInvalidArgument,
       "device"},
      {"block device", Gzip(RawHeader("dev/sda", '4', 0) + EndOfArchive()), Code::kInvalidArgument,
       "device"},
      {"fifo", Gzip(RawHeader("fifo", '6', 0) + EndOfArchive()), Code::kInvalidArgument, "FIFO"},
      {"oversized PAX header", Gzip(RawHeader("PaxHeaders.0/x", 'x', 2 << 20) + EndOfArchive()),
       Code::kInvalidArgument, "oversized PAX header"},
      {"malformed PAX record",
       Gzip(RawHeader("PaxHeaders.0/x", 'x', 12) + Pad("99 path=x.js") + Item("x.json") +
            EndOfArchive()),
       Code::kDataLoss, "PAX header"},
      {"unknown type", Gzip(RawHeader("s", 'S', 0) + EndOfArchive()), Code::kInvalidArgument,
       "unsupported type"},
      {"oversized entry",
       Gzip(RawEntry("resources/pods/namespaces/ns/big.json", std::string(2000, 'x')) +
            EndOfArchive()),
       Code::kInvalidArgument, "over the limit"},
      {"too many entries", Gzip(many + EndOfArchive()), Code::kInvalidArgument,
       "more than 10 entries"},
      {"decompression bomb", Gzip(bomb_tar, 9), Code::kInvalidArgument, "decompression bomb"},
      {"truncated gzip", truncated, Code::kDataLoss, "truncated gzip stream"},
      {"gzip CRC mismatch", bad_crc, Code::kDataLoss, "corrupt gzip stream"},
      {"not gzip", ok + EndOfArchive(), Code::kDataLoss, "not a gzip stream"},
      {"empty input", "", Code::kDataLoss, "input is empty"},
      {"trailing garbage", Gzip(ok + EndOfArchive()) + "garbage", Code::kDataLoss, "trailing data"},
      {"bad header checksum", Gzip(bad_checksum + Pad("{}") + EndOfArchive()), Code::kDataLoss,
       "checksum"},
      {"tar ends inside an entry",
       Gzip(RawHeader("resources/pods/cluster/a.json", '0', 900) + Pad("{}")), Code::kDataLoss,
       "truncated inside entry"},
      {"tar without end marker", Gzip(ok), Code::kDataLoss, "truncated"},
      {"garbage after zero block", Gzip(std::string(512, '\0') + ok), Code::kDataLoss,
       "after a zero block"},
  };
}

TEST(HostileArchive, EachIsRejectedWithAClearError) {
  ReaderLimits limits;
  limits.max_entry_bytes = 1000;
  limits.max_entries = 10;
  for (const HostileCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    ReaderLimits l = limits;
    if (c.name == "decompression bomb") {  // the ratio must trip before the entry limit
      l.max_entry_bytes = 64 << 20;
      l.max_compression_ratio = 100;
    }
    Outcome out = ReadAll(c.tgz, l);
    ASSERT_FALSE(out.status.ok());
    EXPECT_EQ(out.status.code(), c.code) << out.status.ToString();
    EXPECT_NE(out.status.message().find(c.message), std::string::npos) << out.status.ToString();
    for (const std::string& p : out.paths) {
      EXPECT_NE(p.front(), '/');
      EXPECT_EQ(p.find(".."), std::string::npos);
    }
  }
}

TEST(HostileArchive, TotalSizeLimit) {
  std::string tar;
  for (int i = 0; i < 4; ++i)
    tar +=
        RawEntry("resources/pods/cluster/p" + std::to_string(i) + ".json", std::string(600, 'x'));
  ReaderLimits limits;
  limits.max_total_bytes = 2000;
  Outcome out = ReadAll(Gzip(tar + EndOfArchive()), limits);
  EXPECT_EQ(out.status.code(), Code::kInvalidArgument) << out.status.ToString();
  EXPECT_NE(out.status.message().find("more than 2000 bytes"), std::string::npos);
  EXPECT_EQ(out.paths.size(), 3u);
}

TEST(HostileArchive, HugeBase256SizeIsALimitErrorNotAnOverflow) {
  std::string h = RawHeader("resources/pods/cluster/p.json", '0', 0);
  // GNU base-256 size 2^63 - 1: marker byte, three zero bytes, 0x7f, seven 0xff bytes.
  h[124] = static_cast<char>(0x80);
  std::fill(h.begin() + 125, h.begin() + 128, '\0');
  h[128] = 0x7f;
  std::fill(h.begin() + 129, h.begin() + 136, '\xff');
  std::fill(h.begin() + 148, h.begin() + 156, ' ');
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(&h[148], 8, "%06o", sum);
  h[155] = ' ';
  std::string tar =
      RawEntry("resources/pods/cluster/a.json", std::string(100, 'x')) + h + EndOfArchive();
  Outcome out = ReadAll(Gzip(tar));
  EXPECT_EQ(out.status.code(), Code::kInvalidArgument) << out.status.ToString();
  EXPECT_NE(out.status.message().find("more than"), std::string::npos) << out.status.ToString();
}

TEST(HostileArchive, NonJsonContentIsTheCallersBusiness) {
  // The container is fine; the engines report a per-item error for the content.
  Outcome out =
      ReadAll(Gzip(RawEntry("resources/pods/cluster/p.json", "not json") + EndOfArchive()));
  EXPECT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.paths, std::vector<std::string>{"resources/pods/cluster/p.json"});
}

TEST(HostileArchive, DirectoriesAreSkippedButStillValidated) {
  Outcome ok = ReadAll(Gzip(RawHeader("resources/", '5', 0) +
                            Item("resources/pods/cluster/p.json") + EndOfArchive()));
  EXPECT_TRUE(ok.status.ok()) << ok.status.ToString();
  EXPECT_EQ(ok.paths.size(), 1u);
  Outcome bad = ReadAll(Gzip(RawHeader("../x/", '5', 0) + EndOfArchive()));
  EXPECT_EQ(bad.status.code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace ark::archive
