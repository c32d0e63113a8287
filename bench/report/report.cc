#include "report/report.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "features/features.h"
#include "features/run_features.h"
#include "report/availability_table.h"
#include "run/run_folder.h"
#include "stats/statistics.h"
#include "vcb/median.h"

namespace vcb {
namespace {

// Records of one (benchmark, params, metric) in one environment.
struct Cell {
  nlohmann::json first;  // a representative record (names, unit, accel)
  std::vector<double> values;
  int failed = 0, disturbed = 0;
};

std::string params_text(const nlohmann::json& benchmark, const std::set<std::string>* only = nullptr) {
  std::string text = benchmark.value("name", "?");
  const nlohmann::json params = benchmark.value("params", nlohmann::json::object());
  for (const auto& [k, v] : params.items())
    if (!only || only->count(k)) text += " " + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  return text;
}

// Per benchmark, the parameters whose values differ between its records: labels name only those,
// so "lat_mem_rd pattern=random size_bytes=4096" rather than every constant of the suite file.
std::map<std::string, std::set<std::string>> varying_params(const std::vector<nlohmann::json>& records) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> seen;
  for (const auto& r : records) {
    const nlohmann::json params = r["benchmark"].value("params", nlohmann::json::object());
    for (const auto& [k, v] : params.items()) seen[r["benchmark"].value("name", "")][k].insert(v.dump());
  }
  std::map<std::string, std::set<std::string>> out;
  for (const auto& [name, keys] : seen)
    for (const auto& [k, values] : keys)
      if (values.size() > 1) out[name].insert(k);
  return out;
}

std::string group_key(const nlohmann::json& r) {
  return r["benchmark"].value("suite", "") + "|" + params_text(r["benchmark"]) + "|" + r["metric"].value("name", "");
}

bool usable(const nlohmann::json& r) {
  return r["validation"].value("passed", false) && r["metric"]["value"].is_number();
}

std::string pct(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f", x);
  return buf;
}

// Overhead in percent, signed so that positive means the environment is worse than the baseline.
void add_ratio(nlohmann::json& row, const Cell& base, const Cell& cell, bool lower_is_better) {
  row["ratio"] = nullptr;
  row["overhead_pct"] = nullptr;
  row["overhead_ci_pct"] = nullptr;
  row["p_value"] = nullptr;
  const auto r = stats::ratio(base.values, cell.values);
  if (!r) {
    row["verdict"] = "n too small for a 95% interval (needs >= 4 valid samples in each environment)";
    return;
  }
  row["ratio"] = {{"value", r->value}, {"ci", {r->ci.lo, r->ci.hi}}, {"level", r->ci.level},
                  {"method", r->ci.method}, {"significant", r->significant}};
  row["p_value"] = r->p_value;
  const double o = lower_is_better ? r->value - 1 : 1 / r->value - 1;
  const double lo = lower_is_better ? r->ci.lo - 1 : 1 / r->ci.hi - 1;
  const double hi = lower_is_better ? r->ci.hi - 1 : 1 / r->ci.lo - 1;
  row["overhead_pct"] = 100 * o;
  row["overhead_ci_pct"] = {100 * lo, 100 * hi};
  const std::string interval = pct(100 * o) + "% [" + pct(100 * lo) + ", " + pct(100 * hi) + "]";
  row["verdict"] = r->significant ? interval + ", significant" : "no significant difference (" + interval + ")";
}

// n >= 6: percentile bootstrap at 95%. Below that no interval reaches 95% (statistics.md, section 2), and
// the bootstrap can only return sample values, so the report gives [min,max] with the level it reaches.
void add_median_interval(nlohmann::json& row, const std::vector<double>& values) {
  const int n = static_cast<int>(values.size());
  if (n < 2) {
    row["warnings"].push_back("n=" + std::to_string(n) + ": too few samples for an interval");
    return;
  }
  if (n >= 6) {
    const auto ci = stats::bootstrap_median_ci(values);
    row["ci"] = {ci->lo, ci->hi};
    row["ci_level"] = ci->level;
    row["ci_method"] = ci->method;
    return;
  }
  const double level = stats::order_statistic_level(n, 1);
  row["ci"] = {row["min"], row["max"]};
  row["ci_level"] = level;
  row["ci_method"] = "distribution-free [min, max] (no 95% interval exists at n < 6)";
  char buf[96];
  std::snprintf(buf, sizeof buf, "n=%d: the interval is [min, max] and covers %.1f%%, not 95%%", n, 100 * level);
  row["warnings"].push_back(buf);
}

nlohmann::json make_row(const Cell& cell, const std::string& env, const std::string& label) {
  const auto& r = cell.first;
  nlohmann::json row = {{"suite", r["benchmark"].value("suite", "")}, {"benchmark", r["benchmark"].value("name", "")},
                        {"params", r["benchmark"].value("params", nlohmann::json::object())},
                        {"label", label}, {"metric", r["metric"].value("name", "")},
                        {"unit", r["metric"].value("unit", "")}, {"better", r["metric"].value("better", "lower")},
                        {"environment", env}, {"accel", r["environment"].value("accel", nlohmann::json(nullptr))},
                        {"n", cell.values.size()}, {"failed", cell.failed}, {"disturbed", cell.disturbed},
                        {"median", nullptr}, {"ci", nullptr}, {"ci_level", nullptr}, {"ci_method", nullptr},
                        {"min", nullptr}, {"max", nullptr}, {"ratio", nullptr}, {"overhead_pct", nullptr},
                        {"overhead_ci_pct", nullptr}, {"verdict", ""}, {"warnings", nlohmann::json::array()}};
  if (cell.values.empty()) {
    row["verdict"] = "failed: no valid sample";
    return row;
  }
  const auto s = stats::spread(cell.values);
  row["median"] = median(cell.values);
  row["min"] = s.min;
  row["max"] = s.max;
  add_median_interval(row, cell.values);
  if (cell.disturbed)
    row["warnings"].push_back(std::to_string(cell.disturbed) + " of " + std::to_string(cell.values.size()) +
                              " samples taken while other processes used the CPUs");
  if (cell.failed) row["warnings"].push_back(std::to_string(cell.failed) + " failed measurement(s) left out");
  return row;
}

std::vector<std::string> notes_for(const nlohmann::json& rows, int comparisons, int significant, int fdr_kept,
                                   const std::string& baseline) {
  std::vector<std::string> notes;
  notes.push_back("medians over repetitions (each a fresh kernel process) with a 95% percentile-bootstrap "
                  "interval (2000 resamples) from n = 6; below that [min, max] and the level it reaches (93.8% at n = 5)");
  notes.push_back("overhead vs " + baseline + ": Hodges-Lehmann ratio with the exact Moses interval on log values "
                  "(96.8% at n=5); positive = worse than " + baseline);
  if (comparisons > 0) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%d comparisons: about %.1f would be called significant by chance at 95%%; %d were, %d stay "
                  "significant under Benjamini-Hochberg FDR 5%%",
                  comparisons, comparisons * 0.05, significant, fdr_kept);
    notes.push_back(buf);
  }
  for (const auto& row : rows)
    if (row["accel"] == "tcg") {
      notes.push_back("WARNING: some VM results ran under TCG emulation, not KVM: they measure emulation, not "
                      "virtualization overhead");
      break;
    }
  return notes;
}

