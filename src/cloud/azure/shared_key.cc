#include "cloud/azure/shared_key.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "util/ascii.h"
#include "util/percent_encode.h"
#include "util/time_format.h"

namespace ark::cloud::azure {
namespace {

// Splits an absolute URL into its path ("/" when empty) and raw query.
void SplitUrl(const std::string& url, std::string* path, std::string* query) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t slash = url.find('/', start);
  size_t q = url.find('?', start);
  if (slash == std::string::npos || (q != std::string::npos && q < slash)) {
    *path = "/";
  } else {
    *path = url.substr(slash, q == std::string::npos ? std::string::npos : q - slash);
  }
  *query = q == std::string::npos ? "" : url.substr(q + 1);
}

}  // namespace

Result<std::string> Base64Decode(std::string_view text) {
  std::string t = TrimAsciiSpace(text);
  if (t.empty() || t.size() % 4 != 0) return InvalidArgument("not valid base64 (length)");
  std::optional<std::string> out = ark::Base64Decode(t);
  if (!out) return InvalidArgument("not valid base64");
  return *std::move(out);
}

std::string SharedKeyStringToSign(const http::Request& request, const std::string& account) {
  auto header = [&](const char* name) {
    return TrimAsciiSpace(request.headers.Get(name).value_or(""));
  };
  std::string length = header("Content-Length");
  if (length.empty()) {
    int64_t size =
        request.body_source ? request.body_size : static_cast<int64_t>(request.body.size());
    if (size > 0) length = std::to_string(size);
  }
  if (length == "0") length.clear();
  std::string s = request.method + "\n";
  s += header("Content-Encoding") + "\n";
  s += header("Content-Language") + "\n";
  s += length + "\n";
  s += header("Content-MD5") + "\n";
  s += header("Content-Type") + "\n";
  s += header("Date") + "\n";
  s += header("If-Modified-Since") + "\n";
  s += header("If-Match") + "\n";
  s += header("If-None-Match") + "\n";
  s += header("If-Unmodified-Since") + "\n";
  s += header("Range") + "\n";

  std::map<std::string, std::string> ms;
  for (const auto& [k, v] : request.headers.items()) {
    std::string name = AsciiLower(k);
    if (name.rfind("x-ms-", 0) == 0) ms[name] = TrimAsciiSpace(v);
  }
  for (const auto& [k, v] : ms) s += k + ":" + v + "\n";

  std::string path, query;
  SplitUrl(request.url, &path, &query);
  s += "/" + account + path;
  std::map<std::string, std::vector<std::string>> params;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    std::string_view part(query.data() + pos, amp - pos);
    size_t eq = part.find('=');
    std::string name = AsciiLower(PercentDecode(part.substr(0, eq), /*plus_is_space=*/true));
    std::string value = eq == std::string_view::npos
                            ? ""
                            : PercentDecode(part.substr(eq + 1), /*plus_is_space=*/true);
    if (!name.empty()) params[name].push_back(value);
    pos = amp + 1;
  }
  for (auto& [k, values] : params) {
    std::sort(values.begin(), values.end());
    s += "\n" + k + ":";
    for (size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + values[i];
  }
  return s;
}

void SignSharedKey(http::Request& request, const StorageAccount& account) {
  std::string sig =
      Base64Encode(HmacSha256(account.key, SharedKeyStringToSign(request, account.name)));
  request.headers.Set("Authorization", "SharedKey " + account.name + ":" + sig);
}

std::string BlobReadSas(const StorageAccount& account, const std::string& blob_path,
                        Clock::TimePoint expiry) {
  std::string se = FormatRfc3339(std::chrono::time_point_cast<std::chrono::seconds>(expiry));
  // sp, st, se, canonicalized resource, si, sip, spr, sv, sr, snapshot time, rscc, rscd,
  // rsce, rscl, rsct (service SAS, versions 2018-11-09 to 2020-10-02).
  std::string to_sign = std::string("r\n") + "\n" + se + "\n" + "/blob/" + account.name + "/" +
                        blob_path + "\n" + "\n" + "\n" + "\n" + kSasVersion + "\n" + "b\n" + "\n" +
                        "\n" + "\n" + "\n" + "\n";
  std::string sig = Base64Encode(HmacSha256(account.key, to_sign));
  return std::string("sv=") + kSasVersion + "&sr=b&sp=r&se=" + PercentEncode(se, false) +
         "&sig=" + PercentEncode(sig, false);
}

}  // namespace ark::cloud::azure
