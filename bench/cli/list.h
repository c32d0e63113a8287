#pragma once
#include <string>

namespace vcb {

// `vcbench list [suites|benchmarks|envs]`
int list_command(const std::string& what);

}  // namespace vcb
