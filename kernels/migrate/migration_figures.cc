#include "migration_figures.h"

#include <cstdio>
#include <cstdlib>

namespace vcb::migrate {
namespace {

double number(const nlohmann::json& object, const char* key, double scale = 1) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number()) return -1;
  return object[key].get<double>() * scale;
}

nlohmann::json or_null(double v) { return v < 0 ? nlohmann::json(nullptr) : nlohmann::json(v); }

}  // namespace

MigrationFigures parse_query_migrate(const nlohmann::json& answer) {
  MigrationFigures f;
  f.raw = answer;
  if (!answer.is_object()) return f;
  f.status = answer.value("status", std::string());
  f.error_desc = answer.value("error-desc", std::string());
  f.total_time_ms = number(answer, "total-time");
  f.downtime_ms = number(answer, "downtime");
  f.setup_time_ms = number(answer, "setup-time");
  f.expected_downtime_ms = number(answer, "expected-downtime");
  const auto ram = answer.value("ram", nlohmann::json::object());
  f.transferred_mb = number(ram, "transferred", 1e-6);
  f.remaining_mb = number(ram, "remaining", 1e-6);
  f.total_mb = number(ram, "total", 1e-6);
  f.dirty_pages_rate = number(ram, "dirty-pages-rate");
  f.mbps = number(ram, "mbps");
  f.rounds = static_cast<long>(number(ram, "dirty-sync-count"));
  f.postcopy_requests = static_cast<long>(number(ram, "postcopy-requests"));
  f.postcopy_mb = number(ram, "postcopy-bytes", 1e-6);
  return f;
}

bool is_final(const std::string& status) {
  return status == "completed" || status == "failed" || status == "cancelled";
}

bool runs_on_destination(const std::string& status) {
  return status == "completed" || status.rfind("postcopy-", 0) == 0;
}

nlohmann::json capabilities_arguments(bool postcopy, bool destination) {
  nlohmann::json caps = nlohmann::json::array();
  caps.push_back({{"capability", "postcopy-ram"}, {"state", postcopy}});
  // How long the destination's vCPUs waited for faulted pages: postcopy's own cost to the guest.
  if (postcopy && destination) caps.push_back({{"capability", "postcopy-blocktime"}, {"state", true}});
  return {{"capabilities", caps}};
}

nlohmann::json parameters_arguments(long max_bandwidth_mb_s, long downtime_limit_ms) {
  const long long bytes = max_bandwidth_mb_s > 0 ? max_bandwidth_mb_s * 1000000LL : unlimited_bandwidth_bytes;
  return {{"max-bandwidth", bytes}, {"downtime-limit", downtime_limit_ms}};
}

nlohmann::json failure_figures(const MigrationFigures& f) {
  return {{"status", f.status.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.status)},
          {"error_desc", f.error_desc.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.error_desc)},
          {"remaining_mb", or_null(f.remaining_mb)}, {"total_mb", or_null(f.total_mb)},
          {"transferred_mb", or_null(f.transferred_mb)}, {"dirty_pages_rate", or_null(f.dirty_pages_rate)},
          {"expected_downtime_ms", or_null(f.expected_downtime_ms)}, {"mbps", or_null(f.mbps)},
          {"rounds", f.rounds < 0 ? nlohmann::json(nullptr) : nlohmann::json(f.rounds)}};
}

}  // namespace vcb::migrate

namespace vcb::migrate {

bool parse_xp_word(const std::string& text, unsigned long long& value) {
  const auto colon = text.find(": 0x");
  if (colon == std::string::npos) return false;
  char* end = nullptr;
  value = std::strtoull(text.c_str() + colon + 4, &end, 16);
  return end != text.c_str() + colon + 4;
}

std::string xp_command(unsigned long long address) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "xp /1gx 0x%llx", address);
  return buf;
}

}  // namespace vcb::migrate
