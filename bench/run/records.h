#pragma once
// Turns what a kernel printed into full records (schema vcbench/result/1): the kernel's own part
// plus run, suite, environment, host, build, trust and time. A kernel that crashed, hung, exited
// non-zero or printed nothing yields failure records instead: never a number to plot.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/subprocess.h"

namespace vcb {

inline constexpr const char* record_schema = "vcbench/result/1";

struct MeasurementContext {
  nlohmann::json run;          // {"id","repetition","order","measurement"}
  std::string suite;
  std::string instance;        // instance key
  nlohmann::json params;       // instance params, for failure records
  std::string benchmark;
  nlohmann::json environment;  // launcher's describe()
  nlohmann::json host, build, trust;
  nlohmann::json templates = nlohmann::json::array();  // the calibration's records, shapes for failures
  nlohmann::json calibration = nlohmann::json::object();  // {"target_s","environment"} of the calibration run
};

// Kernel records found in `out` (lines carrying the record marker); malformed ones are skipped.
std::vector<nlohmann::json> parse_kernel_records(const std::string& out);

// Full records of one measurement, `parts` numbered so that --resume can tell complete from torn.
std::vector<nlohmann::json> build_records(const MeasurementContext& ctx, const ProcessResult& result);

// Failure records of a measurement that could not run at all (e.g. its calibration failed).
std::vector<nlohmann::json> failure_records(const MeasurementContext& ctx, const std::string& kind,
                                            const std::string& reason);

// For launches stamped with --t0: a harness-measured record of the whole launch, request to the
// launcher returning (for a fresh container: the container removed), beside the kernel's own, or
// instead of it when the kernel's figure means nothing for this launch (`keep_kernel_record` false).
void add_launch_record(std::vector<nlohmann::json>& records, double wall_s, bool keep_kernel_record = true);
// A host-side kernel (on_host) starts what it measures itself (a migration boots its own guests):
// the environment it reports in detail.environment replaces those keys of the record's environment,
// which otherwise describe the harness's own instance of it.
void adopt_kernel_environment(std::vector<nlohmann::json>& records);

std::string utc_now_iso();

}  // namespace vcb
