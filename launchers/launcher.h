#pragma once
// How a command reaches an environment (DESIGN.md, "A launcher"): probe, start, exec, stop.
// One small class per environment, created by name through the registry below.
#include <nlohmann/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "common/subprocess.h"

namespace vcb {

struct Probe {
  bool ok = false;
  std::string detail;  // what was found
  std::string fix;     // the exact next step when !ok
};

struct Resources {
  std::vector<int> cpus;  // host CPUs granted to the environment (empty = all allowed)
  long memory_mb = 0;     // 0 = no limit
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  virtual Probe probe() = 0;
  // Brings the environment up; returns false with `error` set when it cannot.
  virtual bool start(const Resources& resources, std::string& error) = 0;
  virtual ProcessResult exec(const std::vector<std::string>& argv, double timeout_s) = 0;
  virtual void stop() = 0;
  // Seconds start() took (startup time is itself a result).
  virtual double startup_s() const = 0;
  // The environment part of a record: kind, profile, runtime, accel, resources, binding in effect.
  virtual nlohmann::json describe() const = 0;
  // Where kernels may create files, as seen by the kernel inside the environment.
  virtual std::string scratch_dir() const = 0;
};

struct EnvironmentInfo {
  std::string name;         // "native", later "docker", "kvm/tuned", ...
  std::string description;
};

std::vector<EnvironmentInfo> known_environments();
// nullptr with `error` naming the known environments when `name` is unknown.
std::unique_ptr<Launcher> make_launcher(const std::string& name, const std::string& scratch, std::string& error);

}  // namespace vcb
