#include "cloud/aws/crypto.h"

#include <openssl/evp.h>

#include "util/base64.h"

namespace ark::cloud::aws {

std::string Md5Base64(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

}  // namespace ark::cloud::aws
