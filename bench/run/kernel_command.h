#pragma once
// The command line of one kernel invocation: the instance's parameters as flags, the scratch
// folder for kernels that touch files, and either a calibration request or the fixed counts.
#include <string>
#include <vector>

#include "suite/suite.h"

namespace vcb {

std::vector<std::string> calibration_command(const Instance& instance, const std::string& program_dir,
                                             const std::string& scratch);
std::vector<std::string> measurement_command(const Instance& instance, const std::string& program_dir,
                                             const std::string& scratch, const std::string& iterations);

}  // namespace vcb
