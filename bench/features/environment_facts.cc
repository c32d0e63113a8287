#include "features/environment_facts.h"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "run/records.h"
#include "vcb/timer.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

// Not interruptible: a snapshot image must be removed even after SIGINT.
ProcessResult run_tool(const std::vector<std::string>& argv, double timeout_s = 60) {
  return run_process(argv, ProcessOptions{.timeout_s = timeout_s, .cpus = {}, .env = {}, .interruptible = false});
}

std::string status_field(const std::string& pid, const std::string& key) {
  std::ifstream in("/proc/" + pid + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key, 0) == 0) {
      const auto start = line.find_first_not_of(" \t", key.size());
      return start == std::string::npos ? "" : line.substr(start);
    }
  return "";
}

// The OCI launcher names its resident container vcb-<run id>-<engine>-<profile>.
std::string container_name(const std::string& env, const LaunchContext& context) {
  std::string id = context.run_id;
  for (char& c : id) if (!isalnum(static_cast<unsigned char>(c))) c = '-';
  const auto slash = env.find('/');
  return "vcb-" + id + "-" + env.substr(0, slash) + "-" + (slash == std::string::npos ? "default" : env.substr(slash + 1));
}

nlohmann::json container_outside(const std::string& engine, const std::string& name) {
  const auto r = run_tool({engine, "inspect", "--format", "{{json .HostConfig}} {{.State.Pid}}", name});
  const auto space = r.out.rfind(' ');
  auto host = nlohmann::json::parse(r.out.substr(0, space), nullptr, false);
  if (r.exit_code != 0 || host.is_discarded()) return {{"error", "cannot inspect " + name}};
  const std::string pid = r.out.substr(space + 1, r.out.find_first_of("\n", space) - space - 1);
  nlohmann::json out = {{"container", name}, {"pid", pid}, {"seccomp_from_host", status_field(pid, "Seccomp:")}};
  for (const char* key : {"Privileged", "CapAdd", "CapDrop", "SecurityOpt", "Devices", "PidMode", "NetworkMode",
                          "IpcMode", "UsernsMode"})
    out[key] = host.value(key, nlohmann::json(nullptr));
  return out;
}

std::vector<std::string> words_of(const std::string& command) {
  std::istringstream words(command);
  std::vector<std::string> argv;
  for (std::string w; words >> w;) argv.push_back(w);
  return argv;
}

// ... and the seccomp mode of the running QEMU process, found by its -name.
nlohmann::json qemu_outside(const std::string& command) {
  const auto argv = words_of(command);
  std::string name;
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i] == "-name") name = argv[i + 1].substr(0, argv[i + 1].find(','));
  nlohmann::json out = qemu_model(command);
  out["qemu_seccomp"] = nullptr;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    std::ifstream in(e.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), {});
    if (name.empty() || cmdline.find("qemu-system") == std::string::npos || cmdline.find(name) == std::string::npos)
      continue;
    out["qemu_pid"] = e.path().filename().string();
    out["qemu_seccomp"] = status_field(e.path().filename().string(), "Seccomp:");
    break;
  }
  return out;
}

// Container commit: the engine writes the container's file-system changes into a new image
// (Docker pauses the container meanwhile). The image is removed at once.
nlohmann::json commit_snapshot(const std::string& engine, const std::string& name) {
  const std::string image = "vcb-features-snapshot:" + std::to_string(getpid());
  const int64_t t0 = now_ns();
  const auto r = run_tool({engine, "commit", name, image}, 120);
  const double s = seconds_since(t0);
  run_tool({engine, "rmi", "-f", image});
  if (r.exit_code != 0) return {{"reason", engine + " commit failed: " + r.err_tail.substr(0, r.err_tail.find('\n'))}};
  return {{"seconds", s}, {"how", engine + " commit of the running container (n=1)"}};
}

nlohmann::json snapshot_of(const std::string& env, const std::string& kind, const LaunchContext& context) {
  if (kind == "docker" || kind == "podman") return commit_snapshot(kind, container_name(env, context));
  return {{"reason", snapshot_reason(kind)}};
}

void look_inside(Launcher& launcher, EnvironmentFacts& f) {
  const auto r = launcher.exec({launcher.program_dir() + "/vcb-isolation", "--samples", "1", "--warmup", "0"}, 120);
  const auto records = parse_kernel_records(r.out);
  if (records.empty() || r.exit_code != 0)
    f.inside_error = "vcb-isolation failed inside (exit " + std::to_string(r.exit_code) + "): " +
                     r.err_tail.substr(0, r.err_tail.find('\n'));
  else f.inside = records.front();
}

}  // namespace

// QEMU's own confinement (its -sandbox option) and the device model it gives the guest (-machine
// and every -device).
nlohmann::json qemu_model(const std::string& command) {
  const auto argv = words_of(command);
  nlohmann::json devices = nlohmann::json::array();
  std::string sandbox = "not given (QEMU's default: off)", machine = "QEMU default (pc)";
  for (size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == "-sandbox") sandbox = argv[i + 1];
    if (argv[i] == "-machine" || argv[i] == "-M") machine = argv[i + 1];
    if (argv[i] == "-device") devices.push_back(argv[i + 1].substr(0, argv[i + 1].find(',')));
    if (argv[i] == "-serial" || argv[i] == "-chardev") devices.push_back(argv[i] + " " + argv[i + 1].substr(0, argv[i + 1].find(',')));
  }
  return {{"sandbox", sandbox}, {"machine", machine}, {"devices", devices}};
}

std::string snapshot_reason(const std::string& kind) {
  if (kind == "docker" || kind == "podman") return "";
  if (kind == "kvm")
    return "not measurable here: the guest boots from an initramfs with no disk image, and QEMU's "
           "savevm / qemu-img snapshot need a qcow2 drive to hold the snapshot";
  if (kind == "charliecloud")
    return "not applicable: the image is a plain directory (a snapshot is a copy of it); nothing "
           "runs between launches to snapshot";
  return "not applicable: bare metal has no environment image to snapshot";
}

EnvironmentFacts gather_facts(const std::string& env, const LaunchContext& context, int fresh_launches) {
  EnvironmentFacts f;
  f.name = env;
  std::string error;
  auto launcher = make_launcher(env, context, error);
  if (!launcher) { f.unavailable = error; return f; }
  const Probe p = launcher->quick_probe();
  if (!p.ok) { f.unavailable = p.detail + (p.fix.empty() ? "" : "; fix: " + p.fix); return f; }
  if (!launcher->start(Resources{}, error)) {
    f.unavailable = "could not start: " + error;
    launcher->stop();
    return f;
  }
  f.start_s = launcher->startup_s();
  f.described = launcher->describe();
  const std::string kind = f.described.value("kind", env);
  look_inside(*launcher, f);
  for (int i = 0; i < fresh_launches; ++i) {  // a VM's fresh launch boots a guest of its own
    const auto r = launcher->launch_fresh({launcher->program_dir() + "/vcb-isolation", "--samples", "1",
                                           "--warmup", "0"}, 120);
    if (r.exit_code == 0) f.fresh_s.push_back(r.wall_s);
  }
  if (kind == "docker" || kind == "podman") f.outside = container_outside(kind, container_name(env, context));
  if (kind == "kvm") f.outside = qemu_outside(f.described.value("qemu_command", ""));
  f.snapshot = snapshot_of(env, kind, context);
  launcher->stop();
  return f;
}

}  // namespace vcb
