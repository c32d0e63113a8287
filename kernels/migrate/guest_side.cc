#include "guest_side.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include "dirty_workload.h"
#include "kvm/kvm_host.h"
#include "migrate_plan.h"

namespace vcb::migrate {

bool launch(Side& s, std::vector<std::string> argv, const std::string& netns, const std::string& dir,
            const PinPlan& pins, std::string& error) {
  if (!netns.empty()) argv = in_netns(netns, argv);
  if (!s.guest.launch(argv, dir + "/qemu-" + s.name + ".log", error)) return false;
  if (!s.qmp.connect(s.spec.qmp_socket, 30, error)) {
    error = "the " + s.name + " QEMU did not answer on QMP (" + dir + "/qemu-" + s.name + ".log): " + error;
    return false;
  }
  std::vector<int> tids;
  for (const auto& c : s.qmp.execute("query-cpus-fast").value) tids.push_back(c.value("thread-id", 0));
  s.binding = pins.vcpu_cpus.empty() ? read_back_only(s.guest.pid(), tids) : pin_and_verify(s.guest.pid(), tids, pins);
  return true;
}

// The workload's files, read through the agent: {address, counter}.
bool read_workload_files(QemuGuest& g, uint64_t& address, uint64_t& counter) {
  const auto r = g.run({"/bin/sh", "-c", std::string("read a < ") + address_file + " && read c < " + counter_file +
                                             " && echo $a $c"}, 10);
  std::istringstream in(r.out);
  return r.exit_code == 0 && (in >> address >> counter) && address > 0;
}

bool is_running(QmpClient& qmp) {
  const auto r = qmp.execute("query-status", nullptr, 1.0);
  return r.ok && r.value.value("running", false);
}

// The end of a QEMU's own log: its reason when it exited on its own.
std::string log_tail(const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > 600) text.erase(0, text.size() - 600);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace vcb::migrate
