#include "metrics/outcome.h"

namespace vcb::sim {

std::string Conservation::text() const {
  std::string s = "conservation (node-seconds): batch " + std::to_string(batch) + " + on-demand " +
                  std::to_string(od) + " + idle " + std::to_string(idle) +
                  (batch + od + idle == capacity ? " == " : " != ") + "N x span " + std::to_string(capacity);
  if (batch != batch_jobs)
    s += "; batch state " + std::to_string(batch) + " != jobs " + std::to_string(batch_jobs);
  if (od != od_jobs)
    s += "; on-demand state " + std::to_string(od) + " != requests " + std::to_string(od_jobs);
  if (ok()) s += "; per-class totals match the jobs";
  return s;
}

double Outcome::utilization_pct(int64_t node_seconds) const {
  const double capacity = static_cast<double>(policy.nodes) * static_cast<double>(span());
  return capacity > 0 ? 100.0 * static_cast<double>(node_seconds) / capacity : 0;
}

double Outcome::peak_pct(int64_t nodes_busy) const {
  return 100.0 * static_cast<double>(nodes_busy) / static_cast<double>(policy.nodes);
}

Conservation Outcome::conservation() const {
  return {batch_node_seconds,    od_node_seconds,    idle_node_seconds,
          policy.nodes * span(), batch.node_seconds, od.node_seconds};
}

}  // namespace vcb::sim
