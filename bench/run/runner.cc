#include "run/runner.h"

#include "common/cpus.h"
#include "suite/benchmark_filter.h"
#include "suite/thread_sweep.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <memory>

#include "host/host_info.h"
#include "launcher.h"
#include "kvm/kvm_pci.h"
#include "mpi/mpi_launch.h"
#include "report/availability_table.h"
#include "report/report.h"
#include "run/appliance_cache.h"
#include "run/kernel_command.h"
#include "run/matrix.h"
#include "run/progress.h"
#include "run/provenance.h"
#include "run/records.h"
#include "run/run_folder.h"
#include "trust/trust.h"
#include "vcb/timer.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

struct Calibration {
  std::string iterations;  // "N" or "point=N,..." for --iters; empty when calibration failed
  std::string failure;     // why, when it failed
  nlohmann::json templates = nlohmann::json::array();
};

// The availability suite answers in the seed study's table layout, so the run prints it at once.
void print_availability_table(const std::string& dir) {
  std::ifstream in(dir + "/run.json");
  const auto manifest = nlohmann::json::parse(in, nullptr, false);
  auto records = read_records(dir);
  if (manifest.is_discarded() || !records) return;
  auto report = build_report(manifest, *records, "");
  if (report) std::printf("%s", format_availability_table(*report).c_str());
}

class Runner {
 public:
  Runner(Suite suite, std::vector<std::string> envs, int reps, RunFolder folder, nlohmann::json manifest,
         std::unique_ptr<MpiLauncher> mpi)
      : suite_(std::move(suite)), envs_(std::move(envs)), reps_(reps), folder_(std::move(folder)),
        manifest_(std::move(manifest)), mpi_(std::move(mpi)) {}

  Result<int> start_environments();
  int run();

 private:
  void load_calibrations();
  Calibration calibrate(const Instance& instance);
  void measure(const Planned& p, Progress& progress);
  MeasurementContext context_for(const Planned& p, const Calibration& cal) const;
  void stop_environments();
  ProcessResult invoke(Launcher& launcher, const Instance& instance, std::vector<std::string> argv) const;
  ProcessResult run_on_host(const Instance& instance, const std::string& environment) const;

  Suite suite_;
  std::vector<std::string> envs_;
  int reps_;
  RunFolder folder_;
  nlohmann::json manifest_;
  std::map<std::string, std::unique_ptr<Launcher>> launchers_;
  std::map<std::string, Calibration> calibrations_;
  std::unique_ptr<MpiLauncher> mpi_;  // set when the suite has MPI benchmarks
  std::string programs_ = program_dir();
  int failures_ = 0;
};

std::string scratch_of(const RunFolder& f) { return f.dir() + "/scratch"; }

Result<int> Runner::start_environments() {
  fs::create_directories(scratch_of(folder_));
  auto appliance = current_appliance(programs_);
  if (!appliance) return appliance.error();
  manifest_["appliance"] = {{"digest", appliance->digest}, {"dir", fs::weakly_canonical(appliance->dir)}};
  LaunchContext context{manifest_["id"], fs::absolute(scratch_of(folder_)), programs_, appliance->dir,
                        appliance->digest};
  context.vm = VmOptions::from_json(manifest_.value("vm", nlohmann::json::object()));
  for (const auto& env : envs_) {
    std::string error;
    auto launcher = make_launcher(env, context, error);
    if (!launcher || !launcher->start(Resources{}, error))
      return Error{"environment " + env + " could not start: " + error, 1};
    launchers_[env] = std::move(launcher);
  }
  nlohmann::json envs = nlohmann::json::object();
  for (const auto& [name, l] : launchers_) {
    envs[name] = l->describe();
    envs[name]["startup_s"] = l->startup_s();
  }
  manifest_["environment_details"] = envs;
  return 0;
}

void Runner::stop_environments() {
  for (auto& [name, l] : launchers_) l->stop();
  if (mpi_) mpi_->finish();
  std::error_code ec;
  fs::remove_all(scratch_of(folder_), ec);
}

