#include "cloud/aws/ec2_client.h"

#include "cloud/aws/uri.h"

namespace ark::cloud::aws {

Ec2Client::Ec2Client(std::string endpoint, SignedTransport transport)
    : endpoint_(std::move(endpoint)), transport_(std::move(transport)) {}

Result<XmlElement> Ec2Client::Call(const std::string& action, const std::string& what,
                                   const QueryParams& params, bool idempotent) const {
  QueryParams all = {{"Action", action}, {"Version", kApiVersion}};
  all.insert(all.end(), params.begin(), params.end());
  const std::string body = EncodeQuery(all);
  AwsRequest req;
  req.method = "POST";
  req.timeout = std::chrono::minutes(2);
  req.url = endpoint_ + "/";
  req.body = body;
  req.headers.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  const std::string op = "ec2 " + action + (what.empty() ? "" : " " + what);
  ARK_ASSIGN_OR_RETURN(http::Response resp,
                       transport_.Call(op, req, CallOptions{.idempotent = idempotent}));
  return ParseXml(resp.body, op + " response");
}

}  // namespace ark::cloud::aws
