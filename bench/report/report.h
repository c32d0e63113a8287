#pragma once
// The report: per (benchmark, params, metric) and environment, n, median with its interval, spread,
// and against the baseline the ratio with its interval and a plain verdict. Shape: vcbench/report/1
// (the plots read it; see plots/ and results/report.schema.json).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb {

// Builds the report from a run's manifest and records. `baseline` empty = the run's baseline.
Result<nlohmann::json> build_report(const nlohmann::json& manifest, const std::vector<nlohmann::json>& records,
                                    std::string baseline);

std::string format_table(const nlohmann::json& report);
std::string format_markdown(const nlohmann::json& report);
std::string format_csv(const nlohmann::json& report);

// Loads DIR, builds the report and prints it in `format` (table|csv|json|markdown), followed by the
// feature table of the run's environments (table, markdown; a "features" member in json). Writes
// DIR/features.json (and DIR/features.csv for csv), built without probing (features/run_features.h).
int report_command(const std::string& dir, const std::string& baseline, const std::string& format);

}  // namespace vcb
