#include "charliecloud/charliecloud_launcher.h"

#include <cstdlib>

#include "common/cpus.h"

namespace vcb {
namespace {

// ch-run refuses to start without $USER (machine.md); root's sessions in CI may not have it.
std::vector<std::string> user_env() {
  const char* user = std::getenv("USER");
  return {std::string("USER=") + (user && *user ? user : "root")};
}

ProcessResult run_ch(const std::vector<std::string>& argv, double timeout_s) {
  ProcessOptions o;
  o.timeout_s = timeout_s;
  o.env = user_env();
  return run_process(argv, o);
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::vector<std::string> ch_run_command(const std::string& rootfs, const std::string& host_scratch,
                                        const std::vector<std::string>& argv) {
  std::vector<std::string> out{"ch-run", "-b", host_scratch + ":/scratch", "--cd", "/scratch", rootfs, "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

Probe CharliecloudLauncher::probe() {
  if (find_program("ch-run").empty())
    return {false, "ch-run is not installed", "apt-get install charliecloud (scripts/install-deps.sh does)"};
  const auto version = run_ch({"ch-run", "--version"}, 10);
  version_ = trimmed(version.out.empty() ? version.err_tail : version.out);
  const auto check = run_ch({"ch-checkns"}, 20);
  checkns_ = trimmed(check.out);
  if (check.exit_code != 0 || checkns_.find("ok") == std::string::npos)
    return {false, "ch-checkns failed: " + trimmed(check.err_tail.empty() ? check.out : check.err_tail),
            "enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)"};
  return {true, "ch-run " + version_ + ", ch-checkns " + checkns_, ""};
}

bool CharliecloudLauncher::start(const Resources& resources, std::string& error) {
  const Probe p = probe();
  if (!p.ok) {
    error = p.detail + "; fix: " + p.fix;
    return false;
  }
  cpus_ = resources.cpus.empty() ? default_cpus() : resources.cpus;
  memory_mb_requested_ = resources.memory_mb;
  if (const char* named = std::getenv("VCBENCH_CH_IMAGE"); named && *named) {
    // Converted images are kept beside each other and replaced by the next conversion of the same name.
    auto image = prepare_ch_image(named, "/var/tmp/vcbench-ch");
    if (!image) {
      error = "VCBENCH_CH_IMAGE: " + image.error().message;
      return false;
    }
    image_ = *image;
  }
  return true;
}

ProcessResult CharliecloudLauncher::exec(const std::vector<std::string>& argv, double timeout_s) {
  ProcessOptions o;
  o.timeout_s = timeout_s;
  o.env = user_env();
  o.cpus = cpus_;  // no cgroups: the binding is set on ch-run and inherited inside
  return run_process(ch_run_command(rootfs(), context_.host_scratch, argv), o);
}

RankLaunch CharliecloudLauncher::mpi_ranks(const std::string& session_dir) const {
  RankLaunch r;
  r.prefix = ch_run_command(rootfs(), context_.host_scratch, {});
  // Each ch-run makes its own user namespace, and sibling user namespaces may not ptrace each other,
  // so Open MPI's single-copy (CMA) transfers fail with EPERM (mpi-scaleout.md 4.1): two-copy.
  r.mpirun_options = {"--mca", "btl_vader_single_copy_mechanism", "none", "-x", "USER"};
  r.settings = {{"model", "hybrid: the host's mpirun starts one ch-run per rank"},
                {"namespaces", {{"created", {"user", "mount"}}, {"shared_with_host", {"pid", "network", "ipc", "uts"}}}},
                {"single_copy", "none (sibling user namespaces cannot use CMA)"},
                {"session_dir", session_dir + " (ch-run shares the host's /tmp)"},
                {"forwarded_env", "all (ch-run keeps the environment)"},
                {"cpuset", "inherited from mpirun's binding of ch-run"}};
  return r;
}

nlohmann::json CharliecloudLauncher::describe() const {
  nlohmann::json d = {{"name", "charliecloud"}, {"kind", "charliecloud"}, {"profile", "default"},
          {"runtime", "ch-run " + version_}, {"accel", nullptr},
          {"image", rootfs()}, {"image_format", "directory (the appliance rootfs, unconverted)"},
          {"resources", {{"cpus", cpus_}, {"memory_mb", nullptr}}},
          {"memory_limit", memory_mb_requested_ > 0 ? "requested but not applied: Charliecloud has no cgroups"
                                                    : "none (Charliecloud has no cgroups)"},
          {"binding", {{"method", "sched_setaffinity on ch-run, inherited"}, {"cpus", cpus_}}},
          {"namespaces", {{"created", {"user", "mount"}}, {"shared_with_host", {"pid", "network", "ipc", "uts"}}}},
          {"programs", "appliance"}, {"programs_dir", "/opt/vcbench/bin"},
          {"scratch", "bind mount (-b) of the host's run folder at /scratch"},
          {"ch_checkns", checkns_}};
  if (image_) {
    d["image_format"] = image_->converted ? "directory converted by ch-convert from " + image_->source_format
                                          : "directory named by the user";
    d["image_source"] = image_->source;
    d["image_source_digest"] = image_->source_digest;
    d["image_digest"] = image_->tree_digest;
    d["programs"] = "user image";
  }
  return d;
}

}  // namespace vcb