void Runner::load_calibrations() {
  const nlohmann::json saved = manifest_.value("calibration", nlohmann::json::object());
  for (const auto& [key, c] : saved.items())
    calibrations_[key] = {c.value("iterations", ""), c.value("failure", ""),
                          c.value("templates", nlohmann::json::array())};
}

// Runs one kernel command the way its benchmark asks: inside the running environment, or in a fresh
// one; startup kernels get the launch request's clock reading last, just before the launch.
ProcessResult Runner::invoke(Launcher& launcher, const Instance& instance, std::vector<std::string> argv) const {
  if (instance.stamp_t0) {
    argv.push_back("--t0");
    argv.push_back(launcher.shares_host_clock() ? std::to_string(now_ns()) : "unshared");
  }
  return instance.launch == "fresh" ? launcher.launch_fresh(argv, instance.timeout_s)
                                    : launcher.exec(argv, instance.timeout_s);
}

// A host-side kernel (checkpoint, migration) drives the environment from outside: it runs from the
// build's programs on the host and is told which environment to act on.
ProcessResult Runner::run_on_host(const Instance& instance, const std::string& environment) const {
  auto argv = measurement_command(instance, programs_, scratch_of(folder_), "");
  argv.push_back("--environment");
  argv.push_back(environment);
  ProcessOptions o;
  o.timeout_s = instance.timeout_s;
  // What such a kernel would otherwise redo: the appliance this run boots (vcb-migrate builds its
  // guests' initramfs from it) and the acceleration the environment's probe boot proved.
  o.env.push_back("VCBENCH_APPLIANCE_DIR=" + manifest_["appliance"].value("dir", std::string()));
  const auto& details = manifest_["environment_details"];
  if (details.contains(environment) && details[environment].value("accel", nlohmann::json()).is_string())
    o.env.push_back("VCBENCH_ENV_ACCEL=" + details[environment]["accel"].get<std::string>());
  return run_process(argv, o);
}

// The baseline (first) environment calibrates; every environment and repetition reuses its counts.
Calibration Runner::calibrate(const Instance& instance) {
  auto& launcher = *launchers_.at(envs_.front());
  const auto result =
      invoke(launcher, instance, calibration_command(instance, launcher.program_dir(), launcher.scratch_dir()));
  Calibration cal;
  const auto records = parse_kernel_records(result.out);
  std::string counts;
  for (const auto& r : records) {
    const auto& c = r.value("calibration", nlohmann::json::object());
    const long long n = c.value("iterations", 0LL);
    if (n <= 0) continue;
    const std::string point = c.value("point", "");
    counts += (counts.empty() ? "" : ",") + (point.empty() ? "" : point + "=") + std::to_string(n);
    cal.templates.push_back({{"benchmark", {{"params", r["benchmark"]["params"]}}},
                             {"metric", {{"name", r["metric"]["name"]}, {"unit", r["metric"]["unit"]},
                                         {"better", r["metric"]["better"]}}}});
  }
  const bool clean = result.started && !result.timed_out && result.signal == 0 && result.exit_code == 0;
  if (clean && !counts.empty()) cal.iterations = counts;
  else cal.failure = "calibration failed: " + (result.err_tail.empty() ? std::string("kernel exited with status ") +
                                                   std::to_string(result.exit_code) : result.err_tail);
  while (!cal.failure.empty() && (cal.failure.back() == '\n')) cal.failure.pop_back();
  return cal;
}

MeasurementContext Runner::context_for(const Planned& p, const Calibration& cal) const {
  const Instance& instance = suite_.instances[p.instance];
  MeasurementContext ctx;
  ctx.run = {{"id", manifest_["id"]}, {"repetition", p.repetition}, {"order", p.order}, {"measurement", p.key}};
  ctx.suite = instance.suite;
  ctx.instance = instance.key();
  ctx.params = instance.params;
  ctx.benchmark = instance.benchmark;
  ctx.environment = manifest_["environment_details"][p.environment];
  ctx.environment["appliance"] = manifest_["appliance"]["digest"];
  ctx.environment["kernels_digest"] = manifest_["kernels_digest"];
  ctx.host = manifest_["host"];
  ctx.build = manifest_["build"];
  ctx.templates = cal.templates;
  ctx.calibration = {{"target_s", instance.target_ms / 1000.0}, {"environment", envs_.front()}};
  return ctx;
}

