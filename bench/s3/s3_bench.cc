// One S3 transfer with the aws provider's S3ObjectStore, for bench/s3/run.sh, which times the
// whole process exactly as it times `aws s3 cp`. Credentials and endpoint come from the
// environment as in production (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_S3).
//
//   s3_bench upload FILE BUCKET KEY       [PART_MIB] [CONCURRENCY]
//   s3_bench download BUCKET KEY OUT_FILE
//
// Prints "<phase> <bytes> bytes <seconds> s <MiB/s> MiB/s" (time inside the process).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cloud/aws/aws_provider.h"
#include "cloud/aws/config.h"
#include "cloud/aws/credentials.h"
#include "cloud/aws/s3_object_store.h"

namespace {

ark::cloud::ProviderEnv Env() {
  ark::cloud::ProviderEnv env;
  env.getenv = [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
  return env;
}

int Fail(const std::string& what, const ark::Status& status) {
  std::fprintf(stderr, "s3_bench: %s: %s\n", what.c_str(), status.ToString().c_str());
  return 1;
}

void Report(const char* phase, int64_t bytes, std::chrono::steady_clock::duration took) {
  double seconds = std::chrono::duration<double>(took).count();
  std::printf("%s %lld bytes %.3f s %.1f MiB/s\n", phase, static_cast<long long>(bytes), seconds,
              bytes / seconds / (1024.0 * 1024.0));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (argc < 5 || (mode != "upload" && mode != "download")) {
    std::fprintf(stderr,
                 "usage: s3_bench upload FILE BUCKET KEY [PART_MIB] [CONCURRENCY]\n"
                 "       s3_bench download BUCKET KEY OUT_FILE\n");
    return 2;
  }
  ark::cloud::ProviderEnv env = Env();
  ark::cloud::ProviderConfig config = {{"region", "us-east-1"}, {"s3ForcePathStyle", "true"}};
  auto options = ark::cloud::aws::S3OptionsFromConfig(config, env);
  if (!options.ok()) return Fail("config", options.status());
  if (mode == "upload" && argc > 5) options->part_size = std::atoll(argv[5]) << 20;
  if (mode == "upload" && argc > 6) options->part_concurrency = std::atoi(argv[6]);
  auto credentials = ark::cloud::aws::ResolveCredentials(config, env);
  if (!credentials.ok()) return Fail("credentials", credentials.status());
  auto client = ark::cloud::aws::NewAwsHttpClient(options->tls);
  if (!client.ok()) return Fail("client", client.status());
  ark::cloud::aws::S3ObjectStore store(*options,
                                       std::shared_ptr<ark::http::Client>(std::move(*client)),
                                       *credentials, ark::SystemClock());

  if (mode == "upload") {
    const std::string file = argv[2], bucket = argv[3], key = argv[4];
    const int64_t size = static_cast<int64_t>(std::filesystem::file_size(file));
    auto source = ark::OpenFileSource(file);
    if (!source.ok()) return Fail("open " + file, source.status());
    auto start = std::chrono::steady_clock::now();
    ark::Status put = store.PutObject(bucket, key, **source, size);
    if (!put.ok()) return Fail("upload", put);
    Report("upload", size, std::chrono::steady_clock::now() - start);
    return 0;
  }
  const std::string bucket = argv[2], key = argv[3], out = argv[4];
  auto sink = ark::OpenFileSink(out);
  if (!sink.ok()) return Fail("create " + out, sink.status());
  auto start = std::chrono::steady_clock::now();
  ark::Status got = store.GetObject(bucket, key, **sink);
  if (!got.ok()) return Fail("download", got);
  ark::Status closed = (*sink)->Close();
  if (!closed.ok()) return Fail("close " + out, closed);
  Report("download", static_cast<int64_t>(std::filesystem::file_size(out)),
         std::chrono::steady_clock::now() - start);
  return 0;
}