// DIR/features.json always; DIR/features.csv as well for --format csv, whose stdout stays one CSV table.
void write_features(const std::string& dir, const nlohmann::json& features, const std::string& format) {
  const std::string json_path = dir + "/features.json";
  const bool json_ok = static_cast<bool>(std::ofstream(json_path) << features.dump(2) << "\n");
  const bool csv_ok = format != "csv" || static_cast<bool>(std::ofstream(dir + "/features.csv") << format_features_csv(features));
  if (!json_ok || !csv_ok)
    std::fprintf(stderr, "vcbench: could not write the feature table into %s (check that it is writable)\n", dir.c_str());
}

}  // namespace

Result<nlohmann::json> build_report(const nlohmann::json& manifest, const std::vector<nlohmann::json>& records,
                                    std::string baseline) {
  if (baseline.empty()) baseline = manifest.value("baseline", "native");
  std::vector<std::string> order;  // groups in first-seen order
  std::map<std::string, std::map<std::string, Cell>> groups;
  std::set<std::string> envs;
  for (const auto& r : records) {
    const std::string key = group_key(r);
    const std::string env = r["environment"].value("name", "?");
    envs.insert(env);
    if (!groups.count(key)) order.push_back(key);
    Cell& c = groups[key][env];
    if (c.first.is_null()) c.first = r;
    if (!usable(r)) { ++c.failed; continue; }
    c.values.push_back(r["metric"]["value"].get<double>());
    if (r.value("trust", nlohmann::json::object()).value("disturbed", false)) ++c.disturbed;
  }
  if (!records.empty() && !envs.count(baseline))
    return Error{"baseline '" + baseline + "' is not in this run; it has: " +
                 [&] { std::string s; for (auto& e : envs) s += (s.empty() ? "" : ", ") + e; return s; }()};
  const auto vary = varying_params(records);
  nlohmann::json rows = nlohmann::json::array();
  std::vector<double> p_values;
  int significant = 0;
  for (const auto& key : order) {
    auto& cells = groups[key];
    std::vector<std::string> env_order = manifest.value("environments", std::vector<std::string>{});
    for (const auto& [env, cell] : cells)
      if (std::find(env_order.begin(), env_order.end(), env) == env_order.end()) env_order.push_back(env);
    for (const auto& env : env_order) {
      if (!cells.count(env)) continue;
      const auto& b = cells[env].first["benchmark"];
      const auto varying = vary.find(b.value("name", ""));
      static const std::set<std::string> none;
      nlohmann::json row = make_row(cells[env], env, params_text(b, varying == vary.end() ? &none : &varying->second));
      if (env == baseline) row["verdict"] = row["n"] > 0 ? "baseline" : row["verdict"];
      else if (cells.count(baseline) && row["n"] > 0)
        add_ratio(row, cells[baseline], cells[env], row["better"] == "lower");
      if (row["p_value"].is_number()) {
        p_values.push_back(row["p_value"].get<double>());
        significant += row["ratio"]["significant"].get<bool>() ? 1 : 0;
      }
      rows.push_back(std::move(row));
    }
  }
  const auto kept = stats::benjamini_hochberg(p_values);
  const int fdr_kept = static_cast<int>(std::count(kept.begin(), kept.end(), true));
  nlohmann::json report = {{"schema", "vcbench/report/1"},
                           {"run", {{"id", manifest.value("id", "")}, {"suite", manifest.value("suite", "")},
                                    {"host", manifest.value("host", nlohmann::json::object()).value("name", "")}}},
                           {"baseline", baseline}, {"comparisons", p_values.size()}, {"rows", rows}};
  report["notes"] = notes_for(rows, static_cast<int>(p_values.size()), significant, fdr_kept, baseline);
  return report;
}

