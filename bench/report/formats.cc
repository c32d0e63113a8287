// Text renderings of a report: terminal table, Markdown, CSV. Same rows, same verdicts.
#include <cstdio>
#include <sstream>

#include "report/report.h"

namespace vcb {
namespace {

std::string num(const nlohmann::json& v) {
  if (!v.is_number()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v.get<double>());
  return buf;
}

// "[lo, hi]", with the level appended where it is not the nominal 95%.
std::string interval(const nlohmann::json& row) {
  const auto& ci = row["ci"];
  if (!ci.is_array() || ci.size() != 2) return "-";
  std::string s = "[" + num(ci[0]) + ", " + num(ci[1]) + "]";
  if (row["ci_level"].is_number() && row["ci_level"].get<double>() < 0.95) {
    char buf[16];
    std::snprintf(buf, sizeof buf, " %.1f%%", 100 * row["ci_level"].get<double>());
    s += buf;
  }
  return s;
}

// Trust flags the terminal table appends to a verdict: disturbed samples and failed measurements.
std::string flags(const nlohmann::json& row) {
  std::string f;
  if (row.value("disturbed", 0) > 0)
    f += "  [" + std::to_string(row.value("disturbed", 0)) + "/" + std::to_string(row.value("n", 0)) + " disturbed]";
  if (row.value("failed", 0) > 0 && row.value("n", 0) > 0)
    f += "  [" + std::to_string(row.value("failed", 0)) + " failed]";
  return f;
}

std::string metric_of(const nlohmann::json& row) {
  return row.value("metric", "") + " [" + row.value("unit", "") + "]";
}

std::string csv_field(std::string s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

size_t width_of(const nlohmann::json& rows, const char* field, size_t least) {
  size_t w = least;
  for (const auto& r : rows) w = std::max(w, r.value(field, std::string()).size());
  return w;
}

}  // namespace

std::string format_table(const nlohmann::json& report) {
  const auto& rows = report["rows"];
  const size_t wl = std::min<size_t>(width_of(rows, "label", 9), 60);
  const size_t we = width_of(rows, "environment", 3);
  size_t wm = 6;
  for (const auto& r : rows) wm = std::max(wm, metric_of(r).size());
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %-*s  %-*s  %3s  %10s  %-28s  %s\n", static_cast<int>(wl), "benchmark",
                static_cast<int>(wm), "metric", static_cast<int>(we), "env", "n", "median", "interval (95% unless noted)", ("vs " + report.value("baseline", "")).c_str());
  out << line;
  std::string previous;
  for (const auto& r : rows) {
    const std::string label = r.value("label", "");
    const bool same = label + metric_of(r) == previous;
    previous = label + metric_of(r);
    std::snprintf(line, sizeof line, "%-*s  %-*s  %-*s  %3d  %10s  %-28s  %s\n", static_cast<int>(wl),
                  same ? "" : label.substr(0, wl).c_str(), static_cast<int>(wm), same ? "" : metric_of(r).c_str(),
                  static_cast<int>(we),
                  r.value("environment", "").c_str(), r.value("n", 0), num(r["median"]).c_str(),
                  interval(r).c_str(), (r.value("verdict", "") + flags(r)).c_str());
    out << line;
  }
  out << "\n";
  for (const auto& n : report["notes"]) out << "note: " << n.get<std::string>() << "\n";
  return out.str();
}

std::string format_markdown(const nlohmann::json& report) {
  std::ostringstream out;
  out << "# vcbench report: " << report["run"].value("suite", "") << " on " << report["run"].value("host", "")
      << "\n\nRun `" << report["run"].value("id", "") << "`, baseline `" << report.value("baseline", "") << "`.\n\n";
  out << "| benchmark | metric | env | n | median | interval (95% unless noted) | vs " << report.value("baseline", "") << " | warnings |\n";
  out << "|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : report["rows"]) {
    std::string warnings;
    for (const auto& w : r["warnings"]) warnings += (warnings.empty() ? "" : "; ") + w.get<std::string>();
    out << "| " << r.value("label", "") << " | " << metric_of(r) << " | " << r.value("environment", "") << " | "
        << r.value("n", 0) << " | " << num(r["median"]) << " | " << interval(r) << " | "
        << r.value("verdict", "") << " | " << warnings << " |\n";
  }
  out << "\n";
  for (const auto& n : report["notes"]) out << "- " << n.get<std::string>() << "\n";
  return out.str();
}

std::string format_csv(const nlohmann::json& report) {
  std::ostringstream out;
  out << "suite,benchmark,label,metric,unit,better,environment,accel,n,failed,disturbed,median,ci_lo,ci_hi,min,max,"
         "ratio,ratio_lo,ratio_hi,overhead_pct,significant,verdict\n";
  for (const auto& r : report["rows"]) {
    const bool has_ci = r["ci"].is_array(), has_ratio = r["ratio"].is_object();
    out << csv_field(r.value("suite", "")) << ',' << csv_field(r.value("benchmark", "")) << ','
        << csv_field(r.value("label", "")) << ',' << csv_field(r.value("metric", "")) << ','
        << csv_field(r.value("unit", "")) << ',' << r.value("better", "") << ',' << csv_field(r.value("environment", ""))
        << ',' << (r["accel"].is_string() ? r["accel"].get<std::string>() : "") << ',' << r.value("n", 0) << ','
        << r.value("failed", 0) << ',' << r.value("disturbed", 0) << ',' << (r["median"].is_number() ? r["median"].dump() : "")
        << ',' << (has_ci ? r["ci"][0].dump() : "") << ',' << (has_ci ? r["ci"][1].dump() : "") << ','
        << (r["min"].is_number() ? r["min"].dump() : "") << ',' << (r["max"].is_number() ? r["max"].dump() : "") << ','
        << (has_ratio ? r["ratio"]["value"].dump() : "") << ',' << (has_ratio ? r["ratio"]["ci"][0].dump() : "") << ','
        << (has_ratio ? r["ratio"]["ci"][1].dump() : "") << ','
        << (r["overhead_pct"].is_number() ? r["overhead_pct"].dump() : "") << ','
        << (has_ratio ? (r["ratio"]["significant"].get<bool>() ? "true" : "false") : "") << ','
        << csv_field(r.value("verdict", "")) << "\n";
  }
  return out.str();
}

}  // namespace vcb
