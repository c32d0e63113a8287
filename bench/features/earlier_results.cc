#include "features/earlier_results.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/report.h"
#include "run/run_folder.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

nlohmann::json manifest_of(const fs::path& dir) {
  std::ifstream in(dir / "run.json");
  return nlohmann::json::parse(in, nullptr, false);
}

bool params_match(const nlohmann::json& row, const nlohmann::json& params) {
  for (const auto& [k, v] : params.items())
    if (!row["params"].contains(k) || row["params"][k] != v) return false;
  return true;
}

}  // namespace

std::map<std::string, std::string> newest_runs_of(const std::string& results_dir,
                                                  const std::vector<std::string>& suites) {
  std::map<std::string, std::string> best, best_started;
  for (const auto& suite : suites) best[suite] = "";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(results_dir, ec)) {
    if (!e.is_directory(ec) || !fs::exists(e.path() / "records.jsonl", ec)) continue;
    const auto m = manifest_of(e.path());
    if (m.is_discarded()) continue;
    // Suites run together are named "micro+startup": such a run counts for each of them.
    std::stringstream parts(m.value("suite", ""));
    const std::string started = m.value("started", "");
    for (std::string suite; std::getline(parts, suite, '+');)
      if (best.count(suite) && (best[suite].empty() || started > best_started[suite]))
        best[suite] = e.path().string(), best_started[suite] = started;
  }
  return best;
}

std::string newest_run_of(const std::string& results_dir, const std::string& suite) {
  return newest_runs_of(results_dir, {suite})[suite];
}

nlohmann::json report_of(const std::string& folder) {
  const auto manifest = manifest_of(folder);
  auto records = read_records(folder);
  if (manifest.is_discarded() || !records) return nullptr;
  auto report = build_report(manifest, *records, "");
  return report ? *report : nlohmann::json(nullptr);
}

nlohmann::json report_cell(const std::string& folder, const std::string& environment, const std::string& benchmark,
                           const std::string& metric, const nlohmann::json& params) {
  return report_cell_in(report_of(folder), folder, environment, benchmark, metric, params);
}

nlohmann::json report_cell_in(const nlohmann::json& report, const std::string& source, const std::string& environment,
                              const std::string& benchmark, const std::string& metric, const nlohmann::json& params) {
  if (!report.is_object()) return nullptr;
  for (const auto& row : report["rows"]) {
    if (row.value("environment", "") != environment || (!benchmark.empty() && row.value("benchmark", "") != benchmark) ||
        row.value("metric", "") != metric || !params_match(row, params) || !row["median"].is_number())
      continue;
    return {{"value", row["median"]}, {"ci", row["ci"]}, {"n", row["n"]}, {"unit", row["unit"]},
            {"metric", metric}, {"params", row.value("params", params)}, {"source", fs::weakly_canonical(source).string()}};
  }
  return nullptr;
}

std::string failure_reason_in(const std::string& folder, const std::string& environment) {
  auto records = read_records(folder);
  if (!records) return "";
  for (const auto& r : *records) {
    if (r["environment"].value("name", "") != environment || r["validation"].value("passed", false)) continue;
    const auto& detail = r.value("detail", nlohmann::json::object());
    if (detail.is_object() && detail.contains("reason")) return detail["reason"].get<std::string>();
    return r["validation"].value("detail", "");
  }
  return "";
}

}  // namespace vcb
