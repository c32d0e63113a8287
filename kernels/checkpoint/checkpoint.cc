// vcb-checkpoint: container checkpoint/restore through CRIU (issue 9). A host-side kernel (the
// suite says on_host): the runner starts it on the host with --environment docker|podman, and it
// checkpoints and restores a counter container of the appliance image, timing the dump, the
// restore and the image's size. Where CRIU cannot work it says why in one failure record per
// planned point, so a run never silently lacks them.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "container_checkpoint.h"
#include "counter.h"
#include "criu_probe.h"
#include "vcb/context.h"
#include "vcb/kernel.h"
#include "vcb/record.h"

namespace {

struct Point { const char* metric; const char* unit; };
constexpr Point points[] = {{"dump_time", "ms"}, {"restore_time", "ms"}, {"image_size", "MB"}};

// Kernel::emit_failure cannot carry the reason past the runner's failed-exit rewrite of the
// validation text, so the reason and fix also go into detail, which the runner keeps.
void emit_unsupported(const vcb::Kernel& k, const nlohmann::json& params, const std::string& reason,
                      const std::string& fix) {
  for (const auto& p : points)
    vcb::emit_line({{"benchmark", {{"name", k.name()}, {"params", params}}},
                    {"metric", {{"name", p.metric}, {"value", nullptr}, {"unit", p.unit}, {"better", "lower"}}},
                    {"validation", {{"passed", false}, {"detail", "not supported here: " + reason}}},
                    {"context", vcb::process_context()},
                    {"detail", {{"reason", reason}, {"fix", fix}, {"supported", false}}}});
  std::fprintf(stderr, "vcb-checkpoint: not supported here: %s; fix: %s\n", reason.c_str(), fix.c_str());
}

vcb::Measurement point_record(int index, const std::vector<double>& values, const vcb::Series& series,
                              bool passed, const std::string& validation, const nlohmann::json& detail) {
  return {.metric = points[index].metric, .unit = points[index].unit, .series = series, .values = values,
          .detail = detail, .passed = passed, .validation = validation};
}

int measure(vcb::Kernel& k, const std::string& engine, const std::string& work_dir, const nlohmann::json& params) {
  const std::string image = vcb::newest_appliance_image(engine);
  if (image.empty()) {
    emit_unsupported(k, params, "no appliance image in " + engine, "vcbench appliance image --engine " + engine);
    return 1;
  }
  const std::string program = "/opt/vcbench/bin/vcb-checkpoint";
  std::vector<double> dump, restore, size;
  vcb::Series series;
  nlohmann::json counters = nlohmann::json::array();
  std::string error;
  for (int i = 0; i < k.plan().warmup + k.plan().samples && error.empty(); ++i) {
    const auto o = vcb::checkpoint_once(engine, image, work_dir, program);
    if (!o.ok) error = o.error;
    if (!o.ok || i < k.plan().warmup) continue;
    dump.push_back(o.dump_s * 1e3);
    restore.push_back(o.restore_s * 1e3);
    size.push_back(static_cast<double>(o.image_bytes) / 1e6);
    series.seconds.push_back(o.dump_s + o.restore_s);
    series.iterations = 1;
    counters.push_back({{"before", o.counter_before}, {"after", o.counter_after}});
  }
  if (!error.empty()) series.error = error;
  const nlohmann::json detail = {{"image", image}, {"counter", counters}, {"supported", true}};
  const std::string check = "the counter read before the checkpoint continued after the restore";
  for (int i = 0; i < 3; ++i)
    k.emit(point_record(i, i == 0 ? dump : i == 1 ? restore : size, series, error.empty(), check, detail));
  return k.finish();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "counter") == 0) return vcb::run_counter();
  if (argc > 1 && std::strcmp(argv[1], "counter-read") == 0) return vcb::read_counter_file();
  vcb::Kernel k("checkpoint", argc, argv);
  const std::string environment = k.option("environment", "");
  const std::string work_dir = k.option("dir", std::filesystem::temp_directory_path().string());
  k.begin();
  const std::string engine = environment.substr(0, environment.find('/'));
  const nlohmann::json params = {{"engine", engine}};
  if (engine != "docker" && engine != "podman") {
    emit_unsupported(k, params, "checkpoint/restore is measured for docker and podman, not '" + environment + "'",
                     "run the checkpoint suite with --env docker or --env podman");
    return 1;
  }
  const vcb::CriuProbe probe = vcb::probe_criu(engine);
  if (!probe.ok) {
    emit_unsupported(k, params, probe.detail, probe.fix);
    return 1;
  }
  return measure(k, engine, work_dir, params);
}