int report_command(const std::string& dir, const std::string& baseline, const std::string& format) {
  std::ifstream in(dir + "/run.json");
  auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (!in || manifest.is_discarded()) {
    std::fprintf(stderr, "vcbench: %s/run.json is missing or not JSON; give a folder written by vcbench run\n", dir.c_str());
    return 2;
  }
  auto records = read_records(dir);
  if (!records) { std::fprintf(stderr, "vcbench: %s\n", records.error().message.c_str()); return 2; }
  auto report = build_report(manifest, *records, baseline);
  if (!report) { std::fprintf(stderr, "vcbench: %s\n", report.error().message.c_str()); return 2; }
  // The feature table of the run's environments (issue 9), from what the run knows: no probing.
  const auto features = features_of_run(dir, manifest, *records, *report);
  write_features(dir, features, format);
  if (format == "json") {
    auto with_features = *report;
    with_features["features"] = features;
    std::printf("%s\n", with_features.dump(2).c_str());
  } else if (format == "csv") std::printf("%s", format_csv(*report).c_str());
  else if (format == "markdown") std::printf("%s", format_markdown(*report).c_str());
  else std::printf("%s", format_table(*report).c_str());
  // The availability suite's results also in the seed study's layout (issue 7).
  if ((format == "table" || format == "markdown") && (*report)["run"].value("suite", "") == "availability")
    std::printf("\n%s", format_availability_table(*report).c_str());
  std::printf("%s", features_section(features, format).c_str());
  return 0;
}

}  // namespace vcb
