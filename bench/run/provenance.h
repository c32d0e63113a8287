#pragma once
// Where the kernels are and which bits they are: the build every record names.
#include <nlohmann/json.hpp>
#include <string>

namespace vcb {

std::string program_dir();                                  // folder of the running vcbench (build/bin)
std::string kernels_digest(const std::string& program_dir); // "sha256:…" over every vcb-* program
nlohmann::json build_json();                                // {"version","git_sha","compiler","flags"}
std::string new_run_id();                                   // "2026-11-25T00-40-00Z-3f2a"

}  // namespace vcb
