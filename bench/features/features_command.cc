#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "features/earlier_results.h"
#include "features/feature_cells.h"
#include "features/features.h"
#include "host/host_info.h"
#include "run/appliance_cache.h"
#include "run/provenance.h"
#include "run/records.h"
#include "vcb/context.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

// Every known environment unless the user named some; kvm/* left out with --no-vm.
std::vector<std::string> chosen_environments(const FeaturesOptions& o) {
  std::vector<std::string> envs = o.envs;
  if (envs.empty())
    for (const auto& e : known_environments()) envs.push_back(e.name);
  if (o.no_vm) envs.erase(std::remove_if(envs.begin(), envs.end(), [](auto& e) { return e.rfind("kvm", 0) == 0; }),
                          envs.end());
  // native first: its isolation record is the syscall baseline of the others.
  std::stable_partition(envs.begin(), envs.end(), [](auto& e) { return e == "native"; });
  return envs;
}

std::string write_json(const nlohmann::json& table, const std::string& out_dir) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  std::string stamp = table.value("created", "now");
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const std::string path = out_dir + "/" + stamp + ".json";
  std::ofstream out(path);
  out << table.dump(2) << "\n";
  return out ? path : "";
}

FeatureSources sources_for(const FeaturesOptions& o) {
  FeatureSources s;
  s.host = process_context();
  s.startup_run = newest_run_of(o.results_dir, "startup");
  s.checkpoint_run = newest_run_of(o.results_dir, "checkpoint");
  s.migration_run = newest_run_of(o.results_dir, "migration");
  s.criu = probe_criu("");
  s.docker_criu = s.criu.ok ? probe_criu("docker") : s.criu;
  return s;
}

nlohmann::json source_or_null(const std::string& folder) {
  return folder.empty() ? nlohmann::json(nullptr) : nlohmann::json(fs::weakly_canonical(folder).string());
}

}  // namespace

int features_command(const FeaturesOptions& o) {
  install_interrupt_handlers();
  for (const auto& env : o.envs) {
    std::string error;
    if (!make_launcher(env, LaunchContext{}, error)) { std::fprintf(stderr, "vcbench: %s\n", error.c_str()); return 2; }
  }
  const std::string programs = program_dir();
  auto appliance = current_appliance(programs);
  if (!appliance) { std::fprintf(stderr, "vcbench: %s\n", appliance.error().message.c_str()); return 1; }
  const std::string id = "features-" + new_run_id();
  const std::string scratch = (fs::temp_directory_path() / id).string();
  fs::create_directories(scratch);
  const LaunchContext context{id, scratch, programs, appliance->dir, appliance->digest};
  FeatureSources sources = sources_for(o);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& env : chosen_environments(o)) {
    if (interrupted()) break;
    std::fprintf(stderr, "features: %s\n", env.c_str());
    // Fresh launches are timed only where the startup run has nothing for the environment.
    const int fresh = startup_from_run(sources, env).is_null() ? o.startup_reps : 0;
    const EnvironmentFacts facts = gather_facts(env, context, fresh);
    if (env == "native") sources.native_inside = facts.inside;
    rows.push_back(feature_row(facts, sources));
  }
  std::error_code ec;
  fs::remove_all(scratch, ec);
  if (interrupted()) { std::fprintf(stderr, "vcbench: interrupted; environments stopped\n"); return 130; }
  const auto host = host_info();
  nlohmann::json table = {{"schema", "vcbench/features/1"}, {"created", utc_now_iso()},
                          {"host", {{"name", host.value("name", "")}, {"kernel_release", sources.host["kernel_release"]},
                                    {"namespaces", sources.host["namespaces"]}}},
                          {"appliance", appliance->digest},
                          {"columns", nlohmann::json::array()}, {"rows", rows},
                          {"sources", {{"startup", source_or_null(sources.startup_run)},
                                       {"checkpoint", source_or_null(sources.checkpoint_run)},
                                       {"migration", source_or_null(sources.migration_run)}}},
                          {"criu", {{"ok", sources.criu.ok}, {"version", sources.criu.version},
                                    {"detail", sources.criu.detail}, {"fix", sources.criu.fix}}}};
  for (const auto& c : feature_columns) table["columns"].push_back({{"key", c.key}, {"heading", c.heading}});
  const std::string path = write_json(table, o.out_dir);
  if (o.format == "json") std::printf("%s\n", table.dump(2).c_str());
  else if (o.format == "markdown") std::printf("%s", format_features_markdown(table).c_str());
  else if (o.format == "csv") std::printf("%s", format_features_csv(table).c_str());
  else std::printf("%s", format_features_table(table).c_str());
  std::fprintf(stderr, path.empty() ? "vcbench: could not write the table under %s\n" : "features: %s\n",
               path.empty() ? o.out_dir.c_str() : path.c_str());
  return 0;
}

}  // namespace vcb
