#include "oci/oci_launcher.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>

#include "appliance/appliance.h"
#include "common/cpus.h"
#include "vcb/timer.h"

namespace vcb {
namespace {

ProcessResult run_engine(const std::vector<std::string>& argv, double timeout_s = 60) {
  ProcessOptions o;
  o.timeout_s = timeout_s;
  return run_process(argv, o);
}

// Removing a container must complete even after SIGINT: nothing may be left behind.
void remove_container(const OciSpec& spec) {
  ProcessOptions o;
  o.timeout_s = 60;
  o.interruptible = false;
  run_process(oci_remove(spec), o);
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

bool owner_alive(const std::string& pid_text) {
  const long pid = std::atol(pid_text.c_str());
  return pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

}  // namespace

OciLauncher::OciLauncher(std::string engine, std::string profile, LaunchContext context)
    : engine_(std::move(engine)), profile_name_(profile.empty() ? "default" : std::move(profile)),
      context_(std::move(context)) {
  parse_oci_profile(profile_name_, spec_.profile);
  spec_.engine = engine_;
  spec_.owner_label = "org.vcbench.owner=" + std::to_string(getpid());
  std::string id = context_.run_id;
  for (char& c : id) if (!isalnum(static_cast<unsigned char>(c))) c = '-';
  spec_.name = "vcb-" + id + "-" + engine_ + "-" + profile_name_;
  spec_.host_scratch = context_.host_scratch;
}

Probe OciLauncher::probe() {
  const std::string package = engine_ == "docker" ? "docker.io" : "podman";
  if (find_program(engine_).empty())
    return {false, engine_ + " is not installed", "apt-get install " + package + " (scripts/install-deps.sh does)"};
  const auto r = run_engine({engine_, "version", "--format", engine_ == "docker" ? "{{.Server.Version}}" : "{{.Version}}"}, 20);
  if (!r.started || r.exit_code != 0 || trimmed(r.out).empty()) {
    if (engine_ == "docker")
      return {false, "no Docker engine answers (" + first_line(r.err_tail) + ")",
              "start one: scripts/start-docker.sh (runs dockerd --bridge=none)"};
    return {false, "podman does not answer (" + first_line(r.err_tail) + ")", "apt-get install podman runc catatonit"};
  }
  return {true, engine_ + " " + trimmed(r.out), ""};
}

nlohmann::json OciLauncher::engine_facts() const {
  nlohmann::json facts = {{"engine_version", nullptr}, {"storage_driver", nullptr}, {"cgroup_version", nullptr},
                          {"security_options", nullptr}, {"oci_runtime", nullptr}};
  const auto r = run_engine({engine_, "info", "--format", "{{json .}}"}, 30);
  auto info = nlohmann::json::parse(r.out, nullptr, false);
  if (info.is_discarded()) return facts;
  if (engine_ == "docker") {
    facts["engine_version"] = info.value("ServerVersion", "");
    facts["storage_driver"] = info.value("Driver", "");
    facts["cgroup_version"] = info.value("CgroupVersion", "");
    facts["security_options"] = info.value("SecurityOptions", nlohmann::json::array());
    facts["oci_runtime"] = info.value("DefaultRuntime", "");
  } else {
    facts["engine_version"] = info["version"].value("Version", "");
    facts["storage_driver"] = info["store"].value("graphDriverName", "");
    facts["cgroup_version"] = info["host"].value("cgroupVersion", "");
    facts["security_options"] = info["host"].value("security", nlohmann::json::object());
    facts["oci_runtime"] = "runc";
  }
  return facts;
}

// Images of earlier builds' appliances would pile up with every rebuild. Unused ones older than an
// hour are pruned: a younger one may belong to a run of another build that is about to start it.
void prune_superseded_images(const std::string& engine) {
  run_engine({engine, "image", "prune", "-a", "-f", "--filter", "label=org.vcbench.appliance", "--filter",
              "until=1h"});
}

// Containers of a harness that was killed (SIGKILL leaves no chance to clean up) are removed here.
void OciLauncher::remove_abandoned() const {
  const auto r = run_engine({engine_, "ps", "-a", "--filter", "label=org.vcbench=1", "--format",
                             "{{.Names}} {{.Label \"org.vcbench.owner\"}}"});
  std::istringstream lines(r.out);
  std::string name, owner;
  while (lines >> name >> owner)
    if (!owner_alive(owner)) run_engine({engine_, "rm", "-f", name});
}

bool OciLauncher::start_resident(std::string& error) {
  remove_container(spec_);
  const int64_t t0 = now_ns();
  const auto r = run_engine(oci_run_resident(spec_), 120);
  if (!r.started || r.exit_code != 0) {
    error = engine_ + " could not start the container: " + first_line(r.err_tail);
    return false;
  }
  startup_s_ = seconds_since(t0);
  const auto pid = run_engine({engine_, "inspect", "--format", "{{.State.Pid}}", spec_.name});
  resident_pid_ = std::atoi(trimmed(pid.out).c_str());
  running_ = true;
  usleep(300000);  // the engine's own start-up work settles before the first measurement
  return true;
}

bool OciLauncher::start(const Resources& resources, std::string& error) {
  const Probe p = probe();
  if (!p.ok) { error = p.detail + "; fix: " + p.fix; return false; }
  facts_ = engine_facts();
  remove_abandoned();
  appliance::Appliance a;
  a.dir = context_.appliance_dir;
  a.tarball = context_.appliance_dir + "/appliance.tar";
  a.rootfs = context_.appliance_dir + "/rootfs";
  a.digest = context_.appliance_digest;
  auto image = appliance::ensure_image(engine_, a);
  if (!image) { error = image.error().message; return false; }
  spec_.image = *image;
  prune_superseded_images(engine_);
  spec_.cpus = resources.cpus.empty() ? default_cpus() : resources.cpus;
  spec_.memory_mb = resources.memory_mb;
  return start_resident(error);
}

ProcessResult OciLauncher::exec(const std::vector<std::string>& argv, double timeout_s) {
  auto r = run_engine(oci_exec(spec_, argv), timeout_s);
  if (r.timed_out) {
    // The CLI died but the kernel may still run inside: a fresh container guarantees it is gone.
    std::string error;
    running_ = false;
    start_resident(error);
  }
  return r;
}

ProcessResult OciLauncher::launch_fresh(const std::vector<std::string>& argv, double timeout_s) {
  OciSpec once = spec_;
  once.name = spec_.name + "-once-" + std::to_string(++fresh_count_);
  auto with_name = oci_run_once(once, argv);
  with_name.insert(with_name.begin() + 3, {"--name", once.name});
  auto r = run_engine(with_name, timeout_s);
  if (r.timed_out || r.interrupted) remove_container(once);
  return r;
}

void OciLauncher::stop() {
  if (!running_) return;
  remove_container(spec_);
  running_ = false;
}

double OciLauncher::environment_cpu_s() const {
  return resident_pid_ > 0 ? std::max(0.0, cgroup_cpu_seconds(resident_pid_)) : 0;
}

RankLaunch OciLauncher::mpi_ranks(const std::string& session_dir) const {
  RankLaunch r;
  r.prefix = {context_.host_programs + "/vcb-rank-env"};
  for (auto& a : oci_run_rank(spec_, session_dir)) r.prefix.push_back(a);
  r.settings = {{"model", "hybrid: the host's mpirun starts one container per rank"},
                {"network", "host (PMIx wire-up on the host's loopback)"},
                {"ipc", "host (shared-memory segments between ranks)"},
                {"pid", "host (ranks find each other's segments by PID)"},
                {"cap_add", {"SYS_PTRACE"}},
                {"single_copy", "cma (process_vm_readv, allowed by SYS_PTRACE)"},
                {"session_dir", session_dir + " bind-mounted at the same path"},
                {"forwarded_env", {"OMPI_*", "PMIX_*", "OPAL_*", "ORTE_*", "HWLOC_*"}},
                {"cpuset", "per rank: mpirun's binding of vcb-rank-env passed as --cpuset-cpus"},
                {"seccomp_profile", spec_.profile.unconfined ? "unconfined" : "engine default"}};
  return r;
}

nlohmann::json OciLauncher::describe() const {
  const std::string name = profile_name_ == "default" ? engine_ : engine_ + "/" + profile_name_;
  nlohmann::json d = {{"name", name}, {"kind", engine_}, {"profile", profile_name_},
                      {"runtime", engine_ + " " + facts_.value("engine_version", std::string("?"))},
                      {"accel", nullptr}, {"image", spec_.image},
                      {"resources", {{"cpus", spec_.cpus}, {"memory_mb", spec_.memory_mb > 0 ? nlohmann::json(spec_.memory_mb) : nlohmann::json(nullptr)}}},
                      {"binding", {{"method", "--cpuset-cpus"}, {"cpus", spec_.cpus}}},
                      {"programs", "appliance"}, {"programs_dir", oci_programs},
                      {"network", "none"}, {"init", true},
                      {"seccomp_profile", spec_.profile.unconfined ? "unconfined" : "engine default"},
                      {"scratch", spec_.profile.bind_scratch ? "bind mount of the host's run folder" : "container overlay"}};
  d.update(facts_);
  return d;
}

}  // namespace vcb
