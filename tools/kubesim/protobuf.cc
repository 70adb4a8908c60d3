#include "kubesim/protobuf.h"

#include <cstdint>
#include <functional>

#include "util/base64.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

// A read cursor over protobuf wire format.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }

  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64 && pos_ < data_.size(); shift += 7) {
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  // Reads the next field: number, wire type, and for length-delimited fields the bytes.
  bool Field(int* number, int* wire, std::string_view* bytes, uint64_t* value) {
    uint64_t tag;
    if (!Varint(&tag)) return false;
    *number = static_cast<int>(tag >> 3);
    *wire = static_cast<int>(tag & 7);
    switch (*wire) {
      case 0:
        return Varint(value);
      case 1:
        if (pos_ + 8 > data_.size()) return false;
        pos_ += 8;
        return true;
      case 2: {
        uint64_t len;
        if (!Varint(&len) || pos_ + len > data_.size()) return false;
        *bytes = data_.substr(pos_, len);
        pos_ += len;
        return true;
      }
      case 5:
        if (pos_ + 4 > data_.size()) return false;
        pos_ += 4;
        return true;
      default:
        return false;
    }
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Calls fn for each field of a message; false on malformed input.
bool ForEachField(std::string_view msg,
                  const std::function<bool(int, int, std::string_view, uint64_t)>& fn) {
  Reader r(msg);
  while (!r.done()) {
    int number, wire;
    std::string_view bytes;
    uint64_t value = 0;
    if (!r.Field(&number, &wire, &bytes, &value)) return false;
    if (!fn(number, wire, bytes, value)) return false;
  }
  return true;
}

bool MapEntry(std::string_view entry, std::string* key, std::string* value) {
  return ForEachField(entry, [&](int n, int w, std::string_view b, uint64_t) {
    if (w == 2 && n == 1) *key = std::string(b);
    if (w == 2 && n == 2) *value = std::string(b);
    return true;
  });
}

bool ObjectMeta(std::string_view msg, json* meta) {
  return ForEachField(msg, [&](int n, int w, std::string_view b, uint64_t) {
    if (w != 2) return true;
    std::string key, value;
    switch (n) {
      case 1:
        (*meta)["name"] = std::string(b);
        break;
      case 2:
        (*meta)["generateName"] = std::string(b);
        break;
      case 3:
        (*meta)["namespace"] = std::string(b);
        break;
      case 11:
      case 12:
        if (!MapEntry(b, &key, &value)) return false;
        (*meta)[n == 11 ? "labels" : "annotations"][key] = value;
        break;
      case 14:
        (*meta)["finalizers"].push_back(std::string(b));
        break;
      default:
        break;
    }
    return true;
  });
}

}  // namespace

std::optional<json> DecodeKubeProtobuf(const std::string& body, std::string* error) {
  static const std::string kMagic("k8s\0", 4);
  if (body.compare(0, 4, kMagic) != 0) {
    *error = "protobuf body without the k8s magic prefix";
    return std::nullopt;
  }
  std::string api_version, kind;
  std::string_view raw;
  bool ok = ForEachField(
      std::string_view(body).substr(4), [&](int n, int w, std::string_view b, uint64_t) {
        if (n == 1 && w == 2) {
          return ForEachField(b, [&](int tn, int tw, std::string_view tb, uint64_t) {
            if (tw == 2 && tn == 1) api_version = std::string(tb);
            if (tw == 2 && tn == 2) kind = std::string(tb);
            return true;
          });
        }
        if (n == 2 && w == 2) raw = b;
        return true;
      });
  if (!ok) {
    *error = "malformed protobuf body";
    return std::nullopt;
  }
  if (api_version != "v1" || (kind != "ConfigMap" && kind != "Namespace" && kind != "Secret" &&
                              kind != "ServiceAccount")) {
    *error =
        "protobuf bodies are only understood for v1 ConfigMap, Namespace, Secret and "
        "ServiceAccount, not " +
        api_version + " " + kind;
    return std::nullopt;
  }
  json obj = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", json::object()}};
  ok = ForEachField(raw, [&](int n, int w, std::string_view b, uint64_t v) {
    if (n == 1 && w == 2) return ObjectMeta(b, &obj["metadata"]);
    std::string key, value;
    if (kind == "ConfigMap") {
      if ((n == 2 || n == 3) && w == 2) {
        if (!MapEntry(b, &key, &value)) return false;
        if (n == 2)
          obj["data"][key] = value;
        else
          obj["binaryData"][key] = Base64Encode(value);
      }
      if (n == 4 && w == 0) obj["immutable"] = v != 0;
    } else if (kind == "Secret") {
      if ((n == 2 || n == 4) && w == 2) {
        if (!MapEntry(b, &key, &value)) return false;
        if (n == 2)
          obj["data"][key] = Base64Encode(value);
        else
          obj["stringData"][key] = value;
      }
      if (n == 3 && w == 2) obj["type"] = std::string(b);
      if (n == 5 && w == 0) obj["immutable"] = v != 0;
    } else if (kind == "ServiceAccount") {
      if (n == 4 && w == 0) obj["automountServiceAccountToken"] = v != 0;
    }
    return true;
  });
  if (!ok) {
    *error = "malformed protobuf " + kind;
    return std::nullopt;
  }
  if (obj.contains("stringData")) {
    // The real server folds stringData into data.
    for (auto it = obj["stringData"].begin(); it != obj["stringData"].end(); ++it) {
      obj["data"][it.key()] = Base64Encode(it.value().get<std::string>());
    }
    obj.erase("stringData");
  }
  return obj;
}

}  // namespace ark::kubesim
