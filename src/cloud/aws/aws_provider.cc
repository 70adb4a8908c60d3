#include "cloud/aws/aws_provider.h"

#include "cloud/aws/ebs_block_store.h"
#include "cloud/aws/s3_object_store.h"
#include "cloud/http_options.h"

namespace ark::cloud::aws {

Result<std::unique_ptr<http::Client>> NewAwsHttpClient(const http::TlsOptions& tls) {
  http::ClientOptions options = CloudClientOptions("ark (aws)");
  options.tls = tls;
  return http::NewCurlClient(options);
}

Result<std::unique_ptr<ObjectStore>> NewS3ObjectStore(const ProviderConfig& config,
                                                      const ProviderEnv& env) {
  ARK_ASSIGN_OR_RETURN(S3Options options, S3OptionsFromConfig(config, env));
  ARK_ASSIGN_OR_RETURN(Credentials credentials, ResolveCredentials(config, env));
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<http::Client> client, NewAwsHttpClient(options.tls));
  return std::unique_ptr<ObjectStore>(std::make_unique<S3ObjectStore>(
      std::move(options), std::shared_ptr<http::Client>(std::move(client)), std::move(credentials),
      *env.clock));
}

Result<std::unique_ptr<BlockStore>> NewEbsBlockStore(const ProviderConfig& config,
                                                     const ProviderEnv& env) {
  ARK_ASSIGN_OR_RETURN(Ec2Options options, Ec2OptionsFromConfig(config, env));
  ARK_ASSIGN_OR_RETURN(Credentials credentials, ResolveCredentials(config, env));
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<http::Client> client, NewAwsHttpClient(options.tls));
  return std::unique_ptr<BlockStore>(std::make_unique<EbsBlockStore>(
      std::move(options), std::shared_ptr<http::Client>(std::move(client)), std::move(credentials),
      *env.clock));
}

}  // namespace ark::cloud::aws
