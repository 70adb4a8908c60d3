#include "server/server_config.h"

#include "api/config.h"

namespace ark::server {

using std::chrono::duration_cast;
using std::chrono::seconds;

Result<ServerConfig> ParseServerConfig(const nlohmann::json& config) {
  ARK_ASSIGN_OR_RETURN(api::ServerConfig parsed, api::ParseServerConfig(config));
  ServerConfig c;
  c.storage = {parsed.backup_storage_provider.name, parsed.backup_storage_provider.config};
  c.bucket = parsed.bucket;
  c.prefix = parsed.prefix;
  if (parsed.persistent_volume_provider) {
    c.volumes = ProviderSettings{parsed.persistent_volume_provider->name,
                                 parsed.persistent_volume_provider->config};
  }
  c.backup_sync_period = duration_cast<seconds>(parsed.backup_sync_period);
  c.gc_sync_period = duration_cast<seconds>(parsed.gc_sync_period);
  c.schedule_sync_period = duration_cast<seconds>(parsed.schedule_sync_period);
  c.resource_priorities = std::move(parsed.resource_priorities);
  c.restore_only = parsed.restore_only_mode;
  c.encryption = std::move(parsed.encryption);
  c.notes = std::move(parsed.notes);
  return c;
}

}  // namespace ark::server
