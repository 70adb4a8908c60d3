#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cloud/aws/signed_transport.h"
#include "cloud/aws/xml.h"

namespace ark::cloud::aws {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The EC2 Query API (POST form bodies, Version 2016-11-15, SigV4 with the body's SHA-256).
// Thread-safe.
class Ec2Client {
 public:
  static constexpr const char* kApiVersion = "2016-11-15";

  Ec2Client(std::string endpoint, SignedTransport transport);

  // Calls `action` with `params`; returns the response document. Errors as errors.h maps
  // them ("ec2 DescribeVolumes vol-1: The volume 'vol-1' does not exist.
  // (InvalidVolume.NotFound, HTTP 400)" -> NotFound). `what` names the object in errors.
  Result<XmlElement> Call(const std::string& action, const std::string& what,
                          const QueryParams& params, bool idempotent = true) const;

 private:
  const std::string endpoint_;
  const SignedTransport transport_;
};

}  // namespace ark::cloud::aws
