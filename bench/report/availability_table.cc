#include "report/availability_table.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

namespace vcb {
namespace {

using Row = std::vector<std::string>;

// One simulated configuration: its params and the median of each metric.
struct Config {
  nlohmann::json params;
  std::map<std::string, double> medians;
  std::string environment;
};

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

long long int_of(const nlohmann::json& params, const char* key) {
  const auto& v = params.value(key, nlohmann::json());
  if (v.is_number()) return v.get<long long>();
  if (v.is_string()) return std::atoll(v.get<std::string>().c_str());
  return -1;
}

// In the report's order, which is the suite file's: the author decides what comes first.
std::vector<Config> configs_of(const nlohmann::json& report) {
  std::vector<Config> out;
  for (const auto& row : report.value("rows", nlohmann::json::array())) {
    if (row.value("benchmark", "") != "availability") continue;
    const auto& params = row["params"];
    const std::string env = row.value("environment", "");
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const Config& c) { return c.params == params && c.environment == env; });
    if (it == out.end()) it = out.insert(out.end(), Config{params, {}, env});
    if (row["median"].is_number()) it->medians[row.value("metric", "")] = row["median"].get<double>();
  }
  return out;
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string metric(const Config& c, const std::string& name, const char* format) {
  auto it = c.medians.find(name);
  return it == c.medians.end() ? "-" : fmt(format, it->second);
}

// What tells configurations apart beyond the policy: shown only where it varies.
struct Varies {
  bool workload = false, nodes = false;
};

std::string label_of(const Config& c, Varies varies) {
  const auto& p = c.params;
  const std::string policy = text_of(p.value("policy", nlohmann::json("?")));
  const std::string w = "w=" + std::to_string(int_of(p, "wait_s")) + " s";
  std::string label;
  if (policy == "dynamic")
    label = "100% dynamic (R=" + std::to_string(int_of(p, "reserve")) + ", " + w + ")";
  else if (policy == "static") {
    const long long share = int_of(p, "batch_share");
    label = std::to_string(share) + "% batch / " + std::to_string(100 - share) + "% on-demand (" + w + ")";
  } else if (policy == "od_only")
    label = "on-demand only (" + w + ")";
  else if (policy == "fill")
    label = "fill the gaps: on-demand + preemptible backfill";
  else
    label = policy;
  if (varies.nodes) label += ", " + std::to_string(int_of(p, "nodes")) + " nodes";
  if (varies.workload)
    label += " [" + text_of(p.value("workload", nlohmann::json("-"))) + ", seed " +
             std::to_string(int_of(p, "seed")) + "]";
  if (c.medians.count("batch_dropped") && c.medians.at("batch_dropped") > 0)
    label += " *" + fmt("%.0f", c.medians.at("batch_dropped")) + " jobs too large, left out";
  if (c.environment != "native" && !c.environment.empty()) label += " {" + c.environment + "}";
  return label;
}

std::string rejected(const Config& c) {
  const std::string n = metric(c, "od_rejected", "%.0f");
  return n == "-" ? n : n + " (" + metric(c, "od_rejected_pct", "%.1f%%") + ")";
}

std::string markdown(const Row& head, const std::vector<Row>& rows) {
  std::vector<size_t> width(head.size(), 3);
  for (const Row& r : rows)
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max({width[i], r[i].size(), head[i].size()});
  std::ostringstream out;
  const auto line = [&](const Row& r) {
    out << "|";
    for (size_t i = 0; i < r.size(); ++i)
      out << " " << r[i] << std::string(width[i] - r[i].size(), ' ') << " |";
    out << "\n";
  };
  line(head);
  out << "|";
  for (size_t w : width) out << std::string(w + 2, '-') << "|";
  out << "\n";
  for (const Row& r : rows) line(r);
  return out.str();
}

// A key differs between configurations (ignoring those that lack it: od_only has no batch trace).
bool differs(const std::vector<Config>& configs, const char* key) {
  const nlohmann::json* first = nullptr;
  for (const auto& c : configs) {
    if (!c.params.contains(key)) continue;
    if (first && c.params[key] != *first) return true;
    first = &c.params[key];
  }
  return false;
}

Varies varies_in(const std::vector<Config>& configs) {
  return {differs(configs, "workload") || differs(configs, "seed") || differs(configs, "od"),
          differs(configs, "nodes")};
}

}  // namespace

std::string format_availability_table(const nlohmann::json& report) {
  auto configs = configs_of(report);
  if (configs.empty()) return "";
  std::vector<Config> shared, paired;
  for (const auto& c : configs) {
    const std::string policy = text_of(c.params.value("policy", nlohmann::json("")));
    (policy == "od_only" || policy == "fill" ? paired : shared).push_back(c);
  }
  std::vector<Row> sharing, filling;
  for (const auto& c : shared)
    sharing.push_back({label_of(c, varies_in(shared)), metric(c, "utilization_batch", "%.1f%%"),
                       metric(c, "utilization_od", "%.1f%%"), metric(c, "utilization_overall", "%.1f%%"),
                       metric(c, "batch_slowdown", "%.1f"), metric(c, "makespan", "%.0f"), rejected(c)});
  for (const auto& c : paired)
    filling.push_back(
        {label_of(c, {varies_in(paired).workload, true}), metric(c, "utilization_overall", "%.1f%%"),
         metric(c, "utilization_max_overall", "%.1f%%"), metric(c, "utilization_od", "%.1f%%"),
         metric(c, "utilization_batch", "%.1f%%"), rejected(c), metric(c, "preemptions", "%.0f")});
  std::string out =
      "availability: the seed study's layout (medians; utilization = node-seconds / (N x span))\n\n";
  if (!sharing.empty())
    out += markdown({"configuration", "batch util", "on-demand util", "overall util", "batch slowdown",
                     "batch makespan (s)", "on-demand rejected"},
                    sharing) +
           "\n";
  if (!filling.empty())
    out += markdown({"configuration", "avg util", "max util", "on-demand util", "backfill util",
                     "on-demand rejected", "preemptions"},
                    filling) +
           "\n";
  out +=
      "note: batch slowdown = mean bounded slowdown, bound 10 s; R = nodes kept idle for on-demand, w = "
      "longest "
      "wait of an on-demand request before it is rejected; batch jobs are never killed except by \"fill\"'s "
      "preemption (counted)\n";
  return out;
}

}  // namespace vcb
