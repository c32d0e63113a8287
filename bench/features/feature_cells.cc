#include "features/feature_cells.h"

#include <algorithm>
#include <bitset>
#include <cstdio>

#include "features/earlier_results.h"
#include "features/features.h"
#include "vcb/median.h"

namespace vcb {

using json = nlohmann::json;

namespace cells {

json filled(const json& value, const std::string& text, json facts) {
  facts["value"] = value;
  facts["text"] = text;
  return facts;
}

json empty(const std::string& reason, json facts) {
  facts["value"] = nullptr;
  facts["text"] = "-";
  facts["reason"] = reason;
  return facts;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

int capability_count(const json& hex) {
  if (!hex.is_string()) return -1;
  return static_cast<int>(std::bitset<64>(std::stoull(hex.get<std::string>(), nullptr, 16)).count());
}

std::string joined(const json& list) {
  std::string s;
  for (const auto& x : list) s += (s.empty() ? "" : ",") + (x.is_string() ? x.get<std::string>() : x.dump());
  return s.empty() ? "none" : s;
}

const char* const kvm_checkpoint_reason =
    "not measured: a VM's checkpoint/restore is QEMU's migration to a file and back; vcbench times "
    "live migration between two QEMU processes (the next column), not migration to a file";
const char* const container_migration = "a container migrates as a CRIU checkpoint restored elsewhere";

json startup(const json& report, const std::string& source, const std::string& environment, const std::string& origin) {
  for (const char* metric : {"to_first_instruction", "to_exit"}) {
    auto c = report_cell_in(report, source, environment, "startup", metric, {{"launch", "fresh"}});
    if (c.is_null()) continue;
    const auto& ci = c["ci"];
    c["text"] = number(c["value"].get<double>()) + " " + c["unit"].get<std::string>() +
                (ci.is_array() ? " [" + number(ci[0].get<double>()) + ", " + number(ci[1].get<double>()) + "]" : "") +
                " (" + metric + ", n=" + std::to_string(c["n"].get<int>()) + ", " + origin + ")";
    return c;
  }
  return nullptr;
}

json checkpoint(const std::string& folder, const std::string& environment) {
  const auto report = report_of(folder);
  const auto dump = report_cell_in(report, folder, environment, "checkpoint", "dump_time", json::object());
  const auto restore = report_cell_in(report, folder, environment, "checkpoint", "restore_time", json::object());
  if (!dump.is_null() && !restore.is_null())
    return filled(dump["value"], "dump " + number(dump["value"].get<double>()) + " ms, restore " +
                                     number(restore["value"].get<double>()) + " ms (checkpoint run)",
                  {{"dump", dump}, {"restore", restore}, {"supported", true}, {"source", folder}});
  const std::string why = failure_reason_in(folder, environment);
  if (!why.empty()) return empty("not supported here: " + why, {{"supported", false}, {"source", folder}});
  return nullptr;
}

// The point the cell shows: the plainest one the run has (pre-copy over a unix socket, the idle or
// least-dirtying guest, no bandwidth limit), named in the text; total time from that same point.
json migration(const json& report, const std::string& source, const std::string& environment) {
  json downtime;
  for (const json& preferred : {json{{"mode", "precopy"}, {"transport", "unix"}, {"dirty_mb_s", 0}, {"max_bandwidth_mb_s", 0}},
                                json{{"mode", "precopy"}, {"transport", "unix"}, {"max_bandwidth_mb_s", 0}},
                                json{{"mode", "precopy"}}, json::object()})
    if (downtime = report_cell_in(report, source, environment, "migration", "downtime", preferred); !downtime.is_null())
      break;
  const json point = downtime.is_null() ? json::object() : downtime["params"];
  const auto total = report_cell_in(report, source, environment, "migration", "total_time", point);
  if (downtime.is_null() || total.is_null()) {
    const std::string why = failure_reason_in(source, environment);
    return empty(why.empty() ? "not measured: the newest migration run (" + source + ") has no " + environment +
                                   " point; `vcbench run --suite migration --env " + environment + "` measures it"
                             : why,
                 {{"source", source}});
  }
  return filled(downtime["value"], "downtime " + number(downtime["value"].get<double>()) + " " +
                                       downtime["unit"].get<std::string>() + ", total " +
                                       number(total["value"].get<double>()) + " " + total["unit"].get<std::string>() +
                                       " (" + point.value("memory_mb", json(0)).dump() + " MB guest, dirtying " +
                                       point.value("dirty_mb_s", json(0)).dump() + " MB/s, " +
                                       point.value("mode", std::string("precopy")) + " over " +
                                       point.value("transport", std::string("unix")) + ", n=" +
                                       downtime["n"].dump() + "; migration run)",
                {{"downtime", downtime}, {"total_time", total}, {"point", point}, {"source", source}});
}

}  // namespace cells

namespace {

using cells::empty;
using cells::filled;
using cells::number;

std::string kind_of(const EnvironmentFacts& f) { return f.described.value("kind", f.name.substr(0, f.name.find('/'))); }

json guest_os(const EnvironmentFacts& f, const FeatureSources& s) {
  if (f.inside.is_null()) return empty("not read: " + f.inside_error);
  const std::string release = f.inside["context"].value("kernel_release", "");
  const std::string host = s.host.value("kernel_release", "");
  const bool own = kind_of(f) == "kvm";  // a VM boots its own kernel even when the release matches
  return filled(release, (own ? "own kernel " : "host kernel ") + release + (own ? " (guest; host " + host + ")" : " (shared)"),
                {{"kernel_release", release}, {"host_kernel_release", host}, {"shares_host_kernel", !own}});
}

// From the startup suite's newest run when it has this environment; else what was timed just now.
json startup(const EnvironmentFacts& f, const FeatureSources& s) {
  if (auto c = startup_from_run(s, f.name); !c.is_null()) return c;
  if (!f.fresh_s.empty()) {
    std::vector<double> ms;
    for (double s_ : f.fresh_s) ms.push_back(s_ * 1e3);
    const double m = median(ms);
    const auto [lo, hi] = std::minmax_element(ms.begin(), ms.end());
    return filled(m, number(m) + " ms [" + number(*lo) + ", " + number(*hi) + "] (fresh launch to exit, n=" +
                         std::to_string(ms.size()) + ", measured now; range, not an interval)",
                  {{"unit", "ms"}, {"metric", "to_exit"}, {"n", ms.size()}, {"range", {*lo, *hi}},
                   {"source", "measured now"}});
  }
  if (kind_of(f) == "kvm" && f.start_s > 0)
    return filled(f.start_s * 1e3, number(f.start_s * 1e3) + " ms (guest boot to agent, n=1, measured now)",
                  {{"unit", "ms"}, {"metric", "boot"}, {"n", 1}, {"source", "measured now"}});
  return empty("no startup run found and no fresh launch succeeded here");
}

json isolation(const EnvironmentFacts& f, const FeatureSources& s) {
  if (f.inside.is_null()) return empty("not read: " + f.inside_error);
  const auto& ctx = f.inside["context"];
  const auto& detail = f.inside["detail"];
  const int allowed = static_cast<int>(f.inside["metric"].value("value", 0.0));
  const int probed = detail.value("probed", 0);
  const int native_allowed = s.native_inside.is_null() ? -1 : static_cast<int>(s.native_inside["metric"].value("value", 0.0));
  const std::string calls = std::to_string(allowed) + "/" + std::to_string(probed) + " probed syscalls allowed" +
                            (native_allowed >= 0 ? " (native " + std::to_string(native_allowed) + ")" : "");
  json facts = {{"seccomp", ctx["seccomp"]}, {"syscalls_allowed", allowed}, {"syscalls_probed", probed},
                {"syscalls_allowed_native", native_allowed >= 0 ? json(native_allowed) : json(nullptr)},
                {"syscalls", detail["calls"]}, {"capabilities", ctx["capabilities"]},
                {"capability_count", cells::capability_count(ctx["capabilities"])}, {"devices", detail["devices"]},
                {"device_count", detail["device_count"]}, {"outside", f.outside},
                {"syscall_method", "vcb-isolation tries each call with harmless arguments; EPERM/ENOSYS = refused"}};
  const std::string devices = std::to_string(detail.value("device_count", 0)) + " devices";
  if (kind_of(f) == "kvm") {
    facts["shared_with_host"] = json::array();
    const std::string text = "own kernel, nothing shared; QEMU -sandbox " + f.outside.value("sandbox", std::string("?")) +
                             ", QEMU process seccomp " + (f.outside["qemu_seccomp"].is_string() ? f.outside["qemu_seccomp"].get<std::string>() : "?") +
                             "; device model " + f.outside.value("machine", std::string("?")) + ": " +
                             cells::joined(f.outside.value("devices", json::array())) + "; guest sees " + devices;
    return filled(text, text, facts);
  }
  json own = json::array(), shared = json::array();
  const json namespaces = ctx.value("namespaces", json::object());
  for (const auto& [ns, inode] : namespaces.items()) {
    if (inode.is_null()) continue;
    (s.host["namespaces"].value(ns, json(nullptr)) == inode ? shared : own).push_back(ns);
  }
  facts["namespaces_own"] = own;
  facts["shared_with_host"] = shared;
  facts["shared_with_host"].push_back("kernel");
  const std::string text = "shares kernel + " + cells::joined(shared) + "; own ns: " + cells::joined(own) + "; seccomp " +
                           (ctx["seccomp"].is_number() ? ctx["seccomp"].dump() : "?") + ", " + calls + "; " +
                           std::to_string(cells::capability_count(ctx["capabilities"])) + " capabilities; " + devices;
  return filled(text, text, facts);
}

// The fix is in the table's "criu" entry; a cell names only CRIU's own line.
std::string criu_reason(const CriuProbe& p) { return p.detail; }

json checkpoint_restore(const EnvironmentFacts& f, const FeatureSources& s) {
  const std::string kind = kind_of(f);
  if (kind == "kvm") return empty(cells::kvm_checkpoint_reason);
  const CriuProbe& criu = kind == "docker" ? s.docker_criu : s.criu;
  if (kind != "docker" && kind != "podman")
    return empty("not supported: " + f.name + " has no checkpoint command" +
                 (criu.ok ? "" : ", and CRIU itself fails here: " + criu_reason(criu)));
  if (!s.checkpoint_run.empty())
    if (auto c = cells::checkpoint(s.checkpoint_run, f.name); !c.is_null()) return c;
  if (!criu.ok) return empty("not supported here: " + criu_reason(criu), {{"supported", false}});
  return empty("supported here (" + criu.detail + "); not measured yet: run the checkpoint suite", {{"supported", true}});
}

json live_migration(const EnvironmentFacts& f, const FeatureSources& s) {
  const std::string kind = kind_of(f);
  if (kind != "kvm") {
    const CriuProbe& criu = kind == "docker" ? s.docker_criu : s.criu;
    const std::string base = kind == "docker" || kind == "podman" ? std::string(cells::container_migration)
                                                                  : "not applicable: " + f.name + " has no migration";
    return empty(base + (criu.ok ? "; not measured yet: run the checkpoint suite" : "; not supported here: " + criu_reason(criu)),
                 {{"supported", criu.ok}});
  }
  if (s.migration_run.empty()) return empty("not measured yet: run the migration suite");
  return cells::migration(report_of(s.migration_run), s.migration_run, f.name);
}

json snapshot(const EnvironmentFacts& f) {
  if (f.snapshot.contains("seconds")) {
    const double ms = f.snapshot["seconds"].get<double>() * 1e3;
    return filled(ms, number(ms) + " ms (" + f.snapshot.value("how", "") + ")",
                  {{"unit", "ms"}, {"how", f.snapshot["how"]}});
  }
  return empty(f.snapshot.value("reason", "not measured"));
}

}  // namespace

json startup_from_run(const FeatureSources& s, const std::string& environment) {
  if (s.startup_run.empty()) return nullptr;
  return cells::startup(report_of(s.startup_run), s.startup_run, environment);
}

json feature_row(const EnvironmentFacts& f, const FeatureSources& s) {
  json cells = json::object();
  if (!f.unavailable.empty()) {
    for (const auto& c : feature_columns) cells[c.key] = empty("environment not available here: " + f.unavailable);
  } else {
    cells = {{"guest_os", guest_os(f, s)}, {"startup", startup(f, s)}, {"isolation", isolation(f, s)},
             {"checkpoint_restore", checkpoint_restore(f, s)}, {"live_migration", live_migration(f, s)},
             {"snapshot", snapshot(f)}};
  }
  return {{"environment", f.name}, {"available", f.unavailable.empty()}, {"description", f.described}, {"cells", cells}};
}

}  // namespace vcb
