// The appliance as a container image: imported from the canonical tarball, tagged with the digest's
// first 12 hex digits and labelled with the whole digest, which is what decides reuse.
#include <cstdlib>

#include "appliance.h"
#include "common/subprocess.h"

namespace vcb::appliance {
namespace {

constexpr const char* label = "org.vcbench.appliance";

ProcessResult engine_run(const std::string& exe, std::vector<std::string> args, double timeout_s) {
  args.insert(args.begin(), exe);
  ProcessOptions options;
  options.timeout_s = timeout_s;
  return run_process(args, options);
}

bool succeeded(const ProcessResult& r) {
  return r.started && !r.timed_out && r.signal == 0 && r.exit_code == 0;
}

std::string failure_text(const ProcessResult& r) {
  if (!r.started) return r.error;
  if (r.timed_out) return "timed out";
  const std::string line = first_line(r.err_tail);
  return line.empty() ? "exit code " + std::to_string(r.exit_code) : line;
}

std::string install_hint(const std::string& engine) {
  return engine + ": not installed; install it with: apt-get install -y " +
         (engine == "docker" ? std::string("docker.io") : engine);
}

// Docker needs a daemon; Podman needs none but must be able to open its storage.
Result<std::string> check_engine(const std::string& engine) {
  if (engine != "docker" && engine != "podman")
    return Error{"appliance: unknown engine '" + engine + "'; use docker or podman"};
  const std::string exe = find_program(engine);
  if (exe.empty()) return Error{install_hint(engine)};
  if (engine == "docker") {
    const ProcessResult r = engine_run(exe, {"version", "--format", "{{.Server.Version}}"}, 30);
    if (succeeded(r)) return exe;
    const char* host = std::getenv("DOCKER_HOST");
    const std::string where = host && *host ? std::string(host) : "/var/run/docker.sock";
    return Error{"docker: no engine answers on " + where +
                 "; start one with: scripts/start-docker.sh (or: dockerd --bridge=none &)"};
  }
  const ProcessResult r = engine_run(exe, {"info", "--format", "{{.Store.GraphDriverName}}"}, 60);
  if (succeeded(r)) return exe;
  return Error{"podman: `podman info` fails (" + failure_text(r) +
               "); fix its storage or set CONTAINERS_CONF, then retry"};
}

enum class Found { missing, matching, stale };

Result<Found> inspect_label(const std::string& exe, const std::string& engine, const std::string& ref,
                            const std::string& digest) {
  const ProcessResult r = engine_run(
      exe, {"image", "inspect", "--format", "{{ index .Config.Labels \"" + std::string(label) + "\" }}", ref},
      60);
  if (succeeded(r)) return first_line(r.out) == digest ? Found::matching : Found::stale;
  const std::string why = failure_text(r);
  // Both engines say "no such image" (Podman: "...: image not known"); anything else is a real failure.
  if (why.find("o such image") != std::string::npos || why.find("image not known") != std::string::npos)
    return Found::missing;
  return Error{engine + ": cannot inspect " + ref + ": " + why, 1};
}

}  // namespace

std::string image_reference(const std::string& engine, const std::string& digest) {
  const std::string hex = digest.rfind("sha256:", 0) == 0 ? digest.substr(7) : digest;
  const std::string tag = "vcbench/appliance:" + hex.substr(0, 12);
  return engine == "podman" ? "localhost/" + tag : tag;  // Podman names unqualified imports localhost/...
}

Result<std::string> ensure_image(const std::string& engine, const Appliance& a) {
  auto exe = check_engine(engine);
  if (!exe) return exe.error();
  const std::string ref = image_reference(engine, a.digest);
  auto found = inspect_label(*exe, engine, ref, a.digest);
  if (!found) return found.error();
  if (*found == Found::matching) return ref;
  if (*found == Found::stale) {
    const ProcessResult rm = engine_run(*exe, {"image", "rm", "--force", ref}, 120);
    if (!succeeded(rm))
      return Error{engine + ": cannot remove the stale image " + ref + ": " + failure_text(rm) +
                       "; remove it by hand: " + engine + " image rm --force " + ref,
                   1};
  }
  const ProcessResult imported =
      engine_run(*exe,
                 {"import", "--change", "LABEL " + std::string(label) + "=" + a.digest, "--change",
                  "WORKDIR /scratch", a.tarball, ref},
                 600);
  if (!succeeded(imported))
    return Error{engine + ": importing " + a.tarball + " failed: " + failure_text(imported) +
                     "; rebuild it with: vcbench appliance build",
                 1};
  auto check = inspect_label(*exe, engine, ref, a.digest);
  if (!check) return check.error();
  if (*check != Found::matching)
    return Error{engine + ": the imported image " + ref + " does not carry label " + label + "=" + a.digest,
                 1};
  return ref;
}

}  // namespace vcb::appliance
