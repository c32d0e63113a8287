// vcb-migrate: live migration of a KVM/QEMU guest (issue 9). A host-side kernel (the suite says
// on_host): the runner starts it on the host with --environment kvm/<profile>, and each
// measurement migrates a fresh guest running a dirtying workload from one QEMU to another, over a
// unix socket or over TCP between two network namespaces, pre-copy or post-copy. QEMU's own
// figures become records (total_time, downtime, setup_time, transferred, dirty_pages_rate,
// rounds), plus the workload's longest pause seen on the host's clock (workload_pause); the
// throughput timeline goes into the total_time record's detail. A migration that fails, does not
// converge in time or cannot run here (post-copy without userfaultfd) is a failure record per
// metric saying why, and both QEMUs are gone either way.
//
// `vcb-migrate dirty ...` is the workload itself, run inside the guest (dirty_workload.h).
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "appliance/appliance.h"
#include "common/cpus.h"
#include "dirty_workload.h"
#include "kvm/initramfs.h"
#include "kvm/kvm_host.h"
#include "kvm/kvm_launcher.h"
#include "migration_run.h"
#include "netns.h"
#include "postcopy_probe.h"
#include "vcb/kernel.h"

namespace fs = std::filesystem;
using namespace vcb::migrate;

namespace {

// zero_ok: QEMU reports setup times of 0 ms, an idle guest's dirty rate is 0, and a workload may
// not pause measurably; a migration never takes 0 ms, sends 0 MB or needs 0 passes.
struct Metric { const char* name; const char* unit; bool zero_ok; };
constexpr Metric metrics[] = {{"total_time", "ms", false},  {"downtime", "ms", false},
                              {"setup_time", "ms", true},   {"transferred", "MB", false},
                              {"dirty_pages_rate", "pages/s", true}, {"rounds", "passes", false},
                              {"workload_pause", "ms", true}};

double metric_value(int i, const MigrationOutcome& o) {
  const MigrationFigures& f = o.figures;
  const double v[] = {f.total_time_ms, f.downtime_ms, f.setup_time_ms, f.transferred_mb, f.dirty_pages_rate,
                      static_cast<double>(f.rounds), o.workload_pause_ms};
  return v[i];
}

// A work folder under /tmp (unix socket paths hold 107 bytes), removed on every way out unless
// VCBENCH_MIGRATE_KEEP=1; folders of killed runs (their pid gone) are removed first.
struct WorkDir {
  std::string path;
  WorkDir() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/tmp", ec)) {
      const std::string name = e.path().filename().string();
      const long pid = name.rfind("vcb-migrate-", 0) == 0 ? std::atol(name.c_str() + 12) : 0;
      if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
    }
    std::string t = "/tmp/vcb-migrate-" + std::to_string(getpid()) + "-XXXXXX";
    if (mkdtemp(t.data())) path = t;
  }
  ~WorkDir() {
    std::error_code ec;
    const char* keep = getenv("VCBENCH_MIGRATE_KEEP");  // debugging: QEMU logs and guest consoles stay
    if (keep && std::string(keep) == "1") std::fprintf(stderr, "vcb-migrate: kept %s\n", path.c_str());
    else if (!path.empty()) fs::remove_all(path, ec);
  }
};

// One failure record per metric, so a plot of any metric shows the point as failed rather than
// missing. The reason also goes to stderr (the runner keeps its tail) and into detail, which
// survives the runner's rewrite of the validation text of a kernel that exited non-zero.
int emit_failure(vcb::Kernel& k, const std::string& reason, nlohmann::json detail) {
  detail["reason"] = reason;
  for (const auto& m : metrics) {
    vcb::Series s;
    s.error = reason;
    k.emit({.metric = m.name, .unit = m.unit, .series = s, .detail = detail, .passed = false, .validation = reason});
  }
  std::fprintf(stderr, "vcb-migrate: %s\n", reason.c_str());
  return k.finish();
}

std::string appliance_dir(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = getenv("VCBENCH_APPLIANCE_DIR"); env && *env) return env;
  // Run by hand: the build's appliance, built the way the runner builds it.
  auto built = vcb::appliance::build(vcb::appliance::own_program_dir(), vcb::appliance::own_program_dir() + "/../appliance");
  return built ? built->dir : "";
}

// The acceleration the harness's probe boot proved (passed down by the runner), else our own probe.
HostFacts host_facts() {
  HostFacts h;
  const char* accel = getenv("VCBENCH_ENV_ACCEL");
  h.accel = accel && *accel ? accel : vcb::probe_kvm().accel;
  h.kernel = vcb::find_guest_kernel();
  h.cpus = vcb::default_cpus();
  h.numa_nodes = vcb::host_numa_nodes();
  return h;
}

