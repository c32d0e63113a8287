#pragma once
// A suite file (TOML) turned into benchmark instances: one instance per point of each
// benchmark's parameter grid, with the timing settings of the chosen mode (quick or thorough).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb {

struct Instance {
  std::string suite;                                   // the suite file's name, e.g. "micro"
  std::string benchmark;                               // "lat_syscall"
  std::string program;                                 // "vcb-lat_syscall"
  nlohmann::json params = nlohmann::json::object();    // {"op": "null"}, passed as --op null
  bool uses_dir = false;                               // gets --dir <scratch>
  std::string launch = "resident";                     // "fresh": a new environment per run (startup)
  bool stamp_t0 = false;                               // gets --t0 <CLOCK_MONOTONIC ns> of the launch request
  bool on_host = false;                                // runs on the host and acts on the environment (--environment NAME)
  std::string mpi;                                     // MPI kernel's rank rule ("any", "power-of-two", ...); "" = not MPI
  int reps = 5;                                        // repetitions (fresh processes)
  int samples = 11, warmup = 1;
  double target_ms = 20, timeout_s = 120;

  std::string key() const;  // "lat_syscall op=null": the instance's identity in a run
};

struct Suite {
  std::string name, description, file;
  bool quick = false;
  int reps = 5;  // repetitions unless the command line says otherwise ([defaults] reps; 1 for deterministic suites)
  std::vector<Instance> instances;
};

struct SuiteInfo { std::string name, description, file; };

// NAME (looked up in the suite folders) or a path to a .toml file.
Result<Suite> load_suite(const std::string& name_or_file, bool quick);
// Several suites run as one (e.g. micro and startup in the default comparison); name "micro+startup".
Result<Suite> load_suites(const std::vector<std::string>& names_or_files, bool quick);
std::vector<SuiteInfo> list_suites();
std::string suites_folder();  // $VCBENCH_SUITES, else the source tree's bench/suites

}  // namespace vcb
