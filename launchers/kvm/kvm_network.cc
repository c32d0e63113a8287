#include "kvm/kvm_network.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace vcb {
namespace fs = std::filesystem;
namespace {

std::string module_name(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  name = name.substr(0, name.find('.'));
  for (char& c : name) if (c == '-') c = '_';  // modprobe treats them alike; modules.dep keeps the file's
  return name;
}

// Asks the kernel for a free UDP port on the loopback.
int free_udp_port() {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

}  // namespace

std::string guest_subnet() { return "10.78.0.0/24"; }
std::string guest_address(int index) { return "10.78.0." + std::to_string(index + 1); }

std::string guest_mac(int index) {
  char mac[32];
  std::snprintf(mac, sizeof mac, "52:54:00:78:%02x:%02x", (index >> 8) & 0xff, index & 0xff);
  return mac;
}

Result<GuestSegment> pick_guest_segment() {
  const int port = free_udp_port();
  if (port <= 0) return Error{"no free UDP port on the host's loopback for the guests' network", 1};
  // 239.255/16 is the organisation-local multicast scope; the pid keeps concurrent harnesses apart
  // even in the unlikely case that they draw the same port.
  const unsigned pid = static_cast<unsigned>(getpid());
  return GuestSegment{"239.255." + std::to_string((pid >> 8) % 256) + "." + std::to_string(pid % 256), port};
}

std::vector<std::string> nic_arguments(int index, const GuestSegment& segment) {
  const std::string id = "net" + std::to_string(index);
  return {"-netdev", "socket,id=" + id + ",mcast=" + segment.group + ":" + std::to_string(segment.port) +
                         ",localaddr=127.0.0.1",
          "-device", "virtio-net-pci,netdev=" + id + ",mac=" + guest_mac(index)};
}

std::string network_kernel_arguments(int index) {
  return "vcb.ip=" + guest_address(index) + "/24 vcb.host=vcb-node" + std::to_string(index);
}

std::string modules_dir_of(const std::string& kernel_path) {
  const std::string name = fs::path(kernel_path).filename().string();
  const std::string prefix = "vmlinuz-";
  if (name.rfind(prefix, 0) != 0) return "";
  return "/lib/modules/" + name.substr(prefix.size());
}

Result<std::vector<std::string>> module_load_order(const std::string& modules_dep, const std::vector<std::string>& wanted) {
  std::map<std::string, std::string> path_of;             // name -> path
  std::map<std::string, std::vector<std::string>> deps;   // path -> its dependencies, as listed
  std::istringstream lines(modules_dep);
  for (std::string line; std::getline(lines, line);) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string path = line.substr(0, colon);
    path_of[module_name(path)] = path;
    std::istringstream words(line.substr(colon + 1));
    for (std::string w; words >> w;) deps[path].push_back(w);
  }
  std::vector<std::string> order;
  std::set<std::string> seen;
  // modules.dep lists every (transitive) dependency with the one to load first last.
  std::function<void(const std::string&)> visit = [&](const std::string& path) {
    if (!seen.insert(path).second) return;
    const auto& d = deps[path];
    for (auto it = d.rbegin(); it != d.rend(); ++it) visit(*it);
    order.push_back(path);
  };
  for (const auto& name : wanted) {
    const auto found = path_of.find(name);
    if (found == path_of.end()) return Error{"the guest kernel has no module " + name + " (modules.dep)", 1};
    visit(found->second);
  }
  for (const auto& path : order)
    if (path.size() < 3 || path.compare(path.size() - 3, 3, ".ko") != 0)
      return Error{"the guest kernel's module " + path + " is compressed; the guest agent loads only plain .ko files", 1};
  return order;
}

std::vector<std::string> nic_modules() { return {"virtio_pci", "virtio_net"}; }

}  // namespace vcb
