#pragma once
// One QEMU of a migration pair and the host's two channels to it: QMP (figures, counter samples)
// and the guest agent (starting the workload, the before/after checks).
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "kvm/kvm_command.h"
#include "kvm/kvm_guest.h"
#include "kvm/kvm_qmp.h"

namespace vcb::migrate {

inline constexpr const char* workload_program = "/opt/vcbench/bin/vcb-migrate";

struct Side {
  std::string name;  // "src" or "dst": names its files and its QEMU (-name vcb-migrate-<name>-h<pid>)
  KvmSpec spec;
  QemuGuest guest;
  QmpClient qmp;
  nlohmann::json binding;  // the vCPU threads' placement, pinned or read back as the profile says
};

// Starts QEMU (inside `netns` when not empty), connects QMP and applies the profile's pinning.
bool launch(Side& s, std::vector<std::string> argv, const std::string& netns, const std::string& dir,
            const PinPlan& pins, std::string& error);
// The workload's files, read through the agent: its counter page's physical address and its count.
bool read_workload_files(QemuGuest& g, uint64_t& address, uint64_t& counter);
bool is_running(QmpClient& qmp);
// The end of a log file (a QEMU's own words, a guest's console).
std::string log_tail(const std::string& path);

}  // namespace vcb::migrate
