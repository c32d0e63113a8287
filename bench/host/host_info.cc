#include "host/host_info.h"

#include <hwloc.h>
#include <sys/utsname.h>

#include <fstream>
#include <set>
#include <string>

#include "util/sha256.h"
#include "vcb/context.h"

namespace vcb {
namespace {

std::string cpuinfo_field(const std::string& field) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  return "";
}

long long meminfo_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  long long kb = 0;
  while (in >> key >> kb)
    if (key == "MemTotal:") return kb * 1024;
  return 0;
}

nlohmann::json governor() {
  const std::string g = read_first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  return g.empty() ? nlohmann::json(nullptr) : nlohmann::json(g);
}

// Turbo is on when intel_pstate's no_turbo is 0 or acpi-cpufreq's boost is 1; unknown otherwise.
nlohmann::json turbo() {
  const std::string no_turbo = read_first_line("/sys/devices/system/cpu/intel_pstate/no_turbo");
  if (!no_turbo.empty()) return no_turbo == "0";
  const std::string boost = read_first_line("/sys/devices/system/cpu/cpufreq/boost");
  if (!boost.empty()) return boost == "1";
  return nullptr;
}

const char* cache_type(hwloc_obj_cache_type_t t) {
  switch (t) {
    case HWLOC_OBJ_CACHE_DATA: return "data";
    case HWLOC_OBJ_CACHE_INSTRUCTION: return "instruction";
    default: return "unified";
  }
}

struct Topology {
  hwloc_topology_t t = nullptr;
  Topology() {
    if (hwloc_topology_init(&t) != 0 || hwloc_topology_load(t) != 0) t = nullptr;
  }
  ~Topology() { if (t) hwloc_topology_destroy(t); }
};

void add_topology(nlohmann::json& out) {
  Topology topo;
  if (!topo.t) return;
  out["cores"] = hwloc_get_nbobjs_by_type(topo.t, HWLOC_OBJ_CORE);
  out["pus"] = hwloc_get_nbobjs_by_type(topo.t, HWLOC_OBJ_PU);
  out["numa_nodes"] = hwloc_get_nbobjs_by_type(topo.t, HWLOC_OBJ_NUMANODE);
  nlohmann::json caches = nlohmann::json::array();
  std::set<std::pair<unsigned, std::string>> seen;
  for (int d = 0; d < hwloc_topology_get_depth(topo.t); ++d) {
    hwloc_obj_t o = hwloc_get_obj_by_depth(topo.t, d, 0);
    if (!o || !hwloc_obj_type_is_cache(o->type)) continue;
    const std::string type = cache_type(o->attr->cache.type);
    if (!seen.insert({o->attr->cache.depth, type}).second) continue;
    caches.push_back({{"level", o->attr->cache.depth}, {"type", type},
                      {"size_bytes", o->attr->cache.size},
                      {"count", hwloc_get_nbobjs_by_depth(topo.t, d)}});
  }
  out["caches"] = caches;
  char* xml = nullptr;
  int len = 0;
  if (hwloc_topology_export_xmlbuffer(topo.t, &xml, &len, 0) == 0) {
    out["topology"] = "sha256:" + sha256_hex(std::string_view(xml, static_cast<size_t>(len > 0 ? len - 1 : 0)));
    hwloc_free_xmlbuffer(topo.t, xml);
  }
}

}  // namespace

nlohmann::json host_info() {
  utsname u{};
  uname(&u);
  const std::string flags = " " + cpuinfo_field("flags") + " ";
  nlohmann::json out = {{"name", u.nodename},
                        {"cpu", cpuinfo_field("model name")},
                        {"cores", nullptr}, {"pus", nullptr}, {"numa_nodes", nullptr},
                        {"caches", nlohmann::json::array()},
                        {"memory_bytes", meminfo_bytes()},
                        {"kernel", u.release},
                        {"governor", governor()},
                        {"turbo", turbo()},
                        {"hypervisor", flags.find(" hypervisor ") != std::string::npos},
                        {"topology", nullptr}};
  add_topology(out);
  return out;
}

}  // namespace vcb
