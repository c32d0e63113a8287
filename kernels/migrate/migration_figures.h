#pragma once
// What QEMU says about a migration, as figures: query-migrate's answer parsed into the record's
// units, and the QMP arguments that set a migration up. Pure functions (tested without QEMU).
#include <nlohmann/json.hpp>
#include <string>

namespace vcb::migrate {

struct MigrationFigures {
  std::string status;              // QEMU's: setup, active, device, postcopy-active, completed, failed, ...
  std::string error_desc;          // QEMU's reason when status is failed
  double total_time_ms = -1;       // -1: QEMU did not report it (yet)
  double downtime_ms = -1;
  double setup_time_ms = -1;
  double expected_downtime_ms = -1;
  double transferred_mb = -1;      // ram.transferred, MB = 10^6 bytes
  double remaining_mb = -1;
  double total_mb = -1;
  double dirty_pages_rate = -1;    // pages/s
  double mbps = -1;                // QEMU's throughput estimate, Mbit/s
  long rounds = -1;                // ram.dirty-sync-count: the passes over guest memory
  long postcopy_requests = -1;     // pages the destination faulted for (postcopy)
  double postcopy_mb = -1;         // ram.postcopy-bytes, MB
  nlohmann::json raw;              // the answer as QEMU gave it
};

MigrationFigures parse_query_migrate(const nlohmann::json& answer);

// completed, failed, cancelled: nothing will change any more.
bool is_final(const std::string& status);
// The guest runs on the destination: completed, or postcopy-active/paused/recover.
bool runs_on_destination(const std::string& status);

// migrate-set-capabilities arguments: postcopy-ram (both sides), postcopy-blocktime (destination).
nlohmann::json capabilities_arguments(bool postcopy, bool destination);
// migrate-set-parameters arguments; max_bandwidth_mb_s 0 = unlimited (QEMU's own default is
// 128 MiB/s, so "unlimited" is set as a limit no link here reaches).
nlohmann::json parameters_arguments(long max_bandwidth_mb_s, long downtime_limit_ms);
inline constexpr long long unlimited_bandwidth_bytes = 1000LL * 1000 * 1000 * 1000;  // 1 TB/s

// The figures for a failure record: status, QEMU's reason, what was left and how fast it dirtied.
nlohmann::json failure_figures(const MigrationFigures& f);

}  // namespace vcb::migrate

namespace vcb::migrate {

// The 64-bit word of HMP `xp /1gx ADDR` ("0000000001234000: 0x00000000000003e8"); false when the
// text holds none.
bool parse_xp_word(const std::string& text, unsigned long long& value);
// "xp /1gx 0x<addr>"
std::string xp_command(unsigned long long address);

}  // namespace vcb::migrate
