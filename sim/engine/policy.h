#pragma once
// The sharing policies between batch work (on availability) and on-demand leases, and their knobs.
//   batch    FCFS + EASY backfilling on the whole machine; no on-demand class
//   static   a batch partition (batch_share % of the nodes, EASY) and an on-demand partition;
//            a lease that finds no room in its partition within wait_s is rejected
//   dynamic  "steal, don't kill": one shared machine; the batch scheduler never lets the idle
//            count fall below `reserve`, freed nodes go to waiting leases first, a lease not
//            served within wait_s is rejected, and no batch job is ever killed
//   od_only  the machine serves on-demand leases only (a cloud provisioned for them)
//   fill     "fill the gaps": od_only plus preemptible on-availability work (the batch stream)
//            backfilling the idle nodes; a lease that needs nodes preempts it (counted)
#include <cstdint>
#include <string>

#include "util/result.h"

namespace vcb::sim {

enum class PolicyKind { batch, static_split, dynamic, od_only, fill };

struct Policy {
  PolicyKind kind = PolicyKind::dynamic;
  int64_t nodes = 128;
  int64_t reserve = 0;            // dynamic: nodes kept idle for arriving leases
  int64_t wait_s = 30;            // longest wait of a lease before it is rejected
  int64_t batch_share = 50;       // static: percent of the nodes in the batch partition
  int64_t backfill_depth = 1000;  // EASY looks at most this many queued jobs past the head

  bool has_batch() const { return kind != PolicyKind::od_only; }
  bool has_od() const { return kind != PolicyKind::batch; }
  bool preempts() const { return kind == PolicyKind::fill; }
  bool partitioned() const { return kind == PolicyKind::static_split; }
  int64_t batch_partition() const;  // static: nodes of the batch partition (rounded to nearest)
};

Result<PolicyKind> parse_policy(const std::string& name);
const char* policy_name(PolicyKind kind);
// Checks the knobs against each other (reserve <= nodes, share in 0..100, ...).
Result<bool> check_policy(const Policy& p);

}  // namespace vcb::sim
