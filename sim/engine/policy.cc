#include "engine/policy.h"

namespace vcb::sim {

int64_t Policy::batch_partition() const {
  if (kind != PolicyKind::static_split) return nodes;
  return (nodes * batch_share + 50) / 100;
}

Result<PolicyKind> parse_policy(const std::string& name) {
  if (name == "batch") return PolicyKind::batch;
  if (name == "static") return PolicyKind::static_split;
  if (name == "dynamic") return PolicyKind::dynamic;
  if (name == "od_only") return PolicyKind::od_only;
  if (name == "fill") return PolicyKind::fill;
  return Error{"unknown policy '" + name + "'; policies: batch, static, dynamic, od_only, fill"};
}

const char* policy_name(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::batch:
      return "batch";
    case PolicyKind::static_split:
      return "static";
    case PolicyKind::dynamic:
      return "dynamic";
    case PolicyKind::od_only:
      return "od_only";
    case PolicyKind::fill:
      return "fill";
  }
  return "?";
}

Result<bool> check_policy(const Policy& p) {
  if (p.nodes < 1) return Error{"--nodes must be at least 1"};
  if (p.reserve < 0 || p.reserve >= p.nodes)
    return Error{"--reserve must be in [0, nodes): it leaves batch work at least one node"};
  if (p.wait_s < 0) return Error{"--wait_s must be >= 0"};
  if (p.backfill_depth < 0) return Error{"backfill depth must be >= 0"};
  if (p.batch_share < 0 || p.batch_share > 100) return Error{"--batch_share is a percentage, 0..100"};
  if (p.kind == PolicyKind::static_split && (p.batch_partition() < 1 || p.batch_partition() >= p.nodes))
    return Error{"--batch_share leaves a partition without nodes; give a share that keeps both >= 1 node"};
  return true;
}

}  // namespace vcb::sim
