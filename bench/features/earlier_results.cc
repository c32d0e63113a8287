#include "features/earlier_results.h"

#include <filesystem>
#include <fstream>

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

std::string newest_run_of(const std::string& results_dir, const std::string& suite) {
  std::error_code ec;
  std::string best, best_started;
  for (const auto& e : fs::directory_iterator(results_dir, ec)) {
    if (!e.is_directory(ec) || !fs::exists(e.path() / "records.jsonl", ec)) continue;
    const auto m = manifest_of(e.path());
    if (m.is_discarded() || m.value("suite", "") != suite) continue;
    const std::string started = m.value("started", "");
    if (best.empty() || started > best_started) best = e.path().string(), best_started = started;
  }
  return best;
}

nlohmann::json report_cell(const std::string& folder, const std::string& environment, const std::string& benchmark,
                           const std::string& metric, const nlohmann::json& params) {
  const auto manifest = manifest_of(folder);
  auto records = read_records(folder);
  if (manifest.is_discarded() || !records) return nullptr;
  auto report = build_report(manifest, *records, "");
  if (!report) return nullptr;
  for (const auto& row : (*report)["rows"]) {
    if (row.value("environment", "") != environment || (!benchmark.empty() && row.value("benchmark", "") != benchmark) ||
        row.value("metric", "") != metric || !params_match(row, params) || !row["median"].is_number())
      continue;
    return {{"value", row["median"]}, {"ci", row["ci"]}, {"n", row["n"]}, {"unit", row["unit"]},
            {"metric", metric}, {"params", params}, {"source", fs::weakly_canonical(folder).string()}};
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
