#include "mpi/mpi_launch.h"

#include <ifaddrs.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/cpus.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ProcessResult run_tool(const std::vector<std::string>& argv, double timeout_s) {
  ProcessOptions o;
  o.timeout_s = timeout_s;
  return run_process(argv, o);
}

// Names and addresses by which mpirun knows it is already on a host (it starts no daemon there).
std::set<std::string> local_names() {
  std::set<std::string> names{"localhost", "127.0.0.1", "::1"};
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) == 0) names.insert(host);
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) == 0) {
    for (ifaddrs* a = list; a; a = a->ifa_next) {
      if (!a->ifa_addr || (a->ifa_addr->sa_family != AF_INET && a->ifa_addr->sa_family != AF_INET6)) continue;
      char text[NI_MAXHOST] = {};
      const socklen_t len = a->ifa_addr->sa_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
      if (getnameinfo(a->ifa_addr, len, text, sizeof(text), nullptr, 0, NI_NUMERICHOST) == 0) names.insert(text);
    }
    freeifaddrs(list);
  }
  return names;
}

// The remote-start agent mpirun will use: --mca plm_rsh_agent AGENT among the user's words, else ssh.
std::vector<std::string> remote_agent(const std::vector<std::string>& words) {
  for (size_t i = 0; i + 2 < words.size(); ++i)
    if (words[i] == "--mca" && words[i + 1] == "plm_rsh_agent") {
      std::istringstream agent(words[i + 2]);
      std::vector<std::string> argv;
      for (std::string w; agent >> w;) argv.push_back(w);
      return argv;
    }
  return {"ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5"};
}

struct JobEnd {
  std::string state;
  int exit_code = -1, signal = 0;
  bool timed_out = false, interrupted = false;
  double wall_s = 0;
};

std::string field(const std::string& text, const std::string& key) {
  const auto at = text.find(" " + key + "=");
  if (at == std::string::npos) return "";
  const auto begin = at + key.size() + 2;
  return text.substr(begin, text.find_first_of(" \n", begin) - begin);
}

// Polls the job until it leaves the queue (sbatch --wait polls at seconds-long intervals, which
// would add up to 10 s to every measurement); a finished job stays visible for MinJobAge.
JobEnd wait_for_job(const std::string& id, double timeout_s) {
  JobEnd end;
  const auto t0 = std::chrono::steady_clock::now();
  for (;;) {
    const auto shown = run_tool({"scontrol", "-o", "show", "job", id}, 20);
    end.state = field(" " + shown.out, "JobState");
    if (!end.state.empty() && end.state != "PENDING" && end.state != "RUNNING" && end.state != "CONFIGURING" &&
        end.state != "COMPLETING" && end.state != "SUSPENDED") {
      const std::string code = field(" " + shown.out, "ExitCode");  // "status:signal"
      end.exit_code = std::atoi(code.c_str());
      const auto colon = code.find(':');
      end.signal = colon == std::string::npos ? 0 : std::atoi(code.c_str() + colon + 1);
      if (end.state != "COMPLETED" && end.exit_code == 0 && end.signal == 0) end.exit_code = 1;
      break;
    }
    end.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (interrupted()) { end.interrupted = true; break; }
    if (end.wall_s > timeout_s) { end.timed_out = true; break; }
    usleep(200000);
  }
  end.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return end;
}

std::string sanitized(std::string s) {
  for (char& c : s) if (!isalnum(static_cast<unsigned char>(c))) c = '-';
  return s;
}

}  // namespace

std::string open_mpi_version() {
  if (find_program("mpirun").empty()) return "";
  const auto r = run_tool({"mpirun", "--version"}, 20);
  const std::string line = first_line(r.out);
  const auto space = line.rfind(' ');
  return space == std::string::npos ? line : line.substr(space + 1);
}

