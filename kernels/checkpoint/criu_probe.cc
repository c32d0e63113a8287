#include "criu_probe.h"

#include <sstream>

#include "common/subprocess.h"

namespace vcb {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

ProcessResult run_quietly(const std::vector<std::string>& argv) {
  ProcessOptions o;
  o.timeout_s = 30;
  return run_process(argv, o);
}

// Docker checkpoints only with an experimental daemon; Podman always offers it (with runc).
std::string engine_refusal(const std::string& engine) {
  if (engine != "docker") return "";
  const auto r = run_quietly({"docker", "version", "--format", "{{.Server.Experimental}}"});
  if (trimmed(r.out) == "true") return "";
  return "the Docker daemon runs without --experimental, so `docker checkpoint` is disabled";
}

}  // namespace

std::string first_error_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, first;
  while (std::getline(in, line)) {
    line = trimmed(line);
    if (line.empty()) continue;
    if (first.empty()) first = line;
    if (line.rfind("Error", 0) == 0 || line.find("error") != std::string::npos) return line;
  }
  return first;
}

CriuProbe probe_criu(const std::string& engine) {
  CriuProbe p;
  if (find_program("criu").empty()) {
    p.detail = "criu is not installed";
    p.fix = "apt-get install criu (scripts/install-deps.sh does)";
    return p;
  }
  p.version = trimmed(first_error_line(run_quietly({"criu", "--version"}).out));
  const auto check = run_quietly({"criu", "check"});
  if (!check.started || check.exit_code != 0) {
    p.detail = "criu check fails: " + first_error_line(check.err_tail + "\n" + check.out);
    p.fix = "none on this host: CRIU cannot work with this kernel (the check fails before any container is "
            "involved); use a host whose kernel `criu check` accepts, or a newer criu";
    return p;
  }
  if (const auto refusal = engine_refusal(engine); !refusal.empty()) {
    p.detail = refusal;
    p.fix = "restart the daemon as `dockerd --bridge=none --experimental`, or use podman";
    return p;
  }
  p.ok = true;
  p.detail = "criu check: " + first_error_line(check.out + check.err_tail);
  return p;
}

}  // namespace vcb