void Runner::measure(const Planned& p, Progress& progress) {
  const Instance& instance = suite_.instances[p.instance];
  progress.begin(p.environment + "  " + instance.key() + "  rep " + std::to_string(p.repetition) + "/" +
                 std::to_string(reps_ > 0 ? reps_ : instance.reps));
  const Calibration& cal = calibrations_.at(instance.key());
  MeasurementContext ctx = context_for(p, cal);
  std::vector<nlohmann::json> records;
  if (!cal.failure.empty()) {
    records = failure_records(ctx, "calibration", cal.failure);
  } else {
    auto& launcher = *launchers_.at(p.environment);
    const auto cpus = manifest_["environment_details"][p.environment]["resources"].value("cpus", nlohmann::json::array());
    const double env_cpu_before = launcher.environment_cpu_s();
    const TrustSample before = sample_trust();
    const auto command = measurement_command(instance, launcher.program_dir(), launcher.scratch_dir(), cal.iterations);
    ProcessResult result;
    if (instance.on_host) {
      result = run_on_host(instance, p.environment);
    } else if (instance.mpi.empty()) {
      result = invoke(launcher, instance, command);
    } else {
      auto outcome = mpi_->run(launcher, instance, command);
      result = std::move(outcome.result);
      ctx.environment["mpi"] = std::move(outcome.described);
    }
    const TrustSample after = sample_trust();
    const double own_cpu = result.cpu_s + std::max(0.0, launcher.environment_cpu_s() - env_cpu_before);
    ctx.trust = trust_delta(before, after, own_cpu, static_cast<int>(cpus.size()));
    if (result.interrupted) return;  // nothing half-measured is written; --resume redoes it
    records = build_records(ctx, result);
    if (instance.on_host) adopt_kernel_environment(records);
    // In a resident guest the program's own clock reading is the guest's uptime, not a start-up
    // cost: only the host-side to_exit stays. In a fresh guest it is the guest's boot.
    if (instance.stamp_t0)
      add_launch_record(records, result.wall_s, launcher.shares_host_clock() || instance.launch == "fresh");
  }
  int failed = 0;
  for (const auto& r : records) failed += r["validation"].value("passed", false) ? 0 : 1;
  failures_ += failed;
  if (!folder_.append(records)) progress.line("vcbench: cannot append to " + folder_.records_path());
  progress.end(failed ? "FAILED (" + records.front()["validation"].value("detail", std::string()) + ")"
                      : "ok, " + std::to_string(records.size()) + " record(s)");
}

int Runner::run() {
  const auto plan = plan_matrix(suite_, envs_, reps_);
  load_calibrations();
  size_t done = 0;
  for (const auto& p : plan) done += folder_.completed().count(p.key);
  Progress progress(plan.size(), done);
  for (const auto& instance : suite_.instances) {
    if (calibrations_.count(instance.key()) || interrupted()) continue;
    if (!instance.mpi.empty() || instance.on_host) {  // they time whole runs or fixed loops: nothing to calibrate
      calibrations_[instance.key()] = Calibration{};
      continue;
    }
    progress.line("calibrating " + instance.key());
    calibrations_[instance.key()] = calibrate(instance);
    if (interrupted()) {  // a calibration cut short says nothing about the benchmark
      calibrations_.erase(instance.key());
      break;
    }
    const auto& c = calibrations_[instance.key()];
    manifest_["calibration"][instance.key()] = {{"iterations", c.iterations}, {"failure", c.failure},
                                                {"templates", c.templates}, {"environment", envs_.front()}};
  }
  folder_.write_manifest(manifest_);
  for (const auto& p : plan) {
    if (interrupted()) break;
    if (!folder_.completed().count(p.key)) measure(p, progress);
  }
  progress.finish();
  stop_environments();
  if (interrupted()) {
    std::fprintf(stderr, "vcbench: interrupted; environments stopped. Finish with: vcbench run --resume %s\n",
                 folder_.dir().c_str());
    return 130;
  }
  manifest_["finished"] = utc_now_iso();
  manifest_["failures"] = failures_;
  folder_.write_manifest(manifest_);
  if (suite_.name.find("availability") != std::string::npos) print_availability_table(folder_.dir());
  std::printf("results: %s (%zu measurements, %d failed records)\n", folder_.dir().c_str(), plan.size(), failures_);
  std::printf("next: vcbench report %s && vcbench plot %s\n", folder_.dir().c_str(), folder_.dir().c_str());
  return failures_ > 0 ? 1 : 0;
}