std::string slurm_problem() {
  if (find_program("sbatch").empty())
    return "Slurm is not installed; fix: apt-get install slurm-wlm munge (scripts/install-deps.sh does), then "
           "scripts/start-slurm.sh";
  const auto ping = run_tool({"scontrol", "ping"}, 20);
  if (ping.exit_code != 0 || ping.out.find("UP") == std::string::npos)
    return "no Slurm controller answers (scontrol ping: " + first_line(ping.out.empty() ? ping.err_tail : ping.out) +
           "); fix: scripts/start-slurm.sh starts slurmctld and slurmd on this host";
  return "";
}

MpiLauncher::MpiLauncher(MpiOptions options, std::string run_id, std::string host_scratch)
    : options_(std::move(options)), run_id_(std::move(run_id)), scratch_(std::move(host_scratch)) {
  // Under /tmp: ch-run shares the host's /tmp, and containers bind this path at the same place.
  session_dir_ = "/tmp/vcb-mpi-" + sanitized(run_id_);
}

Result<int> MpiLauncher::check() {
  version_ = open_mpi_version();
  if (version_.empty())
    return Error{"mpirun is not installed; fix: apt-get install openmpi-bin libopenmpi-dev (scripts/install-deps.sh does)"};
  if (options_.scheduler == "slurm") {
    if (const auto problem = slurm_problem(); !problem.empty()) return Error{problem};
    const auto nodes = run_tool({"sinfo", "-h", "-o", "%D"}, 20);
    int count = 0;
    std::istringstream lines(nodes.out);
    for (int n; lines >> n;) count += n;
    return count > 0 ? count : 1;
  }
  if (options_.hostfile.empty()) {
    const char* allocated = std::getenv("SLURM_JOB_NUM_NODES");
    return allocated ? std::max(1, std::atoi(allocated)) : 1;
  }
  auto hosts = read_hostfile(options_.hostfile);
  if (!hosts) return hosts.error();
  const auto local = local_names();
  auto agent = remote_agent(options_.mpirun_args);
  for (const auto& host : hosts->hosts) {
    if (local.count(host)) continue;
    auto argv = agent;
    argv.push_back(host);
    argv.push_back("true");
    const auto r = run_tool(argv, 20);
    if (!r.started || r.timed_out || r.exit_code != 0)
      return Error{"host " + host + " in " + options_.hostfile + " is unreachable (" + agent.front() + ": " +
                   first_line(r.timed_out ? std::string("no answer in 20 s") : r.err_tail.empty() ? r.error : r.err_tail) +
                   "); fix the hostfile or that node's " + agent.front() + " access"};
  }
  return static_cast<int>(hosts->hosts.size());
}

