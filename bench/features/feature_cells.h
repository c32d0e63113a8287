#pragma once
// From what was gathered to the table's cells. Every cell is {"value", "text"} when measured or
// probed, or {"value": null, "text": "-", "reason"} when it is empty, plus the facts it rests on.
#include <nlohmann/json.hpp>
#include <string>

#include "criu_probe.h"
#include "features/environment_facts.h"

namespace vcb {

struct FeatureSources {
  nlohmann::json host;            // the harness' own process_context(): the host's kernel and namespaces
  nlohmann::json native_inside;   // vcb-isolation's record natively (the syscall baseline); may be null
  std::string startup_run, checkpoint_run, migration_run;  // newest folders of those suites, "" if none
  CriuProbe criu;                 // criu check, for every environment kind
  CriuProbe docker_criu;          // criu as Docker would use it (experimental daemon)
};

// The startup cell of `environment` from the startup run; null when the run has no valid sample of it.
nlohmann::json startup_from_run(const FeatureSources& sources, const std::string& environment);

nlohmann::json feature_row(const EnvironmentFacts& facts, const FeatureSources& sources);

// The pieces both tables use: `vcbench features` (above, probed) and the report's (run_features.h).
namespace cells {
nlohmann::json filled(const nlohmann::json& value, const std::string& text, nlohmann::json facts = nlohmann::json::object());
nlohmann::json empty(const std::string& reason, nlohmann::json facts = nlohmann::json::object());
std::string number(double v);
int capability_count(const nlohmann::json& hex);
std::string joined(const nlohmann::json& list);
// The fresh-launch startup cell of `environment` in a report (from `source`, named `origin` in the
// text); null when it has none.
nlohmann::json startup(const nlohmann::json& report, const std::string& source, const std::string& environment,
                       const std::string& origin = "startup run");
// Dump/restore from a checkpoint run, or its failure reason; null when the run has neither for `environment`.
nlohmann::json checkpoint(const std::string& folder, const std::string& environment);
// Downtime and total time from a migration run's report, or why there are none.
nlohmann::json migration(const nlohmann::json& report, const std::string& source, const std::string& environment);
// What stands in for a measurement a kind cannot have: guest checkpoint, container migration.
extern const char* const kvm_checkpoint_reason;
extern const char* const container_migration;
}  // namespace cells

}  // namespace vcb