Result<std::vector<std::string>> check_environments(const std::vector<std::string>& envs, const VmOptions& vm) {
  if (!vm.pci.empty() && std::find(envs.begin(), envs.end(), "kvm/tuned") == envs.end())
    return Error{"--pci hands devices to kvm/tuned guests; add --env kvm/tuned"};
  for (const auto& bdf : vm.pci)  // checked before anything starts: a wrong address is bad input
    if (auto planned = plan_passthrough("/sys", bdf, vm.pci); !planned)
      return Error{"--pci " + bdf + ": " + planned.error().message};
  LaunchContext context;
  context.vm = vm;
  for (const auto& env : envs) {
    std::string error;
    auto l = make_launcher(env, context, error);
    if (!l) return Error{error};
    const Probe p = l->probe();
    if (!p.ok) return Error{"environment " + env + " is not available here: " + p.detail + "; fix: " + p.fix};
  }
  if (envs.empty()) return std::vector<std::string>{"native"};
  return envs;
}

// The MPI side of a run: checks what the node layout needs and applies it to the suite's MPI
// benchmarks; no MpiLauncher when the suite has none (and then the MPI flags are an error).
Result<std::unique_ptr<MpiLauncher>> prepare_mpi(Suite& suite, const MpiOptions& options, const std::string& id,
                                                 const std::string& dir) {
  const bool any = std::any_of(suite.instances.begin(), suite.instances.end(), [](auto& i) { return !i.mpi.empty(); });
  const bool asked = options.multi_node() || options.ranks_per_node > 0 || !options.nodes_sweep.empty();
  if (!any) {
    if (asked) return Error{"--nodes, --ranks-per-node, --nodes-sweep and --scheduler apply to MPI suites "
                            "(osu, npb, graph500); " + suite.name + " has no MPI benchmark"};
    return std::unique_ptr<MpiLauncher>();
  }
  auto mpi = std::make_unique<MpiLauncher>(options, id, fs::absolute(dir).string() + "/scratch");
  auto nodes = mpi->check();
  if (!nodes) return nodes.error();
  if (auto placed = apply_mpi_layout(suite, options, *nodes); !placed) return placed.error();
  return mpi;
}

nlohmann::json new_manifest(const Suite& suite, const std::vector<std::string>& envs, int reps, const std::string& id) {
  nlohmann::json suite_files = nlohmann::json::array();
  std::stringstream files(suite.file);
  for (std::string f; std::getline(files, f, ',');) suite_files.push_back(f);
  const std::string digest = kernels_digest(program_dir());
  return {{"schema", "vcbench/run/1"}, {"id", id}, {"suite", suite.name}, {"suite_files", suite_files},
          {"quick", suite.quick}, {"reps", reps > 0 ? reps : suite.reps}, {"reps_override", reps},
          {"baseline", envs.front()}, {"environments", envs},
          {"started", utc_now_iso()}, {"finished", nullptr}, {"host", host_info()}, {"build", build_json()},
          {"kernels_digest", digest}, {"matrix", matrix_json(suite, plan_matrix(suite, envs, reps))},
          {"calibration", nlohmann::json::object()}};
}

// `--dry-run`: what the run would measure and how each environment would be brought up.
Result<int> print_dry_run(const Suite& suite, const std::vector<std::string>& envs, int reps, const VmOptions& vm) {
  const auto plan = plan_matrix(suite, envs, reps);
  std::printf("suite %s: %zu measurements over %zu environments (nothing is run: --dry-run)\n", suite.name.c_str(),
              plan.size(), envs.size());
  LaunchContext context;
  context.vm = vm;
  for (const auto& env : envs) {
    std::string error;
    const auto lines = make_launcher(env, context, error)->dry_run(Resources{});
    for (const auto& line : lines) std::printf("%s\n", line.c_str());
    if (!lines.empty()) continue;
    for (const auto& known : known_environments())
      if (known.name == env) std::printf("%s: %s\n", env.c_str(), known.description.c_str());
  }
  return 0;
}

