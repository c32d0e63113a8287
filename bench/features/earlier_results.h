#pragma once
// Cells that come from earlier runs: the newest results folder of a suite (startup, checkpoint,
// migration), read through the report's own statistics so a cell equals the report's row.
#include <nlohmann/json.hpp>
#include <string>

namespace vcb {

// The newest folder under `results_dir` whose run.json names `suite` and which has records; "" if none.
std::string newest_run_of(const std::string& results_dir, const std::string& suite);

// {"value": median, "ci": [lo, hi], "n", "unit", "metric", "params", "source"} of `benchmark`'s (empty: any)
// row for `environment` and `metric` in the folder's report; null when the folder has no valid sample.
nlohmann::json report_cell(const std::string& folder, const std::string& environment, const std::string& benchmark,
                           const std::string& metric, const nlohmann::json& params);

// The first failure reason the folder's records give for `environment` ("" when none failed).
std::string failure_reason_in(const std::string& folder, const std::string& environment);

}  // namespace vcb
