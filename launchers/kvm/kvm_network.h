#pragma once
// The network of the MPI guests. Every guest's virtio-net NIC is a QEMU socket netdev on one
// multicast group bound to the host's loopback: any number of guests share one Ethernet segment,
// frames never leave the host (IP_MULTICAST_IF 127.0.0.1), nothing on the host is configured
// (no tap, bridge or address), and the guest addresses exist only inside the guests.
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb {

// 10.78.0.0/24: guest i (0-based) is 10.78.0.(i+1).
std::string guest_subnet();
std::string guest_address(int index);
// Locally administered, distinct per guest (QEMU would give every NIC the same default MAC).
std::string guest_mac(int index);

// Where the guests' segment lives on the host: a multicast group and a UDP port.
struct GuestSegment {
  std::string group;  // e.g. 239.255.78.17
  int port = 0;
};
// A group and port no other vcbench run on this host uses: the port is one the kernel just handed
// out as free, the group derived from the harness's pid.
Result<GuestSegment> pick_guest_segment();
// The QEMU arguments of guest i's NIC on that segment.
std::vector<std::string> nic_arguments(int index, const GuestSegment& segment);
// What guest i's agent reads from the kernel command line (see agent/guest_network.h).
std::string network_kernel_arguments(int index);

// Kernel modules: /lib/modules/<version> of a guest kernel named /boot/vmlinuz-<version>.
std::string modules_dir_of(const std::string& kernel_path);
// The modules (paths relative to the modules folder, as modules.dep lists them) that `wanted`
// (names like "virtio_net") need, dependencies first: the order to load them in.
Result<std::vector<std::string>> module_load_order(const std::string& modules_dep, const std::vector<std::string>& wanted);
// What a virtio NIC on QEMU's PCI bus needs in Debian's kernel, where all of virtio is modules.
std::vector<std::string> nic_modules();

}  // namespace vcb
