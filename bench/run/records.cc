#include "run/records.h"

#include <ctime>
#include <sstream>

#include "vcb/record.h"

namespace vcb {
namespace {

nlohmann::json base_record(const MeasurementContext& ctx) {
  nlohmann::json env = ctx.environment;
  return {{"schema", record_schema}, {"run", ctx.run}, {"environment", env}, {"host", ctx.host},
          {"build", ctx.build},      {"trust", ctx.trust}, {"failure", nullptr}, {"time", utc_now_iso()}};
}

void number_parts(std::vector<nlohmann::json>& records) {
  for (size_t i = 0; i < records.size(); ++i) {
    records[i]["run"]["part"] = i + 1;
    records[i]["run"]["parts"] = records.size();
  }
}

std::string failure_kind(const ProcessResult& r) {
  if (!r.started) return "launch";
  if (r.timed_out) return "timeout";
  if (r.signal != 0) return "crash";
  if (r.exit_code != 0) return "exit";
  return "no-records";
}

std::string failure_reason(const ProcessResult& r) {
  if (!r.started) return "could not start the kernel: " + r.error;
  if (r.timed_out) return "timed out after " + std::to_string(static_cast<int>(r.wall_s)) + " s and was killed";
  if (r.signal != 0) return "killed by signal " + std::to_string(r.signal);
  if (r.exit_code != 0) return "exited with status " + std::to_string(r.exit_code);
  return "printed no record";
}

// The kernel's part of the record, with the harness' identity fields laid over it.
nlohmann::json merge_kernel(const MeasurementContext& ctx, const nlohmann::json& kernel) {
  nlohmann::json r = base_record(ctx);
  for (const char* field : {"metric", "samples", "calibration", "validation", "context", "detail"})
    if (kernel.contains(field)) r[field] = kernel[field];
  r["benchmark"] = {{"suite", ctx.suite}, {"name", ctx.benchmark}, {"instance", ctx.instance},
                    {"params", kernel.value("benchmark", nlohmann::json::object()).value("params", ctx.params)}};
  // Parameters the harness kept for itself (an MPI run's node count) are still the benchmark's identity.
  for (const auto& [name, value] : ctx.params.items())
    if (!r["benchmark"]["params"].contains(name)) r["benchmark"]["params"][name] = value;
  // The kernel ran with fixed counts; how they were found is the harness' to say.
  if (r.contains("calibration")) r["calibration"].update(ctx.calibration);
  if (r.contains("context")) {
    r["environment"]["binding"]["cpus_in_effect"] = r["context"].value("cpus_allowed", nlohmann::json(nullptr));
    r["environment"]["seccomp"] = r["context"].value("seccomp", nlohmann::json(nullptr));
  }
  return r;
}

// A record the kernel printed but whose process failed afterwards cannot be trusted.
void distrust(nlohmann::json& r, const ProcessResult& result) {
  if (!r["metric"]["value"].is_null()) r["detail"]["untrusted_value"] = r["metric"]["value"];
  r["metric"]["value"] = nullptr;
  r["validation"] = {{"passed", false}, {"detail", "kernel " + failure_reason(result)}};
  r["failure"] = {{"kind", failure_kind(result)}, {"exit_code", result.exit_code}, {"signal", result.signal},
                  {"stderr_tail", result.err_tail}};
}

}  // namespace

void add_launch_record(std::vector<nlohmann::json>& records, double wall_s, bool keep_kernel_record) {
  if (records.empty()) return;
  nlohmann::json r = records.front();
  const bool passed = r["validation"].value("passed", false);
  r["metric"] = {{"name", "to_exit"}, {"value", passed ? nlohmann::json(wall_s * 1e3) : nlohmann::json(nullptr)},
                 {"unit", "ms"}, {"better", "lower"}};
  if (passed) r["samples"] = {{"values", {wall_s * 1e3}}, {"interval_s", {wall_s}}, {"statistic", "median"},
                              {"warmup_discarded", 0}};
  r["detail"] = {{"measured_by", "harness: launch request until the launcher returned (a fresh container is "
                                 "removed by then)"}};
  records.push_back(std::move(r));
  if (!keep_kernel_record) records.erase(records.begin());
  number_parts(records);
}

void adopt_kernel_environment(std::vector<nlohmann::json>& records) {
  for (auto& r : records) {
    if (!r.contains("detail") || !r["detail"].is_object() || !r["detail"].contains("environment")) continue;
    for (const auto& [key, value] : r["detail"]["environment"].items()) r["environment"][key] = value;
    r["environment"]["described_by"] = "the host-side kernel: what it started, not the harness's resident instance";
    r["detail"].erase("environment");
  }
}

std::string utc_now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<nlohmann::json> parse_kernel_records(const std::string& out) {
  std::vector<nlohmann::json> records;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    const auto payload = record_payload(line);
    if (payload.empty()) continue;
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (!j.is_discarded() && j.contains("metric") && j.contains("validation")) records.push_back(std::move(j));
  }
  return records;
}

std::vector<nlohmann::json> build_records(const MeasurementContext& ctx, const ProcessResult& result) {
  const bool clean = result.started && !result.timed_out && result.signal == 0 && result.exit_code == 0;
  std::vector<nlohmann::json> records;
  for (const auto& k : parse_kernel_records(result.out)) {
    records.push_back(merge_kernel(ctx, k));
    if (!clean) distrust(records.back(), result);
  }
  if (records.empty()) {
    records = failure_records(ctx, failure_kind(result), failure_reason(result));
    for (auto& r : records) r["failure"]["stderr_tail"] = result.err_tail;
  }
  number_parts(records);
  return records;
}

std::vector<nlohmann::json> failure_records(const MeasurementContext& ctx, const std::string& kind,
                                            const std::string& reason) {
  std::vector<nlohmann::json> shapes;
  for (const auto& t : ctx.templates) shapes.push_back(t);
  if (shapes.empty())
    shapes.push_back({{"benchmark", {{"params", ctx.params}}},
                      {"metric", {{"name", "failure"}, {"unit", ""}, {"better", "lower"}}}});
  std::vector<nlohmann::json> records;
  for (const auto& shape : shapes) {
    nlohmann::json r = base_record(ctx);
    r["benchmark"] = {{"suite", ctx.suite}, {"name", ctx.benchmark}, {"instance", ctx.instance},
                      {"params", shape["benchmark"]["params"]}};
    r["metric"] = shape["metric"];
    r["metric"]["value"] = nullptr;
    r["validation"] = {{"passed", false}, {"detail", reason}};
    r["failure"] = {{"kind", kind}, {"exit_code", nullptr}, {"signal", nullptr}, {"stderr_tail", ""}};
    records.push_back(std::move(r));
  }
  number_parts(records);
  return records;
}

}  // namespace vcb
