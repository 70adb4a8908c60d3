#pragma once

// Builders for hand-made tar and gzip bytes, written independently of src/archive so the
// reader is tested against an implementation it does not share code with.

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace ark::archive::testing {

// One ustar header block. `magic` "ustar\0" + "00" unless `gnu` ("ustar  \0").
inline std::string RawHeader(const std::string& name, char typeflag, size_t size,
                             const std::string& linkname = "", const std::string& prefix = "",
                             bool gnu = false) {
  std::string b(512, '\0');
  std::memcpy(&b[0], name.data(), std::min<size_t>(name.size(), 100));
  std::snprintf(&b[100], 8, "%07o", 0644);
  std::snprintf(&b[108], 8, "%07o", 0);
  std::snprintf(&b[116], 8, "%07o", 0);
  std::snprintf(&b[124], 12, "%011zo", size);
  std::snprintf(&b[136], 12, "%011o", 1700000000);
  b[156] = typeflag;
  std::memcpy(&b[157], linkname.data(), std::min<size_t>(linkname.size(), 100));
  if (gnu) {
    std::memcpy(&b[257], "ustar  \0", 8);
  } else {
    std::memcpy(&b[257],
                "ustar\0"
                "00",
                8);
    std::memcpy(&b[345], prefix.data(), std::min<size_t>(prefix.size(), 155));
  }
  std::memset(&b[148], ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : b) sum += c;
  std::snprintf(&b[148], 8, "%06o", sum);
  b[155] = ' ';
  return b;
}

inline std::string Pad(const std::string& data) {
  return data + std::string((512 - data.size() % 512) % 512, '\0');
}

// A header followed by its padded data.
inline std::string RawEntry(const std::string& name, const std::string& data, char typeflag = '0') {
  return RawHeader(name, typeflag, data.size()) + Pad(data);
}

inline std::string EndOfArchive() { return std::string(1024, '\0'); }

inline std::string PaxRecord(const std::string& key, const std::string& value) {
  size_t body = key.size() + value.size() + 3;
  size_t total = body + 1;
  while (std::to_string(total).size() + body != total) total = std::to_string(total).size() + body;
  return std::to_string(total) + " " + key + "=" + value + "\n";
}

// One gzip member of `data` at `level`.
inline std::string Gzip(const std::string& data, int level = 6) {
  z_stream zs{};
  deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// gunzip of a whole (possibly multi-member) gzip stream; "" on error.
inline std::string Gunzip(const std::string& gz) {
  std::string out;
  size_t pos = 0;
  while (pos < gz.size()) {
    z_stream zs{};
    inflateInit2(&zs, 16 + MAX_WBITS);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + pos));
    zs.avail_in = static_cast<uInt>(gz.size() - pos);
    char buf[65536];
    int rc;
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof(buf);
      rc = inflate(&zs, Z_NO_FLUSH);
      out.append(buf, sizeof(buf) - zs.avail_out);
    } while (rc == Z_OK);
    pos += zs.total_in;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return "";
  }
  return out;
}

}  // namespace ark::archive::testing
