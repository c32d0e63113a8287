#pragma once
// `vcbench doctor`: what this host offers and what is missing, each with the fix (pyperf's
// Operation.advice()/BenchExec's check_cgroups pattern). Later issues add Docker, QEMU/KVM, MPI, Slurm.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vcb {

enum class CheckState { ok, warn, missing, info };

struct Check {
  std::string name;
  CheckState state = CheckState::info;
  std::string detail;
  std::string fix;  // empty when nothing needs doing
};

std::vector<Check> run_checks();
int doctor_command(bool json);

}  // namespace vcb
