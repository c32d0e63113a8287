#include "migrate_plan.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>

namespace vcb::migrate {
namespace {

std::vector<int> first_cpus(const HostFacts& host, int n) {
  std::vector<int> cpus(host.cpus.begin(), host.cpus.begin() + std::min<size_t>(host.cpus.size(), n));
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

}  // namespace

long working_set_mb(const MigrateOptions& o) {
  return o.working_set_mb > 0 ? o.working_set_mb : std::max(1L, o.memory_mb / 4);
}

KvmSpec guest_spec(const MigrateOptions& o, const HostFacts& host, const std::string& dir, const std::string& side,
                   const std::string& initrd, int pid) {
  KvmSpec s;
  parse_kvm_profile(o.profile, s.profile);
  s.name = "vcb-migrate-" + side + "-h" + std::to_string(pid);
  s.accel = host.accel;
  s.vcpus = static_cast<int>(first_cpus(host, o.vcpus).size());
  s.memory_mb = o.memory_mb;
  s.kernel = host.kernel;
  s.initrd = initrd;
  s.console_log = dir + "/console-" + side + ".log";
  s.agent_socket = dir + "/agent-" + side + ".sock";
  s.qmp_socket = dir + "/qmp-" + side + ".sock";
  if (s.profile.numa) s.numa = mirror_numa(host.numa_nodes, first_cpus(host, o.vcpus), o.memory_mb);
  return s;
}

PinPlan guest_pinning(const MigrateOptions& o, const HostFacts& host) {
  KvmProfile profile;
  parse_kvm_profile(o.profile, profile);
  if (!profile.pin) return {};
  return plan_pinning(first_cpus(host, o.vcpus), host.cpus);
}

nlohmann::json started_environment(const MigrateOptions& o, const HostFacts& host) {
  KvmProfile profile;
  parse_kvm_profile(o.profile, profile);
  const std::vector<int> cpus = first_cpus(host, o.vcpus);
  const std::string method = profile.pin ? "vCPU threads of both QEMUs pinned 1:1 to these CPUs"
                                         : "none (QEMU defaults: the host scheduler places vCPU threads)";
  return {{"resources", {{"cpus", cpus}, {"memory_mb", o.memory_mb}}},
          {"vcpus", cpus.size()},
          {"binding", {{"method", method + "; read back per guest in detail.binding"}, {"cpus", cpus}}},
          {"numa", {{"planned", profile.numa ? "guest nodes mirroring the host's" : "one flat node (QEMU default)"}}},
          {"guests", "a source and a destination guest per migration, booted by vcb-migrate from the appliance"}};
}

std::vector<std::string> destination_command(const KvmSpec& spec) {
  auto argv = qemu_command(spec);
  argv.push_back("-incoming");
  argv.push_back("defer");
  return argv;
}

NetnsPlan netns_plan(int pid) {
  NetnsPlan p;
  const std::string id = std::to_string(pid);
  p.source_ns = "vcbm-" + id + "-s";
  p.destination_ns = "vcbm-" + id + "-d";
  p.source_if = "vcbm" + id + "s";
  p.destination_if = "vcbm" + id + "d";
  const std::string net = "10.79." + std::to_string(pid % 256) + ".";
  p.source_ip = net + "1";
  p.destination_ip = net + "2";
  return p;
}

std::vector<std::vector<std::string>> netns_setup_commands(const NetnsPlan& p) {
  std::vector<std::vector<std::string>> c = {
      {"ip", "netns", "add", p.source_ns},
      {"ip", "netns", "add", p.destination_ns},
      // Created inside the source namespace, so no interface ever exists in the host's namespace.
      {"ip", "-n", p.source_ns, "link", "add", p.source_if, "type", "veth", "peer", "name", p.destination_if,
       "netns", p.destination_ns}};
  for (const auto& [ns, dev, ip] : {std::tuple{p.source_ns, p.source_if, p.source_ip},
                                    std::tuple{p.destination_ns, p.destination_if, p.destination_ip}}) {
    c.push_back({"ip", "-n", ns, "addr", "add", ip + "/24", "dev", dev});
    c.push_back({"ip", "-n", ns, "link", "set", dev, "up"});
    c.push_back({"ip", "-n", ns, "link", "set", "lo", "up"});
  }
  return c;
}

std::vector<std::vector<std::string>> netns_teardown_commands(const NetnsPlan& p) {
  // Deleting a namespace deletes the veth end in it, and with it the pair.
  return {{"ip", "netns", "delete", p.source_ns}, {"ip", "netns", "delete", p.destination_ns}};
}

int netns_owner(const std::string& name) {
  if (name.rfind("vcbm-", 0) != 0) return 0;
  const auto dash = name.find('-', 5);
  if (dash == std::string::npos || (name.substr(dash) != "-s" && name.substr(dash) != "-d")) return 0;
  return std::atoi(name.substr(5, dash - 5).c_str());
}

std::vector<std::string> in_netns(const std::string& ns, const std::vector<std::string>& argv) {
  std::vector<std::string> out = {"ip", "netns", "exec", ns};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::string migration_uri(const MigrateOptions& o, const std::string& dir, const NetnsPlan& p) {
  if (o.transport == "tcp-netns") return "tcp:" + p.destination_ip + ":" + std::to_string(p.port);
  return "unix:" + dir + "/migrate.sock";
}

}  // namespace vcb::migrate
