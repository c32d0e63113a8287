#include "features/run_features.h"

#include <filesystem>
#include <map>

#include "features/earlier_results.h"
#include "features/environment_facts.h"
#include "features/feature_cells.h"
#include "features/features.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

using json = nlohmann::json;
using cells::empty;
using cells::filled;

constexpr const char* probes_more = "`vcbench features` probes it";

// What the report knows of one environment, and where the earlier runs are.
struct RunView {
  std::string dir, results_dir, host_kernel;
  const json* report;
  std::map<std::string, std::string> newest;  // suite -> folder ("" if none)
};

struct Env {
  std::string name, kind;
  json described;  // run.json environment_details (else the first record's environment)
  json context;    // the first record's context: what the kernel read inside
};

std::vector<Env> environments_of(const json& manifest, const std::vector<json>& records) {
  std::vector<Env> envs;
  for (const auto& name : manifest.value("environments", std::vector<std::string>{})) {
    Env e{name, "", manifest.value("environment_details", json::object()).value(name, json(nullptr)), nullptr};
    for (const auto& r : records) {
      if (r["environment"].value("name", "") != name) continue;
      if (e.described.is_null()) e.described = r["environment"];
      if (r.contains("context") && r["context"].is_object()) { e.context = r["context"]; break; }
    }
    e.kind = e.described.is_object() ? e.described.value("kind", "") : "";
    if (e.kind.empty()) e.kind = name.substr(0, name.find('/'));
    envs.push_back(std::move(e));
  }
  return envs;
}

bool is_container(const std::string& kind) { return kind == "docker" || kind == "podman"; }

json guest_os(const Env& e, const RunView& v) {
  const json facts = {{"host_kernel_release", v.host_kernel}};
  if (e.kind != "kvm")
    return filled(v.host_kernel, "host kernel " + v.host_kernel + " (shared)",
                  {{"kernel_release", v.host_kernel}, {"host_kernel_release", v.host_kernel}, {"shares_host_kernel", true},
                   {"source", "run.json host.kernel: " + e.name + " runs on the host's kernel"}});
  const std::string path = e.described.value("guest_kernel", "");
  if (path.empty()) return empty("run.json does not name the guest kernel; " + std::string(probes_more), facts);
  std::string release = fs::path(path).filename().string();
  if (release.rfind("vmlinuz-", 0) == 0) release = release.substr(8);
  return filled(release, "own kernel " + release + " (guest; host " + v.host_kernel + ")",
                {{"kernel_release", release}, {"host_kernel_release", v.host_kernel}, {"shares_host_kernel", false},
                 {"source", "run.json: the guest kernel QEMU booted (" + path + ")"}});
}

json startup(const Env& e, const RunView& v) {
  if (auto c = cells::startup(*v.report, v.dir, e.name, "this run"); !c.is_null()) return c;
  if (const auto& run = v.newest.at("startup"); !run.empty())
    if (auto c = cells::startup(report_of(run), run, e.name); !c.is_null()) return c;
  const double boot_s = e.described.is_object() ? e.described.value("startup_s", 0.0) : 0.0;
  if (e.kind == "kvm" && boot_s > 0)
    return filled(boot_s * 1e3, cells::number(boot_s * 1e3) + " ms (guest boot to agent at this run's start, n=1)",
                  {{"unit", "ms"}, {"metric", "boot"}, {"n", 1}, {"source", "run.json environment_details.startup_s"}});
  return empty("not measured: no startup rows in this run or in " + v.results_dir +
               "; `vcbench run --suite startup` measures it, `vcbench features` times fresh launches");
}

std::string seccomp_text(const json& context) {
  return context["seccomp"].is_number() ? context["seccomp"].dump() : "?";
}

json isolation(const Env& e) {
  if (!e.context.is_object())
    return empty("no record of " + e.name + " carries what was read inside; " + std::string(probes_more));
  const int caps = cells::capability_count(e.context.value("capabilities", json(nullptr)));
  json facts = {{"seccomp", e.context.value("seccomp", json(nullptr))},
                {"capabilities", e.context.value("capabilities", json(nullptr))}, {"capability_count", caps},
                {"source", "the records' context (read inside) and run.json's environment description"},
                {"not_probed", "allowed system calls, namespace inodes and devices: `vcbench features`"}};
  const std::string inside = "seccomp " + seccomp_text(e.context) + ", " + std::to_string(caps) + " capabilities";
  const std::string rest = "; syscalls, namespaces, devices: `vcbench features`";
  if (e.kind == "kvm") {
    const json model = qemu_model(e.described.value("qemu_command", ""));
    facts["shared_with_host"] = json::array();
    facts["outside"] = model;
    const std::string text = "own kernel, nothing shared; QEMU -sandbox " + model["sandbox"].get<std::string>() +
                             "; device model " + model["machine"].get<std::string>() + ": " +
                             cells::joined(model["devices"]) + "; inside: " + inside + rest;
    return filled(text, text, facts);
  }
  json shared = json::array({"kernel"});
  std::string text;
  if (e.kind == "native") {
    shared.push_back("everything (bare metal)");
    text = "bare metal, nothing isolated; " + inside;
  } else if (e.described.contains("namespaces")) {  // charliecloud names what it creates and shares
    const json ns = e.described["namespaces"];
    for (const auto& n : ns.value("shared_with_host", json::array())) shared.push_back(n);
    facts["namespaces_own"] = ns.value("created", json::array());
    text = "shares kernel + " + cells::joined(ns.value("shared_with_host", json::array())) + "; own ns: " +
           cells::joined(facts["namespaces_own"]) + "; " + inside + "; syscalls, devices: `vcbench features`";
  } else {
    const std::string profile = e.described.value("seccomp_profile", "");
    text = "shares kernel; network " + e.described.value("network", std::string("?")) + "; " + inside +
           (profile.empty() ? "" : ", seccomp profile " + profile) + rest;
  }
  facts["shared_with_host"] = shared;
  return filled(text, text, facts);
}

