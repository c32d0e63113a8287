// Hand-built traces whose schedules are worked out on paper (sim/README.md, "Policies"): EASY
// backfilling, the reserve, rejection after the wait, steal-don't-kill, and fill-the-gaps
// preemption. Each test states the paper schedule it checks.
#include <gtest/gtest.h>

#include <map>
#include <tuple>
#include <vector>

#include "engine/simulator.h"

namespace vcb::sim {
namespace {

using Kind = ScheduleEvent::Kind;

Job job(int64_t id, int64_t submit, int64_t size, int64_t runtime, int64_t estimate = 0) {
  return {id, submit, runtime, estimate ? estimate : runtime, size, 0};
}

struct Schedule {
  Outcome outcome;
  std::vector<ScheduleEvent> events;
  // Time of the first event of `kind` for job `id` of class `cls`, -1 if none.
  int64_t at(Kind kind, int64_t id, JobClass cls = JobClass::batch) const {
    for (const auto& e : events)
      if (e.kind == kind && e.id == id && e.cls == cls) return e.time;
    return -1;
  }
  int count(Kind kind) const {
    int n = 0;
    for (const auto& e : events) n += e.kind == kind;
    return n;
  }
};

Schedule run(const Policy& p, std::vector<Job> batch, std::vector<Job> od = {}) {
  VectorSource b(std::move(batch)), o(std::move(od));
  Schedule r;
  auto outcome = simulate(p, b, o, [&r](const ScheduleEvent& e) { r.events.push_back(e); });
  EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().message);
  if (outcome.ok()) r.outcome = *outcome;
  EXPECT_TRUE(r.outcome.conservation().ok()) << r.outcome.conservation().text();
  return r;
}

Policy policy(PolicyKind kind, int64_t nodes, int64_t reserve = 0, int64_t wait_s = 30) {
  Policy p;
  p.kind = kind;
  p.nodes = nodes;
  p.reserve = reserve;
  p.wait_s = wait_s;
  return p;
}

// 4 nodes. A (3 nodes, 100 s) runs from 0. B (4 nodes) heads the queue from 1: shadow time 100,
// no extra nodes. C (1 node, estimate 50) fits before the shadow: it jumps ahead at 2. D (1 node,
// estimate 200) would hold a node past 100 and delay B: when C frees its node at 52, D still
// waits, and starts only after B (100..110).
TEST(SimEasy, BackfillsASmallJobWithoutDelayingTheHead) {
  const Schedule r = run(policy(PolicyKind::batch, 4),
                         {job(1, 0, 3, 100), job(2, 1, 4, 10), job(3, 2, 1, 50), job(4, 3, 1, 200)});
  EXPECT_EQ(r.at(Kind::start, 1), 0);
  EXPECT_EQ(r.at(Kind::start, 3), 2);    // moved ahead of B
  EXPECT_EQ(r.at(Kind::start, 2), 100);  // B starts when A ends: as under plain FCFS
  EXPECT_EQ(r.at(Kind::start, 4), 110);  // D did not take the node B needed
  EXPECT_EQ(r.outcome.batch.makespan(), 310);
}

// The extra nodes: with A on 2 of 4 nodes until 100 and B (3 nodes) waiting, one node is not
// needed by B at its shadow time, so a long 1-node job may use it.
TEST(SimEasy, LongJobMayUseTheExtraNodes) {
  const Schedule r =
      run(policy(PolicyKind::batch, 4), {job(1, 0, 2, 100), job(2, 1, 3, 10), job(3, 2, 1, 500)});
  EXPECT_EQ(r.at(Kind::start, 3), 2);
  EXPECT_EQ(r.at(Kind::start, 2), 100);
}

// Backfilling trusts estimates: C's estimate (150) passes the shadow time though its run (50)
// would not, so C waits.
TEST(SimEasy, UsesTheEstimateNotTheRunTime) {
  const Schedule r =
      run(policy(PolicyKind::batch, 4), {job(1, 0, 3, 100), job(2, 1, 4, 10), job(3, 2, 1, 50, 150)});
  EXPECT_EQ(r.at(Kind::start, 3), 110);
}

// The backfill depth bounds how far past the head EASY looks. A (3 nodes) runs, B (4) waits for
// it; C (1 node, estimate 500) cannot backfill; D (1 node, estimate 50) can, but it is the second
// job past the head: with depth 1 it is not looked at and waits for B.
TEST(SimEasy, BackfillDepthBoundsTheScan) {
  const std::vector<Job> trace = {job(1, 0, 3, 100), job(2, 1, 4, 10), job(3, 2, 1, 500), job(4, 3, 1, 50)};
  Policy p = policy(PolicyKind::batch, 4);
  EXPECT_EQ(run(p, trace).at(Kind::start, 4), 3);
  p.backfill_depth = 1;
  EXPECT_EQ(run(p, trace).at(Kind::start, 4), 110);
}

// 4 nodes, reserve 2. Two 2-node batch jobs at 0: the first starts, the second would leave fewer
// than 2 idle nodes and waits. A 2-node lease at 10 is served at once on the reserve, and the
// second batch job starts when the first ends (100), not when the lease ends (60).
TEST(SimDynamic, ReserveHoldsNodesIdleForOnDemand) {
  const Schedule r =
      run(policy(PolicyKind::dynamic, 4, 2), {job(1, 0, 2, 100), job(2, 0, 2, 100)}, {job(7, 10, 2, 50)});
  EXPECT_EQ(r.at(Kind::start, 1), 0);
  EXPECT_EQ(r.at(Kind::start, 2), 100);
  EXPECT_EQ(r.at(Kind::start, 7, JobClass::od), 10);
  EXPECT_EQ(r.outcome.od.rejected, 0);
  EXPECT_EQ(r.outcome.od.mean_wait(), 0);
  // Idle by design: 2 nodes over 0..10, 60..100 and 100..200 (the reserve, never lent to batch).
  EXPECT_EQ(r.outcome.idle_node_seconds, 2 * 10 + 2 * 40 + 2 * 100);
}

// Same trace without a reserve: both batch jobs start at 0, the lease finds no node within
// w = 30 s and is rejected at 40; the batch jobs run undisturbed.
TEST(SimDynamic, WithoutReserveTheLeaseIsRejectedAfterTheWait) {
  const Schedule r =
      run(policy(PolicyKind::dynamic, 4, 0), {job(1, 0, 2, 100), job(2, 0, 2, 100)}, {job(7, 10, 2, 50)});
  EXPECT_EQ(r.at(Kind::start, 2), 0);
  EXPECT_EQ(r.at(Kind::reject, 7, JobClass::od), 40);
  EXPECT_EQ(r.at(Kind::start, 7, JobClass::od), -1);
  EXPECT_EQ(r.outcome.od.rejected, 1);
  EXPECT_DOUBLE_EQ(r.outcome.od.rejected_pct(), 100.0);
}

// 4 nodes, w = 30. A (4 nodes) runs 0..100. Lease L1 (10) cannot be served by 40: rejected.
// Lease L2 (80) waits until A ends at 100 (within its wait): served, wait 20. Batch B (4 nodes,
// queued at 50) does not get the freed nodes before L2: it starts when L2 ends (120). A is never
// killed: it ends at 100 after 100 s of run time.
TEST(SimDynamic, StealDontKillServesFromFreedNodesAndRejectsOnTimeout) {
  const Schedule r = run(policy(PolicyKind::dynamic, 4, 0, 30), {job(1, 0, 4, 100), job(2, 50, 4, 10)},
                         {job(7, 10, 1, 20), job(8, 80, 2, 20)});
  EXPECT_EQ(r.at(Kind::reject, 7, JobClass::od), 40);
  EXPECT_EQ(r.at(Kind::start, 8, JobClass::od), 100);
  EXPECT_EQ(r.at(Kind::end, 1), 100);
  EXPECT_EQ(r.at(Kind::start, 2), 120);
  EXPECT_EQ(r.count(Kind::preempt), 0);
  EXPECT_EQ(r.outcome.od.rejected, 1);
  EXPECT_EQ(r.outcome.od.served, 1);
  EXPECT_EQ(r.outcome.od.sum_wait, 20);
}

// Wait 0: a lease that does not fit at once is rejected at its arrival.
TEST(SimDynamic, ZeroWaitRejectsAtArrival) {
  const Schedule r = run(policy(PolicyKind::dynamic, 4, 0, 0), {job(1, 0, 4, 100)}, {job(7, 10, 1, 20)});
  EXPECT_EQ(r.at(Kind::reject, 7, JobClass::od), 10);
}

// Static 50/50 on 4 nodes: a 3-node batch job can never run in the 2-node batch partition (left
// out, counted), a 3-node lease can never fit the 2-node on-demand partition (rejected at once),
// and a 2-node lease waits for its own partition only.
TEST(SimStatic, PartitionsAreSeparate) {
  Policy p = policy(PolicyKind::static_split, 4, 0, 30);
  p.batch_share = 50;
  const Schedule r = run(p, {job(1, 0, 2, 100), job(2, 0, 3, 10)}, {job(7, 5, 3, 20), job(8, 6, 2, 20)});
  EXPECT_EQ(r.outcome.batch.dropped, 1);
  EXPECT_EQ(r.at(Kind::reject, 7, JobClass::od), 5);
  EXPECT_EQ(r.at(Kind::start, 8, JobClass::od), 6);
  EXPECT_EQ(r.outcome.od.too_large, 1);
}

// Fill the gaps, 4 nodes: A (4 nodes, 100 s) backfills the idle machine at 0. A 2-node lease at
// 10 preempts it at once (wait 0); A goes back to the queue and restarts from scratch when the
// lease ends (30), ending at 130. 40 node-seconds of A's work were lost.
TEST(SimFill, LeasePreemptsBackfillAndThePreemptionIsCounted) {
  const Schedule r = run(policy(PolicyKind::fill, 4), {job(1, 0, 4, 100)}, {job(7, 10, 2, 20)});
  EXPECT_EQ(r.at(Kind::preempt, 1), 10);
  EXPECT_EQ(r.at(Kind::start, 7, JobClass::od), 10);
  EXPECT_EQ(r.at(Kind::end, 1), 130);
  EXPECT_EQ(r.outcome.batch.preemptions, 1);
  EXPECT_EQ(r.outcome.batch.lost_node_seconds, 40);
  EXPECT_EQ(r.outcome.batch_node_seconds, 440);
  EXPECT_EQ(r.outcome.idle_node_seconds, 40);  // 2 nodes over 10..30
  EXPECT_EQ(r.outcome.batch.sum_wait, 30);
}

// The most recently started run is preempted first: it has lost the least work.
TEST(SimFill, PreemptsTheLatestStartedRun) {
  const Schedule r =
      run(policy(PolicyKind::fill, 4), {job(1, 0, 2, 100), job(2, 5, 2, 100)}, {job(7, 10, 2, 20)});
  EXPECT_EQ(r.at(Kind::preempt, 2), 10);
  EXPECT_EQ(r.at(Kind::preempt, 1), -1);
  EXPECT_EQ(r.outcome.batch.preemptions, 1);
}

// Preemption happens only when it makes room. Lease 7 (2 nodes) and batch job 1 (1 node) leave
// one node free; lease 8 (2 nodes) at 5 gets it plus the batch job's node. When lease 7 takes 3
// nodes, the free node plus the batch node are still 1 short: nothing is preempted, and lease 8
// is rejected when its wait (10 s) runs out.
TEST(SimFill, PreemptsOnlyWhenThatServesTheLease) {
  const Schedule r =
      run(policy(PolicyKind::fill, 4, 0, 10), {job(1, 0, 1, 100)}, {job(7, 0, 2, 50), job(8, 5, 2, 50)});
  EXPECT_EQ(r.at(Kind::preempt, 1), 5);
  EXPECT_EQ(r.at(Kind::start, 8, JobClass::od), 5);
  const Schedule full =
      run(policy(PolicyKind::fill, 4, 0, 10), {job(1, 0, 1, 100)}, {job(7, 0, 3, 50), job(8, 5, 2, 50)});
  EXPECT_EQ(full.outcome.batch.preemptions, 0);
  EXPECT_EQ(full.at(Kind::reject, 8, JobClass::od), 15);
}

}  // namespace
}  // namespace vcb::sim
