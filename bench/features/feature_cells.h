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

}  // namespace vcb