int measure(vcb::Kernel& k, const MigrateOptions& o, const HostFacts& host, const std::string& initrd,
            const std::string& dir, nlohmann::json base) {
  std::vector<double> values[std::size(metrics)];
  vcb::Series series;
  MigrationOutcome last;
  nlohmann::json per_migration = nlohmann::json::array();
  for (int i = 0; i < k.plan().warmup + k.plan().samples; ++i) {
    last = migrate_once(o, host, initrd, dir);
    if (vcb::interrupted()) return 130;
    nlohmann::json detail = base;
    detail.update(last.detail);
    if (!last.ok) {
      if (!last.figures.status.empty()) detail.update(failure_figures(last.figures));  // completed, checks failed
      return emit_failure(k, last.failure, detail);
    }
    if (i < k.plan().warmup) continue;
    for (size_t m = 0; m < std::size(metrics); ++m) values[m].push_back(metric_value(static_cast<int>(m), last));
    series.seconds.push_back(last.wall_s);
    series.iterations = 1;
    per_migration.push_back({{"status", last.figures.status}, {"expected_downtime", last.detail["expected_downtime"]},
                             {"postcopy_requests", last.figures.postcopy_requests},
                             {"postcopy_mb", last.figures.postcopy_mb}, {"mbps", last.figures.mbps},
                             {"counter_before", last.detail["counter_before"]},
                             {"counter_after", last.detail["counter_after"]}});
  }
  nlohmann::json full = base;
  full.update(last.detail);
  full["qemu_status"] = last.figures.status;
  full["query_migrate"] = last.figures.raw;
  full["migrations"] = per_migration;
  nlohmann::json brief = base;
  brief["migrations"] = per_migration;
  const std::string check = "migrated (QEMU status completed); the destination's agent answered; the workload's "
                            "counter continued past its value before the migration and still advanced; the source "
                            "stopped and exited";
  for (size_t m = 0; m < std::size(metrics); ++m)
    k.emit({.metric = metrics[m].name, .unit = metrics[m].unit, .series = series, .values = values[m],
            .detail = m == 0 ? full : brief, .passed = true, .validation = check, .zero_ok = metrics[m].zero_ok});
  return k.finish();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "dirty") == 0) return run_dirty_workload(argc - 2, argv + 2);
  vcb::install_interrupt_handlers();  // SIGTERM/SIGINT: stop, kill both QEMUs, delete the namespaces
  vcb::Kernel k("migration", argc, argv);
  const std::string environment = k.option("environment", "");
  MigrateOptions o;
  o.memory_mb = k.param_int("memory_mb", 256);
  o.dirty_mb_s = k.param_int("dirty_mb_s", 0);
  o.max_bandwidth_mb_s = k.param_int("max_bandwidth_mb_s", 0);
  o.downtime_limit_ms = k.param_int("downtime_limit_ms", 300);
  o.mode = k.param("mode", "precopy");
  o.transport = k.param("transport", "unix");
  o.working_set_mb = std::atol(k.option("working_set_mb", "0").c_str());
  o.timeout_s = std::atof(k.option("migration_timeout_s", "60").c_str());
  o.vcpus = std::atoi(k.option("vcpus", "1").c_str());
  const std::string given_appliance = k.option("appliance", "");
  k.begin();
  if (o.mode != "precopy" && o.mode != "postcopy") k.usage_error("--mode is precopy or postcopy");
  if (o.transport != "unix" && o.transport != "tcp-netns") k.usage_error("--transport is unix or tcp-netns");
  if (o.memory_mb < 128 || o.dirty_mb_s < 0 || o.max_bandwidth_mb_s < 0 || o.downtime_limit_ms < 1 ||
      o.timeout_s <= 0 || o.vcpus < 1)
    k.usage_error("--memory_mb >= 128, --dirty_mb_s >= 0, --max_bandwidth_mb_s >= 0, --downtime_limit_ms >= 1, "
                  "--migration_timeout_s > 0, --vcpus >= 1");

  vcb::KvmProfile profile;
  if (environment.rfind("kvm/", 0) != 0 || !vcb::parse_kvm_profile(environment.substr(4), profile))
    return emit_failure(k, "live migration is measured for kvm/<profile> environments, not '" + environment + "'",
                        {{"fix", "run the migration suite with --env kvm/naive (or tuned, pinned, numa)"}});
  o.profile = environment.substr(4);
  const HostFacts host = host_facts();
  nlohmann::json base = {{"accel", host.accel.empty() ? nlohmann::json(nullptr) : nlohmann::json(host.accel)},
                         {"profile", o.profile}, {"working_set_mb", working_set_mb(o)}, {"timeout_s", o.timeout_s},
                         {"vcpus", o.vcpus}, {"guest_kernel", host.kernel},
                         {"environment", started_environment(o, host)}};
  if (host.accel.empty()) return emit_failure(k, "no QEMU guest boots here: " + vcb::probe_kvm().detail, base);
  if (o.mode == "postcopy") {
    const UffdProbe uffd = probe_userfaultfd();
    base["userfaultfd"] = uffd.facts;
    if (!uffd.ok) return emit_failure(k, "post-copy needs userfaultfd: " + uffd.reason, base);
  }
  remove_abandoned_namespaces();  // of runs killed outright (SIGKILL at the runner's timeout)
  WorkDir dir;
  if (dir.path.empty()) return emit_failure(k, "cannot create a folder under /tmp", base);
  const std::string appliance = appliance_dir(given_appliance);
  const std::string initrd = dir.path + "/initramfs.cpio";
  auto cpio = vcb::write_initramfs(appliance + "/rootfs", vcb::agent_path(), initrd);
  if (appliance.empty() || !cpio)
    return emit_failure(k, "no appliance to boot (" + (cpio ? appliance : cpio.error().message) + ")",
                        {{"fix", "vcbench appliance build"}});
  base["appliance_dir"] = appliance;
  return measure(k, o, host, initrd, dir.path, base);
}
