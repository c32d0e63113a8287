#include "engine/easy.h"

#include <iterator>

namespace vcb::sim {

Reservation reserve_head(int64_t head_size, int64_t avail, const Cluster& cluster, int pool) {
  int64_t freed = avail;
  for (const auto& [est_end, token] : cluster.by_est_end(pool)) {
    freed += cluster.find(token)->job.size;
    if (freed >= head_size) return {true, est_end, freed - head_size};
  }
  return {};  // the head cannot fit even when everything running ends (held nodes): no backfill
}

void easy_pass(BatchQueue& queue, int64_t avail, int64_t now, const Cluster& cluster, int pool,
               const StartFn& start, int64_t depth, int64_t scan_from) {
  while (!queue.empty() && queue.begin()->second.size <= avail) {
    auto node = queue.extract(queue.begin());
    avail -= node.mapped().size;
    start(node.key(), node.mapped());
  }
  if (queue.empty() || avail <= 0) return;
  Reservation r = reserve_head(queue.begin()->second.size, avail, cluster, pool);
  if (!r.found) return;
  auto it = std::next(queue.begin());
  int64_t looked = 0;  // jobs past the head, counted as a full pass would
  if (it != queue.end() && scan_from > it->first) {
    const auto from = queue.lower_bound(scan_from);
    looked = static_cast<int64_t>(queue.size()) - 1 - static_cast<int64_t>(std::distance(from, queue.end()));
    it = from;
  }
  for (; it != queue.end() && avail > 0 && looked < depth; ++looked) {
    const Job& j = it->second;
    const bool ends_before_shadow = now + j.estimate <= r.shadow;
    if (j.size > avail || (!ends_before_shadow && j.size > r.extra)) {
      ++it;
      continue;
    }
    if (!ends_before_shadow) r.extra -= j.size;
    avail -= j.size;
    auto node = queue.extract(it++);
    start(node.key(), node.mapped());
  }
}

}  // namespace vcb::sim
