#pragma once
#include <string>

namespace vcb {

// Writes DIR/report.json and runs the matplotlib plots (plots/plot.py) into `out` (default DIR/plots).
int plot_command(const std::string& dir, const std::string& out);

}  // namespace vcb
