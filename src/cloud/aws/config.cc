#include "cloud/aws/config.h"

#include <openssl/evp.h>

#include <cctype>

#include "cloud/aws/uri.h"
#include "cloud/provider_config.h"

namespace ark::cloud::aws {
namespace {

std::string Env(const ProviderEnv& env, std::string_view name) {
  if (!env.getenv) return "";
  return env.getenv(name).value_or("");
}

// An absent or empty value is false, as Ark read these keys.
Result<bool> Bool(const ProviderConfig& config, const std::string& key) {
  if (ConfigValue(config, key).empty()) return false;
  auto value = ConfigBool(config, key, false);
  if (!value.ok()) return InvalidArgument("aws config: " + value.status().message());
  return value;
}

Result<std::string> Region(const ProviderConfig& config, const ProviderEnv& env) {
  std::string region = ConfigValue(config, "region");
  if (region.empty()) region = Env(env, "AWS_REGION");
  if (region.empty()) region = Env(env, "AWS_DEFAULT_REGION");
  if (region.empty()) {
    return InvalidArgument("aws config: region is required (Config key region, or AWS_REGION)");
  }
  for (char c : region) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return InvalidArgument("aws config: region \"" + region + "\" is not a region name");
    }
  }
  return region;
}

std::string AwsDomain(const std::string& region) {
  return region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
}

Result<std::string> Endpoint(const std::string& value, const std::string& source) {
  std::string url = value;
  while (!url.empty() && url.back() == '/') url.pop_back();
  auto parts = ParseUrl(url);
  if (!parts.ok()) {
    return InvalidArgument(source + ": " + parts.status().message());
  }
  if (parts->path != "/" || !parts->query.empty()) {
    return InvalidArgument(source + " must be a scheme://host[:port] URL without a path, got \"" +
                           url + "\"");
  }
  return url;
}

std::string DecodeBase64Pem(const std::string& text) {
  std::string out(text.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n <= 0) return "";
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out.rfind("-----BEGIN", 0) == 0 ? out : "";
}

Result<http::TlsOptions> Tls(const ProviderConfig& config) {
  http::TlsOptions tls;
  std::string ca = ConfigValue(config, "caCert");
  if (!ca.empty()) {
    if (ca.find("-----BEGIN") != std::string::npos) {
      tls.ca_data = ca;
    } else if (std::string pem = DecodeBase64Pem(ca); !pem.empty()) {
      tls.ca_data = pem;
    } else {
      tls.ca_file = ca;
    }
  }
  ARK_ASSIGN_OR_RETURN(tls.insecure_skip_verify, Bool(config, "insecureSkipTLSVerify"));
  return tls;
}

}  // namespace

Result<S3Options> S3OptionsFromConfig(const ProviderConfig& config, const ProviderEnv& env) {
  S3Options options;
  ARK_ASSIGN_OR_RETURN(options.region, Region(config, env));
  ARK_ASSIGN_OR_RETURN(options.force_path_style, Bool(config, "s3ForcePathStyle"));
  options.kms_key_id = ConfigValue(config, "kmsKeyId");
  ARK_ASSIGN_OR_RETURN(options.tls, Tls(config));
  std::string source;
  std::string url;
  for (const auto& [value, from] :
       {std::pair{ConfigValue(config, "s3Url"), std::string("aws config: s3Url")},
        std::pair{Env(env, "AWS_ENDPOINT_URL_S3"), std::string("AWS_ENDPOINT_URL_S3")},
        std::pair{Env(env, "AWS_ENDPOINT_URL"), std::string("AWS_ENDPOINT_URL")}}) {
    if (!value.empty()) {
      url = value;
      source = from;
      break;
    }
  }
  if (std::string pub = ConfigValue(config, "publicUrl"); !pub.empty()) {
    ARK_ASSIGN_OR_RETURN(options.public_endpoint, Endpoint(pub, "aws config: publicUrl"));
  }
  if (url.empty()) {
    options.endpoint = "https://s3." + options.region + "." + AwsDomain(options.region);
  } else {
    ARK_ASSIGN_OR_RETURN(options.endpoint, Endpoint(url, source));
    options.custom_endpoint = true;
  }
  return options;
}

Result<Ec2Options> Ec2OptionsFromConfig(const ProviderConfig& config, const ProviderEnv& env) {
  Ec2Options options;
  ARK_ASSIGN_OR_RETURN(options.region, Region(config, env));
  options.default_availability_zone = ConfigValue(config, "availabilityZone");
  ARK_ASSIGN_OR_RETURN(options.tls, Tls(config));
  if (std::string url = Env(env, "AWS_ENDPOINT_URL_EC2"); !url.empty()) {
    ARK_ASSIGN_OR_RETURN(options.endpoint, Endpoint(url, "AWS_ENDPOINT_URL_EC2"));
  } else if (std::string url = Env(env, "AWS_ENDPOINT_URL"); !url.empty()) {
    ARK_ASSIGN_OR_RETURN(options.endpoint, Endpoint(url, "AWS_ENDPOINT_URL"));
  } else {
    options.endpoint = "https://ec2." + options.region + "." + AwsDomain(options.region);
  }
  return options;
}

}  // namespace ark::cloud::aws
