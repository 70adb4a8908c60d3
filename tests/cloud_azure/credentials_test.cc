#include "cloud/azure/credentials.h"

#include <gtest/gtest.h>

#include <map>

#include "cloud/azure/shared_key.h"
#include "support/provider_env.h"

namespace ark::cloud::azure {
namespace {

using ark::testing::ProviderEnvOf;

const std::map<std::string, std::string> kAll = {
    {"AZURE_SUBSCRIPTION_ID", "sub"},
    {"AZURE_TENANT_ID", "tenant"},
    {"AZURE_RESOURCE_GROUP", "rg"},
    {"AZURE_CLIENT_ID", "client"},
    {"AZURE_CLIENT_SECRET", "s3cr3t-value"},
    {"AZURE_STORAGE_ACCOUNT_ID", "acct"},
    {"AZURE_STORAGE_KEY", "c2VjcmV0IGtleSBieXRlcw=="},
};
const std::vector<std::string> kSeven = {
    "AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID",          "AZURE_RESOURCE_GROUP", "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",   "AZURE_STORAGE_ACCOUNT_ID", "AZURE_STORAGE_KEY"};

TEST(Credentials, AllSevenAreRead) {
  auto c = LoadCredentials(ProviderEnvOf(kAll), kSeven);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->subscription_id, "sub");
  EXPECT_EQ(c->tenant_id, "tenant");
  EXPECT_EQ(c->resource_group, "rg");
  EXPECT_EQ(c->client_id, "client");
  EXPECT_EQ(c->client_secret, "s3cr3t-value");
  EXPECT_EQ(c->storage_account_id, "acct");
}

TEST(Credentials, EachMissingVariableIsNamed) {
  for (const auto& name : kSeven) {
    SCOPED_TRACE(name);
    auto vars = kAll;
    vars.erase(name);
    auto c = LoadCredentials(ProviderEnvOf(vars), kSeven);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
    EXPECT_NE(c.status().message().find(name + " is not set"), std::string::npos)
        << c.status().ToString();
    EXPECT_EQ(c.status().ToString().find("s3cr3t-value"), std::string::npos);
    // An empty value counts as missing.
    vars[name] = "";
    EXPECT_FALSE(LoadCredentials(ProviderEnvOf(vars), kSeven).ok());
  }
  auto none = LoadCredentials(ProviderEnvOf({}), {"AZURE_STORAGE_ACCOUNT_ID", "AZURE_STORAGE_KEY"});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("AZURE_STORAGE_ACCOUNT_ID, AZURE_STORAGE_KEY are not set"),
            std::string::npos)
      << none.status().ToString();
}

TEST(Credentials, StorageKeyIsDecodedAndABadOneNamedNotShown) {
  auto a = LoadStorageAccount(ProviderEnvOf(kAll));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->name, "acct");
  EXPECT_EQ(a->key, "secret key bytes");
  auto vars = kAll;
  vars["AZURE_STORAGE_KEY"] = "not*base64!";
  a = LoadStorageAccount(ProviderEnvOf(vars));
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("AZURE_STORAGE_KEY"), std::string::npos);
  EXPECT_EQ(a.status().message().find("not*base64!"), std::string::npos);
}

TEST(Credentials, BlobEndpointPrecedence) {
  auto env = ProviderEnvOf({{"AZURE_STORAGE_ENDPOINT", "http://127.0.0.1:1/devstoreaccount1/"}});
  EXPECT_EQ(
      BlobEndpoint({{"storageEndpoint", "https://acct.blob.core.usgovcloudapi.net/"}}, env, "acct"),
      "https://acct.blob.core.usgovcloudapi.net");
  EXPECT_EQ(BlobEndpoint({}, env, "acct"), "http://127.0.0.1:1/devstoreaccount1");
  EXPECT_EQ(BlobEndpoint({}, ProviderEnvOf({}), "acct"), "https://acct.blob.core.windows.net");
}

}  // namespace
}  // namespace ark::cloud::azure
