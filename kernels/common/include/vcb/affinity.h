#pragma once
// CPU placement as it really is: read from sched_getaffinity/sched_getcpu, never from nproc
// (inside a container nproc and /proc/cpuinfo show the host's CPUs).
#include <optional>
#include <string>
#include <vector>

namespace vcb {

std::vector<int> allowed_cpus();           // this thread's affinity mask, ascending
int current_cpu();                         // sched_getcpu(), -1 if unknown
bool pin_to(int cpu);                      // restrict the calling thread to one CPU
bool pin_to(const std::vector<int>& cpus);

// CPUs for the two parties of a two-party kernel: "same" puts both on the first allowed CPU,
// "cross" on the first two. Empty when the placement cannot be honoured here.
struct PartyCpus { int first; int second; };
std::optional<PartyCpus> two_party_cpus(const std::string& placement);

}  // namespace vcb
