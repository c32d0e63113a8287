#pragma once
// The guests of MPI jobs that span nodes: one guest per node, each shaped like the resident guest
// (vCPUs, memory, profile) plus a virtio-net NIC on a segment private to the guests
// (kvm_network.h), the NIC driver modules and the remote-start client in its initramfs. They stay
// up across measurements with the same node count; a hung or interrupted job takes them all down,
// so nothing of it survives into the next measurement.
#include <nlohmann/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "kvm/kvm_command.h"
#include "kvm/kvm_guest.h"
#include "kvm/kvm_network.h"

namespace vcb {

class KvmCluster {
 public:
  ~KvmCluster() { stop(); }
  // Boots `nodes` guests like `base` from the appliance's rootfs (files under work_dir), then
  // proves that each configured its NIC and that guest 0 can start a command in every other one.
  // With `pin` (the tuned profiles), every guest's vCPU threads get the resident guest's plan: the
  // guests stand for separate nodes, each of which would own those cores.
  bool start(int nodes, const KvmSpec& base, const std::string& rootfs, const std::string& work_dir, std::string& error,
             const PinPlan* pin = nullptr);
  // Guests up and answering (0 when stopped or when one of them died).
  int healthy_nodes();
  // Runs argv in guest 0. A run that timed out, was interrupted or lost the agent stops every
  // guest: killing QEMU is the one way to be sure no rank or daemon of the job is left.
  ProcessResult run_in_first(const std::vector<std::string>& argv, double timeout_s);
  void stop();
  std::vector<std::string> addresses() const;
  // What is in effect, for the records (environment.mpi.settings).
  nlohmann::json describe() const;
  // QEMU CPU seconds of every guest booted so far (stopped ones included, so the sum only grows).
  double cpu_seconds() const;

 private:
  bool boot_all(std::string& error);
  bool check_network(std::string& error);

  std::vector<std::unique_ptr<QemuGuest>> guests_;
  std::vector<KvmSpec> specs_;
  GuestSegment segment_;
  nlohmann::json binding_ = "vCPU threads not pinned";
  double boot_s_ = 0, cpu_of_stopped_ = 0;
  int boots_ = 0;
};

}  // namespace vcb