json checkpoint_restore(const Env& e, const RunView& v) {
  if (e.kind == "kvm") return empty(cells::kvm_checkpoint_reason);
  if (!is_container(e.kind)) return empty("not supported: " + e.name + " has no checkpoint command");
  if (const auto& run = v.newest.at("checkpoint"); !run.empty())
    if (auto c = cells::checkpoint(run, e.name); !c.is_null()) return c;
  return empty("not measured: no checkpoint run of " + e.name + " in " + v.results_dir + "; `vcbench run --suite "
               "checkpoint --env " + e.name + "` measures it (CRIU itself: `vcbench features` runs criu check)");
}

bool has_rows(const json& report, const std::string& benchmark, const std::string& env) {
  for (const auto& row : report["rows"])
    if (row.value("benchmark", "") == benchmark && row.value("environment", "") == env) return true;
  return false;
}

json live_migration(const Env& e, const RunView& v) {
  if (is_container(e.kind))
    return empty(std::string(cells::container_migration) + "; not measured by the migration suite (VMs only): "
                 "`vcbench run --suite checkpoint` times its dump and restore");
  if (e.kind != "kvm") return empty("not applicable: " + e.name + " has no migration");
  if (has_rows(*v.report, "migration", e.name)) return cells::migration(*v.report, v.dir, e.name);
  if (const auto& run = v.newest.at("migration"); !run.empty()) return cells::migration(report_of(run), run, e.name);
  return empty("not measured yet: run the migration suite (`vcbench run --suite migration --env " + e.name + "`)");
}

json snapshot(const Env& e) {
  const std::string reason = snapshot_reason(e.kind);
  if (!reason.empty()) return empty(reason);
  return empty("not measured by a run: `vcbench features` times a commit of the running container");
}

json row_of(const Env& e, const RunView& v) {
  json row_cells = {{"guest_os", guest_os(e, v)}, {"startup", startup(e, v)}, {"isolation", isolation(e)},
                    {"checkpoint_restore", checkpoint_restore(e, v)}, {"live_migration", live_migration(e, v)},
                    {"snapshot", snapshot(e)}};
  return {{"environment", e.name}, {"available", true}, {"description", e.described}, {"cells", row_cells}};
}

json source_or_null(const std::string& folder) {
  return folder.empty() ? json(nullptr) : json(fs::weakly_canonical(folder).string());
}

}  // namespace

json features_of_run(const std::string& dir, const json& manifest, const std::vector<json>& records, const json& report) {
  const json host = manifest.value("host", json::object());
  RunView v{dir, fs::absolute(dir).parent_path().string(), host.value("kernel", ""), &report,
            newest_runs_of(fs::absolute(dir).parent_path().string(), {"startup", "checkpoint", "migration"})};
  json rows = json::array();
  for (const auto& e : environments_of(manifest, records)) rows.push_back(row_of(e, v));
  json table = {{"schema", "vcbench/features/1"}, {"from", "run"},
                {"created", manifest.value("finished", json(nullptr)).is_string() ? manifest["finished"] : manifest.value("started", json(""))},
                {"run", manifest.value("id", "")},
                {"host", {{"name", host.value("name", "")}, {"kernel_release", v.host_kernel}}},
                {"appliance", manifest.value("appliance", json::object()).value("digest", json(nullptr))},
                {"columns", json::array()}, {"rows", rows},
                {"sources", {{"run", source_or_null(dir)}, {"startup", source_or_null(v.newest["startup"])},
                             {"checkpoint", source_or_null(v.newest["checkpoint"])},
                             {"migration", source_or_null(v.newest["migration"])}}},
                {"criu", {{"ok", nullptr}, {"detail", "not probed by the report: `vcbench features` runs criu check"}}},
                {"how", "from the run's records, run.json and the newest startup/checkpoint/migration runs next to it; "
                        "nothing was started or probed (`vcbench features` does)"}};
  for (const auto& c : feature_columns) table["columns"].push_back({{"key", c.key}, {"heading", c.heading}});
  return table;
}

std::string features_section(const json& table, const std::string& format) {
  const std::string how = table.value("how", "");
  if (format == "markdown") return "\n## Features of these environments\n\n" + how + ".\n\n" + features_markdown_table(table);
  if (format == "table") return "\nfeatures (" + how + ")\n" + format_features_table(table);
  return "";
}

}  // namespace vcb
