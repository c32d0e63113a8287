#pragma once
// The kernel contract in one object: parse flags, time, check, emit records, exit.
//
//   vcb::Kernel k("lat_syscall", argc, argv);
//   const std::string op = k.param("op", "null");
//   k.begin();                                   // rejects unknown flags (exit 2)
//   vcb::Series s = vcb::time_gbench(k.plan(), "", body);
//   k.emit({.metric = "latency", .unit = "us", .better = vcb::Better::lower,
//           .series = s, .values = s.per_op(1e6), .passed = s.ok(), .validation = "..."});
//   return k.finish();                           // 0 only if every record validated
//
// Common flags: --iters N|point=N,... --calibrate --samples K --warmup W --target-ms T.
#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "vcb/timing.h"

namespace vcb {

enum class Better { lower, higher };

struct Measurement {
  std::string point;         // calibration key of this series ("" for a kernel's only series)
  nlohmann::json params = nlohmann::json::object();  // per-record params, merged over the kernel's
  std::string metric;        // e.g. "latency", "bandwidth"
  std::string unit;          // e.g. "us", "ns", "MB/s" (MB = 10^6 bytes, as lmbench)
  Better better = Better::lower;
  Series series;             // the raw timing this record came from
  std::vector<double> values;  // one value per kept interval, in `unit`; the record's value is their median
  nlohmann::json detail = nlohmann::json::object();  // raw pieces: subtractions, placement read back, ...
  bool passed = false;       // the kernel checked its own answer and it held
  std::string validation;    // what was checked, or why it failed
  bool zero_ok = false;      // 0 is a real value of this metric (e.g. an idle guest's dirty rate), not a failed timing
};

class Kernel {
 public:
  Kernel(std::string name, int argc, char** argv);

  // A kernel parameter (recorded in benchmark.params); the fallback when the flag is absent.
  std::string param(const std::string& key, const std::string& fallback);
  long long param_int(const std::string& key, long long fallback);
  // A flag that configures the run but is not part of the benchmark's identity (e.g. --dir).
  std::string option(const std::string& key, const std::string& fallback);

  void begin();  // exits 2 on unknown or malformed flags, then notes the CPU we start on
  const Plan& plan() const { return plan_; }
  const std::string& name() const { return name_; }

  void emit(const Measurement& m);
  // A failure the kernel detected outside a measurement: one failure record, exit code 1.
  void emit_failure(const std::string& why, nlohmann::json params = nlohmann::json::object());
  int finish() const { return all_passed_ && emitted_ > 0 ? 0 : 1; }

  [[noreturn]] void usage_error(const std::string& message) const;
  // Called just before usage_error exits (an MPI kernel finalizes MPI there, so mpirun reports a
  // plain exit status 2 instead of an abort).
  // `print` false keeps the message off stderr (MPI ranks other than 0, which would repeat it).
  static void set_exit_hook(void (*hook)(), bool print);

 private:
  std::string take(const std::string& key);
  nlohmann::json context() const;

  std::string name_;
  std::map<std::string, std::string> flags_;
  std::map<std::string, bool> used_;
  nlohmann::json params_ = nlohmann::json::object();
  Plan plan_;
  int cpu_start_ = -1;
  nlohmann::json granted_;  // process context at begin(): the CPUs the environment granted, before any pinning
  int emitted_ = 0;
  bool all_passed_ = true;
};

}  // namespace vcb