MpiOutcome MpiLauncher::run(Launcher& environment, const Instance& instance,
                            const std::vector<std::string>& kernel_argv) {
  MpiJob job;
  job.ranks = instance.params.value("ranks", 1);
  job.nodes = instance.params.value("nodes", 1);
  job.ranks_per_node = std::max(1, job.ranks / std::max(1, job.nodes));
  job.hostfile = options_.scheduler == "slurm" ? "" : options_.hostfile;
  job.in_allocation = options_.scheduler == "slurm" || (options_.hostfile.empty() && std::getenv("SLURM_JOB_ID"));
  job.session_dir = session_dir_;
  job.as_root = geteuid() == 0;
  job.host_cores = static_cast<int>(default_cpus().size());
  job.extra = options_.mpirun_args;
  job.environment = environment.mpi_ranks(session_dir_);
  job.kernel = kernel_argv;
  fs::create_directories(session_dir_);
  MpiOutcome o;
  nlohmann::json inside_settings = nlohmann::json::object();
  auto inside = environment.run_mpi({job.nodes, job.ranks, job.ranks_per_node, kernel_argv, job.extra, instance.timeout_s},
                                    inside_settings);
  if (inside) {
    o.result = std::move(*inside);
    o.described = {{"launcher", "mpirun inside the environment"}, {"open_mpi", version_}, {"scheduler", "none"},
                   {"ranks", job.ranks}, {"nodes", job.nodes}, {"ranks_per_node", job.ranks_per_node},
                   {"hostfile", nullptr}, {"settings", inside_settings}};
    return o;
  }
  if (job.nodes > 1 && job.hostfile.empty() && !job.in_allocation) {
    o.result.error = "nodes=" + std::to_string(job.nodes) + " needs --nodes HOSTFILE (or Slurm) for " +
                     environment.describe().value("name", std::string("this environment")) +
                     "; without one every rank would share this host";
    o.result.err_tail = o.result.error;
    o.described = {{"launcher", "mpirun"}, {"scheduler", "none"}, {"ranks", job.ranks}, {"nodes", job.nodes},
                   {"ranks_per_node", job.ranks_per_node}, {"hostfile", nullptr}};
    return o;
  }
  const auto argv = mpirun_command(job);

  o.described = {{"launcher", "mpirun"}, {"open_mpi", version_},
                 {"scheduler", job.in_allocation ? "slurm" : "none"}, {"ranks", job.ranks}, {"nodes", job.nodes},
                 {"ranks_per_node", job.ranks_per_node},
                 {"hostfile", options_.hostfile.empty() ? nlohmann::json(nullptr) : nlohmann::json(options_.hostfile)},
                 {"command", argv}, {"settings", job.environment.settings}};
  if (!job.environment.error.empty()) {
    o.result.started = false;
    o.result.error = job.environment.error;
    o.result.err_tail = job.environment.error;
    return o;
  }
  if (options_.scheduler == "slurm") {
    o.result = run_batch(argv, job, instance.timeout_s, instance.key(), o.described);
    return o;
  }
  ProcessOptions po;
  po.timeout_s = instance.timeout_s;
  if (!std::getenv("USER")) po.env.push_back("USER=root");  // ch-run refuses to start without it
  o.result = run_process(argv, po);
  return o;
}

ProcessResult MpiLauncher::run_batch(const std::vector<std::string>& mpirun, const MpiJob& job, double timeout_s,
                                     const std::string& what, nlohmann::json& described) {
  const std::string base = scratch_ + "/slurm-" + std::to_string(++counter_);
  const std::string name = "vcb-" + sanitized(run_id_) + "-" + std::to_string(counter_);
  fs::create_directories(scratch_);
  {
    std::ofstream script(base + ".sh");
    script << batch_script(mpirun, "vcbench run " + run_id_ + ": " + what);
  }
  fs::permissions(base + ".sh", fs::perms::owner_all, fs::perm_options::add);
  ProcessOptions po;
  po.timeout_s = 60;
  if (!std::getenv("USER")) po.env.push_back("USER=root");
  const ProcessResult submitted =
      run_process(sbatch_command(job, base + ".sh", base + ".out", base + ".err", timeout_s, name), po);
  const std::string job_id = first_line(submitted.out);
  described["scheduler"] = "slurm";
  described["submit"] = "sbatch";
  described["job_id"] = job_id;
  described["job_name"] = name;
  if (submitted.exit_code != 0 || job_id.empty()) {
    ProcessResult r = submitted;
    r.exit_code = r.exit_code == 0 ? 1 : r.exit_code;
    r.err_tail = "sbatch refused the job: " + first_line(submitted.err_tail);
    return r;
  }
  const JobEnd end = wait_for_job(job_id, timeout_s + 120);  // the job's own limit is timeout_s; the rest is queueing
  ProcessResult r;
  r.started = true;
  r.timed_out = end.timed_out;
  r.interrupted = end.interrupted;
  r.exit_code = end.exit_code;
  r.signal = end.signal;
  r.wall_s = end.wall_s;
  if (end.timed_out || end.interrupted) {
    ProcessOptions cleanup;
    cleanup.interruptible = false;
    run_process({"scancel", job_id}, cleanup);
  }
  described["job_state"] = end.state;
  r.out = read_file(base + ".out");
  const std::string err = read_file(base + ".err");
  r.err_tail = err.size() > 4000 ? err.substr(err.size() - 4000) : err;
  return r;
}

void MpiLauncher::finish() {
  std::error_code ec;
  fs::remove_all(session_dir_, ec);
}

}  // namespace vcb
