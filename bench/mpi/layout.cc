#include "mpi/layout.h"

#include <fstream>
#include <set>
#include <sstream>

namespace vcb {
namespace {

bool power_of_two(long n) { return n > 0 && (n & (n - 1)) == 0; }

std::string join(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
  return s;
}

}  // namespace

nlohmann::json MpiOptions::to_json() const {
  return {{"hostfile", hostfile}, {"ranks_per_node", ranks_per_node}, {"nodes_sweep", nodes_sweep},
          {"scheduler", scheduler}, {"mpirun_args", mpirun_args}};
}

MpiOptions MpiOptions::from_json(const nlohmann::json& j) {
  MpiOptions o;
  if (!j.is_object()) return o;
  o.hostfile = j.value("hostfile", "");
  o.ranks_per_node = j.value("ranks_per_node", 0);
  o.nodes_sweep = j.value("nodes_sweep", std::vector<int>{});
  o.scheduler = j.value("scheduler", "");
  o.mpirun_args = j.value("mpirun_args", std::vector<std::string>{});
  return o;
}

Result<Hostfile> read_hostfile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"cannot read the hostfile " + path + "; give a file of 'host slots=N' lines"};
  Hostfile h;
  std::set<std::string> seen;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string host;
    if (!(words >> host)) continue;
    for (std::string w; words >> w;)
      if (w.rfind("slots=", 0) != 0 && w.rfind("max_slots=", 0) != 0)
        return Error{path + ":" + std::to_string(n) + ": unexpected '" + w + "'; lines are 'host [slots=N]'"};
    if (seen.insert(host).second) h.hosts.push_back(host);
  }
  if (h.hosts.empty()) return Error{"the hostfile " + path + " names no host; lines are 'host [slots=N]'"};
  return h;
}

bool known_rank_rule(const std::string& rule) {
  return rule == "any" || rule == "power-of-two" || rule == "two" || rule == "at-least-two";
}

std::string rank_rule_violation(const std::string& rule, long ranks) {
  if (ranks < 1) return "needs at least 1 rank";
  if (rule == "power-of-two" && !power_of_two(ranks))
    return "needs a power-of-two rank count (1, 2, 4, 8, ...), not " + std::to_string(ranks);
  if (rule == "two" && ranks != 2) return "needs exactly 2 ranks, not " + std::to_string(ranks);
  if (rule == "at-least-two" && ranks < 2) return "needs at least 2 ranks, not " + std::to_string(ranks);
  return "";
}

Result<int> apply_mpi_layout(Suite& suite, const MpiOptions& o, int available_nodes) {
  if (!o.nodes_sweep.empty() && !o.multi_node())
    return Error{"--nodes-sweep needs --nodes HOSTFILE (or --scheduler slurm)"};
  if (o.ranks_per_node < 0) return Error{"--ranks-per-node must be at least 1"};
  for (int n : o.nodes_sweep)
    if (n < 1 || n > available_nodes)
      return Error{"--nodes-sweep " + join(o.nodes_sweep) + " asks for " + std::to_string(n) + " nodes but " +
                   std::to_string(available_nodes) + " are available; give counts from 1 to " +
                   std::to_string(available_nodes)};
  const bool relayout = o.multi_node() || o.ranks_per_node > 0;
  const std::vector<int> sweep = !o.nodes_sweep.empty() ? o.nodes_sweep
                                 : o.multi_node()        ? std::vector<int>{available_nodes}
                                                         : std::vector<int>{1};
  const int per_node = o.ranks_per_node > 0 ? o.ranks_per_node : 1;
  std::vector<Instance> out;
  std::set<std::string> keys;
  for (const auto& i : suite.instances) {
    if (i.mpi.empty()) {
      out.push_back(i);
      continue;
    }
    std::vector<Instance> placed;
    if (!relayout) {
      placed.push_back(i);
    } else {
      for (int nodes : sweep) {
        Instance p = i;
        p.params["ranks"] = nodes * per_node;
        p.params["nodes"] = nodes;
        placed.push_back(p);
      }
    }
    for (auto& p : placed) {
      if (!p.params.contains("ranks") || !p.params["ranks"].is_number_integer())
        return Error{suite.file + ": MPI benchmark " + p.benchmark + " needs an integer `ranks` parameter"};
      const long nodes = p.params.value("nodes", 1L);
      if (nodes < 1 || p.params["ranks"].get<long>() % nodes != 0)
        return Error{p.key() + ": ranks must be a multiple of nodes (ranks are spread evenly over the nodes)"};
      const std::string why = rank_rule_violation(p.mpi, p.params["ranks"].get<long>());
      if (!why.empty())
        return Error{p.key() + ": " + p.benchmark + " " + why +
                     (relayout ? "; choose --ranks-per-node and --nodes-sweep so that nodes x ranks-per-node fits"
                               : "; fix the ranks list in " + suite.file)};
      if (keys.insert(p.key()).second) out.push_back(std::move(p));
    }
  }
  suite.instances = std::move(out);
  return 0;
}

}  // namespace vcb
