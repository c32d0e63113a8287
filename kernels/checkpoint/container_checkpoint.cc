#include "container_checkpoint.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/subprocess.h"
#include "criu_probe.h"
#include "vcb/timer.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

ProcessResult engine_run(const std::vector<std::string>& argv, double timeout_s = 120) {
  ProcessOptions o;
  o.timeout_s = timeout_s;
  o.interruptible = false;  // a half-done checkpoint must still end with the container removed
  return run_process(argv, o);
}

bool failed(const ProcessResult& r) { return !r.started || r.timed_out || r.exit_code != 0; }

std::string why(const std::string& step, const ProcessResult& r) {
  return step + " failed: " + first_error_line(r.err_tail + "\n" + r.out);
}

long long read_counter(const std::string& engine, const std::string& name, const std::string& program) {
  const auto r = engine_run({engine, "exec", name, program, "counter-read"}, 30);
  return failed(r) ? -1 : std::atoll(r.out.c_str());
}

uint64_t bytes_under(const fs::path& p) {
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return fs::file_size(p, ec);
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(p, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

std::vector<std::string> run_counter_command(const std::string& engine, const std::string& name,
                                             const std::string& image, const std::string& program) {
  std::vector<std::string> argv{engine, "run", "-d", "--name", name, "--network", "none", "--label", "org.vcbench=1",
                                "--label", "org.vcbench.owner=" + std::to_string(getpid())};
  // Podman here works with runc only and needs rlimits root may set (reference/machine.md).
  if (engine == "podman")
    for (const char* a : {"--runtime", "runc", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768"})
      argv.push_back(a);
  for (const auto& a : {image, program, std::string("counter")}) argv.push_back(a);
  return argv;
}

// Dump and restore, the engine's way; fills the times and the image size.
bool dump_and_restore(const std::string& engine, const std::string& name, const fs::path& work, CheckpointOutcome& o) {
  const std::string archive = (work / "checkpoint.tar.gz").string();
  int64_t t0 = now_ns();
  const auto dump = engine == "podman"
                        ? engine_run({"podman", "container", "checkpoint", name, "--export", archive})
                        : engine_run({"docker", "checkpoint", "create", "--checkpoint-dir", work.string(), name, "c1"});
  o.dump_s = seconds_since(t0);
  if (failed(dump)) { o.error = why(engine + " checkpoint", dump); return false; }
  o.image_bytes = bytes_under(engine == "podman" ? fs::path(archive) : work / "c1");
  if (engine == "podman") engine_run({"podman", "rm", "-f", name});  // restore --import makes it anew
  t0 = now_ns();
  const auto restore = engine == "podman"
                           ? engine_run({"podman", "container", "restore", "--import", archive, "--runtime", "runc"})
                           : engine_run({"docker", "start", "--checkpoint-dir", work.string(), "--checkpoint", "c1", name});
  o.restore_s = seconds_since(t0);
  if (failed(restore)) { o.error = why(engine + " restore", restore); return false; }
  return true;
}

}  // namespace

std::string newest_appliance_image(const std::string& engine) {
  const auto r = engine_run({engine, "images", "--filter", "label=org.vcbench.appliance", "--format",
                             "{{.Repository}}:{{.Tag}}"}, 30);
  return failed(r) ? "" : r.out.substr(0, r.out.find('\n'));
}

CheckpointOutcome checkpoint_once(const std::string& engine, const std::string& image, const std::string& work_dir,
                                  const std::string& counter_program) {
  CheckpointOutcome o;
  const std::string name = "vcb-checkpoint-" + std::to_string(getpid());
  const fs::path work = fs::path(work_dir) / name;
  fs::create_directories(work);
  const auto started = engine_run(run_counter_command(engine, name, image, counter_program));
  if (failed(started)) {
    o.error = why(engine + " run of the counter container", started);
  } else {
    usleep(300000);  // the counter has ticked a few times before it is read
    o.counter_before = read_counter(engine, name, counter_program);
    if (dump_and_restore(engine, name, work, o)) {
      usleep(300000);
      o.counter_after = read_counter(engine, name, counter_program);
      // A restored process continues its count; a restarted one would begin again below it.
      o.ok = o.counter_before > 0 && o.counter_after > o.counter_before;
      if (!o.ok) o.error = "the counter did not continue: " + std::to_string(o.counter_before) + " before, " +
                           std::to_string(o.counter_after) + " after the restore";
    }
  }
  engine_run({engine, "rm", "-f", name});
  std::error_code ec;
  fs::remove_all(work, ec);
  return o;
}

}  // namespace vcb
