#include "kernel/records.h"

#include <cmath>

#include "vcb/context.h"
#include "vcb/record.h"

namespace vcb::sim {
namespace {

double rounded(double x) { return std::round(x * 1e4) / 1e4; }

Metric pct(const std::string& name, Better better, double value) { return {name, "%", better, value}; }

void add_batch(const Outcome& o, std::vector<Metric>& out) {
  out.push_back(pct("utilization_batch", Better::higher, o.utilization_pct(o.batch_node_seconds)));
  out.push_back(pct("utilization_max_batch", Better::higher, o.peak_pct(o.max_batch)));
  out.push_back({"batch_wait", "s", Better::lower, o.batch.mean_wait(), {{"max_wait_s", o.batch.max_wait}}});
  out.push_back({"batch_slowdown",
                 "ratio",
                 Better::lower,
                 o.batch.mean_slowdown(),
                 {{"definition", "mean bounded slowdown, max(1, (wait + run) / max(run, bound))"},
                  {"bound_s", kSlowdownBound}}});
  out.push_back({"makespan",
                 "s",
                 Better::lower,
                 static_cast<double>(o.batch.makespan()),
                 {{"definition", "last batch completion - first batch submit"}}});
  // Jobs larger than batch work may ever hold never run: every batch metric is without them.
  out.push_back({"batch_dropped", "count", Better::lower, static_cast<double>(o.batch.dropped)});
}

void add_od(const Outcome& o, std::vector<Metric>& out) {
  out.push_back(pct("utilization_od", Better::higher, o.utilization_pct(o.od_node_seconds)));
  out.push_back(pct("utilization_max_od", Better::higher, o.peak_pct(o.max_od)));
  out.push_back({"od_rejected",
                 "count",
                 Better::lower,
                 static_cast<double>(o.od.rejected),
                 {{"too_large", o.od.too_large}}});
  out.push_back(pct("od_rejected_pct", Better::lower, o.od.rejected_pct()));
  out.push_back({"od_wait", "s", Better::lower, o.od.mean_wait(), {{"max_wait_s", o.od.max_wait}}});
}

nlohmann::json common_detail(const Outcome& o) {
  return {{"span_s", o.span()},
          {"jobs",
           {{"batch", o.batch.jobs},
            {"batch_dropped", o.batch.dropped},
            {"od_requests", o.od.requests},
            {"od_served", o.od.served},
            {"batch_queue_max", o.batch.max_queue}}},
          {"backfill_depth", o.policy.backfill_depth},
          {"events", o.events},
          {"workload", {{"batch", o.batch_source}, {"od", o.od_source}}}};
}

// Kernel::emit refuses values <= 0 (a timing of 0 is a broken timer), but a count of rejections
// or a mean wait may truly be 0. Such a record is written here, in the same shape.
void emit_zero(Kernel& k, const nlohmann::json& params, const Measurement& m) {
  nlohmann::json context = process_context();
  emit_line({{"benchmark", {{"name", k.name()}, {"params", params}}},
             {"metric",
              {{"name", m.metric},
               {"value", 0.0},
               {"unit", m.unit},
               {"better", m.better == Better::lower ? "lower" : "higher"}}},
             {"samples",
              {{"values", m.values},
               {"interval_s", m.series.seconds},
               {"statistic", "median"},
               {"warmup_discarded", k.plan().warmup}}},
             {"calibration",
              {{"iterations", m.series.iterations},
               {"source", m.series.calibrated_here ? "kernel" : "harness"},
               {"target_s", k.plan().target_seconds}}},
             {"validation", {{"passed", true}, {"detail", m.validation}}},
             {"context", context},
             {"detail", m.detail}});
}

}  // namespace

std::vector<Metric> metrics_of(const Outcome& o) {
  std::vector<Metric> out;
  const int64_t busy = o.batch_node_seconds + o.od_node_seconds;
  out.push_back(pct("utilization_overall", Better::higher, o.utilization_pct(busy)));
  out.push_back(pct("utilization_max_overall", Better::higher, o.peak_pct(o.max_busy)));
  if (o.policy.has_batch()) add_batch(o, out);
  if (o.policy.has_od()) add_od(o, out);
  if (o.policy.preempts())
    out.push_back({"preemptions",
                   "count",
                   Better::lower,
                   static_cast<double>(o.batch.preemptions),
                   {{"lost_node_seconds", o.batch.lost_node_seconds}}});
  return out;
}

nlohmann::json timeline_json(const Outcome& o) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : o.timeline) points.push_back({p.t, rounded(p.batch), rounded(p.od), rounded(p.idle)});
  return {{"columns", {"t_s", "batch", "od", "idle"}}, {"bin_s", o.timeline_bin_s}, {"points", points}};
}

void emit_outcome(Kernel& k, const nlohmann::json& params, const Outcome& o, double wall_s) {
  Series series;
  series.iterations = 1;  // one simulation per process: it is deterministic
  series.calibrated_here = k.plan().calibrate;
  series.seconds = {wall_s};
  const Conservation c = o.conservation();
  // Only "fill" may preempt; under every other policy a preemption would be a killed batch job.
  const bool never_killed = o.policy.preempts() || o.batch.preemptions == 0;
  const bool passed = c.ok() && never_killed;
  const std::string validation = c.text() + (never_killed ? "" : "; a batch job was preempted");
  for (Metric& m : metrics_of(o)) {
    m.detail.update(common_detail(o));
    if (m.name == "utilization_overall") {
      m.detail["timeline"] = timeline_json(o);
      m.detail["conservation"] = {
          {"batch", c.batch}, {"od", c.od}, {"idle", c.idle}, {"capacity", c.capacity}};
    }
    const Measurement meas{.metric = m.name,
                           .unit = m.unit,
                           .better = m.better,
                           .series = series,
                           .values = {m.value},
                           .detail = m.detail,
                           .passed = passed,
                           .validation = validation};
    if (m.value == 0 && passed)
      emit_zero(k, params, meas);
    else
      k.emit(meas);
  }
}

}  // namespace vcb::sim
