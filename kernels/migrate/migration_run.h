#pragma once
// One live migration, end to end: boot a source guest from the appliance's initramfs, start the
// dirtying workload in it, start the destination QEMU (-incoming defer), set both up over QMP,
// migrate, poll query-migrate while sampling the workload's counter on the host's clock, then
// verify that the guest goes on at the destination and the source stopped. Both QEMUs (and the
// namespaces of tcp-netns) are gone when it returns, whatever happened.
#include <nlohmann/json.hpp>
#include <string>

#include "migrate_plan.h"
#include "migration_figures.h"

namespace vcb::migrate {

struct MigrationOutcome {
  bool ok = false;           // migrated, and every check held
  std::string failure;       // why not, in QEMU's own words where it gave them
  MigrationFigures figures;  // the source's last query-migrate
  double workload_pause_ms = -1;
  double wall_s = 0;         // host seconds from `migrate` to the end
  nlohmann::json detail = nlohmann::json::object();  // checks, timeline, destination figures
};

MigrationOutcome migrate_once(const MigrateOptions& o, const HostFacts& host, const std::string& initrd,
                              const std::string& dir);

}  // namespace vcb::migrate
