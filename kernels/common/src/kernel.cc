#include "vcb/kernel.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "vcb/affinity.h"
#include "vcb/context.h"
#include "vcb/median.h"
#include "vcb/record.h"

namespace vcb {
namespace {

const char* better_name(Better b) { return b == Better::lower ? "lower" : "higher"; }

bool all_sane(const std::vector<double>& v, bool zero_ok) {
  for (double x : v)
    if (!std::isfinite(x) || x < 0 || (x == 0 && !zero_ok)) return false;
  return !v.empty();
}

}  // namespace

Kernel::Kernel(std::string name, int argc, char** argv) : name_(std::move(name)) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) usage_error("unexpected argument '" + a + "'");
    a = a.substr(2);
    const auto eq = a.find('=');
    if (eq != std::string::npos) flags_[a.substr(0, eq)] = a.substr(eq + 1);
    else if (a == "calibrate") flags_[a] = "1";
    else if (i + 1 < argc) flags_[a] = argv[++i];
    else usage_error("flag --" + a + " needs a value");
  }
}

namespace {
void (*exit_hook)() = nullptr;
bool print_usage_errors = true;
}  // namespace

void Kernel::set_exit_hook(void (*hook)(), bool print) {
  exit_hook = hook;
  print_usage_errors = print;
}

void Kernel::usage_error(const std::string& message) const {
  if (print_usage_errors) std::fprintf(stderr, "vcb-%s: %s\n", name_.c_str(), message.c_str());
  if (exit_hook) exit_hook();
  std::exit(2);
}

std::string Kernel::take(const std::string& key) {
  used_[key] = true;
  auto it = flags_.find(key);
  return it == flags_.end() ? std::string() : it->second;
}

std::string Kernel::option(const std::string& key, const std::string& fallback) {
  const std::string v = take(key);
  return v.empty() ? fallback : v;
}

std::string Kernel::param(const std::string& key, const std::string& fallback) {
  const std::string v = option(key, fallback);
  params_[key] = v;
  return v;
}

long long Kernel::param_int(const std::string& key, long long fallback) {
  const std::string v = option(key, std::to_string(fallback));
  char* end = nullptr;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  if (end == v.c_str() || *end != '\0') usage_error("--" + key + " wants an integer, got '" + v + "'");
  params_[key] = n;
  return n;
}

void Kernel::begin() {
  plan_.calibrate = !take("calibrate").empty();
  if (const auto it = take("iters"); !it.empty() && !parse_iterations(it, plan_.iterations))
    usage_error("--iters wants N or point=N,point=N with N > 0, got '" + it + "'");
  const long long samples = std::atoll(option("samples", "11").c_str());
  const long long warmup = std::atoll(option("warmup", "1").c_str());
  const double target_ms = std::atof(option("target-ms", "10").c_str());
  if (samples < 1 || warmup < 0 || target_ms <= 0) usage_error("--samples >= 1, --warmup >= 0, --target-ms > 0");
  plan_.samples = static_cast<int>(samples);
  plan_.warmup = static_cast<int>(warmup);
  plan_.target_seconds = target_ms / 1000.0;
  if (plan_.calibrate) plan_.iterations.clear();
  for (const auto& [key, value] : flags_)
    if (!used_.count(key)) usage_error("unknown flag --" + key);
  cpu_start_ = current_cpu();
  granted_ = process_context();
}

nlohmann::json Kernel::context() const {
  nlohmann::json c = granted_.is_null() ? process_context() : granted_;
  c["cpu_start"] = cpu_start_;
  c["cpu_end"] = current_cpu();
  return c;
}

void Kernel::emit(const Measurement& m) {
  nlohmann::json params = params_;
  params.update(m.params);
  const bool sane = all_sane(m.values, m.zero_ok);
  const bool passed = m.passed && m.series.ok() && sane;
  std::string detail = m.validation;
  if (!m.series.error.empty()) detail = m.series.error;
  else if (!sane) detail = (m.zero_ok ? "negative" : "non-positive") + std::string(" or non-finite value: ") + detail;
  nlohmann::json record = {
      {"benchmark", {{"name", name_}, {"params", params}}},
      {"metric", {{"name", m.metric}, {"value", passed ? nlohmann::json(median(m.values)) : nullptr},
                  {"unit", m.unit}, {"better", better_name(m.better)}}},
      {"samples", {{"values", m.values}, {"interval_s", m.series.seconds}, {"statistic", "median"},
                   {"warmup_discarded", plan_.warmup}}},
      {"calibration", {{"iterations", m.series.iterations},
                       {"source", m.series.calibrated_here ? "kernel" : "harness"},
                       {"target_s", plan_.target_seconds}}},
      {"validation", {{"passed", passed}, {"detail", detail}}},
      {"context", context()},
      {"detail", m.detail}};
  if (!m.point.empty()) record["calibration"]["point"] = m.point;
  emit_line(record);
  ++emitted_;
  all_passed_ = all_passed_ && passed;
}

void Kernel::emit_failure(const std::string& why, nlohmann::json params) {
  nlohmann::json merged = params_;
  merged.update(params);
  emit_line({{"benchmark", {{"name", name_}, {"params", merged}}},
             {"metric", {{"name", "failure"}, {"value", nullptr}, {"unit", ""}, {"better", "lower"}}},
             {"validation", {{"passed", false}, {"detail", why}}},
             {"context", context()}});
  ++emitted_;
  all_passed_ = false;
}

}  // namespace vcb