Result<int> start_new(const RunOptions& o) {
  if (o.reps < 0) return Error{"--reps must be at least 1"};
  auto suite = load_suites(o.suites, o.quick);
  if (!suite) return suite.error();
  if (auto kept = keep_benchmarks(*suite, o.benchmarks); !kept) return kept.error();
  const int reps = o.reps;  // 0: each suite's own count
  if (auto threaded = apply_threads(*suite, o.threads, static_cast<int>(default_cpus().size())); !threaded)
    return threaded.error();
  auto envs = check_environments(o.envs, o.vm);
  if (!envs) return envs.error();
  if (o.dry_run) return print_dry_run(*suite, *envs, reps, o.vm);
  const std::string id = new_run_id();
  auto mpi = prepare_mpi(*suite, o.mpi, id, o.out.empty() ? "results/runs/" + id : o.out);
  if (!mpi) return mpi.error();
  const std::string dir = o.out.empty() ? "results/runs/" + id : o.out;
  auto folder = RunFolder::create(dir);
  if (!folder) return folder.error();
  auto manifest = new_manifest(*suite, *envs, reps, id);
  manifest["mpi"] = o.mpi.to_json();
  manifest["threads"] = o.threads;
  manifest["vm"] = o.vm.to_json();
  manifest["benchmarks"] = o.benchmarks;
  if (!folder->write_manifest(manifest)) return Error{"cannot write " + dir + "/run.json; check free space"};
  Runner runner(std::move(*suite), *envs, reps, std::move(*folder), std::move(manifest), std::move(*mpi));
  if (auto started = runner.start_environments(); !started) {
    std::error_code ec;
    fs::remove_all(dir, ec);  // bad input leaves no half-written results folder
    return started.error();
  }
  return runner.run();
}

Result<int> resume(const RunOptions& o) {
  auto folder = RunFolder::reopen(o.resume);
  if (!folder) return folder.error();
  auto manifest = folder->read_manifest();
  if (!manifest) return manifest.error();
  auto& m = *manifest;
  auto suite = load_suites(m.value("suite_files", std::vector<std::string>{}), m.value("quick", false));
  if (!suite) return Error{"cannot reload the run's suite: " + suite.error().message};
  if (auto kept = keep_benchmarks(*suite, m.value("benchmarks", std::vector<std::string>{})); !kept)
    return kept.error();
  const auto envs = m.value("environments", std::vector<std::string>{});
  const int reps = m.value("reps_override", 0);
  if (auto threaded = apply_threads(*suite, m.value("threads", std::vector<int>{}),
                                    static_cast<int>(default_cpus().size()));
      !threaded)
    return threaded.error();
  auto mpi = prepare_mpi(*suite, MpiOptions::from_json(m.value("mpi", nlohmann::json::object())),
                         m.value("id", std::string()), o.resume);
  if (!mpi) return mpi.error();
  if (matrix_json(*suite, plan_matrix(*suite, envs, reps)) != m["matrix"])
    return Error{"the suite file " + suite->file + " changed since the run started; start a new run"};
  if (auto checked = check_environments(envs, VmOptions::from_json(m.value("vm", nlohmann::json::object()))); !checked)
    return checked.error();
  Runner runner(std::move(*suite), envs, reps, std::move(*folder), std::move(m), std::move(*mpi));
  if (auto started = runner.start_environments(); !started) return started.error();
  return runner.run();
}

}  // namespace

int run_command(const RunOptions& options) {
  install_interrupt_handlers();
  auto outcome = options.resume.empty() ? start_new(options) : resume(options);
  if (!outcome) {
    std::fprintf(stderr, "vcbench: %s\n", outcome.error().message.c_str());
    return outcome.error().exit_code;
  }
  return *outcome;
}

}  // namespace vcb
