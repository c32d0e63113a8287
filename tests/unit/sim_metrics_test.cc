// Metrics and invariants over whole workloads: conservation under every policy, steal-don't-kill
// never losing batch work, the timeline, bounded slowdown, determinism, and the generator's SWF
// round trip through the reader.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>

#include "engine/simulator.h"
#include "trace/generator.h"
#include "trace/swf_reader.h"

namespace vcb::sim {
namespace {

Policy policy(PolicyKind kind, int64_t nodes, int64_t reserve = 0, int64_t wait_s = 30, int64_t share = 50) {
  Policy p;
  p.kind = kind;
  p.nodes = nodes;
  p.reserve = reserve;
  p.wait_s = wait_s;
  p.batch_share = share;
  return p;
}

Outcome synthetic(const Policy& p, uint64_t seed, const Observer& observe = {}) {
  GeneratedSource batch(*preset("synthetic", Stream::batch, seed));
  GeneratedSource od(*preset("synthetic", Stream::od, seed));
  auto outcome = simulate(p, batch, od, observe);
  EXPECT_TRUE(outcome.ok());
  return outcome.ok() ? *outcome : Outcome{};
}

const std::vector<Policy>& every_policy() {
  static const std::vector<Policy> all = {policy(PolicyKind::batch, 128),
                                          policy(PolicyKind::static_split, 128, 0, 30, 75),
                                          policy(PolicyKind::static_split, 96, 0, 0, 25),
                                          policy(PolicyKind::dynamic, 128, 0, 30),
                                          policy(PolicyKind::dynamic, 128, 16, 120),
                                          policy(PolicyKind::dynamic, 64, 4, 0),
                                          policy(PolicyKind::od_only, 64),
                                          policy(PolicyKind::fill, 64),
                                          policy(PolicyKind::fill, 128, 0, 5)};
  return all;
}

TEST(SimConservation, NodeSecondsAddUpUnderEveryPolicy) {
  for (const Policy& p : every_policy()) {
    for (uint64_t seed : {1, 2, 3}) {
      const Outcome o = synthetic(p, seed);
      const Conservation c = o.conservation();
      EXPECT_TRUE(c.ok()) << policy_name(p.kind) << " seed " << seed << ": " << c.text();
      EXPECT_EQ(c.batch + c.od + c.idle, p.nodes * o.span());
      EXPECT_GT(o.span(), 0);
    }
  }
}

// Steal, don't kill: under every policy but fill, each batch job runs exactly once, for exactly
// its run time, and every job of the trace finishes.
TEST(SimStealDontKill, NoBatchJobIsEverKilled) {
  for (const Policy& p : every_policy()) {
    if (p.preempts() || !p.has_batch()) continue;
    std::map<int64_t, int64_t> started;
    int64_t finished = 0, preempted = 0;
    const Outcome o = synthetic(p, 7, [&](const ScheduleEvent& e) {
      if (e.cls != JobClass::batch) return;
      if (e.kind == ScheduleEvent::Kind::start) {
        EXPECT_TRUE(started.emplace(e.id, e.time).second);
      }
      if (e.kind == ScheduleEvent::Kind::preempt) ++preempted;
      if (e.kind == ScheduleEvent::Kind::end) ++finished;
    });
    EXPECT_EQ(preempted, 0) << policy_name(p.kind);
    EXPECT_EQ(o.batch.preemptions, 0);
    EXPECT_EQ(finished, o.batch.jobs);
    EXPECT_EQ(o.batch.jobs + o.batch.dropped, 240) << policy_name(p.kind);
    EXPECT_EQ(static_cast<int64_t>(started.size()), o.batch.jobs);
  }
}

// Batch work done is the same under every policy that never kills it: the trace's own total.
TEST(SimStealDontKill, BatchWorkIsTheTracesWork) {
  GeneratedSource trace(*preset("synthetic", Stream::batch, 1));
  int64_t total = 0;
  while (true) {
    auto j = trace.next();
    if (!*j) break;
    total += (*j)->size * (*j)->runtime;
  }
  for (const Policy& p : every_policy()) {
    if (p.has_batch() && !p.preempts() && p.kind != PolicyKind::static_split) {
      EXPECT_EQ(synthetic(p, 1).batch_node_seconds, total) << policy_name(p.kind);
    }
  }
}

TEST(SimFill, PreemptsAndStillFinishesEveryJob) {
  const Outcome o = synthetic(policy(PolicyKind::fill, 64), 1);
  EXPECT_GT(o.batch.preemptions, 0);
  EXPECT_EQ(o.batch.jobs, 240);
  EXPECT_EQ(o.od.rejected, 0);  // leases take what they need from preemptible work
  EXPECT_EQ(o.od.sum_wait, 0);
  EXPECT_GT(o.batch.lost_node_seconds, 0);
}

TEST(SimTimeline, StaysSmallAndAveragesToTheUtilization) {
  const Outcome o = synthetic(policy(PolicyKind::dynamic, 128), 1);
  ASSERT_FALSE(o.timeline.empty());
  EXPECT_LE(o.timeline.size(), static_cast<size_t>(Timeline::kMaxBins));
  double weighted = 0;
  for (size_t i = 0; i < o.timeline.size(); ++i) {
    const auto& p = o.timeline[i];
    EXPECT_NEAR(p.batch + p.od + p.idle, 1.0, 1e-12);
    EXPECT_GE(p.idle, -1e-12);
    const int64_t end = i + 1 < o.timeline.size() ? o.timeline[i + 1].t : o.span();
    weighted += p.batch * static_cast<double>(end - p.t);
  }
  EXPECT_NEAR(100.0 * weighted / static_cast<double>(o.span()), o.utilization_pct(o.batch_node_seconds),
              1e-9);
}

TEST(SimTimeline, MergesBinsOverLongSpans) {
  Timeline t;
  t.start(1000);
  t.add(1000, 1000 + 31'536'000, 3, 1);  // a year at constant use
  const auto points = t.points(1000 + 31'536'000, 4);
  EXPECT_LE(points.size(), static_cast<size_t>(Timeline::kMaxBins));
  EXPECT_GT(points.size(), static_cast<size_t>(Timeline::kMaxBins / 2));
  EXPECT_EQ(points.front().t, 0);
  for (const auto& p : points) {
    EXPECT_DOUBLE_EQ(p.batch, 0.75);
    EXPECT_DOUBLE_EQ(p.od, 0.25);
  }
}

TEST(SimSlowdown, IsBoundedBelowByOneAndForShortJobs) {
  EXPECT_DOUBLE_EQ(bounded_slowdown(0, 5), 1.0);      // 5 / max(5, 10) < 1 -> 1
  EXPECT_DOUBLE_EQ(bounded_slowdown(20, 5), 2.5);     // 25 / 10
  EXPECT_DOUBLE_EQ(bounded_slowdown(100, 100), 2.0);  // 200 / 100
  EXPECT_EQ(kSlowdownBound, 10);
}

TEST(SimDeterminism, SameInputsSameOutcome) {
  for (const Policy& p : every_policy()) {
    const Outcome a = synthetic(p, 5), b = synthetic(p, 5);
    EXPECT_EQ(a.batch_node_seconds, b.batch_node_seconds);
    EXPECT_EQ(a.od.rejected, b.od.rejected);
    EXPECT_EQ(a.batch.sum_slowdown, b.batch.sum_slowdown);
    EXPECT_EQ(a.t_end, b.t_end);
    ASSERT_EQ(a.timeline.size(), b.timeline.size());
    for (size_t i = 0; i < a.timeline.size(); ++i) EXPECT_EQ(a.timeline[i].batch, b.timeline[i].batch);
  }
  EXPECT_NE(synthetic(policy(PolicyKind::dynamic, 128), 1).batch.sum_wait,
            synthetic(policy(PolicyKind::dynamic, 128), 2).batch.sum_wait);
}

// The shipped workload's recipe, pinned: a change to the generator or the preset shows here.
TEST(SimWorkload, SyntheticPresetTotals) {
  GeneratedSource batch(*preset("synthetic", Stream::batch, 1));
  int64_t jobs = 0, work = 0, last = 0, biggest = 0;
  while (true) {
    auto j = batch.next();
    if (!*j) break;
    ++jobs;
    work += (*j)->size * (*j)->runtime;
    last = (*j)->submit;
    biggest = std::max(biggest, (*j)->size);
    EXPECT_GE((*j)->estimate, (*j)->runtime);
  }
  EXPECT_EQ(jobs, 240);
  EXPECT_LE(biggest, 32);  // fits the 25% batch partition of 128 nodes
  // Offered batch load while jobs arrive: ~83% of 128 nodes.
  const double load = static_cast<double>(work) / (128.0 * static_cast<double>(last));
  EXPECT_GT(load, 0.5);
  EXPECT_LT(load, 0.95);
}

// Written as SWF by vcbench-swfgen's code and read back, the workload simulates identically.
TEST(SimWorkload, SwfRoundTripGivesTheSameOutcome) {
  const auto dir = std::filesystem::temp_directory_path() / "vcb-sim-roundtrip";
  std::filesystem::create_directories(dir);
  std::string paths[2];
  for (Stream s : {Stream::batch, Stream::od}) {
    const auto path = dir / (s == Stream::batch ? "batch.swf" : "od.swf");
    GeneratedSource gen(*preset("synthetic", s, 3));
    std::ofstream out(path);
    out << "; generated\n";
    while (true) {
      auto j = gen.next();
      if (!*j) break;
      out << swf_line(**j) << "\n";
    }
    paths[s == Stream::batch ? 0 : 1] = path.string();
  }
  auto batch = SwfReader::open(paths[0]);
  auto od = SwfReader::open(paths[1]);
  ASSERT_TRUE(batch.ok() && od.ok());
  const Policy p = policy(PolicyKind::dynamic, 128, 8, 30);
  auto from_files = simulate(p, **batch, **od);
  ASSERT_TRUE(from_files.ok());
  const Outcome generated = synthetic(p, 3);
  EXPECT_EQ(from_files->batch.sum_wait, generated.batch.sum_wait);
  EXPECT_EQ(from_files->od.rejected, generated.od.rejected);
  EXPECT_EQ(from_files->idle_node_seconds, generated.idle_node_seconds);
}

TEST(SimPolicy, RejectsImpossibleKnobs) {
  EXPECT_FALSE(check_policy(policy(PolicyKind::dynamic, 8, 8)).ok());
  EXPECT_FALSE(check_policy(policy(PolicyKind::dynamic, 8, 0, -1)).ok());
  EXPECT_FALSE(check_policy(policy(PolicyKind::static_split, 4, 0, 30, 100)).ok());
  EXPECT_TRUE(check_policy(policy(PolicyKind::static_split, 4, 0, 30, 75)).ok());
  EXPECT_FALSE(parse_policy("fifo").ok());
  EXPECT_EQ(*parse_policy("static"), PolicyKind::static_split);
}

}  // namespace
}  // namespace vcb::sim
