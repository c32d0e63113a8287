#pragma once
// One environment brought up through its launcher, looked at from inside (vcb-isolation's record)
// and from outside (the engine's inspect, the QEMU process), timed, snapshotted and torn down.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "launcher.h"

namespace vcb {

struct EnvironmentFacts {
  std::string name;
  std::string unavailable;            // why it could not be looked at (probe detail and fix), "" if it was
  nlohmann::json described;           // the launcher's describe()
  double start_s = 0;                 // the launcher's start()
  nlohmann::json inside;              // vcb-isolation's record (context, detail); null when it failed
  std::string inside_error;
  std::vector<double> fresh_s;        // fresh launches timed here (when no startup run exists)
  nlohmann::json outside = nlohmann::json::object();   // what the host sees of it
  nlohmann::json snapshot = nlohmann::json::object();  // {"seconds", "how"} or {"reason"}
};

EnvironmentFacts gather_facts(const std::string& env, const LaunchContext& context, int fresh_launches);

// QEMU's own confinement and device model as its command line gives them: {"sandbox", "machine", "devices"}.
nlohmann::json qemu_model(const std::string& command);

// Why an environment kind has no snapshot to time ("" for docker and podman: a container commit).
std::string snapshot_reason(const std::string& kind);

}  // namespace vcb
