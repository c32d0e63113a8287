#pragma once
// The availability suite's results in the seed study's layout (issue 7): one line per simulated
// configuration with batch, on-demand and overall utilization, batch slowdown and makespan, and
// on-demand rejections; then the fill-the-gaps pair with average and peak utilization and
// preemptions. Built from the report rows (vcbench/report/1), medians over repetitions.
#include <nlohmann/json.hpp>
#include <string>

namespace vcb {

// Markdown tables (readable in a terminal too); empty when the report has no availability rows.
std::string format_availability_table(const nlohmann::json& report);

}  // namespace vcb
