#pragma once
// Cells that come from earlier runs: the newest results folder of a suite (startup, checkpoint,
// migration), read through the report's own statistics so a cell equals the report's row.
#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <vector>

namespace vcb {

// The newest folder under `results_dir` whose run.json names `suite` and which has records; "" if none.
std::string newest_run_of(const std::string& results_dir, const std::string& suite);

// The same for several suites in one pass over `results_dir`: {suite: folder or ""}.
std::map<std::string, std::string> newest_runs_of(const std::string& results_dir,
                                                  const std::vector<std::string>& suites);

// The folder's report (vcbench/report/1), built from its records; null when it cannot be read.
nlohmann::json report_of(const std::string& folder);

// {"value": median, "ci": [lo, hi], "n", "unit", "metric", "params", "source"} of `benchmark`'s (empty: any)
// row for `environment` and `metric` in the folder's report; null when the folder has no valid sample.
nlohmann::json report_cell(const std::string& folder, const std::string& environment, const std::string& benchmark,
                           const std::string& metric, const nlohmann::json& params);

// The same from a report already built; `source` is the folder it came from.
nlohmann::json report_cell_in(const nlohmann::json& report, const std::string& source, const std::string& environment,
                              const std::string& benchmark, const std::string& metric, const nlohmann::json& params);

// The first failure reason the folder's records give for `environment` ("" when none failed).
std::string failure_reason_in(const std::string& folder, const std::string& environment);

}  // namespace vcb
